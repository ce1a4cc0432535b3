#!/usr/bin/env bash
# Pruning a large history while /v1/ask is under load (issue 12).
#
#   scripts/bench/retention_prune.sh [ROWS] [CLIENTS] [IDLE_SECS]
#
# Builds `pitwall` in release (BIN=path skips the build), starts a server on
# a fresh data directory (its start-up retention run finds nothing; the next
# is an hour away), then:
#   1. idle: CLIENTS concurrent curl loops ask a locally answered question
#      for IDLE_SECS seconds (default 20) -> idle p99;
#   2. seeds ROWS (default 10,000,000) expired history rows (200 days old,
#      an anonymous principal, whose plan keeps 30 days) with sqlite3;
#   3. under the same load, prunes them (batches of <= 2,000 rows, then
#      incremental vacuum) -> p99 while pruning, prune time:
#        MODE=cli (default): `pitwall retention run` in a second process
#          beside the live server (an operator running it by hand);
#        MODE=server: the server itself, as its hourly job does: it is
#          stopped before the seeding and restarted after, so its start-up
#          retention run does the pruning in-process, on its own writer;
#          the load starts as soon as it is healthy and the window ends at
#          its "retention run" log line;
#   4. prints the database file size before and after.
# Needs curl, jq, sqlite3; 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-10000000}
clients=${2:-4}
idle_secs=${3:-20}
port=${PORT:-18193}
mode=${MODE:-cli}
work=$(mktemp -d)
# KEEP=dir keeps the per-request samples ("seconds start-epoch") and the
# server logs there, to line slow answers up with what the server did.
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$work"/idle.* "$work"/prune.* "$work"/log* "$KEEP"/ 2>/dev/null; rm -rf "$work"' EXIT
. scripts/bench/bench_plan.sh
bench_binary
RUST_LOG=warn bench_fresh_server "$work" "$port"
db=$PITWALL_DATA_DIR/pitwall.sqlite
echo '{"question":"Who won the 2021 Abu Dhabi Grand Prix?"}' >"$work/q.json"

client() { # out-file: asks until $work/stop exists
  while [ ! -e "$work/stop" ]; do
    t0=$EPOCHREALTIME
    curl -s -o /dev/null -w "%{time_total} $t0\n" -H 'Content-Type: application/json' \
      --data-binary @"$work/q.json" "http://127.0.0.1:$port/v1/ask" >>"$1"
  done
}
load() { # label -> starts CLIENTS loops writing $work/<label>.<i>
  rm -f "$work/stop"
  for i in $(seq "$clients"); do client "$work/$1.$i" & done
}
stop_load() { touch "$work/stop"; wait $(jobs -p | grep -v "^$BENCH_PID$") 2>/dev/null || true; }
p99() { # label
  cat "$work/$1".* | awk '{ print $1 * 1000 }' | sort -n | awk '
    { v[NR] = $1 }
    END { printf "n=%d p50 %.2f ms p99 %.2f ms max %.2f ms", NR,
          v[int((NR - 1) * 0.50 + 0.5) + 1], v[int((NR - 1) * 0.99 + 0.5) + 1], v[NR] }'
}
size() { # bytes of the database file and its WAL
  echo $(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
}

load idle
sleep "$idle_secs"
stop_load

if [ "$mode" = server ]; then
  kill -TERM "$BENCH_PID"
  wait "$BENCH_PID" 2>/dev/null || true
fi

# UUIDv7-shaped ids from 200 days ago, one millisecond apart.
base_ms=$(( ($(date +%s) - 200 * 86400) * 1000 ))
seed_start=$(date +%s)
sqlite3 "$db" <<SQL
PRAGMA busy_timeout = 60000;
PRAGMA journal_mode = WAL;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $rows - 1)
INSERT INTO history (id, question, normalised, answer, source, status, latency_ms,
  request_id, principal, created_at)
SELECT printf('%08x-%04x-7000-8000-%012x', ($base_ms + i) >> 16, ($base_ms + i) & 65535, i),
  'Who won the 2021 Abu Dhabi Grand Prix? (bench row ' || i || ')',
  'who won the 2021 abu dhabi grand prix', 'Max Verstappen won the 2021 Abu Dhabi Grand Prix.',
  'local', 'answered', 3, 'bench-' || i, 'ip:203.0.113.0',
  strftime('%Y-%m-%dT%H:%M:%fZ', ($base_ms + i) / 1000.0, 'unixepoch')
FROM n;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
seed_secs=$(( $(date +%s) - seed_start ))
before=$(size)

if [ "$mode" = server ]; then
  # Restart so the start-up retention run prunes in-process; its summary
  # line (info, target pitwall_app::retention_run) ends the window.
  prune_start=$(date +%s.%N)
  PITWALL_BIND="127.0.0.1:$port" RUST_LOG=warn,pitwall_app::retention_run=info \
    bench_serve "$BIN" "$work/log2"
  bench_wait_healthy "$port"
  load prune
  until grep -q '"retention run"\|retention run' "$work/log2"; do
    kill -0 "$BENCH_PID" || { echo "server exited" >&2; exit 1; }
    sleep 0.2
  done
  prune_secs=$(echo "$(date +%s.%N) - $prune_start" | bc)
  stop_load
  grep 'retention run' "$work/log2" | tail -1 >"$work/run.log"
else
  load prune
  prune_start=$(date +%s.%N)
  "$BIN" retention run --json >"$work/run.json" 2>"$work/run.err"
  prune_secs=$(echo "$(date +%s.%N) - $prune_start" | bc)
  stop_load
fi
sqlite3 "$db" 'PRAGMA busy_timeout = 60000; PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
after=$(size)

echo "machine: $(nproc) cores, $(uname -r); work tree $(git rev-parse --short HEAD)+; $(date -u +%FT%TZ)"
echo "rows: $rows seeded in ${seed_secs}s; $clients clients"
echo "idle:    $(p99 idle)"
echo "pruning: $(p99 prune)  (prune took ${prune_secs}s)"
echo "mode: $mode"
if [ "$mode" = server ]; then
  cat "$work/run.log"
else
  jq -c '.tables[] | select(.table == "history")' "$work/run.json"
  echo "free pages left: $(jq .free_pages "$work/run.json")"
fi
echo "database file + WAL: before $before bytes, after $after bytes"
