//===- NNToLinalg.cpp - The convert-nn-to-linalg pass ---------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "nn/Conversion/Passes.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace nn {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#include "nn/Conversion/Passes.h.inc"
} // namespace nn

using namespace mlir;
using namespace nn;

namespace {

/// Lowers a fusion by inlining its body: the ops inside are then lowered
/// like any other, and linalg's elementwise fusion joins their loops.
struct InlineFusion : public OpRewritePattern<FusionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FusionOp op,
                                PatternRewriter &rewriter) const override {
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    SmallVector<Value> results(yield.getValues());
    rewriter.inlineBlockBefore(&body, op, op.getInputs());
    rewriter.replaceOp(op, results);
    rewriter.eraseOp(yield);
    return success();
  }
};

struct ConvertNNToLinalgPass
    : public nn::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addLegalDialect<
        linalg::LinalgDialect, tensor::TensorDialect, arith::ArithDialect,
        math::MathDialect, scf::SCFDialect, affine::AffineDialect,
        func::FuncDialect, bufferization::BufferizationDialect>();
    target.addIllegalDialect<NNDialect>();
    RewritePatternSet patterns(context);
    populateNNToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void nn::populateNNToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<InlineFusion>(patterns.getContext());
  populateElementwiseToLinalgPatterns(patterns);
  populateContractionToLinalgPatterns(patterns);
  populateReductionToLinalgPatterns(patterns);
  populateShapeToLinalgPatterns(patterns);
  populateControlFlowToSCFPatterns(patterns);
}
