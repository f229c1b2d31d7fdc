//===- NNToLinalg.h - Lowering nn to linalg ---------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_CONVERSION_NNTOLINALG_NNTOLINALG_H
#define NN_CONVERSION_NNTOLINALG_NNTOLINALG_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace nn {

/// All patterns of convert-nn-to-linalg.
void populateNNToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// The patterns by op family (one file each under lib/Conversion/NNToLinalg).
void populateElementwiseToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateContractionToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateReductionToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateShapeToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// nn.cond, nn.while and nn.for to scf.if, scf.while and scf.for.
void populateControlFlowToSCFPatterns(mlir::RewritePatternSet &patterns);

} // namespace nn

#endif // NN_CONVERSION_NNTOLINALG_NNTOLINALG_H
