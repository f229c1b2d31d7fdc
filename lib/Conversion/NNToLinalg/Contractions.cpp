//===- Contractions.cpp - nn matmul, convolution and pooling to linalg ----===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Lowers the contractions and window ops of nn to linalg on tensors:
//
// * nn.matmul: the plain 2-D case is linalg.matmul, so that tiling, packing
//   and vectorization apply; transposes and (broadcasting) batch dimensions
//   are a linalg.generic contraction over (batch..., m, n, k).
// * nn.conv2d and its two gradients: matmuls over the im2col matrix of the
//   input, padded with zeros (see the section below), which the CPU
//   pipeline data-tiles like every matmul.
// * nn.max_pool2d / nn.avg_pool2d: tensor.pad with the identity of the
//   reduction (-inf or the integer minimum, 0), then a linalg.generic max
//   (arith.maximumf on floats, which propagates NaN) or sum over the window,
//   the channels innermost; the average divides by the number of taps
//   inside the input, so padding does not count.
// * The gradients of conv2d and of the poolings (see below).
//
// Integers accumulate with wrap-around (i32 averages sum in i64, as the
// reference does); floats accumulate in their element type, where the
// reference kernels (lib/Reference/Kernels.cpp) use double, so results agree
// up to rounding and accumulation order.
//
// One known difference: zero padding multiplies padded taps by the filter
// (or, in the filter's gradient, by the output's gradient), so an infinite
// or NaN filter (gradient) element that meets only padding at some position
// makes that result NaN, where the reference, which skips padded taps, stays
// finite (as TensorFlow and PyTorch would also give NaN).
//
//===----------------------------------------------------------------------===//

#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "Utils.h"

#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

using namespace mlir;
using namespace nn;
using namespace nn::conversion;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// a + b and a * b in the element type (integers wrap around).
static Value addScalars(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return arith::AddFOp::create(b, loc, lhs, rhs);
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

static Value mulScalars(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return arith::MulFOp::create(b, loc, lhs, rhs);
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

/// A zero-filled tensor of `type` with sizes `dims`.
static Value createZeros(OpBuilder &b, Location loc, RankedTensorType type,
                         ArrayRef<OpFoldResult> dims) {
  return createFilled(b, loc, type, dims,
                      scalarAttr(b, type.getElementType(), 0.0));
}

/// The number of windows that fit in `size` elements padded by `padLow` and
/// `padHigh`: (size + padding - dilation * (window - 1) - 1) / stride + 1.
static OpFoldResult windowOutputSize(OpBuilder &b, Location loc,
                                     OpFoldResult size, OpFoldResult window,
                                     int64_t stride, int64_t dilation,
                                     int64_t padLow, int64_t padHigh) {
  AffineExpr s0, s1;
  bindSymbols(b.getContext(), s0, s1);
  AffineExpr padded = s0 + (padLow + padHigh);
  AffineExpr extent = (s1 - 1) * dilation + 1;
  return affine::makeComposedFoldedAffineApply(
      b, loc, (padded - extent).floorDiv(stride) + 1, {size, window});
}

/// The sizes of an NHWC window op's result: N from `input`, the last
/// dimension from `channels`, the spatial sizes from the window arithmetic
/// with window sizes `kh` and `kw`. Only the dynamic dimensions of
/// `resultType` are computed; the static ones come from the type.
static SmallVector<OpFoldResult>
windowResultDims(OpBuilder &b, Location loc, RankedTensorType resultType,
                 Value input, OpFoldResult kh, OpFoldResult kw,
                 OpFoldResult channels, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> dilations, ArrayRef<int64_t> padding) {
  SmallVector<OpFoldResult> dims;
  for (int64_t d = 0; d < 4; ++d) {
    if (!resultType.isDynamicDim(d)) {
      dims.push_back(b.getIndexAttr(resultType.getDimSize(d)));
      continue;
    }
    switch (d) {
    case 0:
      dims.push_back(tensor::DimOp::create(b, loc, input, 0).getResult());
      break;
    case 1:
    case 2: {
      Value size = tensor::DimOp::create(b, loc, input, d);
      int64_t s = d - 1;
      dims.push_back(windowOutputSize(b, loc, size, s == 0 ? kh : kw,
                                      strides[s], dilations[s], padding[2 * s],
                                      padding[2 * s + 1]));
      break;
    }
    default:
      dims.push_back(channels);
    }
  }
  return dims;
}

/// `input` (NHWC) padded spatially by `padding` ([top, bottom, left, right])
/// with `value`; `input` itself when there is no padding.
static Value padSpatially(OpBuilder &b, Location loc, Value input,
                          ArrayRef<int64_t> padding, TypedAttr value) {
  if (llvm::all_of(padding, [](int64_t p) { return p == 0; }))
    return input;
  SmallVector<OpFoldResult> low = {
      b.getIndexAttr(0), b.getIndexAttr(padding[0]), b.getIndexAttr(padding[2]),
      b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {
      b.getIndexAttr(0), b.getIndexAttr(padding[1]), b.getIndexAttr(padding[3]),
      b.getIndexAttr(0)};
  Value padValue = arith::ConstantOp::create(b, loc, value);
  return tensor::PadOp::create(b, loc, /*resultType=*/Type(), input, low, high,
                               padValue)
      .getResult();
}

/// The lowest value of a float (-inf) or signed integer type: the identity
/// of max, so padding never wins.
static TypedAttr lowestAttr(OpBuilder &b, Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.getFloatAttr(type, APFloat::getInf(floatType.getFloatSemantics(),
                                                /*Negative=*/true));
  return b.getIntegerAttr(
      type, APInt::getSignedMinValue(type.getIntOrFloatBitWidth()));
}

//===----------------------------------------------------------------------===//
// nn.matmul
//===----------------------------------------------------------------------===//

namespace {
struct MatmulLowering : public OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    bool transposeLhs = op.getTransposeLhs(),
         transposeRhs = op.getTransposeRhs();
    int64_t rank = resultType.getRank(), batchRank = rank - 2;
    int64_t lhsRank = lhsType.getRank(), rhsRank = rhsType.getRank();

    // Result sizes: broadcast batch dimensions, M from lhs, N from rhs.
    SmallVector<OpFoldResult> dims;
    for (int64_t d = 0; d < batchRank; ++d) {
      if (!resultType.isDynamicDim(d)) {
        dims.push_back(rewriter.getIndexAttr(resultType.getDimSize(d)));
        continue;
      }
      OpFoldResult size = rewriter.getIndexAttr(1);
      for (auto [value, type] :
           {std::pair(lhs, lhsType), std::pair(rhs, rhsType)}) {
        int64_t od = d - (rank - type.getRank());
        if (od < 0 || type.getDimSize(od) == 1)
          continue;
        size = tensor::DimOp::create(rewriter, loc, value, od).getResult();
        break;
      }
      dims.push_back(size);
    }
    dims.push_back(tensor::getMixedSize(
        rewriter, loc, lhs, transposeLhs ? lhsRank - 1 : lhsRank - 2));
    dims.push_back(tensor::getMixedSize(
        rewriter, loc, rhs, transposeRhs ? rhsRank - 2 : rhsRank - 1));
    Value init = createZeros(rewriter, loc, resultType, dims);

    if (lhsRank == 2 && rhsRank == 2 && !transposeLhs && !transposeRhs) {
      Value result =
          linalg::MatmulOp::create(rewriter, loc, TypeRange{resultType},
                                   ValueRange{lhs, rhs}, ValueRange{init})
              .getResult(0);
      rewriter.replaceOp(op, result);
      return success();
    }

    // A generic contraction over (batch..., m, n, k).
    MLIRContext *context = rewriter.getContext();
    int64_t loops = rank + 1;
    AffineExpr m = getAffineDimExpr(batchRank, context),
               n = getAffineDimExpr(batchRank + 1, context),
               k = getAffineDimExpr(batchRank + 2, context);
    auto operandMap = [&](RankedTensorType type, AffineExpr row,
                          AffineExpr col) {
      int64_t offset = rank - type.getRank();
      SmallVector<AffineExpr> exprs;
      for (int64_t d = 0; d < type.getRank() - 2; ++d) {
        bool stretched =
            type.getDimSize(d) == 1 && resultType.getDimSize(offset + d) != 1;
        exprs.push_back(stretched ? getAffineConstantExpr(0, context)
                                  : getAffineDimExpr(offset + d, context));
      }
      exprs.push_back(row);
      exprs.push_back(col);
      return AffineMap::get(loops, 0, exprs, context);
    };
    SmallVector<AffineExpr> resultExprs;
    for (int64_t d = 0; d < rank; ++d)
      resultExprs.push_back(getAffineDimExpr(d, context));
    SmallVector<AffineMap> maps = {
        transposeLhs ? operandMap(lhsType, k, m) : operandMap(lhsType, m, k),
        transposeRhs ? operandMap(rhsType, n, k) : operandMap(rhsType, k, n),
        AffineMap::get(loops, 0, resultExprs, context)};
    SmallVector<utils::IteratorType> iterators(loops,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{lhs, rhs},
        ValueRange{init}, maps, iterators,
        [](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value product = mulScalars(b, nestedLoc, args[0], args[1]);
          linalg::YieldOp::create(b, nestedLoc,
                                  addScalars(b, nestedLoc, args[2], product));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// nn.conv2d and its gradients: matmuls over the im2col matrix
//===----------------------------------------------------------------------===//
//
// A convolution is a matmul once its input is unfolded into the im2col
// matrix: one row per output position (n, oh, ow), one column per filter tap
// (kh, kw, c), holding the input element that tap reads. The filter (HWIO)
// is already the matrix [KH * KW * C] x F, so
//
//   conv2d:              Y[M, F] = cols[M, K] * W[K, F]
//   conv2d_filter_grad: dW[K, F] = cols[M, K]^T * dY[M, F]
//   conv2d_input_grad: dcols[M, K] = dY[M, F] * W[K, F]^T, then each input
//                        element sums the columns that read it (col2im)
//
// with M = N * OH * OW and K = KH * KW * C. These are plain contractions on
// tensors with one M, N and K dimension, which nn-cpu-tile-contractions
// packs into panels and runs on the 4x16 register tiles across threads, as
// it does every matmul. The unfolding copies K times the input (KH * KW
// times its elements), a pass that costs little next to the O(MKF) product.

/// A tensor type of `elementType` whose sizes are `dims` (static where they
/// are constants).
static RankedTensorType tensorTypeOf(ArrayRef<OpFoldResult> dims,
                                     Type elementType) {
  SmallVector<int64_t> shape;
  for (OpFoldResult dim : dims)
    shape.push_back(getConstantIntValue(dim).value_or(ShapedType::kDynamic));
  return RankedTensorType::get(shape, elementType);
}

/// The rows (N, OH, OW) and the columns (KH, KW, C) of the im2col matrix.
static SmallVector<ReassociationIndices> im2colGroups() {
  return {{0, 1, 2}, {3, 4, 5}};
}

/// An NHWC tensor (or an HWIO filter) as a matrix: its last dimension the
/// columns, the others the rows.
static Value asMatrix(OpBuilder &b, Location loc, Value value) {
  return tensor::CollapseShapeOp::create(
      b, loc, value, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
}

/// The im2col tensor N x OH x OW x KH x KW x C of `padded` (NHWC, padded
/// already) for windows of `kh` x `kw` taps and the output sizes `outDims`
/// (NHW...): a copy, contiguous along c innermost.
static Value buildUnfolded(OpBuilder &b, Location loc, Value padded,
                           ArrayRef<OpFoldResult> outDims, OpFoldResult kh,
                           OpFoldResult kw, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> dilations) {
  auto inputType = cast<RankedTensorType>(padded.getType());
  SmallVector<OpFoldResult> dims = {
      outDims[0], outDims[1], outDims[2], kh, kw, getDims(b, loc, padded)[3]};
  RankedTensorType colsType = tensorTypeOf(dims, inputType.getElementType());
  Value init = createEmpty(b, loc, colsType, dims);
  MLIRContext *context = b.getContext();
  AffineExpr n, oh, ow, th, tw, c;
  bindDims(context, n, oh, ow, th, tw, c);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0,
                     {n, oh * strides[0] + th * dilations[0],
                      ow * strides[1] + tw * dilations[1], c},
                     context),
      AffineMap::getMultiDimIdentityMap(6, context)};
  SmallVector<utils::IteratorType> iterators(6, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{colsType}, ValueRange{padded}, ValueRange{init},
             maps, iterators,
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

/// The im2col matrix [N * OH * OW] x [KH * KW * C] (see buildUnfolded).
static Value buildIm2Col(OpBuilder &b, Location loc, Value padded,
                         ArrayRef<OpFoldResult> outDims, OpFoldResult kh,
                         OpFoldResult kw, ArrayRef<int64_t> strides,
                         ArrayRef<int64_t> dilations) {
  // A 1x1 window at stride 1 reads the input as it is.
  if (isConstantIntValue(kh, 1) && isConstantIntValue(kw, 1) &&
      strides[0] == 1 && strides[1] == 1)
    return asMatrix(b, loc, padded);
  return tensor::CollapseShapeOp::create(
      b, loc,
      buildUnfolded(b, loc, padded, outDims, kh, kw, strides, dilations),
      im2colGroups());
}

/// Whether a convolution of `input` with `filter` takes the matmul path:
/// its reshapes need every size static but the batch. (MLIR 22's
/// expand-strided-metadata crashes on the reshaped buffers when a spatial,
/// channel or filter size is dynamic, as in the eager kernels, whose every
/// size but 1 is: those contract the unfolded tensors as loops instead.)
static bool hasStaticWindow(Value input, Value filter) {
  auto inputType = cast<RankedTensorType>(input.getType());
  return cast<RankedTensorType>(filter.getType()).hasStaticShape() &&
         llvm::none_of(inputType.getShape().drop_front(),
                       ShapedType::isDynamic);
}

/// The contraction of `lhs` and `rhs` over `numLoops` loops, each operand
/// and the result (sizes `dims`) indexed by the loops in `lhsDims`,
/// `rhsDims` and `outDims`; the loops not in `outDims` reduce.
static Value buildLoopContraction(OpBuilder &b, Location loc, Value lhs,
                                  Value rhs, unsigned numLoops,
                                  ArrayRef<unsigned> lhsDims,
                                  ArrayRef<unsigned> rhsDims,
                                  ArrayRef<unsigned> outDims,
                                  ArrayRef<OpFoldResult> dims) {
  MLIRContext *context = b.getContext();
  auto map = [&](ArrayRef<unsigned> loops) {
    SmallVector<AffineExpr> exprs;
    for (unsigned loop : loops)
      exprs.push_back(getAffineDimExpr(loop, context));
    return AffineMap::get(numLoops, 0, exprs, context);
  };
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::reduction);
  for (unsigned loop : outDims)
    iterators[loop] = utils::IteratorType::parallel;
  RankedTensorType type =
      tensorTypeOf(dims, getElementTypeOrSelf(lhs.getType()));
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{lhs, rhs},
             ValueRange{createZeros(b, loc, type, dims)},
             SmallVector<AffineMap>{map(lhsDims), map(rhsDims), map(outDims)},
             iterators,
             [](OpBuilder &nb, Location nl, ValueRange args) {
               Value product = mulScalars(nb, nl, args[0], args[1]);
               linalg::YieldOp::create(nb, nl,
                                       addScalars(nb, nl, args[2], product));
             })
      .getResult(0);
}

/// The map of a matrix operand over loops (i, j, r): (d0, d1) picked from
/// them.
static AffineMap matrixMap(MLIRContext *context, unsigned row, unsigned col) {
  return AffineMap::get(
      3, 0, {getAffineDimExpr(row, context), getAffineDimExpr(col, context)},
      context);
}

/// The contraction C[i, j] = sum_r A(i, j, r) * B(i, j, r) over loops
/// (i, j, r), where `lhsMap` and `rhsMap` say which of them index A and B.
/// Sizes `dims` of C ([i, j]).
static Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              AffineMap lhsMap, AffineMap rhsMap,
                              ArrayRef<OpFoldResult> dims) {
  Type elementType = getElementTypeOrSelf(lhs.getType());
  RankedTensorType type = tensorTypeOf(dims, elementType);
  Value init = createZeros(b, loc, type, dims);
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps = {lhsMap, rhsMap, matrixMap(context, 0, 1)};
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::parallel,
                                                utils::IteratorType::reduction};
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{lhs, rhs}, ValueRange{init},
             maps, iterators,
             [](OpBuilder &nb, Location nl, ValueRange args) {
               Value product = mulScalars(nb, nl, args[0], args[1]);
               linalg::YieldOp::create(nb, nl,
                                       addScalars(nb, nl, args[2], product));
             })
      .getResult(0);
}

namespace {
struct Conv2DLowering : public OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), filter = adaptor.getFilter();
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                      padding = op.getPadding();
    OpFoldResult kh = tensor::getMixedSize(rewriter, loc, filter, 0);
    OpFoldResult kw = tensor::getMixedSize(rewriter, loc, filter, 1);
    OpFoldResult features = tensor::getMixedSize(rewriter, loc, filter, 3);
    SmallVector<OpFoldResult> dims =
        windowResultDims(rewriter, loc, resultType, input, kh, kw, features,
                         strides, dilations, padding);
    Value padded =
        padSpatially(rewriter, loc, input, padding,
                     scalarAttr(rewriter, resultType.getElementType(), 0.0));
    if (!hasStaticWindow(input, filter)) {
      // Loops (n, oh, ow, f, kh, kw, c).
      Value cols = buildUnfolded(rewriter, loc, padded, dims, kh, kw, strides,
                                 dilations);
      rewriter.replaceOp(op,
                         buildLoopContraction(rewriter, loc, cols, filter, 7,
                                              {0, 1, 2, 4, 5, 6}, {4, 5, 6, 3},
                                              {0, 1, 2, 3}, dims));
      return success();
    }
    Value cols =
        buildIm2Col(rewriter, loc, padded, dims, kh, kw, strides, dilations);
    Value weights = asMatrix(rewriter, loc, filter);
    MLIRContext *context = rewriter.getContext();
    // Y[m, f] = sum_k cols[m, k] * W[k, f], loops (m, f, k).
    Value product = buildContraction(
        rewriter, loc, cols, weights, matrixMap(context, 0, 2),
        matrixMap(context, 2, 1),
        {tensor::getMixedSize(rewriter, loc, cols, 0), features});
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, resultType, product,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}}, dims);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// nn.max_pool2d, nn.avg_pool2d
//===----------------------------------------------------------------------===//

/// The number of taps of the window at output position `out` (along one
/// spatial dimension) that fall inside `size` input elements:
/// min(start + window, size) - max(start, 0) with start = out * stride - pad.
static Value tapsInside(OpBuilder &b, Location loc, Value out, Value size,
                        int64_t window, int64_t stride, int64_t padLow) {
  Value start = arith::SubIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, out,
                            arith::ConstantIndexOp::create(b, loc, stride)),
      arith::ConstantIndexOp::create(b, loc, padLow));
  Value end = arith::MinSIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, start,
                            arith::ConstantIndexOp::create(b, loc, window)),
      size);
  Value begin = arith::MaxSIOp::create(
      b, loc, start, arith::ConstantIndexOp::create(b, loc, 0));
  return arith::SubIOp::create(b, loc, end, begin);
}

/// The iterators of the loops (n, oh, ow, kh, kw, c) of a window op: the
/// taps reduce, the channels innermost.
static SmallVector<utils::IteratorType> windowIterators() {
  return {utils::IteratorType::parallel,  utils::IteratorType::parallel,
          utils::IteratorType::parallel,  utils::IteratorType::reduction,
          utils::IteratorType::reduction, utils::IteratorType::parallel};
}

/// A pooling reduction of `padded` (NHWC) into `init` over windows of
/// `window` taps at `strides`, where `combine` folds an input element into
/// the accumulator. Loops (n, oh, ow, kh, kw, c): the channels innermost,
/// where linalg's named pooling ops put the taps, so that the innermost loop
/// runs over contiguous elements and vectorizes.
static Value
buildPooling(OpBuilder &b, Location loc, Value padded, Value init,
             ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
             function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  // The window's shape, for the taps' loop bounds.
  Value windowShape = tensor::EmptyOp::create(
      b, loc, window, getElementTypeOrSelf(padded.getType()));
  MLIRContext *context = b.getContext();
  AffineExpr n, oh, ow, kh, kw, c;
  bindDims(context, n, oh, ow, kh, kw, c);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {n, oh * strides[0] + kh, ow * strides[1] + kw, c},
                     context),
      AffineMap::get(6, 0, {kh, kw}, context),
      AffineMap::get(6, 0, {n, oh, ow, c}, context)};
  SmallVector<utils::IteratorType> iterators = windowIterators();
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{padded, windowShape},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl,
                                       combine(nb, nl, args[0], args[2]));
             })
      .getResult(0);
}

namespace {
template <typename PoolOp>
struct Pool2DLowering : public OpConversionPattern<PoolOp> {
  using OpConversionPattern<PoolOp>::OpConversionPattern;
  using OpAdaptor = typename PoolOp::Adaptor;
  static constexpr bool isMax = std::is_same_v<PoolOp, MaxPool2DOp>;

  LogicalResult
  matchAndRewrite(PoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    ArrayRef<int64_t> window = op.getWindow(),
                      strides = op.getEffectiveStrides(),
                      padding = op.getPadding();
    int64_t dilations[] = {1, 1};
    SmallVector<OpFoldResult> dims = windowResultDims(
        rewriter, loc, resultType, input, rewriter.getIndexAttr(window[0]),
        rewriter.getIndexAttr(window[1]),
        tensor::getMixedSize(rewriter, loc, input, 3), strides, dilations,
        padding);

    if constexpr (isMax) {
      // Padding is the lowest value (-inf for floats), so it never wins;
      // floats reduce with arith.maximumf, which propagates NaN.
      TypedAttr lowest = lowestAttr(rewriter, elementType);
      Value padded = padSpatially(rewriter, loc, input, padding, lowest);
      Value init = createFilled(rewriter, loc, resultType, dims, lowest);
      Value result = buildPooling(
          rewriter, loc, padded, init, window, strides,
          [](OpBuilder &b, Location nl, Value x, Value acc) -> Value {
            if (isa<FloatType>(x.getType()))
              return arith::MaximumFOp::create(b, nl, acc, x);
            return arith::MaxSIOp::create(b, nl, acc, x);
          });
      rewriter.replaceOp(op, result);
      return success();
    }

    // Sum (integers in i64, as the reference does, so that an i32 sum does
    // not wrap before the division), then divide by the taps inside the
    // input: padding is not counted.
    Type accType = elementType;
    if (isa<IntegerType>(elementType))
      accType = rewriter.getI64Type();
    auto accTensorType = resultType.clone(accType);
    Value padded = padSpatially(rewriter, loc, input, padding,
                                scalarAttr(rewriter, elementType, 0.0));
    Value sum = buildPooling(
        rewriter, loc, padded, createZeros(rewriter, loc, accTensorType, dims),
        window, strides,
        [&](OpBuilder &b, Location nl, Value x, Value acc) -> Value {
          if (x.getType() != accType)
            x = arith::ExtSIOp::create(b, nl, accType, x);
          return addScalars(b, nl, acc, x);
        });
    Value height = tensor::DimOp::create(rewriter, loc, input, 1);
    Value width = tensor::DimOp::create(rewriter, loc, input, 2);
    Value result = buildElementwise(
        rewriter, loc, resultType, dims, ValueRange{sum},
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
          Value oh = linalg::IndexOp::create(b, nestedLoc, 1);
          Value ow = linalg::IndexOp::create(b, nestedLoc, 2);
          Value count = arith::MulIOp::create(
              b, nestedLoc,
              tapsInside(b, nestedLoc, oh, height, window[0], strides[0],
                         padding[0]),
              tapsInside(b, nestedLoc, ow, width, window[1], strides[1],
                         padding[2]));
          Value count64 =
              arith::IndexCastOp::create(b, nestedLoc, b.getI64Type(), count);
          if (isa<FloatType>(elementType)) {
            Value divisor =
                arith::SIToFPOp::create(b, nestedLoc, elementType, count64);
            return arith::DivFOp::create(b, nestedLoc, args[0], divisor);
          }
          // Never divide by zero (a window of padding alone, which only an
          // empty dynamic input can make): the reference yields 0 there.
          Value zero = arith::ConstantIntOp::create(b, nestedLoc, 0, 64);
          Value one = arith::ConstantIntOp::create(b, nestedLoc, 1, 64);
          Value empty = arith::CmpIOp::create(
              b, nestedLoc, arith::CmpIPredicate::sle, count64, zero);
          Value divisor =
              arith::SelectOp::create(b, nestedLoc, empty, one, count64);
          Value quotient =
              arith::DivSIOp::create(b, nestedLoc, args[0], divisor);
          quotient =
              arith::SelectOp::create(b, nestedLoc, empty, zero, quotient);
          if (elementType != accType)
            quotient =
                arith::TruncIOp::create(b, nestedLoc, elementType, quotient);
          return quotient;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Gradients of the window ops
//===----------------------------------------------------------------------===//
//
// The gradient with respect to a convolution's filter is a contraction that
// linalg expresses directly. The gradients with respect to the input of a
// convolution or a pooling scatter: each output position adds into every
// input element of its window, which an output indexing map cannot say. They
// are lowered as gathers instead: a linalg.generic over the input positions,
// with the window taps as reduction loops, in which each tap finds the one
// output position (if any) whose window reads this input element at this
// tap, and reads that position's gradient with tensor.extract. The sums are
// the reference's, taken in another order.

/// The size of dimension `dim` of `value`, as an index value.
static Value dimValue(OpBuilder &b, Location loc, Value value, int64_t dim) {
  return getValueOrCreateConstantIndexOp(
      b, loc, tensor::getMixedSize(b, loc, value, dim));
}

/// Along one spatial dimension: the output position `o` whose window reads
/// input position `pos` at window tap `tap`, that is
/// o * stride - padLow + tap * dilation == pos, and whether it exists
/// (0 <= o < outSize). `o` is 0 where it does not exist, so that it always
/// indexes a non-empty output.
static std::pair<Value, Value> windowOfTap(OpBuilder &b, Location loc,
                                           Value pos, Value tap, int64_t stride,
                                           int64_t dilation, int64_t padLow,
                                           Value outSize) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value offset = arith::SubIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, pos,
                            arith::ConstantIndexOp::create(b, loc, padLow)),
      arith::MulIOp::create(b, loc, tap,
                            arith::ConstantIndexOp::create(b, loc, dilation)));
  Value valid =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, offset, zero);
  Value out = offset;
  if (stride != 1) {
    Value strideValue = arith::ConstantIndexOp::create(b, loc, stride);
    Value divisible = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq,
        arith::RemSIOp::create(b, loc, offset, strideValue), zero);
    valid = arith::AndIOp::create(b, loc, valid, divisible);
    out = arith::DivSIOp::create(b, loc, offset, strideValue);
  }
  valid = arith::AndIOp::create(
      b, loc, valid,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, out, outSize));
  out = arith::SelectOp::create(b, loc, valid, out, zero);
  return {valid, out};
}

/// Whether the padded position `pos` (of a tensor padded by `padLow` and
/// `padHigh` on this dimension) lies inside the `size` input elements; null
/// when no padding makes it necessary to ask.
static Value insidePadding(OpBuilder &b, Location loc, Value pos, Value size,
                           int64_t padLow, int64_t padHigh, Value inside) {
  auto conjoin = [&](Value condition) {
    return inside ? arith::AndIOp::create(b, loc, inside, condition).getResult()
                  : condition;
  };
  Value low = arith::ConstantIndexOp::create(b, loc, padLow);
  if (padLow != 0)
    inside = conjoin(
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, pos, low));
  if (padHigh != 0)
    inside = conjoin(
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, pos,
                              arith::AddIOp::create(b, loc, size, low)));
  return inside;
}

/// Affine maps over `loops` dimensions, each given by its result exprs.
static SmallVector<AffineMap>
getMaps(MLIRContext *context, int64_t loops,
        ArrayRef<SmallVector<AffineExpr>> results) {
  SmallVector<AffineMap> maps;
  for (const SmallVector<AffineExpr> &exprs : results)
    maps.push_back(AffineMap::get(loops, 0, exprs, context));
  return maps;
}

namespace {
struct Conv2DFilterGradLowering
    : public OpConversionPattern<Conv2DFilterGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2DFilterGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), grad = adaptor.getGrad();
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                      padding = op.getPadding();
    SmallVector<OpFoldResult> filterDims =
        getDims(rewriter, loc, adaptor.getFilter());
    // Padding is zeros, which add nothing (unless the gradient is infinite
    // there: see the file comment).
    Value padded =
        padSpatially(rewriter, loc, input, padding,
                     scalarAttr(rewriter, resultType.getElementType(), 0.0));
    if (!hasStaticWindow(input, adaptor.getFilter())) {
      // Loops (kh, kw, c, f, n, oh, ow).
      Value cols =
          buildUnfolded(rewriter, loc, padded, getDims(rewriter, loc, grad),
                        filterDims[0], filterDims[1], strides, dilations);
      rewriter.replaceOp(op,
                         buildLoopContraction(rewriter, loc, cols, grad, 7,
                                              {4, 5, 6, 0, 1, 2}, {4, 5, 6, 3},
                                              {0, 1, 2, 3}, filterDims));
      return success();
    }
    Value cols =
        buildIm2Col(rewriter, loc, padded, getDims(rewriter, loc, grad),
                    filterDims[0], filterDims[1], strides, dilations);
    // dW[k, f] = sum_m cols[m, k] * dY[m, f], loops (k, f, m).
    MLIRContext *context = rewriter.getContext();
    Value product = buildContraction(
        rewriter, loc, cols, asMatrix(rewriter, loc, grad),
        matrixMap(context, 2, 0), matrixMap(context, 2, 1),
        {tensor::getMixedSize(rewriter, loc, cols, 1), filterDims[3]});
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, resultType, product,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}}, filterDims);
    return success();
  }
};
} // namespace

/// A gather over the input positions of a window op, into a zero tensor of
/// `resultType` (sizes `inputDims`): loops (n, h, w, kh, kw, c), the taps
/// (of the window `windowShape`) reducing and the channels innermost, so
/// that the innermost loop runs over contiguous elements and vectorizes.
/// Each tap finds the output position (oh, ow), among `outHeight` x
/// `outWidth`, whose window reads (h, w) at that tap; `read` gets the
/// indices (n, oh, ow, kh, kw, c) and whether that position exists, gives
/// the value it contributes and may narrow `valid`. The sum of the valid
/// contributions is the result.
static Value buildWindowGather(
    OpBuilder &b, Location loc, RankedTensorType resultType,
    ArrayRef<OpFoldResult> inputDims, Value windowShape, Value outHeight,
    Value outWidth, ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
    ArrayRef<int64_t> padding,
    function_ref<Value(OpBuilder &, Location, ValueRange, Value &)> read) {
  Value init = createZeros(b, loc, resultType, inputDims);
  MLIRContext *context = b.getContext();
  AffineExpr n, h, w, kh, kw, c;
  bindDims(context, n, h, w, kh, kw, c);
  SmallVector<AffineMap> maps = getMaps(context, 6, {{kh, kw}, {n, h, w, c}});
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{windowShape}, ValueRange{init},
      maps, windowIterators(),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        auto index = [&](int64_t d) {
          return linalg::IndexOp::create(nb, nl, d).getResult();
        };
        auto [validH, oh] = windowOfTap(nb, nl, index(1), index(3), strides[0],
                                        dilations[0], padding[0], outHeight);
        auto [validW, ow] = windowOfTap(nb, nl, index(2), index(4), strides[1],
                                        dilations[1], padding[2], outWidth);
        Value valid = arith::AndIOp::create(nb, nl, validH, validW);
        Value value = read(
            nb, nl, ValueRange{index(0), oh, ow, index(3), index(4), index(5)},
            valid);
        Value sum = addScalars(nb, nl, args[1], value);
        linalg::YieldOp::create(
            nb, nl,
            arith::SelectOp::create(nb, nl, valid, sum, args[1]).getResult());
      });
  return generic.getResult(0);
}

/// col2im: the input gradient of a convolution from the gradient of its
/// im2col matrix `dcols` (N x OH x OW x KH x KW x C): each input element
/// sums the entries of the taps that read it.
static Value buildCol2Im(OpBuilder &b, Location loc, Value dcols,
                         RankedTensorType resultType,
                         ArrayRef<OpFoldResult> inputDims,
                         ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                         ArrayRef<int64_t> padding) {
  // Only the window's shape: the loop bounds of the taps.
  SmallVector<OpFoldResult> window = {tensor::getMixedSize(b, loc, dcols, 3),
                                      tensor::getMixedSize(b, loc, dcols, 4)};
  Value windowShape = createEmpty(
      b, loc, tensorTypeOf(window, resultType.getElementType()), window);
  return buildWindowGather(
      b, loc, resultType, inputDims, windowShape, dimValue(b, loc, dcols, 1),
      dimValue(b, loc, dcols, 2), strides, dilations, padding,
      [&](OpBuilder &nb, Location nl, ValueRange at, Value &) -> Value {
        return tensor::ExtractOp::create(nb, nl, dcols, at);
      });
}

namespace {
struct Conv2DInputGradLowering : public OpConversionPattern<Conv2DInputGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2DInputGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value filter = adaptor.getFilter(), grad = adaptor.getGrad();
    auto resultType = cast<RankedTensorType>(op.getType());
    SmallVector<OpFoldResult> filterDims = getDims(rewriter, loc, filter);
    SmallVector<OpFoldResult> gradDims = getDims(rewriter, loc, grad);
    SmallVector<OpFoldResult> colsDims = {gradDims[0],   gradDims[1],
                                          gradDims[2],   filterDims[0],
                                          filterDims[1], filterDims[2]};
    Value dcols;
    if (hasStaticWindow(adaptor.getInput(), filter)) {
      Value gradMatrix = asMatrix(rewriter, loc, grad);
      Value weights = asMatrix(rewriter, loc, filter);
      // dcols[m, k] = sum_f dY[m, f] * W[k, f], loops (m, k, f).
      MLIRContext *context = rewriter.getContext();
      Value product =
          buildContraction(rewriter, loc, gradMatrix, weights,
                           matrixMap(context, 0, 2), matrixMap(context, 1, 2),
                           {tensor::getMixedSize(rewriter, loc, gradMatrix, 0),
                            tensor::getMixedSize(rewriter, loc, weights, 0)});
      dcols = tensor::ExpandShapeOp::create(
          rewriter, loc, tensorTypeOf(colsDims, resultType.getElementType()),
          product, im2colGroups(), colsDims);
    } else {
      // Loops (n, oh, ow, kh, kw, c, f).
      dcols = buildLoopContraction(rewriter, loc, grad, filter, 7, {0, 1, 2, 6},
                                   {3, 4, 5, 6}, {0, 1, 2, 3, 4, 5}, colsDims);
    }
    rewriter.replaceOp(
        op, buildCol2Im(rewriter, loc, dcols, resultType,
                        getDims(rewriter, loc, adaptor.getInput()),
                        op.getStrides(), op.getDilations(), op.getPadding()));
    return success();
  }
};
} // namespace

/// The tap of each max pooling window that takes the gradient, as its
/// row-major index in the window (i64): the first maximal element, or the
/// first NaN if there is one, among the taps inside the input. The choice is
/// a total order on (is NaN, value, -tap), so it does not depend on the order
/// in which the reduction visits the taps.
static Value buildMaxTaps(OpBuilder &b, Location loc, Value input, Value grad,
                          ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> padding) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto gradType = cast<RankedTensorType>(grad.getType());
  Type elementType = inputType.getElementType();
  TypedAttr lowest = lowestAttr(b, elementType);
  SmallVector<OpFoldResult> dims = getDims(b, loc, grad);
  Value bestInit = createFilled(b, loc, gradType, dims, lowest);
  auto tapType = gradType.clone(b.getI64Type());
  Value tapInit = createFilled(b, loc, tapType, dims, b.getI64IntegerAttr(-1));
  Value padded = padSpatially(b, loc, input, padding, lowest);
  Value windowShape = tensor::EmptyOp::create(b, loc, window, elementType);
  Value height = dimValue(b, loc, input, 1);
  Value width = dimValue(b, loc, input, 2);

  // Loops (n, oh, ow) parallel, (kh, kw) reduction, c parallel: the
  // channels innermost, so that the loop vectorizes.
  MLIRContext *context = b.getContext();
  AffineExpr n, oh, ow, kh, kw, c;
  bindDims(context, n, oh, ow, kh, kw, c);
  SmallVector<AffineMap> maps =
      getMaps(context, 6,
              {{n, oh * strides[0] + kh, ow * strides[1] + kw, c},
               {kh, kw},
               {n, oh, ow, c},
               {n, oh, ow, c}});
  SmallVector<utils::IteratorType> iterators = windowIterators();
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{gradType, tapType}, ValueRange{padded, windowShape},
      ValueRange{bestInit, tapInit}, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value x = args[0], best = args[2], bestTap = args[3];
        auto index = [&](int64_t d) {
          return linalg::IndexOp::create(nb, nl, d).getResult();
        };
        auto constant = [&](int64_t v) {
          return arith::ConstantIndexOp::create(nb, nl, v).getResult();
        };
        Value tap = arith::AddIOp::create(
            nb, nl,
            arith::MulIOp::create(nb, nl, index(3), constant(window[1])),
            index(4));
        tap = arith::IndexCastOp::create(nb, nl, nb.getI64Type(), tap);
        Value none =
            arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::slt, bestTap,
                                  arith::ConstantIntOp::create(nb, nl, 0, 64));
        Value earlier = arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::slt,
                                              tap, bestTap);
        Value better;
        if (isa<FloatType>(elementType)) {
          auto cmp = [&](arith::CmpFPredicate predicate, Value l, Value r) {
            return arith::CmpFOp::create(nb, nl, predicate, l, r).getResult();
          };
          Value xNaN = cmp(arith::CmpFPredicate::UNO, x, x);
          Value bestNaN = cmp(arith::CmpFPredicate::UNO, best, best);
          Value bestNumber = cmp(arith::CmpFPredicate::ORD, best, best);
          // NaN beats numbers, then the larger value, then the earlier tap.
          Value same = arith::OrIOp::create(
              nb, nl, cmp(arith::CmpFPredicate::OEQ, x, best),
              arith::AndIOp::create(nb, nl, xNaN, bestNaN));
          better = arith::OrIOp::create(
              nb, nl,
              arith::OrIOp::create(
                  nb, nl, arith::AndIOp::create(nb, nl, xNaN, bestNumber),
                  cmp(arith::CmpFPredicate::OGT, x, best)),
              arith::AndIOp::create(nb, nl, same, earlier));
        } else {
          Value same =
              arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::eq, x, best);
          better = arith::OrIOp::create(
              nb, nl,
              arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::sgt, x, best),
              arith::AndIOp::create(nb, nl, same, earlier));
        }
        Value take = arith::OrIOp::create(nb, nl, none, better);
        // Padding never takes part.
        Value inside;
        auto position = [&](int64_t out, int64_t t, int64_t d) {
          return arith::AddIOp::create(
              nb, nl,
              arith::MulIOp::create(nb, nl, index(out), constant(strides[d])),
              index(t));
        };
        if (padding[0] || padding[1])
          inside = insidePadding(nb, nl, position(1, 3, 0), height, padding[0],
                                 padding[1], inside);
        if (padding[2] || padding[3])
          inside = insidePadding(nb, nl, position(2, 4, 1), width, padding[2],
                                 padding[3], inside);
        if (inside)
          take = arith::AndIOp::create(nb, nl, take, inside);
        linalg::YieldOp::create(
            nb, nl,
            ValueRange{arith::SelectOp::create(nb, nl, take, x, best),
                       arith::SelectOp::create(nb, nl, take, tap, bestTap)});
      });
  return generic.getResult(1);
}

namespace {
template <typename PoolGradOp>
struct Pool2DGradLowering : public OpConversionPattern<PoolGradOp> {
  using OpConversionPattern<PoolGradOp>::OpConversionPattern;
  using OpAdaptor = typename PoolGradOp::Adaptor;
  static constexpr bool isMax = std::is_same_v<PoolGradOp, MaxPool2DGradOp>;

  LogicalResult
  matchAndRewrite(PoolGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), grad = adaptor.getGrad();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto gradType = cast<RankedTensorType>(grad.getType());
    Type elementType = resultType.getElementType();
    ArrayRef<int64_t> window = op.getWindow(),
                      strides = op.getEffectiveStrides(),
                      padding = op.getPadding();

    // Max: the tap of each window that takes its gradient. Average: the
    // gradient of each window divided by its taps inside the input.
    Value taps, shares;
    if constexpr (isMax) {
      taps = buildMaxTaps(rewriter, loc, input, grad, window, strides, padding);
      shares = grad;
    } else {
      Value height = dimValue(rewriter, loc, input, 1);
      Value width = dimValue(rewriter, loc, input, 2);
      shares = buildElementwise(
          rewriter, loc, gradType, getDims(rewriter, loc, grad),
          ValueRange{grad},
          [&](OpBuilder &b, Location nl, ValueRange args) -> Value {
            Value count = arith::MulIOp::create(
                b, nl,
                tapsInside(b, nl, linalg::IndexOp::create(b, nl, 1), height,
                           window[0], strides[0], padding[0]),
                tapsInside(b, nl, linalg::IndexOp::create(b, nl, 2), width,
                           window[1], strides[1], padding[2]));
            Value divisor = arith::SIToFPOp::create(
                b, nl, elementType,
                arith::IndexCastOp::create(b, nl, b.getI64Type(), count));
            return arith::DivFOp::create(b, nl, args[0], divisor);
          });
    }

    // Gather: every input element sums the shares of the windows (that
    // chose it).
    int64_t dilations[] = {1, 1};
    Value result = buildWindowGather(
        rewriter, loc, resultType, getDims(rewriter, loc, input),
        tensor::EmptyOp::create(rewriter, loc, window, elementType),
        dimValue(rewriter, loc, grad, 1), dimValue(rewriter, loc, grad, 2),
        strides, dilations, padding,
        [&](OpBuilder &b, Location nl, ValueRange at, Value &valid) -> Value {
          SmallVector<Value> position = {at[0], at[1], at[2], at[5]};
          if (taps) {
            Value tap = arith::AddIOp::create(
                b, nl,
                arith::MulIOp::create(
                    b, nl, at[3],
                    arith::ConstantIndexOp::create(b, nl, window[1])),
                at[4]);
            tap = arith::IndexCastOp::create(b, nl, b.getI64Type(), tap);
            Value chosen = tensor::ExtractOp::create(b, nl, taps, position);
            valid = arith::AndIOp::create(
                b, nl, valid,
                arith::CmpIOp::create(b, nl, arith::CmpIPredicate::eq, chosen,
                                      tap));
          }
          return tensor::ExtractOp::create(b, nl, shares, position);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void nn::populateContractionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatmulLowering, Conv2DLowering, Pool2DLowering<MaxPool2DOp>,
               Pool2DLowering<AvgPool2DOp>, Conv2DFilterGradLowering,
               Conv2DInputGradLowering, Pool2DGradLowering<MaxPool2DGradOp>,
               Pool2DGradLowering<AvgPool2DGradOp>>(patterns.getContext());
}
