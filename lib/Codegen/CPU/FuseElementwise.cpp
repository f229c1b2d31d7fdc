//===- FuseElementwise.cpp - Bounded elementwise fusion -------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Upstream's linalg-fuse-elementwise-ops with bounds. Fusing a producer into
// its consumer clones both bodies into a new generic, so fusing a chain of N
// elementwise ops into one clones 1 + 2 + ... + N bodies: 8,000 nn.tanh took
// 33 s, 94 % of it there. A cap on the fused body makes a chain into
// generics of at most maxBodyOps operations, linear in N; the elementwise
// groups of real models have bodies of a few operations (at most 10 in the
// MLP training step), far below the cap, so their code does not change.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/CPU/Transforms.h"

#include "nn/Reference/ConstantFold.h"
#include "nn/Support/Sizes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUFUSEELEMENTWISE
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// Operations in the body of `op` (a linalg op), its terminator excluded;
/// 0 for other ops.
int64_t countBodyOps(Operation *op) {
  if (!isa_and_nonnull<linalg::LinalgOp>(op) || op->getNumRegions() != 1 ||
      op->getRegion(0).empty())
    return 0;
  return static_cast<int64_t>(op->getRegion(0).front().getOperations().size()) -
         1;
}

/// Whether `op` is a linalg contraction (a matmul in any layout).
bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalg::isaContractionOpInterface(linalgOp);
}

} // namespace

void nn::populateBoundedElementwiseFusionPatterns(RewritePatternSet &patterns,
                                                  int64_t maxBodyOps) {
  MLIRContext *context = patterns.getContext();
  // Upstream's rule (a producer with one use, which fusion then removes),
  // within the cap.
  linalg::ControlFusionFn fuse = [maxBodyOps](OpOperand *operand) {
    Operation *producer = operand->get().getDefiningOp();
    return producer && producer->hasOneUse() &&
           countBodyOps(producer) + countBodyOps(operand->getOwner()) <=
               maxBodyOps;
  };
  // A reshape never expands a contraction: nn-cpu-tile-contractions packs
  // those with one M, N and K dimension, and a convolution's im2col matmul
  // would otherwise become loops over (n, oh, ow) x (kh, kw, c) again.
  linalg::ControlFusionFn reshape = [](OpOperand *operand) {
    Operation *producer = operand->get().getDefiningOp();
    return producer && producer->hasOneUse() && !isContraction(producer) &&
           !isContraction(operand->getOwner());
  };
  // Folding materializes the result as an attribute: as large as nn's
  // own folders allow.
  linalg::ControlFusionFn fold = [reshape](OpOperand *operand) {
    Operation *owner = operand->getOwner();
    auto type = owner->getNumResults() == 1
                    ? dyn_cast<ShapedType>(owner->getResult(0).getType())
                    : ShapedType();
    return reshape(operand) && type &&
           nn::hasAtMostElements(type.getShape(), nn::kMaxFoldedElements);
  };

  linalg::populateElementwiseOpsFusionPatterns(patterns, fuse);
  linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, reshape);
  tensor::populateBubbleUpExpandShapePatterns(patterns);
  affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
  linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
  tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
  tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
  // Not loaded: there is no linalg op to canonicalize.
  if (Dialect *linalg = context->getLoadedDialect<linalg::LinalgDialect>())
    linalg->getCanonicalizationPatterns(patterns);
  linalg::populateConstantFoldLinalgOperations(patterns, fold);
}

namespace {

struct NNCPUFuseElementwisePass
    : public nn::impl::NNCPUFuseElementwiseBase<NNCPUFuseElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    nn::populateBoundedElementwiseFusionPatterns(patterns, maxBodyOps);
    // Top-down, as upstream, for compile time.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns),
                                GreedyRewriteConfig().setUseTopDownTraversal());
  }
};

} // namespace
