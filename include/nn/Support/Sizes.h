//===- Sizes.h - Overflow-checked tensor sizes ------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one place where tensor sizes are multiplied. A shape comes from user
// input (IR, --input specs, file headers), so its product may overflow
// int64_t; every layer that needs an element count or a byte size asks these
// functions, which say so instead of wrapping. MLIR-free: NNSupport is the
// bottom library.
//
//===----------------------------------------------------------------------===//

#ifndef NN_SUPPORT_SIZES_H
#define NN_SUPPORT_SIZES_H

#include <cstddef>
#include <cstdint>
#include <optional>

namespace nn {

/// The number of elements of a shape (any range of int64_t sizes), or
/// nullopt when a size is negative (dynamic) or the product of the non-zero
/// sizes overflows int64_t. The non-zero sizes count even when another is 0
/// because strides are partial products of them, in any order.
template <typename Range>
std::optional<int64_t> getElementCount(const Range &shape) {
  int64_t count = 1;
  bool empty = false;
  for (int64_t dim : shape) {
    if (dim < 0)
      return std::nullopt;
    if (dim == 0)
      empty = true;
    else if (__builtin_mul_overflow(count, dim, &count))
      return std::nullopt;
  }
  return empty ? 0 : count;
}

/// The bytes a packed tensor of `shape` with `elementBytes` per element
/// takes, or nullopt when that is not a valid shape or overflows int64_t.
template <typename Range>
std::optional<int64_t> getByteSize(const Range &shape, size_t elementBytes) {
  std::optional<int64_t> count = getElementCount(shape);
  int64_t bytes;
  if (!count || __builtin_mul_overflow(
                    *count, static_cast<int64_t>(elementBytes), &bytes))
    return std::nullopt;
  return bytes;
}

/// Whether the element count of `shape` is at most `limit` (false when it
/// overflows): the guard of folders and other code that allocates.
template <typename Range>
bool hasAtMostElements(const Range &shape, int64_t limit) {
  std::optional<int64_t> count = getElementCount(shape);
  return count && *count <= limit;
}

} // namespace nn

#endif // NN_SUPPORT_SIZES_H
