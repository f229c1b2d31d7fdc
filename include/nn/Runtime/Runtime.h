//===- Runtime.h - The embedding API of nn ----------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The C++ API that lets an application load a module of nn IR, compile it
// for the host CPU and call its functions on host tensors; installed with
// nn and used through CMake as `find_package(nn)` and the target
// `nn::runtime`:
//
//   nn::Context context;
//   absl::StatusOr<nn::Module> module =
//       nn::Module::fromFile(context, "model.mlir");
//   absl::StatusOr<nn::Executable> executable =
//       nn::Executable::compile(*module);
//   absl::StatusOr<nn::Function> mlp = executable->lookup("mlp");
//   absl::StatusOr<std::vector<nn::Tensor>> outputs =
//       mlp->call({nn::TensorView({batch, 784}, pixels.data()), ...});
//
// Every failure is an absl::Status whose message says what was expected
// and what was given; nothing throws or aborts on bad input. The headers
// include nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_RUNTIME_RUNTIME_H
#define NN_RUNTIME_RUNTIME_H

#include "nn/Runtime/Compile.h"
#include "nn/Runtime/Function.h"
#include "nn/Runtime/Module.h"
#include "nn/Runtime/Tensor.h"

#endif // NN_RUNTIME_RUNTIME_H
