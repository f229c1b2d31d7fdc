//===- EvaluatorTest.cpp - The ops' evaluators and their interface --------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Reference/Ops.h"

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

/// A context with the dialects the interpreter runs, with or without the
/// evaluators registered.
std::unique_ptr<MLIRContext> makeContext(bool registerEvaluators) {
  DialectRegistry registry;
  registry.insert<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect>();
  if (registerEvaluators)
    nn::ref::registerEvaluators(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  return context;
}

Tensor vector(std::vector<double> values) {
  Tensor tensor(DType::F32, {static_cast<int64_t>(values.size())});
  for (auto [i, value] : llvm::enumerate(values))
    tensor.setDouble(i, value);
  return tensor;
}

absl::StatusOr<std::vector<Tensor>>
run(MLIRContext &context, const char *source, std::vector<Tensor> inputs) {
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  if (!module)
    return absl::InvalidArgumentError("parse error");
  return nn::ref::runFunction(*module, "f", inputs);
}

// Every op that can run has an evaluator; grad ops are lowered by
// nn-autodiff first, and nn.yield is a terminator that the walk handles.
TEST(EvaluatorTest, EveryNNOpHasOne) {
  std::unique_ptr<MLIRContext> context = makeContext(true);
  int count = 0;
  for (RegisteredOperationName name : context->getRegisteredOperations()) {
    if (name.getDialectNamespace() != "nn")
      continue;
    bool exempt = name.getTypeID() == TypeID::get<nn::GradOp>() ||
                  name.getTypeID() == TypeID::get<nn::ValueAndGradOp>() ||
                  name.getTypeID() == TypeID::get<nn::YieldOp>();
    EXPECT_EQ(name.hasInterface<nn::ref::EvaluableOpInterface>(), !exempt)
        << name.getStringRef().str();
    ++count;
  }
  EXPECT_GT(count, 50);
}

constexpr const char *kAddRelu = R"mlir(
  func.func @f(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
    %0 = nn.add %x, %y : tensor<3xf32>, tensor<3xf32>
    %1 = nn.relu %0 : tensor<3xf32>
    return %1 : tensor<3xf32>
  }
)mlir";

// A context that did not register the evaluators (a user's, the JIT's) runs
// the nn ops all the same.
TEST(EvaluatorTest, RunsWithAndWithoutRegistration) {
  for (bool registered : {false, true}) {
    std::unique_ptr<MLIRContext> context = makeContext(registered);
    auto results =
        run(*context, kAddRelu, {vector({1, -2, 3}), vector({0.5, 1, -4})});
    ASSERT_TRUE(results.ok()) << results.status();
    EXPECT_EQ((*results)[0], vector({1.5, 0, 0})) << registered;
  }
}

/// Stands for a user's op: arith.negf on a tensor, which the interpreter
/// does not know.
struct NegateModel
    : public nn::ref::EvaluableOpInterface::ExternalModel<NegateModel,
                                                          arith::NegFOp> {
  absl::StatusOr<std::vector<Tensor>>
  evaluate(Operation *op, ArrayRef<const Tensor *> operands,
           nn::ref::Interpreter &interpreter) const {
    // runFunction checks shapes before it runs anything.
    if (interpreter.isShapesOnly())
      return std::vector<Tensor>{Tensor::shapeOnly(
          operands[0]->getElementType(), operands[0]->getShape())};
    Tensor result = *operands[0];
    for (int64_t i = 0; i < result.getNumElements(); ++i)
      result.setDouble(i, -result.getDouble(i));
    return std::vector<Tensor>{result};
  }
};

constexpr const char *kNegate = R"mlir(
  func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
    %0 = arith.negf %x : tensor<3xf32>
    %1 = nn.exp %0 : tensor<3xf32>
    return %1 : tensor<3xf32>
  }
)mlir";

TEST(EvaluatorTest, RunsAnOpThatImplementsTheInterface) {
  std::unique_ptr<MLIRContext> context = makeContext(false);
  auto unknown = run(*context, kNegate, {vector({0, 1, 2})});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find(
                "the interpreter does not support 'arith.negf'"),
            std::string::npos)
      << unknown.status();

  arith::NegFOp::attachInterface<NegateModel>(*context);
  auto results = run(*context, kNegate, {vector({0, 1, 2})});
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ((*results)[0], vector({1, std::exp(-1.0f), std::exp(-2.0f)}));
}

/// An evaluator that forgets its result.
struct ForgetfulModel
    : public nn::ref::EvaluableOpInterface::ExternalModel<ForgetfulModel,
                                                          arith::NegFOp> {
  absl::StatusOr<std::vector<Tensor>>
  evaluate(Operation *op, ArrayRef<const Tensor *> operands,
           nn::ref::Interpreter &interpreter) const {
    return std::vector<Tensor>{};
  }
};

TEST(EvaluatorTest, ReportsAWrongNumberOfValues) {
  std::unique_ptr<MLIRContext> context = makeContext(false);
  arith::NegFOp::attachInterface<ForgetfulModel>(*context);
  auto results = run(*context, kNegate, {vector({0, 1, 2})});
  ASSERT_FALSE(results.ok());
  EXPECT_NE(results.status().message().find(
                "'arith.negf' op evaluated to 0 values but has 1 results"),
            std::string::npos)
      << results.status();
}

} // namespace
