//===- NNOps.cpp - Operations of the nn dialect ---------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Type inference, verifiers and folders. Shape rules are in
// ShapeInference.cpp; this file adapts them to the ops. Type inference runs
// while the custom form is parsed, before the ODS constraints are checked, so
// it must cope with any operand type and with missing attributes.
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNOps.h"
#include "nn/IR/Diagnostics.h"
#include "nn/IR/ShapeInference.h"
#include "nn/Support/Sizes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace nn;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The ranked tensor type of `value`, or an error naming the operand.
static FailureOr<RankedTensorType> getTensorType(const ShapeErrorEmitter &error,
                                                 Value value, StringRef name) {
  if (!value)
    return error("is missing its ", name);
  if (auto type = dyn_cast<RankedTensorType>(value.getType()))
    return type;
  return error(name, " must be a ranked tensor, but has type ",
               value.getType());
}

/// Infers the result of an op with one tensor operand: the operand's element
/// type, and the shape that `rule` derives from the operand's shape.
static LogicalResult
inferFromOperand(const ShapeErrorEmitter &error, Value value, StringRef name,
                 function_ref<FailureOr<Shape>(ArrayRef<int64_t>)> rule,
                 SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> operand = getTensorType(error, value, name);
  if (failed(operand))
    return failure();
  FailureOr<Shape> shape = rule(operand->getShape());
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, operand->getElementType()));
  return success();
}

/// Checks that two operands share an element type.
static LogicalResult checkSameElementType(const ShapeErrorEmitter &error,
                                          RankedTensorType lhs,
                                          StringRef lhsName,
                                          RankedTensorType rhs,
                                          StringRef rhsName) {
  if (lhs.getElementType() == rhs.getElementType())
    return success();
  return error(lhsName, " has element type ", lhs.getElementType(), " but ",
               rhsName, " has ", rhs.getElementType(), "; they must be equal");
}

/// Looks up a required attribute that type inference needs.
template <typename AttrTy>
static FailureOr<AttrTy> requireAttr(const ShapeErrorEmitter &error,
                                     AttrTy attr, StringRef name) {
  if (!attr)
    return error("requires attribute '", name, "'");
  return attr;
}

/// An inherent attribute seen by type inference. While the custom form is
/// parsed, inherent attributes are still in the attribute dictionary, not in
/// the properties, and defaults are not filled in: look in both, and let the
/// caller apply the default.
template <typename AttrTy, typename AdaptorTy>
static AttrTy lookupAttr(AdaptorTy &adaptor, AttrTy fromProperties,
                         StringRef name) {
  if (fromProperties)
    return fromProperties;
  if (DictionaryAttr attrs = adaptor.getAttributes())
    return attrs.getAs<AttrTy>(name);
  return nullptr;
}
#define NN_ATTR(adaptor, Name, name)                                           \
  lookupAttr(adaptor, adaptor.get##Name##Attr(), name)

static constexpr int64_t kOnes[] = {1, 1};
static constexpr int64_t kZeros[] = {0, 0, 0, 0};

static ArrayRef<int64_t> valueOr(DenseI64ArrayAttr attr,
                                 ArrayRef<int64_t> fallback) {
  return attr ? attr.asArrayRef() : fallback;
}

static bool valueOr(BoolAttr attr, bool fallback) {
  return attr ? attr.getValue() : fallback;
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<ElementsAttr> value =
      requireAttr(error, NN_ATTR(adaptor, Value, "value"), "value");
  if (failed(value))
    return failure();
  auto type = dyn_cast<RankedTensorType>(value->getType());
  if (!type)
    return error("'value' must have a ranked tensor type, but has type ",
                 value->getType());
  types.push_back(type);
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

//===----------------------------------------------------------------------===//
// Broadcasting elementwise ops
//===----------------------------------------------------------------------===//

/// Infers the broadcast result of elementwise operands. `sameTypeFrom` is
/// the index of the first operand whose element type the rest (from there
/// on) must share; the result takes that element type unless `resultElement`
/// is given.
static LogicalResult
inferBroadcasting(const ShapeErrorEmitter &error, ValueRange operands,
                  ArrayRef<StringRef> names, unsigned sameTypeFrom,
                  Type resultElement, SmallVectorImpl<Type> &types) {
  if (operands.size() != names.size())
    return error("expects ", names.size(), " operands, but has ",
                 operands.size());
  SmallVector<RankedTensorType> tensors;
  SmallVector<ArrayRef<int64_t>> shapes;
  for (auto [value, name] : llvm::zip(operands, names)) {
    FailureOr<RankedTensorType> type = getTensorType(error, value, name);
    if (failed(type))
      return failure();
    tensors.push_back(*type);
    shapes.push_back(type->getShape());
  }
  for (unsigned i = sameTypeFrom + 1; i < tensors.size(); ++i)
    if (failed(checkSameElementType(error, tensors[sameTypeFrom],
                                    names[sameTypeFrom], tensors[i], names[i])))
      return failure();
  FailureOr<Shape> shape = inferBroadcastShape(error, shapes, names);
  if (failed(shape))
    return failure();
  Type element =
      resultElement ? resultElement : tensors[sameTypeFrom].getElementType();
  types.push_back(RankedTensorType::get(*shape, element));
  return success();
}

#define NN_DEFINE_BINARY_INFERENCE(OpTy)                                       \
  LogicalResult OpTy::inferReturnTypes(                                        \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &types) {                                          \
    ShapeErrorEmitter error(loc, getOperationName());                          \
    return inferBroadcasting(error, adaptor.getOperands(), {"lhs", "rhs"}, 0,  \
                             Type(), types);                                   \
  }
NN_DEFINE_BINARY_INFERENCE(AddOp)
NN_DEFINE_BINARY_INFERENCE(SubOp)
NN_DEFINE_BINARY_INFERENCE(MulOp)
NN_DEFINE_BINARY_INFERENCE(DivOp)
NN_DEFINE_BINARY_INFERENCE(PowOp)
NN_DEFINE_BINARY_INFERENCE(MaximumOp)
NN_DEFINE_BINARY_INFERENCE(MinimumOp)
#undef NN_DEFINE_BINARY_INFERENCE

/// The splat value of a constant `attr`, if it is one.
static std::optional<APFloat> splatFloat(Attribute attr) {
  auto dense = dyn_cast_if_present<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat() || !isa<FloatType>(dense.getElementType()))
    return std::nullopt;
  return dense.getSplatValue<APFloat>();
}

static std::optional<APInt> splatInt(Attribute attr) {
  auto dense = dyn_cast_if_present<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat() || !dense.getElementType().isInteger())
    return std::nullopt;
  return dense.getSplatValue<APInt>();
}

/// Whether `rhs` is a splat of `value` (exactly, in its own type), so that
/// `lhs op rhs` is `lhs` bit for bit. For floats the identities are chosen
/// to be exact also for -0, NaN and infinities: x + (-0), x - (+0), x * 1,
/// x / 1, x ^ 1.
static bool isSplatOf(Attribute rhs, double value) {
  if (std::optional<APFloat> f = splatFloat(rhs)) {
    APFloat expected(value);
    bool losesInfo = false;
    expected.convert(f->getSemantics(), APFloat::rmNearestTiesToEven,
                     &losesInfo);
    return f->bitwiseIsEqual(expected);
  }
  if (std::optional<APInt> i = splatInt(rhs))
    return i->getSExtValue() == static_cast<int64_t>(value);
  return false;
}

/// Folds `lhs op rhs` to `lhs` when `rhs` is the identity and broadcasting
/// does not change the shape.
template <typename BinaryOp>
static OpFoldResult foldRightIdentity(BinaryOp op, Attribute rhs,
                                      double floatIdentity,
                                      double intIdentity) {
  if (op.getLhs().getType() != op.getType())
    return {};
  bool isFloat = isa<FloatType>(op.getType().getElementType());
  if (isSplatOf(rhs, isFloat ? floatIdentity : intIdentity))
    return op.getLhs();
  return {};
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + (-0) is x for every x; x + (+0) turns -0 into +0.
  return foldRightIdentity(*this, adaptor.getRhs(), -0.0, 0);
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(*this, adaptor.getRhs(), 0.0, 0);
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(*this, adaptor.getRhs(), 1.0, 1);
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(*this, adaptor.getRhs(), 1.0, 1);
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(*this, adaptor.getRhs(), 1.0, 1);
}

OpFoldResult MaximumOp::fold(FoldAdaptor) {
  if (getLhs() == getRhs())
    return getLhs();
  return {};
}

OpFoldResult MinimumOp::fold(FoldAdaptor) {
  if (getLhs() == getRhs())
    return getLhs();
  return {};
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  Value chosen;
  if (getOnTrue() == getOnFalse())
    chosen = getOnTrue();
  else if (std::optional<APInt> cond = splatInt(adaptor.getCond()))
    chosen = cond->isZero() ? getOnFalse() : getOnTrue();
  // The choice is only the result when nothing was broadcast to it.
  if (chosen && chosen.getType() == getType())
    return chosen;
  return {};
}

static bool isValidDirection(StringRef direction) {
  return llvm::is_contained({"eq", "ne", "lt", "le", "gt", "ge"}, direction);
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<StringAttr> direction =
      requireAttr(error, NN_ATTR(adaptor, Direction, "direction"), "direction");
  if (failed(direction))
    return failure();
  if (!isValidDirection(direction->getValue()))
    return error("'direction' is \"", direction->getValue(),
                 "\" but must be one of eq, ne, lt, le, gt, ge");
  return inferBroadcasting(error, adaptor.getOperands(), {"lhs", "rhs"}, 0,
                           IntegerType::get(context, 1), types);
}

static ParseResult parseDirection(OpAsmParser &parser, StringAttr &direction) {
  std::string text;
  if (succeeded(parser.parseOptionalString(&text))) {
    direction = parser.getBuilder().getStringAttr(text);
    return success();
  }
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  direction = parser.getBuilder().getStringAttr(keyword);
  return success();
}

static void printDirection(OpAsmPrinter &printer, CompareOp,
                           StringAttr direction) {
  if (isValidDirection(direction.getValue()))
    printer << direction.getValue();
  else
    printer.printAttributeWithoutType(direction);
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  return inferBroadcasting(error, adaptor.getOperands(),
                           {"cond", "on_true", "on_false"}, 1, Type(), types);
}

//===----------------------------------------------------------------------===//
// CastOp
//===----------------------------------------------------------------------===//

LogicalResult CastOp::verify() {
  // Exactly the operand's shape: a cast cannot make a dynamic size static.
  if (getOperand().getType().getShape() != getType().getShape())
    return emitOpError("result shape ")
           << formatShape(getType().getShape())
           << " must equal the operand shape "
           << formatShape(getOperand().getType().getShape());
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return {};
}

//===----------------------------------------------------------------------===//
// MatmulOp, Conv2DOp, pooling
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<RankedTensorType> lhs =
      getTensorType(error, adaptor.getLhs(), "lhs");
  if (failed(lhs))
    return failure();
  FailureOr<RankedTensorType> rhs =
      getTensorType(error, adaptor.getRhs(), "rhs");
  if (failed(rhs) ||
      failed(checkSameElementType(error, *lhs, "lhs", *rhs, "rhs")))
    return failure();
  FailureOr<Shape> shape = inferMatmulShape(
      error, lhs->getShape(), rhs->getShape(),
      valueOr(NN_ATTR(adaptor, TransposeLhs, "transpose_lhs"), false),
      valueOr(NN_ATTR(adaptor, TransposeRhs, "transpose_rhs"), false));
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, lhs->getElementType()));
  return success();
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<RankedTensorType> input =
      getTensorType(error, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> filter =
      getTensorType(error, adaptor.getFilter(), "filter");
  if (failed(filter) ||
      failed(checkSameElementType(error, *input, "input", *filter, "filter")))
    return failure();
  FailureOr<Shape> shape =
      inferConv2DShape(error, input->getShape(), filter->getShape(),
                       valueOr(NN_ATTR(adaptor, Strides, "strides"), kOnes),
                       valueOr(NN_ATTR(adaptor, Dilations, "dilations"), kOnes),
                       valueOr(NN_ATTR(adaptor, Padding, "padding"), kZeros));
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, input->getElementType()));
  return success();
}

std::optional<int64_t> MatmulOp::getMultiplyAddsPerElement() {
  ArrayRef<int64_t> lhs = getLhs().getType().getShape();
  int64_t k = getTransposeLhs() ? lhs.drop_back().back() : lhs.back();
  if (ShapedType::isDynamic(k))
    return std::nullopt;
  return k;
}

std::optional<int64_t> Conv2DOp::getMultiplyAddsPerElement() {
  // A window of KH x KW x C inputs per output element.
  return getElementCount(getFilter().getType().getShape().take_front(3));
}

template <typename PoolOp>
static LogicalResult inferPool(std::optional<Location> loc,
                               typename PoolOp::Adaptor adaptor,
                               SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, PoolOp::getOperationName());
  FailureOr<DenseI64ArrayAttr> window =
      requireAttr(error, NN_ATTR(adaptor, Window, "window"), "window");
  if (failed(window))
    return failure();
  return inferFromOperand(
      error, adaptor.getInput(), "input",
      [&](ArrayRef<int64_t> input) {
        return inferPool2DShape(
            error, input, window->asArrayRef(),
            valueOr(NN_ATTR(adaptor, Strides, "strides"), window->asArrayRef()),
            valueOr(NN_ATTR(adaptor, Padding, "padding"), kZeros));
      },
      types);
}

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool<MaxPool2DOp>(loc, adaptor, types);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool<AvgPool2DOp>(loc, adaptor, types);
}

//===----------------------------------------------------------------------===//
// Reductions, argmax, softmax
//===----------------------------------------------------------------------===//

template <typename ReduceOp>
static LogicalResult inferReduce(std::optional<Location> loc,
                                 typename ReduceOp::Adaptor adaptor,
                                 SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, ReduceOp::getOperationName());
  return inferFromOperand(
      error, adaptor.getOperand(), "operand",
      [&](ArrayRef<int64_t> operand) {
        return inferReduceShape(
            error, operand, valueOr(NN_ATTR(adaptor, Axes, "axes"), {}),
            valueOr(NN_ATTR(adaptor, KeepDims, "keep_dims"), false));
      },
      types);
}

#define NN_DEFINE_REDUCE_INFERENCE(OpTy)                                       \
  LogicalResult OpTy::inferReturnTypes(                                        \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &types) {                                          \
    return inferReduce<OpTy>(loc, adaptor, types);                             \
  }
NN_DEFINE_REDUCE_INFERENCE(ReduceSumOp)
NN_DEFINE_REDUCE_INFERENCE(ReduceMeanOp)
NN_DEFINE_REDUCE_INFERENCE(ReduceMaxOp)
NN_DEFINE_REDUCE_INFERENCE(ReduceMinOp)
#undef NN_DEFINE_REDUCE_INFERENCE

LogicalResult ArgmaxOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<RankedTensorType> operand =
      getTensorType(error, adaptor.getOperand(), "operand");
  if (failed(operand))
    return failure();
  FailureOr<IntegerAttr> axis =
      requireAttr(error, NN_ATTR(adaptor, Axis, "axis"), "axis");
  if (failed(axis))
    return failure();
  int64_t axisValue = axis->getValue().getSExtValue();
  FailureOr<int64_t> normalized =
      normalizeAxis(error, axisValue, operand->getRank());
  if (failed(normalized))
    return failure();
  FailureOr<Shape> shape =
      inferReduceShape(error, operand->getShape(), {axisValue},
                       valueOr(NN_ATTR(adaptor, KeepDims, "keep_dims"), false));
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, IntegerType::get(context, 64)));
  return success();
}

template <typename SoftmaxOp> static LogicalResult verifySoftmax(SoftmaxOp op) {
  ShapeErrorEmitter error(op.getLoc(), op.getOperationName());
  // I64Attr getters return uint64_t; getInt() keeps the sign.
  return normalizeAxis(error, op.getAxisAttr().getInt(),
                       op.getOperand().getType().getRank());
}

LogicalResult SoftmaxOp::verify() { return verifySoftmax(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmax(*this); }

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

/// Checks that the result has the operand's element type.
static LogicalResult verifySameElementType(Operation *op, Type operand,
                                           Type result) {
  Type operandElement = getElementTypeOrSelf(operand);
  Type resultElement = getElementTypeOrSelf(result);
  if (operandElement == resultElement)
    return success();
  return op->emitOpError("operand element type ")
         << operandElement << " differs from result element type "
         << resultElement;
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifySameElementType(*this, getOperand().getType(), getType())))
    return failure();
  ShapeErrorEmitter error(getLoc(), getOperationName());
  return verifyReshape(error, getOperand().getType().getShape(),
                       getType().getShape());
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  // reshape(reshape(x)) is reshape(x): only the row-major order matters.
  // Skipped when the direct reshape would not verify, which happens only
  // for programs that fail at run time anyway; that error stays there.
  if (auto inner = getOperand().getDefiningOp<ReshapeOp>()) {
    ShapeErrorEmitter silent(std::nullopt, getOperationName());
    if (succeeded(verifyReshape(silent, inner.getOperand().getType().getShape(),
                                getType().getShape()))) {
      getOperandMutable().assign(inner.getOperand());
      return getResult();
    }
  }
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getOperand()))
    if (getType().hasStaticShape())
      return dense.reshape(getType());
  return {};
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<DenseI64ArrayAttr> perm =
      requireAttr(error, NN_ATTR(adaptor, Perm, "perm"), "perm");
  if (failed(perm))
    return failure();
  return inferFromOperand(
      error, adaptor.getOperand(), "operand",
      [&](ArrayRef<int64_t> operand) {
        return inferTransposeShape(error, operand, perm->asArrayRef());
      },
      types);
}

static bool isIdentityPermutation(ArrayRef<int64_t> perm) {
  for (auto [i, p] : llvm::enumerate(perm))
    if (p != static_cast<int64_t>(i))
      return false;
  return true;
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  if (isIdentityPermutation(getPerm()))
    return getOperand();
  // A splat at any size: constant folding in general stops at
  // kMaxFoldedElements, and linalg's folds the transpose element by element.
  if (auto splat = dyn_cast_if_present<SplatElementsAttr>(adaptor.getOperand()))
    if (getType().hasStaticShape())
      return SplatElementsAttr::get(getType(),
                                    splat.getSplatValue<Attribute>());
  // transpose(transpose(x, p), q) is transpose(x, p o q).
  if (auto inner = getOperand().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t p : getPerm())
      composed.push_back(inner.getPerm()[p]);
    if (isIdentityPermutation(composed))
      return inner.getOperand();
    getOperandMutable().assign(inner.getOperand());
    setPerm(composed);
    return getResult();
  }
  return {};
}

LogicalResult BroadcastToOp::verify() {
  if (failed(verifySameElementType(*this, getOperand().getType(), getType())))
    return failure();
  ShapeErrorEmitter error(getLoc(), getOperationName());
  return verifyBroadcastTo(error, getOperand().getType().getShape(),
                           getType().getShape());
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  if (auto splat = dyn_cast_if_present<SplatElementsAttr>(adaptor.getOperand()))
    if (getType().hasStaticShape())
      return SplatElementsAttr::get(getType(),
                                    splat.getSplatValue<Attribute>());
  return {};
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<IntegerAttr> axis =
      requireAttr(error, NN_ATTR(adaptor, Axis, "axis"), "axis");
  if (failed(axis))
    return failure();
  SmallVector<RankedTensorType> inputs;
  SmallVector<ArrayRef<int64_t>> shapes;
  for (auto [i, value] : llvm::enumerate(adaptor.getInputs())) {
    std::string name = "input " + std::to_string(i);
    FailureOr<RankedTensorType> type = getTensorType(error, value, name);
    if (failed(type))
      return failure();
    if (!inputs.empty() && failed(checkSameElementType(error, inputs.front(),
                                                       "input 0", *type, name)))
      return failure();
    inputs.push_back(*type);
    shapes.push_back(type->getShape());
  }
  FailureOr<Shape> shape =
      inferConcatShape(error, shapes, axis->getValue().getSExtValue());
  if (failed(shape))
    return failure();
  types.push_back(
      RankedTensorType::get(*shape, inputs.front().getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  return {};
}

SmallVector<int64_t> SliceOp::getEffectiveStrides() {
  if (auto strides = getStridesAttr())
    return llvm::to_vector(strides.asArrayRef());
  return SmallVector<int64_t>(getStart().size(), 1);
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<DenseI64ArrayAttr> start =
      requireAttr(error, NN_ATTR(adaptor, Start, "start"), "start");
  if (failed(start))
    return failure();
  FailureOr<DenseI64ArrayAttr> limit =
      requireAttr(error, NN_ATTR(adaptor, Limit, "limit"), "limit");
  if (failed(limit))
    return failure();
  DenseI64ArrayAttr strides = NN_ATTR(adaptor, Strides, "strides");
  return inferFromOperand(
      error, adaptor.getOperand(), "operand",
      [&](ArrayRef<int64_t> operand) {
        SmallVector<int64_t> ones(operand.size(), 1);
        return inferSliceShape(error, operand, start->asArrayRef(),
                               limit->asArrayRef(), valueOr(strides, ones));
      },
      types);
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getOperand().getType() != getType())
    return {};
  // Same static type, unit strides, all starts zero: the whole operand.
  if (llvm::all_of(getStart(), [](int64_t s) { return s == 0; }) &&
      llvm::all_of(getEffectiveStrides(), [](int64_t s) { return s == 1; }))
    return getOperand();
  return {};
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  ShapeErrorEmitter error(loc, getOperationName());
  FailureOr<DenseI64ArrayAttr> low =
      requireAttr(error, NN_ATTR(adaptor, Low, "low"), "low");
  if (failed(low))
    return failure();
  FailureOr<DenseI64ArrayAttr> high =
      requireAttr(error, NN_ATTR(adaptor, High, "high"), "high");
  if (failed(high))
    return failure();
  DenseI64ArrayAttr interior = NN_ATTR(adaptor, Interior, "interior");
  return inferFromOperand(
      error, adaptor.getOperand(), "operand",
      [&](ArrayRef<int64_t> operand) {
        SmallVector<int64_t> zeros(operand.size(), 0);
        return inferPadShape(error, operand, low->asArrayRef(),
                             high->asArrayRef(), valueOr(interior, zeros));
      },
      types);
}

SmallVector<int64_t> PadOp::getEffectiveInterior() {
  if (auto interior = getInteriorAttr())
    return llvm::to_vector(interior.asArrayRef());
  return SmallVector<int64_t>(getLow().size(), 0);
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  auto isZero = [](int64_t p) { return p == 0; };
  if (llvm::all_of(getLow(), isZero) && llvm::all_of(getHigh(), isZero) &&
      llvm::all_of(getEffectiveInterior(), isZero))
    return getOperand();
  return {};
}

LogicalResult OneHotOp::verify() {
  int64_t depth = getDepthAttr().getInt();
  if (depth < 0)
    return emitOpError("'depth' is ") << depth << " but must be >= 0";
  Shape expected(getIndices().getType().getShape());
  expected.push_back(depth);
  if (getType().getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result shape ")
           << formatShape(getType().getShape()) << " must be the indices shape "
           << formatShape(getIndices().getType().getShape())
           << " followed by the depth " << depth << ", i.e. "
           << formatShape(expected);
  return success();
}

//===----------------------------------------------------------------------===//
// Random ops
//===----------------------------------------------------------------------===//

template <typename RandomOp>
static LogicalResult verifyDynamicSizes(RandomOp op) {
  ShapeErrorEmitter error(op.getLoc(), op.getOperationName());
  return verifyDynamicSizeCount(error, op.getType(),
                                op.getDynamicSizes().size());
}

LogicalResult RandomUniformOp::verify() {
  if (failed(verifyDynamicSizes(*this)))
    return failure();
  double low = getLow().convertToDouble(), high = getHigh().convertToDouble();
  if (!std::isfinite(low) || !std::isfinite(high) || !(low < high))
    return emitOpError("needs finite bounds with low < high, but low = ")
           << low << " and high = " << high;
  return success();
}

LogicalResult RandomNormalOp::verify() {
  if (failed(verifyDynamicSizes(*this)))
    return failure();
  double mean = getMean().convertToDouble();
  double stddev = getStddev().convertToDouble();
  if (!std::isfinite(mean) || !std::isfinite(stddev) || stddev < 0)
    return emitOpError("needs a finite mean and a finite stddev >= 0, but "
                       "mean = ")
           << mean << " and stddev = " << stddev;
  return success();
}

//===----------------------------------------------------------------------===//
// Gradient building blocks
//===----------------------------------------------------------------------===//

/// Checks that `result` has `like`'s shape and `elementOf`'s element type.
static LogicalResult verifyShapedLike(Operation *op, RankedTensorType result,
                                      RankedTensorType like,
                                      RankedTensorType elementOf) {
  if (result.getShape() != like.getShape() ||
      result.getElementType() != elementOf.getElementType())
    return op->emitOpError("result type ")
           << result << " must have the shape of " << like
           << " and the element type of " << elementOf;
  return success();
}

LogicalResult BroadcastLikeOp::verify() {
  if (failed(verifyShapedLike(*this, getType(), getLike().getType(),
                              getOperand().getType())))
    return failure();
  ShapeErrorEmitter error(getLoc(), getOperationName());
  return verifyBroadcastTo(error, getOperand().getType().getShape(),
                           getLike().getType().getShape());
}

OpFoldResult BroadcastLikeOp::fold(FoldAdaptor) {
  // Only a static shape proves that nothing is broadcast.
  if (getOperand().getType() == getType() && getType().hasStaticShape())
    return getOperand();
  return {};
}

LogicalResult UnbroadcastOp::verify() {
  if (failed(verifyShapedLike(*this, getType(), getLike().getType(),
                              getOperand().getType())))
    return failure();
  ShapeErrorEmitter error(getLoc(), getOperationName());
  return verifyBroadcastTo(error, getLike().getType().getShape(),
                           getOperand().getType().getShape());
}

OpFoldResult UnbroadcastOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType() && getType().hasStaticShape())
    return getOperand();
  return {};
}

template <typename ConvGradOp>
static LogicalResult verifyConvGrad(ConvGradOp op, RankedTensorType like) {
  if (failed(verifyShapedLike(op, op.getType(), like, like)))
    return failure();
  ShapeErrorEmitter error(op.getLoc(), op.getOperationName());
  return verifyGradShape(
      error,
      inferConv2DShape(error, op.getInput().getType().getShape(),
                       op.getFilter().getType().getShape(), op.getStrides(),
                       op.getDilations(), op.getPadding()),
      op.getGrad().getType().getShape());
}

LogicalResult Conv2DInputGradOp::verify() {
  return verifyConvGrad(*this, getInput().getType());
}

LogicalResult Conv2DFilterGradOp::verify() {
  return verifyConvGrad(*this, getFilter().getType());
}

template <typename PoolGradOp>
static LogicalResult verifyPoolGrad(PoolGradOp op) {
  RankedTensorType input = op.getInput().getType();
  if (failed(verifyShapedLike(op, op.getType(), input, input)))
    return failure();
  ShapeErrorEmitter error(op.getLoc(), op.getOperationName());
  return verifyGradShape(
      error,
      inferPool2DShape(error, input.getShape(), op.getWindow(),
                       op.getEffectiveStrides(), op.getPadding()),
      op.getGrad().getType().getShape());
}

LogicalResult MaxPool2DGradOp::verify() { return verifyPoolGrad(*this); }
LogicalResult AvgPool2DGradOp::verify() { return verifyPoolGrad(*this); }

//===----------------------------------------------------------------------===//
// FusionOp
//===----------------------------------------------------------------------===//

LogicalResult FusionOp::verify() {
  if (!llvm::is_contained({"elementwise", "epilogue", "reduction"}, getKind()))
    return emitOpError("'kind' is \"")
           << getKind()
           << "\" but must be one of elementwise, epilogue, reduction";
  Block &body = getBody().front();
  if (body.getArgumentTypes() != getInputs().getTypes())
    return emitOpError("body arguments must have the types of the inputs");
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("body must end with nn.yield");
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().getTypes() << " but the results are "
           << getResultTypes();
  return success();
}

namespace {
/// Forwards results that yield an input unchanged, and drops unused results
/// and inputs; a fusion left without ops disappears.
struct SimplifyFusion : public OpRewritePattern<FusionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FusionOp op,
                                PatternRewriter &rewriter) const override {
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    bool changed = false;
    SmallVector<unsigned> keptResults;
    for (auto [i, value] : llvm::enumerate(yield.getValues())) {
      Value result = op.getResult(i);
      if (auto arg = dyn_cast<BlockArgument>(value)) {
        if (!result.use_empty()) {
          rewriter.replaceAllUsesWith(result,
                                      op.getInputs()[arg.getArgNumber()]);
          changed = true;
        }
        continue;
      }
      if (result.use_empty())
        continue;
      keptResults.push_back(i);
    }
    if (keptResults.size() == op.getNumResults() && !changed &&
        llvm::all_of(body.getArguments(),
                     [](BlockArgument arg) { return !arg.use_empty(); }))
      return failure();
    if (keptResults.empty()) {
      rewriter.eraseOp(op);
      return success();
    }
    // Rebuild with the kept results and the inputs the body still reads.
    SmallVector<Value> yielded, inputs;
    SmallVector<Type> resultTypes;
    for (unsigned i : keptResults) {
      yielded.push_back(yield.getValues()[i]);
      resultTypes.push_back(op.getResult(i).getType());
    }
    rewriter.setInsertionPoint(yield);
    rewriter.replaceOpWithNewOp<YieldOp>(yield, yielded);
    llvm::BitVector dead(body.getNumArguments());
    for (BlockArgument arg : body.getArguments()) {
      if (arg.use_empty())
        dead.set(arg.getArgNumber());
      else
        inputs.push_back(op.getInputs()[arg.getArgNumber()]);
    }
    body.eraseArguments(dead);
    rewriter.setInsertionPoint(op);
    auto fused = FusionOp::create(rewriter, op.getLoc(), resultTypes, inputs,
                                  op.getKindAttr());
    fused.getBody().takeBody(op.getBody());
    for (auto [i, index] : llvm::enumerate(keptResults))
      rewriter.replaceAllUsesWith(op.getResult(index), fused.getResult(i));
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void FusionOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<SimplifyFusion>(context);
}

//===----------------------------------------------------------------------===//
// CondOp, WhileOp, ForOp
//===----------------------------------------------------------------------===//

/// Checks that `region` (named `name`; SizedRegion<1> has checked it has
/// one block) takes `arguments` and ends with an nn.yield of `yielded`.
static LogicalResult verifyControlRegion(Operation *op, Region &region,
                                         StringRef name, TypeRange arguments,
                                         TypeRange yielded) {
  Block &block = region.front();
  if (block.getArgumentTypes() != arguments)
    return op->emitOpError()
           << name << " arguments have types "
           << formatTypes(block.getArgumentTypes()) << " but must have types "
           << formatTypes(arguments);
  // A region of an unverified op may lack a terminator altogether.
  auto yield =
      dyn_cast_if_present<YieldOp>(block.empty() ? nullptr : &block.back());
  if (!yield)
    return op->emitOpError() << name << " must end with nn.yield";
  if (yield.getValues().getTypes() != yielded)
    return op->emitOpError()
           << name << " yields " << formatTypes(yield.getValues().getTypes())
           << " but must yield " << formatTypes(yielded);
  return success();
}

/// Loop-carried types are invariant: the results have the types of inits.
static LogicalResult verifyCarriedTypes(Operation *op, ValueRange inits) {
  if (op->getResultTypes() != inits.getTypes())
    return op->emitOpError()
           << "results have types " << formatTypes(op->getResultTypes())
           << " but the loop-carried inits have types "
           << formatTypes(inits.getTypes());
  return success();
}

LogicalResult CondOp::verifyRegions() {
  TypeRange inputs = getInputs().getTypes();
  TypeRange results = getResultTypes();
  if (failed(verifyControlRegion(*this, getThenRegion(), "then_region", inputs,
                                 results)))
    return failure();
  return verifyControlRegion(*this, getElseRegion(), "else_region", inputs,
                             results);
}

LogicalResult WhileOp::verifyRegions() {
  if (failed(verifyCarriedTypes(*this, getInits())))
    return failure();
  TypeRange carried = getInits().getTypes();
  Type pred = RankedTensorType::get({}, IntegerType::get(getContext(), 1));
  if (failed(verifyControlRegion(*this, getCondRegion(), "cond_region", carried,
                                 pred)))
    return failure();
  return verifyControlRegion(*this, getBodyRegion(), "body_region", carried,
                             carried);
}

static int64_t signedValue(IntegerAttr attr) {
  return attr ? attr.getInt() : 0;
}
int64_t ForOp::getLowerBound() { return signedValue(getLowerAttr()); }
int64_t ForOp::getUpperBound() { return signedValue(getUpperAttr()); }
int64_t ForOp::getStepSize() { return signedValue(getStepAttr()); }

int64_t ForOp::getInductionValue(int64_t k) {
  return static_cast<int64_t>(static_cast<uint64_t>(getLowerBound()) +
                              static_cast<uint64_t>(k) *
                                  static_cast<uint64_t>(getStepSize()));
}

int64_t ForOp::getTripCount() {
  int64_t lower = getLowerBound(), upper = getUpperBound(),
          step = getStepSize();
  if (step <= 0 || upper <= lower)
    return 0;
  // In unsigned arithmetic: upper - lower may not fit in int64_t.
  uint64_t span = static_cast<uint64_t>(upper) - static_cast<uint64_t>(lower);
  return static_cast<int64_t>((span - 1) / static_cast<uint64_t>(step) + 1);
}

LogicalResult ForOp::verifyRegions() {
  if (getStepSize() <= 0)
    return emitOpError("'step' is ")
           << getStepSize() << " but must be positive";
  if (failed(verifyCarriedTypes(*this, getInits())))
    return failure();
  SmallVector<Type> arguments = {
      RankedTensorType::get({}, IntegerType::get(getContext(), 64))};
  llvm::append_range(arguments, getInits().getTypes());
  return verifyControlRegion(*this, getBody(), "body", arguments,
                             getInits().getTypes());
}

namespace {
/// Replaces `op` by the ops of `block`, whose arguments become `arguments`
/// and whose nn.yield gives the results.
void inlineRegionOp(PatternRewriter &rewriter, Operation *op, Block &block,
                    ValueRange arguments) {
  auto yield = cast<YieldOp>(block.getTerminator());
  SmallVector<Value> results(yield.getValues());
  rewriter.eraseOp(yield);
  rewriter.inlineBlockBefore(&block, op, arguments);
  rewriter.replaceOp(op, results);
}

/// A cond on a constant predicate is the branch it takes.
struct InlineConstantCond : public OpRewritePattern<CondOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CondOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr pred;
    if (!matchPattern(op.getPred(), m_Constant(&pred)) ||
        pred.getNumElements() != 1)
      return failure();
    Region &taken =
        pred.getSplatValue<bool>() ? op.getThenRegion() : op.getElseRegion();
    inlineRegionOp(rewriter, op, taken.front(), op.getInputs());
    return success();
  }
};

/// A loop without iterations yields its inits; the body of a loop with one
/// iteration runs once, with the induction value as a constant.
struct InlineShortFor : public OpRewritePattern<ForOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ForOp op,
                                PatternRewriter &rewriter) const override {
    int64_t tripCount = op.getTripCount();
    if (tripCount == 0) {
      rewriter.replaceOp(op, op.getInits());
      return success();
    }
    if (tripCount != 1)
      return failure();
    auto type = RankedTensorType::get({}, rewriter.getI64Type());
    Value iv = ConstantOp::create(
        rewriter, op.getLoc(),
        DenseElementsAttr::get(type,
                               rewriter.getI64IntegerAttr(op.getLowerBound())));
    SmallVector<Value> arguments = {iv};
    llvm::append_range(arguments, op.getInits());
    inlineRegionOp(rewriter, op, op.getBody().front(), arguments);
    return success();
  }
};
} // namespace

void CondOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<InlineConstantCond>(context);
}

void ForOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<InlineShortFor>(context);
}

//===----------------------------------------------------------------------===//
// GradOp, ValueAndGradOp
//===----------------------------------------------------------------------===//

template <typename GradLikeOp>
static SmallVector<int64_t> getWrtOrAll(GradLikeOp op) {
  if (auto wrt = op.getWrtAttr())
    return llvm::to_vector(wrt.asArrayRef());
  return llvm::to_vector(llvm::seq<int64_t>(0, op.getArgs().size()));
}

SmallVector<int64_t> GradOp::getEffectiveWrt() { return getWrtOrAll(*this); }
SmallVector<int64_t> ValueAndGradOp::getEffectiveWrt() {
  return getWrtOrAll(*this);
}

static bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// Shared rules of nn.grad and nn.value_and_grad: the callee, its first
/// result, `wrt`, and the result types (after `numValues` leading values).
template <typename GradLikeOp>
static LogicalResult verifyGradSymbolUses(GradLikeOp op,
                                          SymbolTableCollection &symbols,
                                          unsigned numValues) {
  auto callee = symbols.lookupNearestSymbolFrom<FunctionOpInterface>(
      op, op.getCalleeAttr());
  if (!callee)
    return op.emitOpError("callee '")
           << op.getCallee() << "' does not name a function";
  ArrayRef<Type> inputs = callee.getArgumentTypes();
  ArrayRef<Type> outputs = callee.getResultTypes();
  if (inputs.size() != op.getArgs().size())
    return op.emitOpError("passes ")
           << op.getArgs().size() << " arguments but callee '" << op.getCallee()
           << "' takes " << inputs.size();
  for (auto [i, arg] : llvm::enumerate(op.getArgs()))
    if (arg.getType() != inputs[i])
      return op.emitOpError("argument ")
             << i << " has type " << arg.getType() << " but callee '"
             << op.getCallee() << "' expects " << inputs[i];
  if (outputs.empty())
    return op.emitOpError("callee '")
           << op.getCallee() << "' returns nothing; its first result must be "
           << "a scalar float tensor";
  auto value = dyn_cast<RankedTensorType>(outputs.front());
  if (!value || value.getRank() != 0 || !isa<FloatType>(value.getElementType()))
    return op.emitOpError("callee '")
           << op.getCallee() << "' has first result of type " << outputs.front()
           << "; it must be a scalar float tensor such as tensor<f32>";

  SmallVector<int64_t> wrt = op.getEffectiveWrt();
  SmallVector<bool> seen(inputs.size(), false);
  for (int64_t index : wrt) {
    if (index < 0 || index >= static_cast<int64_t>(inputs.size()))
      return op.emitOpError("'wrt' index ")
             << index << " is out of range for callee '" << op.getCallee()
             << "' with " << inputs.size() << " arguments";
    if (seen[index])
      return op.emitOpError("'wrt' names argument ") << index << " twice";
    seen[index] = true;
    if (!isFloatTensor(inputs[index]))
      return op.emitOpError("'wrt' names argument ")
             << index << " of type " << inputs[index]
             << ", but gradients exist only for float tensors";
  }

  if (op.getHasAux()) {
    if (!numValues)
      return op.emitOpError("'has_aux' needs nn.value_and_grad");
    numValues = outputs.size();
  }
  SmallVector<Type> expected(outputs.take_front(numValues));
  for (int64_t index : wrt)
    expected.push_back(inputs[index]);
  TypeRange results = op.getResultTypes();
  if (results.size() != expected.size())
    return op.emitOpError("has ")
           << results.size() << " results but " << expected.size()
           << " are expected (" << numValues << " value(s) and " << wrt.size()
           << " gradient(s))";
  for (auto [i, type] : llvm::enumerate(results))
    if (type != expected[i])
      return op.emitOpError("result ")
             << i << " has type " << type << " but "
             << (i < numValues ? "the callee's value" : "the gradient")
             << " has type " << expected[i];
  return success();
}

LogicalResult GradOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyGradSymbolUses(*this, symbols, /*numValues=*/0);
}

LogicalResult ValueAndGradOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyGradSymbolUses(*this, symbols, /*numValues=*/1);
}

#define GET_OP_CLASSES
#include "nn/IR/NNOps.cpp.inc"
