# Sourced by the HTTP benchmarks. `bench_serve BIN LOG` starts `BIN serve`
# in the background (BENCH_PID) with a plan that lifts the anonymous
# per-IP limits (issue 10: 300 requests/minute by default), since every
# load-generator request comes from 127.0.0.1. A build from before plans
# existed rejects the file, so it is then started without it. The caller's
# PITWALL_* variables (data dir, bind) pass through.
bench_serve() {
  local bin=$1 log=$2 toml
  toml=$(mktemp --suffix .toml)
  cat >"$toml" <<'TOML'
[plans.anonymous]
requests_per_minute = 1000000
requests_per_day = 1000000
llm_questions_per_day = 20
llm_usd_per_day = 0.10
max_concurrent = 4096
history_retention_days = 30
TOML
  PITWALL_CONFIG=$toml "$bin" serve >"$log" 2>&1 &
  BENCH_PID=$!
  sleep 1
  if ! kill -0 "$BENCH_PID" 2>/dev/null; then
    "$bin" serve >"$log" 2>&1 &
    BENCH_PID=$!
  fi
}

# bench_binary: sets BIN to a release build of the work tree (in
# CARGO_TARGET_DIR, default target/bench) unless BIN is already set.
bench_binary() {
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/bench}
  if [ -z "${BIN:-}" ]; then
    cargo build -q --release -p pitwall
    BIN=$CARGO_TARGET_DIR/release/pitwall
  fi
}

# bench_fresh_server WORK PORT: imports the F1 data into WORK/data
# (PITWALL_DATA_DIR), starts `BIN serve` on 127.0.0.1:PORT with the bench
# plan (RUST_LOG=warn unless set) logging to WORK/log, and waits for /healthz.
bench_fresh_server() {
  local work=$1 port=$2
  export PITWALL_DATA_DIR=$work/data
  mkdir -p "$PITWALL_DATA_DIR"
  "$BIN" import >/dev/null 2>&1
  PITWALL_BIND="127.0.0.1:$port" RUST_LOG=${RUST_LOG:-warn} bench_serve "$BIN" "$work/log"
  bench_wait_healthy "$port"
}

# bench_wait_healthy PORT: waits up to 10 s for GET /healthz to answer.
bench_wait_healthy() {
  for _ in $(seq 100); do curl -sf "127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "server on port $1 did not become healthy" >&2
  return 1
}
