//===- ControlFlow.h - Control flow in eager and traced code ----*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// C++ control flow cannot be recorded, so branches and loops on values are
// explicit: eagerly they run as plain C++ on the host value, inside a trace
// they become the region ops nn.cond, nn.while and nn.for, whose bodies are
// traced once. Gradients flow through cond and fori (static bounds), not
// through whileLoop.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRACE_CONTROLFLOW_H
#define NN_TRACE_CONTROLFLOW_H

#include "nn/Eager/Array.h"

#include <functional>
#include <vector>

namespace nn {

using Branch = std::function<std::vector<Array>(const std::vector<Array> &)>;

/// thenFn(operands) if `pred` (a rank-0 i1 array) is true, else
/// elseFn(operands); both must give the same number, dtypes and shapes.
std::vector<Array> cond(const Array &pred, const Branch &thenFn,
                        const Branch &elseFn,
                        const std::vector<Array> &operands, NN_SITE);

/// Runs bodyFn on the carried values while condFn (a rank-0 i1 array) is
/// true; the carried dtypes and shapes must not change.
std::vector<Array> whileLoop(const Branch &condFn, const Branch &bodyFn,
                             const std::vector<Array> &init, NN_SITE);

/// for (i = lo; i < hi; ++i) carried = bodyFn(i, carried), with `i` a
/// rank-0 i64 array and static bounds.
std::vector<Array> fori(int64_t lo, int64_t hi,
                        const std::function<std::vector<Array>(
                            const Array &, const std::vector<Array> &)> &bodyFn,
                        const std::vector<Array> &init, NN_SITE);

} // namespace nn

#endif // NN_TRACE_CONTROLFLOW_H
