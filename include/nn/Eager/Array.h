//===- Array.h - Eager and traced arrays of the front end -------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn::Array is the value of the front end: a cheap shared handle that is
// either eager (it holds a host value, computed when the op ran) or traced
// (a symbolic value of a function being traced by nn::function). One free
// function per op of the nn dialect builds either kind: outside a trace the
// op runs at once, inside one it is recorded into the traced graph, with
// the C++ call site as the op's location.
//
// Errors. An op given incompatible operands returns an Array in an error
// state that carries the dialect's own message and the call site
// (`model.cpp:12: 'nn.matmul' op contracting dimensions differ: ...`);
// later ops propagate the first error, and it is reported as an
// absl::Status by toTensor(), Variable::assign or the call of a traced
// function. Nothing throws and nothing aborts.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_EAGER_ARRAY_H
#define NN_EAGER_ARRAY_H

#include "nn/Runtime/Tensor.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace nn {

namespace detail {
struct ArrayImpl;
struct ArraySlot;
} // namespace detail

/// The C++ call site of an op, recorded as its location. Every op function
/// takes one as its last parameter, defaulted to the caller's line (clang
/// and GCC builtins, so C++17 suffices).
struct SourceSite {
  const char *file;
  int line;
  static SourceSite here(const char *file = __builtin_FILE(),
                         int line = __builtin_LINE()) {
    return {file, line};
  }
};
#define NN_SITE ::nn::SourceSite site = ::nn::SourceSite::here()

/// An eager or traced array. Copies share the value (arrays are immutable);
/// assigning to an Array handle rebinds that handle only.
class Array {
public:
  /// An eager rank-0 f32 zero, so that containers can hold arrays.
  Array();
  Array(const Array &other);
  Array(Array &&other) noexcept;
  Array &operator=(const Array &other);
  Array &operator=(Array &&other) noexcept;
  ~Array();

  /// The element type and the sizes; a traced array has kDynamic where its
  /// trace has a `?` dimension. An array in an error state reports f32 and
  /// rank 0.
  DType dtype() const;
  const std::vector<int64_t> &shape() const;
  int64_t rank() const { return static_cast<int64_t>(shape().size()); }
  /// Whether this is a symbolic value of a function being traced.
  bool isTraced() const;
  /// The error this array carries (OK for a valid array).
  absl::Status status() const;
  bool ok() const { return status().ok(); }

  /// The value on the host. Errors: the array's own error; for a traced
  /// array, FailedPreconditionError "cannot read the value of a traced
  /// Array inside 'f' (at model.cpp:12) ...", since the value exists only
  /// when the compiled function runs.
  absl::StatusOr<Tensor> toTensor() const;

  /// There is no conversion to bool: a branch on a traced value cannot be
  /// recorded (use nn::cond), and an implicit host read would hide a sync.
  explicit operator bool() const = delete;

  /// `Array(2x3xf32, eager)` or `Array(?x3xf32, traced in 'f')`.
  std::string toString() const;

  /// The library's own access.
  const std::shared_ptr<detail::ArraySlot> &getSlot() const { return slot; }
  explicit Array(std::shared_ptr<detail::ArrayImpl> impl);
  std::shared_ptr<detail::ArrayImpl> getImpl() const;

private:
  /// The handle's slot: assigning to the handle replaces the slot's value,
  /// so a trace that captured this handle by reference can see that it was
  /// rebound (and retrace instead of using a stale constant).
  std::shared_ptr<detail::ArraySlot> slot;
};

/// The value of a one-element array as a double. Errors: the array's own;
/// more than one element; inside a trace, FailedPreconditionError naming
/// the function and this call's line.
absl::StatusOr<double> item(const Array &array, NN_SITE);

//===----------------------------------------------------------------------===//
// Creation
//===----------------------------------------------------------------------===//

/// An array holding a copy of `tensor` (a constant inside a trace).
Array array(const Tensor &tensor, NN_SITE);
/// An f32 array of `shape` holding `values` in row-major order; an error
/// array when their counts differ.
Array array(std::vector<float> values, std::vector<int64_t> shape, NN_SITE);
/// A rank-0 array.
Array scalar(double value, DType dtype = DType::F32, NN_SITE);
Array zeros(std::vector<int64_t> shape, DType dtype = DType::F32, NN_SITE);
Array ones(std::vector<int64_t> shape, DType dtype = DType::F32, NN_SITE);
Array full(std::vector<int64_t> shape, double value, DType dtype = DType::F32,
           NN_SITE);

//===----------------------------------------------------------------------===//
// Elementwise ops (numpy broadcasting, as the dialect)
//===----------------------------------------------------------------------===//

Array add(const Array &lhs, const Array &rhs, NN_SITE);
Array sub(const Array &lhs, const Array &rhs, NN_SITE);
Array mul(const Array &lhs, const Array &rhs, NN_SITE);
Array div(const Array &lhs, const Array &rhs, NN_SITE);
Array pow(const Array &lhs, const Array &rhs, NN_SITE);
Array maximum(const Array &lhs, const Array &rhs, NN_SITE);
Array minimum(const Array &lhs, const Array &rhs, NN_SITE);
/// `direction` is one of eq, ne, lt, le, gt, ge; the result is i1.
Array compare(const Array &lhs, const Array &rhs, const std::string &direction,
              NN_SITE);
Array equal(const Array &lhs, const Array &rhs, NN_SITE);
Array less(const Array &lhs, const Array &rhs, NN_SITE);
Array greater(const Array &lhs, const Array &rhs, NN_SITE);
Array select(const Array &cond, const Array &onTrue, const Array &onFalse,
             NN_SITE);

Array neg(const Array &x, NN_SITE);
Array abs(const Array &x, NN_SITE);
Array exp(const Array &x, NN_SITE);
Array log(const Array &x, NN_SITE);
Array sqrt(const Array &x, NN_SITE);
Array rsqrt(const Array &x, NN_SITE);
Array tanh(const Array &x, NN_SITE);
Array sigmoid(const Array &x, NN_SITE);
Array relu(const Array &x, NN_SITE);
Array sign(const Array &x, NN_SITE);
Array cast(const Array &x, DType dtype, NN_SITE);

//===----------------------------------------------------------------------===//
// Contractions, windows, reductions, shapes
//===----------------------------------------------------------------------===//

Array matmul(const Array &lhs, const Array &rhs, bool transposeLhs = false,
             bool transposeRhs = false, NN_SITE);

/// Padding of a 2-D window op: explicit [top, bottom, left, right], or
/// "same" / "valid" as TensorFlow computes them.
struct Padding {
  Padding() = default;
  Padding(std::array<int64_t, 4> pads) : pads(pads) {}
  Padding(const char *mode) : mode(mode) {}
  Padding(std::string mode) : mode(std::move(mode)) {}
  std::array<int64_t, 4> pads{0, 0, 0, 0};
  std::string mode; // empty: `pads`
};
struct Conv2DOptions {
  std::array<int64_t, 2> strides{1, 1};
  std::array<int64_t, 2> dilations{1, 1};
  Padding padding;
};
/// NHWC input, HWIO filter.
Array conv2d(const Array &input, const Array &filter,
             const Conv2DOptions &options = {}, NN_SITE);
struct Pool2DOptions {
  std::array<int64_t, 2> window{2, 2};
  /// Defaults to the window.
  std::array<int64_t, 2> strides{0, 0};
  Padding padding;
};
Array maxPool2d(const Array &input, const Pool2DOptions &options = {}, NN_SITE);
Array avgPool2d(const Array &input, const Pool2DOptions &options = {}, NN_SITE);

/// Reductions over `axes` (negative counts from the end; empty = all).
Array reduceSum(const Array &x, std::vector<int64_t> axes = {},
                bool keepDims = false, NN_SITE);
Array reduceMean(const Array &x, std::vector<int64_t> axes = {},
                 bool keepDims = false, NN_SITE);
Array reduceMax(const Array &x, std::vector<int64_t> axes = {},
                bool keepDims = false, NN_SITE);
Array reduceMin(const Array &x, std::vector<int64_t> axes = {},
                bool keepDims = false, NN_SITE);
Array argmax(const Array &x, int64_t axis, bool keepDims = false, NN_SITE);
Array softmax(const Array &x, int64_t axis = -1, NN_SITE);
Array logSoftmax(const Array &x, int64_t axis = -1, NN_SITE);

/// One size may be -1 (inferred from the element count).
Array reshape(const Array &x, std::vector<int64_t> shape, NN_SITE);
Array transpose(const Array &x, std::vector<int64_t> perm, NN_SITE);
Array broadcastTo(const Array &x, std::vector<int64_t> shape, NN_SITE);
Array concat(const std::vector<Array> &inputs, int64_t axis, NN_SITE);
Array slice(const Array &x, std::vector<int64_t> start,
            std::vector<int64_t> limit, std::vector<int64_t> strides = {},
            NN_SITE);
Array pad(const Array &x, std::vector<int64_t> low, std::vector<int64_t> high,
          double value = 0.0, NN_SITE);
/// One-hot along a new last axis (f32 unless `dtype` says otherwise).
Array oneHot(const Array &indices, int64_t depth, DType dtype = DType::F32,
             NN_SITE);

//===----------------------------------------------------------------------===//
// Operators. A C++ number on either side becomes a rank-0 array of the
// other operand's dtype (a weak type, as JAX's Python scalars).
//===----------------------------------------------------------------------===//

Array operator+(const Array &lhs, const Array &rhs);
Array operator-(const Array &lhs, const Array &rhs);
Array operator*(const Array &lhs, const Array &rhs);
Array operator/(const Array &lhs, const Array &rhs);
Array operator-(const Array &x);
Array operator+(const Array &lhs, double rhs);
Array operator-(const Array &lhs, double rhs);
Array operator*(const Array &lhs, double rhs);
Array operator/(const Array &lhs, double rhs);
Array operator+(double lhs, const Array &rhs);
Array operator-(double lhs, const Array &rhs);
Array operator*(double lhs, const Array &rhs);
Array operator/(double lhs, const Array &rhs);

} // namespace nn

#endif // NN_EAGER_ARRAY_H
