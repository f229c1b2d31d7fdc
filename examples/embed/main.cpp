//===- main.cpp - An application that embeds nn ---------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Loads a small nn module from a string, compiles it, calls it on the
// application's own f32 buffers, and shows that a call with a wrong shape
// is an error. Only the installed public headers of nn are used.
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Runtime.h"

#include <cstdio>
#include <vector>

/// One dense layer with a ReLU, for a dynamic batch of 4-feature rows.
static const char *const kModel = R"mlir(
func.func @dense(%x: tensor<?x4xf32>, %w: tensor<4x2xf32>, %b: tensor<2xf32>)
    -> tensor<?x2xf32> {
  %h = nn.matmul %x, %w : tensor<?x4xf32>, tensor<4x2xf32>
  %a = nn.add %h, %b : tensor<?x2xf32>, tensor<2xf32>
  %y = nn.relu %a : tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
)mlir";

static int fail(const char *what, const absl::Status &status) {
  std::printf("error: %s: %s\n", what, std::string(status.message()).c_str());
  return 1;
}

int main() {
  nn::Context context;
  absl::StatusOr<nn::Module> module =
      nn::Module::fromString(context, kModel, "dense.mlir");
  if (!module.ok())
    return fail("parse", module.status());
  absl::StatusOr<nn::Executable> executable = nn::Executable::compile(*module);
  if (!executable.ok())
    return fail("compile", executable.status());
  absl::StatusOr<nn::Function> dense = executable->lookup("dense");
  if (!dense.ok())
    return fail("lookup", dense.status());
  std::printf("signature: %s\n", dense->getSignatureString().c_str());

  // The application's buffers, read in place.
  std::vector<float> x = {1, 2, 3, 4, -1, -2, -3, -4, 0.5, 0, 0, 0.5};
  std::vector<float> w = {1, 0, 0, 1, 1, 0, 0, 1};
  std::vector<float> b = {0.5f, -0.5f};
  absl::StatusOr<std::vector<nn::Tensor>> outputs = dense->call(
      {nn::TensorView({3, 4}, x.data()), nn::TensorView({4, 2}, w.data()),
       nn::TensorView({2}, b.data())});
  if (!outputs.ok())
    return fail("call", outputs.status());
  const nn::Tensor &y = (*outputs)[0];
  std::printf("output: %s\n", y.getTypeString().c_str());
  const float *values = y.data<float>();
  for (int64_t row = 0; row < y.getShape()[0]; ++row)
    std::printf("  %g %g\n", values[row * 2], values[row * 2 + 1]);

  // Three features instead of four: an error, not a crash.
  absl::StatusOr<std::vector<nn::Tensor>> wrong = dense->call(
      {nn::TensorView({4, 3}, x.data()), nn::TensorView({4, 2}, w.data()),
       nn::TensorView({2}, b.data())});
  if (wrong.ok()) {
    std::printf("error: a call with a wrong shape succeeded\n");
    return 1;
  }
  std::printf("wrong shape: %s\n",
              std::string(wrong.status().message()).c_str());
  return 0;
}
