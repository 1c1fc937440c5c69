#!/usr/bin/env bash
# Convert speed and memory of this checkout against another revision, on the
# same machine in one run (ratios, not absolute figures: the machines are
# shared and noisy).
#
# Usage: benches/regression.sh [BASE_REV] [N]   (defaults: HEAD~1, 50000)
# Builds BASE_REV in a temporary worktree, generates N native records
# (scripts/gen_native.py) and a BibTeX file, and times each conversion below
# with both binaries, alternating, best of three; prints the ratio new/base of
# wall time and of peak RSS. Exits 1 when a ratio is above MAX_RATIO (default
# 1.10: "no more than 10% slower or bigger"). OLD_BIN names a base binary
# already built, so that several runs need not build BASE_REV again. NEW_ARGS adds convert options
# for this checkout's binary only (NEW_ARGS="--jobs 1" compares one thread
# with one thread when the base revision had no --jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:-HEAD~1}"
N="${2:-50000}"
MAX_RATIO="${MAX_RATIO:-1.10}"
TMP="$(mktemp -d)"
WT="$TMP/base"
cleanup() { git worktree remove --force "$WT" >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
cargo build --release --quiet
NEW=target/release/archcite
if [ -n "${OLD_BIN:-}" ]; then # a base binary built before: BASE_REV is not built again
  OLD="$OLD_BIN"
else
  git worktree add --detach "$WT" "$BASE" >/dev/null 2>&1
  (cd "$WT" && CARGO_TARGET_DIR="$TMP/target" cargo build --release --quiet)
  OLD="$TMP/target/release/archcite"
fi
python3 scripts/gen_native.py "$N" "$TMP/in.jsonl"
"$NEW" convert --to bibtex -o "$TMP/in.bib" "$TMP/in.jsonl" 2>/dev/null

run() { # run BIN INPUT TO [OPTIONS...] -> "ms kb"
  local start end kb bin=$1 input=$2 to=$3
  shift 3
  start=$(date +%s%N)
  kb=$( { /usr/bin/time -f '%M' "$bin" convert --to "$to" "$@" -o "$TMP/out" "$input" 2>&1 >/dev/null; } | tail -n 1)
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $kb"
}

status=0
printf '%-22s %10s %10s %7s %10s %10s %7s\n' conversion "base ms" "new ms" ratio "base kB" "new kB" ratio
for case in "in.jsonl jsonl" "in.jsonl json" "in.jsonl marcxml" "in.jsonl mods" "in.jsonl csl-json" "in.bib csl-json" "in.jsonl bibtex"; do
  set -- $case
  best_old=999999999; best_new=999999999; kb_old=0; kb_new=0
  for _ in 1 2 3; do
    read -r ms kb < <(run "$OLD" "$TMP/$1" "$2"); [ "$ms" -lt "$best_old" ] && best_old=$ms; kb_old=$kb
    read -r ms kb < <(run "$NEW" "$TMP/$1" "$2" ${NEW_ARGS:-}); [ "$ms" -lt "$best_new" ] && best_new=$ms; kb_new=$kb
  done
  t=$(awk "BEGIN{printf \"%.2f\", $best_new/($best_old>0?$best_old:1)}")
  m=$(awk "BEGIN{printf \"%.2f\", $kb_new/($kb_old>0?$kb_old:1)}")
  printf '%-22s %10d %10d %7s %10d %10d %7s\n' "${1#in.} -> $2" "$best_old" "$best_new" "$t" "$kb_old" "$kb_new" "$m"
  if awk "BEGIN{exit !($t > $MAX_RATIO || $m > $MAX_RATIO)}"; then status=1; fi
done
[ "$status" -eq 0 ] && echo "ok: every ratio at most $MAX_RATIO" || echo "FAIL: a ratio is above $MAX_RATIO"
exit "$status"
