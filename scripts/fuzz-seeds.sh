#!/usr/bin/env bash
# Build the fuzzers' seed corpora in fuzz/corpus/<target>/ from the example
# records, the test fixtures, the committed hand seeds (fuzz/seeds/<target>/)
# and every example converted to every format by the archcite binary.
#
# Usage: scripts/fuzz-seeds.sh [BINARY]   (default: target/release/archcite,
#        built when absent). Existing corpus files are kept: the corpus only grows.
# The kept crash inputs (tests/fixtures/fuzz/) are NOT seeds: a seed that
# crashes stops libFuzzer before it fuzzes anything.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/release/archcite}"
if [ ! -x "$BIN" ]; then
  echo "fuzz-seeds: building $BIN" >&2
  cargo build --release --quiet
fi
C=fuzz/corpus
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

# add TARGET FILE...: copy each file into the target's corpus under a stable name.
add() {
  local target="$1"; shift
  mkdir -p "$C/$target"
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$C/$target/seed-$(echo "$f" | tr '/' '_')"
  done
}

# Native JSON: the examples, and every fixture (valid, refused, invalid).
add json examples/*.json tests/fixtures/valid/*.json tests/fixtures/bad-input/*.json \
  tests/fixtures/invalid/*.json tests/fixtures/cite/*.json
add jsonl tests/fixtures/bad-input/*.jsonl tests/fixtures/invalid/*.jsonl tests/fixtures/cite/*.jsonl
add archive-page tests/fixtures/archive-page/*.txt
add oai-pmh tests/fixtures/realworld/oai/*.xml
add archive-page-html tests/fixtures/archive-page/*.html
add marc tests/fixtures/marc/*.mrc
add ead3 tests/fixtures/realworld/ead3/*.xml

# Every example in every written format, one record a file and all in one file.
for fmt in json jsonl csl-json bibtex biblatex ris dc dcterms tei marcxml marc mods ead3; do
  for ex in examples/*.json; do
    out="$TMP/$(basename "$ex" .json).$fmt"
    "$BIN" convert --to "$fmt" -o "$out" "$ex" 2>/dev/null && add "$fmt" "$out"
  done
  out="$TMP/all-examples.$fmt"
  "$BIN" convert --to "$fmt" -o "$out" examples/*.json 2>/dev/null && add "$fmt" "$out"
done

# The reference parser: the shared table's inputs and the page fixtures' lines.
mkdir -p "$C/refparse"
if [ -f ../shared/data/archival-refs.jsonl ]; then
  n=0
  while IFS= read -r line; do
    n=$((n + 1)); printf '%s' "$line" > "$C/refparse/seed-table-$n"
  done < <(jq -r '.input' ../shared/data/archival-refs.jsonl)
fi
add refparse tests/fixtures/archive-page/*.txt

# Hand seeds kept in the repository.
for d in fuzz/seeds/*/; do
  [ -d "$d" ] && add "$(basename "$d")" "$d"*
done

# Round trip: the first byte picks the reader (its index in READABLE in fuzz/src/lib.rs).
i=0
for fmt in json jsonl csl-json bibtex biblatex ris dc dcterms tei marcxml mods archive-page oai-pmh marc ead3; do
  mkdir -p "$C/roundtrip"
  for f in "$C/$fmt"/seed-*; do
    [ -f "$f" ] || continue
    { printf "\\$(printf '%03o' "$i")"; cat "$f"; } > "$C/roundtrip/seed-$fmt-$(basename "$f")"
  done
  i=$((i + 1))
done

for d in "$C"/*/; do
  printf '%-18s %4d seeds\n' "$(basename "$d")" "$(find "$d" -type f | wc -l)"
done
