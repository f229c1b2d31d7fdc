//===- TieResults.cpp - Results written into their tied arguments ---------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Before bufferization: every result tied to an argument (`nn.tied_result`)
// is materialized in that argument, which becomes writable. One-shot
// bufferization then computes the result in the argument's buffer when no
// later read of the argument conflicts (after empty-tensor elimination, an
// elementwise update writes straight into it), and copies into it
// otherwise: in place where possible, correct always.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/CPU/Transforms.h"

#include "nn/IR/NNDialect.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUTIERESULTS
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// A loop (nn.for, nn.while lowered to scf) that starts from the tied
/// argument would carry the argument's buffer while the result is to be
/// written into it, a conflict that one-shot-bufferize cannot resolve: the
/// loop starts from a copy instead.
void copyLoopInits(BlockArgument destination) {
  for (OpOperand &use : llvm::make_early_inc_range(destination.getUses())) {
    Operation *owner = use.getOwner();
    auto type = dyn_cast<RankedTensorType>(destination.getType());
    if (!isa<LoopLikeOpInterface>(owner) || !type)
      continue;
    OpBuilder builder(owner);
    auto copy = bufferization::AllocTensorOp::create(
        builder, owner->getLoc(), type, ValueRange(), destination);
    use.set(copy);
  }
}

struct NNCPUTieResultsPass
    : public nn::impl::NNCPUTieResultsBase<NNCPUTieResultsPass> {
  void runOnOperation() override { nn::tieResults(getOperation()); }
};

} // namespace

void nn::tieResults(func::FuncOp func) {
  if (func.isExternal())
    return;
  MLIRContext *context = func.getContext();
  for (unsigned arg = 0; arg < func.getNumArguments(); ++arg) {
    auto tied =
        func.getArgAttrOfType<IntegerAttr>(arg, NNDialect::kTiedResultAttrName);
    // On buffers (after bufferization, as nn-cpu-drop-tied-results sees
    // them) there is no value to materialize: nothing to do.
    if (!tied || !isa<TensorType>(func.getArgument(arg).getType()))
      continue;
    unsigned result = tied.getInt();
    func.setArgAttr(arg, bufferization::BufferizationDialect::kWritableAttrName,
                    BoolAttr::get(context, true));
    BlockArgument destination = func.getArgument(arg);
    copyLoopInits(destination);
    func.walk([&](func::ReturnOp ret) {
      OpBuilder builder(ret);
      Value value = ret.getOperand(result);
      if (value == destination)
        return;
      auto materialized = bufferization::MaterializeInDestinationOp::create(
          builder, ret.getLoc(), value, destination);
      ret.setOperand(result, materialized.getResult());
    });
  }
}
