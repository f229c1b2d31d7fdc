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

#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/CPU/Transforms.h"

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
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

/// A contraction on tensors with one output: matmuls in any layout, batched
/// or not.
bool nn::isPackableContraction(linalg::LinalgOp op) {
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

namespace {

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

/// Tiles `op` with `tileSizes` (0: not tiled) into loops of
/// `loopType`; returns the tiling (the tiled op first in tiledOps).
FailureOr<scf::SCFTilingResult>
tileWith(RewriterBase &rewriter, linalg::LinalgOp op,
         ArrayRef<int64_t> tileSizes, scf::SCFTilingOptions::LoopType loopType,
         ArrayRef<int64_t> interchange = {}) {
  scf::SCFTilingOptions options;
  options.setLoopType(loopType);
  options.setInterchange(interchange);
  options.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), tileSizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (succeeded(tiled))
    rewriter.replaceOp(op, tiled->replacements);
  return tiled;
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

/// The loops that spread `op`'s columns over threads: an scf.forall, or
/// an scf.for where the work is too small for a parallel region.
scf::SCFTilingOptions::LoopType loopTypeFor(linalg::LinalgOp op,
                                            int64_t minParallelWork) {
  return isSmallWork(op, minParallelWork)
             ? scf::SCFTilingOptions::LoopType::ForOp
             : scf::SCFTilingOptions::LoopType::ForallOp;
}

/// Tiles `op`, a matmul on the small-M path (dimensions `dims`), into
/// column tiles of `width` (loops of `loopType`; none where `width` is all
/// of N) and steps of up to `maxKStep` along k, and vectorizes the tiles on
/// operands read in place. Appends the k loop (for hoisting).
LogicalResult tileRows(RewriterBase &rewriter, linalg::LinalgOp op,
                       const linalg::ContractionDimensions &dims, int64_t width,
                       int64_t maxKStep,
                       scf::SCFTilingOptions::LoopType loopType,
                       SmallVectorImpl<scf::ForOp> &kLoops) {
  unsigned m = dims.m[0], n = dims.n[0], k = dims.k[0];
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (width < ranges[n]) {
    SmallVector<int64_t> sizes(op.getNumLoops(), 0);
    sizes[n] = width;
    FailureOr<scf::SCFTilingResult> columns =
        tileWith(rewriter, op, sizes, loopType);
    if (failed(columns))
      return failure();
    op = cast<linalg::LinalgOp>(columns->tiledOps.front());
  }
  int64_t kStep = stepFor(ranges[k], maxKStep);
  if (kStep < ranges[k]) {
    SmallVector<int64_t> sizes(op.getNumLoops(), 0);
    sizes[k] = kStep;
    FailureOr<scf::SCFTilingResult> steps =
        tileWith(rewriter, op, sizes, scf::SCFTilingOptions::LoopType::ForOp);
    if (failed(steps))
      return failure();
    op = cast<linalg::LinalgOp>(steps->tiledOps.front());
    kLoops.push_back(cast<scf::ForOp>(*steps->loops.front()));
  }
  rewriter.setInsertionPoint(op);
  Value a = readOperandAs(rewriter, op, *op.getDpsInputOperand(0), {k, m});
  Value b = readOperandAs(rewriter, op, *op.getDpsInputOperand(1), {k, n});
  contractTile(rewriter, op, a, b);
  return success();
}

/// The small-M path: `op`'s columns split into tiles of `sizes.smallMN` / M
/// columns (as many accumulator registers whatever M; a multiple of
/// `sizes.n`) and a last, narrower tile for what is left (both static),
/// each vectorized on A and B read in place (see tileRows). Returns the k
/// loops.
FailureOr<SmallVector<scf::ForOp>>
tileSmallM(RewriterBase &rewriter, linalg::LinalgOp op,
           const linalg::ContractionDimensions &dims,
           const nn::ContractionTileSizes &sizes) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t n = ranges[dims.n[0]];
  int64_t granule = std::max<int64_t>(1, sizes.n);
  int64_t width =
      std::max(granule, sizes.smallMN / ranges[dims.m[0]] / granule * granule);
  int64_t whole = n - n % width;
  scf::SCFTilingOptions::LoopType loopType =
      loopTypeFor(op, sizes.minParallelWork);
  SmallVector<scf::ForOp> kLoops;
  if (whole == 0 || whole == n) {
    if (failed(tileRows(rewriter, op, dims, std::min(width, n), sizes.k,
                        loopType, kLoops)))
      return failure();
    return kLoops;
  }
  rewriter.setInsertionPoint(op);
  auto [columns, rest] =
      linalg::splitOp(rewriter, cast<TilingInterface>(op.getOperation()),
                      dims.n[0], rewriter.getIndexAttr(whole));
  if (!columns || !rest ||
      failed(tileRows(rewriter, cast<linalg::LinalgOp>(*columns), dims, width,
                      sizes.k, loopType, kLoops)) ||
      failed(tileRows(rewriter, cast<linalg::LinalgOp>(*rest), dims, n - whole,
                      sizes.k, loopType, kLoops)))
    return failure();
  return kLoops;
}

/// The most chunks a large packing copy is cut into for the threads.
constexpr int64_t kMaxCopyChunks = 64;
/// Input rows per block of a transposing packing copy (a power of two).
constexpr int64_t kTransposedCopyBlock = 32;

/// Tiles the packing transpose `op` into blocks of at most 8 x 16 elements
/// (the innermost dimensions of its output and of its input) and
/// vectorizes them: packing is a copy of O(MK + KN) elements per call, and
/// as scalar loops it costs about as much as the small GEMMs it feeds.
void vectorizeTranspose(RewriterBase &rewriter, linalg::TransposeOp op,
                        int64_t minParallelElements) {
  // The copy walks the input's outermost dimension in the outermost loop,
  // in chunks on every core where it is large, so that it reads whole
  // input rows in turn. Packing a transposed operand (a filter gradient's
  // im2col matrix, 25,088 x 576) by output panels instead read 8 floats per
  // row at a 2,304-byte stride, 44 % of that gradient's time.
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  ArrayRef<int64_t> perm = op.getPermutation();
  SmallVector<int64_t> order;
  for (int64_t d = 0; d < inputType.getRank(); ++d)
    if (inputType.getDimSize(d) != 1) {
      order.push_back(llvm::find(perm, d) - perm.begin());
      break;
    }
  for (int64_t d = 0, e = perm.size(); d < e; ++d)
    if (order.empty() || d != order.front())
      order.push_back(d);
  FailureOr<linalg::LinalgOp> chunk = nn::spreadOverThreads(
      rewriter, op, minParallelElements, kMaxCopyChunks, order.front());
  if (succeeded(chunk))
    op = cast<linalg::TransposeOp>(chunk->getOperation());
  auto outputType = cast<RankedTensorType>(op.getInit().getType());
  int64_t rank = outputType.getRank();
  // The output dimension the input's innermost non-unit dimension maps to.
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
  // Where the two orders differ (a transposed operand), a block of input
  // rows at a time, copied panel by panel: the rows stay in cache while the
  // writes go to few pages (by input rows alone, each 32-byte write went to
  // another panel and page: 27 % of the 56x56 filter gradient).
  int64_t outer = order.front();
  if (outer != 0 && !ShapedType::isDynamic(outputType.getDimSize(outer)) &&
      tileSizes[outer] == 1) {
    SmallVector<int64_t> blockSizes(rank, 0);
    blockSizes[outer] =
        stepFor(outputType.getDimSize(outer), kTransposedCopyBlock);
    FailureOr<scf::SCFTilingResult> blocks = tileWith(
        rewriter, op, blockSizes, scf::SCFTilingOptions::LoopType::ForOp);
    if (failed(blocks))
      return;
    op = cast<linalg::TransposeOp>(blocks->tiledOps.front());
    order = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  FailureOr<scf::SCFTilingResult> tiled = tileWith(
      rewriter, op, tileSizes, scf::SCFTilingOptions::LoopType::ForOp, order);
  if (failed(tiled))
    return;
  auto tile = cast<linalg::LinalgOp>(tiled->tiledOps.front());
  if (llvm::any_of(tile.getStaticLoopRanges(), ShapedType::isDynamic))
    return;
  rewriter.setInsertionPoint(tile);
  FailureOr<linalg::VectorizationResult> vectorized =
      linalg::vectorize(rewriter, tile);
  if (succeeded(vectorized))
    rewriter.replaceOp(tile, vectorized->replacements);
}

/// A pack of a fill (the zero accumulator) is a fill of the packed tensor,
/// padding included when it pads with the same value.
void foldPackOfFill(RewriterBase &rewriter, linalg::PackOp pack) {
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
}

/// Lowers `unpack` to a transpose (recorded in `transposes`), a reshape and
/// a slice, which is the unpacked value itself: the copy into the unpack's
/// destination (which the unpack overwrites entirely) would be one more
/// pass over the result.
LogicalResult lowerUnPack(RewriterBase &rewriter, linalg::UnPackOp unpack,
                          SmallVectorImpl<linalg::TransposeOp> &transposes) {
  rewriter.setInsertionPoint(unpack);
  FailureOr<linalg::LowerUnPackOpResult> lowered =
      linalg::lowerUnPack(rewriter, unpack);
  if (failed(lowered))
    return failure();
  if (lowered->transposeOp)
    transposes.push_back(lowered->transposeOp);
  // Only where the slice's row stride is static: with a dynamic inner size,
  // a strided slice is cast-compatible with an identity layout, so
  // bufferization would hand the padded, strided buffer out as if it were
  // contiguous (found by the front end's eager kernels, ?x? x ?x?).
  Value unpacked =
      lowered->extractSliceOp ? lowered->extractSliceOp.getResult() : Value();
  if (!unpacked || !hasStaticInnerDims(unpacked))
    return success();
  for (Operation *user : llvm::make_early_inc_range(unpacked.getUsers()))
    if (auto copy = dyn_cast<linalg::CopyOp>(user);
        copy && copy.getInputs().front() == unpacked &&
        copy->getResult(0).getType() == unpacked.getType())
      rewriter.replaceOp(copy, unpacked);
  return success();
}

/// Whether the packed op (loops [batch], M/m0, N/n0, ...) has too few
/// column panels to share (a static count under kMinColumnPanels) and more
/// row panels; a dynamic M (a batch) counts as many. Otherwise columns are
/// spread: each thread keeps its column panel in cache while the row panels
/// stream past (1024^3 on 2 threads: 8.7 ms by columns, 12.8 ms by rows).
constexpr int64_t kMinColumnPanels = 4;
bool spreadRows(linalg::LinalgOp packedOp, int64_t mOuter, int64_t nOuter) {
  SmallVector<int64_t> ranges = packedOp.getStaticLoopRanges();
  if (ShapedType::isDynamic(ranges[nOuter]) ||
      ranges[nOuter] >= kMinColumnPanels)
    return false;
  return ShapedType::isDynamic(ranges[mOuter]) ||
         ranges[mOuter] > ranges[nOuter];
}

constexpr int64_t kMaxBlockTrials = 1024;

/// The block of the k loop for a static K well above `sizes.kBlock`: the
/// largest divisor of K up to kBlock, a multiple of the k step, if it is at
/// least kBlock / 2 (and among the kMaxBlockTrials sizes below kBlock); 0
/// for no blocking. With K in blocks, the panels of A
/// and B of one block stay in cache while every tile of C takes them in
/// turn; unblocked, a filter gradient (K = N * OH * OW, 25,088 for the
/// 56x56 layer) streamed megabytes of panels from memory per tile row.
int64_t kBlockFor(int64_t k, const nn::ContractionTileSizes &sizes) {
  if (sizes.kBlock <= 0 || ShapedType::isDynamic(k) || k < 2 * sizes.kBlock)
    return 0;
  // At most kMaxBlockTrials sizes: kBlock is a pass option.
  int64_t last = std::max(sizes.kBlock / 2, sizes.kBlock - kMaxBlockTrials);
  for (int64_t block = sizes.kBlock; block >= last; --block)
    if (k % block == 0 && block % stepFor(k, sizes.k) == 0)
      return block;
  return 0;
}

/// The packed path of tileContraction: packs `op`, tiles the packed op
/// into register tiles and vectorizes them. Returns the k loop (null where
/// tiling made none) or failure if `op` was left as it is.
FailureOr<scf::ForOp> tilePacked(RewriterBase &rewriter, linalg::LinalgOp op,
                                 const nn::ContractionTileSizes &sizes) {
  // Before packing, which erases `op`.
  scf::SCFTilingOptions::LoopType panelLoops =
      loopTypeFor(op, sizes.minParallelWork);
  rewriter.setInsertionPoint(op);
  auto control =
      [&](linalg::LinalgOp) -> std::optional<linalg::BlockPackMatmulOptions> {
    linalg::BlockPackMatmulOptions options;
    options.blockFactors = {sizes.m, sizes.n, 1};
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

  // Panels (and batches) across threads, unless there is too little work
  // for a parallel region: column panels, or row panels where there are
  // more of them (a convolution's tall im2col matrix has N = F, one or two
  // column panels: spread over columns, one thread would do everything).
  int64_t parallelLoop = spreadRows(packedOp, mOuter, nOuter) ? mOuter : nOuter;
  int64_t serialLoop = parallelLoop == mOuter ? nOuter : mOuter;
  linalg::LinalgOp blockOp = packedOp;
  if (int64_t block = kBlockFor(packedOp.getStaticLoopRanges()[kLoop], sizes)) {
    SmallVector<int64_t> blockSizes(numLoops, 0);
    blockSizes[kLoop] = block;
    FailureOr<scf::SCFTilingResult> blocks = tileWith(
        rewriter, packedOp, blockSizes, scf::SCFTilingOptions::LoopType::ForOp);
    if (failed(blocks))
      return failure();
    blockOp = cast<linalg::LinalgOp>(blocks->tiledOps.front());
  }
  SmallVector<int64_t> forallSizes(numLoops, 0);
  for (int64_t d = 0; d < batch; ++d)
    forallSizes[d] = 1;
  forallSizes[parallelLoop] = 1;
  FailureOr<scf::SCFTilingResult> forall =
      tileWith(rewriter, blockOp, forallSizes, panelLoops);
  if (failed(forall))
    return failure();
  auto panelOp = cast<linalg::LinalgOp>(forall->tiledOps.front());

  // The other panels, then k steps: the register tiles.
  int64_t kSize = panelOp.getStaticLoopRanges()[kLoop];
  SmallVector<int64_t> forSizes(numLoops, 0);
  forSizes[serialLoop] = 1;
  forSizes[kLoop] = stepFor(kSize, sizes.k);
  FailureOr<scf::SCFTilingResult> tiles = tileWith(
      rewriter, panelOp, forSizes, scf::SCFTilingOptions::LoopType::ForOp);
  if (failed(tiles))
    return failure();
  auto tileOp = cast<linalg::LinalgOp>(tiles->tiledOps.front());

  // Static tile sizes, so no masks: one vector.contract per tile.
  rewriter.setInsertionPoint(tileOp);
  vectorizeTile(rewriter, tileOp);
  return tiles->loops.empty() ? scf::ForOp()
                              : dyn_cast<scf::ForOp>(*tiles->loops.back());
}

} // namespace

FailureOr<SmallVector<scf::ForOp>>
nn::tileContraction(RewriterBase &rewriter, linalg::LinalgOp op,
                    const ContractionTileSizes &sizes) {
  if (!isPackableContraction(op) || !sizes.isValid())
    return failure();
  if (std::optional<linalg::ContractionDimensions> dims =
          getSmallMDims(op, sizes.m))
    return tileSmallM(rewriter, op, *dims, sizes);
  ContractionTileSizes chosen = sizes;
  if (sizes.largeM > 0 && !isSmallWork(op, sizes.minLargeWork) &&
      llvm::none_of(op.getStaticLoopRanges(), ShapedType::isDynamic)) {
    chosen.m = sizes.largeM;
    chosen.n = sizes.largeN;
    chosen.k = sizes.largeK;
  }
  FailureOr<scf::ForOp> kLoop = tilePacked(rewriter, op, chosen);
  if (failed(kLoop))
    return failure();
  SmallVector<scf::ForOp> kLoops;
  if (*kLoop)
    kLoops.push_back(*kLoop);
  return kLoops;
}

void nn::hoistAccumulator(RewriterBase &rewriter, scf::ForOp kLoop) {
  // Constants the vectorizer created in the loop first, or no subset is
  // loop-invariant.
  moveLoopInvariantCode(cast<LoopLikeOpInterface>(kLoop.getOperation()));
  rewriter.setInsertionPoint(kLoop);
  (void)hoistLoopInvariantSubsets(
      rewriter, cast<LoopLikeOpInterface>(kLoop.getOperation()));
}

LogicalResult nn::lowerPacks(RewriterBase &rewriter, Operation *root,
                             int64_t minParallelElements) {
  root->walk([&](linalg::PackOp pack) { foldPackOfFill(rewriter, pack); });
  // Packs and unpacks as pads, reshapes and transposes, which bufferize.
  SmallVector<linalg::PackOp> packs;
  SmallVector<linalg::UnPackOp> unpacks;
  root->walk([&](linalg::PackOp op) { packs.push_back(op); });
  root->walk([&](linalg::UnPackOp op) { unpacks.push_back(op); });
  SmallVector<linalg::TransposeOp> transposes;
  for (linalg::PackOp pack : packs) {
    rewriter.setInsertionPoint(pack);
    FailureOr<linalg::LowerPackResult> lowered =
        linalg::lowerPack(rewriter, pack);
    if (failed(lowered))
      return failure();
    if (lowered->transposeOp)
      transposes.push_back(lowered->transposeOp);
  }
  for (linalg::UnPackOp unpack : unpacks)
    if (failed(lowerUnPack(rewriter, unpack, transposes)))
      return failure();
  for (linalg::TransposeOp transpose : transposes)
    vectorizeTranspose(rewriter, transpose, minParallelElements);
  return success();
}

FailureOr<bool> nn::tileContractions(RewriterBase &rewriter, Operation *root,
                                     const ContractionTileSizes &sizes) {
  // Pass options a user writes: a size of 0 divides by zero in tiling.
  if (!sizes.isValid())
    return root->emitError()
           << "contraction tile sizes must be positive, got "
              "m = "
           << sizes.m << ", n = " << sizes.n << ", k = " << sizes.k
           << ", small-M n = " << sizes.smallMN
           << ", large m = " << sizes.largeM << ", n = " << sizes.largeN
           << ", k = " << sizes.largeK << " (large m = 0: no large tile)";
  SmallVector<linalg::LinalgOp> contractions;
  bool hasPacks = false;
  root->walk([&](Operation *op) {
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
        linalgOp && isPackableContraction(linalgOp))
      contractions.push_back(linalgOp);
    hasPacks |= isa<linalg::PackOp, linalg::UnPackOp>(op);
  });
  if (contractions.empty() && !hasPacks)
    return false;
  SmallVector<scf::ForOp> kLoops;
  for (linalg::LinalgOp op : contractions) {
    // Left alone where it fails: plain loops.
    FailureOr<SmallVector<scf::ForOp>> tiled =
        tileContraction(rewriter, op, sizes);
    if (succeeded(tiled))
      llvm::append_range(kLoops, *tiled);
  }
  for (scf::ForOp loop : kLoops)
    hoistAccumulator(rewriter, loop);
  if (failed(lowerPacks(rewriter, root, sizes.minParallelCopy)))
    return failure();
  return true;
}

namespace {

struct NNCPUTileContractionsPass
    : public nn::impl::NNCPUTileContractionsBase<NNCPUTileContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    FailureOr<bool> changed = nn::tileContractions(
        rewriter, getOperation(),
        {tileM, tileN, tileK, smallMTileN, minParallelWork, minParallelCopy,
         kBlock, largeTileM, largeTileN, largeTileK, minLargeTileWork});
    if (failed(changed))
      return signalPassFailure();
    // Nothing to do: skip the canonicalization, whose pattern set alone
    // costs about as much as compiling a small function (a module of
    // thousands of functions spent a tenth of its time there).
    if (*changed)
      applyCanonicalization(getOperation());
  }
};

} // namespace
