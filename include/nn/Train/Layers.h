//===- Layers.h - Keras-like layers -----------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Layers with Keras's names, arguments, defaults and weight layouts (a
// Dense kernel is input_dim x units, a Conv2D kernel HWIO, images NHWC).
// A layer's weights are nn::Variables made when it is built on its first
// input shape; call() works eagerly and inside nn::function alike, so a
// model's training step is one traced function.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_LAYERS_H
#define NN_TRAIN_LAYERS_H

#include "nn/Eager/Array.h"
#include "nn/Eager/Random.h"
#include "nn/Eager/Variable.h"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nn {

/// What a layer's call needs besides its input: the mode, and where
/// layers put the new values of their non-trainable state (BatchNorm's
/// moving statistics), which the training step assigns.
struct CallContext {
  bool training = false;
  Generator *generator = nullptr;
  std::vector<std::pair<Variable, Array>> updates;
};

/// L1 and L2 weight penalties, added to the loss.
struct Regularizer {
  double l1 = 0.0, l2 = 0.0;
  Array penalty(const Array &weight) const;
};
namespace regularizers {
inline Regularizer L1(double l1 = 0.01) { return {l1, 0.0}; }
inline Regularizer L2(double l2 = 0.01) { return {0.0, l2}; }
inline Regularizer L1L2(double l1 = 0.0, double l2 = 0.0) { return {l1, l2}; }
} // namespace regularizers

/// An activation by Keras's name: relu, leaky_relu (slope 0.2), sigmoid,
/// tanh, softmax, gelu (the tanh approximation), linear (or empty).
/// InvalidArgumentError for another name.
absl::StatusOr<Array> activate(const std::string &name, const Array &x);
bool isActivation(const std::string &name);

class Layer {
public:
  virtual ~Layer();

  const std::string &name() const { return layerName; }
  /// Names the layer (before it is built: its weights take the name).
  void rename(std::string name) {
    if (!built)
      layerName = std::move(name);
  }
  /// Keras's class name: "Dense", "Conv2D", ...
  virtual std::string className() const = 0;

  /// Makes the weights for inputs of `inputShape` (the batch dimension
  /// excluded), drawing initial values from `generator`, and gives the
  /// output shape. InvalidArgumentError naming the layer when the shape
  /// does not fit.
  absl::StatusOr<std::vector<int64_t>>
  build(const std::vector<int64_t> &inputShape, Generator &generator);
  bool isBuilt() const { return built; }
  const std::vector<int64_t> &inputShape() const { return builtInput; }
  const std::vector<int64_t> &outputShape() const { return builtOutput; }

  /// The output for a batch `x` (batch dimension first).
  virtual Array call(const Array &x, CallContext &context) = 0;

  /// Weights in Keras's order, trainable first within each layer's own
  /// order (a Dense layer: kernel, bias).
  const std::vector<Variable> &weights() const { return allWeights; }
  std::vector<Variable> trainableWeights() const;
  std::vector<Tensor> getWeights() const;
  /// InvalidArgumentError naming the layer when the count, a dtype or a
  /// shape differs; nothing is set then.
  absl::Status setWeights(const std::vector<Tensor> &values);
  /// Sum of the weight penalties (a scalar), or nothing.
  std::optional<Array> regularization() const;

  /// The configuration Keras's get_config gives, as strings, and the
  /// number of parameters.
  virtual std::map<std::string, std::string> getConfig() const;
  int64_t countParams() const;

  virtual std::shared_ptr<Layer> clone() const = 0;

protected:
  explicit Layer(std::string className);
  virtual absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape, Generator &generator) = 0;
  /// A weight named `<layer>/<name>`: "glorot_uniform" (fans from
  /// `fanIn`, `fanOut`), "zeros" or "ones".
  Variable addWeight(const std::string &name, std::vector<int64_t> shape,
                     const std::string &initializer, Generator &generator,
                     bool trainable = true, int64_t fanIn = 0,
                     int64_t fanOut = 0,
                     std::optional<Regularizer> regularizer = std::nullopt);

private:
  std::string layerName;
  bool built = false;
  std::vector<int64_t> builtInput, builtOutput;
  std::vector<Variable> allWeights;
  std::vector<std::pair<Variable, Regularizer>> penalties;
};

namespace layers {

/// Declares the input shape (batch excluded); no weights.
class Input : public Layer {
public:
  explicit Input(std::vector<int64_t> shape);
  std::string className() const override { return "InputLayer"; }
  Array call(const Array &x, CallContext &) override { return x; }
  std::map<std::string, std::string> getConfig() const override;
  std::shared_ptr<Layer> clone() const override;
  const std::vector<int64_t> &shape() const { return declared; }

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape, Generator &) override;

private:
  std::vector<int64_t> declared;
};

class Dense : public Layer {
public:
  explicit Dense(int64_t units, std::string activation = "",
                 bool useBias = true,
                 std::string kernelInitializer = "glorot_uniform",
                 std::string biasInitializer = "zeros",
                 std::optional<Regularizer> kernelRegularizer = std::nullopt);
  std::string className() const override { return "Dense"; }
  Array call(const Array &x, CallContext &context) override;
  std::map<std::string, std::string> getConfig() const override;
  std::shared_ptr<Layer> clone() const override;

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape,
          Generator &generator) override;

private:
  int64_t units;
  std::string activation, kernelInitializer, biasInitializer;
  bool useBias;
  std::optional<Regularizer> kernelRegularizer;
};

class Flatten : public Layer {
public:
  Flatten();
  std::string className() const override { return "Flatten"; }
  Array call(const Array &x, CallContext &context) override;
  std::shared_ptr<Layer> clone() const override;

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape, Generator &) override;
};

class Reshape : public Layer {
public:
  explicit Reshape(std::vector<int64_t> targetShape);
  std::string className() const override { return "Reshape"; }
  Array call(const Array &x, CallContext &context) override;
  std::map<std::string, std::string> getConfig() const override;
  std::shared_ptr<Layer> clone() const override;

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape, Generator &) override;

private:
  std::vector<int64_t> target;
};

class Activation : public Layer {
public:
  explicit Activation(std::string activation);
  std::string className() const override { return "Activation"; }
  Array call(const Array &x, CallContext &context) override;
  std::map<std::string, std::string> getConfig() const override;
  std::shared_ptr<Layer> clone() const override;

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape, Generator &) override;

private:
  std::string activation;
};

/// Inverted dropout, in training only, from the model's seeded generator.
class Dropout : public Layer {
public:
  explicit Dropout(double rate);
  std::string className() const override { return "Dropout"; }
  Array call(const Array &x, CallContext &context) override;
  std::map<std::string, std::string> getConfig() const override;
  std::shared_ptr<Layer> clone() const override;

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape, Generator &) override;

private:
  double rate;
};

class Conv2D : public Layer {
public:
  Conv2D(int64_t filters, std::array<int64_t, 2> kernelSize,
         std::array<int64_t, 2> strides = {1, 1}, std::string padding = "valid",
         std::array<int64_t, 2> dilationRate = {1, 1},
         std::string activation = "", bool useBias = true);
  std::string className() const override { return "Conv2D"; }
  Array call(const Array &x, CallContext &context) override;
  std::map<std::string, std::string> getConfig() const override;
  std::shared_ptr<Layer> clone() const override;

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape,
          Generator &generator) override;

private:
  int64_t filters;
  std::array<int64_t, 2> kernelSize, strides, dilationRate;
  std::string padding, activation;
  bool useBias;
};

/// Max or average pooling; strides default to the pool size.
class Pooling2D : public Layer {
public:
  std::string className() const override;
  Array call(const Array &x, CallContext &context) override;
  std::map<std::string, std::string> getConfig() const override;
  std::shared_ptr<Layer> clone() const override;

protected:
  Pooling2D(bool max, std::array<int64_t, 2> poolSize,
            std::optional<std::array<int64_t, 2>> strides, std::string padding);
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape, Generator &) override;

private:
  bool max;
  std::array<int64_t, 2> poolSize, strides;
  std::string padding;
};
class MaxPooling2D : public Pooling2D {
public:
  explicit MaxPooling2D(std::array<int64_t, 2> poolSize = {2, 2},
                        std::optional<std::array<int64_t, 2>> strides = {},
                        std::string padding = "valid")
      : Pooling2D(true, poolSize, strides, std::move(padding)) {}
};
class AveragePooling2D : public Pooling2D {
public:
  explicit AveragePooling2D(std::array<int64_t, 2> poolSize = {2, 2},
                            std::optional<std::array<int64_t, 2>> strides = {},
                            std::string padding = "valid")
      : Pooling2D(false, poolSize, strides, std::move(padding)) {}
};

class GlobalAveragePooling2D : public Layer {
public:
  GlobalAveragePooling2D();
  std::string className() const override { return "GlobalAveragePooling2D"; }
  Array call(const Array &x, CallContext &context) override;
  std::shared_ptr<Layer> clone() const override;

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape, Generator &) override;
};

/// Normalizes over every axis but the last. In training, by the batch's
/// statistics, and the moving ones are updated (momentum 0.99); in
/// inference, by the moving statistics.
class BatchNormalization : public Layer {
public:
  explicit BatchNormalization(double momentum = 0.99, double epsilon = 1e-3);
  std::string className() const override { return "BatchNormalization"; }
  Array call(const Array &x, CallContext &context) override;
  std::map<std::string, std::string> getConfig() const override;
  std::shared_ptr<Layer> clone() const override;

protected:
  absl::StatusOr<std::vector<int64_t>>
  doBuild(const std::vector<int64_t> &inputShape,
          Generator &generator) override;

private:
  double momentum, epsilon;
};

} // namespace layers
} // namespace nn

#endif // NN_TRAIN_LAYERS_H
