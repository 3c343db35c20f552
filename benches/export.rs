//! HTML export of 10,000 generated posts (about 1,200 words, 3 tags each
//! from 50, a highlighted code block each) with every page, the feeds and the
//! sitemap, against `hugo` building the same posts in the same run (minimal
//! layouts written here; hugo highlights code with Chroma by default). Wall
//! time and peak memory for each, and the ratio (the median of each run's
//! ratio; the two take turns). `QUICK=1`: one run each.

#[path = "corpus.rs"]
mod corpus;
#[path = "measure.rs"]
mod measure;

use measure::{median, peak_mib, reset_peak, Row};

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use quire::HtmlExportOptions;

const POSTS: usize = 10_000;

/// The smallest layouts that make hugo write what Quire writes: post pages,
/// paginated lists, tag pages and the overview; RSS and the sitemap are
/// hugo's own defaults.
fn write_hugo_site(site: &Path) {
    let write = |rel: &str, text: &str| {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "hugo.toml",
        "baseURL = 'https://example.com/'\ntitle = 'Bench'\npaginate = 10\n[pagination]\npagerSize = 10\n[taxonomies]\ntag = 'tags'\n",
    );
    let head = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>";
    write(
        "layouts/_default/single.html",
        &format!("{head}<article><h1>{{{{ .Title }}}}</h1><p>{{{{ .Date.Format \"2 January 2006\" }}}} · {{{{ .ReadingTime }}}} min read</p>{{{{ range .Params.tags }}}}<a href=\"/tags/{{{{ . | urlize }}}}/\">{{{{ . }}}}</a> {{{{ end }}}}{{{{ .Content }}}}</article>{{{{ with .PrevInSection }}}}<a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a>{{{{ end }}}}{{{{ with .NextInSection }}}}<a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a>{{{{ end }}}}</body></html>"),
    );
    let list = format!("{head}<h1>{{{{ .Title }}}}</h1>{{{{ range .Paginator.Pages }}}}<article><h2><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a></h2>{{{{ .Summary }}}}</article>{{{{ end }}}}{{{{ template \"_internal/pagination.html\" . }}}}</body></html>");
    write("layouts/_default/list.html", &list);
    write("layouts/index.html", &list);
    write(
        "layouts/_default/terms.html",
        &format!("{head}<h1>Tags</h1>{{{{ range .Data.Terms.Alphabetical }}}}<a href=\"{{{{ .Page.RelPermalink }}}}\">{{{{ .Page.Title }}}}</a> ({{{{ .Count }}}}) {{{{ end }}}}</body></html>"),
    );
}

/// Runs a command, returning its wall time and peak resident memory (MiB).
// wait4 reaps the child (and gives its peak memory, which Child::wait does not).
#[allow(clippy::zombie_processes)]
fn timed(command: &mut Command) -> (f64, f64) {
    let started = Instant::now();
    let child = command.spawn().expect("the command starts");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child just spawned; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        pid > 0 && status == 0,
        "the command failed (status {status})"
    );
    (elapsed, usage.ru_maxrss as f64 / 1024.0)
}

fn main() {
    let quick = measure::quick();
    let runs = if quick { 1 } else { 3 };
    let dir = tempfile::tempdir().unwrap();
    let library_dir = dir.path().join("library");
    corpus::write_library(&library_dir, POSTS);
    let lib = corpus::open_indexed(&library_dir, &dir.path().join("data"));

    // hugo builds the same posts from a copy of the library's files.
    let hugo_version = Command::new("hugo")
        .arg("version")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string());
    let site = dir.path().join("hugo");
    if hugo_version.is_some() {
        write_hugo_site(&site);
        let posts = site.join("content/posts");
        std::fs::create_dir_all(&posts).unwrap();
        for entry in std::fs::read_dir(&library_dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::copy(&path, posts.join(path.file_name().unwrap())).unwrap();
            }
        }
    }

    // The two take turns, so a slow spell of this shared machine (or the
    // disk flushing what the previous run wrote) falls on both alike.
    let mut quire_times = Vec::new();
    let mut quire_peaks = Vec::new();
    let mut hugo_times = Vec::new();
    let mut hugo_peaks = Vec::new();
    let mut ratios = Vec::new();
    for run in 0..runs {
        let out = dir.path().join(format!("site-{run}"));
        reset_peak();
        let started = Instant::now();
        let report = lib
            .export_html(
                &out,
                &HtmlExportOptions {
                    base_url: Some("https://example.com/".into()),
                    ..Default::default()
                },
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        let quire_time = started.elapsed().as_secs_f64();
        quire_times.push(quire_time);
        quire_peaks.push(peak_mib());
        assert_eq!(report.posts, POSTS);
        if hugo_version.is_some() {
            let (t, m) = timed(
                Command::new("hugo")
                    .args(["--quiet", "--destination"])
                    .arg(dir.path().join(format!("hugo-public-{run}")))
                    .arg("--source")
                    .arg(&site)
                    .stdout(std::process::Stdio::null()),
            );
            eprintln!(
                "run {}: quire {quire_time:.2}s, hugo {t:.2}s, ratio {:.3}",
                run + 1,
                quire_time / t
            );
            hugo_times.push(t);
            hugo_peaks.push(m);
            ratios.push(quire_time / t);
        }
    }
    let hugo_figures = hugo_version.map(|version| {
        (
            version,
            median(hugo_times),
            median(hugo_peaks),
            median(ratios),
        )
    });

    let (quire_time, quire_peak) = (median(quire_times), median(quire_peaks));
    println!(
        "{:<52} {:>9} {:>10} {:>5} {:>10} {:>7}",
        "figure", "median", "peak MiB", "runs", "hugo", "ratio"
    );
    match &hugo_figures {
        Some((_, hugo_time, hugo_peak, ratio)) => {
            println!(
                "{:<52} {:>8.2}s {:>10.0} {:>5} {:>9.2}s {:>7.3}",
                "HTML export of 10,000 posts (all pages, feeds, sitemap)",
                quire_time,
                quire_peak,
                runs,
                hugo_time,
                ratio
            );
            println!(
                "{:<52} {:>9} {:>10.0} {:>5} {:>10} {:>7}",
                "peer: hugo building the same posts, peak MiB", "-", hugo_peak, runs, "-", "-"
            );
        }
        None => println!(
            "{:<52} {:>8.2}s {:>10.0} {:>5} {:>10} {:>7}",
            "HTML export of 10,000 posts (all pages, feeds, sitemap)",
            quire_time,
            quire_peak,
            runs,
            "no hugo",
            "-"
        ),
    }
    let ratio = hugo_figures.as_ref().map(|(_, _, _, ratio)| *ratio);
    Row {
        figure: "HTML export of 10,000 posts (all pages, feeds, sitemap) vs hugo",
        median: quire_time,
        p95: None,
        unit: "s",
        runs,
        target: "<= 0.2 x hugo, < 500 MiB",
        met: ratio.map(|r| r <= 0.2 && quire_peak < 500.0),
        peer: hugo_figures.as_ref().map(|(_, time, _, _)| *time),
        ratio,
        peak_mib: Some(quire_peak),
    }
    .record();
    if let Some((version, ..)) = hugo_figures {
        println!("peer: {version}");
    }
    hostile_exports(dir.path(), &lib, runs);
}

/// Bytes of every file under `root`.
fn bytes_under(root: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else {
                total += entry.metadata().unwrap().len();
            }
        }
    }
    total
}

fn export_html(
    lib: &quire::Library,
    out: &Path,
    cancel: &AtomicBool,
) -> quire::Result<quire::ExportReport> {
    lib.export_html(
        out,
        &HtmlExportOptions {
            base_url: Some("https://example.com/".into()),
            ..Default::default()
        },
        &mut |_| {},
        cancel,
    )
}

/// Issue 15's bounds: a post of 200,000 nested `<div>` exports in under a
/// second; 10 posts with 1,500 tags each export in under 20 MB; a cancel (as
/// Ctrl-C sets it) stops an export within a second whichever phase it is in.
fn hostile_exports(dir: &Path, big: &quire::Library, runs: usize) {
    let small = |name: &str, posts: Vec<String>| {
        let folder = dir.join(name);
        for (i, text) in posts.iter().enumerate() {
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join(format!("post-{i}.md")), text).unwrap();
        }
        corpus::open_indexed(&folder, &dir.join(format!("{name}-data")))
    };

    let divs = small(
        "divs",
        vec![format!(
            "---\ntitle: Divs\n---\n{}deep{}\n",
            "<div>".repeat(200_000),
            "</div>".repeat(200_000)
        )],
    );
    let times: Vec<f64> = (0..runs.max(3))
        .map(|run| {
            let started = Instant::now();
            export_html(
                &divs,
                &dir.join(format!("divs-out-{run}")),
                &AtomicBool::new(false),
            )
            .unwrap();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let median_ms = median(times.clone());
    println!("HTML export of a post of 200,000 nested <div>: {median_ms:.0} ms");
    Row {
        figure: "HTML export of a post of 200,000 nested <div>",
        median: median_ms,
        p95: None,
        unit: "ms",
        runs: times.len(),
        target: "< 1000 ms",
        met: Some(median_ms < 1000.0),
        peer: None,
        ratio: None,
        peak_mib: None,
    }
    .record();

    let tags: Vec<String> = (0..1500).map(|i| format!("topic-{i}")).collect();
    let tagged = small(
        "tagged",
        (0..10)
            .map(|i| {
                format!(
                    "---\ntitle: Tagged {i}\ntags: [{}]\n---\nBody {i}.\n",
                    tags.join(", ")
                )
            })
            .collect(),
    );
    let out = dir.join("tagged-out");
    export_html(&tagged, &out, &AtomicBool::new(false)).unwrap();
    let mib = bytes_under(&out) as f64 / (1024.0 * 1024.0);
    println!("HTML export of 10 posts x 1,500 tags: {mib:.1} MiB written");
    Row {
        figure: "HTML export of 10 posts x 1,500 tags, size written",
        median: mib,
        p95: None,
        unit: "MiB",
        runs: 1,
        target: "< 20 MiB",
        met: Some(mib < 20.0),
        peer: None,
        ratio: None,
        peak_mib: None,
    }
    .record();

    // Cancelled at points spread over a whole export's time, so every phase
    // (post pages, index, tag pages, feeds) is hit: the longest wait counts.
    let mut worst: f64 = 0.0;
    for (name, lib) in [("10,000 posts", big), ("10 posts x 1,500 tags", &tagged)] {
        let started = Instant::now();
        export_html(
            lib,
            &dir.join(format!("whole-{}", name.len())),
            &AtomicBool::new(false),
        )
        .unwrap();
        let whole = started.elapsed();
        for (i, share) in [0.05, 0.3, 0.6, 0.85, 0.97].iter().enumerate() {
            let cancel = AtomicBool::new(false);
            let out = dir.join(format!("cancelled-{}-{i}", name.len()));
            let stopped_after = std::thread::scope(|scope| {
                let job = scope.spawn(|| export_html(lib, &out, &cancel));
                std::thread::sleep(whole.mul_f64(*share));
                let asked = Instant::now();
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                let outcome = job.join().unwrap();
                (asked.elapsed().as_secs_f64() * 1000.0, outcome.is_err())
            });
            println!(
                "cancel at {:.0}% of {name}'s export: stopped after {:.0} ms{}",
                share * 100.0,
                stopped_after.0,
                if stopped_after.1 {
                    ""
                } else {
                    " (it had finished)"
                }
            );
            worst = worst.max(stopped_after.0);
        }
    }
    Row {
        figure: "HTML export cancelled in any phase: longest time to stop",
        median: worst,
        p95: None,
        unit: "ms",
        runs: 10,
        target: "< 1000 ms",
        met: Some(worst < 1000.0),
        peer: None,
        ratio: None,
        peak_mib: None,
    }
    .record();
}
