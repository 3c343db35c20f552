//! Preview render time (parse, render, highlight, sanitize) of a 1,200-word
//! post with a code block and of a 100 KB post: cold (its code never seen)
//! and after a one-character edit outside the code (code blocks cached);
//! then the pathological inputs of tests/pathological.rs, timed. Each
//! sample is one render; the table gets the median and p95.

#[path = "corpus.rs"]
mod corpus;
#[path = "measure.rs"]
mod measure;

use std::time::Instant;

use measure::{percentile, Row};

/// A post of about `words` words with `code_blocks` code blocks.
fn post(words: usize, code_blocks: usize) -> String {
    format!(
        "---\ntitle: Benchmark post\ntags: [bench]\n---\n\n{}",
        corpus::body(words, code_blocks, 0)
    )
}

/// Milliseconds each of `texts` takes to render, in order.
fn samples(texts: &[String]) -> Vec<f64> {
    texts
        .iter()
        .map(|text| {
            let started = Instant::now();
            std::hint::black_box(quire::render(text));
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn report(figure: &str, times: &[f64], target: &str, limit: Option<f64>) {
    let median = percentile(times, 0.5);
    let p95 = percentile(times, 0.95);
    println!(
        "{figure:<64} {median:>8.3}ms {p95:>8.3}ms {:>6}",
        times.len()
    );
    Row {
        figure,
        median,
        p95: Some(p95),
        unit: "ms",
        runs: times.len(),
        target,
        met: limit.map(|l| median < l),
        peer: None,
        ratio: None,
        peak_mib: None,
    }
    .record();
}

fn main() {
    let quick = measure::quick();
    let n = if quick { 200 } else { 1_000 };
    println!(
        "{:<64} {:>10} {:>10} {:>6}",
        "figure", "median", "p95", "runs"
    );
    let cases = [
        (
            "1,200-word post with one code block",
            post(1_200, 1),
            "< 2 ms",
            2.0,
            "< 0.3 ms",
            0.3,
        ),
        (
            "100 KB post",
            post(16_000, 12),
            "-",
            f64::NAN,
            "< 3 ms",
            3.0,
        ),
    ];
    for (name, text, cold_target, cold_limit, edit_target, edit_limit) in &cases {
        // Warm the syntax set and caches that live for the whole app.
        quire::render(text);
        // Cold: each text's code is new to the highlight cache.
        let cold: Vec<String> = (0..n / 4)
            .map(|i| text.replace("Counts words.", &format!("Counts words {i}.")))
            .collect();
        report(
            &format!("preview render, {name}, cold"),
            &samples(&cold),
            cold_target,
            cold_limit.is_finite().then_some(*cold_limit),
        );
        // After a one-character edit outside the code: the code is cached.
        let edited: Vec<String> = (0..n)
            .map(|i| {
                text.replacen(
                    "quiet",
                    &format!("quiet{}", (b'a' + (i % 26) as u8) as char),
                    1,
                )
            })
            .collect();
        report(
            &format!("preview render, {name}, after a one-character edit"),
            &samples(&edited),
            edit_target,
            Some(*edit_limit),
        );
    }
    // Pathological Markdown: how long the render takes (tests/pathological.rs
    // shows it finishes without overflowing the stack).
    let paragraph =
        "Words of a long post, with *emphasis*, `code` and a [link](https://example.com).\n\n";
    let pathological = [
        (
            "50,000 nested block quotes",
            format!("{}deep\n", ">".repeat(50_000)),
        ),
        ("80,000 `<`", "<".repeat(80_000)),
        (
            "a 50 MB post",
            paragraph.repeat(50 * 1024 * 1024 / paragraph.len() + 1),
        ),
    ];
    for (name, text) in pathological {
        let runs = if text.len() > 1024 * 1024 { 1 } else { 5 };
        let times = samples(&vec![text; runs]);
        report(&format!("preview render, {name}"), &times, "-", None);
    }
    // Raw HTML nested deep (issue 15): rendered with its HTML as text, in
    // time that grows with its length, not the square of its depth.
    let divs = format!(
        "{}deep{}",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    let times = samples(&vec![divs; 5]);
    report(
        "preview render, 200,000 nested <div>",
        &times,
        "< 1000 ms",
        Some(1000.0),
    );
}
