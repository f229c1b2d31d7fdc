//===- Checkpoint.h - Named tensors in safetensors files --------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Checkpoints in the safetensors format, the interchange format of
// Hugging Face and Keras 3: an 8-byte little-endian header length N, N bytes
// of JSON
//
//   {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
//    ..., "__metadata__": {"key": "string value", ...}}
//
// then the packed little-endian data, offsets counted from its start. The
// dtypes are F16, BF16, F32, F64, BOOL, I32 and I64 (nn::DType's).
//
// Files written here carry `nn.checksum` (the CRC-32 of the data section, 8
// lowercase hex digits) and `nn.format_version` in their metadata; a file
// without them (written elsewhere) is read all the same.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_CHECKPOINT_H
#define NN_TRAIN_CHECKPOINT_H

#include "nn/Runtime/Tensor.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nn::io {

/// The metadata keys this library adds, and the version it writes.
constexpr const char *kChecksumKey = "nn.checksum";
constexpr const char *kFormatVersionKey = "nn.format_version";
constexpr const char *kFormatVersion = "1";

/// The contents of a safetensors file: the tensors in the order of their
/// data in the file (the order they were written in, for files written
/// here) and the metadata (with nn.checksum and nn.format_version, when
/// present).
struct Checkpoint {
  std::vector<std::pair<std::string, Tensor>> tensors;
  std::map<std::string, std::string> metadata;
};

/// Writes `tensors` (unique, non-empty names other than `__metadata__`,
/// valid UTF-8) and `metadata` to `path` as safetensors, atomically: the
/// file is written as `path.tmp.<pid>` and renamed over `path`. The
/// metadata gets nn.checksum and nn.format_version (replacing any values
/// given for them).
absl::Status
writeSafetensors(const std::string &path,
                 const std::vector<std::pair<std::string, Tensor>> &tensors,
                 std::map<std::string, std::string> metadata = {});

/// Reads a safetensors file, checking everything before returning anything:
/// the header length against the file size (and at most 100 MB), the JSON,
/// every entry's dtype, shape and offsets (in range, sized as the shape and
/// dtype say, covering the data without overlap or gap), and nn.checksum
/// when present. Errors are NotFoundError (no such file) or
/// InvalidArgumentError, naming the file and the problem.
absl::StatusOr<Checkpoint> readSafetensors(const std::string &path);

} // namespace nn::io

#endif // NN_TRAIN_CHECKPOINT_H
