//===- ConstantFold.h - Constant folding by the interpreter ---*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Folds every nn op whose operands are constants by running its reference
// kernel, under MLIR's own `canonicalize` (a DialectFoldInterface, consulted
// when an op's own folder gives up). The IR layer cannot depend on the
// interpreter, so tools register this extension with their dialects.
//
//===----------------------------------------------------------------------===//

#ifndef NN_REFERENCE_CONSTANTFOLD_H
#define NN_REFERENCE_CONSTANTFOLD_H

#include <cstdint>

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace nn {

/// Folding limits: results and inputs up to this many elements, and
/// contractions up to this many multiply-adds, so that folding neither
/// bloats the IR nor stalls the compiler.
constexpr int64_t kMaxFoldedElements = int64_t(1) << 20;
constexpr int64_t kMaxFoldedMultiplyAdds = int64_t(1) << 24;

/// Attaches constant folding to the nn dialect, and the evaluators it runs
/// (ref::registerEvaluators) to the nn ops.
void registerConstantFolding(mlir::DialectRegistry &registry);

} // namespace nn

#endif // NN_REFERENCE_CONSTANTFOLD_H
