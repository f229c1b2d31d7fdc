//===- ParseTest.cpp - What the parse guard finds -------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/Parse.h"

#include "gtest/gtest.h"

#include <string>

using nn::findIndexDenseArrays;
using nn::findMalformedLinalgArrays;

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

TEST(ParseTest, FindsMalformedLinalgArrays) {
  // What the fuzzer found (nn-fuzz-parse), and its siblings.
  EXPECT_EQ(findMalformedLinalgArrays("linalg.transpose permutation="),
            Offsets({17}));
  const char *outs = "%t = linalg.transpose ins(%a : tensor<2x3xf32>) "
                     "outs(%b : tensor<3x2xf32>) permutation = ";
  size_t at = std::string(outs).find("permutation");
  for (const char *bad :
       {"x", "[1, 0", "[1.5]", "[1, x]", "[true]", "[99999999999999999999]",
        "[-9223372036854775809]", "[1,]", "array<i64: 1, 0>", "\"[1, 0]\""})
    EXPECT_EQ(findMalformedLinalgArrays(std::string(outs) + bad), Offsets({at}))
        << bad;
  EXPECT_EQ(findMalformedLinalgArrays(
                "%b = linalg.broadcast ins(%a : tensor<3xf32>) outs(%e : "
                "tensor<2x3xf32>) dimensions = [0"),
            Offsets({73}));
  EXPECT_EQ(findMalformedLinalgArrays(
                "%r = linalg.reduce { arith.addf } ins(%a : tensor<2xf32>) "
                "outs(%e : tensor<f32>) dimensions = "),
            Offsets({81}));
}

TEST(ParseTest, AcceptsWellFormedLinalgArrays) {
  const char *outs = "%t = linalg.transpose ins(%a : tensor<2x3xf32>) "
                     "outs(%b : tensor<3x2xf32>) permutation = ";
  for (const char *good :
       {"[1, 0]", "[]", "[ 0x1 , -2 ]", "[09]",
        "[9223372036854775807, -9223372036854775808]", "[1, // a comment\n 0]"})
    EXPECT_EQ(findMalformedLinalgArrays(std::string(outs) + good), Offsets())
        << good;
  // Generic syntax, attribute dictionaries, other ops, strings, comments.
  EXPECT_EQ(findMalformedLinalgArrays(
                "\"linalg.transpose\"(%a, %b) <{permutation = array<i64: 1, "
                "0>}> : (tensor<2x3xf32>, tensor<3x2xf32>) -> ()"),
            Offsets());
  EXPECT_EQ(findMalformedLinalgArrays(
                "linalg.broadcast {dimensions = 1} ins(%a : tensor<3xf32>)"),
            Offsets());
  EXPECT_EQ(findMalformedLinalgArrays("nn.transpose %x permutation = x"),
            Offsets());
  EXPECT_EQ(findMalformedLinalgArrays("s = \"linalg.transpose permutation =\""),
            Offsets());
  EXPECT_EQ(findMalformedLinalgArrays("// linalg.transpose permutation =\n"),
            Offsets());
}

} // namespace
