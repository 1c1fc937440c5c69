#!/usr/bin/env bash
# Throughput of `archcite cite` on a batch of generated records.
#
# Usage: benches/cite.sh [N]   (default 10000)
# Cites N generated native records (JSON Lines) with the release binary in
# chicago-notes (text), apa bibliography (html) and chicago-notes in ru-RU, and
# prints records/s (wall clock, all cores), records per CPU-second (steady on a
# busy machine) and peak memory for each. The style and the locales are parsed
# once per run, so the time is almost all per-record rendering.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
BIN=target/release/archcite
python3 scripts/gen_native.py "$N" "$TMP/records.jsonl"

measure() { # measure LABEL ARGS...
  local label="$1"; shift
  local start end kb cpu lines
  start=$(date +%s%N)
  read -r kb cpu < <( { /usr/bin/time -f '%M %U' "$BIN" cite "$@" "$TMP/records.jsonl" 2>&1 >"$TMP/out"; } | tail -n 1)
  end=$(date +%s%N)
  lines=$(wc -l <"$TMP/out")
  if [ "$lines" -ne "$N" ]; then
    echo "FAIL: $label wrote $lines citations for $N records" >&2; exit 1
  fi
  local ms=$(( (end - start) / 1000000 ))
  printf '%-24s %6d records %7d ms %6d records/s  %6s records per CPU-s  peak %5s MB\n' \
    "$label" "$N" "$ms" $(( N * 1000 / (ms > 0 ? ms : 1) )) \
    "$(awk "BEGIN{printf \"%d\", $N/($cpu > 0 ? $cpu : 1)}")" "$(awk "BEGIN{printf \"%.1f\", $kb/1024}")"
}

measure "chicago-notes text" --style chicago-notes
measure "apa bibliography html" --style apa --format html
measure "chicago-notes ru-RU" --style chicago-notes --locale ru-RU
