#!/usr/bin/env bash
# Times the stages of a long make target, so a newcomer waiting half an hour
# for the first `make test` sees where the time went.
#
#   stage.sh begin TITLE         starts a new record
#   stage.sh run NAME CMD...     runs CMD as stage NAME; if it fails, prints
#                                the stages so far and exits with its status
#   stage.sh end                 prints each stage's time and the total
#
# The record is $QUIRE_STAGE_LOG (default: under the cargo target dir).
set -uo pipefail
log="${QUIRE_STAGE_LOG:-${CARGO_TARGET_DIR:-$HOME/.cache/quire/target}/make-stages.tsv}"

# m:ss for a number of seconds.
duration() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }

report() {
  local title name seconds status total=0
  title="$(head -n 1 "$log")"
  echo "$title: time by stage"
  while IFS=$'\t' read -r name seconds status; do
    printf '  %-12s %8s  %s\n' "$name" "$(duration "$seconds")" "$status"
    total=$((total + seconds))
  done < <(tail -n +2 "$log")
  printf '  %-12s %8s\n' total "$(duration "$total")"
}

case "${1:-}" in
  begin)
    mkdir -p "$(dirname "$log")"
    printf '%s\n' "${2:-make}" >"$log"
    ;;
  run)
    name="$2"
    shift 2
    start=$SECONDS
    "$@"
    status=$?
    if ((status == 0)); then result=ok; else result="failed (exit $status)"; fi
    printf '%s\t%s\t%s\n' "$name" $((SECONDS - start)) "$result" >>"$log"
    if ((status != 0)); then
      report
      echo "$(head -n 1 "$log"): stage $name failed" >&2
      exit "$status"
    fi
    ;;
  end) report ;;
  *)
    echo "usage: stage.sh begin TITLE | run NAME CMD... | end" >&2
    exit 2
    ;;
esac
