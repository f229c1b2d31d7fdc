//===- Tensor.h - Host tensors of the reference interpreter -----*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A dense, row-major host tensor for the reference interpreter, the oracle
// of every other backend. Simplicity over speed: floating-point elements of
// every width are held as doubles that are always exactly representable in
// the element type (every store rounds to it), and integers as int64 values
// that always fit theirs. Since double has more than twice the precision of
// f32, f16 and bf16 plus two bits, computing +, -, *, / and sqrt in double
// and rounding once gives exactly the IEEE result of the narrow type.
//
//===----------------------------------------------------------------------===//

#ifndef NN_REFERENCE_TENSOR_H
#define NN_REFERENCE_TENSOR_H

#include "absl/status/statusor.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nn::ref {

enum class ElementType { F16, BF16, F32, F64, I1, I32, I64 };

/// `f32`, `i1`, ... as MLIR spells them.
std::string_view elementTypeName(ElementType type);
/// Parses an MLIR element type name; fails on anything else.
absl::StatusOr<ElementType> parseElementType(std::string_view name);
bool isFloat(ElementType type);
/// Size of one element in a packed buffer (i1: one byte, as numpy's bool).
int64_t byteWidth(ElementType type);

/// Rounds `value` to the nearest value of a float type (ties to even), or
/// wraps it into an integer type (i1: non-zero is 1).
double roundToFloat(ElementType type, double value);
int64_t wrapToInt(ElementType type, int64_t value);

/// `2x3xf32`, or `f32` for a scalar.
std::string formatTensorType(const std::vector<int64_t> &shape,
                             ElementType type);

class Tensor {
public:
  /// A zero-filled tensor. Sizes must be non-negative.
  Tensor(ElementType type, std::vector<int64_t> shape);
  Tensor() : Tensor(ElementType::F32, {}) {}

  /// A tensor with a type and a shape but no elements: the interpreter
  /// propagates such tensors to check the shapes of a call without running
  /// it (kernels give shape-only results for shape-only operands).
  static Tensor shapeOnly(ElementType type, std::vector<int64_t> shape);
  bool hasData() const { return withData; }

  ElementType getElementType() const { return type; }
  const std::vector<int64_t> &getShape() const { return shape; }
  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  int64_t getNumElements() const { return numElements; }
  bool isFloat() const { return nn::ref::isFloat(type); }
  /// `2x3xf32`.
  std::string getTypeString() const { return formatTensorType(shape, type); }

  /// Element `i` in row-major order, as a double (integers convert exactly
  /// up to 2^53) or as an integer (floats truncate toward zero).
  double getDouble(int64_t i) const {
    return isFloat() ? floats[i] : static_cast<double>(ints[i]);
  }
  int64_t getInt(int64_t i) const {
    return isFloat() ? static_cast<int64_t>(floats[i]) : ints[i];
  }
  /// Stores into element `i`, rounding or wrapping to the element type.
  void setDouble(int64_t i, double value);
  void setInt(int64_t i, int64_t value);

  /// Direct access to the storage of float (resp. integer) tensors.
  const std::vector<double> &getFloats() const { return floats; }
  const std::vector<int64_t> &getInts() const { return ints; }

  /// Row-major strides, in elements.
  std::vector<int64_t> getStrides() const;

  /// Packs the elements little-endian in the element type's own format
  /// (IEEE half, bfloat16, float, double; i1 as bytes 0/1).
  std::vector<uint8_t> toBytes() const;
  /// The inverse of toBytes; fails when the byte count is not
  /// getNumElements() * byteWidth(type).
  static absl::StatusOr<Tensor> fromBytes(ElementType type,
                                          std::vector<int64_t> shape,
                                          const uint8_t *data, size_t size);

  /// Exact equality of type, shape and elements (NaN equals NaN).
  bool operator==(const Tensor &other) const;
  bool operator!=(const Tensor &other) const { return !(*this == other); }

private:
  ElementType type;
  std::vector<int64_t> shape;
  int64_t numElements;
  bool withData = true;
  std::vector<double> floats;
  std::vector<int64_t> ints;
};

} // namespace nn::ref

#endif // NN_REFERENCE_TENSOR_H
