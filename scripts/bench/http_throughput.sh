#!/usr/bin/env bash
# Local-answer throughput over HTTP, A/B between two commits in one run.
#
#   scripts/bench/http_throughput.sh [BASE_COMMIT] [ROUNDS] [SECONDS]
#
# Builds `pitwall` in release for BASE_COMMIT (default: the commit before the
# connection limits, 8a91a7e) and for the work tree, then alternates them
# ROUNDS times (default 3): each round starts a fresh server on a copy of one
# F1 database, warms it for 2 s, and runs wrk (2 threads, 32 connections,
# SECONDS s, default 10) cycling through ../shared/questions/dev_questions.jsonl.
# History is written durably in both, as in production. Needs wrk
# (apt-get install wrk). Targets 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-8a91a7e}
rounds=${2:-3}
seconds=${3:-10}
questions=$(realpath ../shared/questions/dev_questions.jsonl)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; git worktree remove --force "$work/base" 2>/dev/null || true' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/bench}

git worktree add -q --detach "$work/base" "$base"
(cd "$work/base" && cargo build -q --release -p pitwall)
cp "$CARGO_TARGET_DIR/release/pitwall" "$work/pitwall-base"
cargo build -q --release -p pitwall
cp "$CARGO_TARGET_DIR/release/pitwall" "$work/pitwall-head"

# One imported F1 database, copied for every run.
mkdir -p "$work/seed"
PITWALL_DATA_DIR="$work/seed" "$work/pitwall-head" import >/dev/null 2>&1

run() { # label binary port
  local label=$1 bin=$2 port=$3 data="$work/data-$1-$RANDOM"
  mkdir -p "$data" && cp "$work/seed/f1.sqlite" "$data/"
  PITWALL_DATA_DIR="$data" PITWALL_BIND="127.0.0.1:$port" RUST_LOG=warn \
    "$bin" serve >"$data/log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  QUESTIONS=$questions wrk -t2 -c32 -d2s -s scripts/bench/ask_cycle.lua "http://127.0.0.1:$port" >/dev/null
  local out
  out=$(QUESTIONS=$questions wrk -t2 -c32 -d"${seconds}s" -s scripts/bench/ask_cycle.lua "http://127.0.0.1:$port" | grep RESULT)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$label $out"
}

echo "machine: $(nproc) cores, $(uname -r); base $base vs work tree $(git rev-parse --short HEAD)+; $(date -u +%FT%TZ)"
for i in $(seq "$rounds"); do
  run base "$work/pitwall-base" 18081
  run head "$work/pitwall-head" 18082
done
