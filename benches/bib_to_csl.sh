#!/usr/bin/env bash
# Throughput of BibTeX -> CSL-JSON: archcite beside pandoc, on the same file, in the same run.
#
# Usage: benches/bib_to_csl.sh [N]   (default 100000)
# Generates N entries with ../shared/perf/gen_corpus.py, converts them to CSL-JSON
# with the release binary and with `pandoc -f biblatex -t csljson`, and prints
# records/s, peak memory and the ratio. Target: archcite at least 50x pandoc.
# Also converts N/10 entries, to show that archcite's memory does not grow with N
# (the reader parses one @ block at a time). Not a timed test: nothing fails on speed.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
SMALL=$((N / 10))
GEN=../shared/perf/gen_corpus.py
[ -f "$GEN" ] || { echo "bib_to_csl: $GEN is absent" >&2; exit 2; }
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
BIN=target/release/archcite
python3 "$GEN" "$N" "$TMP" >/dev/null
python3 "$GEN" "$SMALL" "$TMP" >/dev/null

# run LABEL N CMD... : prints "ms kB" and a line on stderr
run() {
  local label="$1" n="$2"; shift 2
  local start end kb ms
  start=$(date +%s%N)
  kb=$( { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null; } | tail -n 1)
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 )); ms=$(( ms > 0 ? ms : 1 ))
  printf '%-28s %7d entries %8d ms %9d records/s  peak %7.1f MB\n' \
    "$label" "$n" "$ms" $(( n * 1000 / ms )) "$(awk "BEGIN{print $kb/1024}")" >&2
  echo "$ms $kb"
}

count() { python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$1"; }

read -r a_ms a_kb < <(run "archcite bib -> csl-json" "$N" \
  "$BIN" convert --to csl-json -o "$TMP/archcite.json" "$TMP/corpus_$N.bib")
read -r _ small_kb < <(run "archcite bib -> csl-json" "$SMALL" \
  "$BIN" convert --to csl-json -o "$TMP/archcite_small.json" "$TMP/corpus_$SMALL.bib")
echo "archcite wrote $(count "$TMP/archcite.json") of $N items" >&2
if command -v pandoc >/dev/null; then
  read -r p_ms _ < <(run "pandoc biblatex -> csljson" "$N" \
    pandoc -f biblatex -t csljson -o "$TMP/pandoc.json" "$TMP/corpus_$N.bib")
  echo "pandoc wrote $(count "$TMP/pandoc.json") of $N items" >&2
  awk -v a="$a_ms" -v p="$p_ms" 'BEGIN{printf "ratio: archcite is %.1fx pandoc (target >= 50x)\n", p/a}' >&2
else
  echo "pandoc is not installed: no comparison" >&2
fi
echo "memory: ${a_kb} kB for $N entries, ${small_kb} kB for $SMALL entries" >&2
