//===- Autodiff.cpp - Reverse-mode automatic differentiation --------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// For `nn.grad @f(args) {wrt}`, generates a function that clones f's body
// (the forward pass) and then walks the clone backwards, asking each op for
// its VJP. A `func.call` on the path gets a VJP function of its callee:
// (callee args, gradients of the float results) -> gradients of the float
// args, which recomputes the callee's forward pass.
//
//===----------------------------------------------------------------------===//

#include "nn/Transforms/Passes.h"

#include "nn/IR/NNOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace nn {
#define GEN_PASS_DEF_NNAUTODIFF
#include "nn/Transforms/Passes.h.inc"
} // namespace nn

using namespace mlir;
using namespace nn;

namespace {

bool isFloatTensor(Type type) {
  return isa<FloatType>(getElementTypeOrSelf(type));
}

/// Zeros of the run-time shape of `like`.
Value zerosLike(OpBuilder &b, Location loc, Value like) {
  auto type = cast<RankedTensorType>(like.getType());
  Type element = type.getElementType();
  auto scalarType = RankedTensorType::get({}, element);
  Attribute zero = isa<FloatType>(element)
                       ? Attribute(b.getFloatAttr(element, 0))
                       : Attribute(b.getIntegerAttr(element, 0));
  if (type.hasStaticShape())
    return ConstantOp::create(b, loc, DenseElementsAttr::get(type, zero));
  Value scalar =
      ConstantOp::create(b, loc, DenseElementsAttr::get(scalarType, zero));
  return BroadcastLikeOp::create(b, loc, type, scalar, like);
}

/// The key of a generated gradient function.
std::string gradName(func::FuncOp callee, ArrayRef<int64_t> wrt,
                     unsigned numValues) {
  std::string name =
      callee.getSymName().str() + (numValues > 1   ? "__value_aux_and_grad_w"
                                   : numValues > 0 ? "__value_and_grad_w"
                                                   : "__grad_w");
  for (auto [i, index] : llvm::enumerate(wrt))
    name += (i ? "_" : "") + std::to_string(index);
  return name;
}

class Differentiator {
public:
  explicit Differentiator(ModuleOp module) : module(module), symbols(module) {}

  /// Replaces every nn.grad / nn.value_and_grad in `func` by a call.
  LogicalResult lowerGradOps(func::FuncOp func);

private:
  /// The gradient function of `callee`, returning its first `numValues`
  /// results (the value, then auxiliary results), then the gradients.
  FailureOr<func::FuncOp> getGradFunction(func::FuncOp callee,
                                          ArrayRef<int64_t> wrt,
                                          unsigned numValues, Operation *user);
  /// The VJP function of `callee` for the arguments in `needed` (the others
  /// are not differentiated at all).
  FailureOr<func::FuncOp> getVJPFunction(func::FuncOp callee,
                                         ArrayRef<unsigned> needed,
                                         Operation *user);

  using SeedFn =
      llvm::function_ref<void(OpBuilder &, Block *, ArrayRef<Value> returned,
                              DenseMap<Value, Value> &adjoints)>;
  /// Creates the private function `name`, (inputs) -> (results), after
  /// `callee`: a copy of callee's forward pass, the adjoints that `seed`
  /// sets on its returned values, the reverse pass to the arguments `wrt`,
  /// and a return of callee's first `numValues` results and their
  /// gradients (zeros where the seeds do not reach).
  FailureOr<func::FuncOp> buildReverseFunction(func::FuncOp callee,
                                               StringRef name, TypeRange inputs,
                                               TypeRange results,
                                               ArrayRef<int64_t> wrt,
                                               unsigned numValues, SeedFn seed);

  /// The callee of a call or grad op, lowered of its own grad ops first.
  FailureOr<func::FuncOp> resolveCallee(Operation *user, StringRef name);

  /// Clones the body of `source` into `target`'s entry block (whose first
  /// arguments correspond to `source`'s), without the return; gives the
  /// returned values.
  SmallVector<Value> cloneForward(func::FuncOp source, Block *target,
                                  OpBuilder &builder);

  /// Walks the forward ops of `block` backwards from the seeded adjoints,
  /// accumulating the adjoint of every value that depends on `inputs`.
  LogicalResult backpropagate(OpBuilder &builder, Block *block,
                              ArrayRef<Value> inputs,
                              DenseMap<Value, Value> &adjoints);

  /// Seeds the adjoints of `yielded` with `grads` (null: none), runs the
  /// reverse pass over the forward ops of `block` and gives the gradient of
  /// each of `inputs` (null where none reaches it).
  LogicalResult reverseBlock(OpBuilder &builder, Block *block,
                             ArrayRef<Value> inputs, ArrayRef<Value> yielded,
                             ArrayRef<Value> grads,
                             SmallVectorImpl<Value> &inputGrads);

  /// The VJPs of the control-flow ops, for the operands in `varied`; like
  /// DifferentiableOpInterface::buildVJP, they push one gradient (or null)
  /// per operand. `resultGrads` has null entries for non-float results.
  LogicalResult buildCondVJP(OpBuilder &builder, CondOp op,
                             ArrayRef<Value> resultGrads,
                             const DenseSet<Value> &varied,
                             SmallVectorImpl<Value> &operandGrads);
  LogicalResult buildForVJP(OpBuilder &builder, ForOp op,
                            ArrayRef<Value> resultGrads,
                            const DenseSet<Value> &varied,
                            SmallVectorImpl<Value> &operandGrads);

  /// Adds `gradient` into the adjoint of `value`.
  void accumulate(OpBuilder &builder, DenseMap<Value, Value> &adjoints,
                  Value value, Value gradient);

  ModuleOp module;
  SymbolTable symbols;
  llvm::StringMap<func::FuncOp> generated;
  /// Functions being lowered or differentiated, to reject recursion.
  llvm::SetVector<Operation *> inProgress;
  DenseSet<Operation *> lowered;
};

FailureOr<func::FuncOp> Differentiator::resolveCallee(Operation *user,
                                                      StringRef name) {
  auto callee = symbols.lookup<func::FuncOp>(name);
  if (!callee || callee.isExternal())
    return user->emitOpError("cannot differentiate '")
           << name << "': it is not a function with a body in this module";
  if (inProgress.contains(callee))
    return user->emitOpError("cannot differentiate '")
           << name << "': it is recursive";
  if (failed(lowerGradOps(callee)))
    return failure();
  return callee;
}

LogicalResult Differentiator::lowerGradOps(func::FuncOp func) {
  if (lowered.contains(func))
    return success();
  inProgress.insert(func);
  SmallVector<Operation *> gradOps;
  func.walk([&](Operation *op) {
    if (isa<GradOp, ValueAndGradOp>(op))
      gradOps.push_back(op);
  });
  for (Operation *op : gradOps) {
    auto calleeAttr = op->getAttrOfType<FlatSymbolRefAttr>("callee");
    auto valueAndGrad = dyn_cast<ValueAndGradOp>(op);
    SmallVector<int64_t> wrt = valueAndGrad
                                   ? valueAndGrad.getEffectiveWrt()
                                   : cast<GradOp>(op).getEffectiveWrt();
    FailureOr<func::FuncOp> callee = resolveCallee(op, calleeAttr.getValue());
    if (failed(callee))
      return failure();
    unsigned numValues = 0;
    if (valueAndGrad)
      numValues = valueAndGrad.getHasAux() ? callee->getNumResults() : 1;
    FailureOr<func::FuncOp> gradFunc =
        getGradFunction(*callee, wrt, numValues, op);
    if (failed(gradFunc))
      return failure();
    // Unverified IR again: the call must fit the op it replaces.
    FunctionType type = gradFunc->getFunctionType();
    if (TypeRange(op->getOperandTypes()) != TypeRange(type.getInputs()) ||
        TypeRange(op->getResultTypes()) != TypeRange(type.getResults()))
      return op->emitOpError("has type ")
             << FunctionType::get(op->getContext(), op->getOperandTypes(),
                                  op->getResultTypes())
             << " but the gradient of '" << calleeAttr.getValue()
             << "' has type " << type;
    OpBuilder builder(op);
    auto call = func::CallOp::create(builder, op->getLoc(), *gradFunc,
                                     op->getOperands());
    op->replaceAllUsesWith(call.getResults());
    op->erase();
  }
  inProgress.remove(func);
  lowered.insert(func);
  return success();
}

SmallVector<Value> Differentiator::cloneForward(func::FuncOp source,
                                                Block *target,
                                                OpBuilder &builder) {
  IRMapping mapping;
  Block &body = source.getBody().front();
  for (auto [from, to] : llvm::zip(body.getArguments(), target->getArguments()))
    mapping.map(from, to);
  builder.setInsertionPointToEnd(target);
  for (Operation &op : body.without_terminator())
    builder.clone(op, mapping);
  SmallVector<Value> returned;
  for (Value value : body.getTerminator()->getOperands())
    returned.push_back(mapping.lookup(value));
  return returned;
}

void Differentiator::accumulate(OpBuilder &builder,
                                DenseMap<Value, Value> &adjoints, Value value,
                                Value gradient) {
  auto [it, inserted] = adjoints.try_emplace(value, gradient);
  if (!inserted)
    it->second =
        AddOp::create(builder, gradient.getLoc(), it->second, gradient);
}

LogicalResult Differentiator::backpropagate(OpBuilder &builder, Block *block,
                                            ArrayRef<Value> inputs,
                                            DenseMap<Value, Value> &adjoints) {
  // Only ops between the inputs (forward) and the seeds (backward) need a
  // VJP: `varied` values depend on an input, and an op is visited only when
  // one of its results has an adjoint.
  DenseSet<Value> varied(inputs.begin(), inputs.end());
  SmallVector<Operation *> forwardOps;
  for (Operation &op : *block) {
    forwardOps.push_back(&op);
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return varied.contains(v); }))
      for (Value result : op.getResults())
        if (isFloatTensor(result.getType()))
          varied.insert(result);
  }
  for (Operation *op : llvm::reverse(forwardOps)) {
    bool hasAdjoint = llvm::any_of(op->getResults(),
                                   [&](Value r) { return adjoints.count(r); });
    bool hasVariedOperand = llvm::any_of(
        op->getOperands(), [&](Value v) { return varied.contains(v); });
    if (!hasAdjoint || !hasVariedOperand)
      continue;

    builder.setInsertionPointToEnd(block);
    SmallVector<Value> resultGrads;
    for (Value result : op->getResults()) {
      if (!isFloatTensor(result.getType())) {
        resultGrads.push_back(Value());
        continue;
      }
      auto it = adjoints.find(result);
      resultGrads.push_back(it != adjoints.end()
                                ? it->second
                                : zerosLike(builder, op->getLoc(), result));
    }

    SmallVector<Value> operandGrads;
    // The control-flow rules walk regions and terminators: IR built in C++
    // may reach the pass unverified, and must fail with the verifier's
    // message rather than crash.
    if (isa<CondOp, ForOp, WhileOp>(op) && failed(mlir::verify(op)))
      return failure();
    if (auto cond = dyn_cast<CondOp>(op)) {
      if (failed(
              buildCondVJP(builder, cond, resultGrads, varied, operandGrads)))
        return failure();
    } else if (auto loop = dyn_cast<ForOp>(op)) {
      if (failed(buildForVJP(builder, loop, resultGrads, varied, operandGrads)))
        return failure();
    } else if (isa<WhileOp>(op)) {
      return op->emitOpError(
          "cannot be reverse-differentiated: its trip count depends on the "
          "data, so the reverse pass could not know how many iterations to "
          "undo; use nn.for with static bounds (lower, upper, step) for a "
          "loop on the differentiated path");
    } else if (auto call = dyn_cast<func::CallOp>(op)) {
      FailureOr<func::FuncOp> callee = resolveCallee(op, call.getCallee());
      if (failed(callee))
        return failure();
      // Only the operands that depend on the differentiated arguments need
      // gradients; a VJP for the others would be wasted work.
      SmallVector<unsigned> needed;
      for (auto [i, operand] : llvm::enumerate(call.getOperands()))
        if (isFloatTensor(operand.getType()) && varied.contains(operand))
          needed.push_back(i);
      FailureOr<func::FuncOp> vjp = getVJPFunction(*callee, needed, op);
      if (failed(vjp))
        return failure();
      SmallVector<Value> args(call.getOperands());
      for (Value grad : resultGrads)
        if (grad)
          args.push_back(grad);
      builder.setInsertionPointToEnd(block);
      auto vjpCall = func::CallOp::create(builder, op->getLoc(), *vjp, args);
      operandGrads.assign(call.getNumOperands(), Value());
      for (auto [i, index] : llvm::enumerate(needed))
        operandGrads[index] = vjpCall.getResult(i);
    } else if (auto differentiable = dyn_cast<DifferentiableOpInterface>(op)) {
      if (llvm::any_of(resultGrads, [](Value g) { return !g; }))
        return op->emitOpError("has a result without a float gradient");
      if (failed(differentiable.buildVJP(builder, resultGrads, operandGrads)))
        return failure();
      if (operandGrads.size() != op->getNumOperands())
        return op->emitOpError("VJP rule returned ")
               << operandGrads.size() << " gradients for "
               << op->getNumOperands() << " operands";
    } else {
      return op->emitOpError("is not differentiable: it lies between the "
                             "differentiated arguments and the loss but does "
                             "not implement DifferentiableOpInterface");
    }

    builder.setInsertionPointToEnd(block);
    for (auto [operand, grad] : llvm::zip(op->getOperands(), operandGrads)) {
      if (!grad || !varied.contains(operand))
        continue;
      if (grad.getType() != operand.getType())
        return op->emitOpError("VJP rule produced a gradient of type ")
               << grad.getType() << " for an operand of type "
               << operand.getType();
      accumulate(builder, adjoints, operand, grad);
    }
  }
  return success();
}

LogicalResult Differentiator::reverseBlock(OpBuilder &builder, Block *block,
                                           ArrayRef<Value> inputs,
                                           ArrayRef<Value> yielded,
                                           ArrayRef<Value> grads,
                                           SmallVectorImpl<Value> &inputGrads) {
  DenseMap<Value, Value> adjoints;
  builder.setInsertionPointToEnd(block);
  for (auto [value, grad] : llvm::zip(yielded, grads))
    if (grad)
      accumulate(builder, adjoints, value, grad);
  if (failed(backpropagate(builder, block, inputs, adjoints)))
    return failure();
  for (Value input : inputs)
    inputGrads.push_back(adjoints.lookup(input));
  builder.setInsertionPointToEnd(block);
  return success();
}

/// The indices of the operands in `range` that need gradients.
static SmallVector<unsigned> wantedOperands(ValueRange range,
                                            const DenseSet<Value> &varied) {
  SmallVector<unsigned> wanted;
  for (auto [i, value] : llvm::enumerate(range))
    if (isFloatTensor(value.getType()) && varied.contains(value))
      wanted.push_back(i);
  return wanted;
}

LogicalResult Differentiator::buildCondVJP(
    OpBuilder &builder, CondOp op, ArrayRef<Value> resultGrads,
    const DenseSet<Value> &varied, SmallVectorImpl<Value> &operandGrads) {
  // The gradient is a cond on the same predicate: each branch recomputes
  // its forward ops, then runs their reverse pass. Its operands are the
  // forward inputs and the gradients of the results.
  Location loc = op.getLoc();
  SmallVector<unsigned> wanted = wantedOperands(op.getInputs(), varied);
  SmallVector<Value> operands(op.getInputs());
  SmallVector<Type> resultTypes;
  for (Value grad : resultGrads)
    if (grad)
      operands.push_back(grad);
  for (unsigned i : wanted)
    resultTypes.push_back(op.getInputs()[i].getType());
  auto vjp = CondOp::create(builder, loc, resultTypes, op.getPred(), operands);
  SmallVector<Location> locs(operands.size(), loc);
  for (auto [from, to] : llvm::zip(op->getRegions(), vjp->getRegions())) {
    OpBuilder::InsertionGuard guard(builder);
    Block *block =
        builder.createBlock(&to, {}, TypeRange(ValueRange(operands)), locs);
    unsigned numInputs = op.getInputs().size();
    IRMapping mapping;
    Block &source = from.front();
    mapping.map(source.getArguments(),
                block->getArguments().take_front(numInputs));
    for (Operation &forward : source.without_terminator())
      builder.clone(forward, mapping);
    SmallVector<Value> yielded, grads, inputs, inputGrads;
    auto gradArgs = block->getArguments().drop_front(numInputs).begin();
    for (auto [value, grad] :
         llvm::zip(source.getTerminator()->getOperands(), resultGrads)) {
      yielded.push_back(mapping.lookupOrDefault(value));
      grads.push_back(grad ? Value(*gradArgs++) : Value());
    }
    for (unsigned i : wanted)
      inputs.push_back(block->getArgument(i));
    if (failed(
            reverseBlock(builder, block, inputs, yielded, grads, inputGrads)))
      return failure();
    SmallVector<Value> results;
    for (auto [input, grad] : llvm::zip(inputs, inputGrads))
      results.push_back(grad ? grad : zerosLike(builder, loc, input));
    YieldOp::create(builder, loc, results);
  }
  // The predicate is a mask: it has no gradient.
  operandGrads.assign(op->getNumOperands(), Value());
  for (auto [i, index] : llvm::enumerate(wanted))
    operandGrads[1 + index] = vjp.getResult(i);
  return success();
}

LogicalResult Differentiator::buildForVJP(
    OpBuilder &builder, ForOp op, ArrayRef<Value> resultGrads,
    const DenseSet<Value> &varied, SmallVectorImpl<Value> &operandGrads) {
  // The trip count is static: the loop is unrolled into a scratch block
  // (its arguments stand for the inits and the result gradients), whose
  // reverse pass is then an ordinary one; the block's ops then move to the
  // end of the enclosing block. See docs/Autodiff.md for the cost.
  constexpr int64_t kMaxUnrolled = 4096;
  int64_t tripCount = op.getTripCount();
  if (tripCount > kMaxUnrolled)
    return op.emitOpError("has ")
           << tripCount << " iterations; reverse-mode autodiff unrolls nn.for "
           << "and supports at most " << kMaxUnrolled;
  Location loc = op.getLoc();
  Block *outer = builder.getInsertionBlock();
  SmallVector<Value> actuals(op.getInits());
  for (Value grad : resultGrads)
    if (grad)
      actuals.push_back(grad);
  auto scratch = std::make_unique<Block>();
  for (Value value : actuals)
    scratch->addArgument(value.getType(), loc);
  builder.setInsertionPointToEnd(scratch.get());

  unsigned numCarried = op.getInits().size();
  SmallVector<Value> carried(scratch->getArguments().take_front(numCarried));
  Block &body = op.getBody().front();
  auto ivType = RankedTensorType::get({}, builder.getI64Type());
  for (int64_t k = 0; k < tripCount; ++k) {
    int64_t iv = op.getInductionValue(k);
    IRMapping mapping;
    mapping.map(body.getArgument(0),
                ConstantOp::create(builder, loc,
                                   DenseElementsAttr::get(
                                       ivType, builder.getI64IntegerAttr(iv))));
    mapping.map(body.getArguments().drop_front(), carried);
    for (Operation &forward : body.without_terminator())
      builder.clone(forward, mapping);
    for (auto [i, value] : llvm::enumerate(body.getTerminator()->getOperands()))
      carried[i] = mapping.lookupOrDefault(value);
  }

  SmallVector<unsigned> wanted = wantedOperands(op.getInits(), varied);
  SmallVector<Value> grads, inputs, inputGrads;
  auto gradArgs = scratch->getArguments().drop_front(numCarried).begin();
  for (Value grad : resultGrads)
    grads.push_back(grad ? Value(*gradArgs++) : Value());
  for (unsigned i : wanted)
    inputs.push_back(scratch->getArgument(i));
  if (failed(reverseBlock(builder, scratch.get(), inputs, carried, grads,
                          inputGrads)))
    return failure();

  for (auto [argument, actual] : llvm::zip(scratch->getArguments(), actuals))
    argument.replaceAllUsesWith(actual);
  outer->getOperations().splice(outer->end(), scratch->getOperations());
  builder.setInsertionPointToEnd(outer);
  operandGrads.assign(op->getNumOperands(), Value());
  for (auto [index, grad] : llvm::zip(wanted, inputGrads)) {
    // A gradient that is a scratch argument itself (a loop without
    // iterations passes the result gradients through) is its actual value.
    auto argument = dyn_cast_if_present<BlockArgument>(grad);
    if (argument && argument.getOwner() == scratch.get())
      grad = actuals[argument.getArgNumber()];
    operandGrads[index] = grad;
  }
  return success();
}

FailureOr<func::FuncOp> Differentiator::getGradFunction(func::FuncOp callee,
                                                        ArrayRef<int64_t> wrt,
                                                        unsigned numValues,
                                                        Operation *user) {
  std::string name = gradName(callee, wrt, numValues);
  if (auto it = generated.find(name); it != generated.end())
    return it->second;

  // The verifier checks these too, but the pass may see IR that skipped
  // verification (built in C++); a bad loss type must not crash the seeding
  // below or silently seed a non-scalar.
  ArrayRef<Type> inputs = callee.getArgumentTypes();
  if (callee.getNumResults() == 0)
    return user->emitOpError("cannot differentiate '")
           << callee.getSymName() << "': it has no result";
  auto lossType = dyn_cast<RankedTensorType>(callee.getResultTypes().front());
  if (!lossType || lossType.getRank() != 0 ||
      !isa<FloatType>(lossType.getElementType()))
    return user->emitOpError("cannot differentiate '")
           << callee.getSymName() << "': its first result has type "
           << callee.getResultTypes().front()
           << ", but it must be a scalar float tensor";
  for (int64_t index : wrt)
    if (index < 0 || index >= static_cast<int64_t>(inputs.size()) ||
        !isFloatTensor(inputs[index]))
      return user->emitOpError("cannot differentiate '")
             << callee.getSymName() << "' with respect to argument " << index
             << ": it is not a float tensor argument";

  SmallVector<Type> results(callee.getResultTypes().take_front(numValues));
  for (int64_t index : wrt)
    results.push_back(inputs[index]);
  return buildReverseFunction(
      callee, name, inputs, results, wrt, numValues,
      [&](OpBuilder &builder, Block *, ArrayRef<Value> returned,
          DenseMap<Value, Value> &adjoints) {
        adjoints[returned.front()] = ConstantOp::create(
            builder, callee.getLoc(),
            DenseElementsAttr::get(
                lossType, builder.getFloatAttr(lossType.getElementType(), 1)));
      });
}

FailureOr<func::FuncOp> Differentiator::buildReverseFunction(
    func::FuncOp callee, StringRef name, TypeRange inputs, TypeRange results,
    ArrayRef<int64_t> wrt, unsigned numValues, SeedFn seed) {
  OpBuilder builder(module.getContext());
  auto func = func::FuncOp::create(builder, callee.getLoc(), name,
                                   builder.getFunctionType(inputs, results));
  func.setPrivate();
  symbols.insert(func, Block::iterator(callee->getNextNode()));
  generated[name] = func;

  inProgress.insert(callee);
  Block *block = func.addEntryBlock();
  SmallVector<Value> returned = cloneForward(callee, block, builder);
  DenseMap<Value, Value> adjoints;
  builder.setInsertionPointToEnd(block);
  seed(builder, block, returned, adjoints);
  SmallVector<Value> wrtArgs;
  for (int64_t index : wrt)
    wrtArgs.push_back(block->getArgument(index));
  LogicalResult backpropagated =
      backpropagate(builder, block, wrtArgs, adjoints);
  inProgress.remove(callee);
  if (failed(backpropagated))
    return failure();

  builder.setInsertionPointToEnd(block);
  SmallVector<Value> outputs(ArrayRef<Value>(returned).take_front(numValues));
  for (Value arg : wrtArgs) {
    auto it = adjoints.find(arg);
    outputs.push_back(it != adjoints.end()
                          ? it->second
                          : zerosLike(builder, callee.getLoc(), arg));
  }
  func::ReturnOp::create(builder, callee.getLoc(), outputs);
  return func;
}

FailureOr<func::FuncOp>
Differentiator::getVJPFunction(func::FuncOp callee, ArrayRef<unsigned> needed,
                               Operation *user) {
  std::string name = callee.getSymName().str() + "__vjp";
  for (auto [i, index] : llvm::enumerate(needed))
    name += (i ? "_" : "_a") + std::to_string(index);
  if (auto it = generated.find(name); it != generated.end())
    return it->second;

  // (args, gradients of the float results) -> gradients of the needed args.
  SmallVector<Type> inputs(callee.getArgumentTypes());
  SmallVector<Type> results;
  for (Type type : callee.getResultTypes())
    if (isFloatTensor(type))
      inputs.push_back(type);
  for (unsigned index : needed)
    results.push_back(callee.getArgumentTypes()[index]);
  SmallVector<int64_t> wrt(needed.begin(), needed.end());
  return buildReverseFunction(
      callee, name, inputs, results, wrt, /*numValues=*/0,
      [&](OpBuilder &builder, Block *block, ArrayRef<Value> returned,
          DenseMap<Value, Value> &adjoints) {
        unsigned next = callee.getNumArguments();
        for (Value value : returned)
          if (isFloatTensor(value.getType()))
            accumulate(builder, adjoints, value, block->getArgument(next++));
      });
}

struct NNAutodiffPass : public nn::impl::NNAutodiffBase<NNAutodiffPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    Differentiator differentiator(module);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs)
      if (failed(differentiator.lowerGradOps(func)))
        return signalPassFailure();
  }
};

} // namespace
