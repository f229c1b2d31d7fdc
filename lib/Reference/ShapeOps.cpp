//===- ShapeOps.cpp - Evaluators of the shape ops -------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// reshape and broadcast_to take their shape from the result type; its
// dynamic sizes are resolved on the run-time operand shape by the rules in
// ShapeInference.cpp. broadcast_like and unbroadcast take theirs from the
// run-time shape of `like`.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Ops.h"

#include "EvalUtils.h"

using namespace mlir;

namespace nn::ref {

absl::StatusOr<Tensor> evalReshapeOp(ReshapeOp op,
                                     ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter) {
  FailureOr<nn::Shape> shape = resolveReshapeShape(
      shapeErrors(op), operands[0]->getShape(), op.getType());
  if (failed(shape))
    return shapeError(interpreter, op);
  return kernels::reshape(*operands[0],
                          kernels::Shape(shape->begin(), shape->end()));
}

absl::StatusOr<Tensor> evalTransposeOp(TransposeOp op,
                                       ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter) {
  return kernels::transpose(*operands[0], op.getPerm());
}

absl::StatusOr<Tensor> evalBroadcastToOp(BroadcastToOp op,
                                         ArrayRef<const Tensor *> operands,
                                         Interpreter &interpreter) {
  FailureOr<nn::Shape> shape = resolveBroadcastToShape(
      shapeErrors(op), operands[0]->getShape(), op.getType().getShape());
  if (failed(shape))
    return shapeError(interpreter, op);
  return kernels::broadcastTo(*operands[0],
                              kernels::Shape(shape->begin(), shape->end()));
}

absl::StatusOr<Tensor> evalBroadcastLikeOp(BroadcastLikeOp op,
                                           ArrayRef<const Tensor *> operands,
                                           Interpreter &interpreter) {
  ArrayRef<int64_t> operand = operands[0]->getShape();
  ArrayRef<int64_t> like = operands[1]->getShape();
  if (failed(verifyBroadcastTo(shapeErrors(op), operand, like)))
    return shapeError(interpreter, op);
  if (absl::Status status = checkStaticBroadcast(
          interpreter, op, op.getOperand(), operand, like, "operand");
      !status.ok())
    return status;
  return kernels::broadcastTo(*operands[0], operands[1]->getShape());
}

absl::StatusOr<Tensor> evalUnbroadcastOp(UnbroadcastOp op,
                                         ArrayRef<const Tensor *> operands,
                                         Interpreter &interpreter) {
  ArrayRef<int64_t> operand = operands[0]->getShape();
  ArrayRef<int64_t> like = operands[1]->getShape();
  if (failed(verifyBroadcastTo(shapeErrors(op), like, operand)))
    return shapeError(interpreter, op);
  if (absl::Status status = checkStaticBroadcast(interpreter, op, op.getLike(),
                                                 like, operand, "like");
      !status.ok())
    return status;
  return kernels::unbroadcast(*operands[0], operands[1]->getShape());
}

absl::StatusOr<Tensor> evalConcatOp(ConcatOp op,
                                    ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (const Tensor *input : operands)
    shapes.push_back(input->getShape());
  int64_t axis = op.getAxisAttr().getInt();
  absl::StatusOr<kernels::Shape> shape = checkResult(
      interpreter, op, inferConcatShape(shapeErrors(op), shapes, axis));
  if (!shape.ok())
    return shape.status();
  if (axis < 0)
    axis += shape->size();
  return kernels::concat(operands, axis, *shape);
}

absl::StatusOr<Tensor> evalSliceOp(SliceOp op,
                                   ArrayRef<const Tensor *> operands,
                                   Interpreter &interpreter) {
  SmallVector<int64_t> strides = op.getEffectiveStrides();
  absl::StatusOr<kernels::Shape> shape =
      checkResult(interpreter, op,
                  inferSliceShape(shapeErrors(op), operands[0]->getShape(),
                                  op.getStart(), op.getLimit(), strides));
  if (!shape.ok())
    return shape.status();
  return kernels::slice(*operands[0], op.getStart(), strides, *shape);
}

absl::StatusOr<Tensor> evalPadOp(PadOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  SmallVector<int64_t> interior = op.getEffectiveInterior();
  absl::StatusOr<kernels::Shape> shape =
      checkResult(interpreter, op,
                  inferPadShape(shapeErrors(op), operands[0]->getShape(),
                                op.getLow(), op.getHigh(), interior));
  if (!shape.ok())
    return shape.status();
  return kernels::pad(*operands[0], op.getLow(), interior,
                      op.getValue().convertToDouble(), *shape);
}

} // namespace nn::ref
