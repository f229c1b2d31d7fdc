//===- ContractionOps.cpp - Evaluators of contractions and windows --------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// matmul, conv2d and pooling, and the gradients of the window ops. The
// gradient ops read only the shape of the forward input they stand for, so
// their operands are checked against the forward op's shape rule.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Ops.h"

#include "EvalUtils.h"

using namespace mlir;

namespace nn::ref {

absl::StatusOr<Tensor> evalMatmulOp(MatmulOp op,
                                    ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter) {
  absl::StatusOr<kernels::Shape> shape =
      checkResult(interpreter, op,
                  inferMatmulShape(shapeErrors(op), operands[0]->getShape(),
                                   operands[1]->getShape(),
                                   op.getTransposeLhs(), op.getTransposeRhs()));
  if (!shape.ok())
    return shape.status();
  return kernels::matmul(*operands[0], *operands[1], op.getTransposeLhs(),
                         op.getTransposeRhs(), *shape);
}

absl::StatusOr<Tensor> evalConv2DOp(Conv2DOp op,
                                    ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter) {
  absl::StatusOr<kernels::Shape> shape =
      checkResult(interpreter, op,
                  inferConv2DShape(shapeErrors(op), operands[0]->getShape(),
                                   operands[1]->getShape(), op.getStrides(),
                                   op.getDilations(), op.getPadding()));
  if (!shape.ok())
    return shape.status();
  return kernels::conv2d(*operands[0], *operands[1], op.getStrides(),
                         op.getDilations(), op.getPadding(), *shape);
}

template <typename PoolOp>
static absl::StatusOr<Tensor> evalPool2D(PoolOp op, bool isMax,
                                         ArrayRef<const Tensor *> operands,
                                         Interpreter &interpreter) {
  absl::StatusOr<kernels::Shape> shape = checkResult(
      interpreter, op,
      inferPool2DShape(shapeErrors(op), operands[0]->getShape(), op.getWindow(),
                       op.getEffectiveStrides(), op.getPadding()));
  if (!shape.ok())
    return shape.status();
  return kernels::pool2d(isMax, *operands[0], op.getWindow(),
                         op.getEffectiveStrides(), op.getPadding(), *shape);
}

absl::StatusOr<Tensor> evalMaxPool2DOp(MaxPool2DOp op,
                                       ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter) {
  return evalPool2D(op, /*isMax=*/true, operands, interpreter);
}

absl::StatusOr<Tensor> evalAvgPool2DOp(AvgPool2DOp op,
                                       ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter) {
  return evalPool2D(op, /*isMax=*/false, operands, interpreter);
}

/// Checks the operands (input, filter, grad) of a conv2d gradient op: grad
/// has the shape of the convolution of the input by the filter.
template <typename ConvGradOp>
static absl::Status checkConvGrad(ConvGradOp op,
                                  ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter) {
  ShapeErrorEmitter error = shapeErrors(op);
  if (failed(verifyGradShape(
          error,
          inferConv2DShape(error, operands[0]->getShape(),
                           operands[1]->getShape(), op.getStrides(),
                           op.getDilations(), op.getPadding()),
          operands[2]->getShape())))
    return shapeError(interpreter, op);
  return absl::OkStatus();
}

absl::StatusOr<Tensor> evalConv2DInputGradOp(Conv2DInputGradOp op,
                                             ArrayRef<const Tensor *> operands,
                                             Interpreter &interpreter) {
  if (absl::Status status = checkConvGrad(op, operands, interpreter);
      !status.ok())
    return status;
  return kernels::conv2dInputGrad(*operands[1], *operands[2], op.getStrides(),
                                  op.getDilations(), op.getPadding(),
                                  operands[0]->getShape());
}

absl::StatusOr<Tensor> evalConv2DFilterGradOp(Conv2DFilterGradOp op,
                                              ArrayRef<const Tensor *> operands,
                                              Interpreter &interpreter) {
  if (absl::Status status = checkConvGrad(op, operands, interpreter);
      !status.ok())
    return status;
  return kernels::conv2dFilterGrad(*operands[0], *operands[2], op.getStrides(),
                                   op.getDilations(), op.getPadding(),
                                   operands[1]->getShape());
}

/// The gradient of a pooling op: grad has the shape of the pooled input.
template <typename PoolGradOp>
static absl::StatusOr<Tensor> evalPool2DGrad(PoolGradOp op, bool isMax,
                                             ArrayRef<const Tensor *> operands,
                                             Interpreter &interpreter) {
  ShapeErrorEmitter error = shapeErrors(op);
  if (failed(verifyGradShape(
          error,
          inferPool2DShape(error, operands[0]->getShape(), op.getWindow(),
                           op.getEffectiveStrides(), op.getPadding()),
          operands[1]->getShape())))
    return shapeError(interpreter, op);
  return kernels::pool2dGrad(isMax, *operands[0], *operands[1], op.getWindow(),
                             op.getEffectiveStrides(), op.getPadding());
}

absl::StatusOr<Tensor> evalMaxPool2DGradOp(MaxPool2DGradOp op,
                                           ArrayRef<const Tensor *> operands,
                                           Interpreter &interpreter) {
  return evalPool2DGrad(op, /*isMax=*/true, operands, interpreter);
}

absl::StatusOr<Tensor> evalAvgPool2DGradOp(AvgPool2DGradOp op,
                                           ArrayRef<const Tensor *> operands,
                                           Interpreter &interpreter) {
  return evalPool2DGrad(op, /*isMax=*/false, operands, interpreter);
}

} // namespace nn::ref
