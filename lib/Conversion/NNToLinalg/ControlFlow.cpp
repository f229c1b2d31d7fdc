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
// rank-0 tensors, so the i1 is extracted for scf and the induction value is
// made a tensor<i64> for the body.
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
    // Without a trip count the op is invalid; the verifier said so.
    if (op.getStepSize() <= 0)
      return failure();
    // The loop counts iterations, 0 to the trip count, and computes the
    // induction value lower + k * step in i64: stepping the induction value
    // itself would overflow (and never end) for bounds near the i64 limits.
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    Value ivTensor;
    auto loop = scf::ForOp::create(
        rewriter, loc, index(0), index(op.getTripCount()), index(1),
        op.getInits(),
        [&](OpBuilder &builder, Location loc, Value k, ValueRange) {
          Type i64 = builder.getI64Type();
          auto constant = [&](int64_t value) -> Value {
            return arith::ConstantIntOp::create(builder, loc, i64, value);
          };
          Value count = arith::IndexCastOp::create(builder, loc, i64, k);
          Value offset = arith::MulIOp::create(builder, loc, count,
                                               constant(op.getStepSize()));
          Value iv = arith::AddIOp::create(
              builder, loc, constant(op.getLowerBound()), offset);
          ivTensor = tensor::FromElementsOp::create(
              builder, loc, RankedTensorType::get({}, i64), iv);
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
