#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs and starts what the
# tests need (headless Chromium + ChromeDriver, promtool, PostgreSQL, Redis),
# then runs every crate's tests. Needs root (or sudo) for the installs on first
# run.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "== installing chromium and chromium-driver"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# promtool checks deploy/prometheus/alerts.yml. Debian ships it in the
# prometheus package, whose server must not run here: a policy-rc.d (unless
# the machine has one) stops the install from starting it, and it is
# disabled for later boots.
if ! command -v promtool >/dev/null; then
  echo "== installing promtool (Debian's prometheus package; its server stays off)"
  as_root apt-get update -qq
  own_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d && own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends prometheus >/dev/null || installed=$?
  if [ -n "$own_policy" ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  as_root systemctl disable --now prometheus >/dev/null 2>&1 || true
  as_root update-rc.d prometheus disable >/dev/null 2>&1 || true
  [ "${installed:-0}" = 0 ]
fi
echo "== promtool check rules / test rules (deploy/prometheus)"
promtool check rules deploy/prometheus/alerts.yml
promtool test rules deploy/prometheus/alerts_test.yml deploy/prometheus/alerts_test_f1.yml

# PostgreSQL and Redis: used by the shared-state backends' tests.
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "== starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "== starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi

echo "== cargo test"
cargo test --workspace --locked --no-fail-fast "$@"
