//===- nn-fuzz-tensor-spec.cpp - Fuzzes the input-spec parser -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// libFuzzer target: the bytes are an input SPEC for nn::ref::parseTensorSpec
// (nn-run's --input=2x3xf32=1,2,...). Malformed specs must be errors, never
// crashes, and a spec may not make nn allocate without bound.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/TensorIO.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)nn::ref::parseTensorSpec(
      std::string_view(reinterpret_cast<const char *>(data), size));
  return 0;
}
