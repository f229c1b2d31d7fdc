//===- TensorIO.h - Reading, writing and comparing host tensors -*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The text and file formats of nn-run (docs/Contract.md), in
// iree-run-module's grammar:
//
//   2x3xf32=1 2 3 4 5 6        shape `x` element type, then the values
//   2x3xf32=[1 2 3][4 5 6]     brackets are optional grouping
//   2x3xf32=1                  one value fills the whole tensor
//   f32=3.5                    a scalar
//   @path.npy                  a NumPy .npy file (C order)
//   2x3xf32=@raw.bin           raw little-endian bytes of that type
//
// Every malformed input is an error naming the problem, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef NN_REFERENCE_TENSORIO_H
#define NN_REFERENCE_TENSORIO_H

#include "nn/Reference/Tensor.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <string>
#include <string_view>
#include <vector>

namespace nn::ref {

/// Parses one input SPEC (see above). Values may be separated by whitespace
/// or commas; floats accept `nan`, `inf`, `-inf`; i1 accepts `true`,
/// `false`, `1` and `0`. Integer values must fit the element type.
/// A tensor over `maxTensorBytes` (0: this machine's memory) is an error
/// before anything is allocated or read.
absl::StatusOr<Tensor> parseTensorSpec(std::string_view spec,
                                       uint64_t maxTensorBytes = 0);

/// Reads a .npy file (format versions 1.0, 2.0 and 3.0; C order; dtypes
/// float16, float32, float64, bool, int32, int64, little-endian or
/// byte-order free). bf16 has no NumPy dtype and is not supported. Fortran
/// order, a malformed or lying header, and a data size that disagrees with
/// the header are errors.
absl::StatusOr<Tensor> readNpy(const std::string &path,
                               uint64_t maxTensorBytes = 0);
absl::StatusOr<Tensor> parseNpy(std::string_view bytes);

/// Parses the header at the start of `bytes` (which may stop after it):
/// the element type, the shape and the offset of the data.
absl::Status parseNpyHeader(std::string_view bytes, DType &type,
                            std::vector<int64_t> &shape, size_t &dataStart);

/// Writes a .npy file (version 1.0, or 2.0 when the header needs it). bf16
/// tensors are an error (no NumPy dtype).
absl::Status writeNpy(const std::string &path, const Tensor &tensor);
absl::StatusOr<std::string> serializeNpy(const Tensor &tensor);

/// `2x3xf32=[1 2 3][4 5 6]`, `f32=3.5` for a scalar, `0x3xf32=[]` when
/// empty. Floats print in the shortest form that reads back to the same
/// value of the element type (`0.1`, `1e+20`, `nan`, `-inf`); i1 as 0 / 1.
std::string formatTensor(const Tensor &tensor);

/// Compares `actual` with `expected`: element types and shapes must be
/// equal; integers exactly; floats within |actual - expected| <= threshold *
/// (1 + |expected|), and NaN matches only NaN, inf only the same inf. The
/// error names the first differing element by its multi-index (`[1, 2]`)
/// and gives both values.
absl::Status compareTensors(const Tensor &expected, const Tensor &actual,
                            double threshold);

} // namespace nn::ref

#endif // NN_REFERENCE_TENSORIO_H
