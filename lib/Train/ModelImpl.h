//===- ModelImpl.h - What a Sequential model holds --------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_TRAIN_MODELIMPL_H
#define NN_LIB_TRAIN_MODELIMPL_H

#include "nn/Trace/Function.h"
#include "nn/Train/Model.h"

namespace nn {

struct Sequential::Impl {
  std::vector<std::shared_ptr<Layer>> layers;
  Generator generator{0};
  bool built = false;
  std::vector<int64_t> inputShape;

  std::shared_ptr<Optimizer> optimizer;
  std::optional<Loss> loss;
  std::vector<Metric> metrics;

  /// Accumulators of the running epoch, updated inside the steps: the
  /// number of examples, the loss summed over them, each metric's sum.
  std::optional<Variable> count, lossSum;
  std::vector<Variable> metricSums;
  /// The traced steps (made for the data's types, traced at their first
  /// call) and the signatures they were made for.
  std::optional<TracedFunction> trainStep, testStep, predictStep;
  std::optional<Signature> stepSignature, predictSignature;

  /// Builds for `inputShape` unless built; an error if built for another.
  absl::Status ensureBuilt(const std::vector<int64_t> &inputShape);
  /// The loss plus the layers' weight penalties.
  Array totalLoss(const Array &y, const Array &prediction);
  /// Makes the train, test and predict steps for data of these types
  /// (the batch dimension `?`), unless they exist for them.
  void makeSteps(const Tensor &x, const Tensor &y);
  void makePredictStep(const Tensor &x);
  absl::Status resetAccumulators();
  /// loss and metrics from the accumulators, with `prefix` ("" or "val_").
  Logs readAccumulators(const std::string &prefix) const;
};

/// The tensors one after the other along dimension 0.
absl::StatusOr<Tensor> concatRows(const std::vector<Tensor> &parts);

/// Keras's progress bar (see Progress.cpp).
class ProgressBar {
public:
  ProgressBar(FILE *out, int verbose, int64_t steps);
  void update(int64_t step, const Logs &logs);
  /// The last line of the epoch, with its validation logs.
  void finish(const Logs &logs, const std::string &suffix = "");
  /// The text of the bar line for `step` (for tests and non-TTY output).
  static std::string format(int64_t step, int64_t steps, double seconds,
                            double secondsPerStep, bool done, const Logs &logs,
                            bool color = false);

private:
  FILE *out;
  int verbose;
  int64_t steps;
  bool tty;
  double start, firstStepEnd = -1, lastDraw = -1;
};

} // namespace nn

#endif // NN_LIB_TRAIN_MODELIMPL_H
