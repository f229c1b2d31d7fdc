//===- Model.h - Sequential models: compile, fit, evaluate ------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Keras's Sequential model in C++. Every step of fit is one traced,
// compiled function (nn::function): forward, loss and regularization,
// gradients by nn-autodiff, the optimizer's update and the metrics'
// accumulators, with parameters and optimizer state updated in place. The
// batch dimension is `?`, so the last, smaller batch reuses the trace: a
// fit traces its train step and its test step once each, in epoch 1.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_MODEL_H
#define NN_TRAIN_MODEL_H

#include "nn/Train/Layers.h"
#include "nn/Train/Losses.h"
#include "nn/Train/Optimizers.h"

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nn {

class Sequential;

/// Per-epoch values of the loss and every metric, and their `val_` twins.
struct History {
  std::map<std::string, std::vector<double>> values;
  std::vector<int64_t> epochs;
};

/// Logs of an epoch or a batch: "loss", "accuracy", "val_loss", ...
using Logs = std::map<std::string, double>;

class Callback {
public:
  virtual ~Callback();
  virtual void onTrainBegin(Sequential &) {}
  virtual void onTrainEnd(Sequential &) {}
  virtual void onEpochBegin(Sequential &, int64_t /*epoch*/) {}
  /// Return an error to stop fit with it.
  virtual absl::Status onEpochEnd(Sequential &, int64_t /*epoch*/,
                                  const Logs &) {
    return absl::OkStatus();
  }
  virtual void onBatchEnd(Sequential &, int64_t /*batch*/, const Logs &) {}
};

namespace callbacks {
/// Stops when `monitor` has not improved by `minDelta` for `patience`
/// epochs; with restoreBestWeights, puts the best epoch's weights back.
class EarlyStopping : public Callback {
public:
  explicit EarlyStopping(std::string monitor = "val_loss",
                         double minDelta = 0.0, int64_t patience = 0,
                         std::string mode = "auto",
                         bool restoreBestWeights = false);
  void onTrainBegin(Sequential &model) override;
  absl::Status onEpochEnd(Sequential &model, int64_t epoch,
                          const Logs &logs) override;
  void onTrainEnd(Sequential &model) override;
  /// The epoch fit stopped at (0-based), or -1.
  int64_t stoppedEpoch() const { return stopped; }

private:
  bool improves(double value) const;
  std::string monitor, mode;
  double minDelta;
  int64_t patience, wait = 0, stopped = -1;
  bool restoreBestWeights;
  std::optional<double> best;
  std::vector<Tensor> bestWeights;
};

/// Saves the model (model.save) at the end of every epoch, or only when
/// `monitor` improves with saveBestOnly. `{epoch}` in the path is replaced
/// by the epoch number (1-based).
class ModelCheckpoint : public Callback {
public:
  explicit ModelCheckpoint(std::string path, std::string monitor = "val_loss",
                           bool saveBestOnly = false);
  absl::Status onEpochEnd(Sequential &model, int64_t epoch,
                          const Logs &logs) override;

private:
  std::string path, monitor;
  bool saveBestOnly;
  std::optional<double> best;
};

/// Writes one CSV line per epoch: epoch, then the logs in name order.
class CSVLogger : public Callback {
public:
  explicit CSVLogger(std::string path, char separator = ',');
  void onTrainBegin(Sequential &model) override;
  absl::Status onEpochEnd(Sequential &model, int64_t epoch,
                          const Logs &logs) override;

private:
  std::string path;
  char separator;
  bool headerWritten = false;
};

class LambdaCallback : public Callback {
public:
  std::function<void(int64_t, const Logs &)> onEpochEndFn;
  std::function<void(int64_t, const Logs &)> onBatchEndFn;
  absl::Status onEpochEnd(Sequential &, int64_t epoch,
                          const Logs &logs) override;
  void onBatchEnd(Sequential &, int64_t batch, const Logs &logs) override;
};
} // namespace callbacks

struct FitOptions {
  int64_t epochs = 1;
  int64_t batchSize = 32;
  /// The last fraction of x and y, before shuffling, validates (Keras).
  double validationSplit = 0.0;
  /// Validation data instead of a split.
  std::optional<std::pair<Tensor, Tensor>> validationData;
  /// A new order of the training examples each epoch, from `seed`.
  bool shuffle = true;
  uint64_t seed = 0;
  std::vector<std::shared_ptr<Callback>> callbacks;
  /// 0: silent; 1: a progress bar (redrawn on a terminal, one line per
  /// epoch otherwise); 2: one line per epoch, with the trace and compile
  /// counts of the steps.
  int verbose = 1;
  /// Where the progress goes (default stdout).
  FILE *out = nullptr;
  /// The epoch to start from (Keras's initial_epoch): `epochs` is the last.
  int64_t initialEpoch = 0;
};

class Sequential {
public:
  Sequential();
  explicit Sequential(std::vector<std::shared_ptr<Layer>> layers);
  Sequential(const Sequential &) = delete;
  Sequential &operator=(const Sequential &) = delete;
  Sequential(Sequential &&) noexcept;
  Sequential &operator=(Sequential &&) noexcept;
  ~Sequential();

  /// Adds a copy of `layer` (a layer object such as layers::Dense(10)).
  template <typename L> void add(const L &layer) { addLayer(layer.clone()); }
  void addLayer(std::shared_ptr<Layer> layer);
  const std::vector<std::shared_ptr<Layer>> &layers() const;

  /// Builds every layer for inputs of `inputShape` (batch excluded):
  /// weights are made eagerly, from the model's generator. fit, evaluate
  /// and predict build on the first data they see.
  absl::Status build(const std::vector<int64_t> &inputShape);
  bool isBuilt() const;
  /// The generator of initializers and dropout (seed from NN_SEED or 0);
  /// set it before build for other initial weights.
  Generator &generator();
  void setSeed(uint64_t seed);

  /// The forward pass on a batch, eagerly or inside a trace.
  Array call(const Array &x, CallContext &context);

  /// Keras's compile, with objects or names ("adam", "sgd", "rmsprop", ...;
  /// "mse", "categorical_crossentropy", ...; "accuracy", ...).
  absl::Status compile(const Optimizer &optimizer, const Loss &loss,
                       const std::vector<std::string> &metrics = {});
  absl::Status compile(const Optimizer &optimizer, const std::string &loss,
                       const std::vector<std::string> &metrics = {});
  absl::Status compile(const std::string &optimizer, const std::string &loss,
                       const std::vector<std::string> &metrics = {});
  Optimizer *optimizer() const;
  const std::optional<Loss> &loss() const;

  absl::StatusOr<History> fit(const Tensor &x, const Tensor &y,
                              const FitOptions &options = {});
  absl::StatusOr<std::map<std::string, double>>
  evaluate(const Tensor &x, const Tensor &y, int64_t batchSize = 32);
  absl::StatusOr<Tensor> predict(const Tensor &x, int64_t batchSize = 32);

  /// Every weight in Keras's order (layer by layer, each layer's own
  /// order), and setting them back (all or nothing).
  std::vector<Tensor> getWeights() const;
  absl::Status setWeights(const std::vector<Tensor> &values);
  std::vector<Variable> trainableWeights() const;
  std::vector<Variable> weights() const;

  /// Keras's summary table.
  std::string summary() const;

  /// Writes one safetensors file holding the architecture, the compile
  /// configuration, every weight, the optimizer's state and the generator's
  /// state (see docs/Training.md), atomically, with a checksum.
  absl::Status save(const std::string &path) const;

  /// Stops fit after the current epoch (callbacks set it).
  bool stopTraining = false;
  /// Traces and compiles of the train and test steps so far.
  size_t traceCount() const;
  size_t compileCount() const;

  struct Impl;
  Impl &impl() const { return *state; }

private:
  std::unique_ptr<Impl> state;
};

/// Restores a model saved by Sequential::save: architecture, compile
/// configuration, weights, optimizer state and generator state. A
/// truncated, corrupted or foreign file is an error naming the problem.
absl::StatusOr<Sequential> loadModel(const std::string &path);

} // namespace nn

#endif // NN_TRAIN_MODEL_H
