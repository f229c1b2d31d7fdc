//===- EvaluableOpInterface.cpp - Ops the interpreter runs ----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/EvaluableOpInterface.h"

#include "nn/Reference/EvaluableOpInterface.cpp.inc"
