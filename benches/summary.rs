//! The table `make bench` ends with: every row the benches recorded in
//! `bench-results/rows.jsonl`, in the order of the figures, with any
//! figure no bench measured listed as missing; the same as JSON in
//! `bench-results/summary.json`.

use std::path::Path;

/// Every figure `make bench` must measure, by the start of its name.
const EXPECTED: &[&str] = &[
    "preview render, 1,200-word post with one code block, after a one-character edit",
    "preview render, 1,200-word post with one code block, cold",
    "preview render, 100 KB post, after a one-character edit",
    "keystroke to updated preview in the app, 1,200-word post",
    "keystroke to updated preview in the app, 100 KB post",
    "import 10,000 posts into an empty library",
    "full-text search, 20 ranked results with snippets, 10,000 posts",
    "full-text search, 20 ranked results with snippets, 100,000 posts",
    "HTML export of 10,000 posts",
    "app cold start to the first list row, 10,000 posts",
    "app memory (PSS, all processes), 10,000 posts, 100 opened",
    "outside write to database update (watcher)",
    "post list: longest frame while scrolling and switching posts",
];

fn main() {
    let results = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench-results");
    let text = std::fs::read_to_string(results.join("rows.jsonl")).unwrap_or_default();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let number = |v: &serde_json::Value, unit: &str| match v.as_f64() {
        Some(x) if unit == "s" => format!("{x:.2} s"),
        Some(x) if unit == "MiB" => format!("{x:.0} MiB"),
        Some(x) if x < 10.0 => format!("{x:.3} {unit}"),
        Some(x) => format!("{x:.1} {unit}"),
        None => "-".into(),
    };
    println!(
        "\n{:<84} {:>12} {:>12} {:>5} {:>9} {:>12} {:>7} {:>10} {:>5}",
        "figure", "median", "p95", "runs", "peak", "peer", "ratio", "target", "met"
    );
    let mut missing = Vec::new();
    for expected in EXPECTED {
        if !rows.iter().any(|r| {
            r["figure"]
                .as_str()
                .is_some_and(|f| f.starts_with(expected))
        }) {
            missing.push(*expected);
        }
    }
    for row in &rows {
        let unit = row["unit"].as_str().unwrap_or("");
        let peer_unit = if unit == "MiB" { "MiB" } else { unit };
        println!(
            "{:<84} {:>12} {:>12} {:>5} {:>9} {:>12} {:>7} {:>10} {:>5}",
            row["figure"].as_str().unwrap_or("?"),
            number(&row["median"], unit),
            number(&row["p95"], unit),
            row["runs"],
            number(&row["peakMiB"], "MiB"),
            number(&row["peer"], peer_unit),
            row["ratio"]
                .as_f64()
                .map_or("-".into(), |r| format!("{r:.3}")),
            row["target"].as_str().unwrap_or("-"),
            match row["met"].as_bool() {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "-",
            }
        );
    }
    for figure in &missing {
        println!("{figure:<84} {:>12}", "NOT MEASURED");
    }
    let summary = serde_json::json!({ "rows": rows, "missing": missing });
    std::fs::write(
        results.join("summary.json"),
        serde_json::to_string_pretty(&summary).unwrap(),
    )
    .unwrap();
    println!(
        "\nwritten: bench-results/summary.json ({} rows, {} missing)",
        rows.len(),
        missing.len()
    );
}
