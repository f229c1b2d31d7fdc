//===- TileContractions.cpp - Register tiles for matmul-like ops ----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUTILECONTRACTIONS
#include "nn/Conversion/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// A contraction of two parallel loops and one reduction loop, last.
bool isTileableContraction(linalg::LinalgOp op) {
  if (!linalg::isaContractionOpInterface(op) || op.getNumLoops() != 3 ||
      op.getNumDpsInits() != 1 || !op.hasPureTensorSemantics())
    return false;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  return iterators[0] == utils::IteratorType::parallel &&
         iterators[1] == utils::IteratorType::parallel &&
         iterators[2] == utils::IteratorType::reduction;
}

/// The largest tile size up to `preferred` (a power of two) that divides a
/// static `size`; `preferred` for a dynamic size (its loop is peeled).
int64_t tileSizeFor(int64_t size, int64_t preferred) {
  if (ShapedType::isDynamic(size))
    return preferred;
  int64_t tile = preferred;
  while (tile > 1 && size % tile != 0)
    tile /= 2;
  return tile;
}

struct NNCPUTileContractionsPass
    : public nn::impl::NNCPUTileContractionsBase<NNCPUTileContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> contractions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isTileableContraction(op))
        contractions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : contractions) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      int64_t tm = tileSizeFor(ranges[0], tileM);
      int64_t tn = tileSizeFor(ranges[1], tileN);
      rewriter.setInsertionPoint(op);
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(&getContext(), {tm, tn, 1}));
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue; // Untiled ops still lower to (slower) loops.
      rewriter.replaceOp(op, tiled->replacements);
      // Peel the partial last tile of the M and N loops (dynamic or not a
      // multiple), so that every tile of the main loops has static sizes
      // and vectorizes without masks; the remainders run as scalar loops.
      for (int i = 0; i < 2 && i < static_cast<int>(tiled->loops.size()); ++i)
        if (auto forOp = dyn_cast<scf::ForOp>(*tiled->loops[i])) {
          scf::ForOp partial;
          (void)scf::peelForLoopAndSimplifyBounds(rewriter, forOp, partial);
        }
    }
    // Canonicalize so that the peeled main loops' tiles get static types.
    {
      RewritePatternSet patterns(&getContext());
      for (Dialect *dialect : getContext().getLoadedDialects())
        dialect->getCanonicalizationPatterns(patterns);
      for (RegisteredOperationName op : getContext().getRegisteredOperations())
        op.getCanonicalizationPatterns(patterns, &getContext());
      (void)applyPatternsGreedily(getOperation(), std::move(patterns));
    }
    // Vectorize every contraction tile whose sizes are now static.
    SmallVector<linalg::LinalgOp> tiles;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isTileableContraction(op) && op.hasPureTensorSemantics() &&
          llvm::none_of(op.getStaticLoopRanges(), ShapedType::isDynamic) &&
          op.getStaticLoopRanges()[2] == 1 &&
          op.getStaticLoopRanges()[0] <= tileM &&
          op.getStaticLoopRanges()[1] <= tileN)
        tiles.push_back(op);
    });
    for (linalg::LinalgOp tile : tiles) {
      rewriter.setInsertionPoint(tile);
      // As a vector.contract, which lowers to FMAs.
      FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
          rewriter, tile, /*inputVectorSizes=*/{},
          /*inputScalableVecDims=*/{}, /*vectorizeNDExtract=*/false,
          /*flatten1DDepthwiseConv=*/false,
          /*assumeDynamicDimsMatchVecSizes=*/false,
          /*createNamedContraction=*/true);
      if (succeeded(vectorized))
        rewriter.replaceOp(tile, vectorized->replacements);
    }
  }
};

} // namespace
