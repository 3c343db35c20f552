#!/usr/bin/env bash
# Installs what the named stages need, from scripts/deps.txt, and only what is
# missing: Debian/Ubuntu packages, crates (cargo install) and PyPI packages
# (pip install --user). Says first what it will install and why, and checks
# afterwards that each tool is really there. Safe to run again.
#
#   scripts/install-deps.sh [STAGE...]      (default: build)
#
# Stages: build, test, bench, profile, fuzz, package, screenshot (see deps.txt).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=need.sh
source "$here/need.sh"

stages=("$@")
((${#stages[@]})) || stages=(build)
root=""
[[ "$(id -u)" == 0 ]] && root=1

# The entries of the named stages whose tool is not here.
missing=()
while IFS=$'\t' read -r tool source package entry_stages why; do
  wanted=""
  for stage in "${stages[@]}"; do
    [[ ",$entry_stages," == *",$stage,"* ]] && wanted=1
  done
  [[ -n "$wanted" ]] || continue
  # Root installs packages itself.
  [[ "$tool" == sudo && -n "$root" ]] && continue
  dep_present "$tool" || missing+=("$tool"$'\t'"$source"$'\t'"$package"$'\t'"$why")
done < <(deps_entries)

if ((${#missing[@]} == 0)); then
  echo "install-deps: everything for ${stages[*]} is here"
  exit 0
fi

apt_packages=() crates=() pips=() cannot=()
echo "install-deps: for ${stages[*]}, installing what is missing:"
for line in "${missing[@]}"; do
  IFS=$'\t' read -r tool source package why <<<"$line"
  printf '  %-30s %-8s for %s: %s\n' "$package" "($source)" "$tool" "$why"
  case "$source" in
    apt) [[ " ${apt_packages[*]} " == *" $package "* ]] || apt_packages+=("$package") ;;
    cargo) [[ " ${crates[*]} " == *" $package "* ]] || crates+=("$package") ;;
    pip) pips+=("$package") ;;
    *) cannot+=("$tool") ;;
  esac
done

if ((${#cannot[@]})); then
  for tool in "${cannot[@]}"; do
    case "$tool" in
      cargo) echo "install-deps: Rust is missing: install it with rustup (https://rustup.rs), then run make again." >&2 ;;
      sudo) echo "install-deps: sudo is missing: run make as root, or install sudo and allow this user to use it." >&2 ;;
      *) echo "install-deps: $tool is missing and cannot be installed from here." >&2 ;;
    esac
  done
  exit 1
fi

if ((${#apt_packages[@]})); then
  sudo=""
  [[ -n "$root" ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${apt_packages[@]}"
fi
for crate in "${crates[@]}"; do
  cargo install --locked "$crate"
done
for package in "${pips[@]}"; do
  # --user: into ~/.local, never the system's Python; Debian's pip wants the
  # second flag to allow even that.
  python3 -m pip install --user --quiet "$package" 2>/dev/null \
    || python3 -m pip install --user --quiet --break-system-packages "$package"
done

# A package that installed but did not bring its tool means the manifest is wrong.
for line in "${missing[@]}"; do
  IFS=$'\t' read -r tool source package why <<<"$line"
  if ! dep_present "$tool"; then
    echo "install-deps: $source package $package installed, but $tool is still missing: fix scripts/deps.txt" >&2
    exit 1
  fi
done
echo "install-deps: done"
