//===- ElementwiseOps.cpp - Evaluators of the elementwise ops -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The broadcasting ops check the numpy rule on the run-time shapes (the
// verifier passes any `?`); the unary ops and cast keep their operand's
// shape, which the types already guarantee.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Ops.h"

#include "EvalUtils.h"

using namespace mlir;

namespace nn::ref {

/// The broadcast shape of the operands of a broadcasting op, named `names`
/// in messages, checked against the declared result type.
static absl::StatusOr<kernels::Shape>
broadcastShape(Operation *op, ArrayRef<const Tensor *> operands,
               ArrayRef<StringRef> names, Interpreter &interpreter) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (const Tensor *operand : operands)
    shapes.push_back(operand->getShape());
  absl::StatusOr<kernels::Shape> shape = checkResult(
      interpreter, op, inferBroadcastShape(shapeErrors(op), shapes, names));
  if (!shape.ok())
    return shape.status();
  for (auto [i, operand] : llvm::enumerate(op->getOperands()))
    if (absl::Status status = checkStaticBroadcast(interpreter, op, operand,
                                                   shapes[i], *shape, names[i]);
        !status.ok())
      return status;
  return shape;
}

static absl::StatusOr<Tensor> evalBinary(Operation *op,
                                         kernels::BinaryKind kind,
                                         ArrayRef<const Tensor *> operands,
                                         Interpreter &interpreter) {
  absl::StatusOr<kernels::Shape> shape =
      broadcastShape(op, operands, {"lhs", "rhs"}, interpreter);
  if (!shape.ok())
    return shape.status();
  absl::StatusOr<Tensor> result =
      kernels::binary(kind, *operands[0], *operands[1], *shape);
  if (!result.ok())
    return interpreter.error(op, opPrefix(op) +
                                     std::string(result.status().message()));
  return result;
}

absl::StatusOr<Tensor> evalAddOp(AddOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return evalBinary(op, kernels::BinaryKind::Add, operands, interpreter);
}

absl::StatusOr<Tensor> evalSubOp(SubOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return evalBinary(op, kernels::BinaryKind::Sub, operands, interpreter);
}

absl::StatusOr<Tensor> evalMulOp(MulOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return evalBinary(op, kernels::BinaryKind::Mul, operands, interpreter);
}

absl::StatusOr<Tensor> evalDivOp(DivOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return evalBinary(op, kernels::BinaryKind::Div, operands, interpreter);
}

absl::StatusOr<Tensor> evalPowOp(PowOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return evalBinary(op, kernels::BinaryKind::Pow, operands, interpreter);
}

absl::StatusOr<Tensor> evalMaximumOp(MaximumOp op,
                                     ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter) {
  return evalBinary(op, kernels::BinaryKind::Maximum, operands, interpreter);
}

absl::StatusOr<Tensor> evalMinimumOp(MinimumOp op,
                                     ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter) {
  return evalBinary(op, kernels::BinaryKind::Minimum, operands, interpreter);
}

static kernels::CompareKind compareKind(StringRef direction) {
  return llvm::StringSwitch<kernels::CompareKind>(direction)
      .Case("eq", kernels::CompareKind::Eq)
      .Case("ne", kernels::CompareKind::Ne)
      .Case("lt", kernels::CompareKind::Lt)
      .Case("le", kernels::CompareKind::Le)
      .Case("gt", kernels::CompareKind::Gt)
      .Default(kernels::CompareKind::Ge);
}

absl::StatusOr<Tensor> evalCompareOp(CompareOp op,
                                     ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter) {
  absl::StatusOr<kernels::Shape> shape =
      broadcastShape(op, operands, {"lhs", "rhs"}, interpreter);
  if (!shape.ok())
    return shape.status();
  return kernels::compare(compareKind(op.getDirection()), *operands[0],
                          *operands[1], *shape);
}

absl::StatusOr<Tensor> evalSelectOp(SelectOp op,
                                    ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter) {
  absl::StatusOr<kernels::Shape> shape = broadcastShape(
      op, operands, {"cond", "on_true", "on_false"}, interpreter);
  if (!shape.ok())
    return shape.status();
  return kernels::select(*operands[0], *operands[1], *operands[2], *shape);
}

absl::StatusOr<Tensor> evalNegOp(NegOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Neg, *operands[0]);
}

absl::StatusOr<Tensor> evalAbsOp(AbsOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Abs, *operands[0]);
}

absl::StatusOr<Tensor> evalExpOp(ExpOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Exp, *operands[0]);
}

absl::StatusOr<Tensor> evalLogOp(LogOp op, ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Log, *operands[0]);
}

absl::StatusOr<Tensor> evalSqrtOp(SqrtOp op, ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Sqrt, *operands[0]);
}

absl::StatusOr<Tensor> evalRsqrtOp(RsqrtOp op,
                                   ArrayRef<const Tensor *> operands,
                                   Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Rsqrt, *operands[0]);
}

absl::StatusOr<Tensor> evalTanhOp(TanhOp op, ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Tanh, *operands[0]);
}

absl::StatusOr<Tensor> evalSigmoidOp(SigmoidOp op,
                                     ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Sigmoid, *operands[0]);
}

absl::StatusOr<Tensor> evalReluOp(ReluOp op, ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Relu, *operands[0]);
}

absl::StatusOr<Tensor> evalSignOp(SignOp op, ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter) {
  return kernels::unary(kernels::UnaryKind::Sign, *operands[0]);
}

absl::StatusOr<Tensor> evalCastOp(CastOp op, ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter) {
  return kernels::cast(*operands[0], getResultElementType(op));
}

absl::StatusOr<Tensor> evalOneHotOp(OneHotOp op,
                                    ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter) {
  return kernels::oneHot(*operands[0], op.getDepthAttr().getInt(),
                         getResultElementType(op));
}

} // namespace nn::ref
