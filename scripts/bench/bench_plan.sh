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
