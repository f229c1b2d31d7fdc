//===- DropTiedResults.cpp - Tied results leave the signature -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// After bufferization: a result tied to an argument (nn-cpu-tie-results)
// is that argument's buffer, which the caller has; returning it would make
// the deallocation pipeline clone it (the function does not own it). So it
// is removed from the results, after a copy into the argument where the
// returned buffer is another one. The caller reads the result from the
// argument's memory.
//
//===----------------------------------------------------------------------===//

#include "nn/Conversion/Passes.h"

#include "nn/IR/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/BitVector.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUDROPTIEDRESULTS
#include "nn/Conversion/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// `value` without memref.casts.
Value stripCasts(Value value) {
  while (auto cast = value.getDefiningOp<memref::CastOp>())
    value = cast.getSource();
  return value;
}

struct NNCPUDropTiedResultsPass
    : public nn::impl::NNCPUDropTiedResultsBase<NNCPUDropTiedResultsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    llvm::BitVector dropped(func.getNumResults());
    for (unsigned arg = 0; arg < func.getNumArguments(); ++arg) {
      auto tied = func.getArgAttrOfType<IntegerAttr>(
          arg, nn::NNDialect::kTiedResultAttrName);
      if (!tied)
        continue;
      // The signature no longer has the result: the attribute goes.
      func.removeArgAttr(arg, nn::NNDialect::kTiedResultAttrName);
      unsigned result = tied.getInt();
      if (!isa<BaseMemRefType>(func.getArgumentTypes()[arg])) {
        func.emitError() << "nn-cpu-drop-tied-results runs on bufferized "
                            "functions; argument "
                         << arg << " is not a buffer";
        return signalPassFailure();
      }
      dropped.set(result);
      BlockArgument destination = func.getArgument(arg);
      func.walk([&](func::ReturnOp ret) {
        Value value = ret.getOperand(result);
        if (stripCasts(value) == destination)
          return;
        OpBuilder builder(ret);
        memref::CopyOp::create(builder, ret.getLoc(), value, destination);
      });
    }
    if (dropped.none())
      return;
    func.walk([&](func::ReturnOp ret) { ret->eraseOperands(dropped); });
    if (failed(func.eraseResults(dropped)))
      return signalPassFailure();
  }
};

} // namespace
