#!/usr/bin/env bash
# OAI-PMH ListRecords over a store of N records: records per second, the
# server's memory as the harvest goes on, and the size of every resumption token.
#
# Usage: benches/oai.sh [N] [PAGE]   (defaults 100000 records, 100 per response)
# Makes N records with ../shared/perf/gen_corpus.py (CSL-JSON), imports them into
# a new store (timed), serves it with the release binary, and harvests the
# whole list once per metadata prefix with a plain Python client that follows
# the resumption tokens. The server's resident memory (VmRSS) is read after
# 10 %, 50 % and 100 % of each list, and its peak (VmHWM) at the end: flat
# memory shows as the same figure at every point.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
PAGE="${2:-100}"
TMP="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
cargo build --release --quiet
BIN=target/release/archcite

python3 ../shared/perf/gen_corpus.py "$N" "$TMP" >/dev/null
start=$(date +%s%N)
"$BIN" store import --db "$TMP/oai.db" --from csl-json "$TMP/corpus_$N.json" 2>"$TMP/import.log"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "store import: $(tail -n 1 "$TMP/import.log") in $(awk "BEGIN{print $ms/1000}") s ($(( N * 1000 / (ms > 0 ? ms : 1) )) records/s); store $(du -m "$TMP/oai.db" | cut -f1) MB"

"$BIN" serve --db "$TMP/oai.db" --addr 127.0.0.1:0 --page-size "$PAGE" 2>"$TMP/serve.log" &
SERVER=$!
for _ in $(seq 50); do grep -q ' at http' "$TMP/serve.log" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.* at \(http[^ ]*\) .*/\1/p' "$TMP/serve.log" | head -n 1)

python3 - "$URL" "$SERVER" "$N" <<'PY'
import re, sys, time, urllib.parse, urllib.request
url, pid, n = sys.argv[1], sys.argv[2], int(sys.argv[3])

def mem(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0

print("| prefix | records | s | records/s | records/s, 1st / 2nd half | RSS at 10 % / 50 % / 100 % (MB) | peak MB | token bytes (min-max) |")
print("|---|---:|---:|---:|---|---|---:|---|")
for prefix in ["oai_dc", "marc21", "mods"]:
    query = {"verb": "ListRecords", "metadataPrefix": prefix}
    records, tokens, samples, marks = 0, [], [], [n // 10, n // 2]
    start = time.time()
    half = None
    while True:
        body = urllib.request.urlopen(url + "?" + urllib.parse.urlencode(query)).read().decode()
        if "<error" in body:
            sys.exit("error response: " + body[:500])
        records += body.count("<record>")
        if half is None and records >= n // 2:
            half = (records, time.time())
        while marks and records >= marks[0]:
            samples.append(mem("VmRSS")); marks.pop(0)
        m = re.search(r"<resumptionToken[^>]*>([^<]*)</resumptionToken>", body)
        if not m or not m.group(1):
            break
        tokens.append(len(m.group(1)))
        query = {"verb": "ListRecords", "resumptionToken": m.group(1)}
    took = time.time() - start
    samples.append(mem("VmRSS"))
    assert records == n, f"{prefix}: {records} records of {n}"
    rss = " / ".join(f"{s:.1f}" for s in samples)
    first = half[0] / (half[1] - start)
    second = (records - half[0]) / (start + took - half[1])
    print(f"| {prefix} | {records} | {took:.1f} | {records / took:.0f} | {first:.0f} / {second:.0f} | {rss} | {mem('VmHWM'):.1f} | {min(tokens)}-{max(tokens)} |")
PY
