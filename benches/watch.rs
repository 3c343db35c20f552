//! The folder watcher: time from an outside write of a post's file to the
//! database holding the new text (the watcher's report comes after the
//! commit), over 1,000 edits; and a storm of 5,000 new files, from the first
//! write to the last post in the database. `QUICK=1`: 200 edits.

use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use quire::{ChangeKind, FolderWatcher, Library, OpenOptions};

#[path = "measure.rs"]
mod measure;

use measure::{percentile, Row};

fn main() {
    let quick = measure::quick();
    let edits = if quick { 200 } else { 1_000 };
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("blog");
    std::fs::create_dir_all(&folder).unwrap();
    let lib = Arc::new(
        Library::open(
            &folder,
            OpenOptions {
                data_dir: Some(dir.path().join("data")),
            },
        )
        .unwrap(),
    );
    let folder = lib.folder().to_path_buf();
    let (sender, changes) = channel();
    let watcher = FolderWatcher::start(Arc::clone(&lib), move |batch| {
        let at = Instant::now();
        for change in batch.unwrap() {
            let _ = sender.send((change, at));
        }
    })
    .unwrap();

    let post = folder.join("edited.md");
    std::fs::write(&post, "---\ntitle: Edited\n---\nStart\n").unwrap();
    changes.recv_timeout(Duration::from_secs(10)).unwrap();
    let mut latencies = Vec::with_capacity(edits);
    let mut extra_batches = 0;
    for i in 0..edits {
        let text = format!("---\ntitle: Edited\n---\nEdit number {i}\n");
        let written = Instant::now();
        std::fs::write(&post, &text).unwrap();
        // Until the database holds this edit's whole text: a change applied
        // from a half-written file would not count.
        loop {
            let (change, applied) = changes.recv_timeout(Duration::from_secs(10)).unwrap();
            assert_eq!(change.kind, ChangeKind::Updated);
            if lib.get(change.id).unwrap().text == text {
                latencies.push(applied.duration_since(written).as_secs_f64() * 1000.0);
                break;
            }
            extra_batches += 1;
        }
    }
    // Let a late batch show itself before the storm.
    std::thread::sleep(Duration::from_millis(300));
    while changes.try_recv().is_ok() {
        extra_batches += 1;
    }
    latencies.sort_by(|a, b| a.total_cmp(b));

    let storm = 5_000;
    let started = Instant::now();
    for i in 0..storm {
        std::fs::write(
            folder.join(format!("storm-{i}.md")),
            format!("---\ntitle: Storm {i}\n---\nBody {i}\n"),
        )
        .unwrap();
    }
    let mut created = 0;
    while created < storm {
        let (change, _) = changes.recv_timeout(Duration::from_secs(60)).unwrap();
        if change.kind == ChangeKind::Created {
            created += 1;
        }
    }
    let settled = started.elapsed().as_secs_f64();
    watcher.stop();

    println!(
        "{:<56} {:>10} {:>10} {:>6}",
        "figure", "median", "p95", "runs"
    );
    println!(
        "{:<56} {:>8.1}ms {:>8.1}ms {:>6}",
        "outside write to database update (watcher)",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        edits
    );
    println!(
        "{:<56} {:>9.2}s {:>10} {:>6}",
        "storm of 5,000 new files settled in the database", settled, "-", 1
    );
    println!("edits applied in more than one batch (a half-written file seen): {extra_batches}");
    let p95 = percentile(&latencies, 0.95);
    Row {
        figure: "outside write to database update (watcher)",
        median: percentile(&latencies, 0.5),
        p95: Some(p95),
        unit: "ms",
        runs: edits,
        target: "p95 < 150 ms",
        met: Some(p95 < 150.0),
        peer: None,
        ratio: None,
        peak_mib: None,
    }
    .record();
    Row {
        figure: "storm of 5,000 new files settled in the database (watcher)",
        median: settled,
        p95: None,
        unit: "s",
        runs: 1,
        target: "< 10 s",
        met: Some(settled < 10.0),
        peer: None,
        ratio: None,
        peak_mib: None,
    }
    .record();
}
