//===- OptimizersTest.cpp - Optimizer steps against torch.optim -----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Three steps of each optimizer on p = [0.5, -1, 2] with gradients
// [0.1t, -0.2, 0.3t] (t = 1, 2, 3), against PyTorch 1.13's torch.optim with
// the same hyper-parameters (values printed by torch in float64, pinned
// here; epsilon 1e-7 as Keras). Keras and torch place epsilon slightly
// differently in Adam, RMSprop and Adagrad, which the tolerance covers.
// Lion (not in torch 1.13) is checked against its formula by hand.
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Optimizers.h"
#include "nn/Trace/Function.h"

#include "gtest/gtest.h"

#include <cmath>

namespace {

std::vector<float> threeSteps(nn::Optimizer &optimizer, bool traced = false) {
  nn::Variable p = *nn::Variable::create(
      "p", *nn::Tensor::create({3}, std::vector<float>{0.5f, -1.f, 2.f}));
  EXPECT_TRUE(optimizer.build({p}).ok());
  nn::FunctionOptions options;
  options.name = "step";
  nn::TracedFunction step = nn::function(
      [&](const std::vector<nn::Array> &args) {
        EXPECT_TRUE(optimizer.apply({args[0]}, {p}).ok());
        return std::vector<nn::Array>{};
      },
      options);
  for (int t = 1; t <= 3; ++t) {
    nn::Tensor g =
        *nn::Tensor::create({3}, std::vector<float>{0.1f * t, -0.2f, 0.3f * t});
    EXPECT_TRUE(optimizer.updateLearningRate().ok());
    if (traced)
      EXPECT_TRUE(step({g}).ok());
    else
      EXPECT_TRUE(optimizer.apply({nn::array(g)}, {p}).ok());
  }
  EXPECT_EQ(optimizer.iterations().value().data<int64_t>()[0], 3);
  return *p.value().toVector<float>();
}

void expectNear(const std::vector<float> &got, std::vector<double> expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], 2e-5) << "element " << i;
}

TEST(OptimizersTest, SGD) {
  nn::optimizers::SGD plain(0.1);
  expectNear(threeSteps(plain), {0.44, -0.94, 1.82});
  nn::optimizers::SGD momentum(0.1, 0.9);
  expectNear(threeSteps(momentum), {0.4049, -0.8878, 1.7147});
  nn::optimizers::SGD nesterov(0.1, 0.9, true);
  expectNear(threeSteps(nesterov), {0.35441, -0.83902, 1.56323});
}

TEST(OptimizersTest, AdamAndAdamW) {
  nn::optimizers::Adam adam(0.01);
  expectNear(threeSteps(adam), {0.470768188, -0.970000015, 1.970768174});
  nn::optimizers::Adam traced(0.01);
  expectNear(threeSteps(traced, /*traced=*/true),
             {0.470768188, -0.970000015, 1.970768174});
  nn::optimizers::AdamW adamw(0.01, 0.1);
  expectNear(threeSteps(adamw), {0.469299329, -0.967033004, 1.964803814});
}

TEST(OptimizersTest, RMSpropAndAdagrad) {
  nn::optimizers::RMSprop rms(0.01);
  expectNear(threeSteps(rms), {0.413899570, -0.926226276, 1.913899461});
  nn::optimizers::RMSprop momentum(0.01, 0.9, 0.5);
  expectNear(threeSteps(momentum), {0.375896869, -0.891038458, 1.875896696});
  nn::optimizers::Adagrad adagrad(0.1);
  expectNear(threeSteps(adagrad), {0.356971879, -0.856767191, 1.773096966});
}

TEST(OptimizersTest, Lion) {
  // Each step moves every element by lr against the sign of the mix of
  // momentum and gradient: the gradients' signs never change here.
  nn::optimizers::Lion lion(0.01);
  expectNear(threeSteps(lion), {0.47, -0.97, 1.97});
}

TEST(OptimizersTest, ClippingAndSchedules) {
  nn::optimizers::SGD clipped(1.0);
  clipped.clipvalue = 0.15;
  expectNear(threeSteps(clipped),
             {0.5 - 0.1 - 0.15 - 0.15, -1.0 + 0.45, 2.0 - 0.45});
  nn::optimizers::SGD decayed(0.1);
  decayed.schedule = nn::schedules::ExponentialDecay(0.1, 1, 0.5);
  // Learning rates 0.1, 0.05, 0.025.
  expectNear(threeSteps(decayed),
             {0.5 - 0.01 - 0.01 - 0.0075, -1.0 + 0.02 + 0.01 + 0.005,
              2.0 - 0.03 - 0.03 - 0.0225});
  EXPECT_NEAR(decayed.scheduledRate(2), 0.025, 1e-12);
  nn::optimizers::SGD cosine(0.1);
  cosine.schedule = nn::schedules::CosineDecay(0.1, 10);
  EXPECT_NEAR(cosine.scheduledRate(5), 0.05, 1e-12);
  EXPECT_NEAR(cosine.scheduledRate(20), 0.0, 1e-12);
}

TEST(OptimizersTest, NamesAndErrors) {
  for (const char *name :
       {"sgd", "adam", "adamw", "rmsprop", "adagrad", "lion"})
    EXPECT_TRUE(nn::getOptimizer(name).ok()) << name;
  EXPECT_FALSE(nn::getOptimizer("adamax").ok());
  nn::optimizers::Adam adam;
  nn::Variable a =
      *nn::Variable::create("a", *nn::Tensor::zeros(nn::DType::F32, {2}));
  nn::Variable b =
      *nn::Variable::create("b", *nn::Tensor::zeros(nn::DType::F32, {2}));
  ASSERT_TRUE(adam.build({a}).ok());
  EXPECT_FALSE(adam.build({b}).ok());
  EXPECT_FALSE(adam.apply({nn::zeros({2}), nn::zeros({2})}, {a}).ok());
}

} // namespace
