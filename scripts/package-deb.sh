#!/usr/bin/env bash
# Builds the installable .deb with the Tauri CLI from npm. The CLI expects
# tauri.conf.json beside the app's Cargo.toml, so link the root files there.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=need.sh
source scripts/need.sh
# The Tauri CLI is a Node program from ui/node_modules; it builds with cargo.
need node cargo
for name in tauri.conf.json ui icons; do
  ln -sfn "../$name" "src-tauri/$name"
done
cd src-tauri
../ui/node_modules/.bin/tauri build --bundles deb
find "${CARGO_TARGET_DIR:-../target}/release/bundle/deb" -name '*.deb' -printf 'package: %p (%s bytes)\n'
