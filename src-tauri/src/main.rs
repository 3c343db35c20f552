//! Quire's desktop shell: opens the library, then hands every command to the
//! core. Logic lives in the `quire` crate; this crate only wires it to a window.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod library_files;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex};

use quire::{Change, FolderWatcher, Library};
use tauri::{AppHandle, Emitter, Manager};

/// What every command reaches: the open library and the running job's cancel flag
/// (one long job at a time: an import or a rescan).
pub struct AppState {
    /// Empty while the start-up scan runs; replaced as a whole when the writer
    /// opens another folder.
    pub library: Arc<LibrarySlot>,
    pub cancel_job: Arc<AtomicBool>,
    /// Watches the open library's folder; replaced with the library.
    pub watcher: Mutex<Option<FolderWatcher>>,
    /// What the scan at opening found changed while Quire was closed.
    pub changed_while_closed: Mutex<ChangedWhileClosed>,
}

/// The open library. The window starts while the library is opened and its
/// folder scanned (about half a second at 10,000 posts), so anything that needs
/// the library waits here until it is.
#[derive(Default)]
pub struct LibrarySlot {
    library: Mutex<Option<Arc<Library>>>,
    opened: Condvar,
}

impl LibrarySlot {
    /// The open library, once there is one. Blocks: call it off the async runtime.
    pub fn get(&self) -> quire::Result<Arc<Library>> {
        let poisoned = || quire::Error::Bug("the library lock was poisoned".into());
        let mut slot = self.library.lock().map_err(|_| poisoned())?;
        loop {
            if let Some(library) = slot.as_ref() {
                return Ok(Arc::clone(library));
            }
            slot = self.opened.wait(slot).map_err(|_| poisoned())?;
        }
    }

    pub fn set(&self, library: Arc<Library>) -> quire::Result<()> {
        *self
            .library
            .lock()
            .map_err(|_| quire::Error::Bug("the library lock was poisoned".into()))? =
            Some(library);
        self.opened.notify_all();
        Ok(())
    }
}

/// Counts of the changes made to the folder while Quire was not watching it.
#[derive(Clone, Copy, Default, serde::Serialize)]
pub struct ChangedWhileClosed {
    pub added: usize,
    pub updated: usize,
    pub renamed: usize,
    pub trashed: usize,
}

impl From<&quire::ScanReport> for ChangedWhileClosed {
    fn from(r: &quire::ScanReport) -> Self {
        ChangedWhileClosed {
            added: r.added,
            updated: r.updated,
            renamed: r.renamed,
            trashed: r.trashed,
        }
    }
}

/// What the UI hears when outside edits have reached the database.
#[derive(Clone, serde::Serialize)]
struct LibraryChanged {
    changes: Vec<Change>,
}

/// Watches `library`'s folder, telling the window about each batch applied.
/// Without a watcher (the folder cannot be watched) Quire still works; the
/// writer's "Rescan" picks outside edits up.
pub fn watch(app: &AppHandle, library: Arc<Library>) -> Option<FolderWatcher> {
    let app = app.clone();
    let started = FolderWatcher::start(library, move |batch| match batch {
        Ok(changes) => {
            if let Err(err) = app.emit("library-changed", LibraryChanged { changes }) {
                tracing::warn!(%err, "could not tell the window about outside changes");
            }
        }
        Err(err) => tracing::warn!(%err, "outside changes could not be applied yet"),
    });
    match started {
        Ok(watcher) => Some(watcher),
        Err(err) => {
            tracing::warn!(%err, "the library folder is not watched");
            None
        }
    }
}

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

fn open_library() -> quire::Result<Library> {
    let data_dir = quire::default_data_dir()?;
    let folder = quire::choose_library_folder(
        library_argument().as_deref(),
        &data_dir,
        &quire::default_library_folder(&data_dir),
    )?;
    let library = Library::open(
        &folder,
        quire::OpenOptions {
            data_dir: Some(data_dir),
        },
    )?;
    Ok(library)
}

/// What the UI hears once the scan at start-up has caught up with what changed
/// in the folder while Quire was closed.
#[derive(Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct LibraryScanned {
    changed_while_closed: ChangedWhileClosed,
    /// When the library's database was damaged and made again from the
    /// folder: what happened and where the damaged file is.
    recovered: Option<String>,
}

/// Opens the library, lets the window list it, then catches up with the folder
/// and starts watching it. The scan reads every post (about half a second at
/// 10,000) and holds the database meanwhile, so it waits until the first list
/// is on screen; what it finds reaches the window as outside changes do. A
/// library without posts yet is scanned before the window can list it.
fn start_library(app: &AppHandle) {
    let started = std::time::Instant::now();
    let library = match open_library() {
        Ok(library) => Arc::new(library),
        Err(err) => {
            eprintln!("Quire could not open its library: {err}");
            std::process::exit(1);
        }
    };
    let state = app.state::<AppState>();
    let opened_ms = started.elapsed().as_millis();
    let publish = || {
        if let Err(err) = state.library.set(Arc::clone(&library)) {
            eprintln!("Quire could not open its library: {err}");
            std::process::exit(1);
        }
    };
    // A library with no posts yet (a folder opened for the first time) has
    // nothing to list before its scan: it is scanned first.
    let scan_first = library.post_count().map_or(true, |n| n == 0);
    if !scan_first {
        publish();
        commands::wait_for_list_shown(std::time::Duration::from_secs(10));
    }
    // The whole-file check waits for the list too (about 250 ms at 10,000
    // posts); a damaged database is made again by the scan that follows.
    if let Err(err) = library.check_database() {
        tracing::warn!(%err, "the library database could not be checked");
    }
    let scanned = std::time::Instant::now();
    let scan = library.scan(&mut |_, _| {}, &AtomicBool::new(false));
    library.release_memory();
    if scan_first {
        publish();
    }
    match scan {
        Ok(report) => {
            tracing::info!(
                folder = %library.folder().display(),
                opened_ms,
                scan_ms = scanned.elapsed().as_millis(),
                added = report.added,
                updated = report.updated,
                renamed = report.renamed,
                trashed = report.trashed,
                skipped = report.skipped.len(),
                "library opened"
            );
            let changed_while_closed = ChangedWhileClosed::from(&report);
            if let Ok(mut slot) = state.changed_while_closed.lock() {
                *slot = changed_while_closed;
            }
            if !report.changes.is_empty() {
                let changed = LibraryChanged {
                    changes: report.changes,
                };
                if let Err(err) = app.emit("library-changed", changed) {
                    tracing::warn!(%err, "could not tell the window about changes found at start");
                }
            }
            if let Err(err) = app.emit(
                "library-scanned",
                LibraryScanned {
                    changed_while_closed,
                    recovered: library.recovered(),
                },
            ) {
                tracing::warn!(%err, "could not tell the window the scan is done");
            }
        }
        // The posts as last stored stay usable; the watcher and "Rescan" catch up later.
        Err(err) => tracing::warn!(%err, "the library folder could not be scanned at start"),
    }
    let watcher = watch(app, library);
    let Ok(mut slot) = state.watcher.lock() else {
        return;
    };
    *slot = watcher;
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
    commands::LAUNCHED.get_or_init(std::time::Instant::now);
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
    let state = AppState {
        library: Arc::new(LibrarySlot::default()),
        cancel_job: Arc::new(AtomicBool::new(false)),
        watcher: Mutex::new(None),
        changed_while_closed: Mutex::new(ChangedWhileClosed::default()),
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .register_asynchronous_uri_scheme_protocol(library_files::SCHEME, library_files::handle)
        .setup(|app| {
            // The library opens beside the window's start instead of before it.
            let app = app.handle().clone();
            std::thread::spawn(move || start_library(&app));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::library_info,
            commands::list_posts,
            commands::search_posts,
            commands::get_post,
            commands::create_post,
            commands::save_post,
            commands::set_post_fields,
            commands::delete_post,
            commands::list_trash,
            commands::restore_post,
            commands::list_tags,
            commands::rename_tag,
            commands::render_preview,
            commands::open_external,
            commands::rescan_library,
            commands::import_folder,
            commands::open_library,
            commands::cancel_job,
            commands::list_revisions,
            commands::restore_revision,
            commands::resolve_conflict,
            commands::merge_texts,
            commands::export_markdown,
            commands::export_html,
            commands::export_post_html,
            commands::post_html,
            commands::list_shown,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(err) = result {
        eprintln!("Quire could not start its window: {err}");
        std::process::exit(1);
    }
}
