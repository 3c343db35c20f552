#!/usr/bin/env bash
# `make profile`: where the app's time goes while `make bench`'s app figures
# run. The app benchmark (quick mode: cold starts, 30 posts opened, the list
# scrolled, 20 posts switched, 80 keystrokes) runs under `perf record` on
# every CPU; inferno then draws flamegraphs into bench-results/profiles/:
#
#   web-process.svg   WebKit's web process (page layout and paint, the page's
#                     JavaScript, its IPC) - where typing and frames spend time
#   app-process.svg   Quire's own process (GTK main loop, commands, SQLite)
#   everything.svg    every process on the machine meanwhile (Xvfb, drivers)
#
# perf samples the CPU clock (this machine's VM has no hardware counters);
# WebKit's libraries are stripped, so their frames show as the library's name.
set -euo pipefail

cd "$(dirname "$0")/.."
out=bench-results/profiles
mkdir -p "$out"
# shellcheck source=../scripts/need.sh
source scripts/need.sh
need perf inferno-collapse-perf inferno-flamegraph
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
# Kernel frames (page faults, shared-memory buffers) named, not hex.
$SUDO sysctl -q kernel.kptr_restrict=0 kernel.perf_event_paranoid=-1 || true

cargo bench -p quire --bench app --no-run -q
perf record -a -g -F 499 -o "$out/app.perf" -- \
  env QUICK=1 QUIRE_BENCH_ROWS="$out/rows.jsonl" cargo bench -q -p quire --bench app
perf script -i "$out/app.perf" 2>/dev/null | inferno-collapse-perf --all > "$out/app.folded"

graph() { # name, title, root-frame pattern
  grep -E "^($3)" "$out/app.folded" | inferno-flamegraph --title "$2" --colors java > "$out/$1.svg"
}
graph web-process "WebKit web process (layout, paint, JavaScript)" 'WebKitWebProces|JITWorker|ReceiveQueue|HeapHelper'
graph app-process "Quire app process" 'quire-app|tokio-rt-worker|notify-rs|gmain'
inferno-flamegraph --title "Every process during the app benchmark" --colors java < "$out/app.folded" > "$out/everything.svg"

# What share of the samples each process took.
awk '{ n = $NF; split($1, f, ";"); sub(/-[0-9]+\/[0-9]+$/, "", f[1]); by[f[1]] += n; all += n }
     END { for (p in by) if (by[p] / all > 0.01) printf "%5.1f%%  %s\n", 100 * by[p] / all, p }' \
  "$out/app.folded" | sort -rn | tee "$out/processes.txt"
echo "profile: flamegraphs in $out/ (web-process.svg, app-process.svg, everything.svg)"
