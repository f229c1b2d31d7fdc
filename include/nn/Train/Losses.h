//===- Losses.h - Losses and metrics ----------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Keras's losses (mean over the batch of a per-example loss; the
// cross-entropies clip probabilities to [1e-7, 1 - 1e-7] as Keras does, or
// take logits with fromLogits, computed stably) and metrics (accumulated
// as sums and counts over an epoch, so the epoch's value is the exact mean
// over its examples, as Keras's Mean metrics give).
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_LOSSES_H
#define NN_TRAIN_LOSSES_H

#include "nn/Eager/Array.h"

#include <string>

namespace nn {

struct Loss {
  /// mean_squared_error, mean_absolute_error, binary_crossentropy,
  /// categorical_crossentropy, sparse_categorical_crossentropy.
  std::string name;
  bool fromLogits = false;

  /// The loss per example (shape: the batch).
  Array perExample(const Array &yTrue, const Array &yPred) const;
  /// The mean over the batch.
  Array operator()(const Array &yTrue, const Array &yPred) const;
};

/// A loss by Keras's name or alias (mse, mae, binary_crossentropy,
/// categorical_crossentropy, sparse_categorical_crossentropy, and the long
/// names); InvalidArgumentError listing the known ones.
absl::StatusOr<Loss> getLoss(const std::string &name);

namespace losses {
inline Loss MeanSquaredError() { return {"mean_squared_error", false}; }
inline Loss MeanAbsoluteError() { return {"mean_absolute_error", false}; }
inline Loss BinaryCrossentropy(bool fromLogits = false) {
  return {"binary_crossentropy", fromLogits};
}
inline Loss CategoricalCrossentropy(bool fromLogits = false) {
  return {"categorical_crossentropy", fromLogits};
}
inline Loss SparseCategoricalCrossentropy(bool fromLogits = false) {
  return {"sparse_categorical_crossentropy", fromLogits};
}
} // namespace losses

struct Metric {
  /// The name in logs ("accuracy", "mse", ...) and the kind:
  /// binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
  /// mean_squared_error, mean_absolute_error.
  std::string name;
  std::string kind;
  /// The sum of the per-example values of a batch (divided by the number
  /// of examples at the end of an epoch).
  Array batchSum(const Array &yTrue, const Array &yPred) const;
};

/// A metric by Keras's name; "accuracy" takes the kind that fits the loss
/// (as Keras does): binary, categorical or sparse.
absl::StatusOr<Metric> getMetric(const std::string &name, const Loss &loss);

namespace metrics {
inline Metric BinaryAccuracy() {
  return {"binary_accuracy", "binary_accuracy"};
}
inline Metric CategoricalAccuracy() {
  return {"categorical_accuracy", "categorical_accuracy"};
}
inline Metric SparseCategoricalAccuracy() {
  return {"sparse_categorical_accuracy", "sparse_categorical_accuracy"};
}
inline Metric MeanSquaredError() { return {"mse", "mean_squared_error"}; }
inline Metric MeanAbsoluteError() { return {"mae", "mean_absolute_error"}; }
} // namespace metrics

} // namespace nn

#endif // NN_TRAIN_LOSSES_H
