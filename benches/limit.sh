#!/usr/bin/env bash
# Convert speed against the practical limit of a JSON Lines converter.
#
# Usage: benches/limit.sh [N]   (default 100000)
#
# Builds the release binary and the reference program in benches/limit/ (it
# reads each CSL-JSON line into a typed item of borrowed strings and writes it
# back: parsing and writing JSON, nothing else), generates N records with
# ../shared/perf/gen_corpus.py (or $GEN_CORPUS), converts them once into every
# input format, then times the reference and each convert path on one core
# (taskset -c 0) and on all cores, in the same run. Prints records/s, the
# ratio to the limit measured the same way, and peak memory. Ratios, not
# absolute figures, are what carries from one machine to another.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
GEN="${GEN_CORPUS:-../shared/perf/gen_corpus.py}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
CARGO_TARGET_DIR="$TMP/limit-target" cargo build --release --quiet --manifest-path benches/limit/Cargo.toml
BIN=target/release/archcite
REF="$TMP/limit-target/release/limit-ref"
CORES=$(nproc)

python3 "$GEN" "$N" "$TMP" >/dev/null
cp "$TMP/corpus_$N.jsonl" "$TMP/in.csljsonl"
"$BIN" convert --from csl-json --to jsonl -o "$TMP/in.jsonl" "$TMP/corpus_$N.json" 2>/dev/null
for f in json csl-json tei mods marcxml dc ris; do
  "$BIN" convert --to "$f" -o "$TMP/in.$f" "$TMP/in.jsonl" 2>/dev/null
done
cp "$TMP/corpus_$N.bib" "$TMP/in.bib"

# time_of CORES CMD... -> "seconds kB" (best of two: shared machines are noisy)
time_of() {
  local where="$1"; shift
  local best="" kb=0 s k
  for _ in 1 2; do
    if [ "$where" = one ]; then
      /usr/bin/time -o "$TMP/time" -f '%e %M' taskset -c 0 "$@" >/dev/null 2>/dev/null || true
    else
      /usr/bin/time -o "$TMP/time" -f '%e %M' "$@" >/dev/null 2>/dev/null || true
    fi
    read -r s k < <(tail -n 1 "$TMP/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; kb=$k; fi
  done
  echo "$best $kb"
}
rate() { awk -v n="$N" -v s="$1" 'BEGIN { if (s <= 0) s = 0.001; printf "%d", n / s }'; }

declare -A LIMIT
for where in one all; do
  read -r s _ < <(time_of "$where" sh -c "\"$REF\" < \"$TMP/in.csljsonl\"")
  LIMIT[$where]=$(rate "$s")
done
echo "limit (serde_json, typed borrowed items): one core ${LIMIT[one]} records/s, $CORES cores ${LIMIT[all]} records/s"
echo
printf '| path | 1 core: records/s | × limit | peak MB | %s cores: records/s | × limit | peak MB |\n' "$CORES"
printf '|---|---:|---:|---:|---:|---:|---:|\n'
for p in jsonl:jsonl json:json jsonl:json jsonl:csl-json csl-json:jsonl csl-json:csl-json \
         jsonl:tei jsonl:mods jsonl:marcxml jsonl:dc tei:jsonl mods:jsonl marcxml:jsonl dc:jsonl \
         jsonl:bibtex jsonl:ris bib:csl-json ris:csl-json; do
  from=${p%%:*}; to=${p#*:}
  args=(convert --to "$to" -o "$TMP/out")
  [ "$from" = csl-json ] && args+=(--from csl-json)
  row="| $from → $to"
  for where in one all; do
    read -r s kb < <(time_of "$where" "$BIN" "${args[@]}" "$TMP/in.$from")
    r=$(rate "$s")
    row+=" | $r | $(awk -v r="$r" -v l="${LIMIT[$where]}" 'BEGIN { printf "%.2f", r / l }') | $(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')"
  done
  echo "$row |"
done
