//===- Tensor.cpp - Host tensors ------------------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Support/Tensor.h"

#include "nn/Support/Sizes.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace nn {

std::string_view getDTypeName(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::I1:
    return "i1";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  }
  return "unknown";
}

size_t getDTypeSize(DType dtype) {
  switch (dtype) {
  case DType::F16:
  case DType::BF16:
    return 2;
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::I1:
    return 1;
  }
  return 0;
}

std::string formatTensorType(const std::vector<int64_t> &shape, DType dtype) {
  std::string text;
  for (int64_t dim : shape)
    text += (dim == kDynamic ? std::string("?") : std::to_string(dim)) + "x";
  return text + std::string(getDTypeName(dtype));
}

/// The element count of a shape that passed checkShape (so it fits).
static int64_t product(const std::vector<int64_t> &shape) {
  return getElementCount(shape).value_or(0);
}

int64_t TensorView::getNumElements() const { return product(shape); }
int64_t Tensor::getNumElements() const { return product(shape); }

/// Checks that every size is non-negative (a tensor has no dynamic sizes).
static absl::Status checkShape(const std::vector<int64_t> &shape) {
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] >= 0)
      continue;
    std::string text;
    for (int64_t dim : shape)
      text += (text.empty() ? "" : "x") + std::to_string(dim);
    return absl::InvalidArgumentError("shape " + text +
                                      " has a negative size in dimension " +
                                      std::to_string(d));
  }
  // The largest element is 8 bytes: a shape whose bytes fit is safe to
  // multiply out in any order (sizes, strides, byte offsets).
  if (!getByteSize(shape, 8)) {
    std::string text;
    for (int64_t dim : shape)
      text += (text.empty() ? "" : "x") + std::to_string(dim);
    return absl::InvalidArgumentError("shape " + text + " has over 2^63 bytes");
  }
  return absl::OkStatus();
}

absl::StatusOr<Tensor> Tensor::allocateZeroed(DType dtype,
                                              std::vector<int64_t> shape,
                                              size_t byteSize) {
  // calloc: large zero tensors come as untouched zero pages.
  void *memory = byteSize ? std::calloc(byteSize, 1) : nullptr;
  if (byteSize && !memory)
    return absl::ResourceExhaustedError(
        "out of memory for a " + formatTensorType(shape, dtype) + " tensor (" +
        std::to_string(byteSize) + " bytes)");
  return Tensor(dtype, std::move(shape), static_cast<uint8_t *>(memory),
                byteSize, memory, &std::free);
}

/// Copies and the default tensor cannot report errors: out of memory ends
/// the program there, as std::vector's storage did.
static Tensor orDie(absl::StatusOr<Tensor> tensor) {
  if (!tensor.ok()) {
    std::fprintf(stderr, "nn::Tensor: %s\n",
                 std::string(tensor.status().message()).c_str());
    std::abort();
  }
  return *std::move(tensor);
}

Tensor::Tensor()
    : Tensor(orDie(allocateZeroed(DType::F32, {}, getDTypeSize(DType::F32)))) {}

Tensor::Tensor(const Tensor &other)
    : Tensor(orDie(allocateZeroed(other.dtype, other.shape, other.byteSize))) {
  if (byteSize)
    std::memcpy(bytes, other.bytes, byteSize);
}

Tensor::Tensor(Tensor &&other) noexcept
    : dtype(other.dtype), shape(std::move(other.shape)), bytes(other.bytes),
      byteSize(other.byteSize), allocation(other.allocation),
      release(other.release) {
  other.bytes = nullptr;
  other.byteSize = 0;
  other.allocation = nullptr;
  other.release = nullptr;
  other.shape.assign(1, 0); // A valid empty tensor.
}

Tensor &Tensor::operator=(const Tensor &other) {
  if (this != &other)
    *this = Tensor(other);
  return *this;
}

Tensor &Tensor::operator=(Tensor &&other) noexcept {
  if (this != &other) {
    reset();
    dtype = other.dtype;
    shape = std::move(other.shape);
    bytes = other.bytes;
    byteSize = other.byteSize;
    allocation = other.allocation;
    release = other.release;
    other.bytes = nullptr;
    other.byteSize = 0;
    other.allocation = nullptr;
    other.release = nullptr;
    other.shape.assign(1, 0);
  }
  return *this;
}

Tensor::~Tensor() { reset(); }

void Tensor::reset() {
  if (release && allocation)
    release(allocation);
  allocation = nullptr;
  release = nullptr;
}

absl::StatusOr<Tensor> Tensor::zeros(DType dtype, std::vector<int64_t> shape) {
  if (absl::Status status = checkShape(shape); !status.ok())
    return status;
  size_t size = static_cast<size_t>(product(shape)) * getDTypeSize(dtype);
  return allocateZeroed(dtype, std::move(shape), size);
}

/// A tensor from typed values, which must fill the shape exactly.
template <typename T>
static absl::StatusOr<Tensor> fromValues(DType dtype,
                                         std::vector<int64_t> shape,
                                         const std::vector<T> &values) {
  if (absl::Status status = checkShape(shape); !status.ok())
    return status;
  int64_t count = product(shape);
  if (static_cast<int64_t>(values.size()) != count)
    return absl::InvalidArgumentError(
        "a " + formatTensorType(shape, dtype) + " tensor has " +
        std::to_string(count) + " elements, got " +
        std::to_string(values.size()) + " values");
  return Tensor::fromBytes(dtype, std::move(shape), values.data(),
                           values.size() * sizeof(T));
}

absl::StatusOr<Tensor> Tensor::create(std::vector<int64_t> shape,
                                      std::vector<float> values) {
  return fromValues(DType::F32, std::move(shape), values);
}
absl::StatusOr<Tensor> Tensor::create(std::vector<int64_t> shape,
                                      std::vector<double> values) {
  return fromValues(DType::F64, std::move(shape), values);
}
absl::StatusOr<Tensor> Tensor::create(std::vector<int64_t> shape,
                                      std::vector<int32_t> values) {
  return fromValues(DType::I32, std::move(shape), values);
}
absl::StatusOr<Tensor> Tensor::create(std::vector<int64_t> shape,
                                      std::vector<int64_t> values) {
  return fromValues(DType::I64, std::move(shape), values);
}
absl::StatusOr<Tensor> Tensor::create(std::vector<int64_t> shape,
                                      std::vector<uint8_t> values) {
  return fromValues(DType::I1, std::move(shape), values);
}

absl::StatusOr<Tensor> Tensor::fromBytes(DType dtype,
                                         std::vector<int64_t> shape,
                                         const void *data, size_t size) {
  if (absl::Status status = checkShape(shape); !status.ok())
    return status;
  size_t expected = static_cast<size_t>(product(shape)) * getDTypeSize(dtype);
  if (size != expected)
    return absl::InvalidArgumentError(
        "a " + formatTensorType(shape, dtype) + " tensor has " +
        std::to_string(expected) + " bytes, got " + std::to_string(size));
  if (size != 0 && !data)
    return absl::InvalidArgumentError("null data pointer for a " +
                                      formatTensorType(shape, dtype) +
                                      " tensor");
  absl::StatusOr<Tensor> allocated =
      allocateZeroed(dtype, std::move(shape), size);
  if (!allocated.ok())
    return allocated.status();
  Tensor tensor = *std::move(allocated);
  if (size != 0)
    std::memcpy(tensor.bytes, data, size);
  // i1 elements are 0 or 1, so that they can be read as bool.
  if (dtype == DType::I1)
    for (size_t i = 0; i < size; ++i)
      tensor.bytes[i] = tensor.bytes[i] != 0;
  return tensor;
}

absl::StatusOr<Tensor> Tensor::copyOf(const TensorView &view) {
  if (absl::Status status = checkShape(view.getShape()); !status.ok())
    return status;
  return fromBytes(view.getDType(), view.getShape(), view.getData(),
                   static_cast<size_t>(view.getNumElements()) *
                       getDTypeSize(view.getDType()));
}

absl::Status Tensor::typeMismatch(std::string_view requested) const {
  return absl::InvalidArgumentError("a " + getTypeString() +
                                    " tensor cannot be read as " +
                                    std::string(requested) + " elements");
}

} // namespace nn
