#!/usr/bin/env bash
# trunk's post_build hook, for the release page: splits the wasm in two (split-wasm.sh),
# then keeps the first view in index.html (prerender.mjs), drawn by the page itself in
# headless Chromium. Without Chromium the page is built without it, and says so: the page
# works the same, drawn once the wasm has arrived.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
bash scripts/split-wasm.sh
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  node scripts/prerender.mjs "$TRUNK_STAGING_DIR"
else
  echo "post-build: no Chromium at ${CHROMIUM:-/usr/bin/chromium}: the first view is not kept in index.html (scripts/setup-web.sh installs it)" >&2
fi
