//===- UnshareEmptyTensors.cpp - One empty tensor per use -----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Undoes what CSE does to destinations. Every op on tensors writes into an
// init, mostly a tensor.empty or a zero fill of one; CSE makes all those of
// one type a single value. One-shot bufferization then analyses every op
// writing into it as one alias set, in time quadratic in its size per op:
// compile time was cubic in the length of a chain of ops that do not fuse
// (125 matmuls 4.7 s, 250 29 s, 500 225 s, all in empty-tensor elimination
// and one-shot analysis). An empty tensor or a fill of one is cheap to
// repeat, so each use gets its own again.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/CPU/Transforms.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUUNSHAREEMPTYTENSORS
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// A linalg.fill of a tensor.empty: a destination like the empty tensor.
bool isFillOfEmpty(Operation *op) {
  auto fill = dyn_cast<linalg::FillOp>(op);
  return fill && fill.hasPureTensorSemantics() &&
         fill.getOutputs().front().getDefiningOp<tensor::EmptyOp>();
}

/// Clones `op` (one result) for every use but the first, right after it:
/// the clones dominate whatever it dominated, and stay out of loops that
/// use it.
void unshare(Operation *op) {
  OpBuilder builder(op->getContext());
  builder.setInsertionPointAfter(op);
  SmallVector<OpOperand *> uses = llvm::map_to_vector(
      op->getResult(0).getUses(), [](OpOperand &use) { return &use; });
  for (OpOperand *use : llvm::drop_begin(uses))
    use->set(builder.clone(*op)->getResult(0));
}

} // namespace

void nn::unshareEmptyTensors(Operation *root) {
  SmallVector<Operation *> fills, empties;
  root->walk([&](Operation *op) {
    if (isFillOfEmpty(op))
      fills.push_back(op);
    else if (isa<tensor::EmptyOp>(op))
      empties.push_back(op);
  });
  // Fills first: their clones are further uses of the empty tensors.
  for (Operation *op : llvm::concat<Operation *>(fills, empties))
    unshare(op);
}

namespace {

struct NNCPUUnshareEmptyTensorsPass
    : public nn::impl::NNCPUUnshareEmptyTensorsBase<
          NNCPUUnshareEmptyTensorsPass> {
  void runOnOperation() override { nn::unshareEmptyTensors(getOperation()); }
};

} // namespace
