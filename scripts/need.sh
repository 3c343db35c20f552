# Reads scripts/deps.txt, the one list of what Quire's runners need from
# outside the clone. Sourced by scripts/install-deps.sh and by every runner
# that checks its tools before it starts:
#
#   source scripts/need.sh
#   need Xvfb WebKitWebDriver xdg-open   # exits 2 naming the package to install
#
# A tool that is not in the manifest is refused outright, so a runner cannot
# come to depend on something the installer does not know about.

deps_manifest="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/deps.txt"

# Tools a user installs with cargo or pip land here; make puts both on PATH,
# but a runner started by hand may not have them there.
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) PATH="$HOME/.cargo/bin:$PATH" ;; esac
case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) PATH="$HOME/.local/bin:$PATH" ;; esac
export PATH

# Prints the manifest's entries as "tool source package stages why", one a
# line, comments and blank lines left out.
deps_entries() {
  local tool source package stages why
  while read -r tool source package stages why; do
    [[ -z "$tool" || "$tool" == \#* ]] && continue
    printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$source" "$package" "$stages" "$why"
  done <"$deps_manifest"
}

# The manifest's entry for tool $1, or nothing.
deps_entry() {
  deps_entries | awk -F '\t' -v tool="$1" '$1 == tool { print; exit }'
}

# Whether tool $1 is here: a command on PATH, or for deb:PACKAGE an installed
# Debian package.
dep_present() {
  if [[ "$1" == deb:* ]]; then
    dpkg-query -W -f='${Status}' "${1#deb:}" 2>/dev/null | grep -q "install ok installed"
  else
    command -v "$1" >/dev/null 2>&1
  fi
}

# Exits 2 unless every tool named is in the manifest and present.
need() {
  local tool entry source package stages why
  for tool in "$@"; do
    entry="$(deps_entry "$tool")"
    if [[ -z "$entry" ]]; then
      echo "${0##*/}: $tool is not in scripts/deps.txt; add it there so make installs it" >&2
      exit 2
    fi
    dep_present "$tool" && continue
    IFS=$'\t' read -r _ source package stages why <<<"$entry"
    echo "${0##*/}: $tool is missing ($why); scripts/install-deps.sh ${stages//,/ } installs it ($source package $package)" >&2
    exit 2
  done
}
