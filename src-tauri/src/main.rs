//! Quire's desktop shell: the session (the open library, its watcher) and
//! the commands the window calls, each one expression over the core. Logic
//! lives in the `quire` crate; this crate only wires it to a window.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

include!("command_list.rs");

mod commands;
mod ipc;
mod library_files;
mod page_recovery;
mod session;
mod startup;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use session::{LibraryChanged, News, Session};
use tauri::Manager;
use tauri_specta::Event;

/// `--library DIR` (or `--library=DIR`) from the command line, else `QUIRE_LIBRARY`.
fn library_argument() -> Option<PathBuf> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--library" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.strip_prefix("--library=") {
            return Some(PathBuf::from(dir));
        }
    }
    std::env::var_os("QUIRE_LIBRARY")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// On Linux without a GPU (no DRM render node: a VM, a remote desktop, Xvfb),
/// WebKit's accelerated compositing runs in Mesa's software rasterizer, whose
/// threads took a third of the CPU in the app benchmark: there, compositing
/// in the web process is cheaper (start-up 1.38 s to 1.12 s, PSS 505 to 361
/// MiB, the longest list frame 145 to 69 ms). A writer's own setting of
/// `WEBKIT_DISABLE_COMPOSITING_MODE` wins.
#[cfg(target_os = "linux")]
fn composite_in_software_without_a_gpu() {
    const SETTING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(SETTING).is_some() {
        return;
    }
    let has_render_node = std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    if !has_render_node {
        // Before any other thread exists: nothing else reads the environment yet.
        std::env::set_var(SETTING, "1");
    }
}

fn main() {
    startup::LAUNCHED.get_or_init(std::time::Instant::now);
    quire::limit_allocator_arenas();
    #[cfg(target_os = "linux")]
    composite_in_software_without_a_gpu();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "quire=info,quire_app=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let session = match quire::default_data_dir() {
        Ok(data_dir) => Session::new(data_dir),
        Err(err) => {
            eprintln!("Quire could not open its library: {err}");
            std::process::exit(1);
        }
    };
    let ipc = ipc::builder::<tauri::Wry>();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(session.clone())
        .register_asynchronous_uri_scheme_protocol(library_files::SCHEME, library_files::handle)
        .invoke_handler(ipc.invoke_handler())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::Destroyed = event {
                window.state::<Session>().stop_watching();
            }
        })
        .setup(move |app| {
            // Events are registered before anything can emit one.
            ipc.mount_events(app);
            if let Some(window) = app.get_webview_window("main") {
                page_recovery::reload_when_the_page_ends(&window);
            }
            let window = app.handle().clone();
            session.listen(move |news| {
                let sent = match news {
                    News::Changed(changes) => LibraryChanged { changes }.emit(&window),
                    News::Scanned(scanned) => scanned.emit(&window),
                };
                if let Err(err) = sent {
                    tracing::warn!(%err, "could not tell the window about the library");
                }
            });
            // The library opens beside the window's start instead of before it.
            std::thread::spawn(move || {
                let list_shown =
                    || startup::wait_for_list_shown(std::time::Duration::from_secs(10));
                if let Err(err) = session.start(library_argument().as_deref(), list_shown) {
                    eprintln!("Quire could not open its library: {err}");
                    std::process::exit(1);
                }
            });
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"));
    // The watcher stopped with the window (see `stop_watching`) and is not
    // waited for: a batch it was applying rolls back with its transaction.
    if let Err(err) = result {
        eprintln!("Quire could not start its window: {err}");
        std::process::exit(1);
    }
}
