//===- ShapeInference.h - Shape rules of the nn ops -------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The shape rules of the nn ops, as plain functions over shapes. The
// verifiers (through InferTypeOpInterface) call them on static types, with
// `?` (ShapedType::kDynamic) where a size is unknown; run-time code calls
// them again on concrete shapes. Each failure emits a diagnostic that names
// the op, the operand and the values that disagree, when a location is given.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_SHAPEINFERENCE_H
#define NN_IR_SHAPEINFERENCE_H

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace nn {

using Shape = llvm::SmallVector<int64_t>;

/// Reports shape errors for one op: a location (none: stay silent) and the
/// op's name, which starts every message as MLIR's own verifiers do.
class ShapeErrorEmitter {
public:
  ShapeErrorEmitter(std::optional<mlir::Location> loc, llvm::StringRef opName)
      : loc(loc), opName(opName) {}

  template <typename... Args>
  mlir::LogicalResult operator()(Args &&...args) const {
    return mlir::emitOptionalError(loc, "'", opName, "' op ",
                                   std::forward<Args>(args)...);
  }

private:
  std::optional<mlir::Location> loc;
  llvm::StringRef opName;
};

/// `2x?x3`, or `scalar` for rank 0.
std::string formatShape(llvm::ArrayRef<int64_t> shape);
/// A size, or `?` when dynamic.
std::string formatDim(int64_t dim);

/// Numpy broadcasting of any number of shapes; `names` names each operand in
/// messages.
mlir::FailureOr<Shape>
inferBroadcastShape(const ShapeErrorEmitter &error,
                    llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes,
                    llvm::ArrayRef<llvm::StringRef> names);

/// Whether `operand` broadcasts to `target` (numpy rules, one direction).
mlir::LogicalResult verifyBroadcastTo(const ShapeErrorEmitter &error,
                                      llvm::ArrayRef<int64_t> operand,
                                      llvm::ArrayRef<int64_t> target);

mlir::FailureOr<Shape> inferMatmulShape(const ShapeErrorEmitter &error,
                                        llvm::ArrayRef<int64_t> lhs,
                                        llvm::ArrayRef<int64_t> rhs,
                                        bool transposeLhs, bool transposeRhs);

mlir::FailureOr<Shape> inferConv2DShape(const ShapeErrorEmitter &error,
                                        llvm::ArrayRef<int64_t> input,
                                        llvm::ArrayRef<int64_t> filter,
                                        llvm::ArrayRef<int64_t> strides,
                                        llvm::ArrayRef<int64_t> dilations,
                                        llvm::ArrayRef<int64_t> padding);

mlir::FailureOr<Shape> inferPool2DShape(const ShapeErrorEmitter &error,
                                        llvm::ArrayRef<int64_t> input,
                                        llvm::ArrayRef<int64_t> window,
                                        llvm::ArrayRef<int64_t> strides,
                                        llvm::ArrayRef<int64_t> padding);

/// Normalizes `axes` (negative counts from the end; empty means all) into
/// sorted, unique axes in [0, rank).
mlir::FailureOr<llvm::SmallVector<int64_t>>
normalizeAxes(const ShapeErrorEmitter &error, llvm::ArrayRef<int64_t> axes,
              int64_t rank);

/// Normalizes a single axis into [0, rank).
mlir::FailureOr<int64_t> normalizeAxis(const ShapeErrorEmitter &error,
                                       int64_t axis, int64_t rank);

mlir::FailureOr<Shape> inferReduceShape(const ShapeErrorEmitter &error,
                                        llvm::ArrayRef<int64_t> operand,
                                        llvm::ArrayRef<int64_t> axes,
                                        bool keepDims);

mlir::FailureOr<Shape> inferTransposeShape(const ShapeErrorEmitter &error,
                                           llvm::ArrayRef<int64_t> operand,
                                           llvm::ArrayRef<int64_t> perm);

mlir::FailureOr<Shape>
inferConcatShape(const ShapeErrorEmitter &error,
                 llvm::ArrayRef<llvm::ArrayRef<int64_t>> inputs, int64_t axis);

mlir::FailureOr<Shape> inferSliceShape(const ShapeErrorEmitter &error,
                                       llvm::ArrayRef<int64_t> operand,
                                       llvm::ArrayRef<int64_t> start,
                                       llvm::ArrayRef<int64_t> limit,
                                       llvm::ArrayRef<int64_t> strides);

mlir::FailureOr<Shape> inferPadShape(const ShapeErrorEmitter &error,
                                     llvm::ArrayRef<int64_t> operand,
                                     llvm::ArrayRef<int64_t> low,
                                     llvm::ArrayRef<int64_t> high,
                                     llvm::ArrayRef<int64_t> interior);

/// Whether `operand` can be reshaped to `result` (element counts, at most one
/// dynamic result dimension).
mlir::LogicalResult verifyReshape(const ShapeErrorEmitter &error,
                                  llvm::ArrayRef<int64_t> operand,
                                  llvm::ArrayRef<int64_t> result);

/// Checks that a gradient operand of shape `grad` has the shape of the
/// forward op's result, `forward` (a failed rule has already reported).
mlir::LogicalResult verifyGradShape(const ShapeErrorEmitter &error,
                                    mlir::FailureOr<Shape> forward,
                                    llvm::ArrayRef<int64_t> grad);

/// Checks that an op whose result's dynamic dimensions are given by operands
/// (as `tensor.empty` does) has `numSizes` of them, one per dynamic dimension
/// of `resultType`.
mlir::LogicalResult verifyDynamicSizeCount(const ShapeErrorEmitter &error,
                                           mlir::ShapedType resultType,
                                           size_t numSizes);

//===----------------------------------------------------------------------===//
// Run-time shapes
//===----------------------------------------------------------------------===//
//
// Some result types leave sizes dynamic that only the run can fix: a reshape
// resolves its dynamic dimension from the element count, a broadcast_to from
// its operand, a random op from its size operands. The interpreter (and any
// other run-time code) resolves them here, on concrete operand shapes, with
// the verifiers' checks and messages.

/// nn.reshape: the declared result shape of `resultType` (at most one
/// dimension dynamic) with the dynamic dimension resolved from the element
/// count of `operand`.
mlir::FailureOr<Shape> resolveReshapeShape(const ShapeErrorEmitter &error,
                                           llvm::ArrayRef<int64_t> operand,
                                           mlir::ShapedType resultType);

/// nn.broadcast_to: each dynamic dimension of `result` takes the aligned size
/// of `operand`, or 1 where the operand has no such dimension; the operand
/// must broadcast to the outcome.
mlir::FailureOr<Shape> resolveBroadcastToShape(const ShapeErrorEmitter &error,
                                               llvm::ArrayRef<int64_t> operand,
                                               llvm::ArrayRef<int64_t> result);

/// nn.random_*: the dynamic dimensions of `resultType` take `sizes`, in
/// order; nullopt stands for a size not known before the call (checking
/// shapes only, a size computed from data).
mlir::FailureOr<Shape>
resolveDynamicSizes(const ShapeErrorEmitter &error, mlir::ShapedType resultType,
                    llvm::ArrayRef<std::optional<int64_t>> sizes);

} // namespace nn

#endif // NN_IR_SHAPEINFERENCE_H
