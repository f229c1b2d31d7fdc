//===- Interpreter.cpp - The reference interpreter ------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Walks a function op by op. For each op it recomputes the result shape from
// the concrete operand shapes with the same shape rules as the verifiers, so
// a dynamic dimension that turns out wrong is reported with the verifier's
// message and the op's location, then runs the op's kernel.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Interpreter.h"

#include "Kernels.h"
#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeInference.h"
#include "nn/Support/Sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"
#include <unistd.h>

#include <thread>

using namespace mlir;

namespace nn::ref {

using kernels::Shape;

absl::StatusOr<DType> getElementType(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  if (type.isF16())
    return DType::F16;
  if (type.isBF16())
    return DType::BF16;
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  if (type.isInteger(1))
    return DType::I1;
  if (type.isInteger(32))
    return DType::I32;
  if (type.isInteger(64) || type.isIndex())
    return DType::I64;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return absl::UnimplementedError("element type " + text +
                                  " is not supported by the interpreter");
}

absl::StatusOr<Tensor> tensorFromAttr(ElementsAttr attr) {
  auto type = dyn_cast<RankedTensorType>(attr.getType());
  if (!type)
    return absl::InvalidArgumentError("constant is not a ranked tensor");
  absl::StatusOr<DType> elementType = getElementType(type);
  if (!elementType.ok())
    return elementType.status();
  Shape shape(type.getShape().begin(), type.getShape().end());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return absl::InvalidArgumentError(
          "dense_resource constant has no data (resource '" +
          resource.getRawHandle().getKey().str() + "' is missing)");
    ArrayRef<char> data = blob->getData();
    return Tensor::fromBytes(*elementType, shape,
                             reinterpret_cast<const uint8_t *>(data.data()),
                             data.size());
  }
  Tensor tensor(*elementType, shape);
  if (tensor.isFloat()) {
    int64_t i = 0;
    for (APFloat value : attr.getValues<APFloat>()) {
      bool losesInfo = false;
      value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
      tensor.setDouble(i++, value.convertToDouble());
    }
  } else {
    int64_t i = 0;
    for (APInt value : attr.getValues<APInt>())
      tensor.setInt(i++, value.getBitWidth() == 1 ? value.getZExtValue()
                                                  : value.getSExtValue());
  }
  return tensor;
}

DenseElementsAttr attrFromTensor(const Tensor &tensor, RankedTensorType type) {
  Type element = type.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    SmallVector<APFloat> values;
    values.reserve(tensor.getNumElements());
    for (int64_t i = 0; i < tensor.getNumElements(); ++i) {
      APFloat value(tensor.getDouble(i));
      bool losesInfo = false;
      value.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
      values.push_back(value);
    }
    return DenseElementsAttr::get(type, values);
  }
  unsigned width = element.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  values.reserve(tensor.getNumElements());
  for (int64_t i = 0; i < tensor.getNumElements(); ++i)
    values.push_back(APInt(width, tensor.getInt(i), /*isSigned=*/width > 1,
                           /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, values);
}

std::string formatLocation(Location loc) {
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc))
    return (fileLoc.getFilename().str() + ":" +
            std::to_string(fileLoc.getLine()) + ":" +
            std::to_string(fileLoc.getColumn()));
  if (auto nameLoc = dyn_cast<NameLoc>(loc))
    return formatLocation(nameLoc.getChildLoc());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return formatLocation(fused.getLocations().front());
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return formatLocation(callSite.getCallee());
  std::string text;
  llvm::raw_string_ostream os(text);
  os << loc;
  return text;
}

namespace {

std::string formatType(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// Runs functions, collecting the diagnostics that shape rules emit.
class Interpreter {
public:
  explicit Interpreter(MLIRContext *context)
      : owner(std::this_thread::get_id()),
        handler(context, [this](Diagnostic &diag) {
          // Several threads may interpret (or check calls) in one context:
          // take only this thread's diagnostics.
          if (std::this_thread::get_id() != owner)
            return failure();
          if (diag.getSeverity() == DiagnosticSeverity::Error &&
              captured.empty())
            captured = diag.str();
          return success();
        }) {}

  absl::StatusOr<std::vector<Tensor>> call(func::FuncOp func,
                                           ArrayRef<Tensor> inputs);
  absl::StatusOr<std::vector<Tensor>>
  evaluate(Operation *op, ArrayRef<const Tensor *> operands);

  /// The functions of the module being run, for func.call.
  SymbolTableCollection symbols;
  /// Propagates shapes only: constants and kernels give shape-only tensors.
  bool shapesOnly = false;
  /// Rejects a dynamic dimension of size 1 that broadcasts to a larger size
  /// (compiled code reads dynamic sizes as equal to the result's).
  bool rejectDynamicBroadcast = false;
  /// In shapesOnly mode, the largest result an op may have, in bytes.
  uint64_t maxTensorBytes = 0;

  /// Set in shapesOnly mode when a shape depends on data that is not
  /// there (a predicate computed from a tensor): shapes cannot be checked
  /// ahead of the run, and the error returned says why.
  bool shapesUndecidable = false;
  /// In a full run, propagates each op's shapes before its kernel runs and
  /// checks them against maxTensorBytes: what a run whose shapes could not
  /// be checked ahead needs.
  bool checkSizesFirst = false;

private:
  absl::StatusOr<std::vector<Tensor>> runBlock(Block &block,
                                               ArrayRef<Tensor> arguments);
  /// With checkSizesFirst, fails if a result of `op` would be too large.
  absl::Status checkSizesBeforeRunning(Operation &op,
                                       ArrayRef<const Tensor *> operands);

  /// The control-flow ops, which run their regions.
  absl::StatusOr<std::vector<Tensor>>
  runCond(nn::CondOp cond, ArrayRef<const Tensor *> operands);
  absl::StatusOr<std::vector<Tensor>>
  runWhile(nn::WhileOp loop, ArrayRef<const Tensor *> operands);
  absl::StatusOr<std::vector<Tensor>> runFor(nn::ForOp loop,
                                             ArrayRef<const Tensor *> operands);
  /// Fails unless every region of `op` has one block.
  absl::Status checkRegions(Operation *op);
  /// In shapesOnly mode, for a predicate without data: fails unless
  /// `next` has the shapes of `current`, so that either is a valid outcome.
  absl::Status checkSameShapes(Operation *op, ArrayRef<Tensor> current,
                               ArrayRef<Tensor> next, StringRef what);

  /// An error at `op`, with the shape rule's message if one failed.
  absl::Status errorAt(Operation *op, const std::string &message) {
    std::string text = formatLocation(op->getLoc()) + ": " +
                       (captured.empty() ? message : captured);
    captured.clear();
    return absl::InvalidArgumentError(text);
  }
  absl::Status shapeError(Operation *op) {
    return errorAt(op, "'" + op->getName().getStringRef().str() +
                           "' op has operands of incompatible shapes");
  }

  /// Checks that a gradient has the forward result's shape.
  LogicalResult checkGradShape(Operation *op, FailureOr<nn::Shape> forward,
                               ArrayRef<int64_t> grad) {
    if (failed(forward))
      return failure();
    if (ArrayRef<int64_t>(*forward) == grad)
      return success();
    captured = "'" + op->getName().getStringRef().str() +
               "' op grad of shape " + nn::formatShape(grad) +
               " does not match the forward result " + "shape " +
               nn::formatShape(*forward);
    return failure();
  }

  /// With rejectDynamicBroadcast: fails when a dynamic dimension of
  /// `operand` has run-time size 1 but `resultShape` stretches it.
  absl::Status checkStaticBroadcast(Operation *op, Value operand,
                                    ArrayRef<int64_t> operandShape,
                                    ArrayRef<int64_t> resultShape,
                                    StringRef name) {
    auto type = cast<RankedTensorType>(operand.getType());
    size_t offset = resultShape.size() - operandShape.size();
    for (auto [d, size] : llvm::enumerate(operandShape))
      if (type.isDynamicDim(d) && size == 1 && resultShape[offset + d] != 1)
        return errorAt(op, "'" + op->getName().getStringRef().str() + "' op " +
                               name.str() + " dimension " + std::to_string(d) +
                               " is dynamic and has size 1, which broadcasts "
                               "to " +
                               std::to_string(resultShape[offset + d]) +
                               "; compiled code needs such a dimension to be "
                               "static (tensor<1x...>), or run with "
                               "--device=ref");
    return absl::OkStatus();
  }

  /// The result shape of `op`, checked against its declared type.
  absl::StatusOr<Shape> checkResult(Operation *op, FailureOr<nn::Shape> shape,
                                    unsigned resultIndex = 0);

  std::thread::id owner;
  ScopedDiagnosticHandler handler;
  std::string captured;
  int depth = 0;
};

absl::StatusOr<Shape> Interpreter::checkResult(Operation *op,
                                               FailureOr<nn::Shape> shape,
                                               unsigned resultIndex) {
  if (failed(shape))
    return shapeError(op);
  auto declared = cast<RankedTensorType>(op->getResult(resultIndex).getType());
  if (declared.getRank() != static_cast<int64_t>(shape->size()))
    return errorAt(op, "result rank " + std::to_string(shape->size()) +
                           " differs from the declared type " +
                           formatType(declared));
  for (auto [dim, size] : llvm::zip(declared.getShape(), *shape))
    if (!ShapedType::isDynamic(dim) && dim != size)
      return errorAt(
          op, "'" + op->getName().getStringRef().str() +
                  "' op computed a result of shape " + nn::formatShape(*shape) +
                  " but its declared type is " + formatType(declared));
  return Shape(shape->begin(), shape->end());
}

/// Whether `tensor` can be a value of `type`: the same element type, rank
/// and static sizes.
bool matchesType(Type type, const Tensor &tensor) {
  absl::StatusOr<DType> element = getElementType(type);
  if (!element.ok() || *element != tensor.getElementType())
    return false;
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType)
    return tensor.getRank() == 0;
  if (tensorType.getRank() != tensor.getRank())
    return false;
  for (auto [dim, size] : llvm::zip(tensorType.getShape(), tensor.getShape()))
    if (!ShapedType::isDynamic(dim) && dim != size)
      return false;
  return true;
}

/// The static or run-time shape of an op whose result type says it all
/// except for dynamic dimensions, which `resolve` fills in.
Shape declaredShape(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return Shape(type.getShape().begin(), type.getShape().end());
}

kernels::BinaryKind binaryKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, kernels::BinaryKind>(op)
      .Case<nn::AddOp>([](auto) { return kernels::BinaryKind::Add; })
      .Case<nn::SubOp>([](auto) { return kernels::BinaryKind::Sub; })
      .Case<nn::MulOp>([](auto) { return kernels::BinaryKind::Mul; })
      .Case<nn::DivOp>([](auto) { return kernels::BinaryKind::Div; })
      .Case<nn::PowOp>([](auto) { return kernels::BinaryKind::Pow; })
      .Case<nn::MaximumOp>([](auto) { return kernels::BinaryKind::Maximum; })
      .Default([](auto) { return kernels::BinaryKind::Minimum; });
}

kernels::UnaryKind unaryKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, kernels::UnaryKind>(op)
      .Case<nn::NegOp>([](auto) { return kernels::UnaryKind::Neg; })
      .Case<nn::AbsOp>([](auto) { return kernels::UnaryKind::Abs; })
      .Case<nn::ExpOp>([](auto) { return kernels::UnaryKind::Exp; })
      .Case<nn::LogOp>([](auto) { return kernels::UnaryKind::Log; })
      .Case<nn::SqrtOp>([](auto) { return kernels::UnaryKind::Sqrt; })
      .Case<nn::RsqrtOp>([](auto) { return kernels::UnaryKind::Rsqrt; })
      .Case<nn::TanhOp>([](auto) { return kernels::UnaryKind::Tanh; })
      .Case<nn::SigmoidOp>([](auto) { return kernels::UnaryKind::Sigmoid; })
      .Case<nn::ReluOp>([](auto) { return kernels::UnaryKind::Relu; })
      .Default([](auto) { return kernels::UnaryKind::Sign; });
}

kernels::CompareKind compareKind(StringRef direction) {
  return llvm::StringSwitch<kernels::CompareKind>(direction)
      .Case("eq", kernels::CompareKind::Eq)
      .Case("ne", kernels::CompareKind::Ne)
      .Case("lt", kernels::CompareKind::Lt)
      .Case("le", kernels::CompareKind::Le)
      .Case("gt", kernels::CompareKind::Gt)
      .Default(kernels::CompareKind::Ge);
}

std::vector<Tensor> one(Tensor tensor) {
  std::vector<Tensor> results;
  results.push_back(std::move(tensor));
  return results;
}

absl::StatusOr<std::vector<Tensor>> one(absl::StatusOr<Tensor> tensor) {
  if (!tensor.ok())
    return tensor.status();
  return one(*std::move(tensor));
}

absl::StatusOr<std::vector<Tensor>>
Interpreter::evaluate(Operation *op, ArrayRef<const Tensor *> operands) {
  ShapeErrorEmitter error(op->getLoc(), op->getName().getStringRef());
  auto operandShape = [&](unsigned i) -> ArrayRef<int64_t> {
    return operands[i]->getShape();
  };
  auto resultElementType = [&]() {
    return *getElementType(op->getResult(0).getType());
  };

  // Broadcasting elementwise ops.
  if (op->hasTrait<nn::OpTrait::BroadcastingElementwise>()) {
    SmallVector<ArrayRef<int64_t>> shapes;
    SmallVector<StringRef> names;
    static const char *binaryNames[] = {"lhs", "rhs"};
    static const char *selectNames[] = {"cond", "on_true", "on_false"};
    bool isSelect = isa<nn::SelectOp>(op);
    for (unsigned i = 0; i < operands.size(); ++i) {
      shapes.push_back(operandShape(i));
      names.push_back(isSelect ? selectNames[i] : binaryNames[i]);
    }
    absl::StatusOr<Shape> shape =
        checkResult(op, inferBroadcastShape(error, shapes, names));
    if (!shape.ok())
      return shape.status();
    if (rejectDynamicBroadcast)
      for (auto [i, operand] : llvm::enumerate(op->getOperands()))
        if (absl::Status status = checkStaticBroadcast(
                op, operand, operandShape(i), *shape, names[i]);
            !status.ok())
          return status;
    if (auto select = dyn_cast<nn::SelectOp>(op))
      return one(
          kernels::select(*operands[0], *operands[1], *operands[2], *shape));
    if (auto compare = dyn_cast<nn::CompareOp>(op))
      return one(kernels::compare(compareKind(compare.getDirection()),
                                  *operands[0], *operands[1], *shape));
    absl::StatusOr<Tensor> result =
        kernels::binary(binaryKind(op), *operands[0], *operands[1], *shape);
    if (!result.ok())
      return errorAt(op, "'" + op->getName().getStringRef().str() + "' op " +
                             std::string(result.status().message()));
    return one(std::move(result));
  }

  return llvm::TypeSwitch<Operation *, absl::StatusOr<std::vector<Tensor>>>(op)
      .Case<nn::ConstantOp>(
          [&](nn::ConstantOp constant) -> absl::StatusOr<std::vector<Tensor>> {
            // Checking shapes needs no weights.
            if (shapesOnly && constant.getType().getRank() > 0)
              return one(Tensor::shapeOnly(resultElementType(),
                                           declaredShape(constant)));
            absl::StatusOr<Tensor> value = tensorFromAttr(constant.getValue());
            if (!value.ok())
              return errorAt(op, std::string(value.status().message()));
            return one(std::move(value));
          })
      .Case<nn::NegOp, nn::AbsOp, nn::ExpOp, nn::LogOp, nn::SqrtOp, nn::RsqrtOp,
            nn::TanhOp, nn::SigmoidOp, nn::ReluOp, nn::SignOp>(
          [&](Operation *) {
            return one(kernels::unary(unaryKind(op), *operands[0]));
          })
      .Case<nn::CastOp>([&](nn::CastOp) {
        return one(kernels::cast(*operands[0], resultElementType()));
      })
      .Case<nn::MatmulOp>(
          [&](nn::MatmulOp matmul) -> absl::StatusOr<std::vector<Tensor>> {
            absl::StatusOr<Shape> shape = checkResult(
                op, inferMatmulShape(error, operandShape(0), operandShape(1),
                                     matmul.getTransposeLhs(),
                                     matmul.getTransposeRhs()));
            if (!shape.ok())
              return shape.status();
            return one(kernels::matmul(*operands[0], *operands[1],
                                       matmul.getTransposeLhs(),
                                       matmul.getTransposeRhs(), *shape));
          })
      .Case<nn::Conv2DOp>(
          [&](nn::Conv2DOp conv) -> absl::StatusOr<std::vector<Tensor>> {
            absl::StatusOr<Shape> shape = checkResult(
                op, inferConv2DShape(error, operandShape(0), operandShape(1),
                                     conv.getStrides(), conv.getDilations(),
                                     conv.getPadding()));
            if (!shape.ok())
              return shape.status();
            return one(kernels::conv2d(*operands[0], *operands[1],
                                       conv.getStrides(), conv.getDilations(),
                                       conv.getPadding(), *shape));
          })
      .Case<nn::MaxPool2DOp, nn::AvgPool2DOp>(
          [&](auto pool) -> absl::StatusOr<std::vector<Tensor>> {
            absl::StatusOr<Shape> shape = checkResult(
                op, inferPool2DShape(error, operandShape(0), pool.getWindow(),
                                     pool.getEffectiveStrides(),
                                     pool.getPadding()));
            if (!shape.ok())
              return shape.status();
            return one(kernels::pool2d(
                isa<nn::MaxPool2DOp>(op), *operands[0], pool.getWindow(),
                pool.getEffectiveStrides(), pool.getPadding(), *shape));
          })
      .Case<nn::ReduceSumOp, nn::ReduceMeanOp, nn::ReduceMaxOp,
            nn::ReduceMinOp>(
          [&](auto reduce) -> absl::StatusOr<std::vector<Tensor>> {
            FailureOr<SmallVector<int64_t>> axes =
                normalizeAxes(error, reduce.getAxes(), operands[0]->getRank());
            if (failed(axes))
              return shapeError(op);
            kernels::ReduceKind kind =
                isa<nn::ReduceSumOp>(op)    ? kernels::ReduceKind::Sum
                : isa<nn::ReduceMeanOp>(op) ? kernels::ReduceKind::Mean
                : isa<nn::ReduceMaxOp>(op)  ? kernels::ReduceKind::Max
                                            : kernels::ReduceKind::Min;
            return one(kernels::reduce(kind, *operands[0], *axes,
                                       reduce.getKeepDims()));
          })
      .Case<nn::ArgmaxOp>(
          [&](nn::ArgmaxOp argmax) -> absl::StatusOr<std::vector<Tensor>> {
            FailureOr<int64_t> axis = normalizeAxis(
                error, argmax.getAxisAttr().getInt(), operands[0]->getRank());
            if (failed(axis))
              return shapeError(op);
            if (operandShape(0)[*axis] == 0)
              return errorAt(op, "'nn.argmax' op has no maximum along an empty "
                                 "axis");
            return one(
                kernels::argmax(*operands[0], *axis, argmax.getKeepDims()));
          })
      .Case<nn::SoftmaxOp, nn::LogSoftmaxOp>(
          [&](auto softmax) -> absl::StatusOr<std::vector<Tensor>> {
            FailureOr<int64_t> axis = normalizeAxis(
                error, softmax.getAxisAttr().getInt(), operands[0]->getRank());
            if (failed(axis))
              return shapeError(op);
            return one(kernels::softmax(*operands[0], *axis,
                                        isa<nn::LogSoftmaxOp>(op)));
          })
      .Case<nn::ReshapeOp>(
          [&](nn::ReshapeOp reshape) -> absl::StatusOr<std::vector<Tensor>> {
            // Resolve the dynamic result dimension from the element count.
            Shape shape = declaredShape(reshape.getResult());
            int64_t known = 1;
            for (int64_t dim : shape)
              if (!ShapedType::isDynamic(dim))
                known *= dim;
            int64_t count = operands[0]->getNumElements();
            for (int64_t &dim : shape)
              if (ShapedType::isDynamic(dim)) {
                if (known == 0 || count % known != 0)
                  return errorAt(op, "'nn.reshape' op cannot reshape " +
                                         std::to_string(count) +
                                         " elements (operand of shape " +
                                         nn::formatShape(operandShape(0)) +
                                         ") to " +
                                         formatType(reshape.getType()));
                dim = count / known;
                known *= dim;
              }
            if (known != count)
              return errorAt(op, "'nn.reshape' op operand of shape " +
                                     nn::formatShape(operandShape(0)) +
                                     " has " + std::to_string(count) +
                                     " elements but the result " +
                                     formatType(reshape.getType()) + " has " +
                                     std::to_string(known));
            return one(kernels::reshape(*operands[0], shape));
          })
      .Case<nn::TransposeOp>([&](nn::TransposeOp transpose) {
        return one(kernels::transpose(*operands[0], transpose.getPerm()));
      })
      .Case<nn::BroadcastToOp>([&](nn::BroadcastToOp broadcast)
                                   -> absl::StatusOr<std::vector<Tensor>> {
        // A dynamic result dimension takes the operand's size, or 1 where
        // the operand has no such dimension.
        Shape shape = declaredShape(broadcast.getResult());
        ArrayRef<int64_t> in = operandShape(0);
        size_t offset = shape.size() - in.size();
        for (size_t d = 0; d < shape.size(); ++d)
          if (ShapedType::isDynamic(shape[d]))
            shape[d] = d >= offset ? in[d - offset] : 1;
        if (failed(verifyBroadcastTo(error, in, shape)))
          return shapeError(op);
        return one(kernels::broadcastTo(*operands[0], shape));
      })
      .Case<nn::ConcatOp>(
          [&](nn::ConcatOp concat) -> absl::StatusOr<std::vector<Tensor>> {
            SmallVector<ArrayRef<int64_t>> shapes;
            for (const Tensor *input : operands)
              shapes.push_back(input->getShape());
            int64_t axisValue = concat.getAxisAttr().getInt();
            absl::StatusOr<Shape> shape =
                checkResult(op, inferConcatShape(error, shapes, axisValue));
            if (!shape.ok())
              return shape.status();
            int64_t axis =
                axisValue < 0 ? axisValue + shape->size() : axisValue;
            return one(kernels::concat(operands, axis, *shape));
          })
      .Case<nn::SliceOp>(
          [&](nn::SliceOp slice) -> absl::StatusOr<std::vector<Tensor>> {
            SmallVector<int64_t> strides = slice.getEffectiveStrides();
            absl::StatusOr<Shape> shape = checkResult(
                op, inferSliceShape(error, operandShape(0), slice.getStart(),
                                    slice.getLimit(), strides));
            if (!shape.ok())
              return shape.status();
            return one(kernels::slice(*operands[0], slice.getStart(), strides,
                                      *shape));
          })
      .Case<nn::PadOp>(
          [&](nn::PadOp pad) -> absl::StatusOr<std::vector<Tensor>> {
            absl::StatusOr<Shape> shape = checkResult(
                op, inferPadShape(error, operandShape(0), pad.getLow(),
                                  pad.getHigh(), pad.getEffectiveInterior()));
            if (!shape.ok())
              return shape.status();
            return one(kernels::pad(*operands[0], pad.getLow(),
                                    pad.getEffectiveInterior(),
                                    pad.getValue().convertToDouble(), *shape));
          })
      .Case<nn::OneHotOp>([&](nn::OneHotOp oneHot) {
        return one(kernels::oneHot(*operands[0], oneHot.getDepthAttr().getInt(),
                                   resultElementType()));
      })
      .Case<nn::RandomUniformOp, nn::RandomNormalOp>(
          [&](auto random) -> absl::StatusOr<std::vector<Tensor>> {
            Shape shape = declaredShape(random.getResult());
            unsigned next = 1;
            for (int64_t &dim : shape)
              if (ShapedType::isDynamic(dim)) {
                if (!operands[next]->hasData())
                  return errorAt(op, "'" + op->getName().getStringRef().str() +
                                         "' op has a dynamic size that is "
                                         "not known before the call");
                dim = operands[next++]->getInt(0);
                if (dim < 0)
                  return errorAt(op, "'" + op->getName().getStringRef().str() +
                                         "' op dynamic size " +
                                         std::to_string(dim) + " is negative");
              }
            if (!operands[0]->hasData())
              return one(Tensor::shapeOnly(resultElementType(), shape));
            int64_t seed = operands[0]->getInt(0);
            if constexpr (std::is_same_v<decltype(random), nn::RandomUniformOp>)
              return one(
                  kernels::randomUniform(seed, resultElementType(), shape,
                                         random.getLow().convertToDouble(),
                                         random.getHigh().convertToDouble()));
            else
              return one(
                  kernels::randomNormal(seed, resultElementType(), shape,
                                        random.getMean().convertToDouble(),
                                        random.getStddev().convertToDouble()));
          })
      .Case<nn::BroadcastLikeOp>([&](nn::BroadcastLikeOp)
                                     -> absl::StatusOr<std::vector<Tensor>> {
        if (failed(verifyBroadcastTo(error, operandShape(0), operandShape(1))))
          return shapeError(op);
        if (rejectDynamicBroadcast)
          if (absl::Status status =
                  checkStaticBroadcast(op, op->getOperand(0), operandShape(0),
                                       operandShape(1), "operand");
              !status.ok())
            return status;
        return one(kernels::broadcastTo(*operands[0], operands[1]->getShape()));
      })
      .Case<nn::UnbroadcastOp>([&](nn::UnbroadcastOp)
                                   -> absl::StatusOr<std::vector<Tensor>> {
        if (failed(verifyBroadcastTo(error, operandShape(1), operandShape(0))))
          return shapeError(op);
        if (rejectDynamicBroadcast)
          if (absl::Status status =
                  checkStaticBroadcast(op, op->getOperand(1), operandShape(1),
                                       operandShape(0), "like");
              !status.ok())
            return status;
        return one(kernels::unbroadcast(*operands[0], operands[1]->getShape()));
      })
      .Case<nn::Conv2DInputGradOp, nn::Conv2DFilterGradOp>(
          [&](auto grad) -> absl::StatusOr<std::vector<Tensor>> {
            if (failed(checkGradShape(
                    op,
                    inferConv2DShape(error, operandShape(0), operandShape(1),
                                     grad.getStrides(), grad.getDilations(),
                                     grad.getPadding()),
                    operandShape(2))))
              return shapeError(op);
            if constexpr (std::is_same_v<decltype(grad), nn::Conv2DInputGradOp>)
              return one(kernels::conv2dInputGrad(
                  *operands[1], *operands[2], grad.getStrides(),
                  grad.getDilations(), grad.getPadding(),
                  operands[0]->getShape()));
            else
              return one(kernels::conv2dFilterGrad(
                  *operands[0], *operands[2], grad.getStrides(),
                  grad.getDilations(), grad.getPadding(),
                  operands[1]->getShape()));
          })
      .Case<nn::MaxPool2DGradOp, nn::AvgPool2DGradOp>(
          [&](auto grad) -> absl::StatusOr<std::vector<Tensor>> {
            if (failed(checkGradShape(
                    op,
                    inferPool2DShape(error, operandShape(0), grad.getWindow(),
                                     grad.getEffectiveStrides(),
                                     grad.getPadding()),
                    operandShape(1))))
              return shapeError(op);
            return one(kernels::pool2dGrad(
                isa<nn::MaxPool2DGradOp>(op), *operands[0], *operands[1],
                grad.getWindow(), grad.getEffectiveStrides(),
                grad.getPadding()));
          })
      .Case<nn::CondOp>(
          [&](nn::CondOp cond) { return runCond(cond, operands); })
      .Case<nn::WhileOp>(
          [&](nn::WhileOp loop) { return runWhile(loop, operands); })
      .Case<nn::ForOp>([&](nn::ForOp loop) { return runFor(loop, operands); })
      .Case<nn::FusionOp>([&](nn::FusionOp fusion) {
        std::vector<Tensor> inputs;
        for (const Tensor *operand : operands)
          inputs.push_back(*operand);
        return runBlock(fusion.getBody().front(), inputs);
      })
      .Case<arith::ConstantOp>([&](arith::ConstantOp constant)
                                   -> absl::StatusOr<std::vector<Tensor>> {
        if (auto elements = dyn_cast<ElementsAttr>(constant.getValue())) {
          absl::StatusOr<Tensor> value = tensorFromAttr(elements);
          if (!value.ok())
            return errorAt(op, std::string(value.status().message()));
          return one(std::move(value));
        }
        if (auto integer = dyn_cast<IntegerAttr>(constant.getValue())) {
          Tensor scalar(*getElementType(integer.getType()), {});
          scalar.setInt(0, integer.getValue().getSExtValue());
          return one(std::move(scalar));
        }
        return errorAt(op, "unsupported arith.constant value");
      })
      .Case<tensor::DimOp>(
          [&](tensor::DimOp dim) -> absl::StatusOr<std::vector<Tensor>> {
            int64_t index = operands[1]->getInt(0);
            if (index < 0 || index >= operands[0]->getRank())
              return errorAt(op, "'tensor.dim' index " + std::to_string(index) +
                                     " is out of range for rank " +
                                     std::to_string(operands[0]->getRank()));
            Tensor size(DType::I64, {});
            size.setInt(0, operandShape(0)[index]);
            return one(std::move(size));
          })
      .Case<func::CallOp>(
          [&](func::CallOp callOp) -> absl::StatusOr<std::vector<Tensor>> {
            auto callee = symbols.lookupNearestSymbolFrom<func::FuncOp>(
                op, callOp.getCalleeAttr());
            if (!callee || callee.isExternal())
              return errorAt(op, "callee '" + callOp.getCallee().str() +
                                     "' has no body to interpret");
            std::vector<Tensor> inputs;
            for (const Tensor *operand : operands)
              inputs.push_back(*operand);
            absl::StatusOr<std::vector<Tensor>> results = call(callee, inputs);
            if (!results.ok()) {
              // A call stack, innermost first; deep recursion is cut short.
              std::string message(results.status().message());
              constexpr size_t kMaxFrames = 16;
              size_t frames = 0;
              for (size_t pos = message.find("\n  called from ");
                   pos != std::string::npos;
                   pos = message.find("\n  called from ", pos + 1))
                ++frames;
              if (frames < kMaxFrames)
                message += "\n  called from " + formatLocation(op->getLoc());
              else if (frames == kMaxFrames)
                message += "\n  called from ... (more frames omitted)";
              return absl::Status(results.status().code(), message);
            }
            return results;
          })
      .Case<nn::GradOp, nn::ValueAndGradOp>(
          [&](Operation *) -> absl::StatusOr<std::vector<Tensor>> {
            return errorAt(op, "'" + op->getName().getStringRef().str() +
                                   "' must be lowered by nn-autodiff before it "
                                   "can run");
          })
      .Default([&](Operation *) -> absl::StatusOr<std::vector<Tensor>> {
        return errorAt(op, "the interpreter does not support '" +
                               op->getName().getStringRef().str() + "'");
      });
}

/// IR built in C++ reaches the interpreter unverified: a region without
/// its block must be an error, not a crash.
absl::Status Interpreter::checkRegions(Operation *op) {
  for (Region &region : op->getRegions())
    if (!llvm::hasSingleElement(region))
      return errorAt(op, "'" + op->getName().getStringRef().str() +
                             "' op region #" +
                             std::to_string(region.getRegionNumber()) +
                             " must have exactly one block");
  return absl::OkStatus();
}

static std::vector<Tensor> copyTensors(ArrayRef<const Tensor *> tensors) {
  std::vector<Tensor> copies;
  for (const Tensor *tensor : tensors)
    copies.push_back(*tensor);
  return copies;
}

absl::Status Interpreter::checkSameShapes(Operation *op,
                                          ArrayRef<Tensor> current,
                                          ArrayRef<Tensor> next,
                                          StringRef what) {
  for (auto [i, pair] : llvm::enumerate(llvm::zip(current, next))) {
    auto &[a, b] = pair;
    if (a.getShape() == b.getShape())
      continue;
    shapesUndecidable = true;
    return errorAt(op, "'" + op->getName().getStringRef().str() +
                           "' op cannot check shapes without running: " +
                           what.str() + " value " + std::to_string(i) + " is " +
                           a.getTypeString() + " or " + b.getTypeString() +
                           ", depending on a predicate computed from data");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>>
Interpreter::runCond(nn::CondOp cond, ArrayRef<const Tensor *> operands) {
  if (absl::Status status = checkRegions(cond); !status.ok())
    return status;
  std::vector<Tensor> inputs = copyTensors(operands.drop_front());
  const Tensor &pred = *operands.front();
  Block &thenBlock = cond.getThenRegion().front();
  Block &elseBlock = cond.getElseRegion().front();
  if (pred.hasData())
    return runBlock(pred.getInt(0) ? thenBlock : elseBlock, inputs);
  // Shapes only, and the predicate depends on a tensor's data: check both
  // branches; what follows can be checked only if their shapes agree.
  absl::StatusOr<std::vector<Tensor>> thenResults = runBlock(thenBlock, inputs);
  if (!thenResults.ok())
    return thenResults.status();
  absl::StatusOr<std::vector<Tensor>> elseResults = runBlock(elseBlock, inputs);
  if (!elseResults.ok())
    return elseResults.status();
  if (absl::Status status =
          checkSameShapes(cond, *thenResults, *elseResults, "result");
      !status.ok())
    return status;
  return thenResults;
}

absl::StatusOr<std::vector<Tensor>>
Interpreter::runWhile(nn::WhileOp loop, ArrayRef<const Tensor *> operands) {
  if (absl::Status status = checkRegions(loop); !status.ok())
    return status;
  std::vector<Tensor> carried = copyTensors(operands);
  Block &condBlock = loop.getCondRegion().front();
  Block &bodyBlock = loop.getBodyRegion().front();
  while (true) {
    absl::StatusOr<std::vector<Tensor>> pred = runBlock(condBlock, carried);
    if (!pred.ok())
      return pred.status();
    bool known = pred->front().hasData();
    if (known && !pred->front().getInt(0))
      return carried;
    absl::StatusOr<std::vector<Tensor>> next = runBlock(bodyBlock, carried);
    if (!next.ok())
      return next.status();
    if (!known) {
      // Shapes only, and the trip count depends on data: the body has been
      // checked once; the shapes are right if it keeps them.
      if (absl::Status status =
              checkSameShapes(loop, carried, *next, "loop-carried");
          !status.ok())
        return status;
      return carried;
    }
    carried = *std::move(next);
  }
}

absl::StatusOr<std::vector<Tensor>>
Interpreter::runFor(nn::ForOp loop, ArrayRef<const Tensor *> operands) {
  if (absl::Status status = checkRegions(loop); !status.ok())
    return status;
  std::vector<Tensor> arguments(1, Tensor(DType::I64, {}));
  llvm::append_range(arguments, copyTensors(operands));
  Block &body = loop.getBody().front();
  int64_t tripCount = loop.getTripCount();
  for (int64_t k = 0; k < tripCount; ++k) {
    arguments.front().setInt(0, loop.getInductionValue(k));
    absl::StatusOr<std::vector<Tensor>> next = runBlock(body, arguments);
    if (!next.ok())
      return next.status();
    // Shapes only: once no carried value has data and the shapes stay,
    // the remaining iterations would check the same shapes again.
    bool fixedPoint =
        shapesOnly &&
        llvm::all_of(llvm::zip(*next, ArrayRef(arguments).drop_front()),
                     [](auto pair) {
                       auto &[a, b] = pair;
                       return !a.hasData() && a.getShape() == b.getShape();
                     });
    std::move(next->begin(), next->end(), arguments.begin() + 1);
    if (fixedPoint)
      break;
  }
  arguments.erase(arguments.begin());
  return arguments;
}

absl::Status
Interpreter::checkSizesBeforeRunning(Operation &op,
                                     ArrayRef<const Tensor *> operands) {
  // Ops with regions and calls run their ops through runBlock, which
  // checks each of them.
  if (shapesOnly || !checkSizesFirst || op.getNumRegions() != 0 ||
      isa<CallOpInterface>(op))
    return absl::OkStatus();
  shapesOnly = true;
  absl::StatusOr<std::vector<Tensor>> shapes = evaluate(&op, operands);
  shapesOnly = false;
  if (!shapes.ok())
    return shapes.status();
  for (const Tensor &shape : *shapes)
    if (std::optional<std::string> tooLarge = checkTensorSize(
            &op, shape.getShape(), shape.getElementType(), maxTensorBytes))
      return errorAt(&op, *tooLarge);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>>
Interpreter::runBlock(Block &block, ArrayRef<Tensor> arguments) {
  llvm::DenseMap<Value, Tensor> values;
  for (auto [argument, tensor] : llvm::zip(block.getArguments(), arguments))
    values[argument] = tensor;
  for (Operation &op : block) {
    SmallVector<const Tensor *> operands;
    for (Value operand : op.getOperands()) {
      auto it = values.find(operand);
      if (it == values.end())
        return errorAt(&op, "operand defined outside the interpreted block");
      operands.push_back(&it->second);
    }
    if (op.hasTrait<mlir::OpTrait::IsTerminator>()) {
      std::vector<Tensor> results;
      for (const Tensor *operand : operands)
        results.push_back(*operand);
      return results;
    }
    if (absl::Status status = checkSizesBeforeRunning(op, operands);
        !status.ok())
      return status;
    absl::StatusOr<std::vector<Tensor>> results = evaluate(&op, operands);
    if (!results.ok())
      return results.status();
    for (auto [value, tensor] : llvm::zip(op.getResults(), *results)) {
      // Some verifiers accept a static result type for a dynamic operand
      // (nn.cast of tensor<?x3xf32> to tensor<4x3xi32>, say), so whatever
      // an op computed must still be checked against its declared type.
      if (!matchesType(value.getType(), tensor))
        return errorAt(&op, "'" + op.getName().getStringRef().str() +
                                "' op computed a result of type " +
                                tensor.getTypeString() +
                                " but its declared type is " +
                                formatType(value.getType()));
      if (shapesOnly && maxTensorBytes) {
        // Overflow-checked: the shape-only tensor's own element count
        // wraps for absurd shapes.
        std::optional<std::string> tooLarge = checkTensorSize(
            &op, tensor.getShape(), tensor.getElementType(), maxTensorBytes);
        if (tooLarge)
          return errorAt(&op, *tooLarge);
      }
      values[value] = std::move(tensor);
    }
  }
  return errorAt(block.getParentOp(), "block has no terminator");
}

absl::StatusOr<std::vector<Tensor>> Interpreter::call(func::FuncOp func,
                                                      ArrayRef<Tensor> inputs) {
  // Recursive IR would otherwise exhaust the native stack.
  constexpr int kMaxDepth = 200;
  if (depth >= kMaxDepth)
    return errorAt(func, "call depth exceeds " + std::to_string(kMaxDepth) +
                             " (recursive functions are not supported)");
  ++depth;
  absl::StatusOr<std::vector<Tensor>> results =
      runBlock(func.getBody().front(), inputs);
  --depth;
  return results;
}

/// Checks inputs against the signature: count, element types, static sizes.
absl::Status checkInputs(func::FuncOp func, ArrayRef<Tensor> inputs) {
  ArrayRef<Type> types = func.getArgumentTypes();
  if (types.size() != inputs.size())
    return absl::InvalidArgumentError(
        "function '" + func.getSymName().str() + "' takes " +
        std::to_string(types.size()) + " inputs but " +
        std::to_string(inputs.size()) + " were given");
  for (auto [i, type] : llvm::enumerate(types)) {
    const Tensor &input = inputs[i];
    absl::StatusOr<DType> element = getElementType(type);
    if (!element.ok())
      return element.status();
    auto tensorType = dyn_cast<RankedTensorType>(type);
    bool typeMatches = *element == input.getElementType();
    bool rankMatches = tensorType ? tensorType.getRank() == input.getRank()
                                  : input.getRank() == 0;
    bool sizesMatch = rankMatches;
    if (tensorType && rankMatches)
      for (auto [dim, size] :
           llvm::zip(tensorType.getShape(), input.getShape()))
        if (!ShapedType::isDynamic(dim) && dim != size)
          sizesMatch = false;
    if (!typeMatches || !sizesMatch)
      return absl::InvalidArgumentError(
          "input " + std::to_string(i) + " of function '" +
          func.getSymName().str() + "' must be " + formatType(type) +
          " but is " + input.getTypeString());
  }
  return absl::OkStatus();
}

} // namespace

uint64_t getDefaultMaxTensorBytes() {
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && pageSize > 0 ? static_cast<uint64_t>(pages) * pageSize
                                   : UINT64_MAX;
}

std::optional<std::string> checkTensorSize(Operation *op,
                                           ArrayRef<int64_t> shape, DType type,
                                           uint64_t maxTensorBytes) {
  std::optional<int64_t> size = getByteSize(shape, getDTypeSize(type));
  if (size && static_cast<uint64_t>(*size) <= maxTensorBytes)
    return std::nullopt;
  return "'" + op->getName().getStringRef().str() + "' op result " +
         formatTensorType(std::vector<int64_t>(shape.begin(), shape.end()),
                          type) +
         " needs " + (size ? std::to_string(*size) : std::string("over 2^63")) +
         " bytes; a tensor may have at most " + std::to_string(maxTensorBytes) +
         (maxTensorBytes == getDefaultMaxTensorBytes()
              ? " (this machine's memory)"
              : " (the memory limit)");
}

absl::Status checkStaticTensorSizes(Operation *root, uint64_t maxTensorBytes) {
  if (!maxTensorBytes)
    maxTensorBytes = getDefaultMaxTensorBytes();
  absl::Status status = absl::OkStatus();
  root->walk([&](Operation *op) {
    for (Type type : op->getResultTypes()) {
      auto tensorType = dyn_cast<RankedTensorType>(type);
      absl::StatusOr<DType> element =
          tensorType ? getElementType(type) : absl::StatusOr<DType>();
      if (!tensorType || !element.ok() || !tensorType.hasStaticShape())
        continue;
      if (std::optional<std::string> message = checkTensorSize(
              op, tensorType.getShape(), *element, maxTensorBytes)) {
        status = absl::InvalidArgumentError(formatLocation(op->getLoc()) +
                                            ": " + *message);
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return status;
}

absl::StatusOr<std::vector<Tensor>> runFunction(ModuleOp module, StringRef name,
                                                ArrayRef<Tensor> inputs,
                                                const RunOptions &options) {
  auto func = module.lookupSymbol<func::FuncOp>(name);
  if (!func)
    return absl::NotFoundError("no function '" + name.str() +
                               "' in the module");
  if (func.isExternal())
    return absl::InvalidArgumentError("function '" + name.str() +
                                      "' is a declaration without a body");
  if (absl::Status status = checkInputs(func, inputs); !status.ok())
    return status;
  uint64_t maxTensorBytes = options.maxTensorBytes ? options.maxTensorBytes
                                                   : getDefaultMaxTensorBytes();
  // A full run propagates shapes first: every shape rule and tensor size
  // is checked before a kernel allocates anything.
  bool checkSizesFirst = false;
  if (!options.shapesOnly) {
    std::vector<Tensor> shapes;
    for (const Tensor &input : inputs)
      shapes.push_back(
          input.getRank() == 0
              ? input
              : Tensor::shapeOnly(input.getElementType(), input.getShape()));
    Interpreter checker(module.getContext());
    checker.shapesOnly = true;
    checker.rejectDynamicBroadcast = options.rejectDynamicBroadcast;
    checker.maxTensorBytes = maxTensorBytes;
    absl::StatusOr<std::vector<Tensor>> checked = checker.call(func, shapes);
    // Shapes that depend on data are checked op by op during the run.
    if (!checked.ok() && !checker.shapesUndecidable)
      return checked.status();
    checkSizesFirst = !checked.ok();
  }
  Interpreter interpreter(module.getContext());
  interpreter.shapesOnly = options.shapesOnly;
  interpreter.rejectDynamicBroadcast = options.rejectDynamicBroadcast;
  interpreter.maxTensorBytes = maxTensorBytes;
  interpreter.checkSizesFirst = checkSizesFirst;
  return interpreter.call(func, inputs);
}

absl::StatusOr<std::vector<Tensor>> evaluateOp(Operation *op,
                                               ArrayRef<Tensor> operands) {
  Interpreter interpreter(op->getContext());
  SmallVector<const Tensor *> pointers;
  for (const Tensor &operand : operands)
    pointers.push_back(&operand);
  return interpreter.evaluate(op, pointers);
}

} // namespace nn::ref
