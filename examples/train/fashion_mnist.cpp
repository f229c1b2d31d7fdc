//===- fashion_mnist.cpp - The Fashion-MNIST MLP of the Keras notes -------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Flatten, Dense(400, relu), Dense(300, relu), Dense(10, softmax); Adam;
// categorical cross-entropy; 4 epochs of batches of 128 with the last 10 %
// validating; then the test accuracy (the last line), the model saved, and
// the training curves drawn. The README's main job.
//
//   fashion-mnist [--epochs=4] [--batch-size=128] [--seed=0]
//                 [--data-dir=/usr/share/datasets/fashion-mnist]
//                 [--output-dir=.] [--limit=N]
//
//===----------------------------------------------------------------------===//

#include "Flags.h"

#include "nn/Train/Train.h"

#include <chrono>

int main(int argc, char **argv) {
  examples::Flags flags{4, 128};
  examples::parseFlags(argc, argv, flags);
  auto start = std::chrono::steady_clock::now();

  absl::StatusOr<nn::data::Dataset> data =
      nn::data::loadFashionMnist(flags.dataDir, flags.limit);
  examples::check(data.status(), "loading Fashion-MNIST");
  absl::StatusOr<nn::Tensor> yTrain = nn::data::oneHot(data->yTrain, 10);
  absl::StatusOr<nn::Tensor> yTest = nn::data::oneHot(data->yTest, 10);
  examples::check(yTrain.status(), "labels");
  examples::check(yTest.status(), "labels");

  nn::Sequential model;
  model.setSeed(flags.seed);
  model.add(nn::layers::Input({28, 28}));
  model.add(nn::layers::Flatten());
  model.add(nn::layers::Dense(400, "relu"));
  model.add(nn::layers::Dense(300, "relu"));
  model.add(nn::layers::Dense(10, "softmax"));
  examples::check(model.compile(nn::optimizers::Adam(),
                                "categorical_crossentropy", {"accuracy"}),
                  "compile");
  std::printf("%s", model.summary().c_str());

  nn::FitOptions fit;
  fit.epochs = flags.epochs;
  fit.batchSize = flags.batchSize;
  fit.validationSplit = 0.1;
  fit.seed = flags.seed;
  absl::StatusOr<nn::History> history = model.fit(data->xTrain, *yTrain, fit);
  examples::check(history.status(), "fit");

  std::string stem = flags.outputDir + "/fashion-mnist";
  examples::check(model.save(stem + ".safetensors"), "save");
  examples::check(nn::pictures::writeCurves(stem + "-curves.png",
                                            history->values,
                                            "Fashion-MNIST MLP"),
                  "curves");
  absl::StatusOr<std::map<std::string, double>> scores =
      model.evaluate(data->xTest, *yTest, flags.batchSize);
  examples::check(scores.status(), "evaluate");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("traces: %zu, compiles: %zu, wall time: %.1f s\n",
              model.traceCount(), model.compileCount(), seconds);
  std::printf("test loss: %.4f\n", scores->at("loss"));
  std::printf("test accuracy: %.4f\n", scores->at("accuracy"));
  return 0;
}
