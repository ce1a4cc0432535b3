#!/usr/bin/env bash
# Makes sure the toolchain pinned in rust-toolchain.toml is installed, without
# downloading it when that is not possible: CI machines reach only package
# registries, not static.rust-lang.org. When the pinned toolchain is missing
# but `stable` is that same release, it is linked to `stable`'s install.
set -euo pipefail
cd "$(dirname "$0")/../.."
want=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$want-"; then
  if RUSTUP_AUTO_INSTALL=0 rustc +stable --version 2>/dev/null | grep -q "^rustc $want "; then
    host=$(rustc +stable -vV | sed -n 's/^host: //p')
    ln -s "$(rustc +stable --print sysroot)" "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$want-$host"
    echo "linked toolchain $want to stable (the same release)"
  else
    echo "toolchain $want (rust-toolchain.toml) is not installed:" \
      "rustup toolchain install $want -c rustfmt -c clippy" >&2
    exit 1
  fi
fi
rustc --version
