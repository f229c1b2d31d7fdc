//===- Runtime.cpp - Calls of ahead-of-time compiled functions ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The generic half of every call of an nn-compile object: the signature
// checks (with the messages of the JIT's embedding API), the function's
// compiled shape checks, the memref descriptors of MLIR's C interface, and
// the results. The layout of descriptors and of the packed arguments is the
// JIT's (see lib/JIT/JitModule.cpp). No LLVM, no MLIR: this library is
// what an application links besides the object.
//
//===----------------------------------------------------------------------===//

#include "nn/AOT/Runtime.h"

#include "../ABI.h"
#include "Error.h"
#include "nn/JIT/Allocator.h"
#include "nn/Support/Sizes.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <unistd.h>

namespace {
thread_local std::string lastError;
} // namespace

int32_t nn::aot::fail(int32_t status, std::string message) {
  lastError = std::move(message);
  return status;
}

namespace {
using nn::aot::fail;

/// Scratch memory of a call: on the stack up to N elements, so that calls
/// of functions with few inputs allocate nothing of their own.
template <typename T, size_t N> class Scratch {
public:
  explicit Scratch(size_t size) {
    if (size > N) {
      heap.reset(new (std::nothrow) T[size]());
      data = heap.get();
    }
  }
  bool ok() const { return data != nullptr; }
  T &operator[](size_t i) { return data[i]; }
  T *get() { return data; }

private:
  T local[N] = {};
  std::unique_ptr<T[]> heap;
  T *data = local;
};

/// The sizes of a shape, as a range for nn/Support/Sizes.h.
struct Dims {
  const int64_t *first;
  int64_t rank;
  const int64_t *begin() const { return first; }
  const int64_t *end() const { return first + rank; }
};

/// `?x4xf32` (a signature's type; NN_DYNAMIC prints as `?`).
std::string formatSpec(const NNAotTensorSpec &spec) {
  std::string text;
  for (int32_t d = 0; d < spec.rank; ++d)
    text += (spec.dims[d] == NN_DYNAMIC ? std::string("?")
                                        : std::to_string(spec.dims[d])) +
            "x";
  return text + nn_dtype_name(spec.dtype);
}

/// A shape as given, negative sizes included.
std::string formatGiven(const nn_tensor &tensor) {
  std::string text;
  for (int32_t d = 0; d < tensor.rank; ++d)
    text += std::to_string(tensor.shape[d]) + "x";
  return text + nn_dtype_name(tensor.dtype);
}

/// Checks input `index` against its spec, as the JIT's embedding API does
/// (lib/Runtime/Compile.cpp, checkInput), with the same messages.
int32_t checkInput(const NNAotFunction &function, size_t index,
                   const nn_tensor &input) {
  const NNAotTensorSpec &spec = function.inputs[index];
  std::string prefix =
      "input " + std::to_string(index) + " of function '" + function.name + "'";
  if (input.rank < 0 || input.rank > NN_MAX_RANK)
    return fail(NN_INVALID_ARGUMENT,
                prefix + " has rank " + std::to_string(input.rank) +
                    ", outside [0, " + std::to_string(NN_MAX_RANK) + "]");
  std::string given = formatGiven(input);
  for (int32_t d = 0; d < input.rank; ++d)
    if (input.shape[d] < 0)
      return fail(NN_INVALID_ARGUMENT, prefix +
                                           " has a negative size in "
                                           "dimension " +
                                           std::to_string(d) + " (" + given +
                                           ")");
  if (input.dtype != spec.dtype)
    return fail(NN_INVALID_ARGUMENT,
                prefix + " has dtype " + nn_dtype_name(input.dtype) + " (" +
                    given + ") but the function takes " +
                    nn_dtype_name(spec.dtype) + " (" + formatSpec(spec) + ")");
  if (input.rank != spec.rank)
    return fail(NN_INVALID_ARGUMENT,
                prefix + " has rank " + std::to_string(input.rank) + " (" +
                    given + ") but the function takes rank " +
                    std::to_string(spec.rank) + " (" + formatSpec(spec) + ")");
  for (int32_t d = 0; d < spec.rank; ++d)
    if (spec.dims[d] != NN_DYNAMIC && spec.dims[d] != input.shape[d])
      return fail(NN_INVALID_ARGUMENT,
                  prefix + " has size " + std::to_string(input.shape[d]) +
                      " in dimension " + std::to_string(d) + " (" + given +
                      ") but the function takes " +
                      std::to_string(spec.dims[d]) + " (" + formatSpec(spec) +
                      ")");
  std::optional<int64_t> bytes = nn::getByteSize(Dims{input.shape, input.rank},
                                                 nn_dtype_size(input.dtype));
  if (!bytes)
    return fail(NN_INVALID_ARGUMENT,
                prefix + " (" + given + ") needs over 2^63 bytes");
  if (*bytes > 0 && !input.data)
    return fail(NN_INVALID_ARGUMENT,
                prefix + " (" + given + ") has a null data pointer");
  return NN_OK;
}

/// Checks the call's counts and inputs, then the function's compiled shape
/// checks on the inputs' sizes.
int32_t checkCall(const NNAotFunction &function, const nn_tensor *inputs,
                  size_t numInputs, const nn_tensor *outputs,
                  size_t numOutputs) {
  std::string name = function.name;
  if (numInputs != static_cast<size_t>(function.numInputs))
    return fail(NN_INVALID_ARGUMENT,
                "function '" + name + "' takes " +
                    std::to_string(function.numInputs) + " inputs but " +
                    std::to_string(numInputs) + " were given");
  if (numOutputs != static_cast<size_t>(function.numOutputs))
    return fail(NN_INVALID_ARGUMENT, "function '" + name + "' has " +
                                         std::to_string(function.numOutputs) +
                                         " outputs but room for " +
                                         std::to_string(numOutputs) +
                                         " was given");
  if ((numInputs && !inputs) || (numOutputs && !outputs))
    return fail(NN_INVALID_ARGUMENT, "function '" + name +
                                         "' was called with a null array of " +
                                         (inputs ? "outputs" : "inputs"));
  size_t numDims = 0;
  for (size_t i = 0; i < numInputs; ++i) {
    if (int32_t status = checkInput(function, i, inputs[i]))
      return status;
    numDims += inputs[i].rank;
  }
  Scratch<int64_t, 64> dims(numDims);
  if (!dims.ok())
    return fail(NN_OUT_OF_MEMORY, "out of memory for the input sizes");
  size_t next = 0;
  for (size_t i = 0; i < numInputs; ++i)
    for (int32_t d = 0; d < inputs[i].rank; ++d)
      dims[next++] = inputs[i].shape[d];
  return function.check(dims.get()) ? NN_INVALID_ARGUMENT : NN_OK;
}

/// The words of a rank-`rank` memref descriptor: allocated and aligned
/// pointers, offset, sizes, strides.
size_t descriptorWords(int64_t rank) { return 3 + 2 * rank; }

/// Fills in at `words` the descriptor of a dense row-major tensor of
/// `input`'s shape at `data`.
void describeInput(const nn_tensor &input, const void *data, int64_t *words) {
  words[0] = reinterpret_cast<int64_t>(data);
  words[1] = words[0];
  words[2] = 0;
  int64_t stride = 1;
  for (int64_t d = input.rank - 1; d >= 0; --d) {
    words[3 + d] = input.shape[d];
    words[3 + input.rank + d] = stride;
    stride *= input.shape[d];
  }
}

size_t byteSize(const nn_tensor &tensor) {
  return nn_tensor_num_elements(&tensor) * nn_dtype_size(tensor.dtype);
}

/// Copies of the inputs that outputs are written into (`nn.tied_result`),
/// as the JIT makes them: the caller's inputs are never written. Null for
/// the other inputs.
int32_t copyTiedInputs(const NNAotFunction &function, const nn_tensor *inputs,
                       void **copies) {
  for (int64_t i = 0; i < function.numInputs; ++i) {
    copies[i] = nullptr;
    if (function.inputs[i].tied < 0)
      continue;
    size_t bytes = byteSize(inputs[i]);
    copies[i] = nn::rt::allocate(bytes ? bytes : 1);
    if (!copies[i]) {
      for (int64_t j = 0; j < i; ++j)
        nn::rt::deallocate(copies[j]);
      return fail(NN_OUT_OF_MEMORY,
                  "out of memory for a copy of input " + std::to_string(i));
    }
    if (bytes)
      std::memcpy(copies[i], inputs[i].data, bytes);
  }
  return NN_OK;
}

/// Frees outputs [0, count) after a failure.
void freeOutputs(nn_tensor *outputs, size_t count) {
  for (size_t i = 0; i < count; ++i)
    nn_tensor_free(&outputs[i]);
}

/// Whether output `i` lies in the allocation of an earlier output.
bool sharesEarlier(const nn_tensor *outputs, size_t i) {
  for (size_t j = 0; j < i; ++j)
    if (outputs[i].owner && outputs[j].owner == outputs[i].owner)
      return true;
  return false;
}

/// Gives each output that shares an earlier one's allocation (the same
/// value returned twice) a copy of its own, so that each can be freed.
int32_t separateOutputs(nn_tensor *outputs, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (!sharesEarlier(outputs, i))
      continue;
    size_t bytes = byteSize(outputs[i]);
    void *copy = nn::rt::allocate(bytes ? bytes : 1);
    if (!copy) {
      // Free each allocation once.
      for (size_t k = count; k-- > i;)
        if (sharesEarlier(outputs, k))
          outputs[k].owner = nullptr;
      freeOutputs(outputs, count);
      return fail(NN_OUT_OF_MEMORY, "out of memory for a result");
    }
    std::memcpy(copy, outputs[i].data, bytes);
    outputs[i].data = copy;
    outputs[i].owner = copy;
  }
  return NN_OK;
}

/// The outputs: from the result descriptors the callee filled in, or the
/// copy of the input an output was written into. Each owns its memory.
int32_t takeResults(const NNAotFunction &function, const int64_t *words,
                    const nn_tensor *inputs, void *const *copies,
                    nn_tensor *outputs) {
  size_t count = function.numOutputs;
  for (size_t i = 0, offset = 0; i < count; ++i) {
    const NNAotTensorSpec &spec = function.outputs[i];
    nn_tensor &output = outputs[i];
    output.rank = spec.rank;
    output.dtype = spec.dtype;
    if (spec.tied >= 0) {
      // The shape checks made sure that the output has the input's shape.
      std::memcpy(output.shape, inputs[spec.tied].shape, sizeof(output.shape));
      output.data = output.owner = copies[spec.tied];
      continue;
    }
    const int64_t *descriptor = words + offset;
    offset += descriptorWords(spec.rank);
    for (int32_t d = 0; d < spec.rank; ++d)
      output.shape[d] = descriptor[3 + d];
    output.owner = reinterpret_cast<void *>(descriptor[0]);
    output.data = reinterpret_cast<char *>(descriptor[1]) +
                  descriptor[2] * nn_dtype_size(spec.dtype);
  }
  return separateOutputs(outputs, count);
}

/// Calls the packed entry point: the results' struct pointer (when some
/// results are returned), then per input its descriptor pointer (over
/// the caller's memory, or over the copy an output is written into) or,
/// for an index, its value.
void invoke(const NNAotFunction &function, const nn_tensor *inputs,
            void *const *copies, int64_t *words, int64_t *results,
            int64_t *scalars, void **pointers, void **args) {
  size_t numArgs = 0;
  bool hasResults = false;
  for (int64_t i = 0; i < function.numOutputs; ++i)
    hasResults |= function.outputs[i].tied < 0;
  if (hasResults)
    args[numArgs++] = &results;
  for (int64_t i = 0; i < function.numInputs; ++i) {
    if (function.inputs[i].isIndex) {
      scalars[i] = *static_cast<const int64_t *>(inputs[i].data);
      args[numArgs++] = &scalars[i];
      continue;
    }
    describeInput(inputs[i], copies[i] ? copies[i] : inputs[i].data, words);
    pointers[i] = words;
    words += descriptorWords(inputs[i].rank);
    args[numArgs++] = &pointers[i];
  }
  function.entry(args);
}

} // namespace

extern "C" {

int32_t nn_aot_call(const NNAotFunction *function, const void *inputArray,
                    size_t numInputs, void *outputArray, size_t numOutputs) {
  const auto *inputs = static_cast<const nn_tensor *>(inputArray);
  auto *outputs = static_cast<nn_tensor *>(outputArray);
  if (int32_t status =
          checkCall(*function, inputs, numInputs, outputs, numOutputs))
    return status;
  size_t numWords = 0;
  for (size_t i = 0; i < numInputs; ++i)
    numWords += descriptorWords(inputs[i].rank);
  for (int64_t i = 0; i < function->numOutputs; ++i)
    numWords += descriptorWords(function->outputs[i].rank);
  // On the stack for a few inputs: a call allocates nothing of its own.
  Scratch<int64_t, 128> words(numWords);
  Scratch<int64_t, 16> scalars(numInputs);
  Scratch<void *, 16> pointers(numInputs), copies(numInputs);
  Scratch<void *, 17> args(numInputs + 1);
  if (!words.ok() || !scalars.ok() || !pointers.ok() || !copies.ok() ||
      !args.ok())
    return fail(NN_OUT_OF_MEMORY, "out of memory for the call's arguments");
  if (int32_t status = copyTiedInputs(*function, inputs, copies.get()))
    return status;
  int64_t *results = words.get();
  int64_t *descriptors = results;
  for (int64_t i = 0; i < function->numOutputs; ++i)
    if (function->outputs[i].tied < 0)
      descriptors += descriptorWords(function->outputs[i].rank);
  invoke(*function, inputs, copies.get(), descriptors, results, scalars.get(),
         pointers.get(), args.get());
  return takeResults(*function, results, inputs, copies.get(), outputs);
}

void nn_aot_shape_error(const char *format, const int64_t *values,
                        size_t numValues) {
  std::string text;
  for (const char *c = format; *c; ++c) {
    // `{i}`: values[i]; any other brace is text.
    char *end = nullptr;
    if (*c == '{' && c[1] >= '0' && c[1] <= '9') {
      unsigned long index = std::strtoul(c + 1, &end, 10);
      if (*end == '}' && index < numValues) {
        text += std::to_string(values[index]);
        c = end;
        continue;
      }
    }
    text += *c;
  }
  lastError = std::move(text);
}

int32_t nn_aot_check_size(const char *what, const int64_t *dims, int64_t rank,
                          int32_t dtype) {
  // The interpreter's limit (nn::ref::getDefaultMaxTensorBytes): the
  // machine's memory, beyond which the allocator would fail and the
  // compiled code, which does not check, would crash.
  static const uint64_t limit = [] {
    long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? static_cast<uint64_t>(pages) * pageSize
                                     : UINT64_MAX;
  }();
  std::optional<int64_t> bytes =
      nn::getByteSize(Dims{dims, rank}, nn_dtype_size(dtype));
  if (bytes && static_cast<uint64_t>(*bytes) <= limit)
    return 0;
  std::string type;
  for (int64_t d = 0; d < rank; ++d)
    type += std::to_string(dims[d]) + "x";
  lastError = std::string(what) + " " + type + nn_dtype_name(dtype) +
              " needs " +
              (bytes ? std::to_string(*bytes) : std::string("over 2^63")) +
              " bytes; a tensor may have at most " + std::to_string(limit) +
              " (this machine's memory)";
  return 1;
}

int64_t nn_aot_num_inputs(const NNAotFunction *function) {
  return function->numInputs;
}

int64_t nn_aot_num_outputs(const NNAotFunction *function) {
  return function->numOutputs;
}

/// The spec of input or output `index`, or null when out of range.
static const NNAotTensorSpec *getSpec(const NNAotFunction *function,
                                      int32_t isOutput, int64_t index) {
  int64_t count = isOutput ? function->numOutputs : function->numInputs;
  if (index < 0 || index >= count)
    return nullptr;
  return isOutput ? &function->outputs[index] : &function->inputs[index];
}

int32_t nn_aot_rank(const NNAotFunction *function, int32_t isOutput,
                    int64_t index) {
  const NNAotTensorSpec *spec = getSpec(function, isOutput, index);
  return spec ? spec->rank : -1;
}

int32_t nn_aot_dtype(const NNAotFunction *function, int32_t isOutput,
                     int64_t index) {
  const NNAotTensorSpec *spec = getSpec(function, isOutput, index);
  return spec ? spec->dtype : -1;
}

int64_t nn_aot_dim(const NNAotFunction *function, int32_t isOutput,
                   int64_t index, int64_t dim) {
  const NNAotTensorSpec *spec = getSpec(function, isOutput, index);
  if (!spec || dim < 0 || dim >= spec->rank)
    return -2;
  return spec->dims[dim];
}

const char *nn_aot_signature(const NNAotFunction *function) {
  return function->signature;
}

//===----------------------------------------------------------------------===//
// The public C API
//===----------------------------------------------------------------------===//

const char *nn_last_error(void) { return lastError.c_str(); }

void nn_tensor_free(nn_tensor *tensor) {
  if (!tensor)
    return;
  nn::rt::deallocate(tensor->owner);
  tensor->owner = nullptr;
  tensor->data = nullptr;
}

int64_t nn_tensor_num_elements(const nn_tensor *tensor) {
  int64_t count = 1;
  for (int32_t d = 0; d < tensor->rank; ++d)
    count *= tensor->shape[d];
  return count;
}

const char *nn_dtype_name(int32_t dtype) {
  static const char *const names[] = {"f16", "bf16", "f32", "f64",
                                      "i1",  "i32",  "i64"};
  return dtype >= 0 && dtype <= NN_I64 ? names[dtype] : "unknown";
}

size_t nn_dtype_size(int32_t dtype) {
  static const size_t sizes[] = {2, 2, 4, 8, 1, 4, 8};
  return dtype >= 0 && dtype <= NN_I64 ? sizes[dtype] : 0;
}

} // extern "C"
