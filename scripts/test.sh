#!/usr/bin/env bash
# Installs what the tests need (if missing) and runs every test: formatting, lints, the
# engine and CLI tests (unit, property, chaos and golden transcripts), a wasm32 build of
# the engine, the page's release build, and the end-to-end tests of the built page in
# headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s\n' "$*"; }

command -v cargo >/dev/null || { echo "test.sh: cargo is missing: install Rust from https://rustup.rs" >&2; exit 1; }
if command -v rustup >/dev/null; then
  installed_components=$(rustup component list --installed 2>/dev/null || true)
  for c in rustfmt clippy; do
    grep -q "^$c" <<<"$installed_components" || rustup component add "$c"
  done
fi
step "tools for the page"
./scripts/setup-web.sh --test
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true

step "format"
cargo fmt --all -- --check

step "lints"
cargo clippy -p kubeplay-engine -p kubeplay -p kubeplay-split --all-targets -- -D warnings
cargo clippy -p kubeplay-web --target wasm32-unknown-unknown --all-targets -- -D warnings

step "engine for wasm32"
cargo build -p kubeplay-engine --target wasm32-unknown-unknown

step "fuzz targets compile"
# Running them needs nightly (scripts/fuzz.sh); checking them on stable keeps them from rotting.
cargo check --manifest-path fuzz/Cargo.toml --bins

step "engine, CLI and wasm splitter tests"
cargo test -p kubeplay-engine -p kubeplay -p kubeplay-split

step "page component tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} WASM_BINDGEN_TEST_TIMEOUT=120 cargo test -p kubeplay-web --target wasm32-unknown-unknown

step "page build"
trunk build --release
for w in dist/*.wasm; do gzip -9 -c "$w" | wc -c | awk -v w="${w#dist/}" '{printf "%s gzip: %.0f KiB\n", w, $1/1024}'; done

step "browser tests"
node --test tests/e2e/
