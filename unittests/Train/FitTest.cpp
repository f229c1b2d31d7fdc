//===- FitTest.cpp - Sequential models: compile, fit, evaluate, predict ---===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Model.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>

using ::testing::HasSubstr;

namespace {

/// y = 2x + 1 on 64 points in [-1, 1].
void line(nn::Tensor &x, nn::Tensor &y, int64_t n = 64) {
  std::vector<float> xs, ys;
  for (int64_t i = 0; i < n; ++i) {
    xs.push_back(-1.f +
                 2.f * static_cast<float>(i) / static_cast<float>(n - 1));
    ys.push_back(2.f * xs.back() + 1.f);
  }
  x = *nn::Tensor::create({n, 1}, xs);
  y = *nn::Tensor::create({n, 1}, ys);
}

TEST(FitTest, LinearRegressionLearnsSlopeAndOffset) {
  nn::Sequential model;
  model.add(nn::layers::Dense(1));
  ASSERT_TRUE(model.compile(nn::optimizers::SGD(0.1), "mse").ok());
  nn::Tensor x, y;
  line(x, y);
  nn::FitOptions options;
  options.epochs = 60;
  options.batchSize = 16;
  options.verbose = 0;
  absl::StatusOr<nn::History> history = model.fit(x, y, options);
  ASSERT_TRUE(history.ok()) << history.status();
  std::vector<nn::Tensor> w = model.layers()[0]->getWeights();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].getShape(), (std::vector<int64_t>{1, 1}));
  EXPECT_NEAR(w[0].data<float>()[0], 2.0f, 1e-2);
  EXPECT_NEAR(w[1].data<float>()[0], 1.0f, 1e-2);
  EXPECT_EQ(history->values["loss"].size(), 60u);
  EXPECT_LT(history->values["loss"].back(), 1e-3);
  // One trace of the train step, whatever the last batch's size.
  EXPECT_EQ(model.traceCount(), 1u);
}

} // namespace
