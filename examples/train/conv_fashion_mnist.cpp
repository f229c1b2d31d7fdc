//===- conv_fashion_mnist.cpp - A small conv net on Fashion-MNIST ---------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Conv2D, MaxPooling2D, BatchNormalization, Dropout and Dense on images of
// 28 x 28 x 1, sparse categorical cross-entropy from logits, Adam; prints
// the test accuracy last.
//
//   conv-fashion-mnist [--epochs=3] [--batch-size=64] [--seed=0]
//                      [--data-dir=DIR] [--output-dir=.] [--limit=N]
//
//===----------------------------------------------------------------------===//

#include "Flags.h"

#include "nn/Train/Train.h"

int main(int argc, char **argv) {
  examples::Flags flags{3, 64};
  examples::parseFlags(argc, argv, flags);
  absl::StatusOr<nn::data::Dataset> data =
      nn::data::loadFashionMnist(flags.dataDir, flags.limit);
  examples::check(data.status(), "loading Fashion-MNIST");
  // Images as N x 28 x 28 x 1 (NHWC).
  auto withChannel = [](const nn::Tensor &images) {
    std::vector<int64_t> shape = images.getShape();
    shape.push_back(1);
    return *nn::Tensor::fromBytes(images.getDType(), shape, images.getBytes(),
                                  images.getByteSize());
  };
  nn::Tensor xTrain = withChannel(data->xTrain);
  nn::Tensor xTest = withChannel(data->xTest);

  nn::Sequential model;
  model.setSeed(flags.seed);
  model.add(nn::layers::Input({28, 28, 1}));
  model.add(nn::layers::Conv2D(32, {3, 3}, {1, 1}, "same", {1, 1}, "relu"));
  model.add(nn::layers::MaxPooling2D());
  model.add(nn::layers::BatchNormalization());
  model.add(nn::layers::Conv2D(64, {3, 3}, {1, 1}, "valid", {1, 1}, "relu"));
  model.add(nn::layers::MaxPooling2D());
  model.add(nn::layers::Flatten());
  model.add(nn::layers::Dropout(0.3));
  model.add(nn::layers::Dense(10));
  examples::check(model.compile(nn::optimizers::Adam(),
                                nn::losses::SparseCategoricalCrossentropy(true),
                                {"accuracy"}),
                  "compile");
  std::printf("%s", model.summary().c_str());
  nn::FitOptions fit;
  fit.epochs = flags.epochs;
  fit.batchSize = flags.batchSize;
  fit.validationSplit = 0.1;
  fit.seed = flags.seed;
  absl::StatusOr<nn::History> history = model.fit(xTrain, data->yTrain, fit);
  examples::check(history.status(), "fit");
  examples::check(nn::pictures::writeCurves(
                      flags.outputDir + "/conv-fashion-mnist-curves.png",
                      history->values, "Fashion-MNIST conv net"),
                  "curves");
  absl::StatusOr<std::map<std::string, double>> scores =
      model.evaluate(xTest, data->yTest, flags.batchSize);
  examples::check(scores.status(), "evaluate");
  std::printf("traces: %zu, compiles: %zu\n", model.traceCount(),
              model.compileCount());
  std::printf("test accuracy: %.4f\n", scores->at("accuracy"));
  return 0;
}
