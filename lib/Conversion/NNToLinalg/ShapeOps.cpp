//===- ShapeOps.cpp - Shape manipulation to linalg and tensor -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Lowers nn.reshape, nn.transpose, nn.concat, nn.slice and nn.pad to tensor
// ops and linalg.transpose, reproducing the reference kernels
// (lib/Reference/Kernels.cpp). Dynamic sizes come from tensor.dim of the
// operands.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "nn/Conversion/NNToLinalg/NNToLinalg.h"
#include "nn/IR/NNOps.h"
#include "nn/Support/Sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace nn;
using namespace nn::conversion;

namespace {

/// `value` with the type `type`, through tensor.cast where only the static
/// information differs.
Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

/// lhs + rhs on sizes, folded when both are constant.
OpFoldResult addSizes(OpBuilder &b, Location loc, OpFoldResult lhs,
                      OpFoldResult rhs) {
  std::optional<int64_t> l = getConstantIntValue(lhs);
  std::optional<int64_t> r = getConstantIntValue(rhs);
  if (l && r)
    return b.getIndexAttr(*l + *r);
  if (r && *r == 0)
    return lhs;
  if (l && *l == 0)
    return rhs;
  return arith::AddIOp::create(b, loc,
                               getValueOrCreateConstantIndexOp(b, loc, lhs),
                               getValueOrCreateConstantIndexOp(b, loc, rhs))
      .getResult();
}

/// The sizes of a result of `type`: static ones from the type, dynamic ones
/// from `dynamic` (called with the dimension).
SmallVector<OpFoldResult>
resultDims(OpBuilder &b, RankedTensorType type,
           function_ref<OpFoldResult(int64_t)> dynamic) {
  SmallVector<OpFoldResult> dims;
  for (int64_t d = 0; d < type.getRank(); ++d)
    dims.push_back(type.isDynamicDim(d) ? dynamic(d)
                                        : b.getIndexAttr(type.getDimSize(d)));
  return dims;
}

//===----------------------------------------------------------------------===//
// nn.reshape
//===----------------------------------------------------------------------===//

/// Whether `groups`, a reassociation between `source` and `result` (one of
/// them the collapsed side, `collapsed`), gives the row-major reshape that
/// nn.reshape defines. The result's one dynamic size is the element count
/// divided by its static sizes; a collapse or expansion computes it from
/// its own group instead. The two agree when every other group is static
/// with a matching product, which is what this checks. The group of the
/// dynamic result size must not divide by a static zero either.
bool isStructuredReshape(ArrayRef<int64_t> source, ArrayRef<int64_t> result,
                         ArrayRef<ReassociationIndices> groups) {
  bool collapse = source.size() > result.size();
  ArrayRef<int64_t> expanded = collapse ? source : result;
  ArrayRef<int64_t> collapsed = collapse ? result : source;
  if (groups.size() != collapsed.size())
    return false;
  if (collapsed.empty())
    return llvm::all_of(expanded, [](int64_t size) { return size == 1; });
  int64_t next = 0;
  for (ReassociationIndices group : groups)
    for (int64_t d : group)
      if (d != next++)
        return false;
  if (next != static_cast<int64_t>(expanded.size()))
    return false;

  for (auto [c, group] : llvm::enumerate(groups)) {
    bool holdsResultDynamic = collapse
                                  ? ShapedType::isDynamic(collapsed[c])
                                  : llvm::any_of(group, [&](int64_t d) {
                                      return ShapedType::isDynamic(expanded[d]);
                                    });
    if (holdsResultDynamic) {
      if (!collapse)
        for (int64_t d : group)
          if (expanded[d] == 0)
            return false;
      continue;
    }
    if (ShapedType::isDynamic(collapsed[c]))
      return false;
    int64_t product = 1;
    for (int64_t d : group) {
      if (ShapedType::isDynamic(expanded[d]))
        return false;
      product *= expanded[d];
    }
    if (product != collapsed[c])
      return false;
  }
  return true;
}

/// nn.reshape: tensor.collapse_shape or tensor.expand_shape where the
/// reshape is one (see isStructuredReshape), tensor.reshape with a shape
/// built from the result sizes otherwise.
struct ReshapeLowering : public OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value operand = adaptor.getOperand();
    auto sourceType = cast<RankedTensorType>(operand.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    // A static operand determines the dynamic result size at compile time.
    RankedTensorType targetType = resultType;
    if (sourceType.hasStaticShape() && !resultType.hasStaticShape()) {
      SmallVector<int64_t> staticSizes(
          llvm::make_filter_range(resultType.getShape(), [](int64_t size) {
            return !ShapedType::isDynamic(size);
          }));
      int64_t known = getElementCount(staticSizes).value_or(0);
      if (known != 0) {
        SmallVector<int64_t> shape(resultType.getShape());
        for (int64_t &size : shape)
          if (ShapedType::isDynamic(size))
            size = sourceType.getNumElements() / known;
        targetType = resultType.clone(shape);
      }
    }
    if (sourceType == targetType) {
      rewriter.replaceOp(op, castTo(rewriter, loc, operand, resultType));
      return success();
    }
    // To or from rank 0 the reassociation is empty (getReassociationIndices-
    // ForReshape gives none).
    std::optional<SmallVector<ReassociationIndices>> groups;
    if (sourceType.getRank() == 0 || targetType.getRank() == 0)
      groups.emplace();
    else
      groups = getReassociationIndicesForReshape(sourceType, targetType);
    Value reshaped;
    if (groups && isStructuredReshape(sourceType.getShape(),
                                      targetType.getShape(), *groups))
      reshaped = sourceType.getRank() > targetType.getRank()
                     ? collapse(rewriter, loc, operand, *groups)
                     : expand(rewriter, loc, operand, targetType, *groups);
    else
      reshaped = reshape(rewriter, loc, operand, targetType);
    rewriter.replaceOp(op, castTo(rewriter, loc, reshaped, resultType));
    return success();
  }

private:
  /// A collapse to the type that the groups give (static where the whole
  /// group is).
  static Value collapse(OpBuilder &b, Location loc, Value operand,
                        ArrayRef<ReassociationIndices> groups) {
    auto type = cast<RankedTensorType>(operand.getType());
    return tensor::CollapseShapeOp::create(
        b, loc, tensor::CollapseShapeOp::inferCollapsedType(type, groups),
        operand, groups);
  }

  /// An expansion: each result size is static from the result type, or its
  /// group's source size divided by the group's other (static) sizes, which
  /// is static where the source size is.
  static Value expand(OpBuilder &b, Location loc, Value operand,
                      RankedTensorType resultType,
                      ArrayRef<ReassociationIndices> groups) {
    auto sourceType = cast<RankedTensorType>(operand.getType());
    SmallVector<OpFoldResult> sourceDims = getDims(b, loc, operand);
    SmallVector<int64_t> shape(resultType.getShape());
    // Static sizes stand as they are (all of them for a rank-0 source).
    SmallVector<OpFoldResult> outputShape =
        getAsIndexOpFoldResult(b.getContext(), shape);
    for (auto [s, group] : llvm::enumerate(groups)) {
      int64_t others = 1;
      for (int64_t d : group)
        if (!resultType.isDynamicDim(d))
          others *= resultType.getDimSize(d);
      for (int64_t d : group) {
        if (!resultType.isDynamicDim(d))
          continue;
        if (!sourceType.isDynamicDim(s)) {
          shape[d] = sourceType.getDimSize(s) / others;
          outputShape[d] = b.getIndexAttr(shape[d]);
          continue;
        }
        Value size = getValueOrCreateConstantIndexOp(b, loc, sourceDims[s]);
        if (others != 1)
          size = arith::DivUIOp::create(
              b, loc, size, arith::ConstantIndexOp::create(b, loc, others));
        outputShape[d] = size;
      }
    }
    auto type = RankedTensorType::get(shape, resultType.getElementType());
    return tensor::ExpandShapeOp::create(b, loc, type, operand, groups,
                                         outputShape);
  }

  /// tensor.reshape to `resultType`; its dynamic size (at most one) is the
  /// element count divided by the product of the static sizes.
  static Value reshape(OpBuilder &b, Location loc, Value operand,
                       RankedTensorType resultType) {
    int64_t known = 1;
    for (int64_t size : resultType.getShape())
      if (!ShapedType::isDynamic(size))
        known *= size;
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < resultType.getRank(); ++d) {
      if (!resultType.isDynamicDim(d)) {
        sizes.push_back(
            arith::ConstantIndexOp::create(b, loc, resultType.getDimSize(d)));
        continue;
      }
      // A static product of 0 leaves the size undetermined: the program is
      // wrong and rejected at run time; 0 avoids a division by zero.
      if (known == 0) {
        sizes.push_back(arith::ConstantIndexOp::create(b, loc, 0));
        continue;
      }
      // The element count: its static part folded, times the dynamic
      // sizes (there is one at least: a static operand resolved the size).
      auto operandType = cast<RankedTensorType>(operand.getType());
      int64_t staticCount = 1;
      Value count;
      for (int64_t i = 0; i < operandType.getRank(); ++i) {
        if (!operandType.isDynamicDim(i)) {
          staticCount *= operandType.getDimSize(i);
          continue;
        }
        Value size = tensor::DimOp::create(b, loc, operand, i);
        count = count ? arith::MulIOp::create(b, loc, count, size) : size;
      }
      if (!count)
        count = arith::ConstantIndexOp::create(b, loc, staticCount);
      else if (staticCount != 1)
        count = arith::MulIOp::create(
            b, loc, count, arith::ConstantIndexOp::create(b, loc, staticCount));
      if (known != 1)
        count = arith::DivUIOp::create(
            b, loc, count, arith::ConstantIndexOp::create(b, loc, known));
      sizes.push_back(count);
    }
    auto shapeType = RankedTensorType::get({static_cast<int64_t>(sizes.size())},
                                           b.getIndexType());
    Value shape = tensor::FromElementsOp::create(b, loc, shapeType, sizes);
    return tensor::ReshapeOp::create(b, loc, resultType, operand, shape);
  }
};

//===----------------------------------------------------------------------===//
// nn.transpose
//===----------------------------------------------------------------------===//

/// nn.transpose: linalg.transpose into a tensor of the permuted sizes.
struct TransposeLowering : public OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value operand = adaptor.getOperand();
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> perm = op.getPerm();
    SmallVector<OpFoldResult> dims = getDims(rewriter, loc, operand);
    SmallVector<OpFoldResult> permuted = resultDims(
        rewriter, resultType, [&](int64_t d) { return dims[perm[d]]; });
    Value init = createEmpty(rewriter, loc, resultType, permuted);
    auto transpose =
        linalg::TransposeOp::create(rewriter, loc, operand, init, perm);
    rewriter.replaceOp(op, transpose.getResult()[0]);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.concat
//===----------------------------------------------------------------------===//

/// nn.concat: a tensor.empty of the result, then one tensor.insert_slice per
/// input at the running offset along the axis.
struct ConcatLowering : public OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange inputs = adaptor.getInputs();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (inputs.size() == 1) {
      rewriter.replaceOp(op, castTo(rewriter, loc, inputs[0], resultType));
      return success();
    }
    int64_t rank = resultType.getRank();
    int64_t axis = op.getAxisAttr().getInt();
    if (axis < 0)
      axis += rank;

    SmallVector<SmallVector<OpFoldResult>> inputDims;
    for (Value input : inputs)
      inputDims.push_back(getDims(rewriter, loc, input));
    SmallVector<OpFoldResult> dims =
        resultDims(rewriter, resultType, [&](int64_t d) -> OpFoldResult {
          if (d != axis)
            return inputDims.front()[d];
          OpFoldResult total = rewriter.getIndexAttr(0);
          for (ArrayRef<OpFoldResult> sizes : inputDims)
            total = addSizes(rewriter, loc, total, sizes[axis]);
          return total;
        });

    Value result = createEmpty(rewriter, loc, resultType, dims);
    OpFoldResult offset = rewriter.getIndexAttr(0);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    for (auto [i, input] : llvm::enumerate(inputs)) {
      ArrayRef<OpFoldResult> sizes = inputDims[i];
      if (i != 0)
        offset = addSizes(rewriter, loc, offset, inputDims[i - 1][axis]);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = offset;
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.slice
//===----------------------------------------------------------------------===//

/// nn.slice: tensor.extract_slice with offsets `start`, the (static) result
/// sizes and `strides`.
struct SliceLowering : public OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (!resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "expected a static result shape");
    SmallVector<OpFoldResult> offsets =
        getAsIndexOpFoldResult(rewriter.getContext(), op.getStart());
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(rewriter.getContext(), resultType.getShape());
    SmallVector<OpFoldResult> strides =
        getAsIndexOpFoldResult(rewriter.getContext(), op.getEffectiveStrides());
    Value slice = tensor::ExtractSliceOp::create(
        rewriter, loc, adaptor.getOperand(), offsets, sizes, strides);
    rewriter.replaceOp(op, castTo(rewriter, loc, slice, resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.pad
//===----------------------------------------------------------------------===//

/// The padding value as an attribute of `type`, converted as the reference
/// stores a double into a tensor: floats round to nearest even; integers
/// truncate toward zero, saturate, and take 0 for NaN; i1 is `value != 0`.
TypedAttr padValueAttr(OpBuilder &b, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.getFloatAttr(floatType, value);
  unsigned width = type.getIntOrFloatBitWidth();
  if (width == 1)
    return b.getIntegerAttr(type, APInt(1, value != 0.0 ? 1 : 0));
  int64_t result;
  if (std::isnan(value))
    result = 0;
  else if (width == 32)
    result = static_cast<int64_t>(std::clamp(
        value, static_cast<double>(INT32_MIN), static_cast<double>(INT32_MAX)));
  else if (value >= 9.2233720368547758e18)
    result = INT64_MAX;
  else if (value <= -9.2233720368547758e18)
    result = INT64_MIN;
  else
    result = static_cast<int64_t>(value);
  return b.getIntegerAttr(type, APInt(width, result, /*isSigned=*/true));
}

/// nn.pad: a tensor of the result sizes filled with `value`, with the
/// operand inserted at offsets `low` and strides `interior + 1`.
struct PadLowering : public OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value operand = adaptor.getOperand();
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> low = op.getLow();
    ArrayRef<int64_t> high = op.getHigh();
    SmallVector<int64_t> interior = op.getEffectiveInterior();
    SmallVector<OpFoldResult> sizes = getDims(rewriter, loc, operand);

    // A dynamic size pads to size + low + high + interior * (size - 1),
    // where an empty dimension has no gaps.
    SmallVector<OpFoldResult> dims =
        resultDims(rewriter, resultType, [&](int64_t d) -> OpFoldResult {
          OpFoldResult padded = addSizes(
              rewriter, loc, sizes[d], rewriter.getIndexAttr(low[d] + high[d]));
          if (interior[d] == 0)
            return padded;
          Value size = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[d]);
          Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
          Value gaps = arith::SubIOp::create(
              rewriter, loc, arith::MaxSIOp::create(rewriter, loc, size, one),
              one);
          if (interior[d] != 1)
            gaps = arith::MulIOp::create(
                rewriter, loc, gaps,
                arith::ConstantIndexOp::create(rewriter, loc, interior[d]));
          return addSizes(rewriter, loc, padded, gaps);
        });

    Value filled =
        createFilled(rewriter, loc, resultType, dims,
                     padValueAttr(rewriter, resultType.getElementType(),
                                  op.getValue().convertToDouble()));
    SmallVector<OpFoldResult> offsets =
        getAsIndexOpFoldResult(rewriter.getContext(), low);
    SmallVector<OpFoldResult> strides;
    for (int64_t gap : interior)
      strides.push_back(rewriter.getIndexAttr(gap + 1));
    Value result = tensor::InsertSliceOp::create(rewriter, loc, operand, filled,
                                                 offsets, sizes, strides);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void nn::populateShapeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReshapeLowering, TransposeLowering, ConcatLowering,
               SliceLowering, PadLowering>(patterns.getContext());
}
