#!/usr/bin/env bash
# Runs the end-to-end suites against the built app: smoke.mjs (the writer's day)
# then security.mjs (hostile posts, links and IPC) and a11y.mjs (axe on every
# screen, a keyboard-only session), on a private Xvfb display,
# each with its own tauri-driver (WebKitWebDriver behind it) and a fresh library,
# data dir and working folder. Everything it starts it stops again, by PID,
# however the run ends. It fails if any suite fails.
#
#   QUIRE_APP_BIN=/abs/path/to/quire-app tests/e2e/run.sh
#
# Optional: TAURI_DRIVER, NATIVE_DRIVER (default: tauri-driver and WebKitWebDriver on PATH),
# E2E_PORT (4444), E2E_NATIVE_PORT (4445), QUIRE_E2E_SHOTS (screenshot folder),
# QUIRE_E2E_KEEP=1 keeps the temp folder even when the suites pass,
# QUIRE_E2E_SUITES ("smoke security a11y screens": which suites run, in that order).
#
# Each suite gets, under the temp folder's <suite>/: library/ (QUIRE_LIBRARY),
# data/ (QUIRE_DATA_DIR), cwd/ (the app's working folder, so a relative path it
# were to write lands where the suite looks), and an opener: links the app
# opens "in the browser" go through xdg-open to opener.sh, which appends each
# URL to opened.txt (QUIRE_E2E_OPENED) instead of starting a browser.
# Smoke and a11y also get a folder to import (QUIRE_E2E_IMPORT_SRC).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/need.sh
source "$here/../../scripts/need.sh"
port="${E2E_PORT:-4444}"
native_port="${E2E_NATIVE_PORT:-4445}"
suites="${QUIRE_E2E_SUITES:-smoke security a11y screens}"

die() {
  echo "run.sh: $*" >&2
  exit 2
}

[[ -n "${QUIRE_APP_BIN:-}" ]] || die "set QUIRE_APP_BIN to the absolute path of the built app binary"
[[ "$QUIRE_APP_BIN" == /* ]] || QUIRE_APP_BIN="$(cd "$(dirname "$QUIRE_APP_BIN")" 2>/dev/null && pwd)/$(basename "$QUIRE_APP_BIN")"
[[ -f "$QUIRE_APP_BIN" ]] || die "QUIRE_APP_BIN=$QUIRE_APP_BIN does not exist (build the app first)"
[[ -x "$QUIRE_APP_BIN" ]] || die "QUIRE_APP_BIN=$QUIRE_APP_BIN is not executable"
export QUIRE_APP_BIN
# The app opens links with xdg-open; the security suite reads what reached it.
need Xvfb node xdg-open import identify sqlite3
if [[ -n "${NATIVE_DRIVER:-}" ]]; then
  [[ -x "$NATIVE_DRIVER" ]] || die "NATIVE_DRIVER=$NATIVE_DRIVER is not an executable file"
else
  need WebKitWebDriver
fi
if [[ -n "${TAURI_DRIVER:-}" ]]; then
  [[ -x "$TAURI_DRIVER" ]] || die "TAURI_DRIVER=$TAURI_DRIVER is not an executable file"
else
  need tauri-driver
fi
native_driver="${NATIVE_DRIVER:-$(command -v WebKitWebDriver)}"
tauri_driver="${TAURI_DRIVER:-$(command -v tauri-driver)}"
for suite in $suites; do
  [[ -f "$here/$suite.mjs" ]] || die "no suite $here/$suite.mjs (QUIRE_E2E_SUITES=$suites)"
done

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$port" "$native_port"; do
  if listening "$p"; then die "port $p is already in use (a driver left over from another run?); not touching it"; fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-e2e.XXXXXX")"

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

# Stops tauri-driver, WebKitWebDriver under it and any app it launched: the whole
# tree, found by parent PID, plus the process group setsid gave the driver; then
# waits until both ports are free again.
stop_driver() {
  local -
  set +e
  if [[ -n "$driver_pid" ]]; then
    local tree pid own_group=""
    tree="$(descendants "$driver_pid") $driver_pid"
    [[ "$(ps -o pgid= -p "$driver_pid" 2>/dev/null | tr -d ' ')" == "$driver_pid" ]] && own_group=1
    kill -TERM $tree 2>/dev/null
    [[ -n "$own_group" ]] && kill -TERM -- "-$driver_pid" 2>/dev/null
    for pid in $tree; do wait_gone "$pid" 50 || kill -KILL "$pid" 2>/dev/null; done
    wait "$driver_pid" 2>/dev/null
    driver_pid=""
  fi
  local i
  for ((i = 0; i < 100; i++)); do
    listening "$port" || listening "$native_port" || break
    sleep 0.1
  done
  if listening "$port" || listening "$native_port"; then
    echo "run.sh: warning: port $port or $native_port is still in use after stopping the driver" >&2
    return 1
  fi
  return 0
}

cleanup() {
  local status=$?
  set +e
  stop_driver
  if [[ -n "$xvfb_pid" ]]; then
    kill -TERM "$xvfb_pid" 2>/dev/null
    wait_gone "$xvfb_pid" 50 || kill -KILL "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  if [[ $status -eq 0 && -z "${QUIRE_E2E_KEEP:-}" ]]; then
    rm -rf "$work"
  else
    echo "run.sh: logs and the test libraries are in $work" >&2
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
echo "run.sh: Xvfb on $DISPLAY (pid $xvfb_pid), work folder $work"

# A small folder for smoke to import: a Hugo post, a Jekyll post and a file with broken front matter.
make_import_src() {
  local import_src="$1"
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
}

# A Hugo site as writers keep one, for the screens suite: hugo.toml, posts under
# content/posts with Hugo's capitalised `Categories:` and `Tags:`, a page bundle
# with its image, a post that links to others, one whose image is missing and one
# with many tags (the header must not change height for it).
make_hugo_site() {
  local site="$1" i
  mkdir -p "$site/content/posts/bundle-with-photo" "$site/static"
  printf 'baseURL = "https://example.org/"\ntitle = "A Hugo blog"\n[taxonomies]\ncategory = "categories"\ntag = "tags"\n' >"$site/hugo.toml"
  for i in 1 2 3 4 5 6; do
    cat >"$site/content/posts/note-$i.md" <<EOF
---
title: "Field note $i"
date: 2024-0$i-1${i}T09:00:00Z
Categories:
- $([[ $((i % 2)) -eq 0 ]] && echo Development || echo Travel)
Tags:
- notes
---
A note from the field, number $i. It has a few sentences, so the preview has a paragraph to show.
EOF
  done
  cat >"$site/content/posts/linking-post.md" <<'EOF'
---
title: "A post that links to others"
date: 2024-08-01T09:00:00Z
Categories: [Development, Writing]
Tags: [links]
---
Read [the first note](note-1.md) and [the second one](/note-2/) before this.

![The diagram](/images/diagram.png)

![A lost image](/images/gone.png)
EOF
  cat >"$site/content/about.md" <<'EOF'
---
title: "About this blog"
---
A page of the site, not a post: it is listed under Pages.
EOF
  cat >"$site/content/posts/many-tags.md" <<'EOF'
---
title: "A post with many tags"
date: 2024-09-01T09:00:00Z
Categories: [Writing]
Tags: [one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, thirteen]
---
Thirteen tags, one line of them.
EOF
  cat >"$site/content/posts/bundle-with-photo/index.md" <<'EOF'
---
title: "A bundle with a photo"
date: 2024-10-01T09:00:00Z
Categories: [Travel]
---
![A photo](photo.png)
EOF
  # A 1×1 PNG.
  printf 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' |
    base64 -d >"$site/content/posts/bundle-with-photo/photo.png"
  # The site's static folder, which Hugo serves at the site's root.
  mkdir -p "$site/static/images"
  cp "$site/content/posts/bundle-with-photo/photo.png" "$site/static/images/diagram.png"
}

# The system opener, redirected for suite folder $1. The app opens links with
# xdg-open; with no desktop configured, xdg-open hands a URL to the handler that
# mimeapps.list names for its scheme (here: the system's web browser for http and
# https), else to $BROWSER. So both routes lead to opener.sh: a user-level
# mimeapps.list names a desktop entry that runs it for http, https and mailto,
# and BROWSER names it for every other scheme.
make_opener() {
  local dir="$1"
  mkdir -p "$dir/xdg-config" "$dir/xdg-data/applications"
  : >"$dir/opened.txt"
  cat >"$dir/opener.sh" <<EOF
#!/bin/sh
# Stands in for a web browser: records the URL it was asked to open.
printf '%s\n' "\$1" >>'$dir/opened.txt'
EOF
  chmod +x "$dir/opener.sh"
  cat >"$dir/xdg-data/applications/quire-e2e-opener.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=Quire e2e opener
Exec=$dir/opener.sh %u
MimeType=x-scheme-handler/http;x-scheme-handler/https;x-scheme-handler/mailto;inode/directory;text/html;
NoDisplay=true
EOF
  # Folders and HTML files too: an export's "Open folder" and "View site".
  printf '[Default Applications]\n%s\n%s\n%s\n%s\n%s\n' \
    'x-scheme-handler/http=quire-e2e-opener.desktop' \
    'x-scheme-handler/https=quire-e2e-opener.desktop' \
    'x-scheme-handler/mailto=quire-e2e-opener.desktop' \
    'inode/directory=quire-e2e-opener.desktop' \
    'text/html=quire-e2e-opener.desktop' >"$dir/xdg-config/mimeapps.list"
}

url="http://127.0.0.1:$port"
total=0
summaries=()
failed=()

# Runs suite $1 (tests/e2e/$1.mjs) with its own folders and its own tauri-driver.
run_suite() {
  local suite="$1" dir="$work/$1" result summary steps
  mkdir -p "$dir/library" "$dir/data" "$dir/cwd"
  make_opener "$dir"
  export QUIRE_LIBRARY="$dir/library" QUIRE_DATA_DIR="$dir/data" QUIRE_E2E_WORK="$dir"
  export QUIRE_E2E_OPENED="$dir/opened.txt" BROWSER="$dir/opener.sh"
  export XDG_CONFIG_HOME="$dir/xdg-config" XDG_DATA_HOME="$dir/xdg-data"
  if [[ "$suite" == screens ]]; then
    make_hugo_site "$dir/library"
  fi
  if [[ "$suite" == smoke || "$suite" == a11y ]]; then
    make_import_src "$dir/import-src"
    export QUIRE_E2E_IMPORT_SRC="$dir/import-src"
  else
    unset QUIRE_E2E_IMPORT_SRC
  fi
  echo "run.sh: suite $suite: library $QUIRE_LIBRARY"

  # setsid: a process group of its own, so stop_driver can stop the driver and its
  # children together. Started from cwd/, the folder the app inherits as its own.
  (cd "$dir/cwd" && exec setsid "$tauri_driver" --port "$port" --native-port "$native_port" \
    --native-driver "$native_driver") >"$dir/tauri-driver.log" 2>&1 &
  driver_pid=$!

  local ready="" i
  for ((i = 0; i < 150; i++)); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/status"; then
      ready=1
      break
    fi
    kill -0 "$driver_pid" 2>/dev/null || break
    sleep 0.2
  done
  if [[ -z "$ready" ]]; then
    tail -n 20 "$dir/tauri-driver.log" >&2 || true
    die "tauri-driver did not answer on $url/status"
  fi
  echo "run.sh: tauri-driver ready on $url (pid $driver_pid)"

  set +e
  WEBDRIVER_URL="$url" node "$here/$suite.mjs" | tee "$dir/output.log"
  result=${PIPESTATUS[0]}
  set -e
  if [[ $result -ne 0 ]]; then
    echo "run.sh: last lines of the tauri-driver log ($suite):" >&2
    tail -n 30 "$dir/tauri-driver.log" >&2 || true
  fi
  stop_driver || die "the driver of suite $suite did not stop; not starting another"

  # The suite's own last line: "e2e: N steps passed" or "e2e <suite>: N steps passed, …".
  summary="$(grep -E '^e2e( [a-z0-9]+)?: [0-9]+ steps passed' "$dir/output.log" | tail -n 1 || true)"
  if [[ $result -eq 0 && -n "$summary" ]]; then
    steps="$(sed -E 's/^e2e( [a-z0-9]+)?: ([0-9]+) steps passed.*/\2/' <<<"$summary")"
    total=$((total + steps))
    summaries+=("$suite: $summary")
  else
    failed+=("$suite")
    summaries+=("$suite: FAILED (exit $result)")
  fi
}

for suite in $suites; do
  run_suite "$suite"
done

echo "run.sh: suites:"
for line in "${summaries[@]}"; do echo "  $line"; done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "e2e: $total steps passed"
