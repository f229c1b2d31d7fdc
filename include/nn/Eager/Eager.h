//===- Eager.h - How eager ops run ------------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Eager ops run in tiers. Tier 0, the reference interpreter, runs an op the
// first time its signature is seen: no compile latency, the oracle's
// numerics. Once a signature is used again, a JIT kernel for it is compiled
// on a background thread, with every dimension `?` except those of size 1,
// keyed by (op, attributes, dtypes, ranks): one kernel serves every batch
// size. When it is ready the op runs from it (tier 1). An eager op never
// waits for a compile, except in JitSync mode.
//
// Eager gradients (valueAndGrad outside a trace) run the same way: the
// interpreter until the traced gradient function is compiled.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_EAGER_EAGER_H
#define NN_EAGER_EAGER_H

#include <cstddef>
#include <cstdint>

namespace nn {

enum class EagerMode {
  /// The interpreter only: no compile ever.
  Interpret,
  /// The interpreter, then background-compiled kernels (the default).
  Tiered,
  /// A kernel compiled at an op's first use, waiting for it (tests and
  /// benchmarks).
  JitSync,
};

void setEagerMode(EagerMode mode);
EagerMode getEagerMode();

/// Counters of the eager tiers since the process started.
struct EagerStats {
  /// Ops run by the interpreter and by compiled kernels.
  uint64_t interpretedOps = 0;
  uint64_t compiledOps = 0;
  /// Kernels compiled (successfully) and kernels that could not be.
  uint64_t kernelsCompiled = 0;
  uint64_t kernelsFailed = 0;
};
EagerStats getEagerStats();

/// Waits until every background compile queued so far has finished (tests
/// and benchmarks).
void waitForBackgroundCompiles();

} // namespace nn

#endif // NN_EAGER_EAGER_H
