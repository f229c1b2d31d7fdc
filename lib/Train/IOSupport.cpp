//===- IOSupport.cpp - Files and sizes shared by the training I/O ---------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "IOSupport.h"

#include "fmt/format.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace nn::detail {

absl::Status fileError(const std::string &path, std::string_view action,
                       int error) {
  std::string message =
      fmt::format("cannot {} '{}': {}", action, path, std::strerror(error));
  if (error == ENOENT)
    return absl::NotFoundError(message);
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<std::string> readWholeFile(const std::string &path,
                                          uint64_t maxSize) {
  FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return fileError(path, "read", errno);
  struct stat info = {};
  if (fstat(fileno(file), &info) != 0) {
    int error = errno;
    std::fclose(file);
    return fileError(path, "read", error);
  }
  if (!S_ISREG(info.st_mode)) {
    std::fclose(file);
    return absl::InvalidArgumentError(
        fmt::format("cannot read '{}': not a regular file", path));
  }
  uint64_t size = static_cast<uint64_t>(info.st_size);
  if (size > maxSize) {
    std::fclose(file);
    return absl::InvalidArgumentError(
        fmt::format("'{}' has {} bytes, more than the {} bytes allowed", path,
                    size, maxSize));
  }
  std::string bytes(size, '\0');
  size_t read = std::fread(bytes.data(), 1, size, file);
  int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (read != size)
    return error ? fileError(path, "read", error)
                 : absl::InvalidArgumentError(fmt::format(
                       "'{}' shrank while it was read ({} of {} bytes)", path,
                       read, size));
  return bytes;
}

absl::Status writeFileAtomically(const std::string &path,
                                 std::string_view bytes) {
  std::string temporary = fmt::format("{}.tmp.{}", path, getpid());
  FILE *file = std::fopen(temporary.c_str(), "wb");
  if (!file)
    return fileError(path, "write", errno);
  size_t written = std::fwrite(bytes.data(), 1, bytes.size(), file);
  int error = written != bytes.size() ? errno : 0;
  if (std::fclose(file) != 0 && !error)
    error = errno;
  if (!error && std::rename(temporary.c_str(), path.c_str()) != 0)
    error = errno;
  if (error) {
    std::remove(temporary.c_str());
    return fileError(path, "write", error ? error : EIO);
  }
  return absl::OkStatus();
}

absl::StatusOr<CheckedSize> checkedSize(const std::vector<int64_t> &shape,
                                        uint64_t elementSize, uint64_t maxBytes,
                                        std::string_view what) {
  // Multiply only non-zero sizes and bound every partial product, so that no
  // order of multiplication (Tensor's own included) can overflow.
  uint64_t elements = 1;
  uint64_t nonZero = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return absl::InvalidArgumentError(
          fmt::format("{}: negative size {} in the shape", what, dim));
    if (dim == 0) {
      elements = 0;
      continue;
    }
    if (__builtin_mul_overflow(nonZero, static_cast<uint64_t>(dim), &nonZero) ||
        nonZero > maxBytes / elementSize)
      return absl::InvalidArgumentError(fmt::format(
          "{}: the shape is too large (more than {} bytes)", what, maxBytes));
  }
  if (elements != 0)
    elements = nonZero;
  return CheckedSize{static_cast<int64_t>(elements), elements * elementSize};
}

std::string quoteForMessage(std::string_view text) {
  // fmt's debug format quotes and escapes control bytes and invalid UTF-8.
  constexpr size_t kMaxShown = 40;
  return fmt::format("{:?}", text.substr(0, kMaxShown)) +
         (text.size() > kMaxShown ? "..." : "");
}

} // namespace nn::detail
