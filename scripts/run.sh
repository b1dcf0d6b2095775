#!/usr/bin/env bash
# Builds kubeplay and replays the seed post's steps on a simulated Docker Desktop cluster.
# (The web page arrives with issue 8; until then the seed's example runs through the CLI.)
# Installs nothing it does not need; skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || { echo "run.sh: cargo is missing: install Rust from https://rustup.rs" >&2; exit 1; }
cargo build --release -p kubeplay
exec ./target/release/kubeplay "${@:-examples/seed/seed.kubeplay}"
