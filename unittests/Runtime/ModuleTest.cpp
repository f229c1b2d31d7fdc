//===- ModuleTest.cpp - Loading modules with the embedding API ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Module.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <fstream>

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

constexpr const char *kSource = R"mlir(
func.func @add(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %s = nn.add %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
  return %s : tensor<?x4xf32>
}
func.func private @twice(%a: tensor<4xf32>) -> tensor<4xf32> {
  %s = nn.add %a, %a : tensor<4xf32>, tensor<4xf32>
  return %s : tensor<4xf32>
}
func.func private @external(%a: tensor<4xf32>) -> tensor<4xf32>
)mlir";

/// A file under the test's temporary directory holding `text`.
std::string writeFile(const std::string &name, const std::string &text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ModuleTest, FromString) {
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, kSource);
  ASSERT_TRUE(module.ok()) << module.status();
  // Public functions with a body only.
  EXPECT_THAT(module->getFunctionNames(), ElementsAre("add"));
  EXPECT_THAT(module->toString(), HasSubstr("nn.add %arg0, %arg1"));
  EXPECT_THAT(module->toString(), Not(HasSubstr("loc(")));
}

TEST(ModuleTest, FromFile) {
  nn::Context context;
  std::string path = writeFile("module-test-ok.mlir", kSource);
  absl::StatusOr<nn::Module> module = nn::Module::fromFile(context, path);
  ASSERT_TRUE(module.ok()) << module.status();
  EXPECT_THAT(module->getFunctionNames(), ElementsAre("add"));
}

TEST(ModuleTest, MissingFile) {
  nn::Context context;
  absl::StatusOr<nn::Module> module =
      nn::Module::fromFile(context, ::testing::TempDir() + "/no-such.mlir");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(module.status().message()),
              HasSubstr("no-such.mlir"));
}

TEST(ModuleTest, SyntaxErrorHasLocation) {
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, R"mlir(
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  %s = nn.bogus %a : tensor<4xf32>
  return %s : tensor<4xf32>
}
)mlir");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kInvalidArgument);
  std::string message(module.status().message());
  EXPECT_THAT(message, HasSubstr("<string>:3:8: error:"));
  EXPECT_THAT(message, HasSubstr("nn.bogus"));
  // The source line is quoted.
  EXPECT_THAT(message, HasSubstr("%s = nn.bogus %a"));
}

TEST(ModuleTest, VerifierErrorHasLocation) {
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, R"mlir(
func.func @f(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  %m = nn.matmul %a, %b : tensor<2x3xf32>, tensor<4x5xf32>
  return %m : tensor<2x5xf32>
}
)mlir",
                                                             "model.mlir");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kInvalidArgument);
  std::string message(module.status().message());
  EXPECT_THAT(message, HasSubstr("model.mlir:3:8: error: 'nn.matmul' op "
                                 "contracting dimensions differ"));
}

TEST(ModuleTest, FileErrorNamesTheFile) {
  nn::Context context;
  std::string path = writeFile("module-test-bad.mlir",
                               "func.func @f() {\n  return %x : f32\n}\n");
  absl::StatusOr<nn::Module> module = nn::Module::fromFile(context, path);
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(module.status().message()),
              HasSubstr(path + ":2:10: error:"));
}

// MLIR 22's parser segfaults on a dense array of index
// (docs/UpstreamBugs.md): the module is an error at the attribute instead.
TEST(ModuleTest, IndexDenseArrayIsAnErrorNotACrash) {
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, R"mlir(
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32>
    attributes {sizes = array<index: 1, 2>} {
  return %a : tensor<4xf32>
}
)mlir",
                                                             "model.mlir");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(module.status().message()),
              HasSubstr("model.mlir:3:25: error: dense arrays of 'index' are "
                        "not supported"));
}

TEST(ModuleTest, ContextHandlesShareState) {
  nn::Context context;
  nn::Context copy = context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(copy, kSource);
  ASSERT_TRUE(module.ok());
  EXPECT_EQ(context.getCompileCacheSize(), 0u);
  // A module keeps its context alive.
  {
    nn::Context scoped;
    module = nn::Module::fromString(scoped, kSource);
  }
  ASSERT_TRUE(module.ok());
  EXPECT_THAT(module->getContext().getCompileCacheSize(), 0u);
  EXPECT_THAT(module->getFunctionNames(), ElementsAre("add"));
}

} // namespace
