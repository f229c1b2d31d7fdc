//===- gan.cpp - A GAN (and a WGAN-GP) on Fashion-MNIST -------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A generator and a discriminator (two Sequential models) trained in a
// custom loop of two traced steps with two Adam optimizers. With
// --loss=bce (the default) the losses are binary cross-entropies from
// logits; with --loss=wasserstein, a WGAN with gradient penalty: the
// penalty is the gradient of the critic with respect to its input, taken
// inside the differentiated loss, so the step holds a second-order
// gradient through the critic (nn-autodiff differentiates the generated
// gradient function). Writes sample grids and the loss curves.
//
//   gan [--epochs=5] [--batch-size=64] [--seed=0] [--data-dir=DIR]
//       [--output-dir=.] [--limit=N] [--loss=bce|wasserstein]
//
//===----------------------------------------------------------------------===//

#include "Flags.h"

#include "nn/Train/Train.h"

#include <chrono>

namespace {

// The architecture of the PyTorch peer (shared/bench/peers/torch_gan.py),
// so that the step times compare: z of 100, G 256 relu -> 784 tanh,
// D 256 leaky_relu -> 1, Adam(2e-4, 0.5, 0.999), images in [-1, 1].
constexpr int64_t kLatent = 100;

nn::Sequential generator(uint64_t seed) {
  nn::Sequential g;
  g.setSeed(seed);
  g.add(nn::layers::Input({kLatent}));
  g.add(nn::layers::Dense(256, "relu"));
  g.add(nn::layers::Dense(784, "tanh"));
  g.add(nn::layers::Reshape({28, 28}));
  return g;
}

nn::Sequential critic(uint64_t seed) {
  nn::Sequential d;
  d.setSeed(seed + 1);
  d.add(nn::layers::Input({28, 28}));
  d.add(nn::layers::Flatten());
  d.add(nn::layers::Dense(256, "leaky_relu"));
  d.add(nn::layers::Dense(1));
  return d;
}

nn::Array logits(nn::Sequential &model, const nn::Array &x) {
  nn::CallContext context;
  context.training = true;
  return model.call(x, context);
}

/// Binary cross-entropy from logits against a constant label.
nn::Array bce(const nn::Array &z, double label) {
  return nn::losses::BinaryCrossentropy(true)(nn::full({1, 1}, label), z);
}

} // namespace

int main(int argc, char **argv) {
  examples::Flags flags{5, 64};
  flags.extra["loss"] = "bce";
  examples::parseFlags(argc, argv, flags);
  bool wasserstein = flags.extra["loss"] == "wasserstein";
  if (!wasserstein && flags.extra["loss"] != "bce") {
    std::fprintf(stderr, "gan: --loss is bce or wasserstein\n");
    return 1;
  }
  absl::StatusOr<nn::data::Dataset> data =
      nn::data::loadFashionMnist(flags.dataDir, flags.limit);
  examples::check(data.status(), "loading Fashion-MNIST");
  absl::StatusOr<nn::Tensor> scaled =
      (nn::array(data->xTrain) * 2.0 - 1.0).toTensor();
  examples::check(scaled.status(), "scaling");
  data->xTrain = *std::move(scaled);

  nn::Sequential g = generator(flags.seed), d = critic(flags.seed);
  examples::check(g.build({kLatent}), "generator");
  examples::check(d.build({28, 28}), "critic");
  nn::optimizers::Adam gOpt(wasserstein ? 1e-4 : 2e-4, 0.5,
                            wasserstein ? 0.9 : 0.999);
  nn::optimizers::Adam dOpt(wasserstein ? 1e-4 : 2e-4, 0.5,
                            wasserstein ? 0.9 : 0.999);
  std::vector<nn::Variable> gParams = g.trainableWeights();
  std::vector<nn::Variable> dParams = d.trainableWeights();
  examples::check(gOpt.build(gParams), "optimizer");
  examples::check(dOpt.build(dParams), "optimizer");
  nn::Generator noise(flags.seed + 7);
  int64_t batch = flags.batchSize;

  nn::FunctionOptions options;
  options.signature = nn::Signature{nn::Spec(nn::DType::F32, {batch, 28, 28})};
  options.name = "critic_step";
  nn::TracedFunction dStep = nn::function(
      [&](const std::vector<nn::Array> &args) {
        nn::Array z = nn::randomNormal(noise, {batch, kLatent});
        auto loss = [&](const std::vector<nn::Array> &a) {
          nn::Array fake = logits(g, z);
          nn::Array real = a[0];
          if (!wasserstein)
            return bce(logits(d, real), 1.0) + bce(logits(d, fake), 0.0);
          nn::Array eps = nn::randomUniform(noise, {batch, 1, 1});
          nn::Array mixed = eps * real + (1.0 - eps) * fake;
          auto critique = [&](const std::vector<nn::Array> &x) {
            return nn::reduceSum(logits(d, x[0]));
          };
          nn::Array grad =
              nn::valueAndGrad(critique, std::vector<int64_t>{0})({mixed})[1];
          nn::Array norm = nn::sqrt(nn::reduceSum(grad * grad, {1, 2}) + 1e-12);
          nn::Array penalty = nn::reduceMean((norm - 1.0) * (norm - 1.0));
          return nn::reduceMean(logits(d, fake)) -
                 nn::reduceMean(logits(d, real)) + 10.0 * penalty;
        };
        std::vector<nn::Array> vg = nn::valueAndGrad(loss, dParams)(args);
        (void)dOpt.apply({vg.begin() + 1, vg.end()}, dParams);
        return std::vector<nn::Array>{vg[0]};
      },
      options);
  options.name = "generator_step";
  options.signature = nn::Signature{};
  nn::TracedFunction gStep = nn::function(
      [&](const std::vector<nn::Array> &) {
        nn::Array z = nn::randomNormal(noise, {batch, kLatent});
        auto loss = [&](const std::vector<nn::Array> &) {
          nn::Array scores = logits(d, logits(g, z));
          return wasserstein ? -nn::reduceMean(scores) : bce(scores, 1.0);
        };
        std::vector<nn::Array> vg = nn::valueAndGrad(loss, gParams)({});
        (void)gOpt.apply({vg.begin() + 1, vg.end()}, gParams);
        return std::vector<nn::Array>{vg[0]};
      },
      options);

  std::map<std::string, std::vector<double>> curves;
  int64_t n = data->xTrain.getShape()[0];
  int64_t steps = n / batch;
  double stepSeconds = 0;
  int64_t timedSteps = 0;
  for (int64_t epoch = 0; epoch < flags.epochs; ++epoch) {
    double dSum = 0, gSum = 0;
    for (int64_t s = 0; s < steps; ++s) {
      absl::StatusOr<nn::Tensor> real =
          nn::data::sliceRows(data->xTrain, s * batch, (s + 1) * batch);
      examples::check(real.status(), "batch");
      auto start = std::chrono::steady_clock::now();
      absl::StatusOr<std::vector<nn::Tensor>> dl = dStep({*real});
      examples::check(dl.status(), "critic step");
      absl::StatusOr<std::vector<nn::Tensor>> gl = gStep({});
      examples::check(gl.status(), "generator step");
      // The first step of the run traces and compiles.
      if (epoch > 0 || s > 0) {
        stepSeconds += std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
        ++timedSteps;
      }
      dSum += (*dl)[0].data<float>()[0];
      gSum += (*gl)[0].data<float>()[0];
    }
    curves["critic_loss"].push_back(dSum / double(std::max<int64_t>(steps, 1)));
    curves["generator_loss"].push_back(gSum /
                                       double(std::max<int64_t>(steps, 1)));
    std::printf("epoch %lld/%lld - critic_loss: %.4f - generator_loss: %.4f\n",
                static_cast<long long>(epoch + 1),
                static_cast<long long>(flags.epochs),
                curves["critic_loss"].back(), curves["generator_loss"].back());
    std::fflush(stdout);
  }
  nn::CallContext inference;
  nn::Array samples = g.call(nn::randomNormal(noise, {36, kLatent}), inference);
  absl::StatusOr<nn::Tensor> images = samples.toTensor();
  examples::check(images.status(), "samples");
  std::string stem = flags.outputDir + "/gan-" + flags.extra["loss"];
  examples::check(
      nn::pictures::writeImageGrid(stem + "-samples.png", *images, 6, 2),
      "samples picture");
  examples::check(
      nn::pictures::writeCurves(stem + "-curves.png", curves, "GAN losses"),
      "curves");
  std::printf("step (critic + generator): %.3f ms\n",
              timedSteps ? 1e3 * stepSeconds / double(timedSteps) : 0.0);
  std::printf("traces: %zu, compiles: %zu\n",
              dStep.traceCount() + gStep.traceCount(),
              dStep.compileCount() + gStep.compileCount());
  return 0;
}
