/*===- Runtime.h - Calling ahead-of-time compiled nn functions ----*- C -*-===*\
|*                                                                            *|
|* Part of the nn project, under the Apache License v2.0 with LLVM            *|
|* Exceptions. See LICENSE.TXT for license information.                       *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* The C interface of objects that nn-compile writes, and of the small        *|
|* runtime library they need (nn::aot_runtime). Each compiled function        *|
|* `fn` is called as                                                          *|
|*                                                                            *|
|*   int nn_fn(const nn_tensor *inputs, size_t num_inputs,                    *|
|*             nn_tensor *outputs, size_t num_outputs);                       *|
|*                                                                            *|
|* which checks the inputs against the function's signature and every shape  *|
|* rule (as nn's JIT does before a call), runs the code on the inputs'        *|
|* memory (never written), and fills in `outputs` with memory the caller      *|
|* then owns (nn_tensor_free). On a wrong input it returns a nonzero          *|
|* nn_status and nn_last_error() says why; nothing is run or allocated.       *|
|* The header nn-compile writes next to the object declares each function    *|
|* with its shapes, and helpers to query its signature.                       *|
|*                                                                            *|
|* Plain C, with no MLIR or LLVM: an application needs only this header, the  *|
|* object and nn::aot_runtime.                                                *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef NN_AOT_RUNTIME_H
#define NN_AOT_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest rank of an input or output. */
#define NN_MAX_RANK 8

/* The size of a dynamic dimension in a signature query. */
#define NN_DYNAMIC (-1)

/* Element types, in the order of nn::DType. */
typedef enum nn_dtype {
  NN_F16 = 0,
  NN_BF16 = 1,
  NN_F32 = 2,
  NN_F64 = 3,
  NN_I1 = 4, /* one byte per element */
  NN_I32 = 5,
  NN_I64 = 6
} nn_dtype;

typedef enum nn_status {
  NN_OK = 0,
  /* A wrong number of inputs or outputs, a wrong dtype, rank or size. */
  NN_INVALID_ARGUMENT = 1,
  /* A result or a copy could not be allocated. */
  NN_OUT_OF_MEMORY = 2
} nn_status;

/* A dense row-major tensor. An input is the caller's memory (`owner` is
 * ignored); an output's `data` lies in a block the caller owns, which
 * nn_tensor_free returns. An `index` input is a rank-0 NN_I64 tensor. */
typedef struct nn_tensor {
  void *data;
  int64_t shape[NN_MAX_RANK]; /* the first `rank` entries */
  int32_t rank;
  int32_t dtype; /* an nn_dtype */
  void *owner;
} nn_tensor;

/* Why the last call of this thread failed ("" if none did). Valid until the
 * thread's next call. */
const char *nn_last_error(void);

/* Frees an output of a compiled function and clears it; null, or a tensor
 * that owns nothing (an input), is ignored. */
void nn_tensor_free(nn_tensor *tensor);

/* The number of elements of `tensor` (1 for rank 0). */
int64_t nn_tensor_num_elements(const nn_tensor *tensor);

/* `f32`, `bf16`, ...; "unknown" for a value outside nn_dtype. */
const char *nn_dtype_name(int32_t dtype);

/* Bytes per element (i1 takes one); 0 for a value outside nn_dtype. */
size_t nn_dtype_size(int32_t dtype);

/* Writes `tensor` to `path` as a NumPy .npy file, byte for byte as nn-run
 * --output writes it (bf16 has no NumPy dtype). NN_OK, or
 * NN_INVALID_ARGUMENT with nn_last_error() set. */
int nn_tensor_write_npy(const nn_tensor *tensor, const char *path);

/* Reads the NumPy .npy file `path` (versions 1.0 to 3.0, C order, a dtype
 * of nn_dtype that NumPy has) into `tensor`, which then owns its data: free
 * it with nn_tensor_free. The header and the file's size are checked before
 * anything is allocated. NN_OK; NN_INVALID_ARGUMENT (and `tensor` left as it
 * was) for a file that is missing, unreadable or not such an .npy file, or
 * NN_OUT_OF_MEMORY; nn_last_error() says which and why. */
int nn_tensor_read_npy(const char *path, nn_tensor *tensor);

#ifdef __cplusplus
}
#endif

#endif /* NN_AOT_RUNTIME_H */
