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

#include "nn/Train/Checkpoint.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

static const std::string &getPath() {
  static std::string path = [] {
    const char *dir = std::getenv("TMPDIR");
    std::string p = std::string(dir && *dir ? dir : "/tmp") +
                    "/nn-fuzz-safetensors-" + std::to_string(getpid()) +
                    ".safetensors";
    // Leave no file behind when the run ends normally.
    std::atexit([] { std::remove(getPath().c_str()); });
    return p;
  }();
  return path;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string &path = getPath();
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file)
    std::abort();
  if (size && std::fwrite(data, 1, size, file) != size)
    std::abort();
  std::fclose(file);
  (void)nn::io::readSafetensors(path);
  return 0;
}
