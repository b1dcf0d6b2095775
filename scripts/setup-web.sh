#!/usr/bin/env bash
# Installs what building (and, with --test, testing) the page needs, skipping what is
# present: the wasm32 target, trunk 0.21.14, wasm-bindgen-cli equal to the crate's
# version, npm's binaryen (wasm-opt 132), playwright-core and axe-core (the browser
# tests' accessibility audit), and with --test Debian's Chromium and ChromeDriver.
# Nothing is downloaded outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
want_browser=${1:-}

command -v cargo >/dev/null || { echo "setup-web.sh: cargo is missing: install Rust from https://rustup.rs" >&2; exit 1; }
if command -v rustup >/dev/null; then
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
fi

trunk_version=0.21.14
if ! trunk --version 2>/dev/null | grep -q "$trunk_version"; then
  cargo install "trunk@$trunk_version" --locked
fi

# trunk needs the CLI to equal the wasm-bindgen crate exactly (pinned with = in Cargo.toml).
wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p' | head -n1)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb_version"; then
  # Without --locked: a locked dependency of the CLI is missing from the registry here.
  cargo install "wasm-bindgen-cli@$wb_version"
fi

command -v npm >/dev/null || { echo "setup-web.sh: npm is missing (apt-get install -y nodejs npm)" >&2; exit 1; }
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund
fi

if [ "$want_browser" = "--test" ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  else
    echo "setup-web.sh: install Chromium for the browser tests: sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi
