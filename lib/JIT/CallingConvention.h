//===- CallingConvention.h - How the JIT calls compiled code ----*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The host side of the calling convention of compiled functions (see
// JitModule.cpp for the convention itself): the buffers of results tied to
// inputs (nn.tied_result) and the inputs a caller donates, the memref
// descriptors packed for a packed entry point, and the results taken back
// from the descriptors the callee filled in.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_JIT_CALLINGCONVENTION_H
#define NN_LIB_JIT_CALLINGCONVENTION_H

#include "nn/Reference/Tensor.h"
#include "nn/Support/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include "absl/status/statusor.h"

#include <vector>

namespace nn::rt {

/// Fails unless compiled code can run `func` on `inputs`: every result a
/// ranked tensor, and no input with elements but without data.
absl::Status checkCallable(mlir::func::FuncOp func,
                           llvm::ArrayRef<TensorView> inputs);

/// Where the results tied to an input (nn.tied_result) are written: into
/// the caller's memory where it donated the input, else into a copy of the
/// input that the result then owns.
struct TiedResults {
  /// Per result: the input it is written into, or -1.
  llvm::SmallVector<int64_t, 4> argument;
  /// Per input: whether the caller donated it.
  llvm::SmallVector<bool, 8> donated;
  /// Per input: the buffer a tied result is written into; null for the
  /// inputs no result is tied to.
  llvm::SmallVector<void *, 4> buffers;
  /// The copies made for tied results of inputs not donated, in result
  /// order, until takeResults hands them over.
  std::vector<Tensor> copies;
};

/// Checks the donated inputs of a call of `func` (each must have a result
/// tied to it, with the same shape) and makes the buffers of its tied
/// results into `tied`. `resultTypes` are the result shapes the shape
/// check computed. (An out-parameter: every call pays for this, and a
/// StatusOr of the vectors measurably slowed bench-call.)
absl::Status prepareTiedResults(mlir::func::FuncOp func,
                                llvm::ArrayRef<TensorView> inputs,
                                llvm::ArrayRef<size_t> donated,
                                llvm::ArrayRef<ref::Tensor> resultTypes,
                                TiedResults &tied);

/// The argument array of a packed entry point (`void **args`) for one
/// call: a pointer to the results' descriptors (when a result is returned),
/// then per argument a pointer to its descriptor, over the caller's memory
/// or the tied buffer, or to its value for index arguments. Holds pointers
/// into itself: neither copied nor moved.
class PackedArguments {
public:
  PackedArguments(mlir::TypeRange argTypes, llvm::ArrayRef<TensorView> inputs,
                  const TiedResults &tied,
                  llvm::ArrayRef<ref::Tensor> resultTypes);
  PackedArguments(const PackedArguments &) = delete;
  PackedArguments &operator=(const PackedArguments &) = delete;

  void **data() { return args.data(); }
  /// The results' descriptors once the callee filled them in, at
  /// getResultOffsets() (tied results have none).
  llvm::ArrayRef<int64_t> getResultWords() const { return resultWords; }
  llvm::ArrayRef<size_t> getResultOffsets() const { return resultOffsets; }

private:
  void packInputs(mlir::TypeRange argTypes, llvm::ArrayRef<TensorView> inputs,
                  const TiedResults &tied);

  llvm::SmallVector<int64_t, 64> words;
  llvm::SmallVector<int64_t, 8> scalars;
  llvm::SmallVector<void *, 8> pointers;
  llvm::SmallVector<int64_t, 32> resultWords;
  llvm::SmallVector<size_t, 4> resultOffsets;
  void *resultPointer = nullptr;
  llvm::SmallVector<void *, 8> args;
};

/// The results of a call as tensors, from the descriptors the callee filled
/// in: each owns its allocation, and a result that shares one with an
/// earlier result (the same value returned twice) gets a copy. Results tied
/// to an input are the caller's memory where it donated the input (owning
/// nothing), else the copies made for them, which `tied` hands over.
absl::StatusOr<std::vector<Tensor>>
takeResults(llvm::ArrayRef<ref::Tensor> resultTypes,
            const PackedArguments &packed, TiedResults &tied);

} // namespace nn::rt

#endif // NN_LIB_JIT_CALLINGCONVENTION_H
