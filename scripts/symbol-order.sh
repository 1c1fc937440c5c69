#!/usr/bin/env bash
# Write link/symbol-order.txt: the functions the command runs on common jobs,
# in the order they first run, for the linker to place side by side.
#
# Usage: scripts/symbol-order.sh           write the list
#        scripts/symbol-order.sh --check BIN
#          exit 1 when under 85% of the listed names (those that do not
#          depend on the build's path) are symbols of BIN: the
#          list has gone stale (a new toolchain or Cargo.lock), rerun this.
#
# Why: the kernel maps an executable's code in blocks around each page a run
# touches, so code spread over the 14 MB text section made every run resident
# in about 5 MB of it, while the code actually run fits in 1.5 MB. Placed
# together (lld's --symbol-ordering-file, given by build.rs), the same runs
# keep about 4 MB less resident, at the same speed.
#
# The jobs: converting generated records from JSON Lines into every format and
# back, reading each example, cite and validate, each under valgrind's callgrind
# (which lists every function run, whatever the machine's load). Symbol names
# carry hashes of the compiler and the crate versions: rerun this after a
# toolchain or Cargo.lock change, or when the code a conversion runs has
# changed much. A stale list costs memory, never correctness: names that no
# longer exist are skipped by the linker.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --check ]; then
  bin="${2:?--check needs the executable}"
  # Names with an .llvm. suffix depend on the build's path, and callgrind
  # marks recursion with a quote: neither says whether the list is stale.
  stable=$(grep -v -e '[.]llvm[.]' -e "'" link/symbol-order.txt | sort -u)
  listed=$(printf '%s\n' "$stable" | wc -l)
  found=$(nm "$bin" | awk '{print $NF}' | sort -u | comm -12 - <(printf '%s\n' "$stable") | wc -l)
  echo "link/symbol-order.txt: $found of $listed names are symbols of $bin"
  if [ $((found * 100)) -lt $((listed * 85)) ]; then
    echo "the list is stale: run scripts/symbol-order.sh and commit link/symbol-order.txt" >&2
    exit 1
  fi
  exit 0
fi
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 2; }
cargo build --release --quiet
BIN=target/release/archcite
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

python3 scripts/gen_native.py 200 "$TMP/in.jsonl"
n=0
profile() { # profile ARGS...: one callgrind run of the command
  n=$((n + 1))
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$TMP/cg.$(printf %03d $n)" \
    "$BIN" "$@" >/dev/null 2>&1 || true
}
formats="jsonl json csl-json bibtex biblatex ris marcxml mods dc dcterms tei ead3 jsonld"
for to in $formats; do
  profile convert --jobs 1 --to "$to" -o "$TMP/out.$to" "$TMP/in.jsonl"
done
for from in json csl-json bibtex ris marcxml mods dc tei ead3; do
  [ -f "$TMP/out.$from" ] || continue
  args=(convert --jobs 1 --to jsonl -o "$TMP/back.jsonl")
  [ "$from" = csl-json ] && args+=(--from csl-json)
  profile "${args[@]}" "$TMP/out.$from"
done
profile convert --to jsonl -o "$TMP/par.jsonl" "$TMP/in.jsonl"
for example in examples/*.json; do
  profile cite "$example"
done
profile validate "$TMP/in.jsonl"

mkdir -p link
python3 - "$TMP" > link/symbol-order.txt <<'EOF'
import glob, re, sys
seen, order = set(), []
for path in sorted(glob.glob(sys.argv[1] + "/cg.*")):
    objects, functions, current = {}, {}, None
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not m:
            continue
        kind, ident, name = m.groups()
        table = objects if kind.endswith("ob") else functions
        if name:
            table[ident] = name
        if kind == "ob":
            current = objects.get(ident)
        elif kind == "fn" and current and current.endswith("/archcite"):
            symbol = functions.get(ident)
            # Only real symbols: callgrind names code it cannot place by address.
            if symbol and not symbol.startswith("0x") and symbol not in seen:
                seen.add(symbol)
                order.append(symbol)
print("\n".join(order))
EOF
echo "link/symbol-order.txt: $(wc -l < link/symbol-order.txt) functions" >&2
