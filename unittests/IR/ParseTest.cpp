//===- ParseTest.cpp - What the parse guard finds -------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/Parse.h"

#include "gtest/gtest.h"

using nn::findIndexDenseArrays;

namespace {

using Offsets = llvm::SmallVector<size_t>;

TEST(ParseTest, FindsIndexDenseArrays) {
  EXPECT_EQ(findIndexDenseArrays("{a = array<index: 1>}"), Offsets({5}));
  EXPECT_EQ(findIndexDenseArrays("array<index>"), Offsets({0}));
  EXPECT_EQ(findIndexDenseArrays("array <\n// c\n  index:1>"), Offsets({0}));
  EXPECT_EQ(findIndexDenseArrays("!a = index\n!b = !a\nx = array<!b: 1>"),
            Offsets({23}));
  // Unterminated input ends the scan without reading past it.
  EXPECT_EQ(findIndexDenseArrays("array<"), Offsets());
  EXPECT_EQ(findIndexDenseArrays("\"array<index"), Offsets());
}

TEST(ParseTest, IgnoresLookalikes) {
  EXPECT_EQ(findIndexDenseArrays("array<i64: 1>"), Offsets());
  EXPECT_EQ(findIndexDenseArrays("s = \"array<index: 1>\""), Offsets());
  EXPECT_EQ(findIndexDenseArrays("// array<index: 1>\n"), Offsets());
  EXPECT_EQ(findIndexDenseArrays("%array<index"), Offsets());
  EXPECT_EQ(findIndexDenseArrays("#d.array<index>"), Offsets());
  EXPECT_EQ(findIndexDenseArrays("tensor<2xindex> array<indexed: 1>"),
            Offsets());
  EXPECT_EQ(findIndexDenseArrays("!index = i64\narray<!index: 1>"), Offsets());
}

} // namespace
