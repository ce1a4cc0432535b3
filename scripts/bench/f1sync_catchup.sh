#!/bin/bash
# Full F1 catch-up from the CSV state (2025 round 21) to 2026 round 11 against
# the Jolpica stand-in at the real limits (4/s, 500/h), with a server answering
# a question in a loop on the same data dir to see the swap from its side; then
# a second, idle run. Needs: cargo build --release -p pitwall -p pitwall-jolpica-standin
# Usage: scripts/bench/f1sync_catchup.sh (from the repo root; uses port 18931).
set -e
M=$(pwd)
B=$M/target/release
SHARED=${SHARED:-$M/../shared/f1data}
WORK=$(mktemp -d)
cd "$WORK"
mkdir data
$B/jolpica-standin --bind 127.0.0.1:0 --data "$SHARED" > standin.out 2> standin.err &
SPID=$!
sleep 1
URL=$(sed -n 's/listening on //p' standin.out)
export PITWALL_DATA_DIR=$WORK/data PITWALL_F1_DATA=$SHARED/ergast-csv PITWALL_F1_API_URL=$URL PITWALL_F1_SYNC_NOW=2026-08-01T00:00:00Z
$B/pitwall import > /dev/null 2>&1
# a server answering while the sync swaps
PITWALL_BIND=127.0.0.1:18931 $B/pitwall serve > serve.out 2> serve.err &
VPID=$!
sleep 3
( end=$((SECONDS+40)); while [ $SECONDS -lt $end ]; do curl -s -o /dev/null -w '%{time_total}\n' -H 'content-type: application/json' -d '{"question":"Who won the 2019 Italian Grand Prix?"}' http://127.0.0.1:18931/v1/ask; done > latencies.txt ) &
LPID=$!
sleep 2
/usr/bin/time -f "wall %e s, max RSS %M KB" $B/pitwall sync --until 2026/11 2> sync1.txt
/usr/bin/time -f "wall %e s, max RSS %M KB" $B/pitwall sync --until 2026/11 2> sync2.txt
wait $LPID
kill -INT $SPID; sleep 1
kill $VPID; wait $VPID 2>/dev/null || true
cat sync1.txt; echo ---; cat sync2.txt; echo ---; cat standin.err
sort -n latencies.txt | awk '{a[NR]=$1} END {print "asks", NR, "p50", a[int(NR*0.5)], "p99", a[int(NR*0.99)], "max", a[NR]}'
rm -rf "$WORK"
