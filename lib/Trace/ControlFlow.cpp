//===- ControlFlow.cpp - cond, whileLoop and fori -------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Eagerly, control flow is plain C++ on host values. Inside a trace, each
// body is traced once into a region frame; since nn.cond, nn.while and
// nn.for are isolated from above, the values a body reads from outside
// (its frame's external inputs) become extra operands: inputs of both
// branches of a cond, carried values of a loop (yielded unchanged).
//
//===----------------------------------------------------------------------===//

#include "TraceInternal.h"

#include "nn/IR/NNOps.h"
#include "nn/Trace/ControlFlow.h"

#include <fmt/format.h>

using namespace mlir;

namespace nn {

namespace detail {
namespace {

using Body = std::function<std::vector<Array>(const std::vector<Array> &)>;

/// A body traced into a detached block: block arguments are the explicit
/// ones, then `externals`; it ends in nn.yield.
struct TracedRegion {
  std::unique_ptr<Block> block;
  std::vector<ExternalInput> externals;
  SmallVector<Type> yieldTypes;
};

std::vector<Array> failed(absl::Status status, size_t count) {
  return std::vector<Array>(std::max<size_t>(count, 1),
                            errorArray(std::move(status)));
}

std::string formatTypes(TypeRange types) {
  std::string text = "(";
  for (auto [i, type] : llvm::enumerate(types)) {
    auto tensor = mlir::cast<RankedTensorType>(type);
    std::vector<int64_t> shape;
    for (int64_t size : tensor.getShape())
      shape.push_back(ShapedType::isDynamic(size) ? kDynamic : size);
    text += (i ? ", " : "") +
            formatTensorType(
                shape, getDType(tensor.getElementType()).value_or(DType::F32));
  }
  return text + ")";
}

absl::StatusOr<TracedRegion> traceRegion(Frame &outer, const std::string &name,
                                         TypeRange argTypes, const Body &body,
                                         SourceSite site) {
  Frame &top = *topFrame();
  Frame inner(top.function + "/" + name, &outer);
  inner.mayAssign = false;
  inner.mayCreateVariables = top.mayCreateVariables;
  std::vector<Array> args;
  for (Type type : argTypes)
    args.push_back(tracedArray(inner.block->addArgument(type, toLocation(site)),
                               inner, site));
  std::vector<Array> results;
  {
    FrameScope scope(inner);
    results = body(args);
  }
  if (!inner.error.ok())
    return inner.error;
  absl::StatusOr<SmallVector<Value>> resolved = resolveAll(results, inner);
  if (!resolved.ok())
    return resolved.status();
  SmallVector<Value> values = *std::move(resolved);
  inner.builder.setInsertionPointToEnd(inner.block.get());
  nn::YieldOp::create(inner.builder, toLocation(site), values);
  TracedRegion region;
  region.yieldTypes = llvm::to_vector(TypeRange(ValueRange(values)));
  region.externals = inner.externals;
  region.block = std::move(inner.block);
  return region;
}

/// Values of `externals` at the op, in the outer frame.
absl::StatusOr<SmallVector<Value>>
externalValues(const std::vector<ExternalInput> &externals, Frame &outer) {
  SmallVector<Value> values;
  for (const ExternalInput &input : externals) {
    absl::StatusOr<Value> value = resolveExternal(input, outer);
    if (!value.ok())
      return value.status();
    values.push_back(*value);
  }
  return values;
}

/// Inserts block arguments of `types` at `position`.
void insertArguments(Block &block, unsigned position, TypeRange types,
                     Location loc) {
  for (auto [i, type] : llvm::enumerate(types))
    block.insertArgument(position + i, type, loc);
}

SmallVector<Type> typesOf(ValueRange values) {
  return llvm::to_vector(TypeRange(values));
}

std::vector<Array> resultsOf(Operation *op, size_t count, Frame &frame,
                             SourceSite site) {
  std::vector<Array> results;
  for (size_t i = 0; i < count; ++i)
    results.push_back(tracedArray(op->getResult(i), frame, site));
  return results;
}

std::vector<Array> tracedCond(const Array &pred, const Body &thenFn,
                              const Body &elseFn,
                              const std::vector<Array> &operands,
                              SourceSite site) {
  Frame &outer = *currentFrame();
  absl::StatusOr<Value> predValue = resolve(pred, outer);
  absl::StatusOr<SmallVector<Value>> inputs = resolveAll(operands, outer);
  if (!predValue.ok() || !inputs.ok())
    return failed(predValue.ok() ? inputs.status() : predValue.status(), 1);
  SmallVector<Type> argTypes = typesOf(*inputs);
  auto thenRegion = traceRegion(outer, "then", argTypes, thenFn, site);
  if (!thenRegion.ok())
    return failed(thenRegion.status(), 1);
  auto elseRegion = traceRegion(outer, "else", argTypes, elseFn, site);
  if (!elseRegion.ok())
    return failed(elseRegion.status(), 1);
  if (thenRegion->yieldTypes != elseRegion->yieldTypes)
    return failed(absl::InvalidArgumentError(fmt::format(
                      "{}: nn::cond: the branches give different types: then "
                      "gives {}, else gives {}",
                      formatSite(site), formatTypes(thenRegion->yieldTypes),
                      formatTypes(elseRegion->yieldTypes))),
                  thenRegion->yieldTypes.size());
  // Inputs: the operands, then what each branch reads from outside.
  auto thenExternals = externalValues(thenRegion->externals, outer);
  auto elseExternals = externalValues(elseRegion->externals, outer);
  if (!thenExternals.ok() || !elseExternals.ok())
    return failed(thenExternals.ok() ? elseExternals.status()
                                     : thenExternals.status(),
                  1);
  Location loc = toLocation(site);
  unsigned n = argTypes.size();
  insertArguments(*thenRegion->block, n + thenExternals->size(),
                  typesOf(*elseExternals), loc);
  insertArguments(*elseRegion->block, n, typesOf(*thenExternals), loc);
  SmallVector<Value> allInputs(*inputs);
  allInputs.append(*thenExternals);
  allInputs.append(*elseExternals);
  auto op = nn::CondOp::create(outer.builder, loc, thenRegion->yieldTypes,
                               *predValue, allInputs);
  op.getThenRegion().push_back(thenRegion->block.release());
  op.getElseRegion().push_back(elseRegion->block.release());
  return resultsOf(op, op->getNumResults(), outer, site);
}

/// A loop body must give back exactly the types it carries.
absl::Status checkCarried(const char *what, TypeRange carried, TypeRange given,
                          SourceSite site) {
  if (carried == given)
    return absl::OkStatus();
  return absl::InvalidArgumentError(fmt::format(
      "{}: {}: the body must give the carried types {}, it gives {}",
      formatSite(site), what, formatTypes(carried), formatTypes(given)));
}

/// Makes the yield of a loop body also yield the block arguments from
/// `first` on, unchanged: the values the loop carries for its regions.
void yieldThrough(Block &block, unsigned first) {
  Operation *yield = block.getTerminator();
  SmallVector<Value> values(yield->getOperands());
  for (unsigned i = first; i < block.getNumArguments(); ++i)
    values.push_back(block.getArgument(i));
  yield->setOperands(values);
}

std::vector<Array> tracedWhile(const Body &condFn, const Body &bodyFn,
                               const std::vector<Array> &init,
                               SourceSite site) {
  Frame &outer = *currentFrame();
  absl::StatusOr<SmallVector<Value>> inits = resolveAll(init, outer);
  if (!inits.ok())
    return failed(inits.status(), init.size());
  SmallVector<Type> types = typesOf(*inits);
  auto condRegion = traceRegion(outer, "while_cond", types, condFn, site);
  if (!condRegion.ok())
    return failed(condRegion.status(), init.size());
  auto bodyRegion = traceRegion(outer, "while_body", types, bodyFn, site);
  if (!bodyRegion.ok())
    return failed(bodyRegion.status(), init.size());
  auto predType = RankedTensorType::get({}, IntegerType::get(&getContext(), 1));
  if (condRegion->yieldTypes != SmallVector<Type>{predType})
    return failed(absl::InvalidArgumentError(fmt::format(
                      "{}: nn::whileLoop: the condition must give one rank-0 "
                      "i1 array, it gives {}",
                      formatSite(site), formatTypes(condRegion->yieldTypes))),
                  init.size());
  if (absl::Status status =
          checkCarried("nn::whileLoop", types, bodyRegion->yieldTypes, site);
      !status.ok())
    return failed(status, init.size());
  auto condExternals = externalValues(condRegion->externals, outer);
  auto bodyExternals = externalValues(bodyRegion->externals, outer);
  if (!condExternals.ok() || !bodyExternals.ok())
    return failed(condExternals.ok() ? bodyExternals.status()
                                     : condExternals.status(),
                  init.size());
  // Carried: the values, then what the condition and the body read.
  Location loc = toLocation(site);
  unsigned n = types.size();
  insertArguments(*condRegion->block, n + condExternals->size(),
                  typesOf(*bodyExternals), loc);
  insertArguments(*bodyRegion->block, n, typesOf(*condExternals), loc);
  yieldThrough(*bodyRegion->block, n);
  SmallVector<Value> carried(*inits);
  carried.append(*condExternals);
  carried.append(*bodyExternals);
  auto op = nn::WhileOp::create(outer.builder, loc, typesOf(carried), carried);
  op.getCondRegion().push_back(condRegion->block.release());
  op.getBodyRegion().push_back(bodyRegion->block.release());
  return resultsOf(op, n, outer, site);
}

std::vector<Array> tracedFor(
    int64_t lo, int64_t hi,
    const std::function<std::vector<Array>(const Array &,
                                           const std::vector<Array> &)> &bodyFn,
    const std::vector<Array> &init, SourceSite site) {
  Frame &outer = *currentFrame();
  absl::StatusOr<SmallVector<Value>> inits = resolveAll(init, outer);
  if (!inits.ok())
    return failed(inits.status(), init.size());
  SmallVector<Type> types = typesOf(*inits);
  SmallVector<Type> argTypes{
      RankedTensorType::get({}, IntegerType::get(&getContext(), 64))};
  argTypes.append(types);
  Body body = [&](const std::vector<Array> &args) {
    return bodyFn(args.front(),
                  std::vector<Array>(args.begin() + 1, args.end()));
  };
  auto region = traceRegion(outer, "for_body", argTypes, body, site);
  if (!region.ok())
    return failed(region.status(), init.size());
  if (absl::Status status =
          checkCarried("nn::fori", types, region->yieldTypes, site);
      !status.ok())
    return failed(status, init.size());
  auto externals = externalValues(region->externals, outer);
  if (!externals.ok())
    return failed(externals.status(), init.size());
  yieldThrough(*region->block, 1 + types.size());
  SmallVector<Value> carried(*inits);
  carried.append(*externals);
  auto op = nn::ForOp::create(outer.builder, toLocation(site), typesOf(carried),
                              carried, lo, hi, 1);
  op.getBody().push_back(region->block.release());
  return resultsOf(op, types.size(), outer, site);
}
} // namespace
} // namespace detail

std::vector<Array> cond(const Array &pred, const Branch &thenFn,
                        const Branch &elseFn,
                        const std::vector<Array> &operands, SourceSite site) {
  if (!pred.ok())
    return {pred};
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  if (detail::currentFrame())
    return detail::tracedCond(pred, thenFn, elseFn, operands, site);
  if (pred.dtype() != DType::I1 || pred.rank() != 0)
    return {detail::errorArray(absl::InvalidArgumentError(
        fmt::format("{}: nn::cond needs a rank-0 i1 predicate, got {}",
                    detail::formatSite(site),
                    formatTensorType(pred.shape(), pred.dtype()))))};
  bool taken = pred.getImpl()->value->data<uint8_t>()[0] != 0;
  return taken ? thenFn(operands) : elseFn(operands);
}

} // namespace nn

namespace nn {

std::vector<Array> whileLoop(const Branch &condFn, const Branch &bodyFn,
                             const std::vector<Array> &init, SourceSite site) {
  for (const Array &value : init)
    if (!value.ok())
      return std::vector<Array>(init.size(), value);
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  if (detail::currentFrame())
    return detail::tracedWhile(condFn, bodyFn, init, site);
  std::vector<Array> carried = init;
  for (;;) {
    std::vector<Array> go = condFn(carried);
    if (go.size() != 1 || !go[0].ok() || go[0].dtype() != DType::I1 ||
        go[0].rank() != 0)
      return std::vector<Array>(
          init.size(),
          go.size() == 1 && !go[0].ok()
              ? go[0]
              : detail::errorArray(absl::InvalidArgumentError(
                    detail::formatSite(site) +
                    ": nn::whileLoop: the condition must give one rank-0 i1 "
                    "array")));
    if (go[0].getImpl()->value->data<uint8_t>()[0] == 0)
      return carried;
    carried = bodyFn(carried);
  }
}

std::vector<Array> fori(int64_t lo, int64_t hi,
                        const std::function<std::vector<Array>(
                            const Array &, const std::vector<Array> &)> &bodyFn,
                        const std::vector<Array> &init, SourceSite site) {
  for (const Array &value : init)
    if (!value.ok())
      return std::vector<Array>(init.size(), value);
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  if (detail::currentFrame())
    return detail::tracedFor(lo, hi, bodyFn, init, site);
  std::vector<Array> carried = init;
  for (int64_t i = lo; i < hi; ++i)
    carried = bodyFn(scalar(static_cast<double>(i), DType::I64, site), carried);
  return carried;
}

} // namespace nn
