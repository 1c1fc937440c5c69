#!/usr/bin/env bash
# Run every fuzz target (fuzz/fuzz_targets/) for SECONDS each with libFuzzer on
# the stable toolchain (cargo fuzz --sanitizer none), seeds built first when the
# corpus is missing, and a table of executions per target at the end.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default 60 s, every target)
#        scripts/fuzz.sh --smoke [TARGET...]     (15 s each: for CI)
# Env:   FUZZ_KEEP_GOING=1  go on past a crash (libFuzzer -fork=1 -ignore_*),
#                           to collect several findings in one run
#        FUZZ_MAX_LEN=N     longest input libFuzzer makes (default 4096, 8192 for the
#                           XML readers, archive-page-html and roundtrip). Without a
#                           bound libFuzzer takes the largest seed (up to 32 KB) and
#                           runs several times slower; longer seeds are cut to N.
#        FUZZ_RUNS=N        also stop a target after N executions
#        FUZZ_MERGE=1       first trim each corpus to the inputs (cut to the max_len)
#                           that add coverage (libFuzzer -merge=1); the old corpus is
#                           kept in fuzz/corpus-before-merge/<target>/
#        FUZZ_ARGS="..."    extra libFuzzer flags (e.g. -dict=FILE)
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Exits 1 when any target found
# a crash, a hang (an input taking over 5 s) or an out-of-memory (over 2 GB);
# the inputs are in fuzz/artifacts/<target>/ and the logs in fuzz/artifacts/logs/.
# Every run adds a line to fuzz/artifacts/logs/runs.tsv (date, target, seconds,
# executions, execs/s, status), so executions over repeated runs can be summed:
#   awk -F'\t' '{n[$2]+=$4} END {for (t in n) print t, n[t]}' fuzz/artifacts/logs/runs.tsv
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=60
if [ "${1:-}" = "--smoke" ]; then seconds=15; shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds="$1"; shift
fi
all=(json jsonl csl-json bibtex biblatex ris dc dcterms tei marcxml marc mods ead3 oai-pmh
     archive-page archive-page-html refparse roundtrip)
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

command -v cargo-fuzz >/dev/null || { echo "fuzz: cargo-fuzz is missing: cargo install cargo-fuzz" >&2; exit 2; }
for t in "${targets[@]}"; do
  [ -f "fuzz/fuzz_targets/$t.rs" ] || { echo "fuzz: no target $t (targets: ${all[*]})" >&2; exit 2; }
  if [ -z "$(ls -A "fuzz/corpus/$t" 2>/dev/null)" ]; then need_seeds=1; fi
done
if [ -n "${need_seeds:-}" ]; then
  scripts/fuzz-seeds.sh >/dev/null || { echo "fuzz: building seeds failed" >&2; exit 2; }
fi

echo "== building the fuzz targets"
(cd fuzz && cargo fuzz build --sanitizer none) || { echo "fuzz: build failed" >&2; exit 2; }

flags=(-max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1)
[ -n "${FUZZ_RUNS:-}" ] && flags+=(-runs="$FUZZ_RUNS")
if [ -n "${FUZZ_KEEP_GOING:-}" ]; then
  flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi
# shellcheck disable=SC2206
flags+=(${FUZZ_ARGS:-})

# max_len TARGET: the longest input to make for TARGET.
max_len() {
  if [ -n "${FUZZ_MAX_LEN:-}" ]; then echo "$FUZZ_MAX_LEN"; return; fi
  case "$1" in
    dc|dcterms|tei|marcxml|marc|mods|ead3|archive-page-html|roundtrip) echo 8192 ;;
    *) echo 4096 ;;
  esac
}
# target_flags TARGET: the flags for one target. The archive-page reader prints
# its warnings on stderr for every input: -close_fd_mask=2 closes stderr for the
# target's code (libFuzzer keeps a copy of its own), so the log holds only
# libFuzzer's lines; a panic's message is then seen when the input is replayed.
target_flags() {
  echo "-max_len=$(max_len "$1")"
  case "$1" in archive-page|archive-page-html) echo "-close_fd_mask=2" ;; esac
}

mkdir -p fuzz/artifacts/logs
failed=0
summary=()
for t in "${targets[@]}"; do
  log="fuzz/artifacts/logs/$t.log"
  mapfile -t tflags < <(target_flags "$t")
  if [ -n "${FUZZ_MERGE:-}" ]; then
    echo "== $t: trimming the corpus (-merge=1, ${tflags[0]})"
    rm -rf "fuzz/corpus-before-merge/$t" && mkdir -p fuzz/corpus-before-merge fuzz/corpus-merged
    mv "fuzz/corpus/$t" "fuzz/corpus-before-merge/$t"
    rm -rf "fuzz/corpus-merged/$t" && mkdir -p "fuzz/corpus-merged/$t"
    if (cd fuzz && cargo fuzz run --sanitizer none "$t" "corpus-merged/$t" "corpus-before-merge/$t" -- \
          -merge=1 "${tflags[@]}" -timeout=5 -rss_limit_mb=2048) >"fuzz/artifacts/logs/$t.merge.log" 2>&1; then
      mv "fuzz/corpus-merged/$t" "fuzz/corpus/$t"
    else
      echo "   merge failed (fuzz/artifacts/logs/$t.merge.log): corpus kept" >&2
      mv "fuzz/corpus-before-merge/$t" "fuzz/corpus/$t"
    fi
    echo "   $(find "fuzz/corpus/$t" -type f | wc -l) inputs kept of $(find "fuzz/corpus-before-merge/$t" -type f 2>/dev/null | wc -l)"
  fi
  echo "== $t ($seconds s${FUZZ_RUNS:+, at most $FUZZ_RUNS runs}, ${tflags[*]})"
  (cd fuzz && cargo fuzz run --sanitizer none "$t" -- "${flags[@]}" "${tflags[@]}") >"$log" 2>&1
  rc=$?
  execs=$(grep -ao 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  rate=$(grep -ao 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  if [ -z "$execs" ]; then # fork mode reports its own count
    execs=$(grep -ao '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  fi
  execs=${execs:-0}
  rate=${rate:-$((execs / seconds))}
  found=$(grep -ao 'Test unit written to [^ ]*' "$log" | sed 's/Test unit written to //' | sort -u)
  if [ $rc -ne 0 ] || [ -n "$found" ]; then
    failed=1; status=FOUND
    grep -a -m1 -A1 "panicked at" "$log" | sed 's/^/   /'
    grep -a -m1 -E "ERROR: libFuzzer|ALARM: working on the last Unit" "$log" | sed 's/^/   /'
    for f in $found; do
      case "$f" in /*) ;; *) f="fuzz/${f#./}" ;; esac
      echo "   input: $f"
    done
  else
    status=ok
  fi
  summary+=("$(printf '%-18s %-6s %10s execs %8s/s' "$t" "$status" "$execs" "$rate")")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$seconds" "$execs" "$rate" "$status" \
    >>fuzz/artifacts/logs/runs.tsv
done

echo "== summary ($seconds s a target; logs in fuzz/artifacts/logs/)"
printf '%s\n' "${summary[@]}"
if [ $failed -ne 0 ]; then
  echo "fuzz: findings above; reproduce one with: cd fuzz && cargo fuzz run --sanitizer none TARGET INPUT" >&2
fi
exit $failed
