//===- Reductions.cpp - Reductions, argmax and softmax to linalg ----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Lowers nn.reduce_{sum,mean,max,min}, nn.argmax, nn.softmax and
// nn.log_softmax to linalg.generic ops with reduction iterators, reproducing
// the reference kernels (lib/Reference/Kernels.cpp):
//
// * A reduction starts from the identity of its combiner (0, -inf / +inf
//   for floats, the integer type's minimum / maximum), so that an empty
//   reduction yields the identity and an empty mean 0 / 0 = NaN.
// * Float max and min propagate NaN (arith.maximumf / arith.minimumf);
//   integer sums wrap.
// * f16 and bf16 sums, means and softmaxes accumulate in f32 and round
//   once at the end (the reference computes in double).
// * The reduced result has the kept dimensions only; keep_dims re-inserts
//   the unit dimensions with tensor.expand_shape.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "nn/Conversion/NNToLinalg/NNToLinalg.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace nn;
using namespace nn::conversion;

namespace {

enum class Combiner { Sum, Max, Min };

/// The axes sorted, in [0, rank); an empty list means every axis. The
/// verifier has rejected out-of-range and repeated axes.
SmallVector<int64_t> normalizeAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> result;
  if (axes.empty())
    return llvm::to_vector(llvm::seq<int64_t>(0, rank));
  for (int64_t axis : axes)
    result.push_back(axis < 0 ? axis + rank : axis);
  llvm::sort(result);
  result.erase(llvm::unique(result), result.end());
  return result;
}

/// The type that floats are accumulated and computed in: f32 for the
/// half-precision types, the element type otherwise.
Type computeType(Type elementType) {
  if (isa<Float16Type, BFloat16Type>(elementType))
    return Float32Type::get(elementType.getContext());
  return elementType;
}

/// `value` converted between float types (extension or rounding).
Value convertFloat(OpBuilder &b, Location loc, Value value, Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  if (cast<FloatType>(from).getWidth() < cast<FloatType>(to).getWidth())
    return arith::ExtFOp::create(b, loc, to, value);
  return arith::TruncFOp::create(b, loc, to, value);
}

/// The identity of `kind` in `type`.
TypedAttr identityAttr(OpBuilder &b, Type type, Combiner kind) {
  if (auto floatType = dyn_cast<FloatType>(type)) {
    if (kind == Combiner::Sum)
      return b.getFloatAttr(floatType, 0.0);
    return b.getFloatAttr(floatType,
                          APFloat::getInf(floatType.getFloatSemantics(),
                                          /*Negative=*/kind == Combiner::Max));
  }
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = kind == Combiner::Sum   ? APInt::getZero(width)
                : kind == Combiner::Max ? APInt::getSignedMinValue(width)
                                        : APInt::getSignedMaxValue(width);
  return b.getIntegerAttr(type, value);
}

/// A float sum that may be reassociated: without it LLVM cannot vectorize
/// a sum along the innermost dimension (a chain of dependent adds, one per
/// 4 cycles). The interpreter sums in double; compiled sums differ from it
/// by rounding in any order.
Value reassociableAdd(OpBuilder &b, Location loc, Value acc, Value x) {
  return arith::AddFOp::create(
      b, loc, acc, x,
      arith::FastMathFlagsAttr::get(b.getContext(),
                                    arith::FastMathFlags::reassoc));
}

/// `kind` applied to the accumulator and an element of the same type.
Value combine(OpBuilder &b, Location loc, Combiner kind, Value acc, Value x) {
  if (isa<FloatType>(acc.getType())) {
    switch (kind) {
    case Combiner::Sum:
      return reassociableAdd(b, loc, acc, x);
    case Combiner::Max:
      return arith::MaximumFOp::create(b, loc, acc, x);
    case Combiner::Min:
      return arith::MinimumFOp::create(b, loc, acc, x);
    }
  }
  switch (kind) {
  case Combiner::Sum:
    return arith::AddIOp::create(b, loc, acc, x);
  case Combiner::Max:
    return arith::MaxSIOp::create(b, loc, acc, x);
  case Combiner::Min:
    return arith::MinSIOp::create(b, loc, acc, x);
  }
  llvm_unreachable("unknown combiner");
}

/// The map from an iteration space of rank `rank` to the dimensions that
/// are not in `axes` (sorted).
AffineMap dropAxesMap(MLIRContext *context, int64_t rank,
                      ArrayRef<int64_t> axes) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(axes, d))
      exprs.push_back(getAffineDimExpr(d, context));
  return AffineMap::get(rank, 0, exprs, context);
}

/// `dims` without the entries in `axes`.
SmallVector<OpFoldResult> dropAxes(ArrayRef<OpFoldResult> dims,
                                   ArrayRef<int64_t> axes) {
  SmallVector<OpFoldResult> kept;
  for (auto [d, dim] : llvm::enumerate(dims))
    if (!llvm::is_contained(axes, static_cast<int64_t>(d)))
      kept.push_back(dim);
  return kept;
}

/// The shape of a RankedTensorType with `dims` (static where constant).
SmallVector<int64_t> staticShape(ArrayRef<OpFoldResult> dims) {
  SmallVector<int64_t> shape;
  for (OpFoldResult dim : dims) {
    std::optional<int64_t> size = getConstantIntValue(dim);
    shape.push_back(size ? *size : ShapedType::kDynamic);
  }
  return shape;
}

/// A linalg.generic over the iteration space `dims` (the shape of the
/// first input) that reduces over `axes` into one accumulator of
/// `accType`, which starts at `init`. `inputMaps` read the inputs; `body`
/// gets the scalar inputs and the accumulator and returns the new
/// accumulator. The result has the dimensions of `dims` not in `axes`.
Value buildReduction(
    OpBuilder &b, Location loc, ArrayRef<OpFoldResult> dims,
    ArrayRef<int64_t> axes, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
    Type accType, TypedAttr init,
    function_ref<Value(OpBuilder &, Location, ValueRange, Value)> body) {
  MLIRContext *context = b.getContext();
  int64_t rank = dims.size();
  SmallVector<OpFoldResult> keptDims = dropAxes(dims, axes);
  auto accTensorType = RankedTensorType::get(staticShape(keptDims), accType);
  Value filled = createFilled(b, loc, accTensorType, keptDims, init);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(dropAxesMap(context, rank, axes));
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d)
    iterators.push_back(llvm::is_contained(axes, d)
                            ? utils::IteratorType::reduction
                            : utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{accTensorType}, inputs, ValueRange{filled}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value next = body(nested, nestedLoc, args.drop_back(), args.back());
        linalg::YieldOp::create(nested, nestedLoc, next);
      });
  return generic.getResult(0);
}

/// Re-inserts the reduced `axes` (sorted) of a result of `fullRank` as unit
/// dimensions: `reduced` has the kept dimensions, `fullDims` the sizes of
/// the operand.
Value expandReducedAxes(OpBuilder &b, Location loc, Value reduced,
                        ArrayRef<int64_t> axes,
                        ArrayRef<OpFoldResult> fullDims) {
  if (axes.empty())
    return reduced;
  auto reducedType = cast<RankedTensorType>(reduced.getType());
  int64_t rank = fullDims.size();
  // Each kept dimension forms a group with the unit dimensions before it;
  // the unit dimensions after the last kept one join the last group. With
  // no kept dimension the reassociation is empty (a rank-0 source).
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices current;
  bool hasKept = false;
  SmallVector<OpFoldResult> outputShape;
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    bool kept = !llvm::is_contained(axes, d);
    if (kept && hasKept) {
      groups.push_back(current);
      current.clear();
      hasKept = false;
    }
    current.push_back(d);
    hasKept |= kept;
    outputShape.push_back(kept ? fullDims[d] : b.getIndexAttr(1));
  }
  if (hasKept)
    groups.push_back(current);
  auto expandedType = RankedTensorType::get(staticShape(outputShape),
                                            reducedType.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, expandedType, reduced, groups,
                                       outputShape);
}

/// `value` with the type `type`, through tensor.cast where only the static
/// information differs.
Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

/// The number of elements in the `axes` of `dims`, as a scalar of the float
/// type `type`.
Value elementCount(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> dims,
                   ArrayRef<int64_t> axes, Type type) {
  int64_t staticCount = 1;
  Value dynamicCount;
  for (int64_t axis : axes) {
    if (std::optional<int64_t> size = getConstantIntValue(dims[axis])) {
      staticCount *= *size;
      continue;
    }
    Value size = getValueOrCreateConstantIndexOp(b, loc, dims[axis]);
    dynamicCount =
        dynamicCount ? arith::MulIOp::create(b, loc, dynamicCount, size) : size;
  }
  if (!dynamicCount)
    return scalarConstant(b, loc, type, static_cast<double>(staticCount));
  if (staticCount != 1)
    dynamicCount = arith::MulIOp::create(
        b, loc, dynamicCount,
        arith::ConstantIndexOp::create(b, loc, staticCount));
  Value count =
      arith::IndexCastUIOp::create(b, loc, b.getI64Type(), dynamicCount);
  return arith::UIToFPOp::create(b, loc, type, count);
}

/// nn.reduce_sum, nn.reduce_mean, nn.reduce_max and nn.reduce_min.
template <typename OpTy, Combiner kind, bool isMean = false>
struct ReduceLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value operand = adaptor.getOperand();
    auto operandType = cast<RankedTensorType>(operand.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = operandType.getElementType();
    int64_t rank = operandType.getRank();
    SmallVector<int64_t> axes = normalizeAxes(op.getAxes(), rank);
    SmallVector<OpFoldResult> dims = getDims(rewriter, loc, operand);

    // Sums of half-precision floats accumulate in f32; max and min are
    // exact in any type.
    Type accType =
        kind == Combiner::Sum ? computeType(elementType) : elementType;
    Value reduced = buildReduction(
        rewriter, loc, dims, axes, operand,
        rewriter.getMultiDimIdentityMap(rank), accType,
        identityAttr(rewriter, accType, kind),
        [&](OpBuilder &b, Location nestedLoc, ValueRange args, Value acc) {
          Value x = args[0];
          if (x.getType() != accType)
            x = convertFloat(b, nestedLoc, x, accType);
          return combine(b, nestedLoc, kind, acc, x);
        });

    // The mean divides by the element count of the reduced axes; half
    // precision rounds only after the division.
    if (isMean || accType != elementType) {
      auto reducedType = cast<RankedTensorType>(reduced.getType());
      SmallVector<OpFoldResult> keptDims = dropAxes(dims, axes);
      Value count =
          isMean ? elementCount(rewriter, loc, dims, axes, accType) : Value();
      reduced = buildElementwise(
          rewriter, loc, reducedType.clone(elementType), keptDims, reduced,
          [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
            Value value = args[0];
            if (count)
              value = arith::DivFOp::create(b, nestedLoc, value, count);
            return convertFloat(b, nestedLoc, value, elementType);
          });
    }

    if (op.getKeepDims())
      reduced = expandReducedAxes(rewriter, loc, reduced, axes, dims);
    rewriter.replaceOp(op, castTo(rewriter, loc, reduced, resultType));
    return success();
  }
};

/// nn.argmax: one linalg.generic with two accumulators, the running
/// maximum (starting at the identity of max) and its i64 index (starting at
/// 0), reducing along the axis. An element replaces the running maximum only
/// when it is strictly greater, so the first maximum wins; for floats NaN is
/// greater than everything and the first NaN wins, as in NumPy. An empty
/// axis yields 0 (the reference rejects it at run time).
struct ArgmaxLowering : public OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value operand = adaptor.getOperand();
    auto operandType = cast<RankedTensorType>(operand.getType());
    Type elementType = operandType.getElementType();
    int64_t rank = operandType.getRank();
    int64_t axis = op.getAxisAttr().getInt();
    if (axis < 0)
      axis += rank;
    SmallVector<int64_t> axes = {axis};
    SmallVector<OpFoldResult> dims = getDims(rewriter, loc, operand);
    SmallVector<OpFoldResult> keptDims = dropAxes(dims, axes);
    SmallVector<int64_t> keptShape = staticShape(keptDims);

    auto valueType = RankedTensorType::get(keptShape, elementType);
    auto indexType = RankedTensorType::get(keptShape, rewriter.getI64Type());
    Value values =
        createFilled(rewriter, loc, valueType, keptDims,
                     identityAttr(rewriter, elementType, Combiner::Max));
    Value indices = createFilled(rewriter, loc, indexType, keptDims,
                                 rewriter.getI64IntegerAttr(0));
    AffineMap outMap = dropAxesMap(context, rank, axes);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   outMap, outMap};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, indexType}, operand,
        ValueRange{values, indices}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value index = arith::IndexCastOp::create(
              b, nestedLoc, b.getI64Type(),
              linalg::IndexOp::create(b, nestedLoc, axis));
          Value take;
          if (isa<FloatType>(elementType)) {
            // !isnan(best) && (isnan(x) || x > best)
            Value bestIsNumber = arith::CmpFOp::create(
                b, nestedLoc, arith::CmpFPredicate::ORD, best, best);
            Value xIsNaN = arith::CmpFOp::create(
                b, nestedLoc, arith::CmpFPredicate::UNO, x, x);
            Value greater = arith::CmpFOp::create(
                b, nestedLoc, arith::CmpFPredicate::OGT, x, best);
            take = arith::AndIOp::create(
                b, nestedLoc, bestIsNumber,
                arith::OrIOp::create(b, nestedLoc, xIsNaN, greater));
          } else {
            take = arith::CmpIOp::create(b, nestedLoc,
                                         arith::CmpIPredicate::sgt, x, best);
          }
          Value nextBest = arith::SelectOp::create(b, nestedLoc, take, x, best);
          Value nextIndex =
              arith::SelectOp::create(b, nestedLoc, take, index, bestIndex);
          linalg::YieldOp::create(b, nestedLoc,
                                  ValueRange{nextBest, nextIndex});
        });

    Value result = generic.getResult(1);
    if (op.getKeepDims())
      result = expandReducedAxes(rewriter, loc, result, axes, dims);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// nn.softmax and nn.log_softmax along an axis: the maximum along the axis,
/// then the sum of exp(x - max), then exp(x - max) / sum or
/// (x - max) - log(sum). Half-precision floats compute in f32.
template <typename OpTy, bool isLog>
struct SoftmaxLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value operand = adaptor.getOperand();
    auto operandType = cast<RankedTensorType>(operand.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = operandType.getElementType();
    Type type = computeType(elementType);
    int64_t rank = operandType.getRank();
    int64_t axis = op.getAxisAttr().getInt();
    if (axis < 0)
      axis += rank;
    SmallVector<int64_t> axes = {axis};
    SmallVector<OpFoldResult> dims = getDims(rewriter, loc, operand);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reducedMap = dropAxesMap(context, rank, axes);

    // The maximum (exact in the element type), NaN if any element is NaN.
    Value max = buildReduction(
        rewriter, loc, dims, axes, operand, identity, elementType,
        identityAttr(rewriter, elementType, Combiner::Max),
        [&](OpBuilder &b, Location nestedLoc, ValueRange args, Value acc) {
          return combine(b, nestedLoc, Combiner::Max, acc, args[0]);
        });

    auto shifted = [&](OpBuilder &b, Location nestedLoc, Value x, Value m) {
      return arith::SubFOp::create(b, nestedLoc,
                                   convertFloat(b, nestedLoc, x, type),
                                   convertFloat(b, nestedLoc, m, type));
    };

    // The sum of exp(x - max).
    Value sum = buildReduction(
        rewriter, loc, dims, axes, ValueRange{operand, max},
        {identity, reducedMap}, type,
        identityAttr(rewriter, type, Combiner::Sum),
        [&](OpBuilder &b, Location nestedLoc, ValueRange args, Value acc) {
          Value e = math::ExpOp::create(
              b, nestedLoc, shifted(b, nestedLoc, args[0], args[1]));
          return reassociableAdd(b, nestedLoc, acc, e);
        });

    // The result, element by element.
    Value init = createEmpty(
        rewriter, loc,
        RankedTensorType::get(operandType.getShape(), elementType), dims);
    SmallVector<AffineMap> maps = {identity, reducedMap, reducedMap, identity};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{init.getType()}, ValueRange{operand, max, sum},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value s = shifted(b, nestedLoc, args[0], args[1]);
          Value value;
          if (isLog)
            value = arith::SubFOp::create(
                b, nestedLoc, s, math::LogOp::create(b, nestedLoc, args[2]));
          else
            value = arith::DivFOp::create(
                b, nestedLoc, math::ExpOp::create(b, nestedLoc, s), args[2]);
          linalg::YieldOp::create(
              b, nestedLoc, convertFloat(b, nestedLoc, value, elementType));
        });
    rewriter.replaceOp(op,
                       castTo(rewriter, loc, generic.getResult(0), resultType));
    return success();
  }
};

} // namespace

void nn::populateReductionToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ReduceLowering<ReduceSumOp, Combiner::Sum>,
               ReduceLowering<ReduceMeanOp, Combiner::Sum, /*isMean=*/true>,
               ReduceLowering<ReduceMaxOp, Combiner::Max>,
               ReduceLowering<ReduceMinOp, Combiner::Min>, ArgmaxLowering,
               SoftmaxLowering<SoftmaxOp, /*isLog=*/false>,
               SoftmaxLowering<LogSoftmaxOp, /*isLog=*/true>>(context);
}
