//===- EvalUtils.h - What the evaluators of the nn ops share ----*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_REFERENCE_EVALUTILS_H
#define NN_LIB_REFERENCE_EVALUTILS_H

#include "Kernels.h"
#include "nn/IR/DType.h"
#include "nn/IR/Diagnostics.h"
#include "nn/IR/ShapeInference.h"
#include "nn/Reference/Interpreter.h"

#include <string>

namespace nn::ref {

/// Reports the shape rules' failures at `op`, where the interpreter's
/// diagnostic handler picks them up for Interpreter::error.
inline ShapeErrorEmitter shapeErrors(mlir::Operation *op) {
  return ShapeErrorEmitter(op->getLoc(), op->getName().getStringRef());
}

/// `'nn.add' op `, which starts every message about `op`.
std::string opPrefix(mlir::Operation *op);

/// The error of a shape rule that failed at `op` (whose message the
/// interpreter caught), or a generic one if it emitted none.
absl::Status shapeError(Interpreter &interpreter, mlir::Operation *op);

/// The result shape that a shape rule computed for result `resultIndex` of
/// `op`, checked against the declared type: verifiers accept dynamic sizes
/// that the run may contradict.
absl::StatusOr<kernels::Shape> checkResult(Interpreter &interpreter,
                                           mlir::Operation *op,
                                           mlir::FailureOr<nn::Shape> shape,
                                           unsigned resultIndex = 0);

/// With RunOptions::rejectDynamicBroadcast: fails when a dynamic dimension
/// of `operand` (named `name`) has run-time size 1 but `resultShape`
/// stretches it, which compiled code does not support.
absl::Status checkStaticBroadcast(Interpreter &interpreter, mlir::Operation *op,
                                  mlir::Value operand,
                                  llvm::ArrayRef<int64_t> operandShape,
                                  llvm::ArrayRef<int64_t> resultShape,
                                  llvm::StringRef name);

/// The element type of result `index` of a verified op.
DType getResultElementType(mlir::Operation *op, unsigned index = 0);

/// The declared shape of `value`, `?` and all.
kernels::Shape getDeclaredShape(mlir::Value value);

} // namespace nn::ref

#endif // NN_LIB_REFERENCE_EVALUTILS_H
