#!/usr/bin/env bash
# A short, deterministic run of every fuzz target (check-nn-fuzz, .ci/run):
# a fixed number of inputs from a fixed seed, each target bounded in time.
# Usage: run-fuzzers.sh BIN_DIR CORPUS_DIR
#   BIN_DIR     where the nn-fuzz-* binaries are (build-asan/bin)
#   CORPUS_DIR  the generated seeds (build-asan/fuzz/corpus; mlir/ in it)
# NN_FUZZ_RUNS scales the run counts (default 1); NN_FUZZ_TIME bounds each
# target in seconds (default 300). A finding is left in
# CORPUS_DIR/../artifacts and fails the run. For long runs see
# docs/Fuzzing.md.
set -uo pipefail
bin="$1"
corpus="$2"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scale="${NN_FUZZ_RUNS:-1}"
limit="${NN_FUZZ_TIME:-300}"
artifacts="$(dirname "$corpus")/artifacts"
mkdir -p "$artifacts"
# The JIT'd code and libMLIR are not in question here; leaks in nn are.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$src/../utils/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

failed=0
# target, runs, per-input timeout (s), seed directories (under fuzz/seeds or
# the generated corpus).
run() {
  local target="$1" runs=$(($2 * scale)) timeout="$3"
  shift 3
  # libFuzzer adds what it finds to its first directory: a scratch one, so
  # that the checked-in seeds stay as they are.
  local work scratch
  work="$(mktemp -d)"
  # Targets that read through a file write it under TMPDIR; libFuzzer's
  # exit skips their cleanup, so the directory goes with the run.
  scratch="$(mktemp -d)"
  local start=$SECONDS
  TMPDIR="$scratch" "$bin/$target" "$work" "$@" -runs="$runs" -seed=1 \
    -timeout="$timeout" \
    -max_total_time="$limit" -rss_limit_mb=4096 -dict="$src/nn.dict" \
    -artifact_prefix="$artifacts/$target-" -print_final_stats=1 \
    > "$artifacts/$target.log" 2>&1
  local rc=$?
  local done_runs
  done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
    "$artifacts/$target.log" | tail -n 1)
  echo "fuzz: $target: ${done_runs:-?} runs in $((SECONDS - start)) s, rc $rc"
  if [[ $rc -ne 0 ]]; then
    failed=1
    tail -n 40 "$artifacts/$target.log"
  fi
  rm -rf "$work" "$scratch"
}

run nn-fuzz-tensor-spec 20000 5 "$src/seeds/tensor-spec"
run nn-fuzz-npy 20000 5 "$src/seeds/npy"
run nn-fuzz-aot-npy 20000 5 "$src/seeds/npy"
run nn-fuzz-safetensors 20000 5 "$src/seeds/safetensors"
run nn-fuzz-compile-cache 20000 5 "$src/seeds/compile-cache"
run nn-fuzz-parse 20000 10 "$corpus/mlir"
run nn-fuzz-cpu-pipeline 4000 20 "$corpus/mlir"

if [[ $failed -ne 0 ]]; then
  echo "fuzz: FAILED (inputs in $artifacts)" >&2
  exit 1
fi
echo "fuzz: all targets passed"
