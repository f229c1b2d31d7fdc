//===- Layers.cpp - Keras-like layers -------------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Layers.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <atomic>
#include <cmath>
#include <mutex>

namespace nn {

namespace {
/// Keras's automatic names: dense, dense_1, dense_2, ...
std::string uniqueName(const std::string &className) {
  static std::mutex mutex;
  static std::map<std::string, int> *counts = new std::map<std::string, int>();
  std::string base;
  for (char c : className) {
    if (std::isupper(static_cast<unsigned char>(c)) && !base.empty() &&
        !std::isdigit(static_cast<unsigned char>(base.back())))
      base += '_';
    base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  // Keras writes conv2d, not conv2_d; batch_normalization; input_layer.
  if (base == "conv2_d")
    base = "conv2d";
  std::lock_guard<std::mutex> lock(mutex);
  int n = (*counts)[base]++;
  return n == 0 ? base : fmt::format("{}_{}", base, n);
}

std::string shapeString(const std::vector<int64_t> &shape) {
  return fmt::format("({})", fmt::join(shape, ", "));
}

absl::Status layerError(const Layer &layer, const std::string &message) {
  return absl::InvalidArgumentError(fmt::format(
      "layer '{}' ({}): {}", layer.name(), layer.className(), message));
}

int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  return n;
}

/// The batch dimension (kept dynamic) followed by `shape`.
std::vector<int64_t> withBatch(const std::vector<int64_t> &shape) {
  std::vector<int64_t> result{-1};
  result.insert(result.end(), shape.begin(), shape.end());
  return result;
}
} // namespace

//===----------------------------------------------------------------------===//
// Activations and regularizers
//===----------------------------------------------------------------------===//

bool isActivation(const std::string &name) {
  static const char *names[] = {"",        "linear", "relu",    "leaky_relu",
                                "sigmoid", "tanh",   "softmax", "gelu"};
  for (const char *candidate : names)
    if (name == candidate)
      return true;
  return false;
}

absl::StatusOr<Array> activate(const std::string &name, const Array &x) {
  if (name.empty() || name == "linear")
    return x;
  if (name == "relu")
    return relu(x);
  if (name == "leaky_relu")
    return maximum(x, x * 0.2);
  if (name == "sigmoid")
    return sigmoid(x);
  if (name == "tanh")
    return tanh(x);
  if (name == "softmax")
    return softmax(x, -1);
  if (name == "gelu") {
    // The tanh approximation (the dialect has no erf).
    const double c = std::sqrt(2.0 / M_PI);
    return 0.5 * x * (1.0 + tanh(c * (x + 0.044715 * x * x * x)));
  }
  return absl::InvalidArgumentError(
      "unknown activation '" + name +
      "' (known: linear, relu, leaky_relu, sigmoid, tanh, softmax, gelu)");
}

Array Regularizer::penalty(const Array &weight) const {
  Array total = scalar(0.0, weight.dtype());
  if (l1 != 0.0)
    total = total + l1 * reduceSum(abs(weight));
  if (l2 != 0.0)
    total = total + l2 * reduceSum(weight * weight);
  return total;
}

//===----------------------------------------------------------------------===//
// Layer
//===----------------------------------------------------------------------===//

Layer::Layer(std::string className) : layerName(uniqueName(className)) {}
Layer::~Layer() = default;

absl::StatusOr<std::vector<int64_t>>
Layer::build(const std::vector<int64_t> &inputShape, Generator &generator) {
  if (built) {
    if (inputShape != builtInput)
      return layerError(*this, fmt::format("built for inputs of shape {}, "
                                           "given {}",
                                           shapeString(builtInput),
                                           shapeString(inputShape)));
    return builtOutput;
  }
  for (int64_t size : inputShape)
    if (size <= 0)
      return layerError(*this, "input shape " + shapeString(inputShape) +
                                   " has a size that is not positive");
  absl::StatusOr<std::vector<int64_t>> output = doBuild(inputShape, generator);
  if (!output.ok())
    return output.status();
  builtInput = inputShape;
  builtOutput = *output;
  built = true;
  return output;
}

std::vector<Variable> Layer::trainableWeights() const {
  std::vector<Variable> result;
  for (const Variable &weight : allWeights)
    if (weight.trainable())
      result.push_back(weight);
  return result;
}

std::vector<Tensor> Layer::getWeights() const {
  std::vector<Tensor> values;
  for (const Variable &weight : allWeights)
    values.push_back(weight.value());
  return values;
}

absl::Status Layer::setWeights(const std::vector<Tensor> &values) {
  if (values.size() != allWeights.size())
    return layerError(*this, fmt::format("expects {} weights, given {}",
                                         allWeights.size(), values.size()));
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i].getDType() != allWeights[i].dtype() ||
        values[i].getShape() != allWeights[i].shape())
      return layerError(*this,
                        fmt::format("weight {} ('{}') is {}, given {}", i,
                                    allWeights[i].name(),
                                    formatTensorType(allWeights[i].shape(),
                                                     allWeights[i].dtype()),
                                    values[i].getTypeString()));
  for (size_t i = 0; i < values.size(); ++i)
    if (absl::Status status = allWeights[i].assign(array(values[i]));
        !status.ok())
      return status;
  return absl::OkStatus();
}

std::optional<Array> Layer::regularization() const {
  std::optional<Array> total;
  for (const auto &[weight, regularizer] : penalties) {
    Array term = regularizer.penalty(weight.read());
    total = total ? *total + term : term;
  }
  return total;
}

std::map<std::string, std::string> Layer::getConfig() const {
  return {{"name", layerName}};
}

int64_t Layer::countParams() const {
  int64_t total = 0;
  for (const Variable &weight : allWeights)
    total += product(weight.shape());
  return total;
}

Variable Layer::addWeight(const std::string &name, std::vector<int64_t> shape,
                          const std::string &initializer, Generator &generator,
                          bool trainable, int64_t fanIn, int64_t fanOut,
                          std::optional<Regularizer> regularizer) {
  Array init;
  if (initializer == "glorot_uniform") {
    double limit = std::sqrt(6.0 / static_cast<double>(fanIn + fanOut));
    init = randomUniform(generator, shape, -limit, limit);
  } else if (initializer == "ones") {
    init = ones(shape);
  } else {
    init = zeros(shape);
  }
  absl::StatusOr<Tensor> value = init.toTensor();
  absl::StatusOr<Variable> variable = Variable::create(
      layerName + "/" + name, value.ok() ? *value : Tensor(), trainable);
  allWeights.push_back(*variable);
  if (regularizer)
    penalties.push_back({*variable, *regularizer});
  return *variable;
}

namespace layers {

//===----------------------------------------------------------------------===//
// Input, Flatten, Reshape, Activation, Dropout
//===----------------------------------------------------------------------===//

Input::Input(std::vector<int64_t> shape)
    : Layer("InputLayer"), declared(std::move(shape)) {}
std::map<std::string, std::string> Input::getConfig() const {
  auto config = Layer::getConfig();
  config["batch_shape"] = shapeString(withBatch(declared));
  return config;
}
std::shared_ptr<Layer> Input::clone() const {
  return std::make_shared<Input>(*this);
}
absl::StatusOr<std::vector<int64_t>>
Input::doBuild(const std::vector<int64_t> &inputShape, Generator &) {
  if (inputShape != declared)
    return layerError(*this, fmt::format("declared input shape {}, given {}",
                                         shapeString(declared),
                                         shapeString(inputShape)));
  return declared;
}

Flatten::Flatten() : Layer("Flatten") {}
std::shared_ptr<Layer> Flatten::clone() const {
  return std::make_shared<Flatten>(*this);
}
absl::StatusOr<std::vector<int64_t>>
Flatten::doBuild(const std::vector<int64_t> &inputShape, Generator &) {
  return std::vector<int64_t>{product(inputShape)};
}
Array Flatten::call(const Array &x, CallContext &) {
  return reshape(x, {-1, product(inputShape())});
}

Reshape::Reshape(std::vector<int64_t> targetShape)
    : Layer("Reshape"), target(std::move(targetShape)) {}
std::map<std::string, std::string> Reshape::getConfig() const {
  auto config = Layer::getConfig();
  config["target_shape"] = shapeString(target);
  return config;
}
std::shared_ptr<Layer> Reshape::clone() const {
  return std::make_shared<Reshape>(*this);
}
absl::StatusOr<std::vector<int64_t>>
Reshape::doBuild(const std::vector<int64_t> &inputShape, Generator &) {
  if (product(target) != product(inputShape))
    return layerError(*this, fmt::format("cannot reshape {} into {}",
                                         shapeString(inputShape),
                                         shapeString(target)));
  return target;
}
Array Reshape::call(const Array &x, CallContext &) {
  return reshape(x, withBatch(target));
}

Activation::Activation(std::string activation)
    : Layer("Activation"), activation(std::move(activation)) {}
std::map<std::string, std::string> Activation::getConfig() const {
  auto config = Layer::getConfig();
  config["activation"] = activation;
  return config;
}
std::shared_ptr<Layer> Activation::clone() const {
  return std::make_shared<Activation>(*this);
}
absl::StatusOr<std::vector<int64_t>>
Activation::doBuild(const std::vector<int64_t> &inputShape, Generator &) {
  if (!isActivation(activation))
    return layerError(*this, "unknown activation '" + activation + "'");
  return inputShape;
}
Array Activation::call(const Array &x, CallContext &) {
  return *activate(activation, x);
}

Dropout::Dropout(double rate) : Layer("Dropout"), rate(rate) {}
std::map<std::string, std::string> Dropout::getConfig() const {
  auto config = Layer::getConfig();
  config["rate"] = fmt::format("{}", rate);
  return config;
}
std::shared_ptr<Layer> Dropout::clone() const {
  return std::make_shared<Dropout>(*this);
}
absl::StatusOr<std::vector<int64_t>>
Dropout::doBuild(const std::vector<int64_t> &inputShape, Generator &) {
  if (!(rate >= 0.0 && rate < 1.0))
    return layerError(*this,
                      fmt::format("rate must be in [0, 1), got {}", rate));
  return inputShape;
}
Array Dropout::call(const Array &x, CallContext &context) {
  if (!context.training || rate == 0.0 || !context.generator)
    return x;
  return dropout(*context.generator, x, rate);
}

//===----------------------------------------------------------------------===//
// Dense
//===----------------------------------------------------------------------===//

Dense::Dense(int64_t units, std::string activation, bool useBias,
             std::string kernelInitializer, std::string biasInitializer,
             std::optional<Regularizer> kernelRegularizer)
    : Layer("Dense"), units(units), activation(std::move(activation)),
      kernelInitializer(std::move(kernelInitializer)),
      biasInitializer(std::move(biasInitializer)), useBias(useBias),
      kernelRegularizer(kernelRegularizer) {}

std::map<std::string, std::string> Dense::getConfig() const {
  auto config = Layer::getConfig();
  config["units"] = std::to_string(units);
  config["activation"] = activation.empty() ? "linear" : activation;
  config["use_bias"] = useBias ? "true" : "false";
  config["kernel_initializer"] = kernelInitializer;
  config["bias_initializer"] = biasInitializer;
  if (kernelRegularizer)
    config["kernel_regularizer"] = fmt::format(
        "l1={} l2={}", kernelRegularizer->l1, kernelRegularizer->l2);
  return config;
}
std::shared_ptr<Layer> Dense::clone() const {
  return std::make_shared<Dense>(*this);
}

absl::StatusOr<std::vector<int64_t>>
Dense::doBuild(const std::vector<int64_t> &inputShape, Generator &generator) {
  if (units <= 0)
    return layerError(*this,
                      fmt::format("units must be positive, got {}", units));
  if (!isActivation(activation))
    return layerError(*this, "unknown activation '" + activation + "'");
  if (inputShape.empty())
    return layerError(*this, "needs inputs of rank 1 or more (batch "
                             "excluded), given a scalar");
  int64_t in = inputShape.back();
  addWeight("kernel", {in, units}, kernelInitializer, generator, true, in,
            units, kernelRegularizer);
  if (useBias)
    addWeight("bias", {units}, biasInitializer, generator);
  std::vector<int64_t> output = inputShape;
  output.back() = units;
  return output;
}

Array Dense::call(const Array &x, CallContext &) {
  Array y = matmul(x, weights()[0].read());
  if (useBias)
    y = y + weights()[1].read();
  return *activate(activation, y);
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

namespace {
/// The output size of a window op along one dimension (TensorFlow's rule).
int64_t windowOutput(int64_t in, int64_t window, int64_t stride,
                     int64_t dilation, const std::string &padding) {
  int64_t effective = (window - 1) * dilation + 1;
  if (padding == "same")
    return (in + stride - 1) / stride;
  return in >= effective ? (in - effective) / stride + 1 : 0;
}

absl::Status checkImage(const Layer &layer,
                        const std::vector<int64_t> &inputShape,
                        const std::string &padding) {
  if (inputShape.size() != 3)
    return layerError(layer, "needs images H x W x C (batch excluded), given "
                             "shape " +
                                 shapeString(inputShape));
  if (padding != "same" && padding != "valid")
    return layerError(layer, "padding must be \"same\" or \"valid\", got \"" +
                                 padding + "\"");
  return absl::OkStatus();
}
} // namespace

Conv2D::Conv2D(int64_t filters, std::array<int64_t, 2> kernelSize,
               std::array<int64_t, 2> strides, std::string padding,
               std::array<int64_t, 2> dilationRate, std::string activation,
               bool useBias)
    : Layer("Conv2D"), filters(filters), kernelSize(kernelSize),
      strides(strides), dilationRate(dilationRate), padding(std::move(padding)),
      activation(std::move(activation)), useBias(useBias) {}

std::map<std::string, std::string> Conv2D::getConfig() const {
  auto config = Layer::getConfig();
  config["filters"] = std::to_string(filters);
  config["kernel_size"] = fmt::format("({}, {})", kernelSize[0], kernelSize[1]);
  config["strides"] = fmt::format("({}, {})", strides[0], strides[1]);
  config["padding"] = padding;
  config["dilation_rate"] =
      fmt::format("({}, {})", dilationRate[0], dilationRate[1]);
  config["activation"] = activation.empty() ? "linear" : activation;
  config["use_bias"] = useBias ? "true" : "false";
  return config;
}
std::shared_ptr<Layer> Conv2D::clone() const {
  return std::make_shared<Conv2D>(*this);
}

absl::StatusOr<std::vector<int64_t>>
Conv2D::doBuild(const std::vector<int64_t> &inputShape, Generator &generator) {
  if (absl::Status status = checkImage(*this, inputShape, padding);
      !status.ok())
    return status;
  if (filters <= 0 || kernelSize[0] <= 0 || kernelSize[1] <= 0 ||
      strides[0] <= 0 || strides[1] <= 0 || dilationRate[0] <= 0 ||
      dilationRate[1] <= 0)
    return layerError(*this, "filters, kernel size, strides and dilation "
                             "must be positive");
  if (!isActivation(activation))
    return layerError(*this, "unknown activation '" + activation + "'");
  std::vector<int64_t> output(3);
  for (int i = 0; i < 2; ++i)
    output[i] = windowOutput(inputShape[i], kernelSize[i], strides[i],
                             dilationRate[i], padding);
  if (output[0] <= 0 || output[1] <= 0)
    return layerError(*this, fmt::format("a {}x{} kernel does not fit "
                                         "inputs of shape {}",
                                         kernelSize[0], kernelSize[1],
                                         shapeString(inputShape)));
  output[2] = filters;
  int64_t channels = inputShape[2];
  int64_t area = kernelSize[0] * kernelSize[1];
  addWeight("kernel", {kernelSize[0], kernelSize[1], channels, filters},
            "glorot_uniform", generator, true, area * channels, area * filters);
  if (useBias)
    addWeight("bias", {filters}, "zeros", generator);
  return output;
}

Array Conv2D::call(const Array &x, CallContext &) {
  Conv2DOptions options;
  options.strides = strides;
  options.dilations = dilationRate;
  options.padding = padding;
  Array y = conv2d(x, weights()[0].read(), options);
  if (useBias)
    y = y + weights()[1].read();
  return *activate(activation, y);
}

Pooling2D::Pooling2D(bool max, std::array<int64_t, 2> poolSize,
                     std::optional<std::array<int64_t, 2>> strides,
                     std::string padding)
    : Layer(max ? "MaxPooling2D" : "AveragePooling2D"), max(max),
      poolSize(poolSize), strides(strides.value_or(poolSize)),
      padding(std::move(padding)) {}

std::string Pooling2D::className() const {
  return max ? "MaxPooling2D" : "AveragePooling2D";
}
std::map<std::string, std::string> Pooling2D::getConfig() const {
  auto config = Layer::getConfig();
  config["pool_size"] = fmt::format("({}, {})", poolSize[0], poolSize[1]);
  config["strides"] = fmt::format("({}, {})", strides[0], strides[1]);
  config["padding"] = padding;
  return config;
}
std::shared_ptr<Layer> Pooling2D::clone() const {
  return std::shared_ptr<Layer>(new Pooling2D(*this));
}

absl::StatusOr<std::vector<int64_t>>
Pooling2D::doBuild(const std::vector<int64_t> &inputShape, Generator &) {
  if (absl::Status status = checkImage(*this, inputShape, padding);
      !status.ok())
    return status;
  if (poolSize[0] <= 0 || poolSize[1] <= 0 || strides[0] <= 0 ||
      strides[1] <= 0)
    return layerError(*this, "pool size and strides must be positive");
  std::vector<int64_t> output{
      windowOutput(inputShape[0], poolSize[0], strides[0], 1, padding),
      windowOutput(inputShape[1], poolSize[1], strides[1], 1, padding),
      inputShape[2]};
  if (output[0] <= 0 || output[1] <= 0)
    return layerError(*this, fmt::format("a {}x{} pool does not fit inputs "
                                         "of shape {}",
                                         poolSize[0], poolSize[1],
                                         shapeString(inputShape)));
  return output;
}

Array Pooling2D::call(const Array &x, CallContext &) {
  Pool2DOptions options;
  options.window = poolSize;
  options.strides = strides;
  options.padding = padding;
  return max ? maxPool2d(x, options) : avgPool2d(x, options);
}

GlobalAveragePooling2D::GlobalAveragePooling2D()
    : Layer("GlobalAveragePooling2D") {}
std::shared_ptr<Layer> GlobalAveragePooling2D::clone() const {
  return std::make_shared<GlobalAveragePooling2D>(*this);
}
absl::StatusOr<std::vector<int64_t>>
GlobalAveragePooling2D::doBuild(const std::vector<int64_t> &inputShape,
                                Generator &) {
  if (absl::Status status = checkImage(*this, inputShape, "valid");
      !status.ok())
    return status;
  return std::vector<int64_t>{inputShape[2]};
}
Array GlobalAveragePooling2D::call(const Array &x, CallContext &) {
  return reduceMean(x, {1, 2});
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

BatchNormalization::BatchNormalization(double momentum, double epsilon)
    : Layer("BatchNormalization"), momentum(momentum), epsilon(epsilon) {}

std::map<std::string, std::string> BatchNormalization::getConfig() const {
  auto config = Layer::getConfig();
  config["momentum"] = fmt::format("{}", momentum);
  config["epsilon"] = fmt::format("{}", epsilon);
  return config;
}
std::shared_ptr<Layer> BatchNormalization::clone() const {
  return std::make_shared<BatchNormalization>(*this);
}

absl::StatusOr<std::vector<int64_t>>
BatchNormalization::doBuild(const std::vector<int64_t> &inputShape,
                            Generator &generator) {
  if (inputShape.empty())
    return layerError(*this, "needs inputs of rank 1 or more (batch "
                             "excluded)");
  int64_t features = inputShape.back();
  addWeight("gamma", {features}, "ones", generator);
  addWeight("beta", {features}, "zeros", generator);
  addWeight("moving_mean", {features}, "zeros", generator, false);
  addWeight("moving_variance", {features}, "ones", generator, false);
  return inputShape;
}

Array BatchNormalization::call(const Array &x, CallContext &context) {
  const std::vector<Variable> &w = weights();
  std::vector<int64_t> axes;
  for (int64_t d = 0; d + 1 < x.rank(); ++d)
    axes.push_back(d);
  Array mean, variance;
  if (context.training) {
    mean = reduceMean(x, axes);
    Array centered = x - mean;
    variance = reduceMean(centered * centered, axes);
    context.updates.push_back(
        {w[2], momentum * w[2].read() + (1.0 - momentum) * mean});
    context.updates.push_back(
        {w[3], momentum * w[3].read() + (1.0 - momentum) * variance});
  } else {
    mean = w[2].read();
    variance = w[3].read();
  }
  Array scale = w[0].read() * rsqrt(variance + epsilon);
  return (x - mean) * scale + w[1].read();
}

} // namespace layers
} // namespace nn
