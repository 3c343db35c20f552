//! The real app (release build) under Xvfb with a 10,000-post library:
//! cold start to the first list row (from launch to the app's "post list is
//! shown" log line, which the UI sends once the first list is painted), five
//! launches after one that builds the database; then, through WebDriver
//! (benches/app.mjs): the memory of every process after opening 100 posts,
//! keystroke-to-preview latency on a 1,200-word and a 100 KB post, and the
//! longest frame while scrolling the list and switching posts.
//!
//! Needs the release app (`cargo build --release -p quire-app`, which
//! `make bench` runs), Xvfb, tauri-driver and node, as `make test` installs.

#[path = "corpus.rs"]
mod corpus;
#[path = "measure.rs"]
mod measure;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use measure::{percentile, Row};

const POSTS: usize = 10_000;
const WEBDRIVER_PORT: u16 = 4464;

/// A child in a process group of its own, stopped with all of it (the app's
/// WebKit processes, WebKitWebDriver under tauri-driver) when dropped.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let pid = self.0.id() as i32;
        // SAFETY: signals the group this struct started (`process_group(0)`).
        unsafe { libc::kill(-pid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: as above; whatever is left of the group.
        unsafe { libc::kill(-pid, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

fn spawn_group(command: &mut Command) -> Group {
    Group(
        command
            .process_group(0)
            .spawn()
            .expect("the process starts"),
    )
}

fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("QUIRE_APP_RELEASE_BIN") {
        return bin.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("release/quire-app")
}

/// Starts Xvfb on a free display.
fn xvfb() -> (Group, String) {
    for n in 120..200 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            || Path::new(&format!("/tmp/.X{n}-lock")).exists()
        {
            continue;
        }
        let group = spawn_group(
            Command::new("Xvfb")
                .args([
                    format!(":{n}"),
                    "-screen".into(),
                    "0".into(),
                    "1280x800x24".into(),
                ])
                .args(["-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        for _ in 0..50 {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return (group, format!(":{n}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("no free X display for Xvfb");
}

/// Launch to the app's report that its first list is on screen, in seconds.
fn cold_start(bin: &Path, display: &str, library: &Path, data: &Path) -> f64 {
    let started = Instant::now();
    let mut app = spawn_group(
        Command::new(bin)
            .arg("--library")
            .arg(library)
            .env("DISPLAY", display)
            .env("QUIRE_DATA_DIR", data)
            .env("RUST_LOG", "quire_app=info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped()),
    );
    let stderr = app.0.stderr.take().unwrap();
    let (seen, shown) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("the post list is shown") {
                let _ = seen.send(started.elapsed().as_secs_f64());
            }
        }
    });
    let elapsed = shown
        .recv_timeout(Duration::from_secs(120))
        .expect("the app shows its post list");
    drop(app);
    elapsed
}

fn main() {
    let quick = measure::quick();
    let bin = app_binary();
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build --release -p quire-app` (make bench does)",
        bin.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let data = dir.path().join("data");
    corpus::write_library(&library, POSTS);
    // The posts the typing test opens: a 1,200-word one and a 100 KB one.
    std::fs::write(
        library.join("typing-1200-words.md"),
        format!(
            "---\ntitle: Typing 1200 words\ndate: 2030-01-02\n---\n{}",
            corpus::body(1_200, 1, 7)
        ),
    )
    .unwrap();
    std::fs::write(
        library.join("typing-100-kb.md"),
        format!(
            "---\ntitle: Typing 100 KB\ndate: 2030-01-01\n---\n{}",
            corpus::body(16_000, 12, 9)
        ),
    )
    .unwrap();
    // Indexed once here, so the launches below find the database ready.
    drop(corpus::open_indexed(&library, &data));
    let (_xvfb, display) = xvfb();

    // The first launch settles what a first run does once; then cold starts.
    cold_start(&bin, &display, &library, &data);
    let runs = if quick { 3 } else { 5 };
    let starts: Vec<f64> = (0..runs)
        .map(|_| cold_start(&bin, &display, &library, &data))
        .collect();
    let (median, p95) = (percentile(&starts, 0.5), percentile(&starts, 0.95));
    println!(
        "{:<64} {:>10} {:>10} {:>6}",
        "figure", "median", "p95", "runs"
    );
    println!(
        "{:<64} {:>9.3}s {:>9.3}s {:>6}",
        "app cold start to the first list row, 10,000 posts", median, p95, runs
    );
    Row {
        figure: "app cold start to the first list row, 10,000 posts",
        median,
        p95: Some(p95),
        unit: "s",
        runs,
        target: "< 1 s",
        met: Some(median < 1.0),
        peer: None,
        ratio: None,
        peak_mib: None,
    }
    .record();

    // The rest drives the window over WebDriver.
    let tauri_driver = std::env::var_os("TAURI_DRIVER")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"))
        })
        .filter(|p| p.exists())
        .unwrap_or_else(|| "tauri-driver".into());
    let _driver = spawn_group(
        Command::new(tauri_driver)
            .args(["--port", &WEBDRIVER_PORT.to_string()])
            .args(["--native-port", &(WEBDRIVER_PORT + 1).to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("DISPLAY", &display)
            .env("QUIRE_LIBRARY", &library)
            .env("QUIRE_DATA_DIR", &data)
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    let ready = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        TcpStream::connect(("127.0.0.1", WEBDRIVER_PORT)).is_ok()
    });
    assert!(ready, "tauri-driver did not start");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/app.mjs");
    let status = Command::new("node")
        .arg(script)
        .env("QUIRE_APP_BIN", &bin)
        .env(
            "WEBDRIVER_URL",
            format!("http://127.0.0.1:{WEBDRIVER_PORT}"),
        )
        .env("QUIRE_LIBRARY", &library)
        .env("QUICK", if quick { "1" } else { "0" })
        .status()
        .expect("node runs benches/app.mjs");
    assert!(status.success(), "benches/app.mjs failed");
}
