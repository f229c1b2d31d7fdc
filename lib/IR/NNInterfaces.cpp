//===- NNInterfaces.cpp - Interfaces of the nn dialect --------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNInterfaces.h"

#include "nn/IR/NNInterfaces.cpp.inc"
