#!/usr/bin/env bash
# What the per-principal checks cost (issue 10): local-answer throughput and
# p99 over HTTP with key verification, rate limit, daily quota and
# concurrency checks in the path, against the same binary with
# PITWALL_REQUEST_LIMITS=off, in one run.
#
#   scripts/bench/limits_cost.sh [ROUNDS] [SECONDS]
#
# Three arms, alternated ROUNDS times (default 4; the order flips every
# round), each on a fresh server over a copy of one F1 database:
#   off   PITWALL_REQUEST_LIMITS=off, anonymous (no checks at all)
#   anon  limits on, anonymous (IP principal: concurrency + GCRA + day quota)
#   key   limits on, every request with a user's API key (+ HMAC key check)
# ARMS="anon nometrics" measures what metrics cost instead (issue 11):
#   nometrics  as anon, with PITWALL_METRICS=false
# In every arm with metrics on, /metrics is scraped every 5 s during the
# run, as a Prometheus would (more often than its usual 15 s); the slowest
# scrape's wall time under the load is printed as scrape_ms_max.
# The plans are lifted high enough that nothing is refused: the checks run
# and admit, which is what they cost in normal operation. wrk: 2 threads,
# 32 connections, SECONDS s (default 10), cycling the dev questions.
# Targets 127.0.0.1 only. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-4}
seconds=${2:-10}
questions=$(realpath ../shared/questions/dev_questions.jsonl)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/bench}
cargo build -q --release -p pitwall
bin="$work/pitwall"
cp "$CARGO_TARGET_DIR/release/pitwall" "$bin"
export PITWALL_KEY_PEPPER=bench-pepper RUST_LOG=warn

for plan in anonymous bench; do # the same lifted limits for both arms' principals
  printf '[plans.%s]\nrequests_per_minute = 1000000\nrequests_per_day = 1000000\n%s\n\n' \
    "$plan" 'llm_questions_per_day = 0
llm_usd_per_day = 0.0
max_concurrent = 4096
history_retention_days = 30'
done >"$work/plans.toml"
export PITWALL_CONFIG="$work/plans.toml"

# One imported F1 database plus a user and key, copied for every run.
mkdir -p "$work/seed"
PITWALL_DATA_DIR="$work/seed" "$bin" import >"$work/import.log" 2>&1 ||
  { cat "$work/import.log" >&2; exit 1; }
user=$(PITWALL_DATA_DIR="$work/seed" "$bin" admin --json users create bench --plan bench |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
key=$(PITWALL_DATA_DIR="$work/seed" "$bin" admin --json keys create "$user" --label bench |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

run() { # arm port
  local arm=$1 port=$2 data="$work/data-$1-$RANDOM" limits=on auth=() metrics=true
  mkdir -p "$data" && cp "$work/seed/"*.sqlite "$data/"
  [ "$arm" = off ] && limits=off
  [ "$arm" = key ] && auth=(-H "Authorization: Bearer $key")
  [ "$arm" = nometrics ] && metrics=false
  PITWALL_DATA_DIR="$data" PITWALL_BIND="127.0.0.1:$port" PITWALL_REQUEST_LIMITS=$limits \
    PITWALL_METRICS=$metrics "$bin" serve >"$data/log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local url="http://127.0.0.1:$port" out cpu0 cpu1 ticks
  QUESTIONS=$questions wrk -t2 -c32 -d2s "${auth[@]}" -s scripts/bench/ask_cycle.lua "$url" >/dev/null
  ticks=$(getconf CLK_TCK)
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  local scraper=
  local scrapes="$data/scrapes"
  : >"$scrapes"
  if [ "$metrics" = true ]; then
    # Each scrape's wall time under the load (curl's time_total, seconds).
    (while sleep 5; do
      curl -sf -o /dev/null -w '%{time_total}\n' "$url/metrics" >>"$scrapes" || true
    done) &
    scraper=$!
  fi
  out=$(QUESTIONS=$questions wrk -t2 -c32 -d"${seconds}s" "${auth[@]}" \
    -s scripts/bench/ask_cycle.lua "$url" | grep RESULT)
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  [ -n "$scraper" ] && { kill "$scraper"; wait "$scraper" 2>/dev/null || true; }
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local requests=${out#*requests=}; requests=${requests%% *}
  local scrape_ms=
  if [ -s "$scrapes" ]; then
    scrape_ms=" scrape_ms_max=$(sort -n "$scrapes" | tail -1 | awk '{printf "%.1f", $1 * 1000}')"
  fi
  echo "$arm $out server_cpu_us_per_req=$(( (cpu1 - cpu0) * 1000000 / ticks / (requests > 0 ? requests : 1) ))$scrape_ms"
}

echo "machine: $(nproc) cores, $(uname -r); $(git rev-parse --short HEAD)+; $(date -u +%FT%TZ)"
read -r -a arms <<<"${ARMS:-off anon key}"
for i in $(seq "$rounds"); do
  order=("${arms[@]}")
  if [ $((i % 2)) = 0 ]; then
    order=()
    for ((j = ${#arms[@]} - 1; j >= 0; j--)); do order+=("${arms[j]}"); done
  fi
  port=18181
  for arm in "${order[@]}"; do run "$arm" "$port"; port=$((port + 1)); done
done
