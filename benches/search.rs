//! Full-text search at 10,000 and 100,000 posts (QUICK=1: 10,000 only):
//! ranked, 20 results with snippets, over a mix of queries — common words
//! that match every post (the worst case for ranking), pairs, a phrase, a
//! prefix and a title lookup. Median and p95 over every query's samples.

#[path = "corpus.rs"]
mod corpus;
#[path = "measure.rs"]
mod measure;

use std::time::Instant;

use measure::{percentile, Row};
use quire::SearchQuery;

const QUERIES: &[&str] = &[
    "habit",
    "quiet morning",
    "\"remote team\"",
    "calendar focus reader",
    "calend",
    "post number 4242",
    "emphasis link",
];

fn main() {
    let quick = measure::quick();
    let sizes: &[(usize, &str, f64)] = if quick {
        &[(10_000, "10,000", 10.0)]
    } else {
        &[(10_000, "10,000", 10.0), (100_000, "100,000", 50.0)]
    };
    println!(
        "{:<64} {:>10} {:>10} {:>6}",
        "figure", "median", "p95", "runs"
    );
    for &(count, name, limit) in sizes {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("library");
        corpus::write_library(&folder, count);
        let lib = corpus::open_indexed(&folder, &dir.path().join("data"));
        // As the search box asks while the writer types: the last word a prefix.
        let queries: Vec<SearchQuery> = QUERIES
            .iter()
            .map(|q| SearchQuery::parse(q).unwrap().with_prefix_last())
            .collect();
        // Warm the page cache as a writer's second search would find it.
        for query in &queries {
            lib.search(query, 20).unwrap();
        }
        let rounds = if quick { 10 } else { 30 };
        let mut times = Vec::new();
        let mut by_query = vec![Vec::new(); queries.len()];
        for _ in 0..rounds {
            for (i, query) in queries.iter().enumerate() {
                let started = Instant::now();
                let hits = lib.search(query, 20).unwrap();
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                times.push(ms);
                by_query[i].push(ms);
                assert!(!hits.is_empty() && hits.len() <= 20);
                assert!(hits[0].snippet.is_some());
            }
        }
        for (query, times) in QUERIES.iter().zip(&by_query) {
            println!(
                "  {query:<30} median {:>8.2} ms, p95 {:>8.2} ms",
                percentile(times, 0.5),
                percentile(times, 0.95)
            );
        }
        let figure = format!("full-text search, 20 ranked results with snippets, {name} posts");
        let (median, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
        println!(
            "{figure:<64} {median:>8.2}ms {p95:>8.2}ms {:>6}",
            times.len()
        );
        Row {
            figure: &figure,
            median,
            p95: Some(p95),
            unit: "ms",
            runs: times.len(),
            target: if count == 10_000 {
                "p95 < 10 ms"
            } else {
                "p95 < 50 ms"
            },
            met: Some(p95 < limit),
            peer: None,
            ratio: None,
            peak_mib: None,
        }
        .record();
    }
}
