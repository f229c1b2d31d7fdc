//===- ShapeChecks.cpp - The JIT's call-time shape checks, compiled -------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Before a call the JIT runs the reference interpreter over the function on
// shapes alone (Executable::checkShapes): a wrong dynamic size is an error,
// never compiled code reading out of bounds. An nn-compile object has no
// interpreter, so the same rules become code: this file walks the nn-level
// function once, at compile time, and emits LLVM IR that computes every
// value's sizes from the inputs' and checks each rule the interpreter
// checks (lib/Reference/Interpreter.cpp, lib/IR/ShapeInference.cpp), with
// its message. Static sizes are constants, so checks on them fold away:
// a function with static shapes checks nothing at run time.
//
// An op whose operands and results (and nested ops) are static needs no
// check: the verifier did it. Ops with dynamic sizes are covered rule by
// rule; one that is not yet (control flow carrying dynamic shapes,
// convolutions with a dynamic height, ...) makes nn-compile fail with a
// message, rather than compile a call that could crash.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "nn/IR/DType.h"
#include "nn/IR/Diagnostics.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeInference.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Analysis/InstSimplifyFolder.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/MDBuilder.h"

#include <set>

using namespace mlir;

namespace nn::aot {

namespace {

/// The sizes of a tensor at run time: i64 values, constants where static.
using Dims = SmallVector<llvm::Value *, 4>;

/// Sizes to print as a shape in a Message.
struct ShapeOf {
  ArrayRef<llvm::Value *> dims;
};

/// A message with run-time values: `{i}` in the text stands for values[i]
/// (see nn_aot_shape_error); constants are printed at compile time.
class Message {
public:
  Message &operator<<(llvm::StringRef text) {
    format += text;
    return *this;
  }
  Message &operator<<(int64_t value) {
    format += std::to_string(value);
    return *this;
  }
  Message &operator<<(llvm::Value *value) {
    if (auto *constant = dyn_cast<llvm::ConstantInt>(value))
      return *this << constant->getSExtValue();
    format += "{" + std::to_string(values.size()) + "}";
    values.push_back(value);
    return *this;
  }
  /// `2x3` as nn::formatShape prints it, with the run-time sizes.
  Message &operator<<(ShapeOf shape) {
    if (shape.dims.empty())
      return *this << "scalar";
    for (auto [i, dim] : llvm::enumerate(shape.dims)) {
      if (i)
        format += 'x';
      *this << dim;
    }
    return *this;
  }

  std::string format;
  SmallVector<llvm::Value *> values;
};

RankedTensorType getTensorType(Value value) {
  return dyn_cast<RankedTensorType>(value.getType());
}

class ShapeCheckEmitter {
public:
  ShapeCheckEmitter(llvm::Function *function)
      : function(function), module(*function->getParent()),
        b(&function->getEntryBlock(),
          llvm::InstSimplifyFolder(module.getDataLayout())) {}

  /// Emits the checks of `block` (a function's body or a fusion's) whose
  /// arguments have sizes `args`; gives the sizes its terminator yields.
  absl::Status emitBlock(Block &block, ArrayRef<Dims> args,
                         SmallVectorImpl<Dims> &results);

  /// Checks that each output written into an input (`nn.tied_result`)
  /// has the input's sizes, as the JIT does before a call.
  void checkTiedResults(func::FuncOp func, ArrayRef<Dims> args,
                        ArrayRef<Dims> results);

  llvm::IRBuilderBase &builder() { return b; }

private:
  /// The sizes of the results of `op` after emitting its checks, or an
  /// error naming it when nn-compile has no compiled form of its rules (an
  /// emitter returns failure and sets `why`).
  absl::StatusOr<SmallVector<Dims>> computeResults(Operation *op);
  /// Checks computed results against the declared types (static sizes
  /// must agree) and that they fit in memory; records their sizes.
  void recordResults(Operation *op, ArrayRef<Dims> computed);

  FailureOr<Dims> emitBroadcasting(Operation *op);
  Dims broadcast(Operation *op, ArrayRef<Dims> shapes,
                 ArrayRef<std::string> names);
  void rejectDynamicBroadcast(Operation *op, Value operand,
                              ArrayRef<llvm::Value *> operandDims,
                              ArrayRef<llvm::Value *> result,
                              llvm::StringRef name);
  void verifyBroadcastTo(Operation *op, ArrayRef<llvm::Value *> operand,
                         ArrayRef<llvm::Value *> target);
  FailureOr<Dims> emitMatmul(MatmulOp op);
  FailureOr<Dims> emitReduce(Operation *op, ArrayRef<int64_t> axes,
                             bool keepDims);
  FailureOr<Dims> emitArgmax(ArgmaxOp op);
  FailureOr<Dims> emitReshape(ReshapeOp op);
  FailureOr<Dims> emitBroadcastTo(BroadcastToOp op);
  FailureOr<Dims> emitBroadcastLike(Operation *op);
  FailureOr<Dims> emitTranspose(TransposeOp op);
  FailureOr<Dims> emitConcat(ConcatOp op);
  FailureOr<Dims> emitSlice(SliceOp op);
  FailureOr<Dims> emitPad(PadOp op);
  FailureOr<Dims> emitBatchOnly(Operation *op);
  absl::StatusOr<SmallVector<Dims>> emitCall(func::CallOp call);
  absl::StatusOr<SmallVector<Dims>> emitFusion(FusionOp fusion);
  SmallVector<Dims> emitStatic(Operation *op);

  /// Returns 1 from the check function, after `onFailure`, when `failed`
  /// holds (a branch marked unlikely).
  void returnIf(llvm::Value *failed, llvm::function_ref<void()> onFailure);
  /// Returns 1 from the check function, after nn_aot_shape_error with
  /// `message` prefixed by `op`'s location and name, when `failed` holds.
  void failIf(llvm::Value *failed, Operation *op, const Message &message);
  /// The same with `message` as it is.
  void failIf(llvm::Value *failed, const Message &message);
  /// A pointer to `values` stored in a fresh stack array.
  llvm::Value *storeArray(ArrayRef<llvm::Value *> values);
  /// `<loc>: '<op>' op ` as the interpreter starts its messages.
  std::string prefix(Operation *op) const {
    return formatLocation(op->getLoc()) + ": '" +
           op->getName().getStringRef().str() + "' op ";
  }
  /// The interpreter's call stack after a message, innermost call first.
  std::string callStack() const;

  llvm::Value *constant(int64_t value) { return b.getInt64(value); }
  llvm::Value *eq(llvm::Value *a, llvm::Value *c) {
    return b.CreateICmpEQ(a, c);
  }
  llvm::Value *ne(llvm::Value *a, llvm::Value *c) {
    return b.CreateICmpNE(a, c);
  }
  /// Every tensor value of the block being emitted has its sizes recorded
  /// (block arguments and results); others (index values) have none.
  Dims &dimsOf(Value value) { return dims[value]; }

  llvm::Function *function;
  llvm::Module &module;
  /// Simplifies as it builds: checks on static sizes fold away.
  llvm::IRBuilder<llvm::InstSimplifyFolder> b;
  llvm::DenseMap<Value, Dims> dims;
  /// The call sites being emitted, outermost first, and their callees
  /// (recursion has no compiled form).
  SmallVector<func::CallOp> calls;
  /// The sizes (and element width, last) already checked to fit.
  std::set<SmallVector<llvm::Value *>> checkedSizes;
  std::string why;
};

//===----------------------------------------------------------------------===//
// Emission
//===----------------------------------------------------------------------===//

std::string ShapeCheckEmitter::callStack() const {
  std::string text;
  for (func::CallOp call : llvm::reverse(calls))
    text += "\n  called from " + formatLocation(call.getLoc());
  return text;
}

llvm::Value *ShapeCheckEmitter::storeArray(ArrayRef<llvm::Value *> values) {
  // In the entry block, so that it is one stack slot, not a dynamic one.
  llvm::IRBuilder<> entry(&function->getEntryBlock(),
                          function->getEntryBlock().begin());
  auto *type =
      llvm::ArrayType::get(b.getInt64Ty(), std::max<size_t>(values.size(), 1));
  llvm::Value *array = entry.CreateAlloca(type);
  for (auto [i, value] : llvm::enumerate(values))
    b.CreateStore(value, b.CreateConstInBoundsGEP2_32(type, array, 0, i));
  return array;
}

void ShapeCheckEmitter::returnIf(llvm::Value *failed,
                                 llvm::function_ref<void()> onFailure) {
  if (auto *known = dyn_cast<llvm::ConstantInt>(failed);
      known && known->isZero())
    return;
  llvm::LLVMContext &context = module.getContext();
  auto *error = llvm::BasicBlock::Create(context, "shape_error", function);
  auto *next = llvm::BasicBlock::Create(context, "checked", function);
  b.CreateCondBr(failed, error, next,
                 llvm::MDBuilder(context).createUnlikelyBranchWeights());
  b.SetInsertPoint(error);
  onFailure();
  b.CreateRet(b.getInt32(1));
  b.SetInsertPoint(next);
}

void ShapeCheckEmitter::failIf(llvm::Value *failed, Operation *op,
                               const Message &message) {
  Message full;
  full.format = prefix(op) + message.format + callStack();
  full.values = message.values;
  failIf(failed, full);
}

void ShapeCheckEmitter::failIf(llvm::Value *failed, const Message &message) {
  returnIf(failed, [&] {
    llvm::Value *format =
        b.CreateGlobalString(message.format, ".nn.message", 0, &module);
    llvm::FunctionCallee report =
        module.getOrInsertFunction("nn_aot_shape_error", b.getVoidTy(),
                                   b.getPtrTy(), b.getPtrTy(), b.getInt64Ty());
    b.CreateCall(report, {format, storeArray(message.values),
                          b.getInt64(message.values.size())});
  });
}

absl::Status ShapeCheckEmitter::emitBlock(Block &block, ArrayRef<Dims> args,
                                          SmallVectorImpl<Dims> &results) {
  for (auto [argument, sizes] : llvm::zip(block.getArguments(), args))
    dims[argument] = sizes;
  for (Operation &op : block) {
    if (op.hasTrait<mlir::OpTrait::IsTerminator>()) {
      for (Value operand : op.getOperands())
        results.push_back(dims.lookup(operand));
      return absl::OkStatus();
    }
    absl::StatusOr<SmallVector<Dims>> computed = computeResults(&op);
    if (!computed.ok())
      return computed.status();
    recordResults(&op, *computed);
  }
  return absl::InternalError(prefix(block.getParentOp()) +
                             "has a block without a terminator");
}

/// `3x4xf32`, `f32` for rank 0 (formatTensorType), with run-time sizes.
static Message &appendType(Message &message, ArrayRef<llvm::Value *> sizes,
                           Type type) {
  for (llvm::Value *size : sizes)
    message << size << "x";
  return message << formatType(getElementTypeOrSelf(type));
}

void ShapeCheckEmitter::recordResults(Operation *op, ArrayRef<Dims> computed) {
  for (auto [value, sizes] : llvm::zip(op->getResults(), computed)) {
    RankedTensorType type = getTensorType(value);
    if (!type)
      continue;
    // Some verifiers accept a static result type for a dynamic operand, so
    // what an op computes is checked against its type (as runBlock does).
    Dims result;
    llvm::Value *mismatch = b.getFalse();
    for (auto [declared, size] : llvm::zip(type.getShape(), sizes)) {
      if (ShapedType::isDynamic(declared)) {
        result.push_back(size);
        continue;
      }
      mismatch = b.CreateOr(mismatch, ne(size, constant(declared)));
      result.push_back(constant(declared));
    }
    Message message;
    message << "computed a result of type ";
    appendType(message, sizes, type)
        << " but its declared type is " << formatType(type);
    failIf(mismatch, op, message);
    dims[value] = result;
    // A size beyond memory would make the allocator fail, and the compiled
    // code, which does not check, crash.
    std::optional<DType> dtype = getDType(type);
    if (!dtype || llvm::all_of(result, [](llvm::Value *size) {
          return isa<llvm::ConstantInt>(size);
        }))
      continue;
    // Tensors of the same sizes and element width fit alike: one check.
    SmallVector<llvm::Value *> key(result.begin(), result.end());
    key.push_back(constant(getDTypeSize(*dtype)));
    if (!checkedSizes.insert(key).second)
      continue;
    llvm::Value *what =
        b.CreateGlobalString(prefix(op) + "result", ".nn.message", 0, &module);
    llvm::FunctionCallee checkSize = module.getOrInsertFunction(
        "nn_aot_check_size", b.getInt32Ty(), b.getPtrTy(), b.getPtrTy(),
        b.getInt64Ty(), b.getInt32Ty());
    llvm::Value *status = b.CreateCall(
        checkSize, {what, storeArray(result), b.getInt64(result.size()),
                    b.getInt32(static_cast<int32_t>(*dtype))});
    returnIf(ne(status, b.getInt32(0)), [] {});
  }
}

void ShapeCheckEmitter::checkTiedResults(func::FuncOp func, ArrayRef<Dims> args,
                                         ArrayRef<Dims> results) {
  // Executable::call's check and message: `3x4`, or `a scalar`.
  auto shapeOf = [](Message &message, ArrayRef<llvm::Value *> sizes) {
    if (sizes.empty())
      message << "a scalar";
    for (auto [i, size] : llvm::enumerate(sizes))
      message << (i ? "x" : "") << size;
  };
  for (unsigned arg = 0; arg < func.getNumArguments(); ++arg) {
    auto tied =
        func.getArgAttrOfType<IntegerAttr>(arg, NNDialect::kTiedResultAttrName);
    if (!tied)
      continue;
    const Dims &input = args[arg], &output = results[tied.getInt()];
    llvm::Value *differ = b.getFalse();
    for (auto [in, out] : llvm::zip(input, output))
      differ = b.CreateOr(differ, ne(in, out));
    Message message;
    message << "output " << tied.getInt() << " of function '"
            << func.getSymName() << "' is written into input "
            << static_cast<int64_t>(arg) << " (";
    shapeOf(message, input);
    message << ") but has shape ";
    shapeOf(message, output);
    failIf(differ, message);
  }
}

//===----------------------------------------------------------------------===//
// The rules of the ops
//===----------------------------------------------------------------------===//

/// Whether every type in `op`, its regions and the functions it calls is
/// static: then the verifier has checked every rule.
static bool isStatic(Operation *op, llvm::DenseSet<Operation *> &visited) {
  auto isStaticType = [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return !shaped || shaped.hasStaticShape();
  };
  WalkResult result = op->walk([&](Operation *nested) {
    if (!llvm::all_of(nested->getOperandTypes(), isStaticType) ||
        !llvm::all_of(nested->getResultTypes(), isStaticType))
      return WalkResult::interrupt();
    for (Region &region : nested->getRegions())
      for (Block &block : region)
        if (!llvm::all_of(block.getArgumentTypes(), isStaticType))
          return WalkResult::interrupt();
    auto call = dyn_cast<func::CallOp>(nested);
    if (!call)
      return WalkResult::advance();
    auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    if (!callee || !visited.insert(callee).second)
      return WalkResult::advance();
    return isStatic(callee, visited) ? WalkResult::advance()
                                     : WalkResult::interrupt();
  });
  return !result.wasInterrupted();
}

absl::StatusOr<SmallVector<Dims>>
ShapeCheckEmitter::computeResults(Operation *op) {
  why = "has dynamic sizes";
  auto one = [&](FailureOr<Dims> result) -> FailureOr<SmallVector<Dims>> {
    if (failed(result))
      return failure();
    return SmallVector<Dims>{*result};
  };
  llvm::DenseSet<Operation *> visited;
  if (isStatic(op, visited))
    return emitStatic(op);
  if (auto call = dyn_cast<func::CallOp>(op))
    return emitCall(call);
  if (auto fusion = dyn_cast<FusionOp>(op))
    return emitFusion(fusion);
  FailureOr<SmallVector<Dims>> results;
  if (op->hasTrait<nn::OpTrait::BroadcastingElementwise>())
    results = one(emitBroadcasting(op));
  else
    results =
        llvm::TypeSwitch<Operation *, FailureOr<SmallVector<Dims>>>(op)
            .Case<NegOp, AbsOp, ExpOp, LogOp, SqrtOp, RsqrtOp, TanhOp,
                  SigmoidOp, ReluOp, SignOp, CastOp, SoftmaxOp, LogSoftmaxOp>(
                [&](Operation *) { return one(dimsOf(op->getOperand(0))); })
            .Case<MatmulOp>(
                [&](MatmulOp matmul) { return one(emitMatmul(matmul)); })
            .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp>(
                [&](auto reduce) {
                  return one(
                      emitReduce(op, reduce.getAxes(), reduce.getKeepDims()));
                })
            .Case<ArgmaxOp>(
                [&](ArgmaxOp argmax) { return one(emitArgmax(argmax)); })
            .Case<ReshapeOp>(
                [&](ReshapeOp reshape) { return one(emitReshape(reshape)); })
            .Case<TransposeOp>([&](TransposeOp transpose) {
              return one(emitTranspose(transpose));
            })
            .Case<BroadcastToOp>([&](BroadcastToOp broadcast) {
              return one(emitBroadcastTo(broadcast));
            })
            .Case<ConcatOp>(
                [&](ConcatOp concat) { return one(emitConcat(concat)); })
            .Case<SliceOp>([&](SliceOp slice) { return one(emitSlice(slice)); })
            .Case<PadOp>([&](PadOp pad) { return one(emitPad(pad)); })
            .Case<OneHotOp>([&](OneHotOp oneHot) {
              Dims result = dimsOf(oneHot.getIndices());
              result.push_back(constant(oneHot.getDepth()));
              return one(result);
            })
            .Case<BroadcastLikeOp, UnbroadcastOp>(
                [&](Operation *) { return one(emitBroadcastLike(op)); })
            .Case<Conv2DOp, MaxPool2DOp, AvgPool2DOp>(
                [&](Operation *) { return one(emitBatchOnly(op)); })
            .Default([&](Operation *) -> FailureOr<SmallVector<Dims>> {
              return failure();
            });
  if (succeeded(results))
    return *results;
  return absl::UnimplementedError(
      prefix(op) + why +
      " that nn-compile cannot check before a call yet (the JIT can: "
      "nn-run --device=cpu); make them static" +
      callStack());
}

SmallVector<Dims> ShapeCheckEmitter::emitStatic(Operation *op) {
  SmallVector<Dims> results;
  for (Value result : op->getResults()) {
    Dims sizes;
    if (RankedTensorType type = getTensorType(result))
      for (int64_t size : type.getShape())
        sizes.push_back(constant(size));
    results.push_back(sizes);
  }
  return results;
}

absl::StatusOr<SmallVector<Dims>>
ShapeCheckEmitter::emitCall(func::CallOp call) {
  auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
      call, call.getCalleeAttr());
  if (!callee || callee.isExternal())
    return absl::InvalidArgumentError(prefix(call) + "calls '" +
                                      call.getCallee().str() +
                                      "', which has no body");
  if (llvm::any_of(calls, [&](func::CallOp outer) {
        return outer.getCallee() == call.getCallee();
      }))
    return absl::UnimplementedError(
        prefix(call) + "calls '" + call.getCallee().str() +
        "' recursively with dynamic sizes, which nn-compile cannot check");
  if (!llvm::hasSingleElement(callee.getBody()))
    return absl::UnimplementedError(prefix(call) + "calls '" +
                                    call.getCallee().str() +
                                    "', which has several blocks");
  SmallVector<Dims> args, results;
  for (Value operand : call.getOperands())
    args.push_back(dimsOf(operand));
  calls.push_back(call);
  absl::Status status = emitBlock(callee.getBody().front(), args, results);
  calls.pop_back();
  if (!status.ok())
    return status;
  return results;
}

absl::StatusOr<SmallVector<Dims>>
ShapeCheckEmitter::emitFusion(FusionOp fusion) {
  SmallVector<Dims> args, results;
  for (Value operand : fusion->getOperands())
    args.push_back(dimsOf(operand));
  if (!llvm::hasSingleElement(fusion.getBody()))
    return absl::InvalidArgumentError(prefix(fusion) +
                                      "must have exactly one block");
  if (absl::Status status = emitBlock(fusion.getBody().front(), args, results);
      !status.ok())
    return status;
  return results;
}

FailureOr<Dims> ShapeCheckEmitter::emitBroadcasting(Operation *op) {
  static const char *const binaryNames[] = {"lhs", "rhs"};
  static const char *const selectNames[] = {"cond", "on_true", "on_false"};
  bool isSelect = isa<SelectOp>(op);
  if (op->getNumOperands() > (isSelect ? 3u : 2u))
    return failure();
  SmallVector<Dims> shapes;
  SmallVector<std::string> names;
  for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
    shapes.push_back(dimsOf(operand));
    names.push_back(isSelect ? selectNames[i] : binaryNames[i]);
  }
  Dims result = broadcast(op, shapes, names);
  for (auto [i, operand] : llvm::enumerate(op->getOperands()))
    rejectDynamicBroadcast(op, operand, shapes[i], result, names[i]);
  return result;
}

Dims ShapeCheckEmitter::broadcast(Operation *op, ArrayRef<Dims> shapes,
                                  ArrayRef<std::string> names) {
  size_t rank = 0;
  for (const Dims &shape : shapes)
    rank = std::max(rank, shape.size());
  Dims result(rank, constant(1));
  // The operand that set each result size, as far as the compiler can tell
  // (for messages; exact for two operands).
  SmallVector<int> source(rank, -1);
  for (auto [operand, shape] : llvm::enumerate(shapes)) {
    size_t offset = rank - shape.size();
    for (auto [i, dim] : llvm::enumerate(shape)) {
      llvm::Value *&out = result[offset + i];
      llvm::Value *one = constant(1);
      llvm::Value *outIsOne = eq(out, one);
      if (int other = source[offset + i]; other >= 0) {
        // As inferBroadcastShape: sizes 1 stretch, others must agree.
        llvm::Value *incompatible = b.CreateAnd(
            b.CreateAnd(ne(dim, one), ne(dim, out)), b.CreateNot(outIsOne));
        failIf(incompatible, op,
               Message() << names[other] << " of shape "
                         << ShapeOf{shapes[other]} << " and " << names[operand]
                         << " of shape " << ShapeOf{shape}
                         << " are not broadcast compatible: " << out << " vs "
                         << dim << " at result dimension "
                         << static_cast<int64_t>(offset + i));
      }
      auto *known = dyn_cast<llvm::ConstantInt>(dim);
      if (!known || !known->isOne())
        source[offset + i] = operand;
      out = b.CreateSelect(outIsOne, dim, out);
    }
  }
  return result;
}

void ShapeCheckEmitter::rejectDynamicBroadcast(
    Operation *op, Value operand, ArrayRef<llvm::Value *> operandDims,
    ArrayRef<llvm::Value *> result, llvm::StringRef name) {
  RankedTensorType type = getTensorType(operand);
  if (operandDims.size() > result.size())
    return; // verifyBroadcastTo failed already.
  size_t offset = result.size() - operandDims.size();
  for (auto [d, size] : llvm::enumerate(operandDims)) {
    if (!type || !type.isDynamicDim(d))
      continue;
    llvm::Value *out = result[offset + d];
    failIf(b.CreateAnd(eq(size, constant(1)), ne(out, constant(1))), op,
           Message() << name << " dimension " << static_cast<int64_t>(d)
                     << " is dynamic and has size 1, which broadcasts to "
                     << out
                     << "; compiled code needs such a dimension to be "
                        "static (tensor<1x...>), or run with --device=ref");
  }
}

void ShapeCheckEmitter::verifyBroadcastTo(Operation *op,
                                          ArrayRef<llvm::Value *> operand,
                                          ArrayRef<llvm::Value *> target) {
  if (operand.size() > target.size()) {
    failIf(b.getTrue(), op,
           Message() << "operand of shape " << ShapeOf{operand} << " has rank "
                     << static_cast<int64_t>(operand.size())
                     << ", more than the result shape " << ShapeOf{target});
    return;
  }
  size_t offset = target.size() - operand.size();
  for (auto [i, dim] : llvm::enumerate(operand)) {
    llvm::Value *out = target[offset + i];
    failIf(b.CreateAnd(ne(dim, constant(1)), ne(dim, out)), op,
           Message() << "operand of shape " << ShapeOf{operand}
                     << " does not broadcast to " << ShapeOf{target}
                     << ": operand dimension " << static_cast<int64_t>(i)
                     << " is " << dim << " but result dimension "
                     << static_cast<int64_t>(offset + i) << " is " << out);
  }
}

FailureOr<Dims> ShapeCheckEmitter::emitMatmul(MatmulOp op) {
  Dims lhs = dimsOf(op.getLhs()), rhs = dimsOf(op.getRhs());
  if (lhs.size() < 2 || rhs.size() < 2)
    return failure();
  bool transposeLhs = op.getTransposeLhs(), transposeRhs = op.getTransposeRhs();
  size_t l = lhs.size(), r = rhs.size();
  llvm::Value *m = transposeLhs ? lhs[l - 1] : lhs[l - 2];
  llvm::Value *lhsK = transposeLhs ? lhs[l - 2] : lhs[l - 1];
  llvm::Value *rhsK = transposeRhs ? rhs[r - 1] : rhs[r - 2];
  llvm::Value *n = transposeRhs ? rhs[r - 2] : rhs[r - 1];
  failIf(ne(lhsK, rhsK), op,
         Message() << "contracting dimensions differ: lhs of shape "
                   << ShapeOf{lhs} << (transposeLhs ? " (transposed)" : "")
                   << " has K = " << lhsK << " but rhs of shape "
                   << ShapeOf{rhs} << (transposeRhs ? " (transposed)" : "")
                   << " has K = " << rhsK);
  Dims lhsBatch(lhs.begin(), lhs.end() - 2),
      rhsBatch(rhs.begin(), rhs.end() - 2);
  Dims result = broadcast(op, {lhsBatch, rhsBatch},
                          {"lhs batch dimensions", "rhs batch dimensions"});
  result.push_back(m);
  result.push_back(n);
  return result;
}

FailureOr<Dims> ShapeCheckEmitter::emitReduce(Operation *op,
                                              ArrayRef<int64_t> axes,
                                              bool keepDims) {
  Dims operand = dimsOf(op->getOperand(0));
  FailureOr<SmallVector<int64_t>> normalized =
      normalizeAxes(ShapeErrorEmitter(std::nullopt, ""), axes, operand.size());
  if (failed(normalized))
    return failure();
  Dims result;
  for (auto [i, size] : llvm::enumerate(operand)) {
    if (!llvm::is_contained(*normalized, static_cast<int64_t>(i)))
      result.push_back(size);
    else if (keepDims)
      result.push_back(constant(1));
  }
  return result;
}

FailureOr<Dims> ShapeCheckEmitter::emitArgmax(ArgmaxOp op) {
  Dims operand = dimsOf(op.getOperand());
  FailureOr<int64_t> axis =
      normalizeAxis(ShapeErrorEmitter(std::nullopt, ""),
                    op.getAxisAttr().getInt(), operand.size());
  if (failed(axis))
    return failure();
  failIf(eq(operand[*axis], constant(0)), op,
         Message() << "has no maximum along an empty axis");
  return emitReduce(op, {*axis}, op.getKeepDims());
}

FailureOr<Dims> ShapeCheckEmitter::emitReshape(ReshapeOp op) {
  Dims operand = dimsOf(op.getOperand());
  RankedTensorType type = op.getType();
  llvm::Value *count = constant(1);
  for (llvm::Value *size : operand)
    count = b.CreateMul(count, size);
  int64_t staticCount = 1;
  for (int64_t size : type.getShape())
    if (!ShapedType::isDynamic(size))
      staticCount *= size;
  // As the interpreter resolves dynamic sizes: each takes what is left.
  llvm::Value *known = constant(staticCount);
  Dims result;
  for (int64_t size : type.getShape()) {
    if (!ShapedType::isDynamic(size)) {
      result.push_back(constant(size));
      continue;
    }
    llvm::Value *empty = eq(known, constant(0));
    llvm::Value *divisor = b.CreateSelect(empty, constant(1), known);
    failIf(b.CreateOr(empty, ne(b.CreateSRem(count, divisor), constant(0))), op,
           Message() << "cannot reshape " << count << " elements (operand of "
                     << "shape " << ShapeOf{operand} << ") to "
                     << formatType(type));
    llvm::Value *dim = b.CreateSDiv(count, divisor);
    result.push_back(dim);
    known = b.CreateMul(known, dim);
  }
  failIf(ne(known, count), op,
         Message() << "operand of shape " << ShapeOf{operand} << " has "
                   << count << " elements but the result " << formatType(type)
                   << " has " << known);
  return result;
}

FailureOr<Dims> ShapeCheckEmitter::emitBroadcastTo(BroadcastToOp op) {
  Dims operand = dimsOf(op.getOperand());
  ArrayRef<int64_t> shape = op.getType().getShape();
  if (operand.size() > shape.size())
    return failure();
  // A dynamic result size takes the operand's, or 1 where it has none.
  size_t offset = shape.size() - operand.size();
  Dims result;
  for (auto [d, size] : llvm::enumerate(shape))
    result.push_back(!ShapedType::isDynamic(size) ? constant(size)
                     : d >= offset                ? operand[d - offset]
                                                  : constant(1));
  verifyBroadcastTo(op, operand, result);
  return result;
}

FailureOr<Dims> ShapeCheckEmitter::emitBroadcastLike(Operation *op) {
  // nn.broadcast_like stretches operand 0 to the sizes of operand 1;
  // nn.unbroadcast sums operand 0 down to the sizes of operand 1, which
  // must stretch to operand 0's.
  bool isBroadcast = isa<BroadcastLikeOp>(op);
  Value from = op->getOperand(isBroadcast ? 0 : 1);
  Dims fromDims = dimsOf(from), toDims = dimsOf(op->getOperand(isBroadcast));
  verifyBroadcastTo(op, fromDims, toDims);
  rejectDynamicBroadcast(op, from, fromDims, toDims,
                         isBroadcast ? "operand" : "like");
  return dimsOf(op->getOperand(1));
}

FailureOr<Dims> ShapeCheckEmitter::emitTranspose(TransposeOp op) {
  Dims operand = dimsOf(op.getOperand()), result;
  for (int64_t axis : op.getPerm()) {
    if (axis < 0 || axis >= static_cast<int64_t>(operand.size()))
      return failure();
    result.push_back(operand[axis]);
  }
  return result;
}

FailureOr<Dims> ShapeCheckEmitter::emitConcat(ConcatOp op) {
  SmallVector<Dims> inputs;
  for (Value input : op.getInputs())
    inputs.push_back(dimsOf(input));
  if (inputs.empty())
    return failure();
  FailureOr<int64_t> axis =
      normalizeAxis(ShapeErrorEmitter(std::nullopt, ""),
                    op.getAxisAttr().getInt(), inputs.front().size());
  if (failed(axis))
    return failure();
  Dims result = inputs.front();
  for (auto [index, shape] : llvm::enumerate(ArrayRef(inputs).drop_front())) {
    if (shape.size() != result.size())
      return failure();
    for (auto [d, size] : llvm::enumerate(shape)) {
      if (static_cast<int64_t>(d) == *axis) {
        result[d] = b.CreateAdd(result[d], size);
        continue;
      }
      failIf(ne(size, result[d]), op,
             Message() << "input " << static_cast<int64_t>(index + 1)
                       << " of shape " << ShapeOf{shape}
                       << " differs from the other inputs in dimension "
                       << static_cast<int64_t>(d) << " (" << size << " vs "
                       << result[d] << "), which is not the axis " << *axis);
    }
  }
  return result;
}

FailureOr<Dims> ShapeCheckEmitter::emitSlice(SliceOp op) {
  Dims operand = dimsOf(op.getOperand());
  ArrayRef<int64_t> start = op.getStart(), limit = op.getLimit();
  SmallVector<int64_t> strides = op.getEffectiveStrides();
  if (start.size() != operand.size() || limit.size() != operand.size() ||
      strides.size() != operand.size())
    return failure();
  Dims result;
  for (auto [d, size] : llvm::enumerate(operand)) {
    if (start[d] < 0 || start[d] > limit[d] || strides[d] < 1)
      return failure();
    failIf(b.CreateICmpSGT(constant(limit[d]), size), op,
           Message() << "slice [" << start[d] << ", " << limit[d]
                     << ") of dimension " << static_cast<int64_t>(d)
                     << " is out of bounds for the operand of shape "
                     << ShapeOf{operand}
                     << " (expected 0 <= start <= limit <= " << size << ")");
    int64_t extent = limit[d] - start[d];
    result.push_back(
        constant(extent / strides[d] + (extent % strides[d] != 0)));
  }
  return result;
}

FailureOr<Dims> ShapeCheckEmitter::emitPad(PadOp op) {
  Dims operand = dimsOf(op.getOperand());
  ArrayRef<int64_t> low = op.getLow(), high = op.getHigh();
  SmallVector<int64_t> interior = op.getEffectiveInterior();
  if (low.size() != operand.size() || high.size() != operand.size() ||
      interior.size() != operand.size())
    return failure();
  // size + low + high + interior * (size - 1), the gaps only when size > 0.
  // A sum that overflows is negative, which the size check rejects.
  Dims result;
  for (auto [d, size] : llvm::enumerate(operand)) {
    llvm::Value *gaps = b.CreateSelect(
        b.CreateICmpSGT(size, constant(0)),
        b.CreateMul(constant(interior[d]), b.CreateSub(size, constant(1))),
        constant(0));
    result.push_back(b.CreateAdd(
        b.CreateAdd(b.CreateAdd(size, constant(low[d])), constant(high[d])),
        gaps));
  }
  return result;
}

FailureOr<Dims> ShapeCheckEmitter::emitBatchOnly(Operation *op) {
  // The window rules hold for any batch: with every other size static, the
  // verifier checked them.
  auto batchOnly = [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && tensor.getRank() >= 1 &&
           llvm::all_of(tensor.getShape().drop_front(), [](int64_t size) {
             return !ShapedType::isDynamic(size);
           });
  };
  if (!batchOnly(op->getOperand(0).getType()) ||
      !batchOnly(op->getResult(0).getType()) ||
      !llvm::all_of(llvm::drop_begin(op->getOperandTypes()), [](Type type) {
        return cast<ShapedType>(type).hasStaticShape();
      })) {
    why = "has dynamic sizes other than the batch";
    return failure();
  }
  Dims result{dimsOf(op->getOperand(0)).front()};
  for (int64_t size : getTensorType(op->getResult(0)).getShape().drop_front())
    result.push_back(constant(size));
  return result;
}

} // namespace

absl::StatusOr<llvm::Function *>
emitShapeChecks(func::FuncOp func, llvm::Module &module, llvm::StringRef name) {
  if (!llvm::hasSingleElement(func.getBody()))
    return absl::UnimplementedError(
        formatLocation(func.getLoc()) + ": function '" +
        func.getSymName().str() +
        "' has several blocks, which nn-compile does not support");
  llvm::LLVMContext &context = module.getContext();
  auto *type = llvm::FunctionType::get(llvm::Type::getInt32Ty(context),
                                       {llvm::PointerType::get(context, 0)},
                                       /*isVarArg=*/false);
  auto *function = llvm::Function::Create(
      type, llvm::GlobalValue::InternalLinkage, name, module);
  llvm::BasicBlock::Create(context, "entry", function);
  ShapeCheckEmitter emitter(function);
  llvm::IRBuilderBase &b = emitter.builder();
  // The inputs' sizes, in order; static ones are constants (the runtime
  // checked them against the signature).
  llvm::Value *inputDims = function->getArg(0);
  SmallVector<Dims> args;
  unsigned next = 0;
  for (Type argType : func.getArgumentTypes()) {
    Dims sizes;
    if (auto tensor = dyn_cast<RankedTensorType>(argType))
      for (int64_t size : tensor.getShape()) {
        llvm::Value *slot =
            b.CreateConstInBoundsGEP1_32(b.getInt64Ty(), inputDims, next++);
        sizes.push_back(
            ShapedType::isDynamic(size)
                ? static_cast<llvm::Value *>(b.CreateLoad(b.getInt64Ty(), slot))
                : b.getInt64(size));
      }
    args.push_back(sizes);
  }
  SmallVector<Dims> results;
  if (absl::Status status =
          emitter.emitBlock(func.getBody().front(), args, results);
      !status.ok()) {
    function->eraseFromParent();
    return status;
  }
  emitter.checkTiedResults(func, args, results);
  b.CreateRet(b.getInt32(0));
  return function;
}

} // namespace nn::aot
