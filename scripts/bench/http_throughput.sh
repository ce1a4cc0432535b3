#!/usr/bin/env bash
# Local-answer throughput over HTTP, A/B between two commits in one run.
#
#   scripts/bench/http_throughput.sh [BASE_COMMIT] [ROUNDS] [SECONDS] [ask|healthz]
#
# Builds `pitwall` in release for BASE_COMMIT (default: the commit before the
# connection limits, 8a91a7e) and for the work tree, then alternates them
# ROUNDS times (default 3): each round starts a fresh server on a copy of one
# F1 database, warms it for 2 s, and runs wrk (2 threads, 32 connections,
# SECONDS s, default 10) cycling through ../shared/questions/dev_questions.jsonl.
# History is written durably in both, as in production. Needs wrk
# (apt-get install wrk). Targets 127.0.0.1 only. BASE_BIN=path skips the
# base build (a release binary of BASE_COMMIT built earlier).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/bench/bench_plan.sh
base=${1:-8a91a7e}
rounds=${2:-3}
seconds=${3:-10}
target=${4:-ask} # ask: POST /v1/ask cycling the dev questions; healthz: GET /healthz
questions=$(realpath ../shared/questions/dev_questions.jsonl)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; git worktree remove --force "$work/base" 2>/dev/null || true' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/bench}

if [ -n "${BASE_BIN:-}" ]; then
  cp "$BASE_BIN" "$work/pitwall-base" # a release build of $base made earlier
else
  git worktree add -q --detach "$work/base" "$base"
  (cd "$work/base" && cargo build -q --release -p pitwall)
  cp "$CARGO_TARGET_DIR/release/pitwall" "$work/pitwall-base"
fi
cargo build -q --release -p pitwall
cp "$CARGO_TARGET_DIR/release/pitwall" "$work/pitwall-head"

# One imported F1 database, copied for every run.
mkdir -p "$work/seed"
PITWALL_DATA_DIR="$work/seed" "$work/pitwall-head" import >/dev/null 2>&1

run() { # label binary port
  local label=$1 bin=$2 port=$3 data="$work/data-$1-$RANDOM"
  mkdir -p "$data" && cp "$work/seed/f1.sqlite" "$data/"
  PITWALL_DATA_DIR="$data" PITWALL_BIND="127.0.0.1:$port" RUST_LOG=warn \
    bench_serve "$bin" "$data/log"
  local pid=$BENCH_PID
  for _ in $(seq 100); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local script=scripts/bench/ask_cycle.lua url="http://127.0.0.1:$port"
  if [ "$target" = healthz ]; then script=scripts/bench/report.lua url="$url/healthz"; fi
  QUESTIONS=$questions wrk -t2 -c32 -d2s -s "$script" "$url" >/dev/null
  local out cpu0 cpu1 ticks
  ticks=$(getconf CLK_TCK)
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(QUESTIONS=$questions wrk -t2 -c32 -d"${seconds}s" -s "$script" "$url" | grep RESULT)
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  # History rows per app-database commit (group commit), from /metrics.
  local per_commit
  per_commit=$(curl -s "http://127.0.0.1:$port/metrics" | awk '
    /^pitwall_app_db_commit_rows_sum /   { s = $2 }
    /^pitwall_app_db_commit_rows_count / { c = $2 }
    END { if (c > 0) printf "%.2f", s / c; else printf "-" }')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  # Server CPU per request: steadier than throughput on a shared machine.
  local requests=${out#*requests=}; requests=${requests%% *}
  echo "$label $out server_cpu_us_per_req=$(( (cpu1 - cpu0) * 1000000 / ticks / (requests > 0 ? requests : 1) )) rows_per_commit=$per_commit"
}

# EXTRA_BINS="label=/path/to/pitwall ..." adds more binaries to each round.
echo "machine: $(nproc) cores, $(uname -r); base $base vs work tree $(git rev-parse --short HEAD)+ ${EXTRA_BINS:-}; $(date -u +%FT%TZ); target $target"
# The order flips every round, so no binary always runs first.
entries=("base=$work/pitwall-base")
for extra in ${EXTRA_BINS:-}; do entries+=("$extra"); done
entries+=("head=$work/pitwall-head")
for i in $(seq "$rounds"); do
  order=("${entries[@]}")
  if [ $((i % 2)) = 0 ]; then
    order=(); for ((j = ${#entries[@]} - 1; j >= 0; j--)); do order+=("${entries[j]}"); done
  fi
  port=18081
  for entry in "${order[@]}"; do
    run "${entry%%=*}" "${entry#*=}" "$port"
    port=$((port + 1))
  done
done
