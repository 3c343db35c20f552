#!/usr/bin/env bash
# Runs the end-to-end smoke test against the built app: a private Xvfb display,
# tauri-driver (with WebKitWebDriver behind it), and a fresh library and data dir.
# Everything it starts it stops again, by PID, however the run ends.
#
#   QUIRE_APP_BIN=/abs/path/to/quire-app tests/e2e/run.sh
#
# Optional: TAURI_DRIVER, NATIVE_DRIVER (default /usr/bin/WebKitWebDriver),
# E2E_PORT (4444), E2E_NATIVE_PORT (4445), QUIRE_E2E_SHOTS (screenshot folder),
# QUIRE_E2E_KEEP=1 keeps the temp folder even when the test passes.
# It also makes the folder the test imports and passes it as QUIRE_E2E_IMPORT_SRC.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${E2E_PORT:-4444}"
native_port="${E2E_NATIVE_PORT:-4445}"
native_driver="${NATIVE_DRIVER:-/usr/bin/WebKitWebDriver}"
tauri_driver="${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}"

die() {
  echo "run.sh: $*" >&2
  exit 2
}

[[ -n "${QUIRE_APP_BIN:-}" ]] || die "set QUIRE_APP_BIN to the absolute path of the built app binary"
[[ "$QUIRE_APP_BIN" == /* ]] || QUIRE_APP_BIN="$(cd "$(dirname "$QUIRE_APP_BIN")" 2>/dev/null && pwd)/$(basename "$QUIRE_APP_BIN")"
[[ -f "$QUIRE_APP_BIN" ]] || die "QUIRE_APP_BIN=$QUIRE_APP_BIN does not exist (build the app first)"
[[ -x "$QUIRE_APP_BIN" ]] || die "QUIRE_APP_BIN=$QUIRE_APP_BIN is not executable"
export QUIRE_APP_BIN
command -v Xvfb >/dev/null || die "Xvfb is missing (apt-get install -y xvfb)"
[[ -x "$native_driver" ]] || die "$native_driver is missing (apt-get install -y webkit2gtk-driver)"
[[ -x "$tauri_driver" ]] || die "tauri-driver is missing (cargo install tauri-driver --locked)"
command -v node >/dev/null || die "node is missing"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$port" "$native_port"; do
  if listening "$p"; then die "port $p is already in use (a driver left over from another run?); not touching it"; fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-e2e.XXXXXX")"
export QUIRE_LIBRARY="$work/library" QUIRE_DATA_DIR="$work/data"
mkdir -p "$QUIRE_LIBRARY" "$QUIRE_DATA_DIR"

# A small folder to import: a Hugo post, a Jekyll post and a file with broken front matter.
import_src="$work/import-src"
mkdir -p "$import_src/content/posts" "$import_src/_posts"
cat >"$import_src/content/posts/imported-hugo-post.md" <<'EOF'
---
title: Imported Hugo Post
date: 2024-02-03
tags: [Imported Tag, Travel]
---
A post that came from a Hugo site.
EOF
cat >"$import_src/_posts/2023-05-06-jekyll-import.md" <<'EOF'
---
title: Jekyll Import
tags: jekyll-tag
---
A post that came from a Jekyll site.
EOF
printf -- '---\ntitle: [unclosed\n---\nbody\n' >"$import_src/broken.md"
export QUIRE_E2E_IMPORT_SRC="$import_src"

xvfb_pid=""
driver_pid=""

# Waits up to $2 tenths of a second for PID $1 to exit.
wait_gone() {
  local i
  for ((i = 0; i < $2; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# Every process below PID $1, each listed before its own children.
descendants() {
  local child
  for child in $(pgrep -P "$1"); do
    echo -n "$child "
    descendants "$child"
  done
}

cleanup() {
  local status=$?
  set +e
  if [[ -n "$driver_pid" ]]; then
    # tauri-driver, WebKitWebDriver under it and any app it launched: the whole tree,
    # found by parent PID, plus the process group setsid gave the driver.
    local tree pid own_group=""
    tree="$(descendants "$driver_pid") $driver_pid"
    [[ "$(ps -o pgid= -p "$driver_pid" 2>/dev/null | tr -d ' ')" == "$driver_pid" ]] && own_group=1
    kill -TERM $tree 2>/dev/null
    [[ -n "$own_group" ]] && kill -TERM -- "-$driver_pid" 2>/dev/null
    for pid in $tree; do wait_gone "$pid" 50 || kill -KILL "$pid" 2>/dev/null; done
    wait "$driver_pid" 2>/dev/null
  fi
  if [[ -n "$xvfb_pid" ]]; then
    kill -TERM "$xvfb_pid" 2>/dev/null
    wait_gone "$xvfb_pid" 50 || kill -KILL "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  local i
  for ((i = 0; i < 100; i++)); do
    listening "$port" || listening "$native_port" || break
    sleep 0.1
  done
  if listening "$port" || listening "$native_port"; then
    echo "run.sh: warning: port $port or $native_port is still in use after cleanup" >&2
  fi
  if [[ $status -eq 0 && -z "${QUIRE_E2E_KEEP:-}" ]]; then
    rm -rf "$work"
  else
    echo "run.sh: logs and the test library are in $work" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free display number: no socket and no lock file, and Xvfb actually came up on it.
display=""
for n in $(seq 90 199); do
  [[ -e "/tmp/.X11-unix/X$n" || -e "/tmp/.X$n-lock" ]] && continue
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for ((i = 0; i < 50; i++)); do
    [[ -e "/tmp/.X11-unix/X$n" ]] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -e "/tmp/.X11-unix/X$n" ]] && kill -0 "$xvfb_pid" 2>/dev/null; then
    display=":$n"
    break
  fi
  kill "$xvfb_pid" 2>/dev/null
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
done
[[ -n "$display" ]] || die "could not start Xvfb on any display from :90 to :199 (see $work/xvfb.log)"
export DISPLAY="$display"
echo "run.sh: Xvfb on $DISPLAY (pid $xvfb_pid), library $QUIRE_LIBRARY"

# setsid: a process group of its own, so cleanup can stop the driver and its children together.
setsid "$tauri_driver" --port "$port" --native-port "$native_port" --native-driver "$native_driver" \
  >"$work/tauri-driver.log" 2>&1 &
driver_pid=$!

url="http://127.0.0.1:$port"
ready=""
for ((i = 0; i < 150; i++)); do
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/status"; then
    ready=1
    break
  fi
  kill -0 "$driver_pid" 2>/dev/null || break
  sleep 0.2
done
if [[ -z "$ready" ]]; then
  tail -n 20 "$work/tauri-driver.log" >&2 || true
  die "tauri-driver did not answer on $url/status"
fi
echo "run.sh: tauri-driver ready on $url (pid $driver_pid)"

set +e
WEBDRIVER_URL="$url" node "$here/smoke.mjs"
result=$?
set -e
if [[ $result -ne 0 ]]; then
  echo "run.sh: last lines of the tauri-driver log:" >&2
  tail -n 30 "$work/tauri-driver.log" >&2 || true
fi
exit "$result"
