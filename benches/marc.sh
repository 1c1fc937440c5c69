#!/usr/bin/env bash
# Throughput and peak memory of binary MARC (ISO 2709) -> MARCXML, beside pymarc.
#
# Usage: benches/marc.sh [N]   (default 1000000)
# Builds an .mrc file of N real records by cycling through the records of the
# pymarc and marc4j test files in tests/fixtures/marc/ (MARC-8 and UTF-8, Latin,
# Cyrillic, Greek, EACC; the damaged files are left out), converts it with the
# release binary to MARCXML, and converts N/10 the same way to show that peak
# memory does not grow with the file. pymarc (the conformance kit's, else
# any python3 with pymarc) converts the same file with its streaming XMLWriter;
# PYMARC_N=100000 gives it fewer records when N is large (it is much slower).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
SMALL=$((N / 10))
PYMARC_N="${PYMARC_N:-$N}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
BIN=target/release/archcite

# make N FILE: N records cycled from the clean fixtures.
make() {
  python3 - "$1" "$2" tests/fixtures/marc/{pymarc-test,pymarc-marc8,pymarc-diacritic,marc4j-brkrtest,marc4j-selectedRecs,marc4j-chabon,marc4j-summerland,marc4j-cyrillic_capital_e,marc4j-u335,marc4j-oclc_63111280_export_as_UTF8_from_connexion}.mrc <<'PY'
import sys
n, out, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
records = [r + b"\x1d" for f in files for r in open(f, "rb").read().split(b"\x1d") if r.strip()]
with open(out, "wb") as fh:
    for i in range(n):
        fh.write(records[i % len(records)])
PY
}
make "$N" "$TMP/big.mrc"
make "$SMALL" "$TMP/small.mrc"

LABEL_WIDTH=30
# shellcheck source=benches/lib.sh
. benches/lib.sh

measure "archcite mrc -> marcxml" "$N" "$BIN" convert --to marcxml -o "$TMP/out.xml" "$TMP/big.mrc"
measure "archcite mrc -> marcxml" "$SMALL" "$BIN" convert --to marcxml -o "$TMP/small.xml" "$TMP/small.mrc"

PY="${XDG_CACHE_HOME:-$HOME/.cache}/conformance/venv/bin/python"
[ -x "$PY" ] || PY=python3
if "$PY" -c 'import pymarc' 2>/dev/null; then
  make "$PYMARC_N" "$TMP/py.mrc"
  cat > "$TMP/pymarc_xml.py" <<'PY'
import sys, pymarc
with open(sys.argv[1], "rb") as fh, open(sys.argv[2], "wb") as out:
    writer = pymarc.XMLWriter(out)
    for record in pymarc.MARCReader(fh, to_unicode=True, force_utf8=False):
        if record is not None:
            writer.write(record)
    writer.close(close_fh=False)
PY
  measure "pymarc mrc -> marcxml" "$PYMARC_N" "$PY" "$TMP/pymarc_xml.py" "$TMP/py.mrc" "$TMP/pymarc.xml"
else
  echo "pymarc not found (run ../shared/conformance/install.sh); its row is left out" >&2
fi

echo "| conversion                     |   records |      s   |  records/s |  peak MB |"
echo "|--------------------------------|-----------|----------|------------|----------|"
printf '%s\n' "${ROWS[@]}"
exit 0
