//===- Pool.cpp - The device memory pool ----------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// cuMemAlloc and cuMemFree synchronize the device and take tens of
// microseconds; compiled code allocates every intermediate buffer on each
// call. Freed blocks are kept per size class (sizes rounded up to a
// multiple of 512 bytes, or to a quarter of their power of two above
// 1 MiB, so that a block serves slightly different sizes) and handed out
// again. When the driver runs out of memory the cache is returned to it
// and the allocation retried once.
//
//===----------------------------------------------------------------------===//

#include "Pool.h"

#include "Driver.h"

#include "nn/AOT/GPURuntime.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

using namespace nn::gpu;

namespace {

struct Block {
  size_t size;
  bool managed;
};

struct Pool {
  std::mutex mutex;
  /// Free blocks by (managed, size).
  std::multimap<std::pair<bool, size_t>, void *> cached;
  std::unordered_map<void *, Block> inUse;
  /// Host buffers handed out after an error.
  std::unordered_set<void *> hostFallbacks;
  nn_gpu_pool_stats stats{};
};

Pool &getPool() {
  static Pool *pool = new Pool; // never destroyed: used until exit
  return *pool;
}

size_t roundUp(size_t size) {
  constexpr size_t kSmall = 512, kLarge = size_t(1) << 20;
  if (size <= kLarge)
    return (std::max<size_t>(size, 1) + kSmall - 1) / kSmall * kSmall;
  size_t power = kLarge;
  while (power * 2 < size)
    power *= 2;
  size_t step = power / 4;
  return (size + step - 1) / step * step;
}

/// Frees every cached block (the pool's mutex held).
void trimLocked(Pool &pool, const DriverAPI &api) {
  for (auto &[key, pointer] : pool.cached) {
    api.cuMemFree(reinterpret_cast<CUdeviceptr>(pointer));
    pool.stats.bytes_cached -= key.second;
  }
  pool.cached.clear();
}

/// After an error nothing runs on the device, and host code reads at most
/// a few scalars of a buffer (a loop's condition): a bounded zeroed block.
void *allocateOnHost(Pool &pool, size_t size) {
  constexpr size_t kMaxFallback = size_t(1) << 20;
  void *pointer = std::calloc(1, std::clamp<size_t>(size, 1, kMaxFallback));
  if (pointer)
    pool.hostFallbacks.insert(pointer);
  return pointer;
}

/// A new block from the driver, after trimming the cache if it is out of
/// memory; null (recorded) when it fails.
void *allocateFromDriver(Pool &pool, const DriverAPI &api, size_t size,
                         bool managed) {
  auto call = [&](CUdeviceptr *pointer) {
    return managed ? api.cuMemAllocManaged(pointer, size, CU_MEM_ATTACH_GLOBAL)
                   : api.cuMemAlloc(pointer, size);
  };
  CUdeviceptr pointer = 0;
  CUresult result = call(&pointer);
  if (result == CUDA_ERROR_OUT_OF_MEMORY && !pool.cached.empty()) {
    trimLocked(pool, api);
    result = call(&pointer);
  }
  std::string what = "allocating " + std::to_string(size) + " bytes of " +
                     (managed ? "managed" : "device") + " memory";
  if (!check(result, what.c_str()))
    return nullptr;
  ++pool.stats.driver_allocations;
  return reinterpret_cast<void *>(pointer);
}

} // namespace

void *nn::gpu::allocate(size_t size, bool managed) {
  Pool &pool = getPool();
  const DriverAPI *api = getDriver();
  std::lock_guard<std::mutex> lock(pool.mutex);
  if (!api)
    return allocateOnHost(pool, size);
  size_t rounded = roundUp(size);
  void *pointer = nullptr;
  auto it = pool.cached.find({managed, rounded});
  if (it != pool.cached.end()) {
    pointer = it->second;
    pool.cached.erase(it);
    pool.stats.bytes_cached -= rounded;
  } else if (!(pointer = allocateFromDriver(pool, *api, rounded, managed))) {
    return allocateOnHost(pool, size);
  }
  pool.inUse[pointer] = {rounded, managed};
  pool.stats.bytes_in_use += rounded;
  return pointer;
}

void nn::gpu::release(void *pointer) {
  if (!pointer)
    return;
  Pool &pool = getPool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  if (pool.hostFallbacks.erase(pointer)) {
    std::free(pointer);
    return;
  }
  auto it = pool.inUse.find(pointer);
  if (it == pool.inUse.end()) {
    recordError("freeing GPU memory the runtime did not allocate");
    return;
  }
  Block block = it->second;
  pool.inUse.erase(it);
  pool.stats.bytes_in_use -= block.size;
  pool.stats.bytes_cached += block.size;
  pool.cached.insert({{block.managed, block.size}, pointer});
}

extern "C" nn_gpu_pool_stats nn_gpu_pool_get_stats(void) {
  Pool &pool = getPool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  return pool.stats;
}

extern "C" void nn_gpu_pool_trim(void) {
  const DriverAPI *api = getDriver();
  Pool &pool = getPool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  if (api)
    trimLocked(pool, *api);
}
