//===- ScratchFile.h - Fuzz inputs for readers of paths ---------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Readers that take a path (checkpoints, the AOT runtime's .npy reader) are
// fuzzed through one scratch file per process under $TMPDIR, rewritten for
// each input and removed at exit() (libFuzzer's own exit skips that:
// run-fuzzers.sh gives each target a TMPDIR of its own and removes it).
//
//===----------------------------------------------------------------------===//

#ifndef NN_FUZZ_SCRATCHFILE_H
#define NN_FUZZ_SCRATCHFILE_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace nn::fuzz {

/// $TMPDIR (else /tmp)/nn-fuzz-<suffix>-<pid>, made once per process.
inline const std::string &getScratchPath(const char *suffix) {
  static const std::string path = [suffix] {
    const char *dir = std::getenv("TMPDIR");
    std::string p = std::string(dir && *dir ? dir : "/tmp") + "/nn-fuzz-" +
                    suffix + "-" + std::to_string(getpid());
    std::atexit([] { std::remove(getScratchPath("").c_str()); });
    return p;
  }();
  return path;
}

/// Writes `size` bytes of `data` to the scratch file; returns its path.
inline const std::string &writeScratchFile(const char *suffix,
                                           const uint8_t *data, size_t size) {
  const std::string &path = getScratchPath(suffix);
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file)
    std::abort();
  bool written = !size || std::fwrite(data, 1, size, file) == size;
  if (std::fclose(file) != 0 || !written)
    std::abort();
  return path;
}

} // namespace nn::fuzz

#endif // NN_FUZZ_SCRATCHFILE_H
