#!/usr/bin/env bash
# Runs `cargo deny check advisories licenses bans` offline against the
# vendored RustSec advisory DB (.ci/advisory-db, refreshed with
# scripts/ci/refresh_advisory_db.sh). Installs cargo-deny if it is missing.
# Extra arguments go to `cargo deny check` (e.g. `licenses` alone).
set -euo pipefail
cd "$(dirname "$0")/../.."

# The pinned version: the advisory DB's directory name below is the one
# this version derives from the DB URL.
if ! grep -q "^cargo-deny 0\.20\.2\b" <<<"$(cargo deny --version 2>/dev/null)"; then
  echo "installing cargo-deny (a few minutes)"
  cargo install cargo-deny --locked --version 0.20.2
fi

# cargo-deny reads the DB from <db-path>/advisory-db-<hash of its URL>, and that
# directory must be a git repository (it takes the DB's date from git). The hash
# is the one of the default URL, https://github.com/rustsec/advisory-db.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
db=$root/advisory-db-3157b0e258782691
mkdir -p "$db"
xz -dc .ci/advisory-db/crates.tar.xz | tar -x -C "$db"
snapshot_date=$(sed -n 's/^date //p' .ci/advisory-db/SNAPSHOT)
git -C "$db" init -q
git -C "$db" add crates
GIT_AUTHOR_DATE=$snapshot_date GIT_COMMITTER_DATE=$snapshot_date \
  git -C "$db" -c user.name=ci -c user.email=ci@localhost -c commit.gpgsign=false \
  commit -q -m "advisory-db $(sed -n 's/^commit //p' .ci/advisory-db/SNAPSHOT)"

age_days=$(( ($(date +%s) - $(date -d "$snapshot_date" +%s)) / 86400 ))
echo "advisory DB snapshot of ${snapshot_date%%T*} ($age_days days old)"
if [ "$age_days" -gt 90 ]; then
  echo "warning: the advisory DB snapshot is over 90 days old; refresh it (README, \"CI checks\")"
fi

# Offline: cargo-deny must not fetch the DB or the index. `cargo metadata`
# then needs every package of every target in the local cache, so fetch them
# first (from the crates registry, which CI can reach).
cargo fetch --locked --quiet
[ "$#" -gt 0 ] || set -- advisories licenses bans
PITWALL_ADVISORY_DBS=$root cargo deny ${PITWALL_DENY_LOG:+-L "$PITWALL_DENY_LOG"} --frozen check "$@"
