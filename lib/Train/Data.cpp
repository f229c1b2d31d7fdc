//===- Data.cpp - Data sets and batching for training ---------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// IDX files are read through zlib's gzread, which inflates gzip files and
// passes other files through unchanged. The data is read in chunks into a
// buffer that grows with what the file really holds, so that a header that
// claims a huge size costs nothing before the data runs out.
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Data.h"

#include "IOSupport.h"

#include "nn/Reference/TensorIO.h"

#include "fmt/format.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <sys/stat.h>

namespace nn::data {
namespace {

//===----------------------------------------------------------------------===//
// IDX files
//===----------------------------------------------------------------------===//

/// The IDX element type of unsigned bytes, the only one the MNIST family
/// uses.
constexpr uint8_t kIdxUnsignedByte = 0x08;
/// IDX allows up to 255 dimensions; real files have 1 to 4.
constexpr int kMaxIdxRank = 8;
/// The most data bytes an IDX file may hold (4 GiB, 16 GiB as f32).
constexpr uint64_t kMaxIdxBytes = uint64_t{1} << 32;
/// Bytes inflated per gzread call.
constexpr uint64_t kReadChunk = uint64_t{16} << 20;

struct GzCloser {
  void operator()(gzFile_s *file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

absl::Status idxError(const std::string &path, const std::string &problem) {
  return absl::InvalidArgumentError(fmt::format("'{}': {}", path, problem));
}

/// Appends up to `size` bytes from `file` to `out`; stops early only at the
/// end of the file. Corrupt or truncated gzip data is an error.
absl::Status readUpTo(gzFile file, const std::string &path, uint64_t size,
                      std::string &out) {
  uint64_t target = out.size() + size;
  while (out.size() < target) {
    uint64_t chunk = std::min(target - out.size(), kReadChunk);
    size_t before = out.size();
    out.resize(before + chunk);
    int read = gzread(file, out.data() + before, static_cast<unsigned>(chunk));
    int code = Z_OK;
    const char *message = gzerror(file, &code);
    if (read < 0 || (code != Z_OK && code != Z_STREAM_END)) {
      out.resize(before);
      if (code == Z_ERRNO)
        return detail::fileError(path, "read", errno);
      return idxError(path, fmt::format("corrupt or truncated gzip data ({})",
                                        message ? message : "unknown error"));
    }
    out.resize(before + static_cast<size_t>(read));
    if (read == 0)
      break;
  }
  return absl::OkStatus();
}

/// Reads and checks the magic number and the sizes of an IDX header.
absl::StatusOr<std::vector<int64_t>> readIdxHeader(gzFile file,
                                                   const std::string &path) {
  std::string header;
  if (absl::Status status = readUpTo(file, path, 4, header); !status.ok())
    return status;
  if (header.size() < 4)
    return idxError(path, fmt::format("truncated IDX header: {} of 4 magic "
                                      "bytes",
                                      header.size()));
  auto byte = [&](size_t i) { return static_cast<uint8_t>(header[i]); };
  if (byte(0) != 0 || byte(1) != 0)
    return idxError(path,
                    fmt::format("not an IDX file: the magic number starts "
                                "with {:02x} {:02x}, expected 00 00",
                                byte(0), byte(1)));
  if (byte(2) != kIdxUnsignedByte)
    return idxError(path, fmt::format("unsupported IDX element type 0x{:02x} "
                                      "(only 0x08, unsigned byte, is read)",
                                      byte(2)));
  int rank = byte(3);
  if (rank < 1 || rank > kMaxIdxRank)
    return idxError(path, fmt::format("IDX header with {} dimensions "
                                      "(expected 1 to {})",
                                      rank, kMaxIdxRank));
  if (absl::Status status = readUpTo(file, path, 4 * rank, header);
      !status.ok())
    return status;
  if (header.size() < 4 + 4 * static_cast<size_t>(rank))
    return idxError(path, fmt::format("truncated IDX header: {} of {} size "
                                      "bytes",
                                      header.size() - 4, 4 * rank));
  std::vector<int64_t> shape;
  for (int d = 0; d < rank; ++d) {
    size_t at = 4 + 4 * d;
    shape.push_back((int64_t{byte(at)} << 24) | (int64_t{byte(at + 1)} << 16) |
                    (int64_t{byte(at + 2)} << 8) | int64_t{byte(at + 3)});
  }
  return shape;
}

/// Converts the raw bytes: a 1-D file holds labels (i64), others pixels
/// (f32, raw values 0..255).
absl::StatusOr<Tensor> idxToTensor(const std::string &bytes,
                                   std::vector<int64_t> shape) {
  bool labels = shape.size() == 1;
  absl::StatusOr<Tensor> tensor =
      Tensor::zeros(labels ? DType::I64 : DType::F32, std::move(shape));
  if (!tensor.ok())
    return tensor.status();
  const auto *in = reinterpret_cast<const uint8_t *>(bytes.data());
  if (labels)
    std::copy(in, in + bytes.size(), tensor->data<int64_t>());
  else
    std::copy(in, in + bytes.size(), tensor->data<float>());
  return tensor;
}

bool fileExists(const std::string &path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

/// `dir/name.gz` if it exists, else `dir/name`, else NotFoundError.
absl::StatusOr<std::string> findDataFile(const std::string &dir,
                                         const std::string &name) {
  std::string plain = dir + "/" + name;
  if (fileExists(plain + ".gz"))
    return plain + ".gz";
  if (fileExists(plain))
    return plain;
  return absl::NotFoundError(fmt::format(
      "'{}' has neither {}.gz nor {} (Debian's dataset-fashion-mnist "
      "installs them in {})",
      dir, name, name, kFashionMnistDir));
}

/// Reads one split: images (N x 28 x 28, scaled to [0, 1]) and labels (N,
/// each in [0, 9]).
absl::Status loadSplit(const std::string &dir, const std::string &prefix,
                       int64_t limit, Tensor &images, Tensor &labels) {
  absl::StatusOr<std::string> imagePath =
      findDataFile(dir, prefix + "-images-idx3-ubyte");
  if (!imagePath.ok())
    return imagePath.status();
  absl::StatusOr<std::string> labelPath =
      findDataFile(dir, prefix + "-labels-idx1-ubyte");
  if (!labelPath.ok())
    return labelPath.status();
  absl::StatusOr<Tensor> x = readIdx(*imagePath, limit);
  if (!x.ok())
    return x.status();
  if (x->getShape() != std::vector<int64_t>{x->getShape()[0], 28, 28})
    return idxError(*imagePath, fmt::format("expected N x 28 x 28 images, "
                                            "found {}",
                                            x->getTypeString()));
  absl::StatusOr<Tensor> y = readIdx(*labelPath, limit);
  if (!y.ok())
    return y.status();
  if (y->getShape() != std::vector<int64_t>{x->getShape()[0]})
    return idxError(*labelPath,
                    fmt::format("expected {} labels (as many as images in "
                                "'{}'), found {}",
                                x->getShape()[0], *imagePath,
                                y->getTypeString()));
  const int64_t *values = y->data<int64_t>();
  for (int64_t i = 0; i < y->getNumElements(); ++i)
    if (values[i] > 9)
      return idxError(*labelPath, fmt::format("label {} is {}, expected 0 to "
                                              "9",
                                              i, values[i]));
  float *pixels = x->data<float>();
  for (int64_t i = 0; i < x->getNumElements(); ++i)
    pixels[i] /= 255.0f;
  images = std::move(*x);
  labels = std::move(*y);
  return absl::OkStatus();
}

//===----------------------------------------------------------------------===//
// Shuffling
//===----------------------------------------------------------------------===//

/// splitmix64 (Steele, Lea and Flood): a fixed, portable generator.
uint64_t splitMix64(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A uniform draw in [0, bound) without modulo bias: draws below 2^64 mod
/// bound are rejected so that every residue is equally likely.
uint64_t drawBelow(uint64_t &state, uint64_t bound) {
  uint64_t threshold = (0 - bound) % bound;
  while (true) {
    uint64_t r = splitMix64(state);
    if (r >= threshold)
      return r % bound;
  }
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

absl::StatusOr<Tensor> readIdx(const std::string &path) {
  return readIdx(path, 0);
}

absl::StatusOr<Tensor> readIdx(const std::string &path, int64_t maxRows) {
  GzHandle file(gzopen(path.c_str(), "rb"));
  if (!file)
    return detail::fileError(path, "read", errno ? errno : ENOMEM);
  absl::StatusOr<std::vector<int64_t>> shape = readIdxHeader(file.get(), path);
  if (!shape.ok())
    return shape.status();
  int64_t fileRows = (*shape)[0];
  bool partial = maxRows > 0 && maxRows < fileRows;
  if (partial)
    (*shape)[0] = maxRows;
  absl::StatusOr<detail::CheckedSize> size =
      detail::checkedSize(*shape, 1, kMaxIdxBytes, "'" + path + "'");
  if (!size.ok())
    return size.status();
  std::string bytes;
  if (absl::Status status = readUpTo(file.get(), path, size->bytes, bytes);
      !status.ok())
    return status;
  if (bytes.size() != size->bytes)
    return idxError(path, fmt::format("truncated IDX data: the header says "
                                      "{} ({} bytes), the file has {}",
                                      formatTensorType(*shape, DType::I1),
                                      size->bytes, bytes.size()));
  if (!partial) {
    // Reading on to the end also makes zlib check the gzip CRC.
    std::string rest;
    if (absl::Status status = readUpTo(file.get(), path, 1, rest); !status.ok())
      return status;
    if (!rest.empty())
      return idxError(path, fmt::format("trailing data after the {} bytes "
                                        "the IDX header announces",
                                        size->bytes));
  }
  return idxToTensor(bytes, std::move(*shape));
}

absl::StatusOr<Dataset> loadFashionMnist(std::string dir, int64_t limit) {
  if (limit < 0)
    return absl::InvalidArgumentError(
        fmt::format("loadFashionMnist: limit {} is negative", limit));
  Dataset dataset;
  if (absl::Status status =
          loadSplit(dir, "train", limit, dataset.xTrain, dataset.yTrain);
      !status.ok())
    return status;
  if (absl::Status status =
          loadSplit(dir, "t10k", limit, dataset.xTest, dataset.yTest);
      !status.ok())
    return status;
  return dataset;
}

absl::StatusOr<Tensor> oneHot(const Tensor &labels, int64_t depth) {
  DType dtype = labels.getDType();
  if (dtype != DType::I32 && dtype != DType::I64)
    return absl::InvalidArgumentError(fmt::format(
        "oneHot: labels must be i32 or i64, not {}", labels.getTypeString()));
  if (depth < 1)
    return absl::InvalidArgumentError(
        fmt::format("oneHot: depth {} is not positive", depth));
  std::vector<int64_t> shape = labels.getShape();
  shape.push_back(depth);
  absl::StatusOr<detail::CheckedSize> size =
      detail::checkedSize(shape, 4, uint64_t{1} << 40, "oneHot");
  if (!size.ok())
    return size.status();
  int64_t count = labels.getNumElements();
  for (int64_t i = 0; i < count; ++i) {
    int64_t label = dtype == DType::I32 ? labels.data<int32_t>()[i]
                                        : labels.data<int64_t>()[i];
    if (label < 0 || label >= depth)
      return absl::InvalidArgumentError(
          fmt::format("oneHot: label {} (at index {}) is outside [0, {})",
                      label, i, depth));
  }
  absl::StatusOr<Tensor> result = Tensor::zeros(DType::F32, std::move(shape));
  if (!result.ok())
    return result.status();
  float *out = result->data<float>();
  for (int64_t i = 0; i < count; ++i) {
    int64_t label = dtype == DType::I32 ? labels.data<int32_t>()[i]
                                        : labels.data<int64_t>()[i];
    out[i * depth + label] = 1.0f;
  }
  return result;
}

absl::StatusOr<Tensor> normalize(const Tensor &tensor, double mean,
                                 double stddev) {
  if (!std::isfinite(mean) || !std::isfinite(stddev) || stddev == 0)
    return absl::InvalidArgumentError(fmt::format(
        "normalize: mean {} and stddev {} must be finite and stddev non-zero",
        mean, stddev));
  Tensor result = tensor;
  if (float *values = result.data<float>()) {
    for (int64_t i = 0; i < result.getNumElements(); ++i)
      values[i] = static_cast<float>((values[i] - mean) / stddev);
    return result;
  }
  if (double *values = result.data<double>()) {
    for (int64_t i = 0; i < result.getNumElements(); ++i)
      values[i] = (values[i] - mean) / stddev;
    return result;
  }
  return absl::InvalidArgumentError(
      fmt::format("normalize: expected an f32 or f64 tensor, not {}",
                  tensor.getTypeString()));
}

absl::StatusOr<Tensor> takeRows(const Tensor &tensor,
                                const std::vector<int64_t> &rows) {
  if (tensor.getRank() == 0)
    return absl::InvalidArgumentError("takeRows: a rank-0 tensor has no rows");
  int64_t available = tensor.getShape()[0];
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i] < 0 || rows[i] >= available)
      return absl::InvalidArgumentError(fmt::format(
          "takeRows: row index {} (at position {}) is outside [0, {}) of {}",
          rows[i], i, available, tensor.getTypeString()));
  std::vector<int64_t> shape = tensor.getShape();
  shape[0] = static_cast<int64_t>(rows.size());
  absl::StatusOr<detail::CheckedSize> size = detail::checkedSize(
      shape, getDTypeSize(tensor.getDType()), uint64_t{1} << 40, "takeRows");
  if (!size.ok())
    return size.status();
  absl::StatusOr<Tensor> result =
      Tensor::zeros(tensor.getDType(), std::move(shape));
  if (!result.ok())
    return result.status();
  size_t rowBytes = available ? tensor.getByteSize() / available : 0;
  for (size_t i = 0; i < rows.size(); ++i)
    std::memcpy(result->getBytes() + i * rowBytes,
                tensor.getBytes() + rows[i] * rowBytes, rowBytes);
  return result;
}

absl::StatusOr<Tensor> sliceRows(const Tensor &tensor, int64_t begin,
                                 int64_t end) {
  if (tensor.getRank() == 0)
    return absl::InvalidArgumentError("sliceRows: a rank-0 tensor has no rows");
  int64_t available = tensor.getShape()[0];
  if (begin < 0 || begin > end || end > available)
    return absl::InvalidArgumentError(
        fmt::format("sliceRows: [{}, {}) is not a range of the {} rows of {}",
                    begin, end, available, tensor.getTypeString()));
  std::vector<int64_t> shape = tensor.getShape();
  shape[0] = end - begin;
  size_t rowBytes = available ? tensor.getByteSize() / available : 0;
  return Tensor::fromBytes(tensor.getDType(), std::move(shape),
                           tensor.getBytes() + begin * rowBytes,
                           (end - begin) * rowBytes);
}

std::vector<int64_t> shuffledIndices(int64_t n, uint64_t seed, uint64_t epoch) {
  std::vector<int64_t> order(std::max<int64_t>(n, 0));
  for (int64_t i = 0; i < n; ++i)
    order[i] = i;
  // One stream per (seed, epoch): the epoch goes through splitmix64 first so
  // that consecutive epochs give unrelated orders.
  uint64_t epochState = epoch;
  uint64_t state = seed ^ splitMix64(epochState);
  for (int64_t i = n - 1; i > 0; --i)
    std::swap(order[i], order[drawBelow(state, static_cast<uint64_t>(i) + 1)]);
  return order;
}

absl::StatusOr<Tensor> readNpy(const std::string &path) {
  absl::StatusOr<ref::Tensor> tensor = ref::readNpy(path);
  if (!tensor.ok())
    return tensor.status();
  return std::move(*tensor).release();
}

absl::Status writeNpy(const std::string &path, const Tensor &tensor) {
  absl::StatusOr<ref::Tensor> converted =
      ref::Tensor::fromBytes(tensor.getDType(), tensor.getShape(),
                             tensor.getBytes(), tensor.getByteSize());
  if (!converted.ok())
    return converted.status();
  absl::Status status = ref::writeNpy(path, *converted);
  if (!status.ok() && status.code() == absl::StatusCode::kInvalidArgument &&
      tensor.getDType() == DType::BF16)
    return absl::InvalidArgumentError(fmt::format(
        "cannot write '{}': {}", path, std::string(status.message())));
  return status;
}

} // namespace nn::data
