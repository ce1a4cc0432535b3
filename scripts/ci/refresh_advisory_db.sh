#!/usr/bin/env bash
# Refreshes the vendored RustSec advisory DB snapshot that scripts/ci/cargo_deny.sh
# reads (CI has no network to GitHub, so the DB is checked in).
#
#   scripts/ci/refresh_advisory_db.sh                 # clones github.com/rustsec/advisory-db
#   scripts/ci/refresh_advisory_db.sh PATH-TO-CLONE   # uses an existing clone (or bare git dir)
#
# Writes .ci/advisory-db/crates.tar.xz (only the `crates/` advisories, the
# part cargo-deny reads) and .ci/advisory-db/SNAPSHOT (commit and date).
# Then run scripts/ci/cargo_deny.sh and commit both files.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.ci/advisory-db

src=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$src" ]; then
  git clone -q --depth 1 https://github.com/rustsec/advisory-db "$tmp/clone"
  src=$tmp/clone
fi
git_dir=$(git -C "$src" rev-parse --absolute-git-dir)
commit=$(git --git-dir="$git_dir" rev-parse HEAD)
date=$(git --git-dir="$git_dir" show -s --format=%cI HEAD)

# git archive stamps every file with the commit time, so the same commit
# always gives the same bytes.
git --git-dir="$git_dir" archive --format=tar HEAD crates | xz -9e -T1 > "$tmp/crates.tar.xz"
mkdir -p "$out"
mv "$tmp/crates.tar.xz" "$out/crates.tar.xz"
printf 'commit %s\ndate %s\nsource https://github.com/rustsec/advisory-db\n' "$commit" "$date" > "$out/SNAPSHOT"
count=$(xz -dc "$out/crates.tar.xz" | tar -t | grep -c '\.md$')
echo "advisory DB snapshot: $commit of $date, $count advisories, $(du -h "$out/crates.tar.xz" | cut -f1)"
