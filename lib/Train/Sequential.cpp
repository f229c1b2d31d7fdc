//===- Sequential.cpp - Sequential models: layers, compile, weights -------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ModelImpl.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>

namespace nn {

Callback::~Callback() = default;

Sequential::Sequential() : state(std::make_unique<Impl>()) {
  const char *seed = std::getenv("NN_SEED");
  setSeed(seed ? std::strtoull(seed, nullptr, 10) : 0);
}
Sequential::Sequential(std::vector<std::shared_ptr<Layer>> layers)
    : Sequential() {
  for (auto &layer : layers)
    addLayer(std::move(layer));
}
Sequential::Sequential(Sequential &&) noexcept = default;
Sequential &Sequential::operator=(Sequential &&) noexcept = default;
Sequential::~Sequential() = default;

void Sequential::addLayer(std::shared_ptr<Layer> layer) {
  if (layer->className() == "InputLayer")
    state->inputShape = static_cast<layers::Input *>(layer.get())->shape();
  state->layers.push_back(std::move(layer));
}

const std::vector<std::shared_ptr<Layer>> &Sequential::layers() const {
  return state->layers;
}

Generator &Sequential::generator() { return state->generator; }
void Sequential::setSeed(uint64_t seed) { state->generator = Generator(seed); }
bool Sequential::isBuilt() const { return state->built; }

absl::Status Sequential::build(const std::vector<int64_t> &inputShape) {
  return state->ensureBuilt(inputShape);
}

absl::Status Sequential::Impl::ensureBuilt(const std::vector<int64_t> &shape) {
  if (built) {
    if (shape != inputShape)
      return absl::InvalidArgumentError(fmt::format(
          "the model was built for inputs of shape ({}), given ({})",
          fmt::join(inputShape, ", "), fmt::join(shape, ", ")));
    return absl::OkStatus();
  }
  if (layers.empty())
    return absl::FailedPreconditionError("the model has no layers");
  if (!inputShape.empty() && shape != inputShape)
    return absl::InvalidArgumentError(
        fmt::format("the model's Input takes shape ({}), given ({})",
                    fmt::join(inputShape, ", "), fmt::join(shape, ", ")));
  std::vector<int64_t> current = shape;
  for (const auto &layer : layers) {
    absl::StatusOr<std::vector<int64_t>> next =
        layer->build(current, generator);
    if (!next.ok())
      return next.status();
    current = *next;
  }
  inputShape = shape;
  built = true;
  return absl::OkStatus();
}

Array Sequential::call(const Array &x, CallContext &context) {
  if (!context.generator)
    context.generator = &state->generator;
  Array y = x;
  for (const auto &layer : state->layers)
    y = layer->call(y, context);
  return y;
}

//===----------------------------------------------------------------------===//
// compile
//===----------------------------------------------------------------------===//

absl::Status Sequential::compile(const Optimizer &optimizer, const Loss &loss,
                                 const std::vector<std::string> &metrics) {
  std::vector<Metric> resolved;
  for (const std::string &name : metrics) {
    absl::StatusOr<Metric> metric = getMetric(name, loss);
    if (!metric.ok())
      return metric.status();
    resolved.push_back(*metric);
  }
  state->optimizer = optimizer.clone();
  state->loss = loss;
  state->metrics = std::move(resolved);
  // The steps are made (or made again) for the data fit sees.
  state->stepSignature.reset();
  return absl::OkStatus();
}

absl::Status Sequential::compile(const Optimizer &optimizer,
                                 const std::string &loss,
                                 const std::vector<std::string> &metrics) {
  absl::StatusOr<Loss> resolved = getLoss(loss);
  if (!resolved.ok())
    return resolved.status();
  return compile(optimizer, *resolved, metrics);
}

absl::Status Sequential::compile(const std::string &optimizer,
                                 const std::string &loss,
                                 const std::vector<std::string> &metrics) {
  absl::StatusOr<std::shared_ptr<Optimizer>> resolved = getOptimizer(optimizer);
  if (!resolved.ok())
    return resolved.status();
  return compile(**resolved, loss, metrics);
}

Optimizer *Sequential::optimizer() const { return state->optimizer.get(); }
const std::optional<Loss> &Sequential::loss() const { return state->loss; }

//===----------------------------------------------------------------------===//
// Weights and summary
//===----------------------------------------------------------------------===//

std::vector<Variable> Sequential::weights() const {
  std::vector<Variable> result;
  for (const auto &layer : state->layers)
    for (const Variable &weight : layer->weights())
      result.push_back(weight);
  return result;
}

std::vector<Variable> Sequential::trainableWeights() const {
  std::vector<Variable> result;
  for (const auto &layer : state->layers)
    for (const Variable &weight : layer->trainableWeights())
      result.push_back(weight);
  return result;
}

std::vector<Tensor> Sequential::getWeights() const {
  std::vector<Tensor> values;
  for (const Variable &weight : weights())
    values.push_back(weight.value());
  return values;
}

absl::Status Sequential::setWeights(const std::vector<Tensor> &values) {
  std::vector<Variable> all = weights();
  if (values.size() != all.size())
    return absl::InvalidArgumentError(fmt::format(
        "the model has {} weights, given {}{}", all.size(), values.size(),
        state->built ? "" : " (build it first: it has none yet)"));
  // Check everything first: nothing is set unless everything fits.
  size_t next = 0;
  for (const auto &layer : state->layers) {
    size_t n = layer->weights().size();
    for (size_t i = 0; i < n; ++i) {
      const Variable &weight = layer->weights()[i];
      const Tensor &value = values[next + i];
      if (value.getDType() != weight.dtype() ||
          value.getShape() != weight.shape())
        return absl::InvalidArgumentError(fmt::format(
            "layer '{}': weight '{}' is {}, given {}", layer->name(),
            weight.name(), formatTensorType(weight.shape(), weight.dtype()),
            value.getTypeString()));
    }
    next += n;
  }
  next = 0;
  for (const auto &layer : state->layers) {
    size_t n = layer->weights().size();
    std::vector<Tensor> own(values.begin() + next, values.begin() + next + n);
    if (absl::Status status = layer->setWeights(own); !status.ok())
      return status;
    next += n;
  }
  return absl::OkStatus();
}

std::string Sequential::summary() const {
  // With an Input layer the shapes are known before any data (Keras).
  if (!state->built && !state->inputShape.empty())
    (void)state->ensureBuilt(state->inputShape);
  std::string text = "Model: \"sequential\"\n";
  std::string rule(65, '-');
  text += rule + "\n";
  text += fmt::format("{:<29}{:<25}{:>11}\n", "Layer (type)", "Output Shape",
                      "Param #");
  text += std::string(65, '=') + "\n";
  int64_t total = 0, trainable = 0;
  for (const auto &layer : state->layers) {
    std::string shape = "(None";
    for (int64_t size : layer->outputShape())
      shape += fmt::format(", {}", size);
    shape += ")";
    if (!layer->isBuilt())
      shape = "?";
    text +=
        fmt::format("{:<29}{:<25}{:>11}\n",
                    fmt::format("{} ({})", layer->name(), layer->className()),
                    shape, layer->countParams());
    total += layer->countParams();
    for (const Variable &weight : layer->trainableWeights()) {
      int64_t n = 1;
      for (int64_t size : weight.shape())
        n *= size;
      trainable += n;
    }
  }
  text += std::string(65, '=') + "\n";
  text += fmt::format("Total params: {}\n", total);
  text += fmt::format("Trainable params: {}\n", trainable);
  text += fmt::format("Non-trainable params: {}\n", total - trainable);
  return text;
}

size_t Sequential::traceCount() const {
  size_t n = 0;
  for (const auto *step :
       {&state->trainStep, &state->testStep, &state->predictStep})
    if (*step)
      n += (*step)->traceCount();
  return n;
}

size_t Sequential::compileCount() const {
  size_t n = 0;
  for (const auto *step :
       {&state->trainStep, &state->testStep, &state->predictStep})
    if (*step)
      n += (*step)->compileCount();
  return n;
}

} // namespace nn
