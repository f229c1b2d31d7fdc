//===- main.cpp - The same model eager and traced -------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// An application of nn's front end, built against the installed package
// (find_package(nn), nn::nn):
//  1. a small MLP classifier trained by SGD, once eagerly (each op run at
//     once, gradients by valueAndGrad) and once as one traced, compiled
//     step; the time per step of each and the traced IR are printed;
//  2. a linear regression trained with a GradientTape that recovers the
//     slope and the offset of noisy data.
//
//===----------------------------------------------------------------------===//

#include "nn/nn.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

template <typename T> T check(absl::StatusOr<T> value, const char *what) {
  if (!value.ok()) {
    std::fprintf(stderr, "%s: %s\n", what,
                 std::string(value.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(value);
}

/// Two classes of points in 8 dimensions, separated by the sign of a sum.
void makeData(nn::Generator &gen, int64_t n, nn::Tensor &x, nn::Tensor &y) {
  nn::Array points = nn::randomNormal(gen, {n, 8});
  nn::Array label = nn::cast(
      nn::greater(nn::reduceSum(points, {1}), nn::scalar(0.0)), nn::DType::I64);
  x = check(points.toTensor(), "data");
  y = check(nn::oneHot(label, 2).toTensor(), "labels");
}

struct Model {
  nn::Variable w1, b1, w2, b2;
  nn::Array loss(const nn::Array &x, const nn::Array &y) const {
    nn::Array hidden = nn::relu(nn::matmul(x, w1.read()) + b1.read());
    nn::Array logits = nn::matmul(hidden, w2.read()) + b2.read();
    return -nn::reduceMean(nn::reduceSum(y * nn::logSoftmax(logits), {1}));
  }
  std::vector<nn::Variable> parameters() const { return {w1, b1, w2, b2}; }
  /// One SGD step; returns the loss before it.
  nn::Array step(const nn::Array &x, const nn::Array &y, double rate) {
    auto lossOf = [this](const std::vector<nn::Array> &a) {
      return loss(a[0], a[1]);
    };
    std::vector<nn::Array> vg = nn::valueAndGrad(lossOf, parameters())({x, y});
    std::vector<nn::Variable> params = parameters();
    for (size_t k = 0; k < params.size(); ++k)
      (void)params[k].assign(params[k].read() - rate * vg[k + 1]);
    return vg[0];
  }
};

Model makeModel(uint64_t seed) {
  nn::Generator gen(seed);
  auto var = [&](const char *name, std::vector<int64_t> shape, double scale) {
    nn::Tensor init =
        check((nn::randomNormal(gen, shape) * scale).toTensor(), "initializer");
    return check(nn::Variable::create(name, init), "variable");
  };
  return {var("w1", {8, 16}, 0.3), var("b1", {16}, 0.0),
          var("w2", {16, 2}, 0.3), var("b2", {2}, 0.0)};
}

float scalarOf(const nn::Array &a) {
  return check(a.toTensor(), "loss").data<float>()[0];
}

void eagerVersusTraced(int steps) {
  nn::Generator gen(1);
  nn::Tensor x, y;
  makeData(gen, 256, x, y);

  Model eager = makeModel(7);
  double start = now();
  float eagerLoss = 0;
  for (int i = 0; i < steps; ++i)
    eagerLoss = scalarOf(eager.step(nn::array(x), nn::array(y), 0.5));
  double eagerTime = (now() - start) / steps;

  Model traced = makeModel(7);
  nn::FunctionOptions options;
  options.name = "train_step";
  options.signature =
      nn::Signature{nn::Spec(nn::DType::F32, {nn::kDynamic, 8}),
                    nn::Spec(nn::DType::F32, {nn::kDynamic, 2})};
  nn::TracedFunction step = nn::function(
      [&](const std::vector<nn::Array> &args) {
        return std::vector<nn::Array>{traced.step(args[0], args[1], 0.5)};
      },
      options);
  start = now();
  float tracedLoss = check(step({x, y}), "first step")[0].data<float>()[0];
  double firstTime = now() - start;
  start = now();
  for (int i = 1; i < steps; ++i)
    tracedLoss = check(step({x, y}), "step")[0].data<float>()[0];
  double tracedTime = (now() - start) / std::max(steps - 1, 1);

  std::printf("eager:  %d steps, %.3f ms/step, last loss %.4f\n", steps,
              eagerTime * 1e3, eagerLoss);
  std::printf("traced: %d steps, %.3f ms/step after a first call of %.0f ms "
              "(trace and compile), last loss %.4f\n",
              steps, tracedTime * 1e3, firstTime * 1e3, tracedLoss);
  std::printf("traces: %zu, compiles: %zu\n", step.traceCount(),
              step.compileCount());
  std::printf("same losses: %s\n",
              std::fabs(eagerLoss - tracedLoss) < 1e-4 ? "yes" : "no");
  std::printf("--- traced IR of train_step ---\n%s",
              step.getIR(*options.signature).c_str());
}

void linearRegression(int steps) {
  nn::Generator gen(3);
  nn::Array x = nn::randomUniform(gen, {200, 1}, -1.0, 1.0);
  nn::Array noise = nn::randomNormal(gen, {200, 1}, 0.0, 0.05);
  nn::Array y = 2.0 * x + 1.0 + noise;
  nn::Variable slope = check(
      nn::Variable::create("slope", check(nn::zeros({1, 1}).toTensor(), "")),
      "slope");
  nn::Variable offset = check(
      nn::Variable::create("offset", check(nn::zeros({1}).toTensor(), "")),
      "offset");
  for (int i = 0; i < steps; ++i) {
    nn::GradientTape tape;
    nn::Array error = nn::matmul(x, slope.read()) + offset.read() - y;
    nn::Array loss = nn::reduceMean(error * error);
    std::vector<nn::Array> grads = tape.gradient(loss, {slope, offset});
    (void)slope.assign(slope.read() - 0.5 * grads[0]);
    (void)offset.assign(offset.read() - 0.5 * grads[1]);
  }
  std::printf("linear regression: slope %.2f, offset %.2f (data: y = 2x + 1 "
              "+ noise)\n",
              slope.value().data<float>()[0], offset.value().data<float>()[0]);
}

} // namespace

int main(int argc, char **argv) {
  int steps = argc > 1 ? std::atoi(argv[1]) : 50;
  eagerVersusTraced(steps);
  linearRegression(100);
  return 0;
}
