//===- FoldEmptyLoops.cpp - Linalg ops that iterate zero times ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A static zero-size dimension (a batch of 0, a matmul with K = 0, an empty
// reduction axis) reaches linalg as a loop range of 0. The loop nest then
// runs no iteration and leaves its outs as they are, which is the whole
// meaning of the op: every nn op lowers to linalg, so this one rewrite
// covers them all (an empty result becomes its empty init, a contraction
// or reduction over an empty dimension its fill). The later passes can then
// assume non-empty static loops: upstream tiling (computeTileSizes) and
// block packing crash or fail on a range of 0.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/PatternMatch.h"

namespace nn {
#define GEN_PASS_DEF_NNFOLDEMPTYLOOPS
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

struct NNFoldEmptyLoopsPass
    : public nn::impl::NNFoldEmptyLoopsBase<NNFoldEmptyLoopsPass> {
  void runOnOperation() override {
    // Only shapes decide, so the order of replacements does not matter.
    SmallVector<linalg::LinalgOp> empty;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() &&
          llvm::is_contained(op.getStaticLoopRanges(), 0))
        empty.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : empty) {
      rewriter.setInsertionPoint(op);
      SmallVector<Value> inits = llvm::to_vector(op.getDpsInits());
      rewriter.replaceOp(op, inits);
    }
  }
};

} // namespace
