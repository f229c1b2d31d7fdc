//===- entries.h - The GPU check's table of entry points --------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What driver.cpp needs of each compiled function. prepare.py generates
// entries.cpp, which defines the table over the objects' symbols (renamed
// nnc<i>_FUNCTION, so that every check links into one program).
//
//===----------------------------------------------------------------------===//

#ifndef NN_UTILS_GPU_CHECK_ENTRIES_H
#define NN_UTILS_GPU_CHECK_ENTRIES_H

#include "nn/AOT/Runtime.h"

extern "C" {
struct nn_check_entry {
  const char *name;
  int (*call)(const nn_tensor *, size_t, nn_tensor *, size_t);
  int64_t (*numInputs)(void);
  int64_t (*numOutputs)(void);
  int32_t (*inputRank)(int64_t);
  int32_t (*inputDtype)(int64_t);
  int64_t (*inputDim)(int64_t, int64_t);
};
extern const nn_check_entry nn_check_entries[];
extern const size_t nn_check_num_entries;
/// 0 where the objects were compiled for the CPU (to test the check).
extern const int nn_check_uses_gpu;
}

#endif // NN_UTILS_GPU_CHECK_ENTRIES_H
