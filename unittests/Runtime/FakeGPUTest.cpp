//===- FakeGPUTest.cpp - CompileOptions::device with the fake driver ------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The embedding API compiling for the GPU and calling the code, against
// test/AOT/GPU/Inputs/fake-cuda.c (NN_FAKE_CUDA_DRIVER, built by CMake):
// host memory, and no kernel runs, so the results' values are not checked.
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Runtime.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdlib>
#include <vector>

namespace {

TEST(FakeGPUTest, CompilesAndCalls) {
  ASSERT_EQ(setenv("NN_CUDA_DRIVER", NN_FAKE_CUDA_DRIVER, 1), 0);
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, R"mlir(
func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = nn.tanh %x : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
)mlir");
  ASSERT_TRUE(module.ok()) << module.status();
  std::vector<float> input = {1, 2, 3, 4, 5, 6};
  nn::CompileOptions gpuOptions;
  gpuOptions.device = "gpu";
  gpuOptions.useDiskCache = false;
  absl::StatusOr<nn::Executable> gpu =
      nn::Executable::compile(*module, gpuOptions);
  ASSERT_TRUE(gpu.ok()) << gpu.status();
  absl::StatusOr<std::vector<nn::Tensor>> outputs =
      gpu->lookup("f")->call({nn::TensorView({2, 3}, input.data())});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  ASSERT_EQ(outputs->size(), 1u);
  EXPECT_EQ((*outputs)[0].getShape(), (std::vector<int64_t>{2, 3}));

  // The same module for the CPU is another executable (the context's cache
  // keys on the device), which computes tanh.
  nn::CompileOptions cpuOptions;
  cpuOptions.useDiskCache = false;
  absl::StatusOr<nn::Executable> cpu =
      nn::Executable::compile(*module, cpuOptions);
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  outputs = cpu->lookup("f")->call({nn::TensorView({2, 3}, input.data())});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  for (size_t i = 0; i < input.size(); ++i)
    EXPECT_NEAR((*outputs)[0].data<float>()[i], std::tanh(input[i]), 1e-6);
}

} // namespace
