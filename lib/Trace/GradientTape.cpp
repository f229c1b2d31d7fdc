//===- GradientTape.cpp - Gradients of recorded eager ops -----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The tape records each eager op as its prototype (the op the eager path
// built for that signature) with its input and output arrays. gradient()
// rebuilds the loss from the ops it reaches as a function whose arguments
// are the targets (variables, watched arrays) and the other leaves,
// differentiates it with nn.value_and_grad and interprets the result.
//
//===----------------------------------------------------------------------===//

#include "TraceEntry.h"

#include "nn/IR/NNOps.h"
#include "nn/Trace/Gradients.h"

#include "mlir/IR/IRMapping.h"

#include <fmt/format.h>

using namespace mlir;

namespace nn {

namespace detail {
struct TapeImpl {
  struct Node {
    Operation *prototype;
    std::vector<std::shared_ptr<ArrayImpl>> inputs;
    std::shared_ptr<ArrayImpl> output;
  };
  TapeHooks hooks;
  TapeHooks *previous = nullptr;
  bool recording = true;
  std::vector<Node> nodes;
  llvm::DenseMap<ArrayImpl *, size_t> producer;
  std::vector<
      std::pair<std::shared_ptr<VariableImpl>, std::shared_ptr<ArrayImpl>>>
      reads;
  std::vector<std::shared_ptr<ArrayImpl>> watched;
};

namespace {
/// The arguments of the rebuilt loss: one per target (all reads of a
/// variable share it), then one per other leaf.
struct LossArguments {
  std::vector<std::shared_ptr<ArrayImpl>> values;
  llvm::DenseMap<ArrayImpl *, size_t> index;
};

/// The recorded nodes the loss depends on, in recording order.
std::vector<size_t> reachableNodes(const TapeImpl &tape, ArrayImpl *loss) {
  std::vector<bool> seen(tape.nodes.size(), false);
  SmallVector<ArrayImpl *> work{loss};
  while (!work.empty()) {
    auto it = tape.producer.find(work.pop_back_val());
    if (it == tape.producer.end() || seen[it->second])
      continue;
    seen[it->second] = true;
    for (const auto &input : tape.nodes[it->second].inputs)
      work.push_back(input.get());
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < seen.size(); ++i)
    if (seen[i])
      order.push_back(i);
  return order;
}

/// Builds `tape_loss(targets..., leaves...)` and `tape_grad(...)` giving
/// the gradients of the targets.
absl::StatusOr<OwningOpRef<ModuleOp>> buildTapeModule(
    const TapeImpl &tape, ArrayImpl *loss,
    const std::vector<std::vector<std::shared_ptr<ArrayImpl>>> &targets,
    std::vector<std::shared_ptr<ArrayImpl>> &argValues) {
  MLIRContext &context = getContext();
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  Block block;
  llvm::DenseMap<ArrayImpl *, Value> values;
  auto addArg = [&](const std::shared_ptr<ArrayImpl> &impl) {
    Value arg = block.addArgument(toTensorType(impl->dtype, impl->shape), loc);
    argValues.push_back(impl);
    return arg;
  };
  for (const auto &reads : targets) {
    if (reads.empty())
      return absl::InternalError("a gradient target without reads");
    Value arg = addArg(reads.front());
    for (const auto &read : reads)
      values[read.get()] = arg;
  }
  b.setInsertionPointToEnd(&block);
  for (size_t n : reachableNodes(tape, loss)) {
    const TapeImpl::Node &node = tape.nodes[n];
    IRMapping mapping;
    for (auto [operand, input] :
         llvm::zip(node.prototype->getOperands(), node.inputs)) {
      auto it = values.find(input.get());
      Value value = it != values.end() ? it->second : addArg(input);
      values[input.get()] = value;
      mapping.map(operand, value);
    }
    values[node.output.get()] = b.clone(*node.prototype, mapping)->getResult(0);
  }
  auto lossIt = values.find(loss);
  if (lossIt == values.end())
    return absl::InvalidArgumentError(
        "GradientTape::gradient: the loss was not computed under this tape");
  // tape_loss(args) -> loss
  func::ReturnOp::create(b, loc, lossIt->second);
  auto lossType =
      b.getFunctionType(block.getArgumentTypes(), lossIt->second.getType());
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto lossFunc = func::FuncOp::create(b, loc, "tape_loss", lossType);
  lossFunc.setPrivate();
  Block *body = new Block();
  lossFunc.getBody().push_back(body);
  body->getOperations().splice(body->end(), block.getOperations());
  for (BlockArgument arg : block.getArguments())
    body->addArgument(arg.getType(), loc);
  for (auto [from, to] : llvm::zip(block.getArguments(), body->getArguments()))
    from.replaceAllUsesWith(to);
  // tape_grad(args) -> gradients of the targets
  SmallVector<Type> gradTypes;
  SmallVector<int64_t> wrt;
  for (size_t k = 0; k < targets.size(); ++k) {
    gradTypes.push_back(body->getArgument(k).getType());
    wrt.push_back(static_cast<int64_t>(k));
  }
  auto gradFunc = func::FuncOp::create(
      b, loc, "tape_grad", b.getFunctionType(lossType.getInputs(), gradTypes));
  Block *gradBody = gradFunc.addEntryBlock();
  b.setInsertionPointToEnd(gradBody);
  SmallVector<Type> resultTypes{lossIt->second.getType()};
  resultTypes.append(gradTypes);
  auto op = nn::ValueAndGradOp::create(b, loc, resultTypes, "tape_loss",
                                       gradBody->getArguments(),
                                       b.getDenseI64ArrayAttr(wrt));
  func::ReturnOp::create(b, loc, op.getResults().drop_front());
  return module;
}
} // namespace

/// The gradients of `loss` with respect to each target, given by its
/// recorded reads (or the watched array itself).
std::vector<Array> tapeGradient(
    const TapeImpl &tape, const Array &loss,
    const std::vector<std::vector<std::shared_ptr<ArrayImpl>>> &targets,
    const std::vector<std::string> &names, const GradOptions &options) {
  auto fail = [&](absl::Status status) {
    return std::vector<Array>(targets.size(), errorArray(std::move(status)));
  };
  if (!loss.ok())
    return fail(loss.status());
  if (loss.isTraced() || loss.rank() != 0 ||
      (loss.dtype() != DType::F32 && loss.dtype() != DType::F64 &&
       loss.dtype() != DType::F16 && loss.dtype() != DType::BF16))
    return fail(absl::InvalidArgumentError(
        "GradientTape::gradient needs an eager float scalar loss, got " +
        loss.toString()));
  std::lock_guard<std::recursive_mutex> lock(getLock());
  std::vector<std::shared_ptr<ArrayImpl>> argValues;
  auto module = buildTapeModule(tape, loss.getImpl().get(), targets, argValues);
  if (!module.ok())
    return fail(module.status());
  if (options.errorIfDisconnected) {
    auto lossFunc = (*module)->lookupSymbol<func::FuncOp>("tape_loss");
    Value result = lossFunc.front().getTerminator()->getOperand(0);
    for (size_t k = 0; k < targets.size(); ++k)
      if (!dependsOn(result, lossFunc.getArgument(k)))
        return fail(absl::InvalidArgumentError(
            "GradientTape::gradient: the loss does not depend on " + names[k]));
  }
  if (absl::Status status = runFrontendPasses(**module, true, false);
      !status.ok())
    return fail(status);
  std::vector<Tensor> tensors;
  for (const auto &impl : argValues)
    tensors.push_back(*impl->value);
  std::vector<TensorView> views;
  for (const Tensor &tensor : tensors)
    views.push_back(tensor.view());
  absl::StatusOr<std::vector<Tensor>> grads =
      interpret(**module, "tape_grad", views);
  if (!grads.ok())
    return fail(grads.status());
  std::vector<Array> result;
  for (const Tensor &grad : *grads)
    result.push_back(eagerArray(toRef(grad.view()), SourceSite::here()));
  return result;
}

} // namespace detail

GradientTape::GradientTape() : impl(std::make_unique<detail::TapeImpl>()) {
  detail::TapeImpl *tape = impl.get();
  tape->hooks.recordOp =
      [tape](Operation *prototype,
             const std::vector<std::shared_ptr<detail::ArrayImpl>> &inputs,
             const std::vector<std::shared_ptr<detail::ArrayImpl>> &outputs) {
        tape->producer[outputs.front().get()] = tape->nodes.size();
        tape->nodes.push_back({prototype, inputs, outputs.front()});
      };
  tape->hooks.recordRead =
      [tape](const std::shared_ptr<detail::VariableImpl> &variable,
             const std::shared_ptr<detail::ArrayImpl> &read) {
        tape->reads.push_back({variable, read});
      };
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  tape->previous = detail::activeTape();
  detail::activeTape() = &tape->hooks;
}

GradientTape::~GradientTape() { stop(); }

void GradientTape::stop() {
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  if (!impl->recording)
    return;
  impl->recording = false;
  if (detail::activeTape() == &impl->hooks)
    detail::activeTape() = impl->previous;
}

void GradientTape::watch(const Array &x) {
  impl->watched.push_back(x.getImpl());
}

std::vector<Array>
GradientTape::gradient(const Array &loss,
                       const std::vector<Variable> &variables,
                       GradOptions options) {
  std::vector<std::vector<std::shared_ptr<detail::ArrayImpl>>> targets;
  std::vector<std::string> names;
  std::vector<std::shared_ptr<detail::ArrayImpl>> unread;
  for (const Variable &variable : variables) {
    std::vector<std::shared_ptr<detail::ArrayImpl>> reads;
    for (auto &[v, read] : impl->reads)
      if (v == variable.getImpl())
        reads.push_back(read);
    if (reads.empty()) {
      // Never read: a fresh argument of its value, which the loss does not
      // use, so its gradient is zeros.
      unread.push_back(
          detail::eagerArray(variable.value(), SourceSite::here()).getImpl());
      reads.push_back(unread.back());
    }
    targets.push_back(reads);
    names.push_back("variable '" + variable.name() + "'");
  }
  return detail::tapeGradient(*impl, loss, targets, names, options);
}

std::vector<Array> GradientTape::gradient(const Array &loss,
                                          const std::vector<Array> &watched,
                                          GradOptions options) {
  std::vector<std::vector<std::shared_ptr<detail::ArrayImpl>>> targets;
  std::vector<std::string> names;
  for (size_t i = 0; i < watched.size(); ++i) {
    targets.push_back({watched[i].getImpl()});
    names.push_back("watched array " + std::to_string(i));
  }
  return detail::tapeGradient(*impl, loss, targets, names, options);
}

} // namespace nn
