//===- Tensor.cpp - Host tensors of the reference interpreter -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Tensor.h"

#include "nn/Support/Sizes.h"
#include "nn/Support/TensorAccess.h"

#include "llvm/ADT/APFloat.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace nn::ref {

absl::StatusOr<DType> parseElementType(std::string_view name) {
  for (DType type : {DType::F16, DType::BF16, DType::F32, DType::F64, DType::I1,
                     DType::I32, DType::I64})
    if (getDTypeName(type) == name)
      return type;
  return absl::InvalidArgumentError(
      "unknown element type '" + std::string(name) +
      "' (expected one of f16, bf16, f32, f64, i1, i32, i64)");
}

bool isFloat(DType type) {
  return type == DType::F16 || type == DType::BF16 || type == DType::F32 ||
         type == DType::F64;
}

static const llvm::fltSemantics &semantics(DType type) {
  switch (type) {
  case DType::F16:
    return llvm::APFloat::IEEEhalf();
  case DType::BF16:
    return llvm::APFloat::BFloat();
  case DType::F32:
    return llvm::APFloat::IEEEsingle();
  default:
    return llvm::APFloat::IEEEdouble();
  }
}

/// `value` rounded to a narrow float type (ties to even), as its bits.
static uint16_t toNarrowBits(DType type, double value) {
  llvm::APFloat narrow(value);
  bool losesInfo = false;
  narrow.convert(semantics(type), llvm::APFloat::rmNearestTiesToEven,
                 &losesInfo);
  return static_cast<uint16_t>(narrow.bitcastToAPInt().getZExtValue());
}

double halfToDouble(uint16_t bits) {
  // Exact: every half is a double. Decoded by hand, as the kernels read
  // elements one at a time and APFloat would dominate their cost.
  int exponent = (bits >> 10) & 0x1f;
  int mantissa = bits & 0x3ff;
  double magnitude;
  if (exponent == 0x1f) {
    // NaN payloads move to the top of the double's mantissa, as APFloat's
    // conversion does.
    uint64_t payload = static_cast<uint64_t>(mantissa) << 42;
    magnitude = mantissa ? llvm::bit_cast<double>(0x7ff0000000000000 | payload)
                         : std::numeric_limits<double>::infinity();
  } else if (exponent == 0) {
    magnitude = std::ldexp(mantissa, -24);
  } else {
    magnitude = std::ldexp(mantissa | 0x400, exponent - 25);
  }
  return bits & 0x8000 ? -magnitude : magnitude;
}

double bfloat16ToDouble(uint16_t bits) {
  // bfloat16 is the top half of a float.
  return llvm::bit_cast<float>(static_cast<uint32_t>(bits) << 16);
}

double roundToFloat(DType type, double value) {
  switch (type) {
  case DType::F64:
    return value;
  case DType::F32:
    return static_cast<double>(static_cast<float>(value));
  case DType::F16:
    return halfToDouble(toNarrowBits(type, value));
  default:
    return bfloat16ToDouble(toNarrowBits(type, value));
  }
}

int64_t wrapToInt(DType type, int64_t value) {
  switch (type) {
  case DType::I1:
    return value != 0;
  case DType::I32:
    return static_cast<int32_t>(static_cast<uint32_t>(value));
  default:
    return value;
  }
}

/// Aborts on an allocation failure, as std::vector's storage did: tensor
/// sizes are checked where they come from (parsers, shape rules).
static nn::Tensor orDie(absl::StatusOr<nn::Tensor> tensor) {
  if (!tensor.ok()) {
    std::fprintf(stderr, "nn::ref::Tensor: %s\n",
                 std::string(tensor.status().message()).c_str());
    std::abort();
  }
  return *std::move(tensor);
}

/// The element count, or -1 for a shape-only tensor whose shape is too
/// large to count: it is never iterated, and the interpreter rejects it
/// (with the op's location) before anything is allocated.
static int64_t countElements(const std::vector<int64_t> &shape) {
  return getElementCount(shape).value_or(-1);
}

Tensor::Tensor(DType type, std::vector<int64_t> shape)
    : storage(orDie(nn::Tensor::zeros(type, std::move(shape)))),
      numElements(countElements(storage.getShape())) {}

Tensor::Tensor(nn::Tensor &&storage)
    : storage(std::move(storage)),
      numElements(countElements(this->storage.getShape())) {}

Tensor::Tensor(Tensor &&other) noexcept
    : storage(std::move(other.storage)), numElements(other.numElements),
      withData(other.withData) {
  // What nn::Tensor leaves behind: an empty tensor.
  other.numElements = 0;
  other.withData = true;
}

Tensor &Tensor::operator=(Tensor &&other) noexcept {
  storage = std::move(other.storage);
  numElements = other.numElements;
  withData = other.withData;
  other.numElements = 0;
  other.withData = true;
  return *this;
}

Tensor Tensor::shapeOnly(DType type, std::vector<int64_t> shape) {
  // A tensor over no memory: the shape may be far too large to allocate.
  Tensor tensor(detail::TensorAccess::adopt(type, std::move(shape), nullptr,
                                            /*byteSize=*/0, nullptr, nullptr));
  tensor.withData = false;
  return tensor;
}

void Tensor::storeFloat(int64_t i, double value) {
  switch (getElementType()) {
  case DType::F32:
    return store<float>(i, static_cast<float>(value));
  case DType::F64:
    return store<double>(i, value);
  default:
    return store<uint16_t>(i, toNarrowBits(getElementType(), value));
  }
}

void Tensor::storeInt(int64_t i, int64_t value) {
  switch (getElementType()) {
  case DType::I1:
    return store<uint8_t>(i, value != 0);
  case DType::I32:
    return store<int32_t>(i, static_cast<int32_t>(value));
  default:
    return store<int64_t>(i, value);
  }
}

double Tensor::getDoubleSlow(int64_t i) const {
  switch (getElementType()) {
  case DType::F16:
    return halfToDouble(load<uint16_t>(i));
  case DType::BF16:
    return bfloat16ToDouble(load<uint16_t>(i));
  case DType::F32:
  case DType::F64:
    return getDouble(i);
  default:
    return static_cast<double>(getInt(i));
  }
}

int64_t Tensor::getIntSlow(int64_t i) const {
  if (isFloat())
    return static_cast<int64_t>(getDouble(i));
  // i1, the only integer type getInt leaves to this.
  return load<uint8_t>(i);
}

void Tensor::setDoubleSlow(int64_t i, double value) {
  // Converting to the element type rounds once (ties to even).
  if (isFloat())
    return storeFloat(i, value);
  // Float to integer truncates toward zero; NaN and out-of-range values
  // have no integer and become 0 / saturate rather than being undefined.
  // i1 comes first: NaN is non-zero, so it is true (as in NumPy).
  DType type = getElementType();
  if (type == DType::I1)
    storeInt(i, value != 0.0);
  else if (std::isnan(value))
    storeInt(i, 0);
  else if (type == DType::I32)
    // Saturate to i32 itself: wrapping the i64 truncation would turn 3e9
    // into a negative number.
    storeInt(i, static_cast<int64_t>(
                    std::clamp(value, static_cast<double>(INT32_MIN),
                               static_cast<double>(INT32_MAX))));
  else if (value >= 9.2233720368547758e18)
    storeInt(i, INT64_MAX);
  else if (value <= -9.2233720368547758e18)
    storeInt(i, INT64_MIN);
  else
    storeInt(i, static_cast<int64_t>(value));
}

void Tensor::setInt(int64_t i, int64_t value) {
  if (!isFloat())
    return storeInt(i, wrapToInt(getElementType(), value));
  // Up to 2^53 the conversion to double is exact and rounding once is
  // right. Beyond, going through double would round twice (2^60 + 2^36 + 1
  // would become 2^60 in f32 instead of 2^60 + 2^37), so round the integer
  // straight to the element type; the result is exact in double, so
  // storing it rounds no further.
  constexpr int64_t kExactInDouble = int64_t{1} << 53;
  DType type = getElementType();
  if (type == DType::F64 ||
      (value >= -kExactInDouble && value <= kExactInDouble))
    return storeFloat(i, static_cast<double>(value));
  llvm::APFloat narrow(semantics(type));
  narrow.convertFromAPInt(llvm::APInt(64, static_cast<uint64_t>(value)),
                          /*IsSigned=*/true,
                          llvm::APFloat::rmNearestTiesToEven);
  bool losesInfo = false;
  narrow.convert(llvm::APFloat::IEEEdouble(),
                 llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  storeFloat(i, narrow.convertToDouble());
}

std::vector<double> Tensor::toDoubles() const {
  std::vector<double> values(hasData() ? numElements : 0);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = getDouble(i);
  return values;
}

std::vector<int64_t> Tensor::toInts() const {
  std::vector<int64_t> values(hasData() ? numElements : 0);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = getInt(i);
  return values;
}

std::vector<int64_t> Tensor::getStrides() const {
  std::vector<int64_t> strides(getRank(), 1);
  for (int64_t d = getRank() - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * getShape()[d + 1];
  return strides;
}

absl::StatusOr<Tensor> Tensor::fromBytes(DType type, std::vector<int64_t> shape,
                                         const void *data, size_t size) {
  for (int64_t dim : shape)
    if (dim < 0)
      return absl::InvalidArgumentError("negative dimension in shape " +
                                        formatTensorType(shape, type));
  std::optional<int64_t> bytes = getByteSize(shape, getDTypeSize(type));
  if (!bytes)
    return absl::InvalidArgumentError(formatTensorType(shape, type) +
                                      " needs over 2^63 bytes");
  uint64_t expected = static_cast<uint64_t>(*bytes);
  if (size != expected)
    return absl::InvalidArgumentError(
        formatTensorType(shape, type) + " needs " + std::to_string(expected) +
        " bytes but " + std::to_string(size) + " were given");
  return Tensor(
      orDie(nn::Tensor::fromBytes(type, std::move(shape), data, size)));
}

bool Tensor::operator==(const Tensor &other) const {
  if (getElementType() != other.getElementType() ||
      getShape() != other.getShape() || hasData() != other.hasData())
    return false;
  if (!hasData())
    return true;
  // Integers are canonical (i1 is 0 or 1), floats compare as values: 0 and
  // -0 are equal, and so are any two NaNs.
  if (!isFloat())
    return numElements == 0 ||
           std::memcmp(storage.getBytes(), other.storage.getBytes(),
                       storage.getByteSize()) == 0;
  for (int64_t i = 0; i < numElements; ++i) {
    double a = getDouble(i), b = other.getDouble(i);
    if (!(a == b || (std::isnan(a) && std::isnan(b))))
      return false;
  }
  return true;
}

} // namespace nn::ref
