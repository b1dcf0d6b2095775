#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine: each target (apply, kubectl, actions) runs for
# SECONDS (default 60) under libFuzzer and prints its exec count. Corpora start from the
# repo's manifests, transcripts and examples. A crash leaves its input in
# fuzz/artifacts/TARGET/; turn it into a regression test in crates/engine/tests/corpus.rs.
# Needs the nightly toolchain (rustup) and cargo-fuzz, which this script installs if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
targets=${TARGETS:-apply kubectl actions}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal

mkdir -p fuzz/corpus/apply fuzz/corpus/kubectl fuzz/corpus/actions
for f in examples/*/*.yaml crates/cli/tests/transcripts/manifests/*.yaml crates/engine/tests/corpus/*.yaml; do
  [ -f "$f" ] && cp "$f" "fuzz/corpus/apply/$(echo "$f" | tr '/' '_')"
done
for f in crates/cli/tests/transcripts/*.kubeplay; do
  grep '^kubectl ' "$f" | sed 's/^kubectl //' > "fuzz/corpus/kubectl/$(basename "$f").txt" || true
done
printf '\x00\x01\x03\x0b\x10\x20\x07\x01\x05\x0b\x30\x00' > fuzz/corpus/actions/seed

status=0
for t in $targets; do
  echo "== fuzz $t for ${secs}s"
  log=$(mktemp)
  if cargo +nightly fuzz run "$t" -- -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 -max_len=65536 2>"$log"; then
    result="0 crashes"
  else
    result="CRASH (see fuzz/artifacts/$t/)"
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  [ -z "$execs" ] && execs=$(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#')
  echo "fuzz $t: ${execs:-?} execs in ${secs}s, $result"
  tail -5 "$log" | grep -iE 'panicked|SUMMARY|ERROR' || true
  rm -f "$log"
done
exit $status
