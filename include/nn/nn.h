//===- nn.h - The front end of nn -------------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Everything of the front end: eager and traced arrays, variables, random
// numbers, nn::function, gradients, control flow, and the embedding API.
// Link nn::nn. See docs/Tracing.md.
//
//===----------------------------------------------------------------------===//

#ifndef NN_NN_H
#define NN_NN_H

#include "nn/Eager/Array.h"
#include "nn/Eager/Eager.h"
#include "nn/Eager/Random.h"
#include "nn/Eager/Variable.h"
#include "nn/Runtime/Runtime.h"
#include "nn/Trace/ControlFlow.h"
#include "nn/Trace/Function.h"
#include "nn/Trace/Gradients.h"

#endif // NN_NN_H
