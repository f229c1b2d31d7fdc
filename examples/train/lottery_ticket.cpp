//===- lottery_ticket.cpp - Pruning, rewinding, retraining with masks -----===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The lottery-ticket procedure of the Keras notes on the Fashion-MNIST MLP:
// train; prune each dense kernel by magnitude (the smallest 50 %); rewind
// every weight to its initial value; apply the masks; retrain. Unlike the
// notes (where pruned weights grow back), the masks are held during
// retraining: after every step the pruned weights are set to zero again.
// Prints per-layer sparsity before and after retraining, both test
// accuracies, and writes the masks as a picture.
//
//   lottery-ticket [--epochs=4] [--batch-size=128] [--seed=0]
//                  [--data-dir=DIR] [--output-dir=.] [--limit=N]
//                  [--prune=0.5]
//
//===----------------------------------------------------------------------===//

#include "Flags.h"

#include "nn/Train/Train.h"

#include <algorithm>
#include <cmath>

namespace {

nn::Sequential mlp(uint64_t seed) {
  nn::Sequential model;
  model.setSeed(seed);
  model.add(nn::layers::Input({28, 28}));
  model.add(nn::layers::Flatten());
  model.add(nn::layers::Dense(400, "relu"));
  model.add(nn::layers::Dense(300, "relu"));
  model.add(nn::layers::Dense(10, "softmax"));
  examples::check(model.compile(nn::optimizers::Adam(),
                                "sparse_categorical_crossentropy",
                                {"accuracy"}),
                  "compile");
  return model;
}

/// Keeps the largest (1 - fraction) of |w|: a mask of 0s and 1s.
nn::Tensor magnitudeMask(const nn::Tensor &kernel, double fraction) {
  std::vector<float> values = *kernel.toVector<float>();
  std::vector<float> magnitudes(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    magnitudes[i] = std::fabs(values[i]);
  std::vector<float> sorted = magnitudes;
  size_t cut = static_cast<size_t>(fraction * double(sorted.size()));
  std::nth_element(sorted.begin(), sorted.begin() + cut, sorted.end());
  float threshold = sorted[cut];
  std::vector<float> mask(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    mask[i] = magnitudes[i] >= threshold ? 1.f : 0.f;
  return *nn::Tensor::create(kernel.getShape(), mask);
}

double sparsity(const nn::Tensor &kernel) {
  std::vector<float> values = *kernel.toVector<float>();
  size_t zeros = std::count(values.begin(), values.end(), 0.f);
  return 100.0 * double(zeros) / double(values.size());
}

/// The dense layers' kernels: (layer index, kernel variable).
std::vector<nn::Variable> kernels(const nn::Sequential &model) {
  std::vector<nn::Variable> result;
  for (const auto &layer : model.layers())
    if (layer->className() == "Dense")
      result.push_back(layer->weights()[0]);
  return result;
}

void applyMasks(std::vector<nn::Variable> &kernels,
                const std::vector<nn::Tensor> &masks) {
  for (size_t k = 0; k < kernels.size(); ++k)
    examples::check(kernels[k].assign(kernels[k].read() * nn::array(masks[k])),
                    "mask");
}

void printSparsity(const char *when, const std::vector<nn::Variable> &ks) {
  double zeros = 0, total = 0;
  for (const nn::Variable &k : ks) {
    double n = double(k.value().getNumElements());
    std::printf("%s: %s sparsity %.2f%%\n", when, k.name().c_str(),
                sparsity(k.value()));
    zeros += sparsity(k.value()) * n / 100.0;
    total += n;
  }
  std::printf("sparsity %s: %.2f%%\n", when, 100.0 * zeros / total);
}

} // namespace

int main(int argc, char **argv) {
  examples::Flags flags{4, 128};
  flags.extra["prune"] = "0.5";
  examples::parseFlags(argc, argv, flags);
  double prune = std::atof(flags.extra["prune"].c_str());
  absl::StatusOr<nn::data::Dataset> data =
      nn::data::loadFashionMnist(flags.dataDir, flags.limit);
  examples::check(data.status(), "loading Fashion-MNIST");

  nn::Sequential model = mlp(flags.seed);
  examples::check(model.build({28, 28}), "build");
  std::vector<nn::Tensor> initial = model.getWeights();
  nn::FitOptions fit;
  fit.epochs = flags.epochs;
  fit.batchSize = flags.batchSize;
  fit.seed = flags.seed;
  examples::check(model.fit(data->xTrain, data->yTrain, fit).status(), "fit");
  auto dense = model.evaluate(data->xTest, data->yTest, flags.batchSize);
  examples::check(dense.status(), "evaluate");

  // Prune by magnitude, rewind to the initial weights, mask.
  std::vector<nn::Variable> ks = kernels(model);
  std::vector<nn::Tensor> masks;
  for (const nn::Variable &k : ks)
    masks.push_back(magnitudeMask(k.value(), prune));
  nn::Sequential ticket = mlp(flags.seed);
  examples::check(ticket.build({28, 28}), "build");
  examples::check(ticket.setWeights(initial), "rewind");
  std::vector<nn::Variable> ticketKernels = kernels(ticket);
  applyMasks(ticketKernels, masks);
  printSparsity("before retraining", ticketKernels);

  // Retrain with the masks held after every step.
  auto holdMasks = std::make_shared<nn::callbacks::LambdaCallback>();
  holdMasks->onBatchEndFn = [&](int64_t, const nn::Logs &) {
    applyMasks(ticketKernels, masks);
  };
  fit.callbacks = {holdMasks};
  examples::check(ticket.fit(data->xTrain, data->yTrain, fit).status(),
                  "retrain");
  auto sparse = ticket.evaluate(data->xTest, data->yTest, flags.batchSize);
  examples::check(sparse.status(), "evaluate");
  examples::check(nn::pictures::writeHeatmap(
                      flags.outputDir + "/lottery-ticket-mask.png", masks[0]),
                  "mask picture");
  std::printf("test accuracy, dense: %.4f\n", dense->at("accuracy"));
  std::printf("test accuracy, ticket: %.4f\n", sparse->at("accuracy"));
  printSparsity("after retraining", ticketKernels);
  return 0;
}
