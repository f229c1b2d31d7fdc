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
#include "nn/Codegen/CPU/Transforms.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace nn {
#define GEN_PASS_DEF_NNFOLDEMPTYLOOPS
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

LogicalResult nn::foldEmptyLoop(RewriterBase &rewriter, linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() ||
      !llvm::is_contained(op.getStaticLoopRanges(), 0))
    return failure();
  SmallVector<Value> inits = llvm::to_vector(op.getDpsInits());
  rewriter.replaceOp(op, inits);
  return success();
}

namespace {

struct FoldEmptyLoop : OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;
  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    return nn::foldEmptyLoop(rewriter, op);
  }
};

struct NNFoldEmptyLoopsPass
    : public nn::impl::NNFoldEmptyLoopsBase<NNFoldEmptyLoopsPass> {
  void runOnOperation() override {
    // Only shapes decide, so one walk, in any order, finds them all.
    RewritePatternSet patterns(&getContext());
    nn::populateFoldEmptyLoopsPatterns(patterns);
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace

void nn::populateFoldEmptyLoopsPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldEmptyLoop>(patterns.getContext());
}
