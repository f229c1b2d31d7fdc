//===- TestFiles.h - Scratch files for the training I/O tests ---*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_UNITTESTS_TRAIN_TESTFILES_H
#define NN_UNITTESTS_TRAIN_TESTFILES_H

#include "gtest/gtest.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

namespace nn::testing {

/// A fresh directory per test, removed afterwards.
class ScratchDir : public ::testing::Test {
protected:
  void SetUp() override {
    const ::testing::TestInfo *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    dir = std::filesystem::temp_directory_path() /
          (std::string("nn-train-io-") + info->test_suite_name() + "-" +
           info->name() + "-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::string path(const std::string &name) const { return dir / name; }

  static void writeBytes(const std::string &file, const std::string &bytes) {
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  static std::string readBytes(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::filesystem::path dir;
};

} // namespace nn::testing

#endif // NN_UNITTESTS_TRAIN_TESTFILES_H
