//! Upstream protection: circuit breaker, rate limiter, bounded queue, singleflight and answer cache.
