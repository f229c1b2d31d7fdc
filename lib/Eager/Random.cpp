//===- Random.cpp - Reproducible random numbers ---------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "nn/Eager/Random.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cstdlib>

namespace nn {

using detail::Frame;

namespace detail {
struct GeneratorImpl {
  Variable seed;
  Variable counter;
};
} // namespace detail

namespace {
Variable scalarVariable(const std::string &name, int64_t value) {
  Tensor tensor = *Tensor::create({}, std::vector<int64_t>{value});
  return *Variable::create(name, std::move(tensor), /*trainable=*/false);
}

int64_t scalarOf(const Variable &variable) {
  return variable.value().data<int64_t>()[0];
}

// The seed of a random op: distinct for every (counter, op index) of one
// generator, and mixed by the op's own Philox generator.
constexpr int64_t kSeedMultiplier = static_cast<int64_t>(0x9E3779B97F4A7C15ull);
constexpr int64_t kOpsPerCall = int64_t(1) << 20;
} // namespace

Generator::Generator(uint64_t seed) {
  // The creation rule of variables does not apply: a generator's state is
  // the library's own.
  impl = std::make_shared<detail::GeneratorImpl>(detail::GeneratorImpl{
      scalarVariable("rng/seed", static_cast<int64_t>(seed)),
      scalarVariable("rng/counter", 0)});
}

Generator &Generator::getDefault() {
  static Generator *generator = [] {
    const char *env = std::getenv("NN_SEED");
    return new Generator(env ? std::strtoull(env, nullptr, 10) : 0);
  }();
  return *generator;
}

Variable Generator::seedVariable() const { return impl->seed; }
Variable Generator::counterVariable() const { return impl->counter; }

namespace {
/// The seed array of the next random op of `generator`: computed on the
/// host eagerly (advancing the counter), in the graph inside a trace (the
/// trace advances the counter once per call).
Array nextSeed(Generator &generator, SourceSite site) {
  detail::GeneratorImpl &state = *generator.getImpl();
  Frame *top = detail::topFrame();
  if (!top) {
    int64_t counter = scalarOf(state.counter);
    // Wraps around like the traced i64 arithmetic below: in uint64_t, where
    // that is defined (UBSan caught the signed overflow).
    int64_t seed = static_cast<int64_t>(
        static_cast<uint64_t>(scalarOf(state.seed)) *
            static_cast<uint64_t>(kSeedMultiplier) +
        static_cast<uint64_t>(counter) * static_cast<uint64_t>(kOpsPerCall));
    (void)state.counter.assign(scalar(double(counter + 1), DType::I64, site));
    return scalar(double(seed), DType::I64, site);
  }
  detail::VariableImpl *key = state.counter.getImpl().get();
  std::shared_ptr<detail::ArrayImpl> counterRead;
  for (auto &[variable, read] : top->counterReads)
    if (variable == key)
      counterRead = read;
  if (!counterRead) {
    // Read and advance the counter in the top frame, which alone may
    // assign (random ops may sit in a loss or a branch).
    detail::pushFrame(top);
    Array counter = state.counter.read(site);
    Array seedBase = state.seed.read(site) * double(kSeedMultiplier) +
                     counter * double(kOpsPerCall);
    (void)state.counter.assign(counter + 1.0, site);
    detail::popFrame(top);
    top->counterReads.push_back({key, seedBase.getImpl()});
    counterRead = seedBase.getImpl();
  }
  int64_t index = top->randomOps++;
  return Array(counterRead) + double(index);
}

Array randomOp(const char *name, const char *a, const char *b,
               Generator &generator, std::vector<int64_t> shape, double x,
               double y, DType dtype, SourceSite site) {
  for (int64_t size : shape)
    if (size < 0)
      return detail::errorArray(absl::InvalidArgumentError(
          detail::formatSite(site) +
          ": random numbers need static, non-negative sizes, got " +
          formatTensorType(shape, dtype)));
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  Array seed = nextSeed(generator, site);
  return detail::emitOp({name, {{a, x}, {b, y}}, std::make_pair(dtype, shape)},
                        {&seed}, site);
}
} // namespace

Array randomUniform(Generator &generator, std::vector<int64_t> shape,
                    double low, double high, DType dtype, SourceSite site) {
  return randomOp("nn.random_uniform", "low", "high", generator,
                  std::move(shape), low, high, dtype, site);
}
Array randomNormal(Generator &generator, std::vector<int64_t> shape,
                   double mean, double stddev, DType dtype, SourceSite site) {
  return randomOp("nn.random_normal", "mean", "stddev", generator,
                  std::move(shape), mean, stddev, dtype, site);
}

namespace {
/// Uniform numbers of the shape of the traced `like`, whose dynamic sizes
/// are read with tensor.dim.
Array uniformLike(Generator &generator, const Array &like, SourceSite site) {
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  Frame *frame = detail::currentFrame();
  if (!frame)
    return randomUniform(generator, like.shape(), 0.0, 1.0, like.dtype(), site);
  absl::StatusOr<mlir::Value> value = detail::resolve(like, *frame);
  if (!value.ok())
    return detail::errorArray(value.status());
  Array seed = nextSeed(generator, site);
  absl::StatusOr<mlir::Value> seedValue = detail::resolve(seed, *frame);
  if (!seedValue.ok())
    return detail::errorArray(seedValue.status());
  mlir::OpBuilder &b = frame->builder;
  mlir::Location loc = detail::toLocation(site);
  llvm::SmallVector<mlir::Value> sizes;
  for (auto [i, size] : llvm::enumerate(like.shape()))
    if (size == kDynamic)
      sizes.push_back(mlir::tensor::DimOp::create(b, loc, *value, i));
  auto op = nn::RandomUniformOp::create(
      b, loc, detail::toTensorType(like.dtype(), like.shape()), *seedValue,
      sizes, b.getF64FloatAttr(0.0), b.getF64FloatAttr(1.0));
  return detail::tracedArray(op.getResult(), *frame, site);
}
} // namespace

Array dropout(Generator &generator, const Array &x, double rate,
              SourceSite site) {
  if (!x.ok() || rate == 0.0)
    return x;
  if (rate < 0.0 || rate >= 1.0)
    return detail::errorArray(absl::InvalidArgumentError(
        detail::formatSite(site) +
        ": the dropout rate must be in [0, 1), got " + std::to_string(rate)));
  Array keep = compare(uniformLike(generator, x, site),
                       scalar(rate, x.dtype(), site), "ge", site);
  return select(keep, x * (1.0 / (1.0 - rate)), zeros({}, x.dtype(), site),
                site);
}

} // namespace nn
