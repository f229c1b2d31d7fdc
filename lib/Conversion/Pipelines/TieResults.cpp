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

#include "nn/Conversion/Passes.h"

#include "nn/IR/NNDialect.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUTIERESULTS
#include "nn/Conversion/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

struct NNCPUTieResultsPass
    : public nn::impl::NNCPUTieResultsBase<NNCPUTieResultsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    MLIRContext *context = &getContext();
    for (unsigned arg = 0; arg < func.getNumArguments(); ++arg) {
      auto tied = func.getArgAttrOfType<IntegerAttr>(
          arg, nn::NNDialect::kTiedResultAttrName);
      if (!tied)
        continue;
      unsigned result = tied.getInt();
      func.setArgAttr(arg,
                      bufferization::BufferizationDialect::kWritableAttrName,
                      BoolAttr::get(context, true));
      BlockArgument destination = func.getArgument(arg);
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
};

} // namespace
