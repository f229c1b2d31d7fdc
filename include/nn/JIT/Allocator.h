//===- Allocator.h - Memory of compiled code --------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every heap buffer of compiled code (temporaries such as packed matmul
// panels, and results) comes from here: finalize-memref-to-llvm's generic
// allocation functions are bound to these. Freed blocks are kept in a
// per-thread cache by size class, so that a function called again with the
// same shapes reuses the same memory instead of calling malloc, which
// serves large blocks with fresh mmap'ed pages that fault on every call
// (measured: 40 % of a 512^3 matmul, 2.3x at 256^3).
//
//===----------------------------------------------------------------------===//

#ifndef NN_JIT_ALLOCATOR_H
#define NN_JIT_ALLOCATOR_H

#include <cstddef>
#include <cstdint>

namespace nn::rt {

/// At least `size` bytes aligned to 64 (and to `alignment` when it is a
/// larger power of two); null when out of memory. Blocks of a similar size
/// freed by this thread are reused.
void *allocate(size_t size, size_t alignment = 64);
/// Returns a block of allocate() (null is ignored) to this thread's cache,
/// or to the system when the cache is full.
void deallocate(void *block);

/// Counters of this thread's allocations, for tests and benchmarks.
struct AllocatorStats {
  /// allocate() calls, and how many of them called the system allocator.
  uint64_t allocations = 0;
  uint64_t systemAllocations = 0;
  /// Bytes in this thread's cache.
  uint64_t cachedBytes = 0;
};
AllocatorStats getAllocatorStats();

} // namespace nn::rt

#endif // NN_JIT_ALLOCATOR_H
