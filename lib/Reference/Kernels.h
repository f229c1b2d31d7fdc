//===- Kernels.h - Reference kernels of the nn ops --------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One plain loop nest per op. Callers pass concrete shapes that the shape
// rules (ShapeInference.h) have already accepted; the kernels only compute.
// Floats are computed in double and rounded once to the element type; sums
// accumulate in double; integers wrap to their width.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_REFERENCE_KERNELS_H
#define NN_LIB_REFERENCE_KERNELS_H

#include "nn/Reference/Tensor.h"

#include "absl/status/statusor.h"
#include "llvm/ADT/ArrayRef.h"

namespace nn::ref::kernels {

using Shape = std::vector<int64_t>;

enum class BinaryKind { Add, Sub, Mul, Div, Pow, Maximum, Minimum };
enum class CompareKind { Eq, Ne, Lt, Le, Gt, Ge };
enum class UnaryKind {
  Neg,
  Abs,
  Exp,
  Log,
  Sqrt,
  Rsqrt,
  Tanh,
  Sigmoid,
  Relu,
  Sign
};
enum class ReduceKind { Sum, Mean, Max, Min };

/// Fails only on integer division by zero.
absl::StatusOr<Tensor> binary(BinaryKind kind, const Tensor &lhs,
                              const Tensor &rhs, const Shape &shape);
Tensor compare(CompareKind kind, const Tensor &lhs, const Tensor &rhs,
               const Shape &shape);
Tensor select(const Tensor &cond, const Tensor &onTrue, const Tensor &onFalse,
              const Shape &shape);
Tensor unary(UnaryKind kind, const Tensor &operand);
Tensor cast(const Tensor &operand, DType type);

Tensor matmul(const Tensor &lhs, const Tensor &rhs, bool transposeLhs,
              bool transposeRhs, const Shape &shape);
Tensor conv2d(const Tensor &input, const Tensor &filter,
              llvm::ArrayRef<int64_t> strides,
              llvm::ArrayRef<int64_t> dilations,
              llvm::ArrayRef<int64_t> padding, const Shape &shape);
Tensor pool2d(bool isMax, const Tensor &input, llvm::ArrayRef<int64_t> window,
              llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> padding,
              const Shape &shape);

/// `axes` are normalized: sorted, unique, in [0, rank).
Tensor reduce(ReduceKind kind, const Tensor &operand,
              llvm::ArrayRef<int64_t> axes, bool keepDims);
Tensor argmax(const Tensor &operand, int64_t axis, bool keepDims);
Tensor softmax(const Tensor &operand, int64_t axis, bool log);

Tensor reshape(const Tensor &operand, const Shape &shape);
Tensor transpose(const Tensor &operand, llvm::ArrayRef<int64_t> perm);
Tensor broadcastTo(const Tensor &operand, const Shape &shape);
Tensor concat(llvm::ArrayRef<const Tensor *> inputs, int64_t axis,
              const Shape &shape);
Tensor slice(const Tensor &operand, llvm::ArrayRef<int64_t> start,
             llvm::ArrayRef<int64_t> strides, const Shape &shape);
Tensor pad(const Tensor &operand, llvm::ArrayRef<int64_t> low,
           llvm::ArrayRef<int64_t> interior, double value, const Shape &shape);
Tensor oneHot(const Tensor &indices, int64_t depth, DType type);

/// Sums `operand` down to `shape`, which broadcasts to the operand's shape.
Tensor unbroadcast(const Tensor &operand, const Shape &shape);

/// Gradients of conv2d and pooling. `shape` is the shape of the result (the
/// forward op's input or filter).
Tensor conv2dInputGrad(const Tensor &filter, const Tensor &grad,
                       llvm::ArrayRef<int64_t> strides,
                       llvm::ArrayRef<int64_t> dilations,
                       llvm::ArrayRef<int64_t> padding, const Shape &shape);
Tensor conv2dFilterGrad(const Tensor &input, const Tensor &grad,
                        llvm::ArrayRef<int64_t> strides,
                        llvm::ArrayRef<int64_t> dilations,
                        llvm::ArrayRef<int64_t> padding, const Shape &shape);
Tensor pool2dGrad(bool isMax, const Tensor &input, const Tensor &grad,
                  llvm::ArrayRef<int64_t> window,
                  llvm::ArrayRef<int64_t> strides,
                  llvm::ArrayRef<int64_t> padding);

/// Counter-based random numbers (Philox4x32-10 keyed by the seed, counter =
/// the element's row-major index), computed in double and rounded.
Tensor randomUniform(int64_t seed, DType type, const Shape &shape, double low,
                     double high);
Tensor randomNormal(int64_t seed, DType type, const Shape &shape, double mean,
                    double stddev);

} // namespace nn::ref::kernels

#endif // NN_LIB_REFERENCE_KERNELS_H
