#!/usr/bin/env bash
# Takes a screenshot of the real app on a first run (the sample library),
# under its own Xvfb display. Usage: screenshot.sh APP_BIN OUT.png
set -euo pipefail
# shellcheck source=need.sh
source "$(dirname "$0")/need.sh"
need Xvfb import
app=$1 out=$2
tmp=$(mktemp -d)
display=":$((100 + RANDOM % 400))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
sleep 1
mkdir -p "$tmp/home" "$(dirname "$out")"
DISPLAY=$display HOME=$tmp/home QUIRE_DATA_DIR=$tmp/data "$app" >"$tmp/app.log" 2>&1 &
app_pid=$!
sleep "${SCREENSHOT_WAIT:-8}"
DISPLAY=$display import -window root "$out"
echo "screenshot: $out"
