//===- DeviceTest.cpp - CompileOptions::device without a driver -----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The GPU runtime looks for the driver once per process: this test's
// process has none ($NN_CUDA_DRIVER names a missing file). FakeGPUTest.cpp
// runs with the fake driver in a process of its own.
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Runtime.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstdlib>

using ::testing::HasSubstr;

namespace {

constexpr const char *kTanh = R"mlir(
func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = nn.tanh %x : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
)mlir";

TEST(DeviceTest, UnknownDeviceIsRejected) {
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, kTanh);
  ASSERT_TRUE(module.ok()) << module.status();
  nn::CompileOptions options;
  options.device = "tpu";
  absl::StatusOr<nn::Executable> executable =
      nn::Executable::compile(*module, options);
  ASSERT_FALSE(executable.ok());
  EXPECT_EQ(executable.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(executable.status().message(),
            "CompileOptions::device must be 'cpu', 'cuda' or 'gpu', got 'tpu'");
}

TEST(DeviceTest, NoDriverIsAnError) {
  ASSERT_EQ(setenv("NN_CUDA_DRIVER", "/nonexistent/libcuda.so.1", 1), 0);
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, kTanh);
  ASSERT_TRUE(module.ok()) << module.status();
  for (const char *device : {"cuda", "gpu"}) {
    nn::CompileOptions options;
    options.device = device;
    options.useDiskCache = false;
    absl::StatusOr<nn::Executable> executable =
        nn::Executable::compile(*module, options);
    ASSERT_FALSE(executable.ok()) << device;
    EXPECT_THAT(executable.status().message(),
                HasSubstr("no CUDA driver: /nonexistent/libcuda.so.1 not "
                          "found"))
        << device;
  }
  // The CPU needs no driver.
  absl::StatusOr<nn::Executable> cpu = nn::Executable::compile(*module);
  ASSERT_TRUE(cpu.ok()) << cpu.status();
}

} // namespace
