//===- ReductionOps.cpp - Evaluators of the reductions --------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Ops.h"

#include "EvalUtils.h"

using namespace mlir;

namespace nn::ref {

template <typename ReduceOp>
static absl::StatusOr<Tensor> evalReduce(ReduceOp op, kernels::ReduceKind kind,
                                         ArrayRef<const Tensor *> operands,
                                         Interpreter &interpreter) {
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(shapeErrors(op), op.getAxes(), operands[0]->getRank());
  if (failed(axes))
    return shapeError(interpreter, op);
  return kernels::reduce(kind, *operands[0], *axes, op.getKeepDims());
}

absl::StatusOr<Tensor> evalReduceSumOp(ReduceSumOp op,
                                       ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter) {
  return evalReduce(op, kernels::ReduceKind::Sum, operands, interpreter);
}

absl::StatusOr<Tensor> evalReduceMeanOp(ReduceMeanOp op,
                                        ArrayRef<const Tensor *> operands,
                                        Interpreter &interpreter) {
  return evalReduce(op, kernels::ReduceKind::Mean, operands, interpreter);
}

absl::StatusOr<Tensor> evalReduceMaxOp(ReduceMaxOp op,
                                       ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter) {
  return evalReduce(op, kernels::ReduceKind::Max, operands, interpreter);
}

absl::StatusOr<Tensor> evalReduceMinOp(ReduceMinOp op,
                                       ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter) {
  return evalReduce(op, kernels::ReduceKind::Min, operands, interpreter);
}

absl::StatusOr<Tensor> evalArgmaxOp(ArgmaxOp op,
                                    ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter) {
  FailureOr<int64_t> axis = normalizeAxis(
      shapeErrors(op), op.getAxisAttr().getInt(), operands[0]->getRank());
  if (failed(axis))
    return shapeError(interpreter, op);
  // Only a run can tell: the verifier accepts a dynamic axis.
  if (operands[0]->getShape()[*axis] == 0)
    return interpreter.error(op, opPrefix(op) +
                                     "has no maximum along an empty axis");
  return kernels::argmax(*operands[0], *axis, op.getKeepDims());
}

template <typename SoftmaxOp>
static absl::StatusOr<Tensor> evalSoftmax(SoftmaxOp op, bool log,
                                          ArrayRef<const Tensor *> operands,
                                          Interpreter &interpreter) {
  FailureOr<int64_t> axis = normalizeAxis(
      shapeErrors(op), op.getAxisAttr().getInt(), operands[0]->getRank());
  if (failed(axis))
    return shapeError(interpreter, op);
  return kernels::softmax(*operands[0], *axis, log);
}

absl::StatusOr<Tensor> evalSoftmaxOp(SoftmaxOp op,
                                     ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter) {
  return evalSoftmax(op, /*log=*/false, operands, interpreter);
}

absl::StatusOr<Tensor> evalLogSoftmaxOp(LogSoftmaxOp op,
                                        ArrayRef<const Tensor *> operands,
                                        Interpreter &interpreter) {
  return evalSoftmax(op, /*log=*/true, operands, interpreter);
}

} // namespace nn::ref
