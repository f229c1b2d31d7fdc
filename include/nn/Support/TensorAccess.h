//===- TensorAccess.h - nn's own access to host tensors ---------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Makes tensors over memory that nn allocated elsewhere (the buffers the
// compiled code writes its results to), so that results are handed over
// instead of copied. Not a public header: the caller vouches for the sizes,
// which no factory checks here.
//
//===----------------------------------------------------------------------===//

#ifndef NN_SUPPORT_TENSORACCESS_H
#define NN_SUPPORT_TENSORACCESS_H

#include "nn/Support/Tensor.h"

namespace nn::detail {

struct TensorAccess {
  /// A tensor of `shape` whose packed elements are the `byteSize` bytes at
  /// `bytes`. It owns `allocation` and frees it with `release`; with a null
  /// `release` it owns nothing and `bytes` must outlive it.
  static Tensor adopt(DType dtype, std::vector<int64_t> shape, void *bytes,
                      size_t byteSize, void *allocation,
                      void (*release)(void *)) {
    return Tensor(dtype, std::move(shape), static_cast<uint8_t *>(bytes),
                  byteSize, allocation, release);
  }
};

} // namespace nn::detail

#endif // NN_SUPPORT_TENSORACCESS_H
