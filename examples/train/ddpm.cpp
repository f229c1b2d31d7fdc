//===- ddpm.cpp - A denoising diffusion model (Ho et al. 2020) ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// DDPM with a linear beta schedule, the noise-prediction loss and ancestral
// sampling, on a 2-D toy distribution (eight Gaussians on a circle) or, at
// small scale, on Fashion-MNIST. The network is an MLP on (x_t, t / T).
// The training step and the sampling step are each one traced function
// (t, the coefficients and the noise are inputs or drawn in the graph, so
// neither retraces over the T steps). For the toy data it prints the mean
// and covariance of 2000 samples next to the data's, and the energy
// distance between them (0 for equal distributions) next to that of a
// Gaussian with the data's moments; for images it writes a sample grid.
//
//   ddpm [--epochs=N] [--batch-size=128] [--seed=0] [--dataset=toy|fashion]
//        [--steps=100] [--data-dir=DIR] [--output-dir=.] [--limit=N]
//
//===----------------------------------------------------------------------===//

#include "Flags.h"

#include "nn/Train/Train.h"

#include <cmath>

namespace {

struct Schedule {
  int64_t steps;
  std::vector<double> beta, alphaBar;
};

/// Ho et al.'s linear schedule (1e-4 to 0.02 over 1000 steps), scaled to
/// `steps` so that the last step is as noisy.
Schedule linearSchedule(int64_t steps) {
  Schedule s{steps, {}, {}};
  double scale = 1000.0 / double(steps), product = 1.0;
  for (int64_t t = 0; t < steps; ++t) {
    double beta =
        scale * (1e-4 + (0.02 - 1e-4) * double(t) / double(steps - 1));
    s.beta.push_back(beta);
    product *= 1.0 - beta;
    s.alphaBar.push_back(product);
  }
  return s;
}

/// Eight Gaussians (std 0.1) on a circle of radius 2.
nn::Tensor toyData(int64_t n, uint64_t seed) {
  nn::Generator gen(seed + 11);
  std::vector<float> noise =
      *nn::randomNormal(gen, {n, 2}, 0.0, 0.1).toTensor()->toVector<float>();
  std::vector<float> points(2 * n);
  for (int64_t i = 0; i < n; ++i) {
    double angle = 2.0 * M_PI * double(i % 8) / 8.0;
    points[2 * i] = float(2.0 * std::cos(angle)) + noise[2 * i];
    points[2 * i + 1] = float(2.0 * std::sin(angle)) + noise[2 * i + 1];
  }
  return *nn::Tensor::create({n, 2}, points);
}

nn::Tensor column(const std::vector<double> &values) {
  std::vector<float> v(values.begin(), values.end());
  return *nn::Tensor::create({int64_t(v.size()), 1}, v);
}

/// Mean and covariance of 2-D points.
void moments(const std::vector<float> &p, double mean[2], double cov[3]) {
  size_t n = p.size() / 2;
  mean[0] = mean[1] = cov[0] = cov[1] = cov[2] = 0;
  for (size_t i = 0; i < n; ++i)
    mean[0] += p[2 * i] / double(n), mean[1] += p[2 * i + 1] / double(n);
  for (size_t i = 0; i < n; ++i) {
    double a = p[2 * i] - mean[0], b = p[2 * i + 1] - mean[1];
    cov[0] += a * a / double(n), cov[1] += a * b / double(n),
        cov[2] += b * b / double(n);
  }
}

/// The energy distance 2E|X-Y| - E|X-X'| - E|Y-Y'| of two 2-D samples.
double energyDistance(const std::vector<float> &x,
                      const std::vector<float> &y) {
  auto meanDistance = [](const std::vector<float> &a,
                         const std::vector<float> &b) {
    double total = 0;
    for (size_t i = 0; i < a.size() / 2; ++i)
      for (size_t j = 0; j < b.size() / 2; ++j)
        total += std::hypot(a[2 * i] - b[2 * j], a[2 * i + 1] - b[2 * j + 1]);
    return total / double(a.size() / 2) / double(b.size() / 2);
  };
  return 2 * meanDistance(x, y) - meanDistance(x, x) - meanDistance(y, y);
}

} // namespace

int main(int argc, char **argv) {
  examples::Flags flags{0, 128};
  flags.extra["dataset"] = "toy";
  flags.extra["steps"] = "100";
  examples::parseFlags(argc, argv, flags);
  bool toy = flags.extra["dataset"] == "toy";
  if (!toy && flags.extra["dataset"] != "fashion") {
    std::fprintf(stderr, "ddpm: --dataset is toy or fashion\n");
    return 1;
  }
  int64_t T = std::max<int64_t>(2, std::atoll(flags.extra["steps"].c_str()));
  if (flags.epochs == 0)
    flags.epochs = toy ? 60 : 5;
  nn::Tensor data;
  if (toy) {
    data = toyData(8192, flags.seed);
  } else {
    absl::StatusOr<nn::data::Dataset> set =
        nn::data::loadFashionMnist(flags.dataDir, flags.limit);
    examples::check(set.status(), "loading Fashion-MNIST");
    // Pixels scaled to [-1, 1], flattened.
    nn::Array x = nn::reshape(nn::array(set->xTrain), {-1, 784}) * 2.0 - 1.0;
    data = *x.toTensor();
  }
  int64_t d = data.getShape()[1], batch = flags.batchSize;
  Schedule schedule = linearSchedule(T);

  nn::Sequential model;
  model.setSeed(flags.seed);
  model.add(nn::layers::Input({d + 1}));
  model.add(nn::layers::Dense(toy ? 128 : 512, "relu"));
  model.add(nn::layers::Dense(toy ? 128 : 512, "relu"));
  model.add(nn::layers::Dense(d));
  examples::check(model.build({d + 1}), "build");
  nn::optimizers::Adam adam(1e-3);
  std::vector<nn::Variable> params = model.trainableWeights();
  examples::check(adam.build(params), "optimizer");
  nn::Variable sqrtAlphaBar = *nn::Variable::create(
      "ddpm/sqrt_alpha_bar",
      *nn::sqrt(nn::array(column(schedule.alphaBar))).toTensor(), false);
  nn::Generator gen(flags.seed + 3);
  auto predict = [&](const nn::Array &x, const nn::Array &t) {
    nn::CallContext context;
    return model.call(nn::concat({x, t}, 1), context);
  };

  nn::FunctionOptions options;
  options.name = "ddpm_train_step";
  options.signature = nn::Signature{nn::Spec(nn::DType::F32, {batch, d})};
  nn::TracedFunction train = nn::function(
      [&](const std::vector<nn::Array> &args) {
        nn::Array t =
            nn::cast(nn::randomUniform(gen, {batch}, 0.0, double(T) - 1e-3),
                     nn::DType::I64);
        nn::Array s = nn::matmul(nn::oneHot(t, T), sqrtAlphaBar.read());
        nn::Array eps = nn::randomNormal(gen, {batch, d});
        nn::Array xt = s * args[0] + nn::sqrt(1.0 - s * s) * eps;
        nn::Array tFeature =
            nn::reshape(nn::cast(t, nn::DType::F32), {batch, 1}) / double(T);
        auto loss = [&](const std::vector<nn::Array> &) {
          nn::Array diff = predict(xt, tFeature) - eps;
          return nn::reduceMean(diff * diff);
        };
        std::vector<nn::Array> vg = nn::valueAndGrad(loss, params)({});
        (void)adam.apply({vg.begin() + 1, vg.end()}, params);
        return std::vector<nn::Array>{vg[0]};
      },
      options);

  int64_t n = data.getShape()[0];
  for (int64_t epoch = 0; epoch < flags.epochs; ++epoch) {
    double total = 0;
    int64_t steps = n / batch;
    for (int64_t s = 0; s < steps; ++s) {
      absl::StatusOr<nn::Tensor> x0 =
          nn::data::sliceRows(data, s * batch, (s + 1) * batch);
      examples::check(x0.status(), "batch");
      auto out = train({*x0});
      examples::check(out.status(), "train step");
      total += (*out)[0].data<float>()[0];
    }
    if (epoch == 0 || (epoch + 1) % std::max<int64_t>(1, flags.epochs / 5) == 0)
      std::printf("epoch %lld/%lld - loss: %.4f\n", (long long)(epoch + 1),
                  (long long)flags.epochs,
                  total / double(std::max<int64_t>(steps, 1)));
  }

  // Ancestral sampling: x_{t-1} = (x_t - c2 eps(x_t, t)) / sqrt(alpha_t)
  // + sigma_t z, one traced step whose coefficients are inputs.
  int64_t count = toy ? 2000 : 36;
  options.name = "ddpm_sample_step";
  options.signature = nn::Signature{
      nn::Spec(nn::DType::F32, {count, d}),
      nn::Spec(nn::DType::F32, {count, 1}), nn::Spec(nn::DType::F32, {}),
      nn::Spec(nn::DType::F32, {}), nn::Spec(nn::DType::F32, {})};
  nn::TracedFunction sample = nn::function(
      [&](const std::vector<nn::Array> &a) {
        nn::Array z = nn::randomNormal(gen, {count, d});
        nn::Array mean = (a[0] - a[3] * predict(a[0], a[1])) * a[2];
        return std::vector<nn::Array>{mean + a[4] * z};
      },
      options);
  nn::Tensor x = *nn::randomNormal(gen, {count, d}).toTensor();
  for (int64_t t = T - 1; t >= 0; --t) {
    double alpha = 1.0 - schedule.beta[t];
    double c2 = schedule.beta[t] / std::sqrt(1.0 - schedule.alphaBar[t]);
    double sigma = t > 0 ? std::sqrt(schedule.beta[t]) : 0.0;
    auto scalar = [](double v) {
      return *nn::Tensor::create({}, std::vector<float>{float(v)});
    };
    nn::Tensor tColumn =
        *nn::full({count, 1}, double(t) / double(T)).toTensor();
    auto out = sample({x, tColumn, scalar(1.0 / std::sqrt(alpha)), scalar(c2),
                       scalar(sigma)});
    examples::check(out.status(), "sampling");
    x = std::move((*out)[0]);
  }
  std::printf("traces: train %zu, sample %zu\n", train.traceCount(),
              sample.traceCount());
  if (!toy) {
    nn::Tensor images =
        *nn::reshape((nn::array(x) + 1.0) * 0.5, {count, 28, 28}).toTensor();
    examples::check(
        nn::pictures::writeImageGrid(
            flags.outputDir + "/ddpm-fashion-samples.png", images, 6, 2),
        "samples picture");
    return 0;
  }
  std::vector<float> samples = *x.toVector<float>();
  std::vector<float> reference =
      *toyData(count, flags.seed + 1).toVector<float>();
  double m1[2], c1[3], m2[2], c2[3];
  moments(samples, m1, c1);
  moments(reference, m2, c2);
  std::printf("data mean: (%.3f, %.3f), covariance: [%.3f %.3f; %.3f %.3f]\n",
              m2[0], m2[1], c2[0], c2[1], c2[1], c2[2]);
  std::printf(
      "samples mean: (%.3f, %.3f), covariance: [%.3f %.3f; %.3f %.3f]\n", m1[0],
      m1[1], c1[0], c1[1], c1[1], c1[2]);
  // A Gaussian with the data's moments: what matching moments alone gives.
  nn::Generator other(flags.seed + 5);
  std::vector<float> gaussian =
      *(nn::randomNormal(other, {count, 2}) * std::sqrt(c2[0]))
           .toTensor()
           ->toVector<float>();
  std::printf("energy distance to the data: samples %.4f, moment-matched "
              "Gaussian %.4f\n",
              energyDistance(samples, reference),
              energyDistance(gaussian, reference));
  return 0;
}
