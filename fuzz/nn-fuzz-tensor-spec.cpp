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

/// Whether the shape in front of `=` asks for more than a million elements.
/// A one-value splat may fill up to 2^32 of them by design (kMaxElements in
/// TensorIO.cpp), which takes seconds and gigabytes: a slow input, not a
/// finding, and one that would stop every short run.
static bool isLargeSplat(std::string_view spec) {
  constexpr uint64_t kLimit = uint64_t(1) << 20;
  std::string_view shape = spec.substr(0, spec.find('='));
  uint64_t product = 1, dim = 0;
  bool inDim = false;
  for (char c : shape) {
    if (c >= '0' && c <= '9') {
      dim = dim * 10 + uint64_t(c - '0');
      inDim = true;
      if (dim > kLimit)
        return true;
      continue;
    }
    if (inDim && dim != 0) {
      product *= dim;
      if (product > kLimit)
        return true;
    }
    dim = 0;
    inDim = false;
  }
  return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view spec(reinterpret_cast<const char *>(data), size);
  if (isLargeSplat(spec))
    return 0;
  (void)nn::ref::parseTensorSpec(spec);
  return 0;
}
