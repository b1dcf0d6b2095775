#!/usr/bin/env bash
# trunk's post_build hook: splits the release page's wasm in two (crates/split): the
# first view's module keeps its name, the cold one is written beside it as *_cold.wasm
# and fetched by index.html's loader. The debug build stays whole.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
shopt -s nullglob
wasm=("$TRUNK_STAGING_DIR"/*_bg.wasm)
[ ${#wasm[@]} = 1 ] || { echo "split-wasm: expected one *_bg.wasm in $TRUNK_STAGING_DIR" >&2; exit 1; }
# The whole module, names kept, for `kubeplay-split --calls-into` when a root moves.
mkdir -p target && cp "${wasm[0]}" target/page-before-split.wasm
cargo run --release --quiet -p kubeplay-split -- "${wasm[0]}" crates/split/cold-roots.txt "${wasm[0]}" "${wasm[0]%_bg.wasm}_cold.wasm"
