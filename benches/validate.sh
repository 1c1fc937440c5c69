#!/usr/bin/env bash
# Throughput and peak memory of `archcite validate` on a catalogue-sized batch.
#
# Usage: benches/validate.sh [N]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
python3 scripts/gen_native.py "$N" "$TMP/batch.jsonl"
start=$(date +%s%N)
/usr/bin/time -f '%M' -o "$TMP/rss" target/release/archcite validate --format json "$TMP/batch.jsonl" \
  >"$TMP/diagnostics" 2>"$TMP/summary" || true
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "validate: $N records in $ms ms, $(( N * 1000 / (ms > 0 ? ms : 1) )) records/s, peak $(( $(cat "$TMP/rss") / 1024 )) MB"
echo "summary: $(cat "$TMP/summary")"
