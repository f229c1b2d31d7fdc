#!/usr/bin/env bash
# ===- gpu-check.sh - nn's GPU path checked on a borrowed GPU machine ----=== #
#
# Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
# See LICENSE.TXT for license information.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# ===------------------------------------------------------------------=== #
#
#   utils/gpu-check.sh --prepare DIR [--only=GLOB] [--device=cpu]
#                                                    (here: LLVM, MLIR, no GPU)
#   DIR/gpu-check.sh --run DIR [--only=GLOB]         (there: CUDA, no LLVM)
#
# --prepare compiles every check ahead of time (nn-compile --device=cuda)
# into one program, DIR/gpu-check, that needs only glibc and, to run
# kernels, libcuda.so.1; it writes the inputs and the interpreter's
# expected results (.npy) under DIR/data and the checks to DIR/checks.txt
# (utils/gpu-check/prepare.py). --only=GLOB,... keeps the checks whose names
# match one of the globs (ops/*, odd/*, bench/*); --device=cpu compiles them for this CPU
# instead, which tests the check itself where there is no GPU. The build
# directory is $NN_BUILD_DIR, else build/ next to utils/.
#
# --run runs each check in a process of its own (a crash or a hang fails
# that check only) and prints one line per check: PASS or FAIL, the largest
# difference from the interpreter and, for the benchmarks, the median time
# of a call (with its copies between host and device), TFLOP/s and the
# fraction of the H200's peak. Then PyTorch's timings of the same work on
# that GPU, where python3 has torch with CUDA. Exit status 1 if a check
# failed. docs/GPU.md and README.md ("Checking on a GPU machine") say more.

set -euo pipefail

readonly CHECK_TIMEOUT=${NN_GPU_CHECK_TIMEOUT:-100}

usage() {
  echo "usage: $0 --prepare DIR [--only=GLOB] [--device=cpu]" \
    "| --run DIR [--only=GLOB]" >&2
  exit 2
}

# The size of DIR in MiB, rounded up.
size_mib() {
  du -sk "$1" | awk '{ printf "%d", ($1 + 1023) / 1024 }'
}

prepare() {
  local dir=$1 only=$2 device=$3
  local here src build start
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  src=$(dirname "$here")
  build=${NN_BUILD_DIR:-$src/build}
  start=$SECONDS
  rm -rf "$dir"
  python3 "$here/gpu-check/prepare.py" --out "$dir" --src "$src" \
    --build "$build" --only "$only" --device "$device"
  echo "gpu-check: prepared in $((SECONDS - start)) s, $(size_mib "$dir") MiB"
  if [ "$(size_mib "$dir")" -gt 64 ]; then
    echo "gpu-check: $dir is over 64 MiB" >&2
    exit 1
  fi
}

# Whether the check NAME matches one of the comma-separated GLOBS.
selected() {
  local name=$1 glob
  local -a globs
  IFS=, read -r -a globs <<<"$2"
  for glob in "${globs[@]}"; do
    # shellcheck disable=SC2053 # a glob on purpose
    [[ $name == $glob ]] && return 0
  done
  return 1
}

# The program on one check's flags; bash's own "Segmentation fault" report
# goes (run_check's line says it).
run_program() {
  # shellcheck disable=SC2086 # the flags are words without spaces
  { timeout "$CHECK_TIMEOUT" ./gpu-check run $1 2>&1; } 2>/dev/null
}

# One check: the program's line, or why it gave none; on a failure, what
# is known about it.
run_check() {
  local name=$1 args=$2 note=$3 status=0 again=0 line
  run_program "$args" || status=$?
  if [ "$status" -eq 124 ]; then
    printf 'FAIL  %-32s  timed out after %s s\n' "$name" "$CHECK_TIMEOUT"
  elif [ "$status" -gt 128 ]; then
    printf 'FAIL  %-32s  crashed (signal %d)\n' "$name" $((status - 128))
  fi
  if [ "$status" -eq 139 ]; then
    # A SIGSEGV may be the stack (docs/GPU.md): the check may then still
    # say something.
    line=$(ulimit -s "$(ulimit -H -s)" && run_program "$args") || again=$?
    echo "      with an unlimited stack: ${line:-exit status $again}"
  fi
  if [ "$status" -ne 0 ] && [ -n "$note" ]; then
    echo "      note: $note"
  fi
  [ "$status" -eq 0 ]
}

# PyTorch's timings of the benchmarks, where it can run them.
run_torch() {
  if ! python3 -c 'import torch' 2>/dev/null; then
    echo "torch: skipped (python3 has no torch here)"
  elif ! python3 -c 'import torch; assert torch.cuda.is_available()' \
    2>/dev/null; then
    echo "torch: skipped (torch sees no CUDA device)"
  else
    timeout 300 python3 torch-peers.py || echo "torch: failed (exit $?)"
  fi
}

run() {
  local dir=$1 only=$2 passed=0 failed=0 skipped=0 kind name args note
  if [ ! -x "$dir/gpu-check" ] || [ ! -f "$dir/checks.txt" ]; then
    echo "gpu-check: $dir is not a prepared folder (--prepare)" >&2
    exit 2
  fi
  cd "$dir"
  # Every process loads every check's kernels (PTX, compiled by the driver
  # at load): the driver's cache keeps them for the next ones.
  export CUDA_CACHE_MAXSIZE=${CUDA_CACHE_MAXSIZE:-4294967296}
  timeout "$CHECK_TIMEOUT" ./gpu-check info || true
  while IFS=$'\t' read -r kind name args note; do
    selected "$name" "$only" || continue
    case $kind in
      RUN) if run_check "$name" "$args" "$note" </dev/null; then
          passed=$((passed + 1))
        else failed=$((failed + 1)); fi ;;
      FAIL) printf 'FAIL  %-32s  %s\n' "$name" "$args"
        failed=$((failed + 1)) ;;
      *) printf 'SKIP  %-32s  %s\n' "$name" "$args"
        skipped=$((skipped + 1)) ;;
    esac
  done <checks.txt
  echo "gpu-check: $passed passed, $failed failed, $skipped skipped"
  run_torch
  [ "$failed" -eq 0 ]
}

main() {
  local mode=${1:-} dir=${2:-} only="*" device=cuda
  if [ $# -lt 2 ] || [ -z "$dir" ]; then
    usage
  fi
  shift 2
  for arg in "$@"; do
    case $arg in
      --only=*) only=${arg#--only=} ;;
      --device=cpu) device=cpu ;;
      *) usage ;;
    esac
  done
  case $mode in
    --prepare) prepare "$dir" "$only" "$device" ;;
    --run) run "$dir" "$only" ;;
    *) usage ;;
  esac
}

main "$@"
