//===- Builtins.cpp - What compiled code calls besides libc ---------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The JIT resolves these symbols of the generated code in its process: the
// allocation functions of finalize-memref-to-llvm (bound to nn's caching
// allocator in lib/JIT/JitModule.cpp), memrefCopy from MLIR's C runner
// utilities and bf16 rounding from its float16 utilities. An application
// of an nn-compile object links them from here instead of from MLIR's
// libraries, with the same semantics, so that its results are the JIT's.
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/Allocator.h"

#include <cmath>
#include <cstdint>
#include <cstring>

extern "C" {

void *_mlir_memref_to_llvm_alloc(size_t size) { return nn::rt::allocate(size); }

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  return nn::rt::allocate(size, alignment);
}

void _mlir_memref_to_llvm_free(void *block) { nn::rt::deallocate(block); }

/// An unranked memref: the rank and a pointer to a ranked descriptor
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct UnrankedMemRef {
  int64_t rank;
  int64_t *descriptor;
};

/// Copies `source` into `target` (same sizes, any strides), element by
/// element of `elementSize` bytes, as MLIR's memrefCopy does for the
/// strided copies (slices, concatenation) that lowering leaves as calls.
void memrefCopy(int64_t elementSize, UnrankedMemRef *source,
                UnrankedMemRef *target) {
  int64_t rank = source->rank;
  const int64_t *from = source->descriptor;
  const int64_t *to = target->descriptor;
  const int64_t *sizes = from + 3;
  for (int64_t d = 0; d < rank; ++d)
    if (sizes[d] == 0)
      return;
  const char *in =
      reinterpret_cast<const char *>(from[1]) + from[2] * elementSize;
  char *out = reinterpret_cast<char *>(to[1]) + to[2] * elementSize;
  if (rank == 0) {
    std::memcpy(out, in, elementSize);
    return;
  }
  const int64_t *inStrides = from + 3 + rank;
  const int64_t *outStrides = to + 3 + rank;
  // An odometer over the indices; the innermost dimension moves fastest.
  constexpr int64_t kMaxRank = 64;
  int64_t index[kMaxRank] = {};
  if (rank > kMaxRank)
    return;
  int64_t inOffset = 0, outOffset = 0;
  while (true) {
    std::memcpy(out + outOffset * elementSize, in + inOffset * elementSize,
                elementSize);
    int64_t d = rank - 1;
    for (; d >= 0; --d) {
      inOffset += inStrides[d];
      outOffset += outStrides[d];
      if (++index[d] < sizes[d])
        break;
      inOffset -= sizes[d] * inStrides[d];
      outOffset -= sizes[d] * outStrides[d];
      index[d] = 0;
    }
    if (d < 0)
      return;
  }
}

/// f32 to bf16, rounding to nearest even; NaN becomes a quiet NaN of the
/// same sign (MLIR's float16 utilities, which the JIT links).
__bf16 __truncsfbf2(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  uint16_t result;
  if (std::isnan(value))
    result = (bits >> 16 & 0x8000) | 0x7fc0;
  else
    result = static_cast<uint16_t>((bits + 0x7fff + (bits >> 16 & 1)) >> 16);
  __bf16 rounded;
  std::memcpy(&rounded, &result, sizeof(rounded));
  return rounded;
}

/// f64 to bf16 through f32, as MLIR's float16 utilities round.
__bf16 __truncdfbf2(double value) {
  return __truncsfbf2(static_cast<float>(value));
}

} // extern "C"
