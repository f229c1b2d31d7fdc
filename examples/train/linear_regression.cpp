//===- linear_regression.cpp - Dense(1) fit to y = 2x + 1 -----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The first run of the Keras notes: a Dense(1) layer fit to noisy points of
// y = 2x + 1 with SGD and the mean squared error; prints the kernel (the
// slope) and the bias (the offset) it learned.
//
//   linear-regression [--epochs=N] [--batch-size=N] [--seed=N]
//
//===----------------------------------------------------------------------===//

#include "Flags.h"

#include "nn/Train/Train.h"

int main(int argc, char **argv) {
  examples::Flags flags{40, 32};
  examples::parseFlags(argc, argv, flags);

  nn::Generator gen(flags.seed + 1);
  nn::Array x = nn::randomUniform(gen, {1000, 1}, -1.0, 1.0);
  nn::Array y = 2.0 * x + 1.0 + nn::randomNormal(gen, {1000, 1}, 0.0, 0.1);
  absl::StatusOr<nn::Tensor> xs = x.toTensor(), ys = y.toTensor();
  examples::check(xs.status(), "data");
  examples::check(ys.status(), "data");

  nn::Sequential model;
  model.setSeed(flags.seed);
  model.add(nn::layers::Input({1}));
  model.add(nn::layers::Dense(1));
  examples::check(model.compile(nn::optimizers::SGD(0.1), "mse"), "compile");
  std::printf("%s", model.summary().c_str());
  nn::FitOptions options;
  options.epochs = flags.epochs;
  options.batchSize = flags.batchSize;
  options.seed = flags.seed;
  examples::check(model.fit(*xs, *ys, options).status(), "fit");

  std::vector<nn::Tensor> weights = model.layers()[1]->getWeights();
  std::printf("slope (kernel): %.4f\n", weights[0].data<float>()[0]);
  std::printf("offset (bias): %.4f\n", weights[1].data<float>()[0]);
  return 0;
}
