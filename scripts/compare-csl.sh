#!/usr/bin/env bash
# How many values land in the right CSL-JSON variable: BibTeX -> CSL-JSON by
# archcite and by pandoc, RIS -> CSL-JSON by archcite and by Citation.js.
#
# usage: scripts/compare-csl.sh [FILES...]
#   FILES default to every .bib and .ris file under tests/fixtures/realworld/.
#   ARCHCITE=path/to/archcite to score another build (default target/release/archcite,
#   built when missing); CITATIONJS_NODE_MODULES for Citation.js (default
#   ~/.cache/conformance/node/node_modules).
# Prints both comparisons; exits 1 when archcite's total is below the other
# tool's in either, so CI can gate on it.
set -uo pipefail
cd "$(dirname "$0")/.."

ARCHCITE="${ARCHCITE:-target/release/archcite}"
if [ ! -x "$ARCHCITE" ]; then
  cargo build --release --quiet || exit 2
fi

bib=() ris=()
if [ "$#" -eq 0 ]; then
  while IFS= read -r -d '' f; do bib+=("$f"); done < <(find tests/fixtures/realworld -name '*.bib' -print0 | sort -z)
  while IFS= read -r -d '' f; do ris+=("$f"); done < <(find tests/fixtures/realworld -name '*.ris' -print0 | sort -z)
else
  for f in "$@"; do
    case "$f" in
      *.bib) bib+=("$f") ;;
      *.ris) ris+=("$f") ;;
      *) echo "compare-csl: $f is neither .bib nor .ris" >&2; exit 2 ;;
    esac
  done
fi

status=0
if [ "${#bib[@]}" -gt 0 ]; then
  python3 scripts/csl-fields.py bibtex --archcite "$ARCHCITE" "${bib[@]}" || status=1
else
  echo "== bibtex -> CSL-JSON: no .bib file"
fi
echo
if [ "${#ris[@]}" -gt 0 ]; then
  python3 scripts/csl-fields.py ris --archcite "$ARCHCITE" "${ris[@]}" || status=1
else
  echo "== ris -> CSL-JSON: no .ris file"
fi
exit "$status"
