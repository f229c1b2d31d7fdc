//===- Recorder.cpp - Running and recording ops of the front end ----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <fmt/format.h>

#include "nn/IR/Diagnostics.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Reference/Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringMap.h"

#include <atomic>
#include <cstring>
#include <thread>

using namespace mlir;

namespace nn::detail {

//===----------------------------------------------------------------------===//
// The context, the lock and the frame stack
//===----------------------------------------------------------------------===//

namespace {
struct FrontendContext {
  FrontendContext()
      : context(makeRegistry(), MLIRContext::Threading::DISABLED) {
    context.loadAllAvailableDialects();
  }
  static DialectRegistry makeRegistry() {
    DialectRegistry registry;
    registry.insert<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                    tensor::TensorDialect>();
    nn::registerConstantFolding(registry);
    return registry;
  }
  MLIRContext context;
  std::recursive_mutex lock;
};

FrontendContext &getFrontend() {
  static FrontendContext *frontend = new FrontendContext();
  return *frontend;
}

thread_local std::vector<Frame *> frameStack;
std::atomic<uint64_t> nextFrameId{1};
} // namespace

MLIRContext &getContext() { return getFrontend().context; }
std::recursive_mutex &getLock() { return getFrontend().lock; }

Frame *currentFrame() {
  return frameStack.empty() ? nullptr : frameStack.back();
}
Frame *topFrame() { return frameStack.empty() ? nullptr : frameStack.front(); }
void pushFrame(Frame *frame) { frameStack.push_back(frame); }
void popFrame(Frame *frame) {
  if (!frameStack.empty() && frameStack.back() == frame)
    frameStack.pop_back();
}
bool isLiveFrame(uint64_t id) {
  return llvm::any_of(frameStack, [&](Frame *f) { return f->id == id; });
}

Frame::Frame(std::string function, Frame *parent)
    : id(nextFrameId++), function(std::move(function)), parent(parent),
      block(std::make_unique<Block>()), builder(&getContext()) {
  builder.setInsertionPointToEnd(block.get());
}
Frame::~Frame() {
  for (Operation *op : outlined)
    op->erase();
}

TapeHooks *&activeTape() {
  thread_local TapeHooks *tape = nullptr;
  return tape;
}

std::string captureDiagnostics(const std::function<void()> &body) {
  DiagnosticCapture diagnostics(&getContext(), DiagnosticCapture::Keep::All);
  body();
  return diagnostics.formatMessages();
}

//===----------------------------------------------------------------------===//
// Types and sites
//===----------------------------------------------------------------------===//

std::string formatSite(SourceSite site) {
  std::string file = site.file ? site.file : "";
  size_t slash = file.find_last_of('/');
  if (slash != std::string::npos)
    file = file.substr(slash + 1);
  return file + ":" + std::to_string(site.line);
}

Location toLocation(SourceSite site) {
  return FileLineColLoc::get(&getContext(), site.file ? site.file : "",
                             site.line, 1);
}

RankedTensorType toTensorType(DType dtype, const std::vector<int64_t> &shape) {
  llvm::SmallVector<int64_t> dims;
  for (int64_t size : shape)
    dims.push_back(size == kDynamic ? ShapedType::kDynamic : size);
  return RankedTensorType::get(dims, getElementType(dtype, &getContext()));
}

ref::Tensor toRef(const TensorView &view) {
  // One copy of the packed bytes: the interpreter's tensors own theirs.
  absl::StatusOr<Tensor> tensor = Tensor::copyOf(view);
  return tensor.ok() ? ref::Tensor(*std::move(tensor)) : ref::Tensor();
}

Tensor fromRef(const ref::Tensor &tensor) { return tensor.getTensor(); }

Tensor fromRef(ref::Tensor &&tensor) { return std::move(tensor).release(); }

//===----------------------------------------------------------------------===//
// Arrays
//===----------------------------------------------------------------------===//

Array errorArray(absl::Status status) {
  auto impl = std::make_shared<ArrayImpl>();
  impl->error = std::move(status);
  return Array(std::move(impl));
}

Array eagerArray(Tensor value, SourceSite site) {
  auto impl = std::make_shared<ArrayImpl>();
  impl->dtype = value.getDType();
  impl->shape = value.getShape();
  impl->value = std::move(value);
  impl->site = site;
  return Array(std::move(impl));
}

Array eagerArray(const ref::Tensor &value, SourceSite site) {
  return eagerArray(fromRef(value), site);
}

bool sameTensor(const Tensor &a, const Tensor &b) {
  return a.getDType() == b.getDType() && a.getShape() == b.getShape() &&
         (a.getByteSize() == 0 ||
          std::memcmp(a.getBytes(), b.getBytes(), a.getByteSize()) == 0);
}

Array tracedArray(Value value, Frame &frame, SourceSite site) {
  auto impl = std::make_shared<ArrayImpl>();
  auto type = mlir::cast<RankedTensorType>(value.getType());
  impl->dtype = getDType(type.getElementType()).value_or(DType::F32);
  for (int64_t size : type.getShape())
    impl->shape.push_back(ShapedType::isDynamic(size) ? kDynamic : size);
  impl->traced = value;
  impl->frameId = frame.id;
  impl->site = site;
  return Array(std::move(impl));
}

//===----------------------------------------------------------------------===//
// Resolving operands in a frame
//===----------------------------------------------------------------------===//

namespace {
/// The largest eager array a trace bakes in as a constant.
constexpr int64_t kMaxCapturedElements = 16;

Value addExternal(Frame &frame, Type type, ExternalInput input) {
  frame.externals.push_back(std::move(input));
  return frame.block->addArgument(type, frame.builder.getUnknownLoc());
}

absl::StatusOr<Value> captureConstant(const Array &array, Frame &frame) {
  std::shared_ptr<ArrayImpl> impl = array.getImpl();
  auto it = frame.constants.find(impl.get());
  if (it != frame.constants.end())
    return it->second;
  if (impl->value->getNumElements() > kMaxCapturedElements)
    return absl::InvalidArgumentError(
        "'" + frame.function + "' uses a " + impl->value->getTypeString() +
        " array captured from outside the function (made at " +
        formatSite(impl->site) +
        "); make it a Variable or an argument of the function");
  RankedTensorType type = toTensorType(impl->dtype, impl->shape);
  OpBuilder::InsertionGuard guard(frame.builder);
  frame.builder.setInsertionPointToStart(frame.block.get());
  Value constant =
      nn::ConstantOp::create(frame.builder, toLocation(impl->site),
                             mlir::cast<ElementsAttr>(ref::attrFromTensor(
                                 toRef(impl->value->view()), type)));
  frame.constants[impl.get()] = constant;
  if (Frame *top = topFrame())
    top->captures.push_back({array.getSlot(), impl});
  return constant;
}
} // namespace

absl::StatusOr<Value> resolve(const Array &array, Frame &frame) {
  std::shared_ptr<ArrayImpl> impl = array.getImpl();
  if (!impl->error.ok())
    return impl->error;
  if (impl->value)
    return captureConstant(array, frame);
  if (impl->frameId == frame.id)
    return impl->traced;
  if (!isLiveFrame(impl->frameId))
    return absl::FailedPreconditionError(
        "a traced Array (made at " + formatSite(impl->site) +
        ") is used after its trace ended, in '" + frame.function +
        "'; return it from the traced function instead of keeping it");
  auto it = frame.liftedArrays.find(impl.get());
  if (it != frame.liftedArrays.end())
    return it->second;
  Value arg = addExternal(frame, impl->traced.getType(), {impl, nullptr});
  frame.liftedArrays[impl.get()] = arg;
  return arg;
}

Value variableArgument(const std::shared_ptr<VariableImpl> &variable,
                       Frame &frame) {
  auto it = frame.variableArgs.find(variable.get());
  if (it != frame.variableArgs.end())
    return it->second;
  Type type =
      toTensorType(variable->value.getDType(), variable->value.getShape());
  Value arg = addExternal(frame, type, {nullptr, variable});
  frame.variableArgs[variable.get()] = arg;
  return arg;
}

absl::StatusOr<Value> resolveExternal(const ExternalInput &input,
                                      Frame &parent) {
  if (input.outer)
    return resolve(Array(input.outer), parent);
  for (auto &[variable, value] : parent.assignments)
    if (variable == input.variable)
      return resolve(Array(value), parent);
  return variableArgument(input.variable, parent);
}

//===----------------------------------------------------------------------===//
// Building ops
//===----------------------------------------------------------------------===//

namespace {
Attribute toAttribute(Builder &builder, const AttrValue &value) {
  if (auto *b = std::get_if<bool>(&value))
    return builder.getBoolAttr(*b);
  if (auto *i = std::get_if<int64_t>(&value))
    return builder.getI64IntegerAttr(*i);
  if (auto *d = std::get_if<double>(&value))
    return builder.getF64FloatAttr(*d);
  if (auto *s = std::get_if<std::string>(&value))
    return builder.getStringAttr(*s);
  return builder.getDenseI64ArrayAttr(std::get<std::vector<int64_t>>(value));
}

/// Infers the result types of `op` with the op's own rule; false (with a
/// diagnostic) when the operands break it.
bool inferResultTypes(Operation *op) {
  auto infer = dyn_cast<InferTypeOpInterface>(op);
  if (!infer) {
    // Ops without inference here keep their operand's type (unary ops).
    if (op->getNumOperands() && op->getNumResults() == 1)
      op->getResult(0).setType(op->getOperand(0).getType());
    return true;
  }
  SmallVector<Type> types;
  if (failed(infer.inferReturnTypes(
          op->getContext(), op->getLoc(), op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), types)) ||
      types.size() != op->getNumResults())
    return false;
  for (auto [result, type] : llvm::zip(op->getResults(), types))
    result.setType(type);
  return true;
}
} // namespace

/// Builds the op of `spec` on `operands` at the builder's insertion point.
/// On failure the op is erased and the error carries the dialect's message.
absl::StatusOr<Operation *> buildOp(OpBuilder &builder, const OpSpec &spec,
                                    ValueRange operands, SourceSite site) {
  OperationState state(toLocation(site), spec.name);
  state.addOperands(operands);
  for (const NamedAttr &attr : spec.attrs)
    state.addAttribute(attr.name, toAttribute(builder, attr.value));
  Type resultType = NoneType::get(builder.getContext());
  if (spec.resultType)
    resultType = toTensorType(spec.resultType->first, spec.resultType->second);
  if (spec.constant)
    state.addAttribute(
        "value", ref::attrFromTensor(*spec.constant,
                                     mlir::cast<RankedTensorType>(resultType)));
  state.addTypes(resultType);
  Operation *op = nullptr;
  bool ok = false;
  std::string diagnostics = captureDiagnostics([&] {
    op = builder.create(state);
    ok = (spec.resultType || inferResultTypes(op)) && succeeded(verify(op));
  });
  if (ok)
    return op;
  op->erase();
  if (diagnostics.empty())
    diagnostics = "'" + std::string(spec.name) + "' op is not valid here";
  return absl::InvalidArgumentError(formatSite(site) + ": " + diagnostics);
}

std::string prototypeKey(const OpSpec &spec,
                         const std::vector<const Array *> &operands) {
  std::string key = spec.name;
  for (const Array *operand : operands)
    key += "|" + formatTensorType(operand->shape(), operand->dtype());
  for (const NamedAttr &attr : spec.attrs) {
    key += "|" + attr.name + "=";
    std::visit(
        [&](const auto &v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
            for (int64_t x : v)
              key += std::to_string(x) + ",";
          } else if constexpr (std::is_same_v<T, std::string>) {
            key += v;
          } else if constexpr (std::is_same_v<T, double>) {
            // Every bit: attributes that differ past 6 digits are other ops.
            key += fmt::format("{:a}", v);
          } else {
            key += std::to_string(v);
          }
        },
        attr.value);
  }
  if (spec.resultType)
    key += "->" +
           formatTensorType(spec.resultType->second, spec.resultType->first);
  return key;
}

namespace {

/// Eager ops: one prototype op per signature, each in a function of its
/// own whose arguments are the operands, kept for the process.
struct PrototypeCache {
  PrototypeCache() : module(ModuleOp::create(UnknownLoc::get(&getContext()))) {}
  OwningOpRef<ModuleOp> module;
  llvm::StringMap<Operation *> ops;
};

absl::StatusOr<Operation *>
getPrototype(const OpSpec &spec, const std::vector<const Array *> &operands,
             SourceSite site) {
  static PrototypeCache *cache = new PrototypeCache();
  std::string key = prototypeKey(spec, operands);
  auto it = cache->ops.find(key);
  if (it != cache->ops.end())
    return it->second;
  OpBuilder builder(&getContext());
  builder.setInsertionPointToEnd(cache->module->getBody());
  SmallVector<Type> types;
  for (const Array *operand : operands)
    types.push_back(toTensorType(operand->dtype(), operand->shape()));
  auto func = func::FuncOp::create(builder, builder.getUnknownLoc(), "eager",
                                   builder.getFunctionType(types, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  absl::StatusOr<Operation *> op =
      buildOp(builder, spec, body->getArguments(), site);
  if (!op.ok()) {
    func->erase();
    return op.status();
  }
  cache->ops[key] = *op;
  return op;
}

/// Tier 0: the interpreter's kernel of the op.
Array interpretOp(Operation *op, const std::vector<const Array *> &operands,
                  SourceSite site) {
  countInterpretedOp();
  std::vector<ref::Tensor> values;
  values.reserve(operands.size());
  for (const Array *operand : operands)
    values.push_back(toRef(operand->getImpl()->value->view()));
  absl::StatusOr<std::vector<ref::Tensor>> results =
      ref::evaluateOp(op, values);
  if (!results.ok())
    return errorArray(absl::InvalidArgumentError(
        formatSite(site) + ": " + std::string(results.status().message())));
  return eagerArray(results->front(), site);
}

Array runEager(const OpSpec &spec, const std::vector<const Array *> &operands,
               SourceSite site) {
  absl::StatusOr<Operation *> op = getPrototype(spec, operands, site);
  if (!op.ok())
    return errorArray(op.status());
  std::optional<Array> compiled = runKernel(spec, operands, site);
  Array result =
      compiled ? *std::move(compiled) : interpretOp(*op, operands, site);
  if (!result.ok())
    return result;
  if (TapeHooks *tape = activeTape()) {
    std::vector<std::shared_ptr<ArrayImpl>> inputs;
    for (const Array *operand : operands)
      inputs.push_back(operand->getImpl());
    tape->recordOp(*op, inputs, {result.getImpl()});
  }
  return result;
}

Array traceOp(const OpSpec &spec, const std::vector<const Array *> &operands,
              Frame &frame, SourceSite site) {
  SmallVector<Value> values;
  for (const Array *operand : operands) {
    absl::StatusOr<Value> value = resolve(*operand, frame);
    if (!value.ok())
      return errorArray(value.status());
    values.push_back(*value);
  }
  absl::StatusOr<Operation *> op = buildOp(frame.builder, spec, values, site);
  if (!op.ok()) {
    if (frame.error.ok())
      frame.error = op.status();
    return errorArray(op.status());
  }
  return tracedArray((*op)->getResult(0), frame, site);
}
} // namespace

Array emitOp(const OpSpec &spec, const std::vector<const Array *> &operands,
             SourceSite site) {
  for (const Array *operand : operands)
    if (!operand->ok())
      return errorArray(operand->status());
  std::lock_guard<std::recursive_mutex> lock(getLock());
  if (Frame *frame = currentFrame())
    return traceOp(spec, operands, *frame, site);
  for (const Array *operand : operands)
    if (operand->isTraced())
      return errorArray(absl::FailedPreconditionError(
          formatSite(site) + ": '" + spec.name +
          "' is given a traced Array outside its trace (made at " +
          formatSite(operand->getImpl()->site) +
          "); return it from the traced function instead of keeping it"));
  return runEager(spec, operands, site);
}

} // namespace nn::detail
