//! Whole-library benchmarks: importing 10,000 generated posts into an empty
//! library, and opening the same folder in place (index only). Wall time as
//! the median of several runs, and peak memory (VmHWM, reset before each run).
//! `QUICK=1` uses fewer runs; `ONLY=open` or `ONLY=import` runs one of the two;
//! `FS=disk` or `FS=tmpfs` one filesystem.

#[path = "corpus.rs"]
mod corpus;
#[path = "measure.rs"]
mod measure;

use measure::{median, peak_mib, reset_peak, Row};

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use quire::{ImportOptions, Library, OpenOptions};

const POSTS: usize = 10_000;

fn median_or_nan(values: Vec<f64>) -> f64 {
    if values.is_empty() {
        f64::NAN
    } else {
        median(values)
    }
}

/// Figures measured on one filesystem.
struct Figures {
    create_floor: f64,
    import_times: Vec<f64>,
    import_peaks: Vec<f64>,
    open_times: Vec<f64>,
    open_peaks: Vec<f64>,
}

/// Imports the corpus into fresh libraries and opens it in place, `runs`
/// times each, in a temp folder under `root`.
fn measure(root: &std::path::Path, runs: usize, only: &str) -> Figures {
    let dir = tempfile::tempdir_in(root).unwrap();
    let source = dir.path().join("source");
    // Creating the corpus is itself a peer figure: the time this filesystem
    // needs to create 10,000 files, which an import cannot go below.
    let started = Instant::now();
    corpus::write_library(&source, POSTS);
    let create_floor = started.elapsed().as_secs_f64();

    let mut figures = Figures {
        create_floor,
        import_times: Vec::new(),
        import_peaks: Vec::new(),
        open_times: Vec::new(),
        open_peaks: Vec::new(),
    };
    let import_runs = if only == "open" { 0 } else { runs };
    let open_runs = if only == "import" { 0 } else { runs };
    for run in 0..import_runs {
        // Each run's library stays until the end: on ext4 without a journal
        // (as on these machines) a new file will not reuse an inode freed in
        // the last minutes and the kernel walks past each of them, so deleting
        // 10,000 files right before a run would slow its file creation several
        // times over, which no writer's import meets.
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
        figures.import_times.push(started.elapsed().as_secs_f64());
        figures.import_peaks.push(peak_mib());
        assert_eq!(report.imported, POSTS);
    }
    for run in 0..open_runs {
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
        figures.open_times.push(started.elapsed().as_secs_f64());
        figures.open_peaks.push(peak_mib());
        assert_eq!(report.added, POSTS);
    }
    figures
}

fn main() {
    let quick = measure::quick();
    let runs = if quick { 3 } else { 5 };
    // `ONLY=open` or `ONLY=import`, to profile one of the two alone.
    let only = std::env::var("ONLY").unwrap_or_default();
    // The disk (the temp dir), and memory (tmpfs) when there is one: the
    // second shows Quire's own cost apart from how fast this disk creates
    // files, which varies several times over on these shared machines.
    let mut roots = vec![("disk", std::env::temp_dir())];
    let shm = std::path::PathBuf::from("/dev/shm");
    if shm.is_dir() {
        roots.push(("tmpfs", shm));
    }
    // `FS=disk` or `FS=tmpfs` measures on one of them only.
    if let Ok(only_fs) = std::env::var("FS") {
        roots.retain(|(name, _)| *name == only_fs);
    }

    println!(
        "{:<56} {:>10} {:>10} {:>5}",
        "figure", "median", "peak MiB", "runs"
    );
    for (name, root) in roots {
        let f = measure(&root, runs, &only);
        println!(
            "{:<56} {:>9.2}s {:>10} {:>5}",
            format!("peer: create the same 10,000 files ({name})"),
            f.create_floor,
            "-",
            1
        );
        let rows = [
            (
                format!("import 10,000 posts into an empty library ({name})"),
                median_or_nan(f.import_times),
                median_or_nan(f.import_peaks),
                "< 3 s, < 200 MiB",
                3.0,
            ),
            (
                format!("open a 10,000-post folder in place ({name})"),
                median_or_nan(f.open_times),
                median_or_nan(f.open_peaks),
                "< 2 s, < 200 MiB",
                2.0,
            ),
        ];
        for (figure, time, peak, target, limit) in rows {
            println!("{figure:<56} {time:>9.2}s {peak:>10.0} {runs:>5}");
            if time.is_finite() {
                Row {
                    figure: &figure,
                    median: time,
                    p95: None,
                    unit: "s",
                    runs,
                    target,
                    met: Some(time < limit && peak < 200.0),
                    peer: Some(f.create_floor),
                    ratio: None,
                    peak_mib: Some(peak),
                }
                .record();
            }
        }
    }
}
