-- wrk script: the plain request, with the one-line RESULT summary the
-- throughput script greps for.
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d errors_connect=%d errors_timeout=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.0f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
