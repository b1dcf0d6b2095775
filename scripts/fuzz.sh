#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine: each target runs for SECONDS (default 60) under
# libFuzzer, or until RUNS executions if that comes first, and prints its exec count. A crash leaves its input in fuzz/artifacts/TARGET/;
# turn it into a regression test in crates/engine/tests/corpus.rs. A stack overflow dies by
# SIGSEGV before libFuzzer can save its input: run the target again under `ulimit -s
# unlimited` and the endless recursion becomes an out-of-memory report that keeps it.
#
#   apply           any bytes as a manifest (dictionary: fuzz/dict/k8s.dict)
#   kubectl         any lines as kubectl commands (dictionary: fuzz/dict/kubectl.dict)
#   actions         any bytes as a sequence of user actions
#   schema          bytes as the choices of the schema generator (structure-aware manifests)
#   schema_actions  bytes as the choices of generated action sequences
#   lesson          any text as a lesson (parse only; corpus: the bundled lessons)
#
# Corpora start from every manifest in the repository (examples, the transcripts'
# manifests), the transcripts' kubectl lines, and with K8S_EXAMPLES=1 the Kubernetes
# documentation's example manifests (kubernetes/website, content/en/examples, CC BY 4.0),
# fetched into the git-ignored fuzz/corpus/ at run time. The dictionaries are generated
# from the schema and the kubectl tables (`cargo test -p kubeplay-engine --test
# schema_fuzz -- --ignored write_fuzz_dictionaries`).
# Needs the nightly toolchain (rustup) and cargo-fuzz, which this script installs if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
targets=${TARGETS:-apply kubectl actions schema schema_actions lesson}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal

mkdir -p fuzz/corpus/apply fuzz/corpus/kubectl fuzz/corpus/actions fuzz/corpus/schema fuzz/corpus/schema_actions fuzz/corpus/lesson
for f in lessons/*/*.md; do cp "$f" "fuzz/corpus/lesson/$(echo "$f" | tr '/' '_')"; done
while IFS= read -r f; do
  cp "$f" "fuzz/corpus/apply/$(echo "$f" | tr '/' '_')"
done < <(find examples crates/cli/tests/transcripts/manifests crates/engine/tests -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | sort)
for f in crates/cli/tests/transcripts/*.kubeplay examples/*/*.kubeplay; do
  grep '^kubectl ' "$f" | sed 's/^kubectl //' > "fuzz/corpus/kubectl/$(echo "$f" | tr '/' '_').txt" || true
done
printf '\x00\x01\x03\x0b\x10\x20\x07\x01\x05\x0b\x30\x00' > fuzz/corpus/actions/seed

if [ "${K8S_EXAMPLES:-0}" = 1 ] && [ ! -d fuzz/corpus/k8s-website ]; then
  # The Kubernetes documentation's examples, CC BY 4.0 (https://github.com/kubernetes/website):
  # used as fuzz input only, never committed.
  git clone --quiet --depth 1 --filter=blob:none --sparse https://github.com/kubernetes/website fuzz/corpus/k8s-website
  git -C fuzz/corpus/k8s-website sparse-checkout set content/en/examples
  echo "kubernetes/website at $(git -C fuzz/corpus/k8s-website rev-parse HEAD) (CC BY 4.0)"
fi
if [ -d fuzz/corpus/k8s-website/content/en/examples ]; then
  while IFS= read -r f; do
    cp "$f" "fuzz/corpus/apply/k8s_$(echo "${f#fuzz/corpus/k8s-website/content/en/examples/}" | tr '/' '_')"
  done < <(find fuzz/corpus/k8s-website/content/en/examples -type f \( -name '*.yaml' -o -name '*.json' \))
fi

dict_for() {
  case "$1" in
    apply) echo "-dict=$PWD/fuzz/dict/k8s.dict" ;;
    kubectl) echo "-dict=$PWD/fuzz/dict/kubectl.dict" ;;
    *) echo "" ;;
  esac
}

status=0
for t in $targets; do
  echo "== fuzz $t for ${RUNS:+$RUNS runs, at most }${secs}s"
  started=$(date +%s)
  log=$(mktemp)
  # shellcheck disable=SC2046
  # Safe Rust needs no address sanitizer (a panic is the crash we look for); debug
  # assertions stay on so that an arithmetic overflow is a crash too.
  budget="-max_total_time=$secs${RUNS:+ -runs=$RUNS}"
  if cargo +nightly fuzz run -s none -a "$t" -- $budget -print_final_stats=1 -rss_limit_mb=2048 -max_len=65536 $(dict_for "$t") 2>"$log"; then
    result="0 crashes"
  else
    result="CRASH (see fuzz/artifacts/$t/)"
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1 || true)
  [ -z "$execs" ] && execs=$(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  echo "fuzz $t: ${execs:-?} execs in $(( $(date +%s) - started ))s, $result"
  tail -5 "$log" | grep -iE 'panicked|SUMMARY|ERROR' || true
  rm -f "$log"
done
exit $status
