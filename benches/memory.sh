#!/usr/bin/env bash
# Peak memory and throughput of `archcite convert` on a JSON Lines batch.
#
# Usage: benches/memory.sh [N]   (default 100000)
# Converts N generated native records JSON Lines -> JSON Lines and -> JSON with the
# release binary, and N/10 records the same way, and prints records/s and peak RSS.
# Streaming means the peak stays flat: the two sizes should need about the same
# memory. Target: under 50 MB for 100,000 records.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
SMALL=$((N / 10))
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
BIN=target/release/archcite
python3 scripts/gen_native.py "$N" "$TMP/big.jsonl"
python3 scripts/gen_native.py "$SMALL" "$TMP/small.jsonl"

measure() { # measure LABEL N INPUT TO
  local label="$1" n="$2" input="$3" to="$4"
  local start end kb
  start=$(date +%s%N)
  kb=$( { /usr/bin/time -f '%M' "$BIN" convert --to "$to" -o "$TMP/out" "$input" 2>&1 >/dev/null; } | tail -n 1)
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  printf '%-16s %8d records %7d ms %9d records/s  peak %6s MB\n' \
    "$label" "$n" "$ms" $(( n * 1000 / (ms > 0 ? ms : 1) )) "$(awk "BEGIN{printf \"%.1f\", $kb/1024}")" >&2
  echo "$kb"
}

big_kb=$(measure "jsonl -> jsonl" "$N" "$TMP/big.jsonl" jsonl)
small_kb=$(measure "jsonl -> jsonl" "$SMALL" "$TMP/small.jsonl" jsonl)
measure "jsonl -> json" "$N" "$TMP/big.jsonl" json >/dev/null
limit_kb=$((50 * 1024))
if [ "$big_kb" -gt "$limit_kb" ]; then
  echo "FAIL: peak memory ${big_kb} kB for $N records is over 50 MB" >&2; exit 1
fi
echo "ok: peak ${big_kb} kB for $N records, ${small_kb} kB for $SMALL records" >&2
