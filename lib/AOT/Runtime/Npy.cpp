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
//
//===----------------------------------------------------------------------===//

#include "nn/AOT/Runtime.h"

#include "Error.h"

#include <cstdio>
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

} // namespace

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
