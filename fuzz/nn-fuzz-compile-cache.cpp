//===- nn-fuzz-compile-cache.cpp - Fuzzes the compile cache's loader ------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// libFuzzer target: the bytes are a compile cache entry file, checked as
// rt::CompileCache::load checks one (nn::rt::decodeCacheEntry, then
// nn::rt::checkObjectFile on its payload). A corrupt, truncated or foreign
// entry must be an error, never a crash. Random bytes rarely carry a right
// checksum, so when the first byte is odd the rest is wrapped in a valid
// header instead, which sends it on to the object file checks.
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/CompileCache.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const nn::rt::CacheKey key = nn::rt::CacheKey::hash("fuzzed");
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  std::string wrapped;
  if (!bytes.empty() && (bytes.front() & 1)) {
    wrapped = nn::rt::encodeCacheEntry(key, bytes.drop_front());
    bytes = wrapped;
  }
  absl::StatusOr<llvm::StringRef> payload =
      nn::rt::decodeCacheEntry(bytes, key);
  if (payload.ok())
    (void)nn::rt::checkObjectFile(*payload);
  return 0;
}
