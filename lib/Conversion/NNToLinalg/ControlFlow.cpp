//===- ControlFlow.cpp - nn.cond, nn.while, nn.for to scf -----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The control-flow ops move their regions into scf ops; the nn ops inside
// are then lowered like any other. nn predicates and induction values are
// rank-0 tensors, so the i1 is extracted for scf and the index is turned
// back into a tensor<i64> for the body.
//
//===----------------------------------------------------------------------===//

#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace nn;

namespace {

/// Replaces the nn.yield that ends `block` by an scf.yield of its values.
void replaceYield(PatternRewriter &rewriter, Block &block) {
  auto yield = cast<YieldOp>(block.getTerminator());
  rewriter.setInsertionPoint(yield);
  rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, yield.getValues());
}

/// Moves the single block of `from` into `to`, a region of an scf op
/// without block arguments: the block's arguments become `values`.
void moveBranch(PatternRewriter &rewriter, Region &from, Region &to,
                ValueRange values) {
  Block *block = rewriter.createBlock(&to);
  rewriter.mergeBlocks(&from.front(), block, values);
  replaceYield(rewriter, *block);
}

struct CondToIf : public OpRewritePattern<CondOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CondOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value pred =
        tensor::ExtractOp::create(rewriter, loc, op.getPred(), ValueRange{});
    auto ifOp = scf::IfOp::create(rewriter, loc, op.getResultTypes(), pred,
                                  /*addThenBlock=*/false,
                                  /*addElseBlock=*/false);
    moveBranch(rewriter, op.getThenRegion(), ifOp.getThenRegion(),
               op.getInputs());
    moveBranch(rewriter, op.getElseRegion(), ifOp.getElseRegion(),
               op.getInputs());
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

struct WhileToWhile : public OpRewritePattern<WhileOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(WhileOp op,
                                PatternRewriter &rewriter) const override {
    auto loop = scf::WhileOp::create(rewriter, op.getLoc(), op.getResultTypes(),
                                     op.getInits());
    // Both regions already take the carried values, as scf.while's do; the
    // condition forwards them unchanged to the body.
    rewriter.inlineRegionBefore(op.getCondRegion(), loop.getBefore(),
                                loop.getBefore().end());
    rewriter.inlineRegionBefore(op.getBodyRegion(), loop.getAfter(),
                                loop.getAfter().end());
    Block &before = loop.getBefore().front();
    auto yield = cast<YieldOp>(before.getTerminator());
    rewriter.setInsertionPoint(yield);
    Value pred = tensor::ExtractOp::create(
        rewriter, yield.getLoc(), yield.getValues().front(), ValueRange{});
    rewriter.replaceOpWithNewOp<scf::ConditionOp>(yield, pred,
                                                  before.getArguments());
    replaceYield(rewriter, loop.getAfter().front());
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

struct ForToFor : public OpRewritePattern<ForOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ForOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    // Without a trip count the op is invalid; the verifier said so.
    if (op.getStepSize() <= 0)
      return failure();
    Value ivTensor;
    auto loop = scf::ForOp::create(
        rewriter, loc, index(op.getLowerBound()), index(op.getUpperBound()),
        index(op.getStepSize()), op.getInits(),
        [&](OpBuilder &builder, Location loc, Value iv, ValueRange) {
          Value i64 = arith::IndexCastOp::create(builder, loc,
                                                 builder.getI64Type(), iv);
          ivTensor = tensor::FromElementsOp::create(
              builder, loc, RankedTensorType::get({}, builder.getI64Type()),
              i64);
        });
    Block *body = loop.getBody();
    SmallVector<Value> arguments = {ivTensor};
    llvm::append_range(arguments, loop.getRegionIterArgs());
    rewriter.mergeBlocks(&op.getBody().front(), body, arguments);
    replaceYield(rewriter, *body);
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

} // namespace

void nn::populateControlFlowToSCFPatterns(RewritePatternSet &patterns) {
  patterns.add<CondToIf, WhileToWhile, ForToFor>(patterns.getContext());
}
