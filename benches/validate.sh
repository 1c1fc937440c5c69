#!/usr/bin/env bash
# Throughput and peak memory of `archcite validate` on a catalogue-sized batch,
# native records first, then the same records in every format validate checks
# at the field (CSL-JSON, BibLaTeX, BibTeX, RIS, MARCXML, MODS, Dublin Core, TEI): each of those should take at
# most twice the native figure.
#
# Usage: benches/validate.sh [N]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
BIN=target/release/archcite
python3 scripts/gen_native.py "$N" "$TMP/batch.jsonl"

# run LABEL FILE [ARGS...]: one timed validate, its figures and summary
run() {
  local label="$1" file="$2"; shift 2
  local start end ms
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$TMP/rss" "$BIN" validate --format json "$@" "$file" \
    >"$TMP/diagnostics" 2>"$TMP/summary" || true
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 )); ms=$(( ms > 0 ? ms : 1 ))
  echo "validate $label: $N records in $ms ms, $(( N * 1000 / ms )) records/s, peak $(( $(cat "$TMP/rss") / 1024 )) MB" \
    "($(tail -n 1 "$TMP/summary"))"
  LAST_MS=$ms
}

run native "$TMP/batch.jsonl"
NATIVE_MS=$LAST_MS
for to in csl-json biblatex bibtex ris marcxml mods dc dcterms tei; do
  case "$to" in csl-json) ext=json ;; biblatex | bibtex) ext=bib ;; marcxml | mods | dc | dcterms | tei) ext=xml ;; *) ext=$to ;; esac
  "$BIN" convert --to "$to" -o "$TMP/batch-$to.$ext" "$TMP/batch.jsonl" 2>/dev/null || true
  run "$to" "$TMP/batch-$to.$ext" --from "$to"
  echo "  $to / native: $(( LAST_MS * 100 / NATIVE_MS ))% (at most 200%)"
done
