//===- ABI.h - What nn-compile's objects and the AOT runtime share -*- C++ -*-//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// An object from nn-compile holds, per function, a constant NNAotFunction
// (its signature, its compiled shape checks and its packed entry point),
// and entry points that pass it to the runtime's nn_aot_call: the generic
// part of a call (signature checks, memref descriptors, results) is written
// once, in C++, in the runtime. The compiler builds these structs as LLVM
// constants (lib/AOT/Compiler/EntryPoints.cpp), field by field in this
// order: a change here is a change there.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_AOT_ABI_H
#define NN_LIB_AOT_ABI_H

#include <cstddef>
#include <cstdint>

extern "C" {

/// One input or output: {i32 dtype, i32 rank, i32 isIndex, i32 tied, ptr}.
struct NNAotTensorSpec {
  int32_t dtype; // an nn_dtype
  int32_t rank;
  /// An `index` argument: passed by value, not as a memref descriptor.
  int32_t isIndex;
  /// Of an input: the output written into (a copy of) it
  /// (`nn.tied_result`), or -1. Of an output: the input it is written
  /// into, or -1; such an output has no descriptor among the results.
  int32_t tied;
  /// `rank` sizes, NN_DYNAMIC where dynamic.
  const int64_t *dims;
};

/// Checks the dynamic sizes of a call: `inputDims` holds the sizes of every
/// input, in order. 0 when they satisfy every shape rule; otherwise the
/// check called nn_aot_shape_error.
using NNAotCheckFn = int32_t (*)(const int64_t *inputDims);

/// The packed calling convention of MLIR's ExecutionEngine: `args` points
/// to the result struct's pointer (when there are results), then to each
/// argument (a memref descriptor pointer, or an index value).
using NNAotEntryFn = void (*)(void **args);

/// {ptr, ptr, i64, i64, ptr, ptr, ptr, ptr}.
struct NNAotFunction {
  const char *name;
  /// `(?x4xf32, 4x2xf32) -> (?x2xf32)`.
  const char *signature;
  int64_t numInputs;
  int64_t numOutputs;
  const NNAotTensorSpec *inputs;
  const NNAotTensorSpec *outputs;
  NNAotCheckFn check;
  NNAotEntryFn entry;
};

/// The runtime functions compiled code calls (besides the allocator's
/// _mlir_memref_to_llvm_* and memrefCopy).
int32_t nn_aot_call(const NNAotFunction *function, const void *inputs,
                    size_t numInputs, void *outputs, size_t numOutputs);
/// Records a shape error: `format` with `{i}` replaced by values[i].
void nn_aot_shape_error(const char *format, const int64_t *values,
                        size_t numValues);
/// Fails (nonzero, after recording why) when a tensor of `rank` sizes
/// `dims` and `elementSize`-byte elements would not fit in memory; `what`
/// names it (`<loc>: 'nn.matmul' op result`), `dtype` is its element type.
int32_t nn_aot_check_size(const char *what, const int64_t *dims, int64_t rank,
                          int32_t dtype);
/// The signature queries behind the nn_<fn>_* helpers of the header.
int64_t nn_aot_num_inputs(const NNAotFunction *function);
int64_t nn_aot_num_outputs(const NNAotFunction *function);
int32_t nn_aot_rank(const NNAotFunction *function, int32_t isOutput,
                    int64_t index);
int32_t nn_aot_dtype(const NNAotFunction *function, int32_t isOutput,
                     int64_t index);
int64_t nn_aot_dim(const NNAotFunction *function, int32_t isOutput,
                   int64_t index, int64_t dim);
const char *nn_aot_signature(const NNAotFunction *function);

} // extern "C"

#endif // NN_LIB_AOT_ABI_H
