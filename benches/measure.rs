//! What the benchmarks share to measure: peak memory and medians.

#![allow(dead_code)]

/// `QUICK=1` (any value but empty or 0): fewer posts and runs.
pub fn quick() -> bool {
    std::env::var("QUICK").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Peak resident memory since the last reset, in MiB.
pub fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// Lets the next `peak_mib` measure only what follows (Linux: clear_refs 5).
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The middle value.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// The value at fraction `p` (0.5 the median, 0.95 the p95) of `values`.
pub fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// One row of the table `make bench` prints (benches/summary.rs): each bench
/// appends its rows to `bench-results/rows.jsonl` (`QUIRE_BENCH_ROWS`
/// elsewhere) as it measures them.
pub struct Row<'a> {
    /// What was measured, as the table names it.
    pub figure: &'a str,
    pub median: f64,
    pub p95: Option<f64>,
    /// `ms`, `s` or `MiB`.
    pub unit: &'a str,
    pub runs: usize,
    /// The target, as text (`< 0.3 ms`); whether it is met is `met`.
    pub target: &'a str,
    pub met: Option<bool>,
    /// A peer measured in the same run (hugo, the filesystem's own floor).
    pub peer: Option<f64>,
    pub ratio: Option<f64>,
    pub peak_mib: Option<f64>,
}

impl Row<'_> {
    pub fn record(&self) {
        let path = std::env::var_os("QUIRE_BENCH_ROWS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench-results/rows.jsonl")
            });
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let finite = |v: f64| v.is_finite().then_some(v);
        let line = serde_json::json!({
            "figure": self.figure,
            "median": finite(self.median),
            "p95": self.p95.and_then(finite),
            "unit": self.unit,
            "runs": self.runs,
            "target": self.target,
            "met": self.met,
            "peer": self.peer.and_then(finite),
            "ratio": self.ratio.and_then(finite),
            "peakMiB": self.peak_mib.and_then(finite),
        });
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .expect("the bench rows file opens");
        writeln!(file, "{line}").expect("a bench row is written");
    }
}
