//===- ControlFlowTest.cpp - cond, whileLoop and fori ---------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Acceptance test 10: cond on a traced predicate traces both branches once
// and takes the right one at run time; gradients through cond and fori
// agree with finite differences; a gradient through whileLoop is an error
// naming the op; a traced array has no conversion to bool.
//
//===----------------------------------------------------------------------===//

#include "nn/nn.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>
#include <type_traits>

using ::testing::HasSubstr;

namespace {

static_assert(!std::is_constructible_v<bool, nn::Array>,
              "a branch on an Array must not compile");

nn::Tensor vec(std::vector<double> values) {
  int64_t n = static_cast<int64_t>(values.size());
  return *nn::Tensor::create({n}, std::move(values));
}

std::vector<double> doubles(const nn::Tensor &t) {
  return *t.toVector<double>();
}

nn::FunctionOptions named(const char *name) {
  nn::FunctionOptions options;
  options.name = name;
  return options;
}

/// relu-like: x * w if sum(x) > 0, else -x; plus a captured outer value.
std::vector<nn::Array> branchy(const std::vector<nn::Array> &args) {
  nn::Array outside = args[1] * 2.0; // read by the then-branch only
  nn::Array pred =
      nn::greater(nn::reduceSum(args[0]), nn::scalar(0.0, nn::DType::F64));
  return nn::cond(
      pred,
      [&](const std::vector<nn::Array> &x) {
        return std::vector<nn::Array>{x[0] * outside};
      },
      [](const std::vector<nn::Array> &x) {
        return std::vector<nn::Array>{-x[0]};
      },
      {args[0]});
}

TEST(ControlFlowTest, CondTracesBothBranchesOnce) {
  nn::TracedFunction f = nn::function(branchy, named("branchy"));
  auto positive = f({vec({1, 2}), vec({3, 4})});
  auto negative = f({vec({-1, -2}), vec({3, 4})});
  ASSERT_TRUE(positive.ok()) << positive.status();
  ASSERT_TRUE(negative.ok()) << negative.status();
  EXPECT_EQ(doubles((*positive)[0]), (std::vector<double>{6, 16}));
  EXPECT_EQ(doubles((*negative)[0]), (std::vector<double>{1, 2}));
  EXPECT_EQ(f.traceCount(), 1u);
  nn::Signature sig{nn::Spec(nn::DType::F64, {2}),
                    nn::Spec(nn::DType::F64, {2})};
  EXPECT_THAT(f.getIR(sig), HasSubstr("nn.cond"));
  // Eagerly the same function runs plain C++.
  std::vector<nn::Array> eager =
      branchy({nn::array(vec({1, 2})), nn::array(vec({3, 4}))});
  EXPECT_EQ(doubles(*eager[0].toTensor()), (std::vector<double>{6, 16}));
}

TEST(ControlFlowTest, BranchesMustAgree) {
  nn::TracedFunction f = nn::function(
      [](const std::vector<nn::Array> &args) {
        return nn::cond(
            nn::greater(nn::reduceSum(args[0]),
                        nn::scalar(0.0, nn::DType::F64)),
            [](const std::vector<nn::Array> &x) { return x; },
            [](const std::vector<nn::Array> &x) {
              return std::vector<nn::Array>{nn::concat({x[0], x[0]}, 0)};
            },
            {args[0]});
      },
      named("mismatch"));
  auto out = f({vec({1, 2})});
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(std::string(out.status().message()),
              HasSubstr("the branches give different types: then gives "
                        "(2xf64), else gives (4xf64)"));
}

TEST(ControlFlowTest, GradientThroughCondMatchesFiniteDifferences) {
  auto loss = [](const std::vector<nn::Array> &a) {
    nn::Array y = branchy(a)[0];
    return nn::reduceSum(y * y);
  };
  nn::TracedFunction grads = nn::function(
      [&](const std::vector<nn::Array> &a) {
        return nn::valueAndGrad(loss, std::vector<int64_t>{0, 1})(a);
      },
      named("cond_grads"));
  for (std::vector<double> x :
       {std::vector<double>{0.5, 1.5}, std::vector<double>{-0.5, -1.5}}) {
    std::vector<double> w{0.3, -0.7};
    auto out = grads({vec(x), vec(w)});
    ASSERT_TRUE(out.ok()) << out.status();
    for (int arg = 0; arg < 2; ++arg)
      for (int i = 0; i < 2; ++i) {
        auto at = [&](double delta) {
          std::vector<double> xs = x, ws = w;
          (arg == 0 ? xs : ws)[i] += delta;
          nn::Array y = branchy({nn::array(vec(xs)), nn::array(vec(ws))})[0];
          return doubles(*nn::reduceSum(y * y).toTensor())[0];
        };
        double numeric = (at(1e-6) - at(-1e-6)) / 2e-6;
        EXPECT_NEAR(doubles((*out)[1 + arg])[i], numeric, 1e-6)
            << "argument " << arg << " element " << i;
      }
  }
}

/// x = tanh(x * w) three times; w is read from outside the body.
std::vector<nn::Array> recurrent(const std::vector<nn::Array> &a) {
  return nn::fori(
      0, 3,
      [&](const nn::Array &, const std::vector<nn::Array> &carried) {
        return std::vector<nn::Array>{nn::tanh(carried[0] * a[1])};
      },
      {a[0]});
}

TEST(ControlFlowTest, ForiForwardAndGradient) {
  nn::TracedFunction forward = nn::function(recurrent, named("recurrent"));
  std::vector<double> x{0.5, -1.0}, w{1.5, 0.8};
  auto out = forward({vec(x), vec(w)});
  ASSERT_TRUE(out.ok()) << out.status();
  std::vector<double> expected = x;
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < 2; ++i)
      expected[i] = std::tanh(expected[i] * w[i]);
  std::vector<double> got = doubles((*out)[0]);
  for (int i = 0; i < 2; ++i)
    EXPECT_NEAR(got[i], expected[i], 1e-12);

  auto loss = [](const std::vector<nn::Array> &a) {
    return nn::reduceSum(recurrent(a)[0]);
  };
  nn::TracedFunction grads = nn::function(
      [&](const std::vector<nn::Array> &a) {
        return nn::valueAndGrad(loss, std::vector<int64_t>{1})(a);
      },
      named("fori_grads"));
  auto g = grads({vec(x), vec(w)});
  ASSERT_TRUE(g.ok()) << g.status();
  for (int i = 0; i < 2; ++i) {
    auto at = [&](double delta) {
      std::vector<double> ws = w;
      ws[i] += delta;
      return doubles(
          *nn::reduceSum(recurrent({nn::array(vec(x)), nn::array(vec(ws))})[0])
               .toTensor())[0];
    };
    EXPECT_NEAR(doubles((*g)[1])[i], (at(1e-6) - at(-1e-6)) / 2e-6, 1e-6);
  }
}

/// Counts up by 1 from x until it reaches the limit.
std::vector<nn::Array> countUp(const std::vector<nn::Array> &a) {
  return nn::whileLoop(
      [&](const std::vector<nn::Array> &c) {
        return std::vector<nn::Array>{nn::less(c[0], a[1])};
      },
      [](const std::vector<nn::Array> &c) {
        return std::vector<nn::Array>{c[0] + 1.0};
      },
      {a[0]});
}

TEST(ControlFlowTest, WhileLoopRunsAndRefusesGradients) {
  nn::TracedFunction f = nn::function(countUp, named("count_up"));
  auto scalar = [](double v) {
    return *nn::Tensor::create({}, std::vector<double>{v});
  };
  auto out = f({scalar(0.5), scalar(4)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(doubles((*out)[0]), (std::vector<double>{4.5}));
  EXPECT_EQ(doubles(*countUp({nn::array(scalar(0.5)), nn::array(scalar(4))})[0]
                         .toTensor()),
            (std::vector<double>{4.5}));

  auto loss = [](const std::vector<nn::Array> &a) { return countUp(a)[0]; };
  nn::TracedFunction grads = nn::function(
      [&](const std::vector<nn::Array> &a) {
        return nn::valueAndGrad(loss, std::vector<int64_t>{0})(a);
      },
      named("while_grads"));
  auto g = grads({scalar(0.5), scalar(4)});
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("nn.while"));
}

TEST(ControlFlowTest, VariablesInsideLoopBodies) {
  nn::Variable w = *nn::Variable::create("loop_w", vec({2.0, 3.0}));
  nn::TracedFunction f = nn::function(
      [&](const std::vector<nn::Array> &a) {
        return nn::fori(
            0, 2,
            [&](const nn::Array &i, const std::vector<nn::Array> &c) {
              return std::vector<nn::Array>{c[0] * w.read() +
                                            nn::cast(i, nn::DType::F64)};
            },
            {a[0]});
      },
      named("loop_with_variable"));
  auto out = f({vec({1, 1})});
  ASSERT_TRUE(out.ok()) << out.status();
  // ((1 * w) + 0) * w + 1
  EXPECT_EQ(doubles((*out)[0]), (std::vector<double>{5, 10}));
}

} // namespace

namespace {
TEST(ControlFlowTest, LoopBodiesMustKeepTheirTypes) {
  nn::FunctionOptions options;
  options.name = "bad_loop";
  options.mode = nn::ExecutionMode::Interpreted;
  nn::TracedFunction f = nn::function(
      [](const std::vector<nn::Array> &a) {
        return nn::fori(0, 2,
                        [](const nn::Array &, const std::vector<nn::Array> &c) {
                          return std::vector<nn::Array>{
                              nn::concat({c[0], c[0]}, 0)};
                        },
                        {a[0]});
      },
      options);
  auto out = f({vec({1, 2})});
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(std::string(out.status().message()),
              HasSubstr("nn::fori: the body must give the carried types "
                        "(2xf64), it gives (4xf64)"));
}
} // namespace
