//===- Passes.td - Conversions of nn -------------------------*- tablegen -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_CONVERSION_PASSES_TD
#define NN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalg : Pass<"convert-nn-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lowers nn ops to linalg, tensor, arith and math";
  let description = [{
    Rewrites every nn op on tensors into linalg structured ops (named ops
    where they exist, `linalg.generic` otherwise) plus tensor, arith and math
    ops, for static and dynamic shapes. Broadcasting operands are read
    through indexing maps; dynamic result sizes come from `tensor.dim` of the
    operands. The body of an `nn.fusion` is lowered in place. `nn.grad` must
    have been lowered by `nn-autodiff` first; an op without a lowering is a
    "failed to legalize" error at its location.

    A dynamic dimension that broadcasts at run time (size 1 against a larger
    size) is not handled by the generated code: the runtime rejects such
    calls before they run (the reference interpreter supports them).
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect", "::mlir::affine::AffineDialect",
    "::mlir::bufferization::BufferizationDialect"
  ];
}

#endif // NN_CONVERSION_PASSES_TD
