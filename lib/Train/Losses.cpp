//===- Losses.cpp - Losses and metrics ------------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Losses.h"

namespace nn {

namespace {
constexpr double kEpsilon = 1e-7; // Keras's backend epsilon.

Array clipProbabilities(const Array &p) {
  return minimum(maximum(p, scalar(kEpsilon, p.dtype())),
                 scalar(1.0 - kEpsilon, p.dtype()));
}

/// Labels (integers) as one-hot rows of the prediction's dtype and width.
Array oneHotLike(const Array &labels, const Array &yPred) {
  int64_t depth = yPred.shape().empty() ? 1 : yPred.shape().back();
  return oneHot(labels, depth, yPred.dtype());
}

Array binaryCrossentropy(const Array &y, const Array &p, bool fromLogits) {
  Array perElement;
  if (fromLogits) {
    // max(x, 0) - x * y + log(1 + exp(-|x|)): no overflow for any x.
    perElement =
        maximum(p, scalar(0.0, p.dtype())) - p * y + log(1.0 + exp(-abs(p)));
  } else {
    Array q = clipProbabilities(p);
    perElement = -(y * log(q) + (1.0 - y) * log(1.0 - q));
  }
  return reduceMean(perElement, {-1});
}

Array categoricalCrossentropy(const Array &y, const Array &p, bool fromLogits) {
  if (fromLogits)
    return -reduceSum(y * logSoftmax(p, -1), {-1});
  Array normalized = p / reduceSum(p, {-1}, true);
  return -reduceSum(y * log(clipProbabilities(normalized)), {-1});
}
} // namespace

Array Loss::perExample(const Array &yTrue, const Array &yPred) const {
  if (name == "mean_squared_error") {
    Array d = yPred - yTrue;
    return reduceMean(d * d, {-1});
  }
  if (name == "mean_absolute_error")
    return reduceMean(abs(yPred - yTrue), {-1});
  if (name == "binary_crossentropy")
    return binaryCrossentropy(yTrue, yPred, fromLogits);
  if (name == "categorical_crossentropy")
    return categoricalCrossentropy(yTrue, yPred, fromLogits);
  return categoricalCrossentropy(oneHotLike(yTrue, yPred), yPred, fromLogits);
}

Array Loss::operator()(const Array &yTrue, const Array &yPred) const {
  return reduceMean(perExample(yTrue, yPred));
}

absl::StatusOr<Loss> getLoss(const std::string &name) {
  if (name == "mse" || name == "mean_squared_error")
    return losses::MeanSquaredError();
  if (name == "mae" || name == "mean_absolute_error")
    return losses::MeanAbsoluteError();
  if (name == "binary_crossentropy")
    return losses::BinaryCrossentropy();
  if (name == "categorical_crossentropy")
    return losses::CategoricalCrossentropy();
  if (name == "sparse_categorical_crossentropy")
    return losses::SparseCategoricalCrossentropy();
  return absl::InvalidArgumentError(
      "unknown loss '" + name +
      "' (known: mse, mae, binary_crossentropy, categorical_crossentropy, "
      "sparse_categorical_crossentropy)");
}

Array Metric::batchSum(const Array &yTrue, const Array &yPred) const {
  DType dtype = yPred.dtype();
  if (kind == "mean_squared_error") {
    Array d = yPred - yTrue;
    return reduceSum(reduceMean(d * d, {-1}));
  }
  if (kind == "mean_absolute_error")
    return reduceSum(reduceMean(abs(yPred - yTrue), {-1}));
  Array hits;
  if (kind == "binary_accuracy")
    hits = equal(greater(yPred, scalar(0.5, dtype)),
                 greater(yTrue, scalar(0.5, yTrue.dtype())));
  else if (kind == "sparse_categorical_accuracy")
    hits = equal(argmax(yPred, -1), cast(yTrue, DType::I64));
  else
    hits = equal(argmax(yPred, -1), argmax(yTrue, -1));
  Array perExample = cast(hits, dtype);
  if (perExample.rank() > 1)
    perExample = reduceMean(perExample, {-1});
  return reduceSum(perExample);
}

absl::StatusOr<Metric> getMetric(const std::string &name, const Loss &loss) {
  if (name == "accuracy" || name == "acc") {
    if (loss.name == "binary_crossentropy")
      return Metric{"accuracy", "binary_accuracy"};
    if (loss.name == "sparse_categorical_crossentropy")
      return Metric{"accuracy", "sparse_categorical_accuracy"};
    return Metric{"accuracy", "categorical_accuracy"};
  }
  for (const Metric &metric :
       {metrics::BinaryAccuracy(), metrics::CategoricalAccuracy(),
        metrics::SparseCategoricalAccuracy(), metrics::MeanSquaredError(),
        metrics::MeanAbsoluteError()})
    if (name == metric.name || name == metric.kind)
      return metric;
  return absl::InvalidArgumentError(
      "unknown metric '" + name +
      "' (known: accuracy, binary_accuracy, categorical_accuracy, "
      "sparse_categorical_accuracy, mse, mae)");
}

} // namespace nn
