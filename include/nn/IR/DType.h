//===- DType.h - MLIR element types and nn::DType ---------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one mapping between MLIR element types and the host tensors' element
// types (nn::DType), in both directions, for every layer that crosses
// between IR and host tensors: the interpreter, the JIT's calling
// convention, the AOT compiler and the front end.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_DTYPE_H
#define NN_IR_DTYPE_H

#include "nn/Support/Tensor.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Types.h"

#include <optional>

namespace nn {

/// The DType of an element type, or of a shaped type's element type; index
/// maps to i64. Nullopt for element types that host tensors do not hold.
std::optional<DType> getDType(mlir::Type type);

/// The MLIR element type of a DType.
mlir::Type getElementType(DType dtype, mlir::MLIRContext *context);

} // namespace nn

#endif // NN_IR_DTYPE_H
