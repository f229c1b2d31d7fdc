//===- Tensor.h - Host tensors of the embedding API -------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The tensors an application passes to and gets from compiled nn functions
// are nn's one host tensor type, defined in the bottom library (NNSupport);
// this path stays the embedding API's header for them.
//
// This is a public header of the embedding API: it must include nothing
// from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_RUNTIME_TENSOR_H
#define NN_RUNTIME_TENSOR_H

#include "nn/Support/Tensor.h"

#endif // NN_RUNTIME_TENSOR_H
