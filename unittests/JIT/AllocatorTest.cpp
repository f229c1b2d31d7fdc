//===- AllocatorTest.cpp - The memory of compiled code --------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/Allocator.h"
#include "nn/Runtime/Runtime.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

namespace {

using nn::rt::allocate;
using nn::rt::deallocate;
using nn::rt::getAllocatorStats;

TEST(AllocatorTest, AlignedUsableAndReused) {
  void *block = allocate(1000);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % 64, 0u);
  std::memset(block, 0xab, 1000);
  deallocate(block);
  // The same size class again: the cached block, no system call.
  uint64_t system = getAllocatorStats().systemAllocations;
  void *again = allocate(990);
  EXPECT_EQ(again, block);
  EXPECT_EQ(getAllocatorStats().systemAllocations, system);
  deallocate(again);

  void *wide = allocate(100, 4096);
  ASSERT_NE(wide, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(wide) % 4096, 0u);
  deallocate(wide);
  EXPECT_EQ(allocate(100, 48), nullptr); // Not a power of two.
  EXPECT_EQ(allocate(size_t(1) << 63), nullptr);
  deallocate(nullptr);
}

TEST(AllocatorTest, BlocksMayBeFreedOnAnotherThread) {
  std::vector<void *> blocks;
  for (size_t size : {64u, 5000u, 1u << 20})
    blocks.push_back(allocate(size));
  std::thread other([&] {
    for (void *block : blocks)
      deallocate(block);
  });
  other.join();
}

TEST(AllocatorTest, RepeatedCallsDoNotAllocateFromTheSystem) {
  // A packed matmul allocates panels (and its result) on every call; from
  // the second call with the same shapes on, they come from the cache.
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, R"mlir(
func.func @mm(%a: tensor<?x96xf32>, %b: tensor<96x80xf32>) -> tensor<?x80xf32> {
  %c = nn.matmul %a, %b : tensor<?x96xf32>, tensor<96x80xf32>
  %r = nn.relu %c : tensor<?x80xf32>
  return %r : tensor<?x80xf32>
}
)mlir");
  ASSERT_TRUE(module.ok()) << module.status();
  nn::CompileOptions options;
  options.numThreads = 1;
  absl::StatusOr<nn::Executable> executable =
      nn::Executable::compile(*module, options);
  ASSERT_TRUE(executable.ok()) << executable.status();
  absl::StatusOr<nn::Function> mm = executable->lookup("mm");
  ASSERT_TRUE(mm.ok());
  std::vector<float> a(64 * 96, 0.5f), b(96 * 80, 0.25f);
  auto call = [&] {
    absl::StatusOr<std::vector<nn::Tensor>> outputs =
        mm->call({nn::TensorView({64, 96}, a.data()),
                  nn::TensorView({96, 80}, b.data())});
    ASSERT_TRUE(outputs.ok()) << outputs.status();
    EXPECT_EQ((*outputs)[0].data<float>()[64 * 80 - 1], 96 * 0.125f);
  };
  call();
  nn::rt::AllocatorStats first = getAllocatorStats();
  for (int i = 0; i < 3; ++i)
    call();
  nn::rt::AllocatorStats later = getAllocatorStats();
  EXPECT_GT(later.allocations, first.allocations);
  EXPECT_EQ(later.systemAllocations, first.systemAllocations);
}

} // namespace
