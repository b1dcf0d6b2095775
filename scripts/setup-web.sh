#!/usr/bin/env bash
# Installs what building (and, with --test, testing) the page needs, skipping what is
# present: the wasm32 target, trunk 0.21.14, wasm-bindgen-cli equal to the crate's
# version, npm's binaryen (wasm-opt 132), playwright-core and axe-core (the browser
# tests' accessibility audit), Debian's Chromium (the release build draws the first view
# kept in index.html with it: scripts/prerender.mjs) and with --test ChromeDriver.
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

packages=()
command -v chromium >/dev/null || packages+=(chromium)
[ "$want_browser" = "--test" ] && ! command -v chromedriver >/dev/null && packages+=(chromium-driver)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
  elif [ "$want_browser" = "--test" ]; then
    echo "setup-web.sh: install Chromium for the browser tests: sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  else
    # Building works without it: the page is then drawn once the wasm has arrived.
    echo "setup-web.sh: without Chromium the first view is not kept in index.html (sudo apt-get install -y chromium)" >&2
  fi
fi
