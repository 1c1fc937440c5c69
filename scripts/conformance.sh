#!/usr/bin/env bash
# Write every example record, and a sample of the real-world corpus, in every
# format archcite writes and check each file with the real validators in
# ../shared/conformance (check.sh FORMAT FILE); check the bundled CSL styles.
#
# Usage: scripts/conformance.sh [BINARY]   (default: target/release/archcite)
# Exit 0 only when every validator accepts every file. Formats the binary does not
# write yet are reported and skipped. The citation formats are checked strictly
# (CHECK_STRICT=1: unknown CSL keys and stray % fail). RIS is not: its archive
# location goes in AV, the tag Citation.js and EndNote read for it, which rispy's
# default mapping does not list (a WARN there).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/release/archcite}"
CHECK=../shared/conformance/check.sh
[ -x "$BIN" ] || { echo "conformance: no binary at $BIN (cargo build --release)" >&2; exit 2; }
[ -f "$CHECK" ] || { echo "conformance: ../shared/conformance is absent; nothing to check"; exit 0; }
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
failed=0; checked=0
for fmt in dc dcterms tei csl-json bibtex biblatex marcxml mods ead3 ris; do
  for ex in examples/*.json; do
    name="$(basename "$ex" .json)"
    # Consumers such as pandoc tell the format by the extension.
    case "$fmt" in
      csl-json) ext=json ;; bibtex|biblatex) ext=bib ;; dc|dcterms|tei|mods|ead3) ext=xml ;; *) ext="$fmt" ;;
    esac
    file="$OUT/$name-$fmt.$ext"
    if ! err=$("$BIN" convert --to "$fmt" -o "$file" "$ex" 2>&1); then
      if grep -q "invalid value '$fmt'" <<<"$err"; then
        echo "skip  $fmt: not written by this build"; break
      fi
      echo "FAIL  $fmt $name: archcite failed: $err"; failed=1; continue
    fi
    skip=""
    # tei_all through xmllint takes ~17 s a file; jing validates against the same schema.
    [ "$fmt" = tei ] && skip="xmllint-relaxng"
    strict=1
    [ "$fmt" = ris ] && strict=0
    if res=$(CHECK_SKIP="$skip" CHECK_STRICT="${CHECK_STRICT:-$strict}" bash "$CHECK" "$fmt" "$file" 2>&1); then
      echo "ok    $fmt $name"
    else
      echo "FAIL  $fmt $name"; echo "$res" | sed 's/^/      /'; failed=1
    fi
    checked=$((checked + 1))
  done
done
# JSON-LD: every example, one file each, expanded by pyld against the vendored
# schema.org context (tests/jsonld_check.py: no term dropped, nothing fetched).
PYLD_PYTHON="${ARCHCITE_PYLD_PYTHON:-$HOME/.cache/jsonld-venv/bin/python}"
if "$PYLD_PYTHON" -c "import pyld" 2>/dev/null; then
  for ex in examples/*.json; do
    name="$(basename "$ex" .json)"
    file="$OUT/$name.jsonld"
    if ! err=$("$BIN" convert --to jsonld -o "$file" "$ex" 2>&1); then
      echo "FAIL  jsonld $name: archcite failed: $err"; failed=1; continue
    fi
    if res=$("$PYLD_PYTHON" tests/jsonld_check.py schemas/jsonld/schemaorgcontext.jsonld "$file" 2>&1); then
      echo "ok    jsonld $name"
    else
      echo "FAIL  jsonld $name"; echo "$res" | sed 's/^/      /'; failed=1
    fi
    checked=$((checked + 1))
  done
else
  echo "skip  jsonld: no Python with pyld (pip install pyld)"
fi
# The archival CSL styles archcite ships (src/cite/styles), against the CSL
# 1.0.2 schema.
for style in src/cite/styles/*.csl; do
  if res=$(bash "$CHECK" csl-style "$style" 2>&1); then
    echo "ok    csl-style $(basename "$style")"
  else
    echo "FAIL  csl-style $(basename "$style")"; echo "$res" | sed 's/^/      /'; failed=1
  fi
  checked=$((checked + 1))
done
# A sample of the real-world corpus: the first file of each format's folder,
# written in every format, its first three records one file each (a Dublin
# Core file holds one record). Gating (REALWORLD_STRICT=0 only reports).
# Two allowances, each for what the input itself holds: biber's data-model
# check is skipped (it flags the input's own fields that archcite keeps, such
# as `lccn` or `timestamp`, and mandatory fields the input lacks), and a file
# written in its own format is checked only when the input passes the same
# validators (archcite writes back what it keeps as the input wrote it).
sample_failed=0; sample_checked=0
own_format() { case "$1" in bib) echo bibtex ;; dc) echo dc ;; *) echo "$1" ;; esac; }
for dir in bib ris csl-json marcxml mods dc oai tei; do
  src="$(ls tests/fixtures/realworld/$dir/* 2>/dev/null | head -n 1)"
  [ -n "$src" ] || continue
  for fmt in dc dcterms tei csl-json bibtex biblatex marcxml mods ead3 ris; do
    if [ "$fmt" = "$(own_format "$dir")" ] && ! bash "$CHECK" "$fmt" "$src" >/dev/null 2>&1; then
      echo "skip  $fmt realworld $dir: the input $src is itself refused by a $fmt validator"
      continue
    fi
    split="$OUT/realworld-$dir-$fmt"
    "$BIN" convert --to "$fmt" --split "$split" "$src" >/dev/null 2>&1
    for file in $(ls "$split"/* 2>/dev/null | head -n 3); do
      skip=""
      [ "$fmt" = tei ] && skip="xmllint-relaxng"
      case "$fmt" in bibtex|biblatex) skip="biber-validate-datamodel" ;; esac
      strict=1
      [ "$fmt" = ris ] && strict=0
      if res=$(CHECK_SKIP="$skip" CHECK_STRICT="${CHECK_STRICT:-$strict}" bash "$CHECK" "$fmt" "$file" 2>&1); then
        echo "ok    $fmt realworld $dir/$(basename "$file") (from $src)"
      else
        echo "FAIL  $fmt realworld $dir/$(basename "$file") (from $src)"; echo "$res" | grep -E 'FAIL|error|Error' | head -n 8 | sed 's/^/      /'
        sample_failed=$((sample_failed + 1))
      fi
      sample_checked=$((sample_checked + 1))
    done
  done
done
echo "conformance: real-world sample: $sample_checked files checked, $sample_failed refused by a validator"
[ "${REALWORLD_STRICT:-1}" = 1 ] && [ "$sample_failed" -gt 0 ] && failed=1
echo "conformance: $checked files checked, $([ $failed = 0 ] && echo 'all valid' || echo 'some invalid')"
exit $failed
