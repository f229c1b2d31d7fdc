//===- CallingConvention.cpp - How the JIT calls compiled code ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "CallingConvention.h"

#include "nn/IR/Diagnostics.h"
#include "nn/IR/NNDialect.h"
#include "nn/JIT/Allocator.h"
#include "nn/Support/TensorAccess.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <cstring>

using namespace mlir;

namespace nn::rt {

absl::Status checkCallable(func::FuncOp func, ArrayRef<TensorView> inputs) {
  for (Type type : func.getResultTypes())
    if (!isa<RankedTensorType>(type))
      return absl::UnimplementedError(
          "function '" + func.getSymName().str() +
          "' returns a non-tensor value (" + formatType(type) +
          "), which compiled calls do not support yet; run it with "
          "--device=ref");
  for (const TensorView &input : inputs) {
    if (input.getNumElements() > 0 && !input.getData())
      return absl::InvalidArgumentError("an input of function '" +
                                        func.getSymName().str() +
                                        "' has a null data pointer");
  }
  return absl::OkStatus();
}

/// Marks the donated inputs in `tied`, each checked to exist and to have a
/// result tied to it.
static absl::Status markDonated(func::FuncOp func, size_t numInputs,
                                ArrayRef<size_t> donated, TiedResults &tied) {
  tied.donated.assign(numInputs, false);
  for (size_t input : donated) {
    if (input >= numInputs)
      return absl::InvalidArgumentError(
          "donated input " + std::to_string(input) + " of function '" +
          func.getSymName().str() + "' does not exist (it takes " +
          std::to_string(numInputs) + " inputs)");
    if (!llvm::is_contained(tied.argument, static_cast<int64_t>(input)))
      return absl::InvalidArgumentError(
          "input " + std::to_string(input) + " of function '" +
          func.getSymName().str() +
          "' is donated but no output is tied to it (nn.tied_result)");
    tied.donated[input] = true;
  }
  return absl::OkStatus();
}

/// `2x3`, or `a scalar`, as the tied-shape message prints a shape.
static std::string formatSizes(ArrayRef<int64_t> shape) {
  std::string text;
  for (int64_t size : shape)
    text += (text.empty() ? "" : "x") + std::to_string(size);
  return text.empty() ? std::string("a scalar") : text;
}

absl::Status prepareTiedResults(func::FuncOp func, ArrayRef<TensorView> inputs,
                                ArrayRef<size_t> donated,
                                ArrayRef<ref::Tensor> resultTypes,
                                TiedResults &tied) {
  tied.argument.assign(resultTypes.size(), -1);
  for (unsigned arg = 0; arg < func.getNumArguments(); ++arg)
    if (auto attr = func.getArgAttrOfType<IntegerAttr>(
            arg, NNDialect::kTiedResultAttrName))
      tied.argument[attr.getInt()] = arg;
  if (absl::Status status = markDonated(func, inputs.size(), donated, tied);
      !status.ok())
    return status;
  tied.buffers.assign(inputs.size(), nullptr);
  for (auto [result, arg] : llvm::enumerate(tied.argument)) {
    if (arg < 0)
      continue;
    const ref::Tensor &expected = resultTypes[result];
    const TensorView &input = inputs[arg];
    // Same static type by the verifier; dynamic sizes must agree too, or
    // the result would not fit the buffer.
    if (expected.getShape() != input.getShape())
      return absl::InvalidArgumentError(
          "output " + std::to_string(result) + " of function '" +
          func.getSymName().str() + "' is written into input " +
          std::to_string(arg) + " (" + formatSizes(input.getShape()) +
          ") but has shape " + formatSizes(expected.getShape()));
    if (tied.donated[arg]) {
      tied.buffers[arg] = const_cast<void *>(input.getData());
      continue;
    }
    size_t bytes = expected.getNumElements() * getDTypeSize(input.getDType());
    void *copy = allocate(std::max<size_t>(bytes, 1));
    if (!copy)
      return absl::ResourceExhaustedError("out of memory for a result");
    if (bytes)
      std::memcpy(copy, input.getData(), bytes);
    tied.buffers[arg] = copy;
    tied.copies.push_back(detail::TensorAccess::adopt(
        input.getDType(), input.getShape(), copy, bytes, copy, &deallocate));
  }
  return absl::OkStatus();
}

PackedArguments::PackedArguments(TypeRange argTypes,
                                 ArrayRef<TensorView> inputs,
                                 const TiedResults &tied,
                                 ArrayRef<ref::Tensor> resultTypes) {
  packInputs(argTypes, inputs, tied);
  // The results, one descriptor each, laid out as the struct the callee
  // fills in.
  for (auto [i, result] : llvm::enumerate(resultTypes)) {
    resultOffsets.push_back(resultWords.size());
    if (tied.argument[i] < 0) // Tied results are not returned.
      resultWords.resize(resultWords.size() + 3 + 2 * result.getRank(), 0);
  }
  resultPointer = resultWords.data();
  if (!resultWords.empty())
    args.push_back(&resultPointer);
  for (auto [i, type] : llvm::enumerate(argTypes))
    args.push_back(type.isIndex() ? static_cast<void *>(&scalars[i])
                                  : static_cast<void *>(&pointers[i]));
}

void PackedArguments::packInputs(TypeRange argTypes,
                                 ArrayRef<TensorView> inputs,
                                 const TiedResults &tied) {
  // One descriptor per tensor argument, over the caller's memory (the code
  // does not write to it, except where the caller donated it); index
  // arguments by value.
  size_t numWords = 0;
  for (const TensorView &input : inputs)
    numWords += 3 + 2 * input.getRank();
  words.assign(numWords, 0);
  scalars.assign(inputs.size(), 0);
  pointers.assign(inputs.size(), nullptr);
  size_t next = 0;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    if (argTypes[i].isIndex()) {
      scalars[i] = *static_cast<const int64_t *>(input.getData());
      continue;
    }
    int64_t *descriptor = words.data() + next;
    int64_t rank = input.getRank();
    next += 3 + 2 * rank;
    auto data = reinterpret_cast<int64_t>(tied.buffers[i] ? tied.buffers[i]
                                                          : input.getData());
    descriptor[0] = data;
    descriptor[1] = data;
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      descriptor[3 + d] = input.getShape()[d];
      descriptor[3 + rank + d] = stride;
      stride *= input.getShape()[d];
    }
    pointers[i] = descriptor;
  }
}

/// Appends the result the callee returned in `descriptor` to `results`, as
/// a tensor that owns its allocation; a copy when an earlier result owns it
/// already.
static absl::Status takeResult(const ref::Tensor &expected,
                               const int64_t *descriptor,
                               llvm::SmallPtrSetImpl<void *> &owned,
                               std::vector<Tensor> &results) {
  DType dtype = expected.getElementType();
  size_t width = getDTypeSize(dtype);
  int64_t rank = expected.getRank();
  std::vector<int64_t> shape(descriptor + 3, descriptor + 3 + rank);
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  size_t bytes = count * width;
  auto *allocated = reinterpret_cast<void *>(descriptor[0]);
  auto *data =
      reinterpret_cast<uint8_t *>(descriptor[1]) + descriptor[2] * width;
  if (allocated && !owned.insert(allocated).second) {
    void *copy = allocate(std::max<size_t>(bytes, 1));
    if (!copy)
      return absl::ResourceExhaustedError("out of memory for a result");
    std::memcpy(copy, data, bytes);
    allocated = copy;
    data = static_cast<uint8_t *>(copy);
  }
  results.push_back(detail::TensorAccess::adopt(dtype, std::move(shape), data,
                                                bytes, allocated, &deallocate));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>>
takeResults(ArrayRef<ref::Tensor> resultTypes, const PackedArguments &packed,
            TiedResults &tied) {
  std::vector<Tensor> results;
  results.reserve(resultTypes.size());
  llvm::SmallPtrSet<void *, 4> owned;
  auto copies = tied.copies.begin();
  for (auto [i, expected] : llvm::enumerate(resultTypes)) {
    if (int64_t arg = tied.argument[i]; arg >= 0) {
      if (tied.donated[arg])
        results.push_back(detail::TensorAccess::adopt(
            expected.getElementType(), expected.getShape(), tied.buffers[arg],
            expected.getNumElements() * getDTypeSize(expected.getElementType()),
            nullptr, nullptr));
      else
        results.push_back(std::move(*copies++));
      continue;
    }
    if (absl::Status status = takeResult(expected,
                                         packed.getResultWords().data() +
                                             packed.getResultOffsets()[i],
                                         owned, results);
        !status.ok())
      return status;
  }
  return results;
}

} // namespace nn::rt
