//===- ControlFlowOps.cpp - Evaluators of the ops with regions ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn.cond, nn.while, nn.for and nn.fusion run their regions through the
// interpreter. When only shapes are propagated, a predicate computed from a
// tensor has no value: both branches of a cond are checked, and one
// iteration of a while loop; the shapes can be checked before the run only
// if they do not depend on the outcome.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Ops.h"

#include "EvalUtils.h"

using namespace mlir;

namespace nn::ref {

/// IR built in C++ reaches the interpreter unverified: a region without
/// its block must be an error, not a crash.
static absl::Status checkRegions(Operation *op, Interpreter &interpreter) {
  for (Region &region : op->getRegions())
    if (!llvm::hasSingleElement(region))
      return interpreter.error(op,
                               opPrefix(op) + "region #" +
                                   std::to_string(region.getRegionNumber()) +
                                   " must have exactly one block");
  return absl::OkStatus();
}

static std::vector<Tensor> copyTensors(ArrayRef<const Tensor *> tensors) {
  std::vector<Tensor> copies;
  for (const Tensor *tensor : tensors)
    copies.push_back(*tensor);
  return copies;
}

/// In shape-only mode, for an outcome that depends on data: fails unless
/// `next` has the shapes of `current`, so that either is a valid outcome.
static absl::Status checkSameShapes(Operation *op, ArrayRef<Tensor> current,
                                    ArrayRef<Tensor> next, StringRef what,
                                    Interpreter &interpreter) {
  for (auto [i, pair] : llvm::enumerate(llvm::zip(current, next))) {
    auto &[a, b] = pair;
    if (a.getShape() == b.getShape())
      continue;
    return interpreter.undecidable(
        op, opPrefix(op) + "cannot check shapes without running: " +
                what.str() + " value " + std::to_string(i) + " is " +
                a.getTypeString() + " or " + b.getTypeString() +
                ", depending on a predicate computed from data");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>>
evalCondOp(CondOp op, ArrayRef<const Tensor *> operands,
           Interpreter &interpreter) {
  if (absl::Status status = checkRegions(op, interpreter); !status.ok())
    return status;
  std::vector<Tensor> inputs = copyTensors(operands.drop_front());
  const Tensor &pred = *operands.front();
  Block &thenBlock = op.getThenRegion().front();
  Block &elseBlock = op.getElseRegion().front();
  if (pred.hasData())
    return interpreter.runBlock(pred.getInt(0) ? thenBlock : elseBlock, inputs);
  // Shapes only, and the predicate depends on a tensor's data: check both
  // branches; what follows can be checked only if their shapes agree.
  absl::StatusOr<std::vector<Tensor>> thenResults =
      interpreter.runBlock(thenBlock, inputs);
  if (!thenResults.ok())
    return thenResults.status();
  absl::StatusOr<std::vector<Tensor>> elseResults =
      interpreter.runBlock(elseBlock, inputs);
  if (!elseResults.ok())
    return elseResults.status();
  if (absl::Status status = checkSameShapes(op, *thenResults, *elseResults,
                                            "result", interpreter);
      !status.ok())
    return status;
  return thenResults;
}

absl::StatusOr<std::vector<Tensor>>
evalWhileOp(WhileOp op, ArrayRef<const Tensor *> operands,
            Interpreter &interpreter) {
  if (absl::Status status = checkRegions(op, interpreter); !status.ok())
    return status;
  std::vector<Tensor> carried = copyTensors(operands);
  Block &condBlock = op.getCondRegion().front();
  Block &bodyBlock = op.getBodyRegion().front();
  while (true) {
    absl::StatusOr<std::vector<Tensor>> pred =
        interpreter.runBlock(condBlock, carried);
    if (!pred.ok())
      return pred.status();
    bool known = pred->front().hasData();
    if (known && !pred->front().getInt(0))
      return carried;
    absl::StatusOr<std::vector<Tensor>> next =
        interpreter.runBlock(bodyBlock, carried);
    if (!next.ok())
      return next.status();
    if (!known) {
      // Shapes only, and the trip count depends on data: the body has been
      // checked once; the shapes are right if it keeps them.
      if (absl::Status status =
              checkSameShapes(op, carried, *next, "loop-carried", interpreter);
          !status.ok())
        return status;
      return carried;
    }
    carried = *std::move(next);
  }
}

absl::StatusOr<std::vector<Tensor>> evalForOp(ForOp op,
                                              ArrayRef<const Tensor *> operands,
                                              Interpreter &interpreter) {
  if (absl::Status status = checkRegions(op, interpreter); !status.ok())
    return status;
  std::vector<Tensor> arguments(1, Tensor(DType::I64, {}));
  llvm::append_range(arguments, copyTensors(operands));
  Block &body = op.getBody().front();
  int64_t tripCount = op.getTripCount();
  for (int64_t k = 0; k < tripCount; ++k) {
    arguments.front().setInt(0, op.getInductionValue(k));
    absl::StatusOr<std::vector<Tensor>> next =
        interpreter.runBlock(body, arguments);
    if (!next.ok())
      return next.status();
    // Shapes only: once no carried value has data and the shapes stay,
    // the remaining iterations would check the same shapes again.
    bool fixedPoint =
        interpreter.isShapesOnly() &&
        llvm::all_of(llvm::zip(*next, ArrayRef(arguments).drop_front()),
                     [](auto pair) {
                       auto &[a, b] = pair;
                       return !a.hasData() && a.getShape() == b.getShape();
                     });
    std::move(next->begin(), next->end(), arguments.begin() + 1);
    if (fixedPoint)
      break;
  }
  arguments.erase(arguments.begin());
  return arguments;
}

absl::StatusOr<std::vector<Tensor>>
evalFusionOp(FusionOp op, ArrayRef<const Tensor *> operands,
             Interpreter &interpreter) {
  if (absl::Status status = checkRegions(op, interpreter); !status.ok())
    return status;
  return interpreter.runBlock(op.getBody().front(), copyTensors(operands));
}

} // namespace nn::ref
