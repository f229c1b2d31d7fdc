//===- Function.h - Compiled functions of the embedding API -----*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A function of a compiled module: its signature, and calls on host
// tensors. Every call is checked against the signature and against every
// shape rule of the function on the concrete input shapes before any
// compiled code runs, so a wrong input is an error, never a crash.
//
// This is a public header of the embedding API: it must include nothing
// from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_RUNTIME_FUNCTION_H
#define NN_RUNTIME_FUNCTION_H

#include "nn/Runtime/Tensor.h"

#include "absl/status/statusor.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace nn {

namespace detail {
struct CompiledModule;
struct FunctionInfo;
} // namespace detail

/// The type of one input or output of a function: a dtype and a shape in
/// which a dynamic dimension is kDynamic (-1).
class TensorSpec {
public:
  TensorSpec(DType dtype, std::vector<int64_t> shape)
      : dtype(dtype), shape(std::move(shape)) {}

  /// The element type, the sizes (kDynamic where dynamic) and the number of
  /// dimensions.
  DType getDType() const { return dtype; }
  const std::vector<int64_t> &getShape() const { return shape; }
  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  /// Whether dimension `i` (< getRank()) is dynamic.
  bool isDynamicDim(size_t i) const { return shape[i] == kDynamic; }
  /// `?x784xf32`.
  std::string getTypeString() const { return formatTensorType(shape, dtype); }

private:
  DType dtype;
  std::vector<int64_t> shape;
};

/// A callable function of a compiled module, obtained from
/// Executable::lookup. Functions are cheap handles that keep the compiled
/// code alive, and call() may run on several threads at once.
class Function {
public:
  /// The function's symbol name.
  const std::string &getName() const;

  /// The number of inputs and of outputs.
  size_t getNumInputs() const;
  size_t getNumOutputs() const;
  /// The type of input (resp. output) `i`, which must be in range. An
  /// `index` argument appears as a rank-0 i64 input.
  const TensorSpec &getInput(size_t i) const;
  const TensorSpec &getOutput(size_t i) const;
  const std::vector<TensorSpec> &getInputs() const;
  const std::vector<TensorSpec> &getOutputs() const;
  /// `(?x784xf32, 784x10xf32) -> (?x10xf32)`.
  std::string getSignatureString() const;
  /// The output written into input `i`'s buffer (the function's argument
  /// has `nn.tied_result`), or -1.
  int64_t getTiedOutput(size_t i) const;

  /// Calls the function on views of the caller's buffers and returns its
  /// outputs as new tensors. Errors (InvalidArgumentError unless noted),
  /// each saying what was expected and what was given:
  ///  * the number of inputs differs from getNumInputs();
  ///  * an input has another dtype or rank than its TensorSpec, a negative
  ///    size, or a size that differs from a static dimension;
  ///  * an input with elements has a null data pointer;
  ///  * the sizes of dynamic dimensions contradict each other or a shape
  ///    rule of an op (the message locates the op in the module's source,
  ///    e.g. `model.mlir:7:10: 'nn.matmul' op contracting dimensions
  ///    differ: ...`);
  ///  * InternalError if the compiled code cannot be run.
  /// The compiled code reads the inputs where they are (it never writes to
  /// them): the views must stay valid and unchanged during the call. The
  /// outputs own the memory the compiled code wrote them to.
  absl::StatusOr<std::vector<Tensor>>
  call(const std::vector<TensorView> &inputs) const;
  /// The same, on tensors.
  absl::StatusOr<std::vector<Tensor>>
  call(const std::vector<Tensor> &inputs) const;

  /// Calls the function on `inputs` and donates those listed in `donated`:
  /// an output tied to a donated input (getTiedOutput) is computed in that
  /// tensor's memory, without a copy where nothing else reads it, and the
  /// output takes the tensor over, leaving it empty in `inputs` (the other
  /// inputs are not changed). The way to update parameters in place, step
  /// after step. Errors (with `inputs` unchanged) as call(),
  /// and InvalidArgumentError if a donated index is out of range or
  /// repeated, no output is tied to it, or the output's shape differs from
  /// the donated tensor's (a dynamic size that changed).
  absl::StatusOr<std::vector<Tensor>>
  callDonating(std::vector<Tensor> &inputs,
               const std::vector<size_t> &donated) const;

  /// The same on views: `donated` lists input indices with the tensor each
  /// views (inputs[i] must view *tensor); a donated tensor is taken over
  /// by its tied output and left empty. The way to donate some inputs
  /// while reading the others in place.
  absl::StatusOr<std::vector<Tensor>>
  callDonating(const std::vector<TensorView> &inputs,
               const std::vector<std::pair<size_t, Tensor *>> &donated) const;

private:
  friend class Executable;
  Function(std::shared_ptr<const detail::CompiledModule> compiled,
           const detail::FunctionInfo *info)
      : compiled(std::move(compiled)), info(info) {}

  std::shared_ptr<const detail::CompiledModule> compiled;
  /// Owned by `compiled`.
  const detail::FunctionInfo *info;
};

} // namespace nn

#endif // NN_RUNTIME_FUNCTION_H
