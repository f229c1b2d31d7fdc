//===- ArrayTest.cpp - Eager arrays and their ops -------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/nn.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using ::testing::HasSubstr;

namespace {

std::vector<float> valuesOf(const nn::Array &a) {
  absl::StatusOr<nn::Tensor> t = a.toTensor();
  EXPECT_TRUE(t.ok()) << t.status();
  if (!t.ok())
    return {};
  absl::StatusOr<std::vector<float>> v = t->toVector<float>();
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : std::vector<float>{};
}

TEST(ArrayTest, CreationFunctions) {
  nn::Array a = nn::array({1, 2, 3, 4}, {2, 2});
  EXPECT_FALSE(a.isTraced());
  EXPECT_EQ(a.dtype(), nn::DType::F32);
  EXPECT_EQ(a.shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(valuesOf(nn::zeros({3})), (std::vector<float>{0, 0, 0}));
  EXPECT_EQ(valuesOf(nn::ones({2})), (std::vector<float>{1, 1}));
  EXPECT_EQ(valuesOf(nn::full({2}, 2.5)), (std::vector<float>{2.5, 2.5}));
  nn::Array s = nn::scalar(3, nn::DType::I64);
  EXPECT_EQ(s.dtype(), nn::DType::I64);
  EXPECT_EQ(s.rank(), 0);
  EXPECT_EQ(a.toString(), "Array(2x2xf32, eager)");
}

TEST(ArrayTest, BadCreationIsAnErrorArray) {
  nn::Array a = nn::array({1, 2, 3}, {2, 2});
  EXPECT_FALSE(a.ok());
  EXPECT_THAT(std::string(a.status().message()), HasSubstr("ArrayTest.cpp:"));
  EXPECT_FALSE(nn::zeros({-1}).ok());
}

TEST(ArrayTest, ElementwiseAndOperatorsWithScalars) {
  nn::Array a = nn::array({1, -2, 3, -4}, {2, 2});
  nn::Array b = nn::array({10, 20}, {2}); // broadcasts along rows
  EXPECT_EQ(valuesOf(a + b), (std::vector<float>{11, 18, 13, 16}));
  EXPECT_EQ(valuesOf(a - 1.0), (std::vector<float>{0, -3, 2, -5}));
  EXPECT_EQ(valuesOf(2.0 * a), (std::vector<float>{2, -4, 6, -8}));
  EXPECT_EQ(valuesOf(1.0 / nn::array({2, 4}, {2})),
            (std::vector<float>{0.5, 0.25}));
  EXPECT_EQ(valuesOf(-a), (std::vector<float>{-1, 2, -3, 4}));
  EXPECT_EQ(valuesOf(nn::relu(a)), (std::vector<float>{1, 0, 3, 0}));
  EXPECT_EQ(valuesOf(nn::abs(a)), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(valuesOf(nn::maximum(a, nn::scalar(0))),
            (std::vector<float>{1, 0, 3, 0}));
  nn::Array mask = nn::greater(a, nn::scalar(0));
  EXPECT_EQ(mask.dtype(), nn::DType::I1);
  EXPECT_EQ(valuesOf(nn::select(mask, a, nn::zeros({}))),
            (std::vector<float>{1, 0, 3, 0}));
  EXPECT_EQ(valuesOf(nn::cast(nn::cast(a, nn::DType::I32), nn::DType::F32)),
            (std::vector<float>{1, -2, 3, -4}));
}

TEST(ArrayTest, MatmulReductionsAndShapes) {
  nn::Array a = nn::array({1, 2, 3, 4, 5, 6}, {2, 3});
  nn::Array b = nn::array({1, 0, 0, 1, 1, 1}, {3, 2});
  EXPECT_EQ(valuesOf(nn::matmul(a, b)), (std::vector<float>{4, 5, 10, 11}));
  EXPECT_EQ(valuesOf(nn::matmul(a, a, false, true)),
            (std::vector<float>{14, 32, 32, 77}));
  EXPECT_EQ(valuesOf(nn::reduceSum(a, {1})), (std::vector<float>{6, 15}));
  EXPECT_EQ(valuesOf(nn::reduceMean(a)), (std::vector<float>{3.5}));
  EXPECT_EQ(nn::reduceMax(a, {0}, true).shape(), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(valuesOf(nn::transpose(a, {1, 0})),
            (std::vector<float>{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(nn::reshape(a, {-1, 2}).shape(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(valuesOf(nn::slice(a, {0, 1}, {2, 3})),
            (std::vector<float>{2, 3, 5, 6}));
  EXPECT_EQ(nn::concat({a, a}, 0).shape(), (std::vector<int64_t>{4, 3}));
  nn::Array labels =
      nn::array(*nn::Tensor::create({2}, std::vector<int64_t>{2, 0}));
  EXPECT_EQ(valuesOf(nn::oneHot(labels, 3)),
            (std::vector<float>{0, 0, 1, 1, 0, 0}));
  std::vector<float> soft = valuesOf(nn::softmax(nn::array({0, 0}, {2})));
  EXPECT_FLOAT_EQ(soft[0], 0.5f);
}

TEST(ArrayTest, ConvolutionWithSamePadding) {
  // A 1x3x3x1 image of ones and a 2x2 filter of ones, "same" padding: TF
  // pads one row and column after, so corners see fewer ones.
  nn::Array x = nn::ones({1, 3, 3, 1});
  nn::Array w = nn::ones({2, 2, 1, 1});
  nn::Array y = nn::conv2d(x, w, {{1, 1}, {1, 1}, "same"});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y.shape(), (std::vector<int64_t>{1, 3, 3, 1}));
  EXPECT_EQ(valuesOf(y), (std::vector<float>{4, 4, 2, 4, 4, 2, 2, 2, 1}));
  nn::Pool2DOptions pool;
  pool.window = {2, 2};
  pool.padding = "valid";
  EXPECT_EQ(nn::maxPool2d(x, pool).shape(), (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_FALSE(nn::conv2d(x, w, {{1, 1}, {1, 1}, "full"}).ok());
}

TEST(ArrayTest, ErrorsCarryTheDialectMessageAndTheCallSite) {
  nn::Array a = nn::ones({2, 3});
  nn::Array b = nn::ones({4, 5});
  int line = __LINE__ + 1;
  nn::Array c = nn::matmul(a, b);
  ASSERT_FALSE(c.ok());
  std::string message(c.status().message());
  EXPECT_THAT(message, HasSubstr("ArrayTest.cpp:" + std::to_string(line)));
  EXPECT_THAT(message, HasSubstr("'nn.matmul' op contracting dimensions"));
  // Later ops propagate the first error; toTensor reports it.
  nn::Array d = nn::relu(c) + 1.0;
  EXPECT_EQ(d.status(), c.status());
  EXPECT_EQ(d.toTensor().status(), c.status());
  EXPECT_FALSE((nn::ones({2}) + nn::ones({3})).ok());
  EXPECT_FALSE(nn::ones({2}, nn::DType::I32).ok() &&
               nn::exp(nn::ones({2}, nn::DType::I32)).ok());
}

TEST(ArrayTest, HandlesShareValuesAndRebindAlone) {
  nn::Array a = nn::scalar(1);
  nn::Array b = a;
  a = nn::scalar(2);
  EXPECT_EQ(valuesOf(b), (std::vector<float>{1}));
  EXPECT_EQ(valuesOf(a), (std::vector<float>{2}));
}

TEST(VariableTest, CreateReadAssign) {
  absl::StatusOr<nn::Variable> v = nn::Variable::create(
      "w", *nn::Tensor::create({2}, std::vector<float>{1, 2}));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->name(), "w");
  EXPECT_TRUE(v->trainable());
  ASSERT_TRUE(v->assign(v->read() * 3.0).ok());
  EXPECT_EQ(*v->value().toVector<float>(), (std::vector<float>{3, 6}));
  absl::Status bad = v->assign(nn::ones({3}));
  EXPECT_THAT(std::string(bad.message()),
              HasSubstr("Variable 'w' holds 2xf32, cannot assign a value of "
                        "3xf32"));
  EXPECT_FALSE(v->assign(nn::ones({2}, nn::DType::F64)).ok());
  EXPECT_FALSE(nn::Variable::create("", nn::Tensor()).ok());
}

TEST(RandomTest, EagerDrawsAdvanceAndReproduce) {
  nn::Generator g1(7), g2(7);
  std::vector<float> a = valuesOf(nn::randomUniform(g1, {4}));
  std::vector<float> b = valuesOf(nn::randomUniform(g1, {4}));
  EXPECT_NE(a, b);
  EXPECT_EQ(a, valuesOf(nn::randomUniform(g2, {4})));
  for (float x : a) {
    EXPECT_GE(x, 0.0f);
    EXPECT_LT(x, 1.0f);
  }
  EXPECT_EQ(nn::randomNormal(g1, {3, 2}).shape(), (std::vector<int64_t>{3, 2}));
  EXPECT_FALSE(nn::randomUniform(g1, {-1}).ok());
}

} // namespace

namespace {
TEST(RandomTest, TheDefaultGeneratorIsSeeded) {
  // NN_SEED is read once, at first use: unset in tests, so the seed is 0.
  nn::Generator zero(0);
  nn::Generator &fallback = nn::Generator::getDefault();
  EXPECT_EQ(fallback.seedVariable().value().data<int64_t>()[0], 0);
  int64_t counter = fallback.counterVariable().value().data<int64_t>()[0];
  (void)nn::randomUniform(fallback, {2});
  EXPECT_EQ(fallback.counterVariable().value().data<int64_t>()[0], counter + 1);
  (void)zero;
}
} // namespace

namespace {
// Eager ops are cached by signature: attributes that differ only past the
// sixth digit are other ops.
TEST(ArrayTest, AttributesAreKeyedExactly) {
  nn::Array x = nn::zeros({1});
  std::vector<float> a =
      *nn::pad(x, {1}, {0}, 0.1234567).toTensor()->toVector<float>();
  std::vector<float> b =
      *nn::pad(x, {1}, {0}, 0.1234568).toTensor()->toVector<float>();
  EXPECT_NE(a[0], b[0]);
}
} // namespace

namespace {
TEST(ArrayTest, AMovedFromHandleIsAnErrorNotACrash) {
  nn::Array a = nn::ones({2});
  nn::Array b = std::move(a);
  EXPECT_TRUE(b.ok());
  EXPECT_FALSE(a.ok()); // NOLINT(bugprone-use-after-move): the point
  EXPECT_THAT(std::string((a + 1.0).status().message()),
              HasSubstr("moved from"));
  a = nn::scalar(3);
  EXPECT_TRUE(a.ok());
}
} // namespace
