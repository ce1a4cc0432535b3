#!/usr/bin/env bash
# How many bytes of logs 1,000 requests write (issue 12: logs are data too).
#
#   scripts/bench/log_growth.sh [REQUESTS]
#
# Builds `pitwall` in release (BIN=path skips the build) and the OpenAI
# stand-in, then for each log format (text, json) and each kind of traffic
# starts a fresh server at the default level (RUST_LOG unset: info, as
# deployed), sends REQUESTS (default 1,000) requests one at a time, and
# prints the bytes the server wrote to stderr for them (start-up lines
# excluded) and per request:
#   answered  questions the local engine answers (cycling the dev set);
#   limited   one client past its plan's per-minute limit (10/min): 429s;
#   llm_rpm   questions the engine declines, sent to the LLM with a
#             client-side limit of 1 request/min: all but the first fall
#             back as `rate_limited` (the case that wrote 311 MB a minute
#             before its warning was throttled);
#   overload  `serve` at 1 request in flight, 16 clients at once (some 503s).
# Each line ends with the responses seen, as count×status/reason.
# Needs curl and jq; 127.0.0.1 only; bounded by REQUESTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-1000}
port=${PORT:-18195}
llm_port=$((port + 1))
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/bench/bench_plan.sh
bench_binary
cargo build -q --release -p pitwall-llm-standin
standin=$CARGO_TARGET_DIR/release/openai-standin
questions=$(realpath ../shared/questions/dev_questions.jsonl)

"$standin" --bind "127.0.0.1:$llm_port" >"$work/standin.log" 2>&1 &
export PITWALL_DATA_DIR=$work/data
mkdir -p "$PITWALL_DATA_DIR"
"$BIN" import >/dev/null 2>&1

mkdir -p "$work/q"
n=0
while IFS= read -r line; do
  jq -c '{question: .question}' <<<"$line" >"$work/q/$n.json"
  n=$((n + 1))
done <"$questions"
echo '{"question":"Which driver won the most races in the rain on a Sunday?"}' >"$work/decline.json"

plan() { # requests_per_minute max_concurrent -> a plan file
  cat >"$work/plan.toml" <<TOML
[plans.anonymous]
requests_per_minute = $1
requests_per_day = 1000000
llm_questions_per_day = 1000000
llm_usd_per_day = 100.0
max_concurrent = $2
history_retention_days = 30
TOML
}

ask() { # body-file -> "status/reason" (reason: the answer's, or the problem's code)
  local out
  out=$(curl -s -w '\n%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @"$1" "http://127.0.0.1:$port/v1/ask")
  local reason
  reason=$(head -n -1 <<<"$out" | grep -o '"\(reason\|code\)":"[a-z_]*"' | head -1 | cut -d'"' -f4 || true)
  echo "$(tail -n 1 <<<"$out")/${reason:--}"
}

run() { # format kind -> "bytes statuses"
  local format=$1 kind=$2 pid start
  rm -f "$work/codes"
  case $kind in
    limited) plan 10 64 ;;
    *) plan 1000000 4096 ;;
  esac
  local extra=()
  case $kind in
    llm_rpm) extra=(OPENAI_API_KEY=sk-bench PITWALL_LLM_BASE_URL="http://127.0.0.1:$llm_port/v1"
                    PITWALL_LLM_RPM=1) ;;
    overload) extra=(PITWALL_MAX_IN_FLIGHT=1) ;;
  esac
  env PITWALL_CONFIG="$work/plan.toml" PITWALL_LOG_FORMAT="$format" PITWALL_BIND="127.0.0.1:$port" \
    "${extra[@]}" "$BIN" serve 2>"$work/log" >/dev/null &
  pid=$!
  bench_wait_healthy "$port"
  sleep 0.5
  start=$(stat -c %s "$work/log")
  case $kind in
    answered) for i in $(seq 0 $((requests - 1))); do ask "$work/q/$((i % n)).json" >>"$work/codes"; done ;;
    limited | llm_rpm)
      local body=$work/q/0.json
      [ "$kind" = llm_rpm ] && body=$work/decline.json
      for _ in $(seq "$requests"); do ask "$body" >>"$work/codes"; done ;;
    overload)
      local clients=()
      for c in $(seq 16); do
        (for _ in $(seq $((requests / 16))); do ask "$work/q/$((c % n)).json"; done >>"$work/codes.$c") &
        clients+=($!)
      done
      wait "${clients[@]}"
      cat "$work"/codes.* >"$work/codes"; rm -f "$work"/codes.* ;;
  esac
  sleep 0.5
  local bytes=$(( $(stat -c %s "$work/log") - start ))
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  local sent codes
  sent=$(wc -l <"$work/codes")
  codes=$(sort "$work/codes" | uniq -c | awk '{printf "%s×%s ", $1, $2}')
  printf '%-5s %-9s %6d requests  %9d bytes  %7.1f KiB per 1,000 requests  (%s)\n' \
    "$format" "$kind" "$sent" "$bytes" "$(echo "$bytes * 1000 / $sent / 1024" | bc -l)" "$codes"
}

echo "machine: $(nproc) cores, $(uname -r); work tree $(git rev-parse --short HEAD)+; $(date -u +%FT%TZ)"
for format in text json; do
  for kind in answered limited llm_rpm overload; do
    run "$format" "$kind"
  done
done
