//===- GradientsTest.cpp - Gradients in both modes, and random numbers ----===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Acceptance tests 9 (gradients agree across eager valueAndGrad, traced
// valueAndGrad and GradientTape, and with finite differences) and 11
// (random numbers in traced code).
//
//===----------------------------------------------------------------------===//

#include "nn/nn.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>

using ::testing::HasSubstr;

namespace {

nn::Tensor pattern(std::vector<int64_t> shape, nn::DType dtype, double scale) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  std::vector<double> values(n);
  for (int64_t i = 0; i < n; ++i)
    values[i] = scale * std::sin(1.3 * static_cast<double>(i) + 0.4);
  nn::Tensor t = *nn::Tensor::create(shape, values);
  if (dtype == nn::DType::F64)
    return t;
  return *nn::cast(nn::array(t), dtype).toTensor();
}

std::vector<double> doubles(const nn::Array &a) {
  absl::StatusOr<nn::Tensor> t = nn::cast(a, nn::DType::F64).toTensor();
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t->toVector<double>() : std::vector<double>{};
}

/// A two-layer MLP with softmax cross-entropy: args are x, w1, b1, w2,
/// labels (one-hot).
nn::Array mlpLoss(const std::vector<nn::Array> &args) {
  nn::Array hidden = nn::tanh(nn::matmul(args[0], args[1]) + args[2]);
  nn::Array logits = nn::matmul(hidden, args[3]);
  nn::Array perExample = nn::reduceSum(args[4] * nn::logSoftmax(logits), {1});
  return -nn::reduceMean(perExample);
}

std::vector<nn::Array> mlpArgs(nn::DType dtype) {
  nn::Tensor labels =
      *nn::Tensor::create({4, 2}, std::vector<double>{1, 0, 0, 1, 0, 1, 1, 0});
  return {nn::array(pattern({4, 5}, dtype, 1.0)),
          nn::array(pattern({5, 3}, dtype, 0.5)),
          nn::array(pattern({3}, dtype, 0.1)),
          nn::array(pattern({3, 2}, dtype, 0.7)),
          nn::cast(nn::array(labels), dtype)};
}

void expectNear(const std::vector<double> &a, const std::vector<double> &b,
                double tolerance) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i], b[i], tolerance * (1 + std::abs(b[i]))) << "at " << i;
}

// 9. The same gradients eagerly, traced (compiled), and from a tape, and
// all equal to central finite differences (in f64).
TEST(GradientsTest, AgreeAcrossModesAndWithFiniteDifferences) {
  std::vector<nn::Array> args = mlpArgs(nn::DType::F64);
  std::vector<int64_t> wrt{1, 2, 3};
  std::vector<nn::Array> eager = nn::valueAndGrad(mlpLoss, wrt)(args);
  ASSERT_EQ(eager.size(), 4u);
  for (const nn::Array &a : eager)
    ASSERT_TRUE(a.ok()) << a.status();

  nn::FunctionOptions options;
  options.name = "grads";
  nn::TracedFunction traced = nn::function(
      [&](const std::vector<nn::Array> &inner) {
        return nn::valueAndGrad(mlpLoss, wrt)(inner);
      },
      options);
  std::vector<nn::Tensor> tensors;
  for (const nn::Array &a : args)
    tensors.push_back(*a.toTensor());
  absl::StatusOr<std::vector<nn::Tensor>> compiled = traced(tensors);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  for (size_t k = 0; k < eager.size(); ++k)
    expectNear(doubles(nn::array((*compiled)[k])), doubles(eager[k]), 1e-12);

  // Finite differences of every parameter element.
  for (size_t k = 0; k < wrt.size(); ++k) {
    nn::Tensor base = *args[wrt[k]].toTensor();
    std::vector<double> analytic = doubles(eager[k + 1]);
    for (int64_t i = 0; i < base.getNumElements(); ++i) {
      const double h = 1e-6;
      auto lossAt = [&](double delta) {
        nn::Tensor moved = base;
        moved.data<double>()[i] += delta;
        std::vector<nn::Array> shifted = args;
        shifted[wrt[k]] = nn::array(moved);
        return doubles(mlpLoss(shifted))[0];
      };
      double numeric = (lossAt(h) - lossAt(-h)) / (2 * h);
      EXPECT_NEAR(analytic[i], numeric, 1e-6 * (1 + std::abs(numeric)))
          << "parameter " << k << " element " << i;
    }
  }
}

TEST(GradientsTest, TapeAndVariablesGiveTheSameGradients) {
  std::vector<nn::Array> args = mlpArgs(nn::DType::F32);
  nn::Variable w1 = *nn::Variable::create("w1", *args[1].toTensor());
  nn::Variable b1 = *nn::Variable::create("b1", *args[2].toTensor());
  nn::Variable w2 = *nn::Variable::create("w2", *args[3].toTensor());
  auto loss = [&](const std::vector<nn::Array> &inner) {
    return mlpLoss({inner[0], w1.read(), b1.read(), w2.read(), inner[1]});
  };
  std::vector<nn::Array> byVariables = nn::valueAndGrad(
      loss, std::vector<nn::Variable>{w1, b1, w2})({args[0], args[4]});
  std::vector<nn::Array> byIndices =
      nn::valueAndGrad(mlpLoss, std::vector<int64_t>{1, 2, 3})(args);
  nn::GradientTape tape;
  nn::Array value = loss({args[0], args[4]});
  std::vector<nn::Array> fromTape = tape.gradient(value, {w1, b1, w2});
  ASSERT_EQ(fromTape.size(), 3u);
  for (size_t k = 0; k < 3; ++k) {
    ASSERT_TRUE(fromTape[k].ok()) << fromTape[k].status();
    expectNear(doubles(byVariables[k + 1]), doubles(byIndices[k + 1]), 1e-6);
    expectNear(doubles(fromTape[k]), doubles(byIndices[k + 1]), 1e-6);
  }
  expectNear(doubles(value), doubles(byIndices[0]), 1e-6);
}

TEST(GradientsTest, DisconnectedGradientsAreZerosOrAnError) {
  nn::Variable used =
      *nn::Variable::create("used", pattern({3}, nn::DType::F32, 1));
  nn::Variable unused =
      *nn::Variable::create("unused", pattern({2}, nn::DType::F32, 1));
  auto loss = [&](const std::vector<nn::Array> &) {
    return nn::reduceSum(used.read() * used.read());
  };
  std::vector<nn::Array> grads =
      nn::valueAndGrad(loss, std::vector<nn::Variable>{used, unused})({});
  ASSERT_TRUE(grads[2].ok()) << grads[2].status();
  EXPECT_EQ(doubles(grads[2]), (std::vector<double>{0, 0}));
  nn::GradOptions strict;
  strict.errorIfDisconnected = true;
  std::vector<nn::Array> refused = nn::valueAndGrad(
      loss, std::vector<nn::Variable>{used, unused}, strict)({});
  EXPECT_THAT(std::string(refused[0].status().message()),
              HasSubstr("does not depend on variable 'unused'"));

  nn::GradientTape tape;
  nn::Array value = loss({});
  std::vector<nn::Array> fromTape = tape.gradient(value, {used, unused});
  EXPECT_EQ(doubles(fromTape[1]), (std::vector<double>{0, 0}));
  EXPECT_FALSE(tape.gradient(value, {used, unused}, strict)[0].ok());
  // A loss the tape did not record.
  EXPECT_FALSE(tape.gradient(nn::scalar(1.0), {used})[0].ok());
}

TEST(GradientsTest, BadLossesAreErrors) {
  auto vector = [](const std::vector<nn::Array> &x) { return x[0] * 2.0; };
  std::vector<nn::Array> out =
      nn::valueAndGrad(vector, std::vector<int64_t>{0})({nn::ones({3})});
  EXPECT_THAT(std::string(out[0].status().message()),
              HasSubstr("needs a float scalar loss, got 3xf32"));
  auto scalarLoss = [](const std::vector<nn::Array> &x) {
    return nn::reduceSum(x[0]);
  };
  out = nn::valueAndGrad(scalarLoss, std::vector<int64_t>{4})({nn::ones({3})});
  EXPECT_THAT(std::string(out[0].status().message()),
              HasSubstr("wrt index 4 is out of range"));
}

// A traced SGD step on variables, with gradients from valueAndGrad: the
// loss goes down and nothing retraces.
TEST(GradientsTest, TracedTrainingStepOnVariables) {
  nn::Variable w = *nn::Variable::create("w", *nn::zeros({1, 1}).toTensor());
  nn::Variable b = *nn::Variable::create("b", *nn::zeros({1}).toTensor());
  auto loss = [&](const std::vector<nn::Array> &args) {
    nn::Array prediction = nn::matmul(args[0], w.read()) + b.read();
    nn::Array error = prediction - args[1];
    return nn::reduceMean(error * error);
  };
  nn::FunctionOptions options;
  options.name = "fit_line";
  nn::TracedFunction step = nn::function(
      [&](const std::vector<nn::Array> &args) {
        std::vector<nn::Array> vg =
            nn::valueAndGrad(loss, std::vector<nn::Variable>{w, b})(args);
        (void)w.assign(w.read() - 0.1 * vg[1]);
        (void)b.assign(b.read() - 0.1 * vg[2]);
        return std::vector<nn::Array>{vg[0]};
      },
      options);
  std::vector<float> xs, ys;
  for (int i = 0; i < 32; ++i) {
    xs.push_back(static_cast<float>(i) / 16.f - 1.f);
    ys.push_back(2.f * xs.back() + 1.f);
  }
  nn::Tensor x = *nn::Tensor::create({32, 1}, xs);
  nn::Tensor y = *nn::Tensor::create({32, 1}, ys);
  float first = 0, last = 0;
  for (int i = 0; i < 300; ++i) {
    absl::StatusOr<std::vector<nn::Tensor>> out = step({x, y});
    ASSERT_TRUE(out.ok()) << out.status();
    last = (*out)[0].data<float>()[0];
    if (i == 0)
      first = last;
  }
  EXPECT_LT(last, first * 1e-3);
  EXPECT_NEAR(w.value().data<float>()[0], 2.0f, 1e-2);
  EXPECT_NEAR(b.value().data<float>()[0], 1.0f, 1e-2);
  EXPECT_EQ(step.traceCount(), 1u);
}

// 11. Random numbers in traced code: new numbers every call without a
// retrace, reproducible from the seed, the dropout rate respected, and no
// mask in inference mode.
TEST(RandomTracedTest, DropoutWithoutRetrace) {
  auto makeStep = [](nn::Generator &generator) {
    nn::FunctionOptions options;
    options.name = "dropout";
    options.mode = nn::ExecutionMode::Interpreted;
    return nn::function(
        [&generator](const std::vector<nn::Array> &args,
                     const nn::StaticArgs &statics) {
          bool training = std::get<bool>(statics.at("training"));
          return std::vector<nn::Array>{
              training ? nn::dropout(generator, args[0], 0.25) : args[0]};
        },
        options);
  };
  nn::Generator g1(42), g2(42);
  nn::TracedFunction step1 = makeStep(g1), step2 = makeStep(g2);
  nn::Tensor x = *nn::ones({1000, 1000}).toTensor();
  nn::StaticArgs training{{"training", true}};
  auto a = step1({x}, training), b = step1({x}, training);
  auto c = step2({x}, training);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << a.status();
  std::vector<float> maskA = *(*a)[0].toVector<float>();
  EXPECT_NE(maskA, *(*b)[0].toVector<float>());
  EXPECT_EQ(maskA, *(*c)[0].toVector<float>());
  EXPECT_EQ(step1.traceCount(), 1u);
  size_t dropped = 0;
  for (float v : maskA) {
    dropped += v == 0.0f;
    if (v != 0.0f)
      EXPECT_FLOAT_EQ(v, 1.0f / 0.75f);
  }
  EXPECT_NEAR(static_cast<double>(dropped) / maskA.size(), 0.25, 0.005);
  auto eval = step1({x}, {{"training", false}});
  ASSERT_TRUE(eval.ok());
  EXPECT_EQ(*(*eval)[0].toVector<float>(), *x.toVector<float>());
  EXPECT_EQ(g1.counterVariable().value().data<int64_t>()[0], 2);
}

} // namespace

namespace {
// An eager gradient function made anew on every step never reuses its
// trace or code: warned about, with the line.
TEST(GradientsTest, RecreatedEagerGradientFunctionsAreWarnedAbout) {
  std::vector<std::string> lines;
  nn::setLogger([&](const std::string &line) { lines.push_back(line); });
  auto loss = [](const std::vector<nn::Array> &x) {
    return nn::reduceSum(x[0] * x[0]);
  };
  for (int i = 0; i < 3; ++i)
    (void)nn::valueAndGrad(loss, std::vector<int64_t>{0})({nn::ones({2})});
  nn::setLogger({});
  std::string all;
  for (const std::string &line : lines)
    all += line + "\n";
  EXPECT_THAT(all, HasSubstr("'valueAndGrad' is a new function object created "
                             "at GradientsTest.cpp:"));
}
} // namespace

namespace {
// Gradients of gradients: d/dx sum(d/dx sum(x^3)) = d/dx sum(3x^2) = 6x.
TEST(GradientsTest, SecondOrder) {
  auto cube = [](const std::vector<nn::Array> &x) {
    return nn::reduceSum(x[0] * x[0] * x[0]);
  };
  auto sumOfGradient = [&](const std::vector<nn::Array> &x) {
    return nn::reduceSum(nn::valueAndGrad(cube, std::vector<int64_t>{0})(x)[1]);
  };
  nn::ValueAndGradFunction second =
      nn::valueAndGrad(sumOfGradient, std::vector<int64_t>{0});
  nn::Array x = nn::array({1, -2, 0.5}, {3});
  std::vector<nn::Array> out = second({x});
  ASSERT_TRUE(out[1].ok()) << out[1].status();
  EXPECT_EQ(doubles(out[0]), (std::vector<double>{3 * (1 + 4 + 0.25)}));
  EXPECT_EQ(doubles(out[1]), (std::vector<double>{6, -12, 3}));
}
} // namespace
