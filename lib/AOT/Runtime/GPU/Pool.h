//===- Pool.h - The device memory pool --------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_AOT_RUNTIME_GPU_POOL_H
#define NN_LIB_AOT_RUNTIME_GPU_POOL_H

#include <cstddef>

namespace nn::gpu {

/// A buffer of at least `size` bytes, managed (host and device) or device
/// memory; a zeroed host buffer (of at most 1 MiB) when the driver failed
/// or fails now (the error is recorded), so that callers never see null.
void *allocate(size_t size, bool managed);

/// Returns a buffer of allocate() to the pool (or to the host heap).
void release(void *pointer);

} // namespace nn::gpu

#endif // NN_LIB_AOT_RUNTIME_GPU_POOL_H
