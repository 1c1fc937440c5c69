# Shared by the bench scripts: source it, then call measure.
#
# measure LABEL N CMD... : run CMD, add a table row to ROWS with the wall time,
# records per second and peak RSS. LABEL_WIDTH sets the label column's width.
ROWS=()
measure() {
  local label="$1" n="$2"; shift 2
  local start end kb ms
  start=$(date +%s%N)
  kb=$( { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null; } | tail -n 1)
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  ROWS+=("$(printf "| %-${LABEL_WIDTH:-34}s | %9d | %8.1f | %10d | %8.1f |" "$label" "$n" \
    "$(awk "BEGIN{print $ms/1000}")" $(( n * 1000 / (ms > 0 ? ms : 1) )) "$(awk "BEGIN{print $kb/1024}")")")
}
