//! Whole-library benchmarks: importing 10,000 generated posts into an empty
//! library, and opening the same folder in place (index only). Wall time as
//! the median of several runs, and peak memory (VmHWM, reset before each run).
//! `QUICK=1` uses fewer runs; `ONLY=open` skips the imports.

#[path = "corpus.rs"]
mod corpus;

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use quire::{ImportOptions, Library, OpenOptions};

const POSTS: usize = 10_000;

/// Peak resident memory since the last reset, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// Lets the next `peak_mib` measure only what follows (Linux: clear_refs 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn median_or_nan(values: Vec<f64>) -> f64 {
    if values.is_empty() {
        f64::NAN
    } else {
        median(values)
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn main() {
    let quick = std::env::var_os("QUICK").is_some_and(|v| v != "0");
    let runs = if quick { 3 } else { 5 };
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    // Creating the corpus is itself a peer figure: the time this filesystem
    // needs to create 10,000 files, which an import cannot go below.
    let started = Instant::now();
    corpus::write_library(&source, POSTS);
    let create_floor = started.elapsed().as_secs_f64();

    let mut import_times = Vec::new();
    let mut import_peaks = Vec::new();
    // `ONLY=open` skips the imports, to profile opening alone.
    let import_runs = if std::env::var("ONLY").as_deref() == Ok("open") {
        0
    } else {
        runs
    };
    for run in 0..import_runs {
        let library = dir.path().join(format!("import-{run}"));
        let data = dir.path().join(format!("data-import-{run}"));
        reset_peak();
        let started = Instant::now();
        let lib = Library::open(
            &library,
            OpenOptions {
                data_dir: Some(data),
            },
        )
        .unwrap();
        let report = lib
            .import(
                &source,
                ImportOptions::default(),
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        import_times.push(started.elapsed().as_secs_f64());
        import_peaks.push(peak_mib());
        assert_eq!(report.imported, POSTS);
        drop(lib);
        let _ = std::fs::remove_dir_all(&library);
    }

    let mut open_times = Vec::new();
    let mut open_peaks = Vec::new();
    for run in 0..runs {
        let data = dir.path().join(format!("data-open-{run}"));
        reset_peak();
        let started = Instant::now();
        let lib = Library::open(
            &source,
            OpenOptions {
                data_dir: Some(data),
            },
        )
        .unwrap();
        let report = lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
        open_times.push(started.elapsed().as_secs_f64());
        open_peaks.push(peak_mib());
        assert_eq!(report.added, POSTS);
    }

    println!(
        "{:<48} {:>10} {:>10} {:>5}",
        "figure", "median", "peak MiB", "runs"
    );
    println!(
        "{:<48} {:>9.2}s {:>10} {:>5}",
        "peer: create the same 10,000 files (fs::write)", create_floor, "-", 1
    );
    println!(
        "{:<48} {:>9.2}s {:>10.0} {:>5}",
        "import 10,000 posts into an empty library",
        median_or_nan(import_times),
        median_or_nan(import_peaks),
        runs
    );
    println!(
        "{:<48} {:>9.2}s {:>10.0} {:>5}",
        "open a 10,000-post folder in place (index)",
        median(open_times),
        median(open_peaks),
        runs
    );
}
