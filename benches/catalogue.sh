#!/usr/bin/env bash
# Throughput and peak memory of catalogue feeds: JSON Lines -> MARCXML and -> MODS.
#
# Usage: benches/catalogue.sh [N]   (default 1000000)
# Generates N native records (scripts/gen_native.py), converts them with the release
# binary to MARCXML and to MODS, and converts N/10 the same way to show that peak
# memory does not grow with the batch. For comparison, bibutils' bib2xml converts N
# records given as BibTeX to MODS in the same run (installed with apt-get if
# missing). The BibTeX comes from `archcite convert --to bibtex` when this build
# writes BibTeX, else from ../shared/perf/gen_corpus.py (similar archival entries,
# not the same records); the table says which. bib2xml holds its whole input in
# memory and is slow, so BIB_N=100000 limits it to fewer records than N.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
SMALL=$((N / 10))
BIB_N="${BIB_N:-$N}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
BIN=target/release/archcite
python3 scripts/gen_native.py "$N" "$TMP/big.jsonl"
python3 scripts/gen_native.py "$SMALL" "$TMP/small.jsonl"

LABEL_WIDTH=34
# shellcheck source=benches/lib.sh
. benches/lib.sh

for to in marcxml mods; do
  measure "archcite jsonl -> $to" "$N" "$BIN" convert --to "$to" -o "$TMP/out.$to" "$TMP/big.jsonl"
  measure "archcite jsonl -> $to" "$SMALL" "$BIN" convert --to "$to" -o "$TMP/small.$to" "$TMP/small.jsonl"
done

if ! command -v bib2xml >/dev/null; then
  apt-get install -y bibutils >/dev/null 2>&1 || echo "bibutils could not be installed; bib2xml skipped" >&2
fi
if command -v bib2xml >/dev/null; then
  python3 scripts/gen_native.py "$BIB_N" "$TMP/bib.jsonl"
  if "$BIN" convert --to bibtex -o "$TMP/big.bib" "$TMP/bib.jsonl" 2>/dev/null; then
    source="same records, via archcite --to bibtex"
  else
    python3 ../shared/perf/gen_corpus.py "$BIB_N" "$TMP/corpus" >/dev/null
    mv "$TMP/corpus/corpus_$BIB_N.bib" "$TMP/big.bib"
    source="gen_corpus.py entries (this build writes no BibTeX)"
  fi
  measure "bib2xml bibtex -> mods" "$BIB_N" sh -c "bib2xml '$TMP/big.bib' > '$TMP/bibutils.mods'"
fi

echo "| conversion                         |   records |      s   |  records/s |  peak MB |"
echo "|------------------------------------|-----------|----------|------------|----------|"
printf '%s\n' "${ROWS[@]}"
[ -n "${source:-}" ] && echo "bib2xml input: $source"
exit 0
