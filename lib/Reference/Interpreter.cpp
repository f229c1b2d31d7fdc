//===- Interpreter.cpp - The reference interpreter ------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Walks a function op by op, keeping the values of one block at a time, and
// hands each op to its evaluator (EvaluableOpInterface, Ops.h), which checks
// the shape rules on the concrete shapes and runs the kernel. The walk owns
// what no single op can: calls, the diagnostics that shape rules emit (each
// error carries the message of the rule that failed and the op's location),
// and the check of every computed value against its declared type.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Interpreter.h"

#include "EvalUtils.h"
#include "nn/IR/DType.h"
#include "nn/IR/Diagnostics.h"
#include "nn/IR/NNOps.h"
#include "nn/Reference/Ops.h"
#include "nn/Support/Sizes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"
#include <unistd.h>

using namespace mlir;

namespace nn::ref {

using kernels::Shape;

/// The element type of `type`, or why the interpreter cannot hold it.
static absl::StatusOr<DType> getSupportedDType(Type type) {
  if (std::optional<DType> dtype = getDType(type))
    return *dtype;
  return absl::UnimplementedError("element type " +
                                  formatType(getElementTypeOrSelf(type)) +
                                  " is not supported by the interpreter");
}

absl::StatusOr<Tensor> tensorFromAttr(ElementsAttr attr) {
  auto type = dyn_cast<RankedTensorType>(attr.getType());
  if (!type)
    return absl::InvalidArgumentError("constant is not a ranked tensor");
  absl::StatusOr<DType> elementType = getSupportedDType(type);
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

Interpreter::~Interpreter() = default;

namespace {

/// Runs functions, collecting the diagnostics that shape rules emit.
class FunctionRunner final : public Interpreter {
public:
  explicit FunctionRunner(MLIRContext *context)
      // Several threads may interpret (or check calls) in one context: the
      // capture takes only this thread's diagnostics.
      : diagnostics(context) {}

  absl::StatusOr<std::vector<Tensor>> call(func::FuncOp func,
                                           ArrayRef<Tensor> inputs);
  absl::StatusOr<std::vector<Tensor>>
  evaluate(Operation *op, ArrayRef<const Tensor *> operands);

  bool isShapesOnly() const override { return shapesOnly; }
  bool rejectsDynamicBroadcast() const override {
    return rejectDynamicBroadcast;
  }
  absl::Status error(Operation *op, const std::string &message) override {
    std::string captured = diagnostics.getFirstError();
    std::string text = formatLocation(op->getLoc()) + ": " +
                       (captured.empty() ? message : captured);
    diagnostics.clear();
    return absl::InvalidArgumentError(text);
  }
  absl::Status undecidable(Operation *op, const std::string &message) override {
    shapesUndecidable = true;
    return error(op, message);
  }
  absl::StatusOr<std::vector<Tensor>>
  runBlock(Block &block, ArrayRef<Tensor> arguments) override;

  /// The functions of the module being run, for func.call.
  SymbolTableCollection symbols;
  /// Propagates shapes only: constants and kernels give shape-only tensors.
  bool shapesOnly = false;
  /// Rejects a dynamic dimension of size 1 that broadcasts to a larger size
  /// (compiled code reads dynamic sizes as equal to the result's).
  bool rejectDynamicBroadcast = false;
  /// The largest result an op may have, in bytes: checked in shapesOnly
  /// mode, and before each kernel with checkSizesFirst.
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
  absl::StatusOr<std::vector<Tensor>>
  runCall(func::CallOp callOp, ArrayRef<const Tensor *> operands);
  /// With checkSizesFirst, fails if a result of `op` would be too large.
  absl::Status checkSizesBeforeRunning(Operation &op,
                                       ArrayRef<const Tensor *> operands);

  DiagnosticCapture diagnostics;
  int depth = 0;
};

/// Whether `tensor` can be a value of `type`: the same element type, rank
/// and static sizes.
bool matchesType(Type type, const Tensor &tensor) {
  std::optional<DType> element = getDType(type);
  if (!element || *element != tensor.getElementType())
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

absl::StatusOr<std::vector<Tensor>>
FunctionRunner::evaluate(Operation *op, ArrayRef<const Tensor *> operands) {
  // A user's op, or an nn op in a context that registered the evaluators.
  if (auto evaluable = dyn_cast<EvaluableOpInterface>(op))
    return evaluable.evaluate(operands, *this);
  // The nn ops in any other context.
  if (EvaluateFn evaluator = lookupEvaluator(op))
    return evaluator(op, operands, *this);
  if (auto callOp = dyn_cast<func::CallOp>(op))
    return runCall(callOp, operands);
  if (isa<GradOp, ValueAndGradOp>(op))
    return error(op, "'" + op->getName().getStringRef().str() +
                         "' must be lowered by nn-autodiff before it can run");
  return error(op, "the interpreter does not support '" +
                       op->getName().getStringRef().str() + "'");
}

absl::StatusOr<std::vector<Tensor>>
FunctionRunner::runCall(func::CallOp callOp,
                        ArrayRef<const Tensor *> operands) {
  auto callee = symbols.lookupNearestSymbolFrom<func::FuncOp>(
      callOp, callOp.getCalleeAttr());
  if (!callee || callee.isExternal())
    return error(callOp, "callee '" + callOp.getCallee().str() +
                             "' has no body to interpret");
  std::vector<Tensor> inputs;
  for (const Tensor *operand : operands)
    inputs.push_back(*operand);
  absl::StatusOr<std::vector<Tensor>> results = call(callee, inputs);
  if (results.ok())
    return results;
  // A call stack, innermost first; deep recursion is cut short.
  std::string message(results.status().message());
  constexpr size_t kMaxFrames = 16;
  size_t frames = 0;
  for (size_t pos = message.find("\n  called from "); pos != std::string::npos;
       pos = message.find("\n  called from ", pos + 1))
    ++frames;
  if (frames < kMaxFrames)
    message += "\n  called from " + formatLocation(callOp.getLoc());
  else if (frames == kMaxFrames)
    message += "\n  called from ... (more frames omitted)";
  return absl::Status(results.status().code(), message);
}

absl::Status
FunctionRunner::checkSizesBeforeRunning(Operation &op,
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
      return error(&op, *tooLarge);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>>
FunctionRunner::runBlock(Block &block, ArrayRef<Tensor> arguments) {
  llvm::DenseMap<Value, Tensor> values;
  for (auto [argument, tensor] : llvm::zip(block.getArguments(), arguments))
    values[argument] = tensor;
  for (Operation &op : block) {
    SmallVector<const Tensor *> operands;
    for (Value operand : op.getOperands()) {
      auto it = values.find(operand);
      if (it == values.end())
        return error(&op, "operand defined outside the interpreted block");
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
    // A user's evaluator may get the count wrong.
    if (results->size() != op.getNumResults())
      return error(
          &op, "'" + op.getName().getStringRef().str() + "' op evaluated to " +
                   std::to_string(results->size()) + " values but has " +
                   std::to_string(op.getNumResults()) + " results");
    for (auto [value, tensor] : llvm::zip(op.getResults(), *results)) {
      // Some verifiers accept a static result type for a dynamic operand
      // (nn.cast of tensor<?x3xf32> to tensor<4x3xi32>, say), so whatever
      // an op computed must still be checked against its declared type.
      if (!matchesType(value.getType(), tensor))
        return error(&op, "'" + op.getName().getStringRef().str() +
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
          return error(&op, *tooLarge);
      }
      values[value] = std::move(tensor);
    }
  }
  return error(block.getParentOp(), "block has no terminator");
}

absl::StatusOr<std::vector<Tensor>>
FunctionRunner::call(func::FuncOp func, ArrayRef<Tensor> inputs) {
  // Recursive IR would otherwise exhaust the native stack.
  constexpr int kMaxDepth = 200;
  if (depth >= kMaxDepth)
    return error(func, "call depth exceeds " + std::to_string(kMaxDepth) +
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
    absl::StatusOr<DType> element = getSupportedDType(type);
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
      std::optional<DType> element = getDType(type);
      if (!tensorType || !element || !tensorType.hasStaticShape())
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
    FunctionRunner checker(module.getContext());
    checker.shapesOnly = true;
    checker.rejectDynamicBroadcast = options.rejectDynamicBroadcast;
    checker.maxTensorBytes = maxTensorBytes;
    absl::StatusOr<std::vector<Tensor>> checked = checker.call(func, shapes);
    // Shapes that depend on data are checked op by op during the run.
    if (!checked.ok() && !checker.shapesUndecidable)
      return checked.status();
    checkSizesFirst = !checked.ok();
  }
  FunctionRunner interpreter(module.getContext());
  interpreter.shapesOnly = options.shapesOnly;
  interpreter.rejectDynamicBroadcast = options.rejectDynamicBroadcast;
  interpreter.maxTensorBytes = maxTensorBytes;
  interpreter.checkSizesFirst = checkSizesFirst;
  return interpreter.call(func, inputs);
}

absl::StatusOr<std::vector<Tensor>> evaluateOp(Operation *op,
                                               ArrayRef<Tensor> operands) {
  FunctionRunner interpreter(op->getContext());
  SmallVector<const Tensor *> pointers;
  for (const Tensor &operand : operands)
    pointers.push_back(&operand);
  return interpreter.evaluate(op, pointers);
}

} // namespace nn::ref
