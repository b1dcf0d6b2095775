#!/usr/bin/env bash
# Builds the page and serves it on http://127.0.0.1:8080 with the seed post's example
# loaded. Installs what is missing (see scripts/setup-web.sh) and skips what is present.
# `./scripts/run.sh cli [SCRIPT]` replays a script through the command line instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ "${1:-}" = "cli" ]; then
  cargo build --release -p kubeplay
  exec ./target/release/kubeplay "${2:-examples/seed/seed.kubeplay}"
fi
./scripts/setup-web.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
port=${PORT:-8080}
echo "kubeplay: serving dist/ on http://127.0.0.1:$port/ (Ctrl+C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
