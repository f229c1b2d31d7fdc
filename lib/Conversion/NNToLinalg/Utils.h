//===- Utils.h - Helpers of the nn-to-linalg patterns -----------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CONVERSION_NNTOLINALG_UTILS_H
#define NN_LIB_CONVERSION_NNTOLINALG_UTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace nn::conversion {

/// The sizes of `value`: attributes where static, `tensor.dim` otherwise.
llvm::SmallVector<mlir::OpFoldResult>
getDims(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value);

/// The dynamic sizes among `dims` for `type`, as values (tensor.empty's
/// operands).
llvm::SmallVector<mlir::Value>
getDynamicSizes(mlir::OpBuilder &b, mlir::Location loc,
                mlir::RankedTensorType type,
                llvm::ArrayRef<mlir::OpFoldResult> dims);

/// tensor.empty of `type`, with the dynamic sizes taken from `dims` (one
/// entry per dimension of `type`).
mlir::Value createEmpty(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type,
                        llvm::ArrayRef<mlir::OpFoldResult> dims);

/// A tensor of `type` (sizes from `dims`) filled with `value`.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type,
                         llvm::ArrayRef<mlir::OpFoldResult> dims,
                         mlir::TypedAttr value);

/// A scalar arith.constant of `elementType` (float or integer).
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Type elementType, double value);
mlir::TypedAttr scalarAttr(mlir::OpBuilder &b, mlir::Type elementType,
                           double value);

/// The indexing map that reads `operand` broadcast numpy-style into an
/// iteration space of rank `resultRank`: right-aligned, with constant 0 for
/// dimensions of static size 1 that the result stretches. A dynamic operand
/// size is read as equal to the result's (see the pass description).
mlir::AffineMap broadcastMap(mlir::RankedTensorType operand,
                             mlir::RankedTensorType result);

/// The run-time sizes of the numpy broadcast of `operands` into `result`:
/// static sizes from the type, each dynamic one from an operand whose
/// aligned size is not a static 1.
llvm::SmallVector<mlir::OpFoldResult>
broadcastDims(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange operands,
              mlir::RankedTensorType result);

/// A parallel linalg.generic over `result`'s shape (sizes `dims`) that reads
/// `inputs` broadcast and computes each element with `body`, which gets the
/// scalar inputs and returns the scalar result.
mlir::Value buildElementwise(
    mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType result,
    llvm::ArrayRef<mlir::OpFoldResult> dims, mlir::ValueRange inputs,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        body);

} // namespace nn::conversion

#endif // NN_LIB_CONVERSION_NNTOLINALG_UTILS_H
