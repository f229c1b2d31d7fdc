//===- RejectionTest.cpp - What the embedding API refuses, and how --------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Nothing a caller passes may crash the process: each case here is an
// absl::Status that says what was expected and what came (issue 12), or,
// for empty tensors, the right result.
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Runtime.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <thread>

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

std::string messageOf(const absl::Status &status) {
  return std::string(status.message());
}

/// `source` compiled with `options`; fails the test if it does not.
nn::Executable compileOrDie(nn::Context &context, const char *source,
                            const nn::CompileOptions &options = {}) {
  absl::StatusOr<nn::Module> module =
      nn::Module::fromString(context, source, "rejections.mlir");
  EXPECT_TRUE(module.ok()) << module.status();
  absl::StatusOr<nn::Executable> executable =
      nn::Executable::compile(*module, options);
  EXPECT_TRUE(executable.ok()) << executable.status();
  return *std::move(executable);
}

/// The status of compiling `source` with `options`.
absl::Status compileStatus(const char *source,
                           const nn::CompileOptions &options) {
  nn::Context context;
  absl::StatusOr<nn::Module> module =
      nn::Module::fromString(context, source, "rejections.mlir");
  if (!module.ok())
    return module.status();
  return nn::Executable::compile(*module, options).status();
}

constexpr const char *kOuter = R"mlir(
func.func @outer(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> tensor<f32> {
  %m = nn.matmul %a, %b : tensor<?x1xf32>, tensor<1x?xf32>
  %s = nn.reduce_sum %m : tensor<?x?xf32>
  return %s : tensor<f32>
}
)mlir";

TEST(RejectionTest, StaticTensorOverMaxTensorBytes) {
  nn::CompileOptions options;
  options.maxTensorBytes = 1000000;
  absl::Status status = compileStatus(R"mlir(
func.func @big() -> tensor<f32> {
  %c = nn.constant dense<1.0> : tensor<1000000xf32>
  %s = nn.reduce_sum %c : tensor<1000000xf32>
  return %s : tensor<f32>
}
)mlir",
                                      options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(messageOf(status),
            "rejections.mlir:3:8: 'nn.constant' op result 1000000xf32 needs "
            "4000000 bytes; a tensor may have at most 1000000 (the memory "
            "limit)");
}

TEST(RejectionTest, DynamicTensorOverMaxTensorBytes) {
  nn::Context context;
  nn::CompileOptions options;
  options.maxTensorBytes = 1000000;
  nn::Executable executable = compileOrDie(context, kOuter, options);
  absl::StatusOr<nn::Function> outer = executable.lookup("outer");
  ASSERT_TRUE(outer.ok()) << outer.status();
  // 400 x 400 floats (640 KB) fit; 2000 x 2000 (16 MB) do not, and the
  // call fails before the compiled code allocates them.
  std::vector<float> ones(2000, 1.0f);
  absl::StatusOr<std::vector<nn::Tensor>> small =
      outer->call({nn::TensorView({400, 1}, ones.data()),
                   nn::TensorView({1, 400}, ones.data())});
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_THAT(*(*small)[0].toVector<float>(), ElementsAre(160000.0f));
  absl::StatusOr<std::vector<nn::Tensor>> large =
      outer->call({nn::TensorView({2000, 1}, ones.data()),
                   nn::TensorView({1, 2000}, ones.data())});
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(messageOf(large.status()),
            "rejections.mlir:3:8: 'nn.matmul' op result 2000x2000xf32 needs "
            "16000000 bytes; a tensor may have at most 1000000 (the memory "
            "limit)");
}

TEST(RejectionTest, MaxTensorBytesIsPartOfTheCacheKey) {
  nn::Context context;
  nn::CompileOptions limited;
  limited.maxTensorBytes = 1000;
  nn::Executable a = compileOrDie(context, kOuter);
  nn::Executable b = compileOrDie(context, kOuter, limited);
  EXPECT_FALSE(a.sharesCodeWith(b));
  EXPECT_EQ(b.getOptions().maxTensorBytes, 1000u);
}

TEST(RejectionTest, ThreadCounts) {
  nn::CompileOptions options;
  options.numThreads = -1;
  absl::Status negative = compileStatus(kOuter, options);
  EXPECT_EQ(negative.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(messageOf(negative),
            "CompileOptions::numThreads must be 0 (every core) or more, got "
            "-1");
  // libomp aborts past its own limit: refused before it sees the count.
  options.numThreads = 1000000;
  absl::Status tooMany = compileStatus(kOuter, options);
  unsigned limit = std::max(1u, std::thread::hardware_concurrency()) * 4;
  EXPECT_EQ(tooMany.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(messageOf(tooMany), "CompileOptions::numThreads: the number of "
                                "threads must be at most " +
                                    std::to_string(limit) +
                                    " (4 per core of this machine), got "
                                    "1000000");
  options.numThreads = static_cast<int>(limit);
  EXPECT_TRUE(compileStatus(kOuter, options).ok());
}

// Static sizes of 0 used to crash the contraction tiling; dynamic ones of 0
// at run time must work as well. A matmul with K = 0 is zeros.
TEST(RejectionTest, ZeroSizeDimensions) {
  nn::Context context;
  nn::Executable executable = compileOrDie(context, R"mlir(
func.func @empty_k(%a: tensor<2x0xf32>, %b: tensor<0x3xf32>) -> tensor<2x3xf32> {
  %c = nn.matmul %a, %b : tensor<2x0xf32>, tensor<0x3xf32>
  return %c : tensor<2x3xf32>
}
func.func @batch(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>) -> tensor<?x3xf32> {
  %h = nn.matmul %x, %w : tensor<?x4xf32>, tensor<4x3xf32>
  %s = nn.softmax %h : tensor<?x3xf32>
  return %s : tensor<?x3xf32>
}
)mlir");
  float none[1] = {0};
  absl::StatusOr<nn::Function> emptyK = executable.lookup("empty_k");
  ASSERT_TRUE(emptyK.ok()) << emptyK.status();
  absl::StatusOr<std::vector<nn::Tensor>> zeros = emptyK->call(
      {nn::TensorView({2, 0}, none), nn::TensorView({0, 3}, none)});
  ASSERT_TRUE(zeros.ok()) << zeros.status();
  EXPECT_THAT(*(*zeros)[0].toVector<float>(), ElementsAre(0, 0, 0, 0, 0, 0));

  std::vector<float> w(12, 0.5f);
  absl::StatusOr<nn::Function> batch = executable.lookup("batch");
  ASSERT_TRUE(batch.ok()) << batch.status();
  absl::StatusOr<std::vector<nn::Tensor>> empty = batch->call(
      {nn::TensorView({0, 4}, none), nn::TensorView({4, 3}, w.data())});
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_THAT((*empty)[0].getShape(), ElementsAre(0, 3));
  EXPECT_THAT(*(*empty)[0].toVector<float>(), IsEmpty());
}

// MLIR 22's parser segfaults on a dense array of index
// (docs/UpstreamBugs.md): refused with its location.
TEST(RejectionTest, IndexDenseArray) {
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(
      context, "module attributes {a = array<index: 1>} {}", "model.mlir");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(messageOf(module.status()),
              HasSubstr("model.mlir:1:24: error: dense arrays of 'index' are "
                        "not supported: MLIR 22's parser crashes on them "
                        "(use i64)"));
}

} // namespace
