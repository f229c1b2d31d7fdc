//===- IOSupport.h - Files and sizes shared by the training I/O -*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Private helpers of NNTrainIO: whole-file reads, atomic writes and
// overflow-checked sizes, so that every reader validates sizes the same way
// before it allocates.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_TRAIN_IOSUPPORT_H
#define NN_LIB_TRAIN_IOSUPPORT_H

#include "nn/Runtime/Tensor.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nn::detail {

/// The error for a failed open/read/write of `path` with `errno` value
/// `error`: NotFoundError when the file or its directory is missing,
/// InvalidArgumentError otherwise.
absl::Status fileError(const std::string &path, std::string_view action,
                       int error);

/// The whole file, at most `maxSize` bytes (a larger file is an error rather
/// than an allocation of its size).
absl::StatusOr<std::string> readWholeFile(const std::string &path,
                                          uint64_t maxSize);

/// Writes `bytes` to `path.tmp.<pid>` and renames it over `path`, so that a
/// reader never sees a half-written file.
absl::Status writeFileAtomically(const std::string &path,
                                 std::string_view bytes);

/// The number of elements of `shape` and its size in bytes with `elementSize`
/// bytes each, or an error (naming `what`) when a size is negative or the
/// product overflows or exceeds `maxBytes`.
struct CheckedSize {
  int64_t elements;
  uint64_t bytes;
};
absl::StatusOr<CheckedSize> checkedSize(const std::vector<int64_t> &shape,
                                        uint64_t elementSize, uint64_t maxBytes,
                                        std::string_view what);

/// `text` in double quotes, escaped and shortened, for messages that quote
/// untrusted input.
std::string quoteForMessage(std::string_view text);

} // namespace nn::detail

#endif // NN_LIB_TRAIN_IOSUPPORT_H
