//===- TiersTest.cpp - Eager ops: interpreter first, kernels later --------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Acceptance test 12: in Interpret mode no eager op compiles; in Tiered
// mode an op's first use is interpreted (no wait), later uses run from a
// kernel compiled in the background, whose results match the
// interpreter's; one kernel serves every batch size.
//
//===----------------------------------------------------------------------===//

#include "nn/nn.h"

#include "gtest/gtest.h"

#include <cmath>

namespace {

std::vector<float> floats(const nn::Array &a) {
  return *a.toTensor()->toVector<float>();
}

nn::Array ramp(std::vector<int64_t> shape, float scale) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  std::vector<float> values(n);
  for (int64_t i = 0; i < n; ++i)
    values[i] = scale * std::cos(0.7f * static_cast<float>(i));
  return nn::array(values, shape);
}

class TiersTest : public ::testing::Test {
protected:
  ~TiersTest() override { nn::setEagerMode(nn::EagerMode::Tiered); }
};

TEST_F(TiersTest, InterpretModeNeverCompiles) {
  nn::setEagerMode(nn::EagerMode::Interpret);
  nn::EagerStats before = nn::getEagerStats();
  nn::Array w = ramp({5, 3}, 0.5f);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(nn::matmul(ramp({4, 5}, 1.f), w).ok());
  nn::waitForBackgroundCompiles();
  nn::EagerStats after = nn::getEagerStats();
  EXPECT_EQ(after.kernelsCompiled, before.kernelsCompiled);
  EXPECT_EQ(after.compiledOps, before.compiledOps);
  EXPECT_GE(after.interpretedOps, before.interpretedOps + 5);
}

TEST_F(TiersTest, TieredRunsKernelsThatMatchTheInterpreter) {
  nn::setEagerMode(nn::EagerMode::Tiered);
  nn::Array w = ramp({6, 3}, 0.25f);
  auto layer = [&](int64_t batch) {
    return nn::tanh(nn::matmul(ramp({batch, 6}, 1.f), w));
  };
  nn::EagerStats start = nn::getEagerStats();
  std::vector<float> interpreted = floats(layer(8)); // first use: tier 0
  EXPECT_EQ(nn::getEagerStats().compiledOps, start.compiledOps);
  (void)layer(8); // second use: queues the kernels
  nn::waitForBackgroundCompiles();
  nn::EagerStats compiled = nn::getEagerStats();
  EXPECT_GE(compiled.kernelsCompiled, start.kernelsCompiled + 2);
  std::vector<float> fromKernels = floats(layer(8));
  EXPECT_GE(nn::getEagerStats().compiledOps, compiled.compiledOps + 2);
  ASSERT_EQ(fromKernels.size(), interpreted.size());
  for (size_t i = 0; i < interpreted.size(); ++i)
    EXPECT_NEAR(fromKernels[i], interpreted[i], 1e-5);
  // Another batch size runs from the same kernels.
  uint64_t kernels = nn::getEagerStats().kernelsCompiled;
  uint64_t ops = nn::getEagerStats().compiledOps;
  EXPECT_EQ(layer(13).shape(), (std::vector<int64_t>{13, 3}));
  nn::waitForBackgroundCompiles();
  EXPECT_EQ(nn::getEagerStats().kernelsCompiled, kernels);
  EXPECT_GE(nn::getEagerStats().compiledOps, ops + 2);
}

TEST_F(TiersTest, JitSyncCompilesAtFirstUseAndBroadcastsFallBack) {
  nn::setEagerMode(nn::EagerMode::JitSync);
  nn::EagerStats start = nn::getEagerStats();
  nn::Array a = ramp({3, 4}, 1.f);
  std::vector<float> sum = floats(a + nn::ones({1, 4}));
  EXPECT_GE(nn::getEagerStats().compiledOps, start.compiledOps + 1);
  std::vector<float> expected = floats(a);
  for (size_t i = 0; i < sum.size(); ++i)
    EXPECT_NEAR(sum[i], expected[i] + 1.f, 1e-6);
}

TEST_F(TiersTest, EagerGradientsSwitchToCompiledCode) {
  nn::setEagerMode(nn::EagerMode::Tiered);
  auto loss = [](const std::vector<nn::Array> &x) {
    return nn::reduceSum(nn::tanh(x[0]) * x[0]);
  };
  nn::ValueAndGradFunction vg = nn::valueAndGrad(loss, std::vector<int64_t>{0});
  nn::Array x = ramp({7}, 1.f);
  std::vector<float> first = floats(vg({x})[1]); // interpreted
  nn::waitForBackgroundCompiles();
  uint64_t before = nn::getEagerStats().kernelsCompiled;
  std::vector<float> later = floats(vg({x})[1]); // compiled
  EXPECT_EQ(nn::getEagerStats().kernelsCompiled, before);
  for (size_t i = 0; i < first.size(); ++i)
    EXPECT_NEAR(later[i], first[i], 1e-5);
}

} // namespace
