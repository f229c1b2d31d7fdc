//===- Tensor.cpp - Host tensors of the reference interpreter -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Tensor.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/Endian.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace nn::ref {

std::string_view elementTypeName(ElementType type) {
  switch (type) {
  case ElementType::F16:
    return "f16";
  case ElementType::BF16:
    return "bf16";
  case ElementType::F32:
    return "f32";
  case ElementType::F64:
    return "f64";
  case ElementType::I1:
    return "i1";
  case ElementType::I32:
    return "i32";
  case ElementType::I64:
    return "i64";
  }
  return "?";
}

absl::StatusOr<ElementType> parseElementType(std::string_view name) {
  for (ElementType type :
       {ElementType::F16, ElementType::BF16, ElementType::F32, ElementType::F64,
        ElementType::I1, ElementType::I32, ElementType::I64})
    if (elementTypeName(type) == name)
      return type;
  return absl::InvalidArgumentError(
      "unknown element type '" + std::string(name) +
      "' (expected one of f16, bf16, f32, f64, i1, i32, i64)");
}

bool isFloat(ElementType type) {
  return type == ElementType::F16 || type == ElementType::BF16 ||
         type == ElementType::F32 || type == ElementType::F64;
}

int64_t byteWidth(ElementType type) {
  switch (type) {
  case ElementType::F16:
  case ElementType::BF16:
    return 2;
  case ElementType::F32:
  case ElementType::I32:
    return 4;
  case ElementType::F64:
  case ElementType::I64:
    return 8;
  case ElementType::I1:
    return 1;
  }
  return 1;
}

static const llvm::fltSemantics &semantics(ElementType type) {
  switch (type) {
  case ElementType::F16:
    return llvm::APFloat::IEEEhalf();
  case ElementType::BF16:
    return llvm::APFloat::BFloat();
  case ElementType::F32:
    return llvm::APFloat::IEEEsingle();
  default:
    return llvm::APFloat::IEEEdouble();
  }
}

double roundToFloat(ElementType type, double value) {
  switch (type) {
  case ElementType::F64:
    return value;
  case ElementType::F32:
    return static_cast<double>(static_cast<float>(value));
  default: {
    llvm::APFloat narrow(value);
    bool losesInfo = false;
    narrow.convert(semantics(type), llvm::APFloat::rmNearestTiesToEven,
                   &losesInfo);
    narrow.convert(llvm::APFloat::IEEEdouble(),
                   llvm::APFloat::rmNearestTiesToEven, &losesInfo);
    return narrow.convertToDouble();
  }
  }
}

int64_t wrapToInt(ElementType type, int64_t value) {
  switch (type) {
  case ElementType::I1:
    return value != 0;
  case ElementType::I32:
    return static_cast<int32_t>(static_cast<uint32_t>(value));
  default:
    return value;
  }
}

std::string formatTensorType(const std::vector<int64_t> &shape,
                             ElementType type) {
  std::string text;
  for (int64_t dim : shape)
    text += std::to_string(dim) + "x";
  return text + std::string(elementTypeName(type));
}

Tensor::Tensor(ElementType type, std::vector<int64_t> shape)
    : type(type), shape(std::move(shape)), numElements(1) {
  for (int64_t dim : this->shape)
    numElements *= dim;
  if (isFloat())
    floats.assign(numElements, 0.0);
  else
    ints.assign(numElements, 0);
}

Tensor Tensor::shapeOnly(ElementType type, std::vector<int64_t> shape) {
  Tensor tensor(type, {});
  tensor.shape = std::move(shape);
  tensor.numElements = 1;
  for (int64_t dim : tensor.shape)
    tensor.numElements *= dim;
  tensor.withData = false;
  tensor.floats.clear();
  tensor.ints.clear();
  return tensor;
}

void Tensor::setDouble(int64_t i, double value) {
  if (isFloat()) {
    floats[i] = roundToFloat(type, value);
    return;
  }
  // Float to integer truncates toward zero; NaN and out-of-range values
  // have no integer and become 0 / saturate rather than being undefined.
  // i1 comes first: NaN is non-zero, so it is true (as in NumPy).
  if (type == ElementType::I1)
    ints[i] = value != 0.0;
  else if (std::isnan(value))
    ints[i] = 0;
  else if (type == ElementType::I32)
    // Saturate to i32 itself: wrapping the i64 truncation would turn 3e9
    // into a negative number.
    ints[i] = static_cast<int64_t>(std::clamp(
        value, static_cast<double>(INT32_MIN), static_cast<double>(INT32_MAX)));
  else if (value >= 9.2233720368547758e18)
    ints[i] = INT64_MAX;
  else if (value <= -9.2233720368547758e18)
    ints[i] = INT64_MIN;
  else
    ints[i] = static_cast<int64_t>(value);
}

void Tensor::setInt(int64_t i, int64_t value) {
  if (!isFloat()) {
    ints[i] = wrapToInt(type, value);
    return;
  }
  // Up to 2^53 the conversion to double is exact and rounding once is
  // right. Beyond, going through double would round twice (2^60 + 2^36 + 1
  // would become 2^60 in f32 instead of 2^60 + 2^37), so round the integer
  // straight to the element type.
  constexpr int64_t kExactInDouble = int64_t{1} << 53;
  if (type == ElementType::F64 ||
      (value >= -kExactInDouble && value <= kExactInDouble)) {
    floats[i] = roundToFloat(type, static_cast<double>(value));
    return;
  }
  llvm::APFloat narrow(semantics(type));
  narrow.convertFromAPInt(llvm::APInt(64, static_cast<uint64_t>(value)),
                          /*IsSigned=*/true,
                          llvm::APFloat::rmNearestTiesToEven);
  bool losesInfo = false;
  narrow.convert(llvm::APFloat::IEEEdouble(),
                 llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  floats[i] = narrow.convertToDouble();
}

std::vector<int64_t> Tensor::getStrides() const {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = getRank() - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

std::vector<uint8_t> Tensor::toBytes() const {
  int64_t width = byteWidth(type);
  std::vector<uint8_t> bytes(numElements * width);
  for (int64_t i = 0; i < numElements; ++i) {
    uint8_t *out = bytes.data() + i * width;
    switch (type) {
    case ElementType::F64:
      llvm::support::endian::write64le(out,
                                       llvm::bit_cast<uint64_t>(floats[i]));
      break;
    case ElementType::F32:
      llvm::support::endian::write32le(
          out, llvm::bit_cast<uint32_t>(static_cast<float>(floats[i])));
      break;
    case ElementType::F16:
    case ElementType::BF16: {
      llvm::APFloat narrow(floats[i]);
      bool losesInfo = false;
      narrow.convert(semantics(type), llvm::APFloat::rmNearestTiesToEven,
                     &losesInfo);
      llvm::support::endian::write16le(
          out, static_cast<uint16_t>(narrow.bitcastToAPInt().getZExtValue()));
      break;
    }
    case ElementType::I1:
      out[0] = ints[i] != 0;
      break;
    case ElementType::I32:
      llvm::support::endian::write32le(out, static_cast<uint32_t>(ints[i]));
      break;
    case ElementType::I64:
      llvm::support::endian::write64le(out, static_cast<uint64_t>(ints[i]));
      break;
    }
  }
  return bytes;
}

absl::StatusOr<Tensor> Tensor::fromBytes(ElementType type,
                                         std::vector<int64_t> shape,
                                         const uint8_t *data, size_t size) {
  for (int64_t dim : shape)
    if (dim < 0)
      return absl::InvalidArgumentError("negative dimension in shape " +
                                        formatTensorType(shape, type));
  Tensor tensor(type, std::move(shape));
  int64_t width = byteWidth(type);
  if (static_cast<int64_t>(size) != tensor.getNumElements() * width)
    return absl::InvalidArgumentError(
        tensor.getTypeString() + " needs " +
        std::to_string(tensor.getNumElements() * width) + " bytes but " +
        std::to_string(size) + " were given");
  for (int64_t i = 0; i < tensor.getNumElements(); ++i) {
    const uint8_t *in = data + i * width;
    switch (type) {
    case ElementType::F64:
      tensor.floats[i] =
          llvm::bit_cast<double>(llvm::support::endian::read64le(in));
      break;
    case ElementType::F32:
      tensor.floats[i] =
          llvm::bit_cast<float>(llvm::support::endian::read32le(in));
      break;
    case ElementType::F16:
    case ElementType::BF16: {
      llvm::APFloat narrow(
          semantics(type),
          llvm::APInt(16, llvm::support::endian::read16le(in)));
      bool losesInfo = false;
      narrow.convert(llvm::APFloat::IEEEdouble(),
                     llvm::APFloat::rmNearestTiesToEven, &losesInfo);
      tensor.floats[i] = narrow.convertToDouble();
      break;
    }
    case ElementType::I1:
      tensor.ints[i] = in[0] != 0;
      break;
    case ElementType::I32:
      tensor.ints[i] =
          static_cast<int32_t>(llvm::support::endian::read32le(in));
      break;
    case ElementType::I64:
      tensor.ints[i] =
          static_cast<int64_t>(llvm::support::endian::read64le(in));
      break;
    }
  }
  return tensor;
}

bool Tensor::operator==(const Tensor &other) const {
  if (type != other.type || shape != other.shape)
    return false;
  if (!isFloat())
    return ints == other.ints;
  for (int64_t i = 0; i < numElements; ++i) {
    double a = floats[i], b = other.floats[i];
    if (!(a == b || (std::isnan(a) && std::isnan(b))))
      return false;
  }
  return true;
}

} // namespace nn::ref
