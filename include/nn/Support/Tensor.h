//===- Tensor.h - Host tensors ----------------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one host tensor type of nn: what an application passes to and gets
// from compiled functions, what the reference interpreter stores its values
// in, and what tensor files are read into. `nn::Tensor` owns its elements,
// `nn::TensorView` points at someone else's memory. Both are dense and
// row-major, with elements packed little-endian in the element type's own
// format (IEEE half, bfloat16, float, double; i1 as one byte per element, 0
// or 1, as numpy's bool), so that passing one between the layers never
// converts an element.
//
// This is the bottom library (NNSupport) and a public header of the
// embedding API (through nn/Runtime/Tensor.h): it must include nothing from
// MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_SUPPORT_TENSOR_H
#define NN_SUPPORT_TENSOR_H

#include "absl/status/statusor.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace nn {

/// The element types of tensors that cross the API.
enum class DType { F16, BF16, F32, F64, I1, I32, I64 };

/// `f16`, `bf16`, `f32`, `f64`, `i1`, `i32` or `i64`, as MLIR spells them.
std::string_view getDTypeName(DType dtype);

/// Bytes per element in a packed buffer: 2, 2, 4, 8, 1, 4, 8 (in the order
/// of DType; i1 takes one byte).
size_t getDTypeSize(DType dtype);

/// The size of a dynamic dimension in a signature (TensorSpec); tensors
/// themselves always have concrete, non-negative sizes.
constexpr int64_t kDynamic = -1;

/// `2x3xf32`, `?x784xf32` (kDynamic prints as `?`), or `f32` for rank 0.
std::string formatTensorType(const std::vector<int64_t> &shape, DType dtype);

namespace detail {
template <typename T> struct AlwaysFalse : std::false_type {};

/// Whether elements of `dtype` can be accessed as `T`: float (f32), double
/// (f64), int32_t (i32), int64_t (i64), uint8_t or bool (i1), and uint16_t
/// for the raw bits of f16 and bf16.
template <typename T> constexpr bool isAccessibleAs(DType dtype) {
  if constexpr (std::is_same_v<T, float>)
    return dtype == DType::F32;
  else if constexpr (std::is_same_v<T, double>)
    return dtype == DType::F64;
  else if constexpr (std::is_same_v<T, int32_t>)
    return dtype == DType::I32;
  else if constexpr (std::is_same_v<T, int64_t>)
    return dtype == DType::I64;
  else if constexpr (std::is_same_v<T, uint8_t> || std::is_same_v<T, bool>)
    return dtype == DType::I1;
  else if constexpr (std::is_same_v<T, uint16_t>)
    return dtype == DType::F16 || dtype == DType::BF16;
  else
    static_assert(AlwaysFalse<T>::value,
                  "elements are float, double, int32_t, int64_t, uint8_t, "
                  "bool or uint16_t");
}

/// The C++ name of an element type, for messages.
template <typename T> constexpr const char *getElementTypeName() {
  if constexpr (std::is_same_v<T, float>)
    return "float";
  else if constexpr (std::is_same_v<T, double>)
    return "double";
  else if constexpr (std::is_same_v<T, int32_t>)
    return "int32_t";
  else if constexpr (std::is_same_v<T, int64_t>)
    return "int64_t";
  else if constexpr (std::is_same_v<T, uint8_t>)
    return "uint8_t";
  else if constexpr (std::is_same_v<T, bool>)
    return "bool";
  else
    return "uint16_t";
}

/// The DType that a C++ element type stands for (uint16_t has none: it is
/// the storage of both f16 and bf16).
template <typename T> constexpr DType dtypeOf() {
  if constexpr (std::is_same_v<T, float>)
    return DType::F32;
  else if constexpr (std::is_same_v<T, double>)
    return DType::F64;
  else if constexpr (std::is_same_v<T, int32_t>)
    return DType::I32;
  else if constexpr (std::is_same_v<T, int64_t>)
    return DType::I64;
  else if constexpr (std::is_same_v<T, uint8_t> || std::is_same_v<T, bool>)
    return DType::I1;
  else
    static_assert(AlwaysFalse<T>::value,
                  "no DType for this element type; name the DType");
}
} // namespace detail

namespace detail {
/// nn's own access to tensors' storage: tensors over memory that something
/// else allocated (see nn/Support/TensorAccess.h).
struct TensorAccess;
} // namespace detail

/// A non-owning view of a dense row-major tensor in the caller's memory, so
/// that a call can read the caller's buffers as they are. The view does not
/// check anything when it is made; Function::call checks the dtype, shape
/// and pointer against the function's signature and reports any mismatch.
/// The memory must stay valid and unchanged while a call reads it.
class TensorView {
public:
  /// A view of `shape` elements of type `dtype`, packed at `data`.
  TensorView(DType dtype, std::vector<int64_t> shape, const void *data)
      : dtype(dtype), shape(std::move(shape)), data(data) {}

  /// A view whose dtype follows from the pointer: float (f32), double (f64),
  /// int32_t (i32), int64_t (i64), uint8_t or bool (i1).
  template <typename T>
  TensorView(std::vector<int64_t> shape, const T *data)
      : TensorView(detail::dtypeOf<T>(), std::move(shape), data) {}

  /// The element type, the sizes, the number of dimensions and the address
  /// of the first element, as given.
  DType getDType() const { return dtype; }
  const std::vector<int64_t> &getShape() const { return shape; }
  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  const void *getData() const { return data; }
  /// The product of the sizes (1 for rank 0); meaningless when a size is
  /// negative, which calls reject.
  int64_t getNumElements() const;
  /// `2x3xf32`.
  std::string getTypeString() const { return formatTensorType(shape, dtype); }

private:
  DType dtype;
  std::vector<int64_t> shape;
  const void *data;
};

/// An owning dense row-major host tensor. Factories check what they are
/// given and return an error instead of a tensor (the library is built
/// without exceptions, so constructors could not report it). Copies copy
/// the elements; results of calls own the memory the compiled code wrote
/// them to (no copy).
class Tensor {
public:
  /// A rank-0 f32 tensor holding 0, so that containers can hold tensors.
  Tensor();
  Tensor(const Tensor &other);
  Tensor(Tensor &&other) noexcept;
  Tensor &operator=(const Tensor &other);
  Tensor &operator=(Tensor &&other) noexcept;
  ~Tensor();

  /// A tensor of zeros. InvalidArgumentError if a size is negative.
  static absl::StatusOr<Tensor> zeros(DType dtype, std::vector<int64_t> shape);

  /// A tensor of `shape` holding `values` in row-major order, of type f32,
  /// f64, i32, i64 or i1 (one byte per element; non-zero bytes become 1).
  /// InvalidArgumentError if a size is negative or the number of values is
  /// not the product of the sizes.
  static absl::StatusOr<Tensor> create(std::vector<int64_t> shape,
                                       std::vector<float> values);
  static absl::StatusOr<Tensor> create(std::vector<int64_t> shape,
                                       std::vector<double> values);
  static absl::StatusOr<Tensor> create(std::vector<int64_t> shape,
                                       std::vector<int32_t> values);
  static absl::StatusOr<Tensor> create(std::vector<int64_t> shape,
                                       std::vector<int64_t> values);
  static absl::StatusOr<Tensor> create(std::vector<int64_t> shape,
                                       std::vector<uint8_t> values);

  /// A tensor of any dtype from `size` packed bytes at `data` (f16 and bf16
  /// tensors are made this way; i1 bytes that are not 0 become 1).
  /// InvalidArgumentError if a size is negative, `size` is not the number
  /// of elements times getDTypeSize(dtype), or `data` is null while `size`
  /// is not 0.
  static absl::StatusOr<Tensor> fromBytes(DType dtype,
                                          std::vector<int64_t> shape,
                                          const void *data, size_t size);

  /// A copy of the elements a view points at. InvalidArgumentError if a
  /// size is negative or the pointer is null for a non-empty view.
  static absl::StatusOr<Tensor> copyOf(const TensorView &view);

  /// The element type, the sizes (all non-negative), the number of
  /// dimensions and the number of elements (1 for rank 0).
  DType getDType() const { return dtype; }
  const std::vector<int64_t> &getShape() const { return shape; }
  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  int64_t getNumElements() const;
  /// The size of the packed elements: getNumElements() * getDTypeSize().
  size_t getByteSize() const { return byteSize; }
  /// `2x3xf32`.
  std::string getTypeString() const { return formatTensorType(shape, dtype); }

  /// The packed elements.
  const uint8_t *getBytes() const { return bytes; }
  uint8_t *getBytes() { return bytes; }

  /// The elements as `T` (see detail::isAccessibleAs), or nullptr when the
  /// dtype is not `T`'s: a wrong type never reinterprets the bytes.
  template <typename T> const T *data() const {
    return detail::isAccessibleAs<T>(dtype) ? reinterpret_cast<const T *>(bytes)
                                            : nullptr;
  }
  template <typename T> T *data() {
    return detail::isAccessibleAs<T>(dtype) ? reinterpret_cast<T *>(bytes)
                                            : nullptr;
  }

  /// A copy of the elements as `T`. InvalidArgumentError, naming both
  /// types, when the dtype is not `T`'s.
  template <typename T> absl::StatusOr<std::vector<T>> toVector() const {
    const T *elements = data<T>();
    if (!elements)
      return typeMismatch(detail::getElementTypeName<T>());
    return std::vector<T>(elements, elements + getNumElements());
  }

  /// A view of this tensor's elements, valid while the tensor lives and is
  /// not resized.
  TensorView view() const { return TensorView(dtype, shape, bytes); }

private:
  friend struct detail::TensorAccess;
  /// Takes `allocation`, which `release` frees; the elements are the
  /// `byteSize` bytes at `bytes`.
  Tensor(DType dtype, std::vector<int64_t> shape, uint8_t *bytes,
         size_t byteSize, void *allocation, void (*release)(void *))
      : dtype(dtype), shape(std::move(shape)), bytes(bytes), byteSize(byteSize),
        allocation(allocation), release(release) {}
  /// `byteSize` zero bytes; ResourceExhaustedError when out of memory.
  static absl::StatusOr<Tensor>
  allocateZeroed(DType dtype, std::vector<int64_t> shape, size_t byteSize);
  absl::Status typeMismatch(std::string_view requested) const;
  void reset();

  DType dtype;
  std::vector<int64_t> shape;
  uint8_t *bytes = nullptr;
  size_t byteSize = 0;
  void *allocation = nullptr;
  void (*release)(void *) = nullptr;
};

} // namespace nn

#endif // NN_SUPPORT_TENSOR_H
