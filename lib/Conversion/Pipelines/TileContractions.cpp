//===- TileContractions.cpp - Data-tiled matmuls for the CPU --------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every contraction becomes a data-tiled ("mmt4d") matmul:
//
//   A[M][K] -> A'[M/m0][K][m0][1]      (row panels of m0 rows, contiguous)
//   B[K][N] -> B'[N/n0][K][n0][1]      (column panels of n0 columns)
//   C'[M/m0][N/n0][m0][n0] += A' * B'  then C' -> C
//
// whatever the layouts of A and B (transposed operands are packed the same
// way), padded where M or N is not a multiple of the tile, dynamic sizes
// included. The packed loop nest runs column panels in parallel (scf.forall,
// OpenMP after bufferization), row panels and k steps inside; each k step
// of m0 x n0 is one vector.contract whose accumulator stays in registers
// across the k loop (hoisted here, on tensors, as iter_args). Packing costs
// O(MK + KN) copies for O(MNK) work and makes every inner-loop load
// contiguous: without it, B rows at a 4 KiB stride thrash the L1 and TLB.
//
// Except for a few rows (a static M below m0, batch-1 inference): there,
// packing copies all of B for M rows of work (a 784x400 weight, 1.25 MB,
// for 0.3 MFLOP), and padding M to m0 multiplies the work. Such a matmul
// reads A and B in place instead: C[0:M][j:j+w] += A[0:M][k:k+kt] *
// B[k:k+kt][j:j+w], w columns of B's rows per step (contiguous pieces),
// the M x w accumulator in registers across k.
//
//===----------------------------------------------------------------------===//

#include "nn/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUTILECONTRACTIONS
#include "nn/Conversion/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// A contraction on tensors with one output: matmuls in any layout, batched
/// or not.
bool isPackableContraction(linalg::LinalgOp op) {
  // On buffers there is no result to read the element type from.
  if (op->getNumResults() != 1)
    return false;
  // One element type throughout (no widening), which vector.contract takes.
  Type element = getElementTypeOrSelf(op->getResult(0).getType());
  if (llvm::any_of(
          op->getOperandTypes(),
          [&](Type t) { return getElementTypeOrSelf(t) != element; }) ||
      !(isa<FloatType>(element) ||
        (element.isSignlessInteger() && !element.isInteger(1))))
    return false;
  if (!linalg::isaContractionOpInterface(op) || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics() || op->getParentOfType<scf::ForallOp>())
    return false;
  // A static size of 0 crashes upstream tiling (nn-fold-empty-loops removes
  // such ops in the pipeline); plain loops run it correctly.
  if (llvm::is_contained(op.getStaticLoopRanges(), 0))
    return false;
  // Exactly one M, N and K dimension (row-wise dot products, with no N, are
  // reductions), at most one batch dimension.
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  return succeeded(dims) && dims->m.size() == 1 && dims->n.size() == 1 &&
         dims->k.size() == 1 && dims->batch.size() <= 1;
}

/// The largest divisor of a static `size` up to `preferred` among the powers
/// of two; 1 for a dynamic size.
int64_t stepFor(int64_t size, int64_t preferred) {
  if (ShapedType::isDynamic(size))
    return 1;
  int64_t step = preferred;
  while (step > 1 && size % step != 0)
    step /= 2;
  return step;
}

/// Whether every dimension of `value`'s tensor type but the outermost is
/// static.
bool hasStaticInnerDims(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return llvm::none_of(type.getShape().drop_front(), ShapedType::isDynamic);
}

void applyCanonicalization(Operation *root) {
  MLIRContext *context = root->getContext();
  RewritePatternSet patterns(context);
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
  (void)applyPatternsGreedily(root, std::move(patterns));
}

/// A rank-reducing slice of the whole of `tile` to its non-unit dimensions
/// `dims`, read as a vector of that shape.
Value readTile(RewriterBase &rewriter, Location loc, Value tile,
               ArrayRef<int64_t> dims) {
  auto type = cast<RankedTensorType>(tile.getType());
  SmallVector<int64_t> shape;
  for (int64_t d : dims)
    shape.push_back(type.getDimSize(d));
  SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(rewriter.getContext(), type.getShape());
  auto reducedType = RankedTensorType::get(shape, type.getElementType());
  Value reduced = tensor::ExtractSliceOp::create(rewriter, loc, reducedType,
                                                 tile, offsets, sizes, strides);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  SmallVector<Value> indices(shape.size(), zero);
  return vector::TransferReadOp::create(
      rewriter, loc, VectorType::get(shape, type.getElementType()), reduced,
      indices, /*padding=*/std::nullopt, SmallVector<bool>(shape.size(), true));
}

/// Replaces the tile op `tile` by C += A * B on vectors, with A read as
/// `a` (kt x m0) and B as `b` (kt x n0), and C (its last two dimensions
/// m0 x n0) read and written through the same subset (a minor identity
/// transfer), which is what lets the k loop carry it as a vector.
void contractTile(RewriterBase &rewriter, linalg::LinalgOp tile, Value a,
                  Value b) {
  Location loc = tile.getLoc();
  Value acc = tile.getDpsInitOperand(0)->get();
  MLIRContext *context = rewriter.getContext();
  int64_t accRank = cast<RankedTensorType>(acc.getType()).getRank();
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  SmallVector<Value> indices(accRank, zero);
  AffineMap minor = AffineMap::getMinorIdentityMap(accRank, 2, context);
  Type elementType = getElementTypeOrSelf(acc.getType());
  auto accShape = cast<RankedTensorType>(acc.getType()).getShape();
  Value c = vector::TransferReadOp::create(
      rewriter, loc, VectorType::get(accShape.take_back(2), elementType), acc,
      indices, AffineMapAttr::get(minor),
      /*padding=*/ub::PoisonOp::create(rewriter, loc, elementType),
      /*mask=*/Value(), rewriter.getBoolArrayAttr({true, true}));
  AffineExpr dk, dm, dn;
  bindDims(context, dk, dm, dn);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {dk, dm}, context),
                                 AffineMap::get(3, 0, {dk, dn}, context),
                                 AffineMap::get(3, 0, {dm, dn}, context)};
  Value product = vector::ContractionOp::create(
      rewriter, loc, a, b, c, rewriter.getAffineMapArrayAttr(maps),
      rewriter.getArrayAttr({vector::IteratorTypeAttr::get(
                                 context, vector::IteratorType::reduction),
                             vector::IteratorTypeAttr::get(
                                 context, vector::IteratorType::parallel),
                             vector::IteratorTypeAttr::get(
                                 context, vector::IteratorType::parallel)}));
  Value written =
      vector::TransferWriteOp::create(rewriter, loc, product, acc, indices,
                                      AffineMapAttr::get(minor),
                                      rewriter.getBoolArrayAttr({true, true}))
          .getResult();
  rewriter.replaceOp(tile, written);
}

/// Replaces the packed tile op `[batch] 1 x 1 x kt x m0 x n0 x 1` (loops
/// M/m0, N/n0, K, m0, n0, 1 after the batch) by C += A * B on vectors:
/// A as kt x m0, B as kt x n0, C as m0 x n0.
void vectorizeTile(RewriterBase &rewriter, linalg::LinalgOp tile) {
  Location loc = tile.getLoc();
  // A' is [batch] M/m0 K m0 1 and B' [batch] N/n0 K n0 1 (B may have no
  // batch dimensions): read each as k x m0 (resp. k x n0).
  auto readPanel = [&](Value packed) {
    int64_t rank = cast<RankedTensorType>(packed.getType()).getRank();
    return readTile(rewriter, loc, packed, {rank - 3, rank - 2});
  };
  Value a = readPanel(tile.getDpsInputOperand(0)->get());
  Value b = readPanel(tile.getDpsInputOperand(1)->get());
  contractTile(rewriter, tile, a, b);
}

/// The whole of `operand`'s tile of `tile`, read in place as a vector
/// indexed by the loops `loops` (each appears in the operand's indexing
/// map): a transposing read where the operand's layout differs.
Value readOperandAs(RewriterBase &rewriter, linalg::LinalgOp tile,
                    OpOperand &operand, ArrayRef<unsigned> loops) {
  Location loc = tile.getLoc();
  auto type = cast<RankedTensorType>(operand.get().getType());
  AffineMap indexing = tile.getMatchingIndexingMap(&operand);
  SmallVector<AffineExpr> results;
  SmallVector<int64_t> shape;
  for (unsigned loop : loops) {
    unsigned dim = *indexing.getResultPosition(
        getAffineDimExpr(loop, rewriter.getContext()));
    results.push_back(rewriter.getAffineDimExpr(dim));
    shape.push_back(type.getDimSize(dim));
  }
  AffineMap permutation =
      AffineMap::get(type.getRank(), 0, results, rewriter.getContext());
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  SmallVector<Value> indices(type.getRank(), zero);
  return vector::TransferReadOp::create(
      rewriter, loc, VectorType::get(shape, type.getElementType()),
      operand.get(), indices, AffineMapAttr::get(permutation),
      /*padding=*/ub::PoisonOp::create(rewriter, loc, type.getElementType()),
      /*mask=*/Value(),
      rewriter.getBoolArrayAttr(SmallVector<bool>(loops.size(), true)));
}

/// Tiles the packing transpose `op` into blocks of at most 8 x 16 elements
/// (the innermost dimensions of its output and of its input) and
/// vectorizes them: packing is a copy of O(MK + KN) elements per call, and
/// as scalar loops it costs about as much as the small GEMMs it feeds.
void vectorizeTranspose(RewriterBase &rewriter, linalg::TransposeOp op) {
  auto outputType = cast<RankedTensorType>(op.getInit().getType());
  int64_t rank = outputType.getRank();
  ArrayRef<int64_t> perm = op.getPermutation();
  // The output dimension the input's innermost non-unit dimension maps to.
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  int64_t inputInner = -1;
  for (int64_t d = inputType.getRank() - 1; d >= 0; --d)
    if (inputType.getDimSize(d) != 1) {
      inputInner = d;
      break;
    }
  SmallVector<int64_t> tileSizes(rank, 1);
  int64_t outputInner = -1;
  for (int64_t d = rank - 1; d >= 0; --d)
    if (outputType.getDimSize(d) != 1) {
      outputInner = d;
      break;
    }
  auto limit = [&](int64_t dim, int64_t preferred) {
    int64_t size = outputType.getDimSize(dim);
    tileSizes[dim] = ShapedType::isDynamic(size) ? 1 : stepFor(size, preferred);
  };
  if (outputInner >= 0)
    limit(outputInner, 16);
  for (int64_t d = 0; d < rank; ++d)
    if (perm[d] == inputInner && d != outputInner)
      limit(d, 8);
  scf::SCFTilingOptions options;
  options.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), tileSizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return;
  rewriter.replaceOp(op, tiled->replacements);
  auto tile = cast<linalg::LinalgOp>(tiled->tiledOps.front());
  if (llvm::any_of(tile.getStaticLoopRanges(), ShapedType::isDynamic))
    return;
  rewriter.setInsertionPoint(tile);
  FailureOr<linalg::VectorizationResult> vectorized =
      linalg::vectorize(rewriter, tile);
  if (succeeded(vectorized))
    rewriter.replaceOp(tile, vectorized->replacements);
}

/// The contraction dimensions of `op` if it can be computed without
/// packing: no batch, a static M below `maxM`, static N and K, B indexed
/// (k, n) and C (m, n), so that a tile of B is a stack of contiguous pieces
/// of its rows and a tile of C its rows' pieces. A may be either way round.
std::optional<linalg::ContractionDimensions> getSmallMDims(linalg::LinalgOp op,
                                                           int64_t maxM) {
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || !dims->batch.empty())
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic) || ranges[dims->m[0]] >= maxM)
    return std::nullopt;
  MLIRContext *context = op.getContext();
  auto indexedBy = [&](OpOperand *operand, unsigned outer, unsigned inner) {
    return op.getMatchingIndexingMap(operand).getResults() ==
           ArrayRef<AffineExpr>{getAffineDimExpr(outer, context),
                                getAffineDimExpr(inner, context)};
  };
  if (!indexedBy(op.getDpsInputOperand(1), dims->k[0], dims->n[0]) ||
      !indexedBy(op.getDpsInitOperand(0), dims->m[0], dims->n[0]))
    return std::nullopt;
  return *dims;
}

/// Whether `op` has static sizes and fewer than `minWork` multiply-adds.
bool isSmallWork(linalg::LinalgOp op, int64_t minWork) {
  double work = 1;
  for (int64_t size : op.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(size))
      return false;
    work *= static_cast<double>(size);
  }
  return work < static_cast<double>(minWork);
}

struct NNCPUTileContractionsPass
    : public nn::impl::NNCPUTileContractionsBase<NNCPUTileContractionsPass> {
  using Base::Base;

  /// The loops that spread `op`'s columns over threads: an scf.forall, or
  /// an scf.for where the work is too small for a parallel region.
  scf::SCFTilingOptions::LoopType loopTypeFor(linalg::LinalgOp op) {
    return isSmallWork(op, minParallelWork)
               ? scf::SCFTilingOptions::LoopType::ForOp
               : scf::SCFTilingOptions::LoopType::ForallOp;
  }

  /// Tiles `piece`, a matmul on the small-M path, into column tiles of
  /// `width` (loops of `loopType`; none where `width` is all of N) and steps
  /// along k, and vectorizes the tiles on operands read in place. Appends
  /// the k loop (for hoisting).
  LogicalResult tileRows(RewriterBase &rewriter, TilingInterface piece,
                         const linalg::ContractionDimensions &dims,
                         int64_t width,
                         scf::SCFTilingOptions::LoopType loopType,
                         SmallVectorImpl<scf::ForOp> &kLoops) {
    unsigned m = dims.m[0], n = dims.n[0], k = dims.k[0];
    auto tileAlong = [&](TilingInterface op, unsigned loop, int64_t size,
                         scf::SCFTilingOptions::LoopType type)
        -> FailureOr<scf::SCFTilingResult> {
      SmallVector<int64_t> sizes(cast<linalg::LinalgOp>(*op).getNumLoops(), 0);
      sizes[loop] = size;
      scf::SCFTilingOptions options;
      options.setLoopType(type);
      options.setTileSizes(getAsIndexOpFoldResult(&getContext(), sizes));
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, op, options);
      if (succeeded(tiled))
        rewriter.replaceOp(op, tiled->replacements);
      return tiled;
    };
    auto op = cast<linalg::LinalgOp>(piece.getOperation());
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (width < ranges[n]) {
      FailureOr<scf::SCFTilingResult> columns =
          tileAlong(piece, n, width, loopType);
      if (failed(columns))
        return failure();
      piece = cast<TilingInterface>(columns->tiledOps.front());
    }
    int64_t kStep = stepFor(ranges[k], tileK);
    if (kStep < ranges[k]) {
      FailureOr<scf::SCFTilingResult> steps =
          tileAlong(piece, k, kStep, scf::SCFTilingOptions::LoopType::ForOp);
      if (failed(steps))
        return failure();
      piece = cast<TilingInterface>(steps->tiledOps.front());
      kLoops.push_back(cast<scf::ForOp>(*steps->loops.front()));
    }
    auto tile = cast<linalg::LinalgOp>(piece.getOperation());
    rewriter.setInsertionPoint(tile);
    Value a =
        readOperandAs(rewriter, tile, *tile.getDpsInputOperand(0), {k, m});
    Value b =
        readOperandAs(rewriter, tile, *tile.getDpsInputOperand(1), {k, n});
    contractTile(rewriter, tile, a, b);
    return success();
  }

  /// The small-M path: `op`'s columns split into tiles of `small-m-tile-n`
  /// / M columns (as many accumulator registers whatever M; a multiple of
  /// `tile-n`) and a last, narrower tile for what is left (both static),
  /// each vectorized on A and B read in place (see tileRows).
  LogicalResult rowTile(RewriterBase &rewriter, linalg::LinalgOp op,
                        const linalg::ContractionDimensions &dims,
                        SmallVectorImpl<scf::ForOp> &kLoops) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t n = ranges[dims.n[0]];
    int64_t granule = std::max<int64_t>(1, tileN);
    int64_t width =
        std::max(granule, smallMTileN / ranges[dims.m[0]] / granule * granule);
    int64_t whole = n - n % width;
    scf::SCFTilingOptions::LoopType loopType = loopTypeFor(op);
    auto piece = cast<TilingInterface>(op.getOperation());
    if (whole == 0 || whole == n)
      return tileRows(rewriter, piece, dims, std::min(width, n), loopType,
                      kLoops);
    rewriter.setInsertionPoint(op);
    auto [columns, rest] = linalg::splitOp(rewriter, piece, dims.n[0],
                                           rewriter.getIndexAttr(whole));
    if (!columns || !rest ||
        failed(tileRows(rewriter, columns, dims, width, loopType, kLoops)))
      return failure();
    return tileRows(rewriter, rest, dims, n - whole, loopType, kLoops);
  }

  /// Packs `op`, tiles the packed op into register tiles and vectorizes
  /// them. Returns the vectorized k loops (for hoisting) or failure if the
  /// op was left as it is.
  LogicalResult dataTile(RewriterBase &rewriter, linalg::LinalgOp op,
                         SmallVectorImpl<scf::ForOp> &kLoops) {
    // Before packing, which erases `op`.
    scf::SCFTilingOptions::LoopType panelLoops = loopTypeFor(op);
    rewriter.setInsertionPoint(op);
    auto control =
        [&](linalg::LinalgOp) -> std::optional<linalg::BlockPackMatmulOptions> {
      linalg::BlockPackMatmulOptions options;
      options.blockFactors = {tileM, tileN, 1};
      options.allowPadding = true;
      return options;
    };
    FailureOr<linalg::PackResult> packed =
        linalg::blockPackMatmul(rewriter, op, control);
    if (failed(packed))
      return failure();
    // Loops of the packed op: [batch], M/m0, N/n0, K, m0, n0, 1.
    linalg::LinalgOp packedOp = packed->packedLinalgOp;
    int64_t numLoops = packedOp.getNumLoops();
    int64_t batch = numLoops - 6;
    if (batch < 0)
      return failure();
    int64_t mOuter = batch, nOuter = batch + 1, kLoop = batch + 2;

    // Column panels (and batches) across threads, unless there is too
    // little work for a parallel region.
    SmallVector<int64_t> forallSizes(numLoops, 0);
    for (int64_t d = 0; d < batch; ++d)
      forallSizes[d] = 1;
    forallSizes[nOuter] = 1;
    scf::SCFTilingOptions forallOptions;
    forallOptions.setLoopType(panelLoops);
    forallOptions.setTileSizes(
        getAsIndexOpFoldResult(&getContext(), forallSizes));
    rewriter.setInsertionPoint(packedOp);
    FailureOr<scf::SCFTilingResult> forall = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(packedOp.getOperation()),
        forallOptions);
    if (failed(forall))
      return failure();
    rewriter.replaceOp(packedOp, forall->replacements);
    auto panelOp = cast<linalg::LinalgOp>(forall->tiledOps.front());

    // Row panels, then k steps: the register tiles.
    int64_t kSize = panelOp.getStaticLoopRanges()[kLoop];
    SmallVector<int64_t> forSizes(numLoops, 0);
    forSizes[mOuter] = 1;
    forSizes[kLoop] = stepFor(kSize, tileK);
    scf::SCFTilingOptions forOptions;
    forOptions.setTileSizes(getAsIndexOpFoldResult(&getContext(), forSizes));
    rewriter.setInsertionPoint(panelOp);
    FailureOr<scf::SCFTilingResult> tiles = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(panelOp.getOperation()), forOptions);
    if (failed(tiles))
      return failure();
    rewriter.replaceOp(panelOp, tiles->replacements);
    auto tileOp = cast<linalg::LinalgOp>(tiles->tiledOps.front());
    if (auto kFor = dyn_cast<scf::ForOp>(*tiles->loops.back()))
      kLoops.push_back(kFor);

    // Static tile sizes, so no masks: one vector.contract per tile.
    rewriter.setInsertionPoint(tileOp);
    vectorizeTile(rewriter, tileOp);
    return success();
  }

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> contractions;
    bool hasPacks = false;
    getOperation().walk([&](Operation *op) {
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
          linalgOp && isPackableContraction(linalgOp))
        contractions.push_back(linalgOp);
      hasPacks |= isa<linalg::PackOp, linalg::UnPackOp>(op);
    });
    // Nothing to do: skip the canonicalization at the end, whose pattern set
    // alone costs about as much as compiling a small function (a module of
    // thousands of functions spent a tenth of its time there).
    if (contractions.empty() && !hasPacks)
      return;
    IRRewriter rewriter(&getContext());
    SmallVector<scf::ForOp> kLoops;
    for (linalg::LinalgOp op : contractions) {
      if (std::optional<linalg::ContractionDimensions> dims =
              getSmallMDims(op, tileM)) {
        if (failed(rowTile(rewriter, op, *dims, kLoops)))
          return signalPassFailure();
        continue;
      }
      (void)dataTile(rewriter, op, kLoops); // Left alone: plain loops.
    }

    // The accumulator tile is read and written at the same place in every
    // k step: make it a loop-carried vector (registers), on tensors, where
    // the subsets are still explicit.
    for (scf::ForOp loop : kLoops) {
      // Constants the vectorizer created in the loop first, or no subset
      // is loop-invariant.
      moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
      rewriter.setInsertionPoint(loop);
      (void)hoistLoopInvariantSubsets(
          rewriter, cast<LoopLikeOpInterface>(loop.getOperation()));
    }

    // A pack of a fill (the zero accumulator) is a fill of the packed
    // tensor, padding included when it pads with the same value.
    getOperation().walk([&](linalg::PackOp pack) {
      auto fill = pack.getSource().getDefiningOp<linalg::FillOp>();
      if (!fill)
        return;
      Value value = fill.getInputs().front();
      if (Value padding = pack.getPaddingValue(); padding && padding != value) {
        Attribute a, b;
        if (!matchPattern(padding, m_Constant(&a)) ||
            !matchPattern(value, m_Constant(&b)) || a != b)
          return;
      }
      rewriter.setInsertionPoint(pack);
      rewriter.replaceOp(pack, linalg::FillOp::create(rewriter, pack.getLoc(),
                                                      value, pack.getDest())
                                   .getResult(0));
    });

    // Packs and unpacks as pads, reshapes and transposes, which bufferize.
    SmallVector<linalg::PackOp> packs;
    SmallVector<linalg::UnPackOp> unpacks;
    getOperation().walk([&](linalg::PackOp op) { packs.push_back(op); });
    getOperation().walk([&](linalg::UnPackOp op) { unpacks.push_back(op); });
    SmallVector<linalg::TransposeOp> transposes;
    for (linalg::PackOp pack : packs) {
      rewriter.setInsertionPoint(pack);
      FailureOr<linalg::LowerPackResult> lowered =
          linalg::lowerPack(rewriter, pack);
      if (failed(lowered))
        return signalPassFailure();
      if (lowered->transposeOp)
        transposes.push_back(lowered->transposeOp);
    }
    for (linalg::UnPackOp unpack : unpacks) {
      rewriter.setInsertionPoint(unpack);
      FailureOr<linalg::LowerUnPackOpResult> lowered =
          linalg::lowerUnPack(rewriter, unpack);
      if (failed(lowered))
        return signalPassFailure();
      if (lowered->transposeOp)
        transposes.push_back(lowered->transposeOp);
      // The unpacked value is the slice itself: the copy into the unpack's
      // destination (which the unpack overwrites entirely) would be one
      // more pass over the result.
      // Only where the slice's row stride is static: with a dynamic inner
      // size, a strided slice is cast-compatible with an identity layout,
      // so bufferization would hand the padded, strided buffer out as if it
      // were contiguous (found by the front end's eager kernels, ?x? x ?x?).
      Value unpacked = lowered->extractSliceOp
                           ? lowered->extractSliceOp.getResult()
                           : Value();
      if (unpacked && !hasStaticInnerDims(unpacked))
        unpacked = Value();
      if (unpacked)
        for (Operation *user : llvm::make_early_inc_range(unpacked.getUsers()))
          if (auto copy = dyn_cast<linalg::CopyOp>(user);
              copy && copy.getInputs().front() == unpacked &&
              copy->getResult(0).getType() == unpacked.getType())
            rewriter.replaceOp(copy, unpacked);
    }
    for (linalg::TransposeOp transpose : transposes)
      vectorizeTranspose(rewriter, transpose);

    applyCanonicalization(getOperation());
  }
};

} // namespace
