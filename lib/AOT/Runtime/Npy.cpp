//===- Npy.cpp - Outputs as NumPy files -----------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn_tensor_write_npy writes the .npy files nn-run writes (version 1.0, the
// data at a multiple of 64 bytes), byte for byte: an application's results
// compare with the JIT's with cmp, and nn-run reads its inputs.
// nn_tensor_read_npy reads them (and NumPy's own, versions 1.0 to 3.0) with
// the checks of nn-run's reader: everything in the header is validated, and
// the data's size computed without overflow and compared with the file's,
// before anything is allocated. A file is untrusted input.
//
//===----------------------------------------------------------------------===//

#include "nn/AOT/Runtime.h"

#include "Error.h"
#include "nn/JIT/Allocator.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

namespace {

const char *getNpyDescr(int32_t dtype) {
  switch (dtype) {
  case NN_F16:
    return "<f2";
  case NN_F32:
    return "<f4";
  case NN_F64:
    return "<f8";
  case NN_I1:
    return "|b1";
  case NN_I32:
    return "<i4";
  case NN_I64:
    return "<i8";
  default:
    return nullptr;
  }
}

/// The header: magic, version, length, then Python's dict with the shape
/// tuple ((), (3,), (2, 3)), padded with spaces and ended by '\n'.
std::string getNpyHeader(const nn_tensor &tensor, const char *descr) {
  std::string dict = std::string("{'descr': '") + descr +
                     "', 'fortran_order': False, 'shape': (";
  for (int32_t d = 0; d < tensor.rank; ++d)
    dict += (d ? ", " : "") + std::to_string(tensor.shape[d]);
  dict += tensor.rank == 1 ? ",), }" : "), }";
  constexpr size_t kPrefix = 10, kAlign = 64;
  size_t length =
      (kPrefix + dict.size() + 1 + kAlign - 1) / kAlign * kAlign - kPrefix;
  std::string header("\x93NUMPY\x01\x00", 8);
  header += static_cast<char>(length & 0xff);
  header += static_cast<char>(length >> 8);
  dict.resize(length - 1, ' ');
  return header + dict + "\n";
}

int32_t getDtypeOfDescr(const std::string &descr) {
  for (int32_t dtype : {NN_F16, NN_F32, NN_F64, NN_I1, NN_I32, NN_I64})
    if (descr == getNpyDescr(dtype))
      return dtype;
  return -1;
}

/// The quoted value after `key` in the header dict, or "" if absent.
std::string getQuoted(const std::string &dict, const char *key) {
  size_t at = dict.find(key);
  if (at == std::string::npos)
    return "";
  at += std::strlen(key);
  size_t end = dict.find('\'', at);
  return end == std::string::npos ? "" : dict.substr(at, end - at);
}

/// Parses the shape tuple of `dict` ("()", "(3,)", "(2, 3)") into `tensor`:
/// non-negative decimal sizes, at most NN_MAX_RANK of them. "" or what is
/// wrong.
std::string parseShape(const std::string &dict, nn_tensor &tensor) {
  size_t at = dict.find("'shape': (");
  if (at == std::string::npos)
    return "no 'shape' in the header";
  const char *text = dict.c_str() + at + 10;
  tensor.rank = 0;
  while (true) {
    while (*text == ' ')
      ++text;
    if (*text == ')')
      return "";
    if (!std::isdigit(static_cast<unsigned char>(*text)))
      return "a size in the shape that is not a non-negative integer";
    int64_t size = 0;
    for (; std::isdigit(static_cast<unsigned char>(*text)); ++text) {
      if (size > (std::numeric_limits<int64_t>::max() - 9) / 10)
        return "a size in the shape too large for int64";
      size = size * 10 + (*text - '0');
    }
    if (tensor.rank == NN_MAX_RANK)
      return "a shape of rank above " + std::to_string(NN_MAX_RANK);
    tensor.shape[tensor.rank++] = size;
    while (*text == ' ')
      ++text;
    if (*text == ',')
      ++text;
    else if (*text != ')')
      return "a malformed shape";
  }
}

/// The header dict of an .npy file into `tensor`'s dtype and shape.
std::string parseHeader(const std::string &dict, nn_tensor &tensor) {
  if (dict.find("'fortran_order': False") == std::string::npos)
    return "not a C-ordered array ('fortran_order': False)";
  std::string descr = getQuoted(dict, "'descr': '");
  tensor.dtype = getDtypeOfDescr(descr);
  if (tensor.dtype < 0)
    return "dtype '" + descr + "' has no nn element type";
  return parseShape(dict, tensor);
}

/// The data's size in bytes, or -1 if it overflows int64.
int64_t getDataSize(const nn_tensor &tensor) {
  int64_t bytes = static_cast<int64_t>(nn_dtype_size(tensor.dtype));
  for (int32_t d = 0; d < tensor.rank; ++d) {
    if (tensor.shape[d] != 0 &&
        bytes > std::numeric_limits<int64_t>::max() / tensor.shape[d])
      return -1;
    bytes *= tensor.shape[d];
  }
  return bytes;
}

/// Reads the magic, version and header dict of `file` (whose size is
/// `fileSize`); sets `dataOffset`. "" or what is wrong.
std::string readHeader(FILE *file, int64_t fileSize, std::string &dict,
                       int64_t &dataOffset) {
  unsigned char prefix[12];
  if (fileSize < 10 || std::fread(prefix, 1, 10, file) != 10 ||
      std::memcmp(prefix, "\x93NUMPY", 6) != 0)
    return "not an .npy file";
  int major = prefix[6];
  if (major < 1 || major > 3)
    return "unsupported .npy version " + std::to_string(major);
  int64_t length = prefix[8] | prefix[9] << 8;
  int64_t headerStart = 10;
  if (major > 1) {
    if (std::fread(prefix + 10, 1, 2, file) != 2)
      return "a truncated header";
    length |= static_cast<int64_t>(prefix[10]) << 16 |
              static_cast<int64_t>(prefix[11]) << 24;
    headerStart = 12;
  }
  // NumPy writes headers of a few hundred bytes; a larger one is damage.
  constexpr int64_t kMaxHeader = 1 << 20;
  if (length > kMaxHeader || headerStart + length > fileSize)
    return "a truncated or oversized header";
  dict.resize(static_cast<size_t>(length));
  if (std::fread(dict.data(), 1, dict.size(), file) != dict.size())
    return "a truncated header";
  dataOffset = headerStart + length;
  return "";
}

/// Reads `file` (of `fileSize` bytes) into `tensor`; an nn_status.
int readNpyFile(FILE *file, int64_t fileSize, const std::string &path,
                nn_tensor &tensor) {
  std::string dict;
  int64_t dataOffset = 0;
  std::string error = readHeader(file, fileSize, dict, dataOffset);
  if (error.empty())
    error = parseHeader(dict, tensor);
  int64_t bytes = error.empty() ? getDataSize(tensor) : 0;
  if (error.empty() && bytes < 0)
    error = "data of more than 2^63 bytes";
  if (error.empty() && fileSize - dataOffset != bytes)
    error = std::to_string(fileSize - dataOffset) +
            " bytes of data where the header says " + std::to_string(bytes);
  if (!error.empty())
    return nn::aot::fail(NN_INVALID_ARGUMENT, "'" + path + "': " + error);
  void *block = nn::rt::allocate(bytes ? static_cast<size_t>(bytes) : 1);
  if (!block)
    return nn::aot::fail(NN_OUT_OF_MEMORY,
                         "out of memory for the data of '" + path + "'");
  if (std::fread(block, 1, static_cast<size_t>(bytes), file) !=
      static_cast<size_t>(bytes)) {
    nn::rt::deallocate(block);
    return nn::aot::fail(NN_INVALID_ARGUMENT, "cannot read '" + path + "'");
  }
  tensor.data = tensor.owner = block;
  return NN_OK;
}

} // namespace

extern "C" int nn_tensor_read_npy(const char *path, nn_tensor *tensor) {
  nn_tensor read{};
  FILE *file = std::fopen(path, "rb");
  if (!file)
    return nn::aot::fail(NN_INVALID_ARGUMENT,
                         "cannot open '" + std::string(path) + "'");
  // The file's size bounds what the header may claim.
  int64_t fileSize = -1;
  if (std::fseek(file, 0, SEEK_END) == 0) {
    fileSize = std::ftell(file);
    std::rewind(file);
  }
  int status = fileSize < 0
                   ? nn::aot::fail(NN_INVALID_ARGUMENT,
                                   "cannot read '" + std::string(path) + "'")
                   : readNpyFile(file, fileSize, path, read);
  std::fclose(file);
  if (status == NN_OK)
    *tensor = read;
  return status;
}

extern "C" int nn_tensor_write_npy(const nn_tensor *tensor, const char *path) {
  const char *descr = getNpyDescr(tensor->dtype);
  if (!descr)
    return nn::aot::fail(NN_INVALID_ARGUMENT,
                         std::string("cannot write ") +
                             nn_dtype_name(tensor->dtype) +
                             " as .npy: it has no NumPy dtype");
  if (tensor->rank < 0 || tensor->rank > NN_MAX_RANK)
    return nn::aot::fail(NN_INVALID_ARGUMENT, "cannot write a tensor of rank " +
                                                  std::to_string(tensor->rank) +
                                                  " as .npy");
  std::string header = getNpyHeader(*tensor, descr);
  size_t count = nn_tensor_num_elements(tensor);
  FILE *file = std::fopen(path, "wb");
  bool ok = file &&
            std::fwrite(header.data(), 1, header.size(), file) == header.size();
  ok = ok && std::fwrite(tensor->data, nn_dtype_size(tensor->dtype), count,
                         file) == count;
  if (file && std::fclose(file) != 0)
    ok = false;
  if (!ok)
    return nn::aot::fail(NN_INVALID_ARGUMENT,
                         "cannot write '" + std::string(path) + "'");
  return NN_OK;
}
