//===- Gradients.cpp - valueAndGrad and GradientTape ----------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Both gradient APIs build a loss function of nn ops and differentiate it
// with nn.value_and_grad, which nn-autodiff lowers: valueAndGrad traces the
// C++ loss into an outlined function (inside nn::function it stays in the
// traced graph; eagerly a cached, interpreted nn::function runs it), and
// GradientTape rebuilds the loss from the eager ops it recorded.
//
//===----------------------------------------------------------------------===//

#include "TraceEntry.h"

#include "nn/IR/NNOps.h"
#include "nn/Trace/Gradients.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"

#include <fmt/format.h>

using namespace mlir;

namespace nn {

namespace detail {
namespace {

struct ValueAndGradState {
  /// The loss, then `numAux` auxiliary results.
  std::function<std::vector<Array>(const std::vector<Array> &)> fn;
  size_t numAux = 0;
  std::vector<int64_t> wrtIndices;
  std::vector<Variable> wrtVariables;
  GradOptions options;
  /// Where valueAndGrad was called.
  SourceSite site;
  /// Eager calls: the traced gradient function, run by the interpreter.
  std::optional<TracedFunction> eager;
};

size_t resultCount(const ValueAndGradState &state) {
  return 1 + state.numAux + state.wrtIndices.size() + state.wrtVariables.size();
}

std::vector<Array> failed(absl::Status status, size_t count) {
  return std::vector<Array>(count, errorArray(std::move(status)));
}

bool isFloatScalar(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 0 &&
         isa<FloatType>(tensor.getElementType());
}

/// The wrt argument indices of the outlined loss, and a check that each
/// is reached by the loss when the options ask.
absl::StatusOr<SmallVector<int64_t>>
wrtArguments(const ValueAndGradState &state, Frame &inner, size_t numArgs,
             Value loss) {
  SmallVector<int64_t> indices;
  for (int64_t index : state.wrtIndices) {
    if (index < 0 || static_cast<size_t>(index) >= numArgs)
      return absl::InvalidArgumentError(fmt::format(
          "valueAndGrad: wrt index {} is out of range for {} arguments", index,
          numArgs));
    indices.push_back(index);
  }
  for (const Variable &variable : state.wrtVariables)
    indices.push_back(
        mlir::cast<BlockArgument>(variableArgument(variable.getImpl(), inner))
            .getArgNumber());
  if (state.options.errorIfDisconnected)
    for (size_t k = 0; k < indices.size(); ++k)
      if (!dependsOn(loss, inner.block->getArgument(indices[k])))
        return absl::InvalidArgumentError(
            k < state.wrtIndices.size()
                ? fmt::format("valueAndGrad: the loss does not depend on "
                              "argument {}",
                              indices[k])
                : fmt::format(
                      "valueAndGrad: the loss does not depend on "
                      "variable '{}'",
                      state.wrtVariables[k - state.wrtIndices.size()].name()));
  return indices;
}

/// Traces the loss into an outlined function of the current trace and
/// emits nn.value_and_grad on it.
std::vector<Array> traceValueAndGrad(const ValueAndGradState &state,
                                     const std::vector<Array> &args,
                                     SourceSite site) {
  size_t count = resultCount(state);
  for (const Array &arg : args)
    if (!arg.ok())
      return failed(arg.status(), count);
  std::lock_guard<std::recursive_mutex> lock(getLock());
  Frame &outer = *currentFrame();
  Frame &top = *topFrame();
  Frame inner(newSymbolName(top, "loss"), &outer);
  inner.mayAssign = false;
  inner.mayCreateVariables = top.mayCreateVariables;
  std::vector<std::pair<DType, std::vector<int64_t>>> types;
  for (const Array &arg : args)
    types.push_back({arg.dtype(), arg.shape()});
  std::vector<Array> innerArgs = addArguments(inner, types, site);
  for (const Variable &variable : state.wrtVariables)
    (void)variableArgument(variable.getImpl(), inner);
  std::vector<Array> outputs;
  {
    FrameScope scope(inner);
    outputs = state.fn(innerArgs);
  }
  if (outputs.size() != 1 + state.numAux)
    return failed(absl::InvalidArgumentError(fmt::format(
                      "{}: the loss function gives {} results, but 1 and {} "
                      "auxiliary ones were declared",
                      formatSite(site), outputs.size(), state.numAux)),
                  count);
  const Array &loss = outputs.front();
  absl::StatusOr<SmallVector<Value>> values =
      inner.error.ok() ? resolveAll(outputs, inner)
                       : absl::StatusOr<SmallVector<Value>>(inner.error);
  if (!values.ok())
    return failed(values.status(), count);
  Value *lossValue = &values->front();
  if (!isFloatScalar(lossValue->getType()))
    return failed(
        absl::InvalidArgumentError(fmt::format(
            "{}: valueAndGrad needs a float scalar loss, got {}",
            formatSite(site), formatTensorType(loss.shape(), loss.dtype()))),
        count);
  absl::StatusOr<SmallVector<int64_t>> wrt =
      wrtArguments(state, inner, args.size(), *lossValue);
  if (!wrt.ok())
    return failed(wrt.status(), count);

  // The call site: the arguments, then the loss's external inputs.
  SmallVector<Value> operands;
  for (const Array &arg : args) {
    absl::StatusOr<Value> value = resolve(arg, outer);
    if (!value.ok())
      return failed(value.status(), count);
    operands.push_back(*value);
  }
  for (const ExternalInput &input : inner.externals) {
    absl::StatusOr<Value> value = resolveExternal(input, outer);
    if (!value.ok())
      return failed(value.status(), count);
    operands.push_back(*value);
  }
  std::string symbol = inner.function;
  func::FuncOp func = finishFunction(inner, symbol, *values);
  func.setPrivate();
  top.outlined.push_back(func);
  SmallVector<Type> resultTypes(func.getResultTypes());
  for (int64_t index : *wrt)
    resultTypes.push_back(func.getArgumentTypes()[index]);
  auto op = nn::ValueAndGradOp::create(
      outer.builder, toLocation(site), resultTypes, symbol, operands,
      outer.builder.getDenseI64ArrayAttr(*wrt));
  if (state.numAux)
    op.setHasAux(true);
  std::vector<Array> results;
  for (Value result : op.getResults())
    results.push_back(tracedArray(result, outer, site));
  return results;
}

/// Eager calls: a traced function of the gradient, cached per signature,
/// interpreted until its compile in the background is ready.
std::vector<Array> eagerValueAndGrad(ValueAndGradState &state,
                                     const std::vector<Array> &args,
                                     SourceSite site) {
  size_t count = resultCount(state);
  if (!state.eager) {
    FunctionOptions options;
    options.name = "valueAndGrad";
    options.mode = ExecutionMode::Tiered;
    options.explainRetraces = false;
    options.retraceLimit = 0;
    ValueAndGradState *self = &state;
    state.eager = function(
        [self, site](const std::vector<Array> &inner) {
          return traceValueAndGrad(*self, inner, site);
        },
        options, state.site);
  }
  // The arguments' values are read in place (eager values never change).
  std::vector<TensorView> views;
  for (const Array &arg : args) {
    if (!arg.ok())
      return failed(arg.status(), count);
    if (arg.isTraced())
      return failed(arg.toTensor().status(), count);
    views.push_back(arg.getImpl()->value->view());
  }
  absl::StatusOr<std::vector<Tensor>> results = state.eager->callViews(views);
  if (!results.ok())
    return failed(results.status(), count);
  std::vector<Array> arrays;
  for (Tensor &result : *results)
    arrays.push_back(eagerArray(std::move(result), site));
  return arrays;
}

ValueAndGradFunction
makeValueAndGrad(std::shared_ptr<ValueAndGradState> state) {
  return [state](const std::vector<Array> &args) {
    SourceSite site = SourceSite::here();
    bool traced;
    {
      std::lock_guard<std::recursive_mutex> lock(getLock());
      traced = currentFrame() != nullptr;
    }
    return traced ? traceValueAndGrad(*state, args, site)
                  : eagerValueAndGrad(*state, args, site);
  };
}
} // namespace
} // namespace detail

ValueAndGradFunction valueAndGrad(LossFunction fn, std::vector<int64_t> wrt,
                                  GradOptions options, SourceSite site) {
  auto state = std::make_shared<detail::ValueAndGradState>();
  state->site = site;
  state->fn = [fn = std::move(fn)](const std::vector<Array> &args) {
    return std::vector<Array>{fn(args)};
  };
  state->wrtIndices = std::move(wrt);
  state->options = options;
  return detail::makeValueAndGrad(std::move(state));
}

ValueAndGradFunction valueAndGrad(LossFunction fn, std::vector<Variable> wrt,
                                  GradOptions options, SourceSite site) {
  auto state = std::make_shared<detail::ValueAndGradState>();
  state->site = site;
  state->fn = [fn = std::move(fn)](const std::vector<Array> &args) {
    return std::vector<Array>{fn(args)};
  };
  state->wrtVariables = std::move(wrt);
  state->options = options;
  return detail::makeValueAndGrad(std::move(state));
}

ValueAndGradFunction valueAndGradWithAux(LossWithAuxFunction fn,
                                         std::vector<Variable> wrt,
                                         size_t numAux, GradOptions options,
                                         SourceSite site) {
  auto state = std::make_shared<detail::ValueAndGradState>();
  state->site = site;
  state->fn = std::move(fn);
  state->numAux = numAux;
  state->wrtVariables = std::move(wrt);
  state->options = options;
  return detail::makeValueAndGrad(std::move(state));
}

} // namespace nn
