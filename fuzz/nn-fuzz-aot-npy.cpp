//===- nn-fuzz-aot-npy.cpp - Fuzzes the AOT runtime's .npy reader ---------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// libFuzzer target: the bytes are a .npy file for nn_tensor_read_npy (the
// AOT runtime's reader, which applications and the GPU check's driver call
// on files they are given). It reads a path, so each input is written to one
// scratch file first (ScratchFile.h). Malformed files must be errors, never
// crashes, leaks or allocations the file's size does not justify.
//
//===----------------------------------------------------------------------===//

#include "ScratchFile.h"

#include "nn/AOT/Runtime.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string &path =
      nn::fuzz::writeScratchFile("aot-npy.npy", data, size);
  nn_tensor tensor;
  if (nn_tensor_read_npy(path.c_str(), &tensor) == NN_OK)
    nn_tensor_free(&tensor);
  return 0;
}
