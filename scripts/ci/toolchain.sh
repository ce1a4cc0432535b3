#!/usr/bin/env bash
# Makes sure the toolchain pinned in rust-toolchain.toml is installed, without
# downloading it when that is not possible: CI machines reach only package
# registries, not static.rust-lang.org. When the pinned toolchain is missing
# but `stable` is that same release, it is linked to `stable`'s install.
set -euo pipefail
cd "$(dirname "$0")/../.."
want=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
# A here-string, not a pipe: grep -q exiting early must not SIGPIPE rustup
# under pipefail.
if ! grep -q "^$want-" <<<"$(rustup toolchain list)"; then
  if RUSTUP_AUTO_INSTALL=0 rustc +stable --version 2>/dev/null | grep -q "^rustc $want "; then
    host=$(rustc +stable -vV | sed -n 's/^host: //p')
    link="${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$want-$host"
    ln -s "$(rustc +stable --print sysroot)" "$link" 2>/dev/null || [ -e "$link" ]
    echo "linked toolchain $want to stable (the same release)"
  else
    echo "toolchain $want (rust-toolchain.toml) is not installed:" \
      "rustup toolchain install $want -c rustfmt -c clippy" >&2
    exit 1
  fi
fi
# The pin must hold also after the link: a later `rustup update` moves
# `stable`, and with it a linked "1.95.0", to another release.
got=$(rustc --version)
if ! grep -q "^rustc $want " <<<"$got"; then
  echo "rust-toolchain.toml pins $want but rustc is: $got" >&2
  exit 1
fi
echo "$got"
