#!/usr/bin/env bash
# ===- run.sh - Run the benchmarks of issue 4 -------------------------=== #
#
# Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
# See LICENSE.TXT for license information.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# ===---------------------------------------------------------------=== #
#
# Usage: benchmarks/run.sh [BUILD_DIR] [bench ...]
#   BUILD_DIR defaults to build/ next to this folder; the benches (call,
#   sgemm, mlp-step, conv; default: all) run in that order. Each prints its own
#   tables with the ratios measured side by side in the same run;
#   bench-mlp-step runs the PyTorch peer (peers_torch_mlp_step.py) itself.
#   Build first:
#     ninja -C build bench-call bench-sgemm bench-mlp-step
#   Output also goes to BUILD_DIR/benchmarks/run-<date>.log.
#
# Every timing waits for a quiet machine and discards samples taken while
# other processes were busy (see BenchUtil.h); on a busy machine a run
# takes longer, and the tables say how many samples stayed noisy.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../build}"
shift || true
benches=("$@")
[[ ${#benches[@]} -gt 0 ]] || benches=(call sgemm mlp-step conv)

for bench in "${benches[@]}"; do
  if [[ ! -x "$build/bin/bench-$bench" ]]; then
    echo "run.sh: $build/bin/bench-$bench is missing; build it with" >&2
    echo "  ninja -C $build bench-$bench" >&2
    exit 1
  fi
done

log="$build/benchmarks/run-$(date -u +%Y%m%dT%H%M%SZ).log"
mkdir -p "$(dirname "$log")"
{
  echo "== nn benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "== $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; git $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$here" diff --quiet 2>/dev/null || echo ' (modified tree)')"
  echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for bench in "${benches[@]}"; do
    echo
    echo "== bench-$bench"
    start=$(date +%s)
    "$build/bin/bench-$bench"
    echo "== bench-$bench: $(( $(date +%s) - start )) s"
  done
} 2>&1 | tee "$log"
echo "run.sh: log in $log"
