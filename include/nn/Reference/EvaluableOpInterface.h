//===- EvaluableOpInterface.h - Ops the interpreter runs --------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_REFERENCE_EVALUABLEOPINTERFACE_H
#define NN_REFERENCE_EVALUABLEOPINTERFACE_H

#include "nn/Reference/Interpreter.h"
#include "nn/Reference/Tensor.h"

#include "mlir/IR/OpDefinition.h"

#include "absl/status/statusor.h"

#include <vector>

#include "nn/Reference/EvaluableOpInterface.h.inc"

#endif // NN_REFERENCE_EVALUABLEOPINTERFACE_H
