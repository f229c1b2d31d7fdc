//===- ShapeCheckTest.cpp - Shape-only runs of the interpreter ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"
#include "nn/Reference/Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

using namespace mlir;
using nn::DType;
using nn::ref::Tensor;

namespace {

class ShapeCheckTest : public ::testing::Test {
protected:
  ShapeCheckTest() {
    context.loadDialect<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                        tensor::TensorDialect>();
  }

  absl::StatusOr<std::vector<Tensor>>
  check(const char *source, std::vector<Tensor> inputs,
        bool rejectDynamicBroadcast = false) {
    module = parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    nn::ref::RunOptions options;
    options.shapesOnly = true;
    options.rejectDynamicBroadcast = rejectDynamicBroadcast;
    return nn::ref::runFunction(*module, "f", inputs, options);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

constexpr const char *kMlp = R"mlir(
  func.func @f(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>)
      -> (tensor<?x3xf32>, tensor<?xi64>, tensor<f32>) {
    %c = nn.constant dense<0.5> : tensor<4x3xf32>
    %w2 = nn.add %w, %c : tensor<4x3xf32>, tensor<4x3xf32>
    %h = nn.matmul %x, %w2 : tensor<?x4xf32>, tensor<4x3xf32>
    %a = nn.add %h, %b : tensor<?x3xf32>, tensor<3xf32>
    %p = nn.softmax %a : tensor<?x3xf32>
    %i = nn.argmax %p {axis = 1 : i64} : tensor<?x3xf32>
    %m = nn.reduce_mean %p : tensor<?x3xf32>
    return %p, %i, %m : tensor<?x3xf32>, tensor<?xi64>, tensor<f32>
  }
)mlir";

TEST_F(ShapeCheckTest, GivesResultShapesWithoutComputing) {
  auto results = check(kMlp, {Tensor::shapeOnly(DType::F32, {7, 4}),
                              Tensor::shapeOnly(DType::F32, {4, 3}),
                              Tensor::shapeOnly(DType::F32, {3})});
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].getShape(), (std::vector<int64_t>{7, 3}));
  EXPECT_FALSE((*results)[0].hasData());
  EXPECT_EQ((*results)[1].getShape(), (std::vector<int64_t>{7}));
  EXPECT_EQ((*results)[1].getElementType(), DType::I64);
  EXPECT_EQ((*results)[2].getShape(), (std::vector<int64_t>{}));
}

TEST_F(ShapeCheckTest, ReportsAWrongDynamicSize) {
  constexpr const char *source = R"mlir(
    func.func @f(%x: tensor<?x3xf32>, %y: tensor<4x3xf32>) -> tensor<4x3xf32> {
      %0 = nn.add %x, %y : tensor<?x3xf32>, tensor<4x3xf32>
      return %0 : tensor<4x3xf32>
    }
  )mlir";
  auto results = check(source, {Tensor::shapeOnly(DType::F32, {2, 3}),
                                Tensor::shapeOnly(DType::F32, {4, 3})});
  ASSERT_FALSE(results.ok());
  EXPECT_NE(results.status().message().find(
                "'nn.add' op lhs of shape 2x3 and rhs of shape 4x3 are not "
                "broadcast compatible"),
            std::string::npos)
      << results.status();
  // A size-1 dynamic dimension broadcasts: fine for the interpreter, an
  // error when compiled code will run the call.
  EXPECT_TRUE(check(source, {Tensor::shapeOnly(DType::F32, {1, 3}),
                             Tensor::shapeOnly(DType::F32, {4, 3})})
                  .ok());
  auto rejected = check(source,
                        {Tensor::shapeOnly(DType::F32, {1, 3}),
                         Tensor::shapeOnly(DType::F32, {4, 3})},
                        /*rejectDynamicBroadcast=*/true);
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.status().message().find(
                "lhs dimension 0 is dynamic and has size 1, which broadcasts "
                "to 4"),
            std::string::npos)
      << rejected.status();
}

TEST_F(ShapeCheckTest, ResolvesReshapesAndIndexSizes) {
  constexpr const char *source = R"mlir(
    func.func @f(%x: tensor<?x2x3xf32>, %n: index, %seed: tensor<i64>)
        -> (tensor<?x6xf32>, tensor<?x2xf32>) {
      %0 = nn.reshape %x : tensor<?x2x3xf32> to tensor<?x6xf32>
      %1 = nn.random_normal %seed[%n] : tensor<?x2xf32>
      return %0, %1 : tensor<?x6xf32>, tensor<?x2xf32>
    }
  )mlir";
  Tensor n(DType::I64, {});
  n.setInt(0, 5);
  Tensor seed(DType::I64, {});
  auto results =
      check(source, {Tensor::shapeOnly(DType::F32, {4, 2, 3}), n, seed});
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ((*results)[0].getShape(), (std::vector<int64_t>{4, 6}));
  EXPECT_EQ((*results)[1].getShape(), (std::vector<int64_t>{5, 2}));
}

} // namespace
