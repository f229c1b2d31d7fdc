//===- nn-fuzz-npy.cpp - Fuzzes the .npy reader ---------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// libFuzzer target: the bytes are a .npy file for nn::ref::parseNpy (nn-run's
// --input=@file.npy). Malformed files must be errors, never crashes.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/TensorIO.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)nn::ref::parseNpy(
      std::string_view(reinterpret_cast<const char *>(data), size));
  return 0;
}
