//===- Utils.cpp - Helpers of the nn-to-linalg patterns -------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

namespace nn::conversion {

SmallVector<OpFoldResult> getDims(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> dims;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (type.isDynamicDim(d))
      dims.push_back(tensor::DimOp::create(b, loc, value, d).getResult());
    else
      dims.push_back(b.getIndexAttr(type.getDimSize(d)));
  }
  return dims;
}

SmallVector<Value> getDynamicSizes(OpBuilder &b, Location loc,
                                   RankedTensorType type,
                                   ArrayRef<OpFoldResult> dims) {
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(getValueOrCreateConstantIndexOp(b, loc, dims[d]));
  return sizes;
}

Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<OpFoldResult> dims) {
  return tensor::EmptyOp::create(b, loc, type,
                                 getDynamicSizes(b, loc, type, dims));
}

TypedAttr scalarAttr(OpBuilder &b, Type elementType, double value) {
  if (isa<FloatType>(elementType))
    return b.getFloatAttr(elementType, value);
  return b.getIntegerAttr(elementType, static_cast<int64_t>(value));
}

Value scalarConstant(OpBuilder &b, Location loc, Type elementType,
                     double value) {
  return arith::ConstantOp::create(b, loc, scalarAttr(b, elementType, value));
}

Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   ArrayRef<OpFoldResult> dims, TypedAttr value) {
  Value empty = createEmpty(b, loc, type, dims);
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

AffineMap broadcastMap(RankedTensorType operand, RankedTensorType result) {
  MLIRContext *context = result.getContext();
  int64_t offset = result.getRank() - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < operand.getRank(); ++d) {
    bool stretched =
        operand.getDimSize(d) == 1 && result.getDimSize(offset + d) != 1;
    exprs.push_back(stretched ? getAffineConstantExpr(0, context)
                              : getAffineDimExpr(offset + d, context));
  }
  return AffineMap::get(result.getRank(), 0, exprs, context);
}

SmallVector<OpFoldResult> broadcastDims(OpBuilder &b, Location loc,
                                        ValueRange operands,
                                        RankedTensorType result) {
  SmallVector<OpFoldResult> dims;
  for (int64_t d = 0; d < result.getRank(); ++d) {
    if (!result.isDynamicDim(d)) {
      dims.push_back(b.getIndexAttr(result.getDimSize(d)));
      continue;
    }
    OpFoldResult size;
    for (Value operand : operands) {
      auto type = cast<RankedTensorType>(operand.getType());
      int64_t od = d - (result.getRank() - type.getRank());
      if (od < 0 || type.getDimSize(od) == 1)
        continue;
      size = tensor::DimOp::create(b, loc, operand, od).getResult();
      break;
    }
    // Every operand has size 1 (or none) here: the result has size 1.
    dims.push_back(size ? size : b.getIndexAttr(1));
  }
  return dims;
}

Value buildElementwise(
    OpBuilder &b, Location loc, RankedTensorType result,
    ArrayRef<OpFoldResult> dims, ValueRange inputs,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = createEmpty(b, loc, result, dims);
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        broadcastMap(cast<RankedTensorType>(input.getType()), result));
  maps.push_back(b.getMultiDimIdentityMap(result.getRank()));
  SmallVector<utils::IteratorType> iterators(result.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{result}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value value = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, value);
      });
  return generic.getResult(0);
}

} // namespace nn::conversion
