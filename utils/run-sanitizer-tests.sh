#!/usr/bin/env bash
# The whole tree under AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer: builds ${NN_BUILD_DIR:-build-asan} with
# -DNN_SANITIZE=address,undefined (no benchmarks), runs every test through
# utils/run-tests.sh (its summary line), then a short, deterministic run of
# every fuzz target (fuzz/run-fuzzers.sh, check-nn-fuzz). .ci/run runs it
# after the normal build. Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NN_BUILD_DIR="${NN_BUILD_DIR:-$root/build-asan}"
export NN_CMAKE_ARGS="-DNN_SANITIZE=address,undefined -DNN_BUILD_BENCHMARKS=OFF"

# abort_on_error: a sanitizer report is a crash, which `not` (the lit tests
# of diagnostics) does not take for the expected failure, unlike exit code 1.
# Leaks are checked in every tool; utils/lsan.supp lists the few that are
# not nn's.
symbolizer=/usr/lib/llvm-22/bin/llvm-symbolizer
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:disable_coredump=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$root/utils/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:abort_on_error=1:disable_coredump=1"
export ASAN_SYMBOLIZER_PATH="$symbolizer"
export UBSAN_SYMBOLIZER_PATH="$symbolizer"

status=0
bash "$root/utils/run-tests.sh" || status=$?
start=$(date +%s)
ninja -C "$NN_BUILD_DIR" check-nn-fuzz || status=1
echo "fuzz: $(($(date +%s) - start)) s"
exit $status
