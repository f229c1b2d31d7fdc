//===- Allocator.cpp - Memory of compiled code ----------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Blocks carry a header (one cache line, so the payload stays 64-byte
// aligned) with their size class and the padding before it. Size classes
// are 4 per power of two (at most 25 % slack). A thread caches at most
// kMaxCachedBlocks blocks per class and kMaxCachedBytes in all; the rest
// goes back to the system.
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/Allocator.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace nn::rt {

namespace {

constexpr size_t kHeader = 64;
constexpr int kClassesPerPowerOfTwo = 4;
constexpr int kNumClasses = 64 * kClassesPerPowerOfTwo;
constexpr size_t kMaxCachedBlocks = 16;
constexpr uint64_t kMaxCachedBytes = uint64_t(1) << 30;

struct Header {
  /// Bytes from the start of the system block to the payload.
  uint32_t offset;
  int32_t sizeClass;
};
static_assert(sizeof(Header) <= kHeader);

/// The smallest class whose size holds `size` bytes (at least 64).
int classFor(size_t size) {
  size = std::max<size_t>(size, 64);
  int log = 63 - __builtin_clzll(size);
  // Sizes of class (log, step): 2^log + step * 2^log / 4, step 0-3.
  size_t quarter = (size_t(1) << log) / kClassesPerPowerOfTwo;
  size_t rest = size - (size_t(1) << log);
  int step = static_cast<int>((rest + quarter - 1) / quarter);
  if (step == kClassesPerPowerOfTwo) {
    ++log;
    step = 0;
  }
  return log * kClassesPerPowerOfTwo + step;
}

size_t classSize(int sizeClass) {
  int log = sizeClass / kClassesPerPowerOfTwo;
  int step = sizeClass % kClassesPerPowerOfTwo;
  return (size_t(1) << log) +
         step * ((size_t(1) << log) / kClassesPerPowerOfTwo);
}

Header *headerOf(void *block) {
  return reinterpret_cast<Header *>(static_cast<char *>(block) - kHeader);
}

void releaseToSystem(void *block) {
  Header *header = headerOf(block);
  std::free(static_cast<char *>(block) - header->offset);
}

struct ThreadCache {
  std::vector<void *> blocks[kNumClasses];
  uint64_t cachedBytes = 0;
  AllocatorStats stats;
  ~ThreadCache() {
    alive = false;
    for (std::vector<void *> &list : blocks)
      for (void *block : list)
        releaseToSystem(block);
  }
  static thread_local bool alive;
};
thread_local bool ThreadCache::alive = true;

ThreadCache *getCache() {
  // Blocks freed while this thread's cache is being destroyed go straight
  // back to the system.
  if (!ThreadCache::alive)
    return nullptr;
  static thread_local ThreadCache cache;
  return &cache;
}

} // namespace

void *allocate(size_t size, size_t alignment) {
  if (size > (size_t(1) << 62) || alignment == 0 ||
      (alignment & (alignment - 1)))
    return nullptr;
  ThreadCache *cache = getCache();
  int sizeClass = classFor(size);
  if (alignment <= kHeader && cache) {
    ++cache->stats.allocations;
    std::vector<void *> &list = cache->blocks[sizeClass];
    if (!list.empty()) {
      void *block = list.back();
      list.pop_back();
      cache->cachedBytes -= classSize(sizeClass);
      return block;
    }
  }
  // A payload aligned to max(64, alignment) after a header.
  size_t align = std::max(kHeader, alignment);
  size_t total = classSize(sizeClass) + align;
  char *system = static_cast<char *>(
      std::aligned_alloc(align, (total + align - 1) / align * align));
  if (!system)
    return nullptr;
  if (cache)
    ++cache->stats.systemAllocations;
  char *block = system + align;
  Header *header = headerOf(block);
  header->offset = static_cast<uint32_t>(align);
  // Over-aligned blocks are not cached: a later request of the class may
  // want less alignment, but the cache only tracks 64.
  header->sizeClass = alignment <= kHeader ? sizeClass : -1;
  return block;
}

void deallocate(void *block) {
  if (!block)
    return;
  Header *header = headerOf(block);
  ThreadCache *cache = getCache();
  int sizeClass = header->sizeClass;
  if (cache && sizeClass >= 0) {
    size_t bytes = classSize(sizeClass);
    std::vector<void *> &list = cache->blocks[sizeClass];
    if (list.size() < kMaxCachedBlocks &&
        cache->cachedBytes + bytes <= kMaxCachedBytes) {
      list.push_back(block);
      cache->cachedBytes += bytes;
      return;
    }
  }
  releaseToSystem(block);
}

AllocatorStats getAllocatorStats() {
  ThreadCache *cache = getCache();
  if (!cache)
    return {};
  AllocatorStats stats = cache->stats;
  stats.cachedBytes = cache->cachedBytes;
  return stats;
}

} // namespace nn::rt
