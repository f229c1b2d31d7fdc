//===- NNInterfaces.h - Interfaces of the nn dialect ------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_NNINTERFACES_H
#define NN_IR_NNINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "nn/IR/NNInterfaces.h.inc"

#endif // NN_IR_NNINTERFACES_H
