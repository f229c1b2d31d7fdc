//===- Passes.h - Conversions of nn -----------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// convert-nn-to-linalg. The passes that turn its linalg into code for a
// target, and the pipelines, are in include/nn/Codegen.
//
//===----------------------------------------------------------------------===//

#ifndef NN_CONVERSION_PASSES_H
#define NN_CONVERSION_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace nn {

#define GEN_PASS_DECL
#include "nn/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nn/Conversion/Passes.h.inc"

} // namespace nn

#endif // NN_CONVERSION_PASSES_H
