//===- BuilderTest.cpp - Building nn IR with the C++ builders -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

using namespace mlir;

namespace {

class BuilderTest : public ::testing::Test {
protected:
  BuilderTest() : builder(&context) {
    context.loadDialect<nn::NNDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  /// Verifies the module and returns the diagnostics it produced.
  std::string verifyAndCollect() {
    std::string messages;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      messages += diag.str() + "\n";
      return success();
    });
    if (succeeded(verify(*module)))
      return "";
    return messages;
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(BuilderTest, BuildsAndVerifiesAnMlp) {
  Location loc = builder.getUnknownLoc();
  int64_t dyn = ShapedType::kDynamic;
  auto funcType = builder.getFunctionType(
      {f32({dyn, 784}), f32({784, 10}), f32({10})}, {f32({dyn, 10})});
  auto func = func::FuncOp::create(builder, loc, "mlp", funcType);
  Block *body = func.addEntryBlock();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(body);

  Value x = body->getArgument(0), w = body->getArgument(1),
        b = body->getArgument(2);
  // Result types are inferred by every builder below.
  Value logits = nn::MatmulOp::create(builder, loc, x, w);
  Value biased = nn::AddOp::create(builder, loc, logits, b);
  Value hidden = nn::ReluOp::create(builder, loc, biased);
  Value probs = nn::SoftmaxOp::create(builder, loc, hidden);
  func::ReturnOp::create(builder, loc, probs);

  EXPECT_EQ(logits.getType(), f32({dyn, 10}));
  EXPECT_EQ(biased.getType(), f32({dyn, 10}));
  EXPECT_EQ(probs.getType(), f32({dyn, 10}));
  EXPECT_EQ(verifyAndCollect(), "");
}

TEST_F(BuilderTest, InfersReductionAndConvolutionShapes) {
  Location loc = builder.getUnknownLoc();
  auto func = func::FuncOp::create(
      builder, loc, "f",
      builder.getFunctionType({f32({2, 28, 28, 3}), f32({3, 3, 3, 8})}, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  auto conv = nn::Conv2DOp::create(
      builder, loc, body->getArgument(0), body->getArgument(1),
      /*strides=*/builder.getDenseI64ArrayAttr({2, 2}),
      /*dilations=*/builder.getDenseI64ArrayAttr({1, 1}),
      /*padding=*/builder.getDenseI64ArrayAttr({1, 1, 1, 1}));
  EXPECT_EQ(conv.getType(), f32({2, 14, 14, 8}));
  auto sum = nn::ReduceSumOp::create(builder, loc, conv,
                                     builder.getDenseI64ArrayAttr({1, -2}),
                                     builder.getBoolAttr(true));
  EXPECT_EQ(sum.getType(), f32({2, 1, 1, 8}));
  auto argmax = nn::ArgmaxOp::create(builder, loc, sum, int64_t(3),
                                     /*keep_dims=*/false);
  EXPECT_EQ(argmax.getType(),
            RankedTensorType::get({2, 1, 1}, builder.getI64Type()));
  func::ReturnOp::create(builder, loc);
  EXPECT_EQ(verifyAndCollect(), "");
}

TEST_F(BuilderTest, VerifierNamesTheDisagreement) {
  Location loc = builder.getUnknownLoc();
  auto func = func::FuncOp::create(
      builder, loc, "bad",
      builder.getFunctionType({f32({2, 3}), f32({2, 3})}, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  // Build the op generically with a result type the shapes do not give, as a
  // buggy pass would.
  OperationState state(loc, nn::MatmulOp::getOperationName());
  state.addOperands({body->getArgument(0), body->getArgument(1)});
  state.addTypes(f32({2, 3}));
  builder.create(state);
  func::ReturnOp::create(builder, loc);
  std::string messages = verifyAndCollect();
  EXPECT_NE(messages.find("'nn.matmul' op contracting dimensions differ"),
            std::string::npos)
      << messages;
  EXPECT_NE(messages.find("K = 3"), std::string::npos) << messages;
  EXPECT_NE(messages.find("K = 2"), std::string::npos) << messages;
}

TEST_F(BuilderTest, GradVerifiesAgainstItsCallee) {
  const char *source = R"mlir(
    func.func @loss(%w: tensor<3xf32>, %n: tensor<3xi32>) -> tensor<f32> {
      %s = nn.reduce_sum %w : tensor<3xf32>
      return %s : tensor<f32>
    }
    func.func @g(%w: tensor<3xf32>, %n: tensor<3xi32>) -> tensor<3xf32> {
      %g = nn.grad @loss(%w, %n) {wrt = array<i64: 1>}
          : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xi32>
      return %w : tensor<3xf32>
    }
  )mlir";
  std::string messages;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    messages += diag.str();
    return success();
  });
  OwningOpRef<ModuleOp> parsed = parseSourceString<ModuleOp>(source, &context);
  EXPECT_FALSE(parsed);
  EXPECT_NE(messages.find("gradients exist only for float tensors"),
            std::string::npos)
      << messages;
}

TEST_F(BuilderTest, ConstantMaterializesThroughTheDialect) {
  auto type = f32({2});
  auto value = DenseElementsAttr::get(type, ArrayRef<float>{1.0f, 2.0f});
  Operation *op =
      context.getLoadedDialect<nn::NNDialect>()->materializeConstant(
          builder, value, type, builder.getUnknownLoc());
  ASSERT_NE(op, nullptr);
  auto constant = dyn_cast<nn::ConstantOp>(op);
  ASSERT_TRUE(constant);
  EXPECT_EQ(constant.getType(), type);
  EXPECT_EQ(constant.getValue(), value);
  // A type that disagrees with the value is refused, never mis-typed.
  EXPECT_EQ(context.getLoadedDialect<nn::NNDialect>()->materializeConstant(
                builder, value, f32({3}), builder.getUnknownLoc()),
            nullptr);
}

// The builders the front end uses for control flow (OpTy::create; the
// deprecated builder.create<OpTy> takes the same arguments): the ops are
// created with empty regions, which the caller fills (block arguments, body,
// then nn.yield). An op whose regions are left empty does not verify.
TEST_F(BuilderTest, BuildsControlFlowWithEmptyRegionsToFill) {
  Location loc = builder.getUnknownLoc();
  auto pred = RankedTensorType::get({}, builder.getI1Type());
  auto funcType = builder.getFunctionType({pred, f32({3})}, {f32({3})});
  auto func = func::FuncOp::create(builder, loc, "control", funcType);
  Block *body = func.addEntryBlock();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(body);
  Value p = body->getArgument(0), x = body->getArgument(1);
  SmallVector<Type> types = {f32({3})};
  SmallVector<Location> locs = {loc};

  // nn.cond: the regions take the inputs, yield the results.
  auto cond =
      nn::CondOp::create(builder, loc, TypeRange(types), p, ValueRange{x});
  EXPECT_TRUE(cond.getThenRegion().empty());
  for (Region *region : {&cond.getThenRegion(), &cond.getElseRegion()}) {
    OpBuilder::InsertionGuard inner(builder);
    Block *block = builder.createBlock(region, {}, types, locs);
    Value value = nn::TanhOp::create(builder, loc, block->getArgument(0));
    nn::YieldOp::create(builder, loc, value);
  }

  // nn.while: the condition yields a tensor<i1>, the body the carried types.
  auto loop = nn::WhileOp::create(builder, loc, TypeRange(types),
                                  ValueRange{cond.getResult(0)});
  {
    OpBuilder::InsertionGuard inner(builder);
    Block *block = builder.createBlock(&loop.getCondRegion(), {}, types, locs);
    Value no = nn::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(pred, builder.getBoolAttr(false)));
    nn::YieldOp::create(builder, loc, no);
    block = builder.createBlock(&loop.getBodyRegion(), {}, types, locs);
    nn::YieldOp::create(builder, loc, block->getArgument(0));
  }

  // nn.for: the body takes the induction value (tensor<i64>) first.
  auto forOp = nn::ForOp::create(builder, loc, TypeRange(types),
                                 ValueRange{loop.getResult(0)},
                                 /*lower=*/0, /*upper=*/3, /*step=*/1);
  {
    OpBuilder::InsertionGuard inner(builder);
    SmallVector<Type> args = {RankedTensorType::get({}, builder.getI64Type()),
                              f32({3})};
    Block *block = builder.createBlock(&forOp.getBody(), {}, args, {loc, loc});
    Value value = nn::NegOp::create(builder, loc, block->getArgument(1));
    nn::YieldOp::create(builder, loc, value);
  }
  EXPECT_EQ(forOp.getTripCount(), 3);
  func::ReturnOp::create(builder, loc, forOp.getResult(0));
  EXPECT_EQ(verifyAndCollect(), "");

  // Negative bounds through the builder's uint64_t parameters (two's
  // complement) or an i64 attribute read back signed.
  auto backwards = nn::ForOp::create(
      builder, loc, TypeRange(types), ValueRange{x},
      builder.getI64IntegerAttr(-4), builder.getI64IntegerAttr(3),
      builder.getI64IntegerAttr(2));
  EXPECT_EQ(backwards.getLowerBound(), -4);
  EXPECT_EQ(backwards.getTripCount(), 4);
  EXPECT_EQ(backwards.getInductionValue(3), 2);
  backwards.erase();

  auto empty =
      nn::CondOp::create(builder, loc, TypeRange(types), p, ValueRange{x});
  EXPECT_NE(verifyAndCollect(), "");
  empty.erase();
}

} // namespace
