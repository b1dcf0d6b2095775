#!/usr/bin/env bash
# The browser benchmark: kubeplay's built page and Webernetes (npm @ngrok/webernetes, the
# closest peer) in the same headless Chromium. Installs what is missing (the page's
# tools, Chromium, and bench/package.json: Webernetes and esbuild), builds the page,
# bundles Webernetes for the browser, then prints figures with the machine's core count.
# Options go to bench/browser.mjs: --pods N --nodes M --ladder --peer-pods N
# --peer-nodes M --peer-step --no-peer --no-page. kubeplay's part of the defaults (150,000
# pods on 5,000 nodes) takes a few minutes on two cores; Webernetes on 10,000 pods and 100
# nodes can run to its 30-minute limit.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-web.sh --test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
if [ ! -d bench/node_modules/@ngrok/webernetes ] || [ ! -x bench/node_modules/.bin/esbuild ]; then
  (cd bench && npm ci --no-audit --no-fund)
fi
bench/node_modules/.bin/esbuild bench/webernetes.mjs --bundle --format=esm --platform=browser \
  --outfile=bench/out/webernetes.js --log-level=warning
node bench/browser.mjs "$@"
