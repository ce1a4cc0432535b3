#!/usr/bin/env bash
# Local-answer latency over HTTP for one client, including the first call
# after a re-import.
#
#   scripts/bench/ask_latency.sh [ROUNDS] [WARM] [QUESTIONS]
#
# Builds `pitwall` in release for the work tree (BIN=path skips the build),
# starts a server on a fresh data directory, and ROUNDS times (default 5):
# re-imports the F1 data into that directory while it serves (`pitwall
# import`, an atomic swap), then asks every question once (its first call
# after the re-import; the round's first question is the server's first call
# after the swap), then WARM more times each (default 10). One client, one
# request at a time (curl, a new loopback connection each: its time_total).
# History is written durably, as in production. QUESTIONS defaults to
# ../shared/questions/dev_questions.jsonl. Needs curl and jq; 127.0.0.1 only.
# Prints p50 / p99 / max per kind of call and the slowest questions.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
warm=${2:-10}
questions=$(realpath "${3:-../shared/questions/dev_questions.jsonl}")
port=${PORT:-18191}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/bench/bench_plan.sh
bench_binary
RUST_LOG=warn bench_fresh_server "$work" "$port"

# One JSON body per question.
mkdir -p "$work/q"
n=0
while IFS= read -r line; do
  n=$((n + 1))
  jq -c '{question: .question}' <<<"$line" >"$work/q/$n.json"
done <"$questions"

ask() { # body-file -> seconds
  curl -s -o "$work/out" -w '%{time_total}\n' -H 'Content-Type: application/json' \
    --data-binary @"$1" "http://127.0.0.1:$port/v1/ask"
  jq -e '.source == "local" or .status != "answered"' "$work/out" >/dev/null ||
    echo "warning: not a local answer: $(head -c 200 "$work/out")" >&2
}

: >"$work/times" # kind question-number milliseconds
for round in $(seq "$rounds"); do
  "$BIN" import >/dev/null 2>&1 # re-import while serving
  for i in $(seq "$n"); do
    kind=first
    [ "$i" = 1 ] && kind=swap
    echo "$kind $i $(ask "$work/q/$i.json")" >>"$work/times"
  done
  for _ in $(seq "$warm"); do
    for i in $(seq "$n"); do
      echo "warm $i $(ask "$work/q/$i.json")" >>"$work/times"
    done
  done
done

echo "machine: $(nproc) cores, $(uname -r); work tree $(git rev-parse --short HEAD)+; $(date -u +%FT%TZ); $rounds rounds, $n questions, $warm warm"
summary() { # label awk-filter
  awk "$2"' { print $3 * 1000 }' "$work/times" | sort -n | awk -v label="$1" '
    { v[NR] = $1 }
    END {
      if (NR == 0) exit
      p50 = v[int((NR - 1) * 0.50 + 0.5) + 1]
      p99 = v[int((NR - 1) * 0.99 + 0.5) + 1]
      printf "%-48s n=%-6d p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", label, NR, p50, p99, v[NR]
    }'
}
summary "first call after a re-import (server's first)" '$1 == "swap"'
summary "each question's first call after a re-import" '$1 == "swap" || $1 == "first"'
summary "warm" '$1 == "warm"'
summary "all" '1'
echo "slowest calls:"
sort -k3 -g -r "$work/times" | head -5 | while read -r kind i secs; do
  printf "  %7.2f ms  %-5s %s\n" "$(awk -v s="$secs" 'BEGIN { print s * 1000 }')" "$kind" "$(jq -r .question "$work/q/$i.json")"
done
