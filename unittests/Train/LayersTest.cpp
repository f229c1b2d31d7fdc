//===- LayersTest.cpp - Layers, losses and metrics ------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each layer's forward pass against values by hand, weight layouts as
// Keras's, gradients through nn-autodiff against finite differences, the
// losses and metrics against values by hand, and the errors of bad shapes.
//
//===----------------------------------------------------------------------===//

#include "nn/Trace/Gradients.h"
#include "nn/Train/Model.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>

using ::testing::HasSubstr;

namespace {

nn::Tensor floats(std::vector<int64_t> shape, std::vector<float> values) {
  return *nn::Tensor::create(shape, values);
}

std::vector<float> valuesOf(const nn::Array &a) {
  absl::StatusOr<nn::Tensor> t = a.toTensor();
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t->toVector<float>() : std::vector<float>{};
}

void expectNear(const std::vector<float> &got,
                const std::vector<float> &expected, float tolerance = 1e-5f) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], tolerance) << "element " << i;
}

TEST(LayersTest, DenseForwardAndLayout) {
  nn::layers::Dense dense(2, "relu");
  nn::Generator gen(0);
  ASSERT_TRUE(dense.build({3}, gen).ok());
  std::vector<nn::Tensor> w = dense.getWeights();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].getShape(), (std::vector<int64_t>{3, 2})); // input x units
  EXPECT_EQ(w[1].getShape(), (std::vector<int64_t>{2}));
  ASSERT_TRUE(dense
                  .setWeights({floats({3, 2}, {1, -1, 2, 0, 0, 1}),
                               floats({2}, {0.5f, -0.5f})})
                  .ok());
  nn::CallContext context;
  nn::Array y = dense.call(nn::array(floats({1, 3}, {1, 2, 3})), context);
  // [1 2 3] x W = [5, 2]; + b = [5.5, 1.5]; relu.
  expectNear(valuesOf(y), {5.5f, 1.5f});
  EXPECT_EQ(dense.countParams(), 8);
  EXPECT_EQ(dense.getConfig().at("units"), "2");
  // Glorot-uniform bounds for fans 3 and 2.
  nn::layers::Dense fresh(2);
  ASSERT_TRUE(fresh.build({3}, gen).ok());
  float limit = std::sqrt(6.f / 5.f);
  std::vector<float> kernel = *fresh.getWeights()[0].toVector<float>();
  for (float v : kernel)
    EXPECT_LE(std::fabs(v), limit);
  EXPECT_EQ(*fresh.getWeights()[1].toVector<float>(),
            (std::vector<float>{0, 0}));
}

TEST(LayersTest, ShapesOfEveryLayer) {
  nn::Generator gen(1);
  auto outputOf = [&](nn::Layer &layer, std::vector<int64_t> in) {
    absl::StatusOr<std::vector<int64_t>> out = layer.build(in, gen);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : std::vector<int64_t>{};
  };
  nn::layers::Conv2D same(4, {3, 3}, {1, 1}, "same");
  EXPECT_EQ(outputOf(same, {28, 28, 1}), (std::vector<int64_t>{28, 28, 4}));
  EXPECT_EQ(same.getWeights()[0].getShape(),
            (std::vector<int64_t>{3, 3, 1, 4})); // HWIO
  nn::layers::Conv2D valid(8, {3, 3}, {2, 2});
  EXPECT_EQ(outputOf(valid, {28, 28, 4}), (std::vector<int64_t>{13, 13, 8}));
  nn::layers::MaxPooling2D pool;
  EXPECT_EQ(outputOf(pool, {28, 28, 4}), (std::vector<int64_t>{14, 14, 4}));
  nn::layers::AveragePooling2D avg({3, 3}, std::array<int64_t, 2>{1, 1});
  EXPECT_EQ(outputOf(avg, {5, 5, 2}), (std::vector<int64_t>{3, 3, 2}));
  nn::layers::GlobalAveragePooling2D global;
  EXPECT_EQ(outputOf(global, {5, 5, 2}), (std::vector<int64_t>{2}));
  nn::layers::Flatten flatten;
  EXPECT_EQ(outputOf(flatten, {5, 5, 2}), (std::vector<int64_t>{50}));
  nn::layers::Reshape reshape({25, 2});
  EXPECT_EQ(outputOf(reshape, {5, 5, 2}), (std::vector<int64_t>{25, 2}));
  nn::layers::BatchNormalization bn;
  EXPECT_EQ(outputOf(bn, {5, 5, 2}), (std::vector<int64_t>{5, 5, 2}));
  EXPECT_EQ(bn.weights().size(), 4u);
  EXPECT_EQ(bn.trainableWeights().size(), 2u);
}

TEST(LayersTest, BadShapesNameTheLayer) {
  nn::Generator gen(2);
  nn::layers::Conv2D conv(4, {3, 3});
  absl::Status bad = conv.build({28, 28}, gen).status();
  EXPECT_THAT(std::string(bad.message()), HasSubstr("(Conv2D): needs images"));
  nn::layers::Conv2D tooBig(4, {5, 5});
  EXPECT_THAT(std::string(tooBig.build({3, 3, 1}, gen).status().message()),
              HasSubstr("does not fit"));
  nn::layers::Dense unknown(3, "swishy");
  EXPECT_THAT(std::string(unknown.build({2}, gen).status().message()),
              HasSubstr("unknown activation 'swishy'"));
  nn::layers::Reshape reshape({7});
  EXPECT_FALSE(reshape.build({2, 3}, gen).ok());
  nn::layers::Dense dense(2);
  ASSERT_TRUE(dense.build({3}, gen).ok());
  EXPECT_THAT(std::string(dense.setWeights({floats({2}, {1, 2})}).message()),
              HasSubstr("expects 2 weights, given 1"));
  EXPECT_FALSE(dense.build({4}, gen).ok()); // built for 3
}

TEST(LayersTest, DropoutAndBatchNormByMode) {
  nn::Generator gen(3);
  nn::layers::Dropout drop(0.5);
  ASSERT_TRUE(drop.build({1000}, gen).ok());
  nn::Array x = nn::ones({1, 1000});
  nn::CallContext inference;
  EXPECT_EQ(valuesOf(drop.call(x, inference)), valuesOf(x));
  nn::CallContext training{true, &gen, {}};
  std::vector<float> dropped = valuesOf(drop.call(x, training));
  int zeros = 0;
  for (float v : dropped) {
    zeros += v == 0.f;
    if (v != 0.f)
      EXPECT_FLOAT_EQ(v, 2.f);
  }
  EXPECT_NEAR(zeros, 500, 60);

  nn::layers::BatchNormalization bn(0.9, 1e-3);
  ASSERT_TRUE(bn.build({2}, gen).ok());
  nn::Array batch = nn::array(floats({2, 2}, {1, 10, 3, 30}));
  nn::CallContext bnTraining{true, &gen, {}};
  std::vector<float> normalized = valuesOf(bn.call(batch, bnTraining));
  // Mean [2, 20], variance [1, 100]: (x - mean) / sqrt(var + 1e-3).
  expectNear(normalized, {-1.f / std::sqrt(1.001f), -10.f / std::sqrt(100.001f),
                          1.f / std::sqrt(1.001f), 10.f / std::sqrt(100.001f)});
  ASSERT_EQ(bnTraining.updates.size(), 2u);
  expectNear(valuesOf(bnTraining.updates[0].second), {0.2f, 2.f}); // 0.1 * mean
  expectNear(valuesOf(bnTraining.updates[1].second), {1.f, 10.9f});
  nn::CallContext bnInference;
  // Moving statistics (0 and 1) in inference.
  expectNear(valuesOf(bn.call(batch, bnInference)),
             {1.f / std::sqrt(1.001f), 10.f / std::sqrt(1.001f),
              3.f / std::sqrt(1.001f), 30.f / std::sqrt(1.001f)},
             1e-4f);
}

// Gradients through a layer (nn-autodiff) against finite differences.
TEST(LayersTest, ConvGradientMatchesFiniteDifferences) {
  nn::Generator gen(4);
  nn::layers::Conv2D conv(2, {2, 2}, {1, 1}, "same", {1, 1}, "tanh");
  ASSERT_TRUE(conv.build({3, 3, 1}, gen).ok());
  std::vector<float> xs(9);
  for (int i = 0; i < 9; ++i)
    xs[i] = 0.3f * std::sin(float(i));
  nn::Array x = nn::array(floats({1, 3, 3, 1}, xs));
  auto loss = [&](const std::vector<nn::Array> &) {
    nn::CallContext context;
    nn::Array y = conv.call(x, context);
    return nn::reduceSum(y * y);
  };
  nn::Variable kernel = conv.weights()[0];
  std::vector<nn::Array> vg =
      nn::valueAndGrad(loss, std::vector<nn::Variable>{kernel})({});
  std::vector<float> analytic = valuesOf(vg[1]);
  nn::Tensor base = kernel.value();
  for (int64_t i = 0; i < base.getNumElements(); ++i) {
    auto at = [&](float delta) {
      nn::Tensor moved = base;
      moved.data<float>()[i] += delta;
      EXPECT_TRUE(kernel.assign(nn::array(moved)).ok());
      return valuesOf(loss({}))[0];
    };
    float numeric = (at(1e-2f) - at(-1e-2f)) / 2e-2f;
    EXPECT_NEAR(analytic[i], numeric, 2e-3f * (1 + std::fabs(numeric)));
  }
}

TEST(LossesTest, ValuesByHand) {
  nn::Array y = nn::array(floats({2, 2}, {0, 1, 1, 0}));
  nn::Array p = nn::array(floats({2, 2}, {0.25f, 0.75f, 0.5f, 0.5f}));
  expectNear(valuesOf((*nn::getLoss("mse"))(y, p)),
             {(0.0625f + 0.0625f + 0.25f + 0.25f) / 4});
  expectNear(valuesOf((*nn::getLoss("mae"))(y, p)),
             {(0.25f * 2 + 0.5f * 2) / 4});
  expectNear(valuesOf((*nn::getLoss("categorical_crossentropy"))(y, p)),
             {-(std::log(0.75f) + std::log(0.5f)) / 2});
  nn::Array labels =
      nn::array(*nn::Tensor::create({2}, std::vector<int64_t>{1, 0}));
  expectNear(
      valuesOf((*nn::getLoss("sparse_categorical_crossentropy"))(labels, p)),
      {-(std::log(0.75f) + std::log(0.5f)) / 2});
  float bce = -(std::log(0.75f) + std::log(0.75f) + 2 * std::log(0.5f)) / 4;
  expectNear(valuesOf((*nn::getLoss("binary_crossentropy"))(y, p)), {bce});
  // From logits, stably: the same values for the logits of p.
  nn::Array logits = nn::log(p / (1.0 - p));
  expectNear(valuesOf(nn::losses::BinaryCrossentropy(true)(y, logits)), {bce});
  expectNear(valuesOf(nn::losses::CategoricalCrossentropy(true)(y, nn::log(p))),
             {-(std::log(0.75f) + std::log(0.5f)) / 2});
  // No overflow for huge logits.
  nn::Array huge = nn::array(floats({1, 1}, {1000.f}));
  expectNear(valuesOf(nn::losses::BinaryCrossentropy(true)(
                 nn::array(floats({1, 1}, {0.f})), huge)),
             {1000.f});
  EXPECT_FALSE(nn::getLoss("hinge").ok());
}

TEST(MetricsTest, AccuracyKinds) {
  nn::Loss cce = *nn::getLoss("categorical_crossentropy");
  nn::Metric accuracy = *nn::getMetric("accuracy", cce);
  EXPECT_EQ(accuracy.kind, "categorical_accuracy");
  nn::Array y = nn::array(floats({3, 2}, {0, 1, 1, 0, 1, 0}));
  nn::Array p = nn::array(floats({3, 2}, {0.2f, 0.8f, 0.3f, 0.7f, 0.9f, 0.1f}));
  expectNear(valuesOf(accuracy.batchSum(y, p)), {2.f});
  nn::Metric sparse = *nn::getMetric(
      "accuracy", *nn::getLoss("sparse_categorical_crossentropy"));
  nn::Array labels =
      nn::array(*nn::Tensor::create({3}, std::vector<int64_t>{1, 1, 0}));
  expectNear(valuesOf(sparse.batchSum(labels, p)), {3.f});
  nn::Metric binary =
      *nn::getMetric("accuracy", *nn::getLoss("binary_crossentropy"));
  nn::Array yb = nn::array(floats({3, 1}, {1, 0, 1}));
  nn::Array pb = nn::array(floats({3, 1}, {0.7f, 0.6f, 0.2f}));
  expectNear(valuesOf(binary.batchSum(yb, pb)), {1.f});
  expectNear(valuesOf(nn::metrics::MeanAbsoluteError().batchSum(yb, pb)),
             {0.3f + 0.6f + 0.8f});
  EXPECT_FALSE(nn::getMetric("f1", cce).ok());
}

} // namespace
