//===- ParallelizeLoops.cpp - Large loops on every core -------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What is left of a training step around its GEMMs (bias adds, activations
// and their gradients, the im2col copies of convolutions, the gathers of
// pooling and col2im) ran on one thread while the other cores waited in
// the OpenMP runtime: in the conv net's step, a third of the time. Each such
// op whose outermost loop is parallel is cut into chunks of that loop, an
// scf.forall that the llvm phase makes an OpenMP loop. Chunks are few (at
// most max-chunks) and, where the range allows, of equal static size, so
// that the tiles keep static shapes for the code that lowers them.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/CPU/Transforms.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "llvm/Support/MathExtras.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUPARALLELIZELOOPS
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// What a dynamic loop range counts as: a batch of 16. An op with a dynamic
/// batch (a traced training step's) and large rows is spread, an eager
/// kernel's, every size dynamic, needs rank 5 to reach 2^17.
constexpr int64_t kAssumedDynamicRange = 16;

/// The number of iteration points of `ranges`, saturating at INT64_MAX.
int64_t countPoints(ArrayRef<int64_t> ranges) {
  int64_t points = 1;
  for (int64_t range : ranges) {
    if (ShapedType::isDynamic(range))
      range = kAssumedDynamicRange;
    if (range != 0 && points > std::numeric_limits<int64_t>::max() / range)
      return std::numeric_limits<int64_t>::max();
    points *= range;
  }
  return points;
}

/// The chunk of loop `loop` of `op`, of a dynamic range: max(1, ceil(range
/// / maxChunks)), computed before `op` (a range of 0 must not make a step
/// of 0).
OpFoldResult dynamicChunkFor(RewriterBase &rewriter, linalg::LinalgOp op,
                             int64_t loop, int64_t maxChunks) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  OpFoldResult range = op.createLoopRanges(rewriter, loc)[loop].size;
  MLIRContext *context = rewriter.getContext();
  AffineExpr d0 = getAffineDimExpr(0, context);
  AffineMap chunk = AffineMap::get(
      1, 0, {d0.ceilDiv(maxChunks), getAffineConstantExpr(1, context)},
      context);
  return affine::makeComposedFoldedAffineMax(rewriter, loc, chunk, {range});
}

/// The chunk of a loop of `range` iterations cut into at most `maxChunks`
/// pieces: range / c for the most chunks c <= maxChunks that divide it
/// (equal, static tiles), else the rounded-up quotient (a shorter last
/// one). At most maxChunks trials, whatever the range (a search over
/// chunk sizes took range / 2 of them for a prime range from the IR).
int64_t chunkFor(int64_t range, int64_t maxChunks) {
  for (int64_t chunks = std::min(maxChunks, range); chunks >= 2; --chunks)
    if (range % chunks == 0)
      return range / chunks;
  return llvm::divideCeil(range, maxChunks);
}

} // namespace

FailureOr<linalg::LinalgOp> nn::spreadOverThreads(RewriterBase &rewriter,
                                                  linalg::LinalgOp op,
                                                  int64_t minElements,
                                                  int64_t maxChunks,
                                                  std::optional<int64_t> loop) {
  auto tileable = dyn_cast<TilingInterface>(op.getOperation());
  if (!tileable || !op.hasPureTensorSemantics() || maxChunks < 2)
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (countPoints(ranges) < minElements)
    return failure();
  // By default the outermost loop that does something; a reduction there
  // (a sum over the batch) would need partial results per thread.
  if (!loop) {
    loop = 0;
    while (*loop < static_cast<int64_t>(ranges.size()) && ranges[*loop] == 1)
      ++*loop;
  }
  if (*loop < 0 || *loop >= static_cast<int64_t>(ranges.size()) ||
      (!ShapedType::isDynamic(ranges[*loop]) && ranges[*loop] < 2) ||
      op.getIteratorTypesArray()[*loop] != utils::IteratorType::parallel)
    return failure();
  SmallVector<OpFoldResult> sizes(ranges.size(), rewriter.getIndexAttr(0));
  sizes[*loop] =
      ShapedType::isDynamic(ranges[*loop])
          ? dynamicChunkFor(rewriter, op, *loop, maxChunks)
          : rewriter.getIndexAttr(chunkFor(ranges[*loop], maxChunks));
  scf::SCFTilingOptions options;
  options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  options.setTileSizes(sizes);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, tileable, options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return cast<linalg::LinalgOp>(tiled->tiledOps.front());
}

void nn::parallelizeLoops(RewriterBase &rewriter, Operation *root,
                          int64_t minElements, int64_t maxChunks) {
  SmallVector<linalg::LinalgOp> candidates;
  root->walk([&](linalg::LinalgOp op) {
    if (!op->getParentOfType<scf::ForOp>() &&
        !op->getParentOfType<scf::ForallOp>())
      candidates.push_back(op);
  });
  for (linalg::LinalgOp op : candidates)
    (void)spreadOverThreads(rewriter, op, minElements, maxChunks);
}

namespace {
struct NNCPUParallelizeLoopsPass
    : public nn::impl::NNCPUParallelizeLoopsBase<NNCPUParallelizeLoopsPass> {
  using Base::Base;
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    nn::parallelizeLoops(rewriter, getOperation(), minParallelElements,
                         maxChunks);
  }
};
} // namespace
