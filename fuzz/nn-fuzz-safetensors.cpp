//===- nn-fuzz-safetensors.cpp - Fuzzes the safetensors reader ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// libFuzzer target: the bytes are a safetensors checkpoint for
// nn::io::readSafetensors. The reader takes a path, so each input is written
// to one temporary file first (reused across inputs: this is one process).
//
//===----------------------------------------------------------------------===//

#include "ScratchFile.h"

#include "nn/Train/Checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)nn::io::readSafetensors(
      nn::fuzz::writeScratchFile("safetensors.safetensors", data, size));
  return 0;
}
