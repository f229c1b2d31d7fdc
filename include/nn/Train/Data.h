//===- Data.h - Data sets and batching for training -------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The data side of the training layer: Fashion-MNIST from Debian's
// dataset-fashion-mnist (IDX files, gzip or not), .npy arrays, and the row
// operations that batching and shuffling need, all on nn::Tensor.
//
// Every file is untrusted: a truncated, corrupted or foreign file is an
// InvalidArgumentError naming the file and what was expected and found (a
// missing one a NotFoundError), never a crash or an allocation of a size
// the file merely claims.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_DATA_H
#define NN_TRAIN_DATA_H

#include "nn/Runtime/Tensor.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nn::data {

/// Where Debian's dataset-fashion-mnist installs the data set.
constexpr const char *kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

/// A data set split in training and test samples: images as f32 and labels
/// as i64 (see loadFashionMnist).
struct Dataset {
  Tensor xTrain, yTrain, xTest, yTest;
};

/// Loads Fashion-MNIST from `dir` (train-images-idx3-ubyte.gz,
/// train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,
/// t10k-labels-idx1-ubyte.gz, or the same names without `.gz`): images as
/// f32 in [0, 1] of shape N x 28 x 28, labels as i64 in [0, 9] of shape N.
/// With `limit > 0`, only the first `limit` samples of each split are read
/// (the rest of the files is neither decompressed nor checked).
absl::StatusOr<Dataset> loadFashionMnist(std::string dir = kFashionMnistDir,
                                         int64_t limit = 0);

/// Reads an IDX file (gzip-compressed or not: detected by the magic bytes
/// 1f 8b). Only unsigned bytes (type 0x08) are supported, the type of the
/// MNIST family: a 1-D file (labels) becomes i64, any other rank f32 holding
/// the raw values 0..255 (not scaled, so that the caller chooses the
/// normalization). Sizes are big-endian; the data must be exactly as long as
/// the header says.
absl::StatusOr<Tensor> readIdx(const std::string &path);

/// Like readIdx, but reads only the first `maxRows` entries along dimension
/// 0 when `maxRows > 0`.
absl::StatusOr<Tensor> readIdx(const std::string &path, int64_t maxRows);

/// One-hot encodes integer (i32 or i64) labels of any shape: an f32 tensor
/// of shape labels.shape x depth. A label outside [0, depth) is an error
/// naming its index and value.
absl::StatusOr<Tensor> oneHot(const Tensor &labels, int64_t depth);

/// (x - mean) / stddev elementwise, for f32 and f64 tensors (the dtype is
/// kept); e.g. normalize(images, 0, 255) scales raw bytes to [0, 1].
absl::StatusOr<Tensor> normalize(const Tensor &tensor, double mean,
                                 double stddev);

/// The rows `rows` of `tensor` (rank >= 1, any dtype) in that order, along
/// dimension 0: the gather of batching and shuffling. An index out of range
/// is an error naming its position and value.
absl::StatusOr<Tensor> takeRows(const Tensor &tensor,
                                const std::vector<int64_t> &rows);

/// The rows [begin, end) of `tensor` along dimension 0;
/// 0 <= begin <= end <= size of dimension 0.
absl::StatusOr<Tensor> sliceRows(const Tensor &tensor, int64_t begin,
                                 int64_t end);

/// A permutation of 0..n-1 that depends only on (n, seed, epoch): the same
/// order on every machine and standard library (splitmix64 and a
/// Fisher-Yates shuffle with unbiased bounded draws, not std::shuffle, whose
/// order is implementation-defined). n <= 0 gives an empty vector.
std::vector<int64_t> shuffledIndices(int64_t n, uint64_t seed, uint64_t epoch);

/// Reads a NumPy .npy file (versions 1.0 to 3.0, C order; float16, float32,
/// float64, bool, int32, int64). The parser is the one of nn-run
/// (nn/Reference/TensorIO.h), so both accept the same files.
absl::StatusOr<Tensor> readNpy(const std::string &path);

/// Writes a .npy file (version 1.0, or 2.0 when the header needs it). bf16
/// has no NumPy dtype and is an error.
absl::Status writeNpy(const std::string &path, const Tensor &tensor);

} // namespace nn::data

#endif // NN_TRAIN_DATA_H
