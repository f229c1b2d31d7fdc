//===- NNOps.h - Operations of the nn dialect -------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_NNOPS_H
#define NN_IR_NNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/NNInterfaces.h"

namespace nn {
namespace OpTrait {
/// Marks elementwise ops whose operands broadcast numpy-style to the result
/// shape. Carries no verifier: the ops' type inference checks the shapes.
template <typename ConcreteType>
class BroadcastingElementwise
    : public mlir::OpTrait::TraitBase<ConcreteType, BroadcastingElementwise> {};

/// Marks the reductions that nn-fuse groups (NNBase.td).
template <typename ConcreteType>
class Reduction : public mlir::OpTrait::TraitBase<ConcreteType, Reduction> {};
} // namespace OpTrait
} // namespace nn

#define GET_OP_CLASSES
#include "nn/IR/NNOps.h.inc"

#endif // NN_IR_NNOPS_H
