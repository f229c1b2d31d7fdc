//===- ShapeInferenceTest.cpp - Shape rules on concrete shapes ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/ShapeInference.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace nn;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// Collects the messages of failing rules.
class ShapeInferenceTest : public ::testing::Test {
protected:
  ShapeInferenceTest()
      : handler(&context,
                [this](Diagnostic &diag) {
                  messages += diag.str();
                  return success();
                }),
        error(UnknownLoc::get(&context), "nn.test") {}

  MLIRContext context;
  std::string messages;
  ScopedDiagnosticHandler handler;
  ShapeErrorEmitter error;
};

TEST_F(ShapeInferenceTest, Broadcast) {
  auto shape = inferBroadcastShape(error, {{4, 1, 3}, {5, 1}}, {"lhs", "rhs"});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{4, 5, 3}));
  // A dynamic size meets a static one: the static one wins unless it is 1.
  shape = inferBroadcastShape(error, {{kDyn, 1}, {3, kDyn}}, {"lhs", "rhs"});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{3, kDyn}));
  EXPECT_TRUE(
      failed(inferBroadcastShape(error, {{2, 3}, {4, 3}}, {"lhs", "rhs"})));
  EXPECT_NE(messages.find("'nn.test' op lhs of shape 2x3 and rhs of shape 4x3 "
                          "are not broadcast compatible: 2 vs 4"),
            std::string::npos)
      << messages;
}

TEST_F(ShapeInferenceTest, SilentWithoutLocation) {
  ShapeErrorEmitter silent(std::nullopt, "nn.test");
  EXPECT_TRUE(failed(inferTransposeShape(silent, {2, 3}, {0, 0})));
  EXPECT_EQ(messages, "");
}

TEST_F(ShapeInferenceTest, Matmul) {
  auto shape = inferMatmulShape(error, {7, 1, 4, 5}, {3, 5, 6}, false, false);
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{7, 3, 4, 6}));
  shape = inferMatmulShape(error, {5, 4}, {6, 5}, true, true);
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{4, 6}));
  EXPECT_TRUE(failed(inferMatmulShape(error, {4}, {4, 4}, false, false)));
}

TEST_F(ShapeInferenceTest, ConvolutionArithmetic) {
  // 32 + 2 + 2 - (2 * (5 - 1) + 1) = 27; 27 / 3 + 1 = 10.
  auto shape = inferConv2DShape(error, {1, 32, 32, 3}, {5, 5, 3, 16}, {3, 3},
                                {2, 2}, {2, 2, 2, 2});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{1, 10, 10, 16}));
  EXPECT_TRUE(failed(inferConv2DShape(error, {1, 2, 2, 3}, {5, 5, 3, 16},
                                      {1, 1}, {1, 1}, {0, 0, 0, 0})));
  EXPECT_TRUE(failed(inferConv2DShape(error, {1, 8, 8, 3}, {3, 3, 3, 1}, {1, 1},
                                      {1, 1}, {INT64_MAX, 1, 0, 0})));
}

TEST_F(ShapeInferenceTest, PoolWindows) {
  auto shape =
      inferPool2DShape(error, {kDyn, 7, 7, 4}, {2, 2}, {2, 2}, {0, 1, 0, 1});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{kDyn, 4, 4, 4}));
  EXPECT_TRUE(failed(
      inferPool2DShape(error, {1, 7, 7, 4}, {2, 2}, {0, 2}, {0, 0, 0, 0})));
}

TEST_F(ShapeInferenceTest, ReduceAndAxes) {
  auto shape = inferReduceShape(error, {2, 3, 4}, {-1, 0}, false);
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{3}));
  shape = inferReduceShape(error, {2, 3, 4}, {}, true);
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{1, 1, 1}));
  EXPECT_TRUE(failed(inferReduceShape(error, {2, 3}, {1, -1}, false)));
  EXPECT_TRUE(failed(inferReduceShape(error, {2, 3}, {2}, false)));
}

TEST_F(ShapeInferenceTest, SliceAndPad) {
  auto shape = inferSliceShape(error, {10, 4}, {1, 0}, {10, 4}, {3, 2});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{3, 2}));
  EXPECT_TRUE(failed(inferSliceShape(error, {10}, {0}, {11}, {1})));
  shape = inferPadShape(error, {2, kDyn}, {1, 1}, {0, 2}, {0, 0});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{3, kDyn}));
  EXPECT_TRUE(failed(inferPadShape(error, {2}, {-1}, {0}, {0})));
  // Interior padding goes between elements: 3 + 2 * (3 - 1) = 7.
  shape = inferPadShape(error, {3, 0}, {0, 0}, {0, 1}, {2, 5});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{7, 1}));
}

TEST_F(ShapeInferenceTest, ConcatAndReshape) {
  auto shape = inferConcatShape(error, {{2, 3}, {2, kDyn}, {kDyn, 1}}, 1);
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{2, kDyn}));
  EXPECT_TRUE(failed(inferConcatShape(error, {{2, 3}, {3, 3}}, 1)));
  EXPECT_TRUE(succeeded(verifyReshape(error, {2, 3, 4}, {kDyn, 4})));
  EXPECT_TRUE(failed(verifyReshape(error, {2, 3, 4}, {kDyn, 5})));
  EXPECT_TRUE(failed(verifyReshape(error, {6}, {kDyn, kDyn})));
  EXPECT_TRUE(succeeded(verifyReshape(error, {kDyn, 3}, {2, 6})));
  EXPECT_TRUE(failed(verifyReshape(error, {kDyn, 4}, {2, 3})));
}

TEST_F(ShapeInferenceTest, ResolvesReshapeAtRunTime) {
  auto type = RankedTensorType::get({kDyn, 4}, Float32Type::get(&context));
  auto shape = resolveReshapeShape(error, {2, 3, 4}, type);
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{6, 4}));
  EXPECT_TRUE(failed(resolveReshapeShape(error, {2, 3}, type)));
  EXPECT_NE(messages.find("'nn.test' op cannot reshape 6 elements (operand of "
                          "shape 2x3) to tensor<?x4xf32>"),
            std::string::npos)
      << messages;
}

TEST_F(ShapeInferenceTest, ResolvesBroadcastToAtRunTime) {
  // A dynamic result size is the operand's, or 1 where it has none.
  auto shape = resolveBroadcastToShape(error, {5, 1}, {kDyn, kDyn, 3});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{1, 5, 3}));
  EXPECT_TRUE(failed(resolveBroadcastToShape(error, {2, 3}, {kDyn, 4})));
  EXPECT_TRUE(failed(resolveBroadcastToShape(error, {2, 3}, {kDyn})));
}

TEST_F(ShapeInferenceTest, ResolvesDynamicSizesAtRunTime) {
  auto type =
      RankedTensorType::get({kDyn, 2, kDyn}, Float32Type::get(&context));
  auto shape = resolveDynamicSizes(error, type, {4, 0});
  ASSERT_TRUE(succeeded(shape));
  EXPECT_EQ(*shape, (Shape{4, 2, 0}));
  EXPECT_TRUE(failed(resolveDynamicSizes(error, type, {4})));
  EXPECT_TRUE(failed(resolveDynamicSizes(error, type, {4, std::nullopt})));
  EXPECT_TRUE(failed(resolveDynamicSizes(error, type, {-3, 1})));
  EXPECT_NE(messages.find("'nn.test' op dynamic size -3 is negative"),
            std::string::npos)
      << messages;
}

} // namespace
