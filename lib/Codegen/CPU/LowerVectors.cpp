//===- LowerVectors.cpp - Vector lowering after bufferization -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/CPU/Transforms.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nn {
#define GEN_PASS_DEF_NNCPULOWERVECTORS
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// memref.copy between strided views (pads, slices, concatenations, the
/// unpadding of packed matmuls) becomes a linalg.copy, i.e. loops that
/// LLVM vectorizes; left alone it lowers to a call of MLIR's generic
/// memrefCopy, which computes every element's address separately (about
/// 0.5 ms of a 400x300 pad, measured).
struct StridedCopyToLoops : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    auto source = dyn_cast<MemRefType>(op.getSource().getType());
    auto target = dyn_cast<MemRefType>(op.getTarget().getType());
    if (!source || !target ||
        (source.getLayout().isIdentity() && target.getLayout().isIdentity()))
      return failure(); // Contiguous: a memcpy.
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct NNCPULowerVectorsPass
    : public nn::impl::NNCPULowerVectorsBase<NNCPULowerVectorsPass> {
  void runOnOperation() override {
    if (failed(nn::lowerVectors(getOperation())))
      signalPassFailure();
  }
};

} // namespace

void nn::populateStridedCopyToLoopsPatterns(RewritePatternSet &patterns) {
  patterns.add<StridedCopyToLoops>(patterns.getContext());
}

void nn::populateCPUTransferLoweringPatterns(RewritePatternSet &patterns) {
  vector::populateVectorTransferDropUnitDimsPatterns(patterns);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateDropUnitDimWithShapeCastPatterns(patterns);
  vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
  populateStridedCopyToLoopsPatterns(patterns);
}

void nn::populateCPUVectorLoweringPatterns(RewritePatternSet &patterns) {
  vector::populateVectorContractLoweringPatterns(
      patterns, vector::VectorContractLowering::OuterProduct);
  vector::populateVectorOuterProductLoweringPatterns(patterns);
  vector::populateVectorMaskOpLoweringPatterns(patterns);
  vector::populateVectorTransposeLoweringPatterns(
      patterns, vector::VectorTransposeLowering::EltWise);
  vector::populateVectorMultiReductionLoweringPatterns(
      patterns, vector::VectorMultiReductionLowering::InnerParallel);
}

LogicalResult nn::lowerVectors(func::FuncOp func) {
  // The accumulator of a tiled contraction is read and written at indices
  // that do not change along the reduction loop: keep it in registers.
  linalg::hoistRedundantVectorTransfers(func);
  // Transfers of packing copies: unit dimensions dropped and permutations
  // made explicit, so that they become plain vector loads and stores.
  RewritePatternSet transfers(func.getContext());
  populateCPUTransferLoweringPatterns(transfers);
  if (failed(applyPatternsGreedily(func, std::move(transfers))))
    return failure();
  RewritePatternSet vectors(func.getContext());
  populateCPUVectorLoweringPatterns(vectors);
  return applyPatternsGreedily(func, std::move(vectors));
}
