//===- Train.h - The Keras-like training layer ------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Layers, losses, metrics, optimizers, Sequential models with compile,
// fit, evaluate and predict, callbacks, saving, and data sets, with Keras's
// names in C++ casing. See docs/Training.md. Link nn::nn.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_TRAIN_H
#define NN_TRAIN_TRAIN_H

#include "nn/Train/Checkpoint.h"
#include "nn/Train/Data.h"
#include "nn/Train/Layers.h"
#include "nn/Train/Losses.h"
#include "nn/Train/Model.h"
#include "nn/Train/Optimizers.h"
#include "nn/Train/Pictures.h"
#include "nn/nn.h"

#endif // NN_TRAIN_TRAIN_H
