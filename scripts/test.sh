#!/usr/bin/env bash
# Installs what the tests need (if missing) and runs every test: formatting, lints, the
# engine and CLI tests (unit, property and golden transcripts), and a wasm32 build of the
# engine to prove it stays free of anything a browser cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

command -v cargo >/dev/null || { echo "test.sh: cargo is missing: install Rust from https://rustup.rs" >&2; exit 1; }
if command -v rustup >/dev/null; then
  installed_components=$(rustup component list --installed 2>/dev/null || true)
  for c in rustfmt clippy; do
    grep -q "^$c" <<<"$installed_components" || rustup component add "$c"
  done
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
fi

step "format"
cargo fmt --all -- --check

step "lints"
cargo clippy --workspace --all-targets -- -D warnings

step "engine for wasm32"
cargo build -p kubeplay-engine --target wasm32-unknown-unknown

step "tests"
cargo test --workspace
