//===- Tensor.h - Host tensors of the reference interpreter -----*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The reference interpreter's view of a host tensor, the oracle of every
// other backend. The elements live in an nn::Tensor, packed in the element
// type's own format, so that the interpreter, the JIT's calls and tensor
// files share them without converting; the kernels read and write them one
// at a time as doubles or int64s. Every store rounds to the element type
// (ties to even) or wraps to its width. Since double has more than twice
// the precision of f32, f16 and bf16 plus two bits, computing +, -, *, /
// and sqrt in double and rounding once gives exactly the IEEE result of the
// narrow type.
//
//===----------------------------------------------------------------------===//

#ifndef NN_REFERENCE_TENSOR_H
#define NN_REFERENCE_TENSOR_H

#include "nn/Support/Tensor.h"

#include "absl/status/statusor.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace nn::ref {

/// Parses an MLIR element type name (`f32`, `i1`, ...); fails on anything
/// else.
absl::StatusOr<DType> parseElementType(std::string_view name);
bool isFloat(DType type);

/// Rounds `value` to the nearest value of a float type (ties to even), or
/// wraps it into an integer type (i1: non-zero is 1).
double roundToFloat(DType type, double value);
int64_t wrapToInt(DType type, int64_t value);

/// The exact value of an IEEE half or bfloat16, given its bits.
double halfToDouble(uint16_t bits);
double bfloat16ToDouble(uint16_t bits);

class Tensor {
public:
  /// A zero-filled tensor. Sizes must be non-negative.
  Tensor(DType type, std::vector<int64_t> shape);
  Tensor() : Tensor(DType::F32, {}) {}
  /// Takes over the elements of `storage` (no copy).
  explicit Tensor(nn::Tensor &&storage);
  Tensor(const Tensor &other) = default;
  Tensor &operator=(const Tensor &other) = default;
  Tensor(Tensor &&other) noexcept;
  Tensor &operator=(Tensor &&other) noexcept;

  /// A tensor with a type and a shape but no elements: the interpreter
  /// propagates such tensors to check the shapes of a call without running
  /// it (kernels give shape-only results for shape-only operands).
  static Tensor shapeOnly(DType type, std::vector<int64_t> shape);
  bool hasData() const { return withData; }

  DType getElementType() const { return storage.getDType(); }
  const std::vector<int64_t> &getShape() const { return storage.getShape(); }
  int64_t getRank() const { return storage.getRank(); }
  int64_t getNumElements() const { return numElements; }
  bool isFloat() const {
    DType type = getElementType();
    return type == DType::F16 || type == DType::BF16 || type == DType::F32 ||
           type == DType::F64;
  }
  /// `2x3xf32`.
  std::string getTypeString() const { return storage.getTypeString(); }

  /// Element `i` in row-major order, as a double (integers convert exactly
  /// up to 2^53) or as an integer (floats truncate toward zero).
  /// Inline for the common types: the kernels call these once per element.
  double getDouble(int64_t i) const {
    DType type = getElementType();
    if (type == DType::F32)
      return load<float>(i);
    if (type == DType::F64)
      return load<double>(i);
    return getDoubleSlow(i);
  }
  int64_t getInt(int64_t i) const {
    DType type = getElementType();
    if (type == DType::I64)
      return load<int64_t>(i);
    if (type == DType::I32)
      return load<int32_t>(i);
    return getIntSlow(i);
  }
  /// Stores into element `i`, rounding or wrapping to the element type.
  void setDouble(int64_t i, double value) {
    DType type = getElementType();
    if (type == DType::F32)
      return store<float>(i, static_cast<float>(value));
    if (type == DType::F64)
      return store<double>(i, value);
    setDoubleSlow(i, value);
  }
  void setInt(int64_t i, int64_t value);

  /// Copies of all the elements, as getDouble and getInt read them.
  std::vector<double> toDoubles() const;
  std::vector<int64_t> toInts() const;

  /// Row-major strides, in elements.
  std::vector<int64_t> getStrides() const;

  /// The packed elements (of a tensor with data), to read in place, to view
  /// or to take over.
  const nn::Tensor &getTensor() const { return storage; }
  nn::TensorView view() const { return storage.view(); }
  nn::Tensor release() && { return std::move(storage); }

  /// A copy of `size` packed bytes at `data` (see nn/Support/Tensor.h);
  /// fails when a size is negative or the byte count is not
  /// getNumElements() * getDTypeSize(type).
  static absl::StatusOr<Tensor> fromBytes(DType type,
                                          std::vector<int64_t> shape,
                                          const void *data, size_t size);

  /// Exact equality of type, shape and elements (NaN equals NaN).
  bool operator==(const Tensor &other) const;
  bool operator!=(const Tensor &other) const { return !(*this == other); }

private:
  template <typename T> T load(int64_t i) const {
    T value;
    std::memcpy(&value, storage.getBytes() + i * sizeof(T), sizeof(T));
    return value;
  }
  template <typename T> void store(int64_t i, T value) {
    std::memcpy(storage.getBytes() + i * sizeof(T), &value, sizeof(T));
  }
  double getDoubleSlow(int64_t i) const;
  int64_t getIntSlow(int64_t i) const;
  void setDoubleSlow(int64_t i, double value);
  /// Stores a value, rounding it once to a float element type.
  void storeFloat(int64_t i, double value);
  void storeInt(int64_t i, int64_t value);

  nn::Tensor storage;
  /// The product of the sizes, which wraps for the absurd shapes that
  /// shape-only tensors may be asked about.
  int64_t numElements = 1;
  bool withData = true;
};

} // namespace nn::ref

#endif // NN_REFERENCE_TENSOR_H
