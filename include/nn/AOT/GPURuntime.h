/*===- GPURuntime.h - nn's CUDA runtime, loaded at run time -------*- C -*-===*\
|*                                                                            *|
|* Part of the nn project, under the Apache License v2.0 with LLVM            *|
|* Exceptions. See LICENSE.TXT for license information.                       *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* Code from nn-gpu-pipeline calls MLIR's mgpu* runtime functions (module     *|
|* loads, launches, streams, allocations, copies). nn::aot_gpu_runtime        *|
|* implements them over the CUDA driver API, which it loads with              *|
|* dlopen("libcuda.so.1") at first use: nothing of CUDA is needed to link or  *|
|* to start a program, only to run kernels. Device memory comes from a pool   *|
|* that keeps freed blocks for later allocations of the same size class.      *|
|*                                                                            *|
|* The mgpu* functions cannot return errors. The first failure (no driver,    *|
|* no device, a module the driver rejects, an allocation beyond the device's  *|
|* memory, a failed launch) is recorded with the driver's message, and every  *|
|* later call is a safe no-op: allocations come from host memory, so host     *|
|* code never dereferences null, and nothing is launched. Callers check       *|
|* nn_gpu_last_error() after a call.                                          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef NN_AOT_GPURUNTIME_H
#define NN_AOT_GPURUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Loads the driver and sets up the device (at most once); 0 when kernels
 * can run, nonzero otherwise (nn_gpu_last_error() says why, e.g.
 * "no CUDA driver: libcuda.so.1 not found"). The driver library is
 * $NN_CUDA_DRIVER when set, libcuda.so.1 otherwise; the device is
 * $NN_CUDA_DEVICE (default 0). */
int nn_gpu_init(void);

/* The first error since the start or the last nn_gpu_clear_error(), or
 * NULL. */
const char *nn_gpu_last_error(void);

/* Forgets the recorded error, so that later calls run again (a failed
 * initialization is not retried). */
void nn_gpu_clear_error(void);

/* The device's name ("NVIDIA H200"), or "" before a successful init. */
const char *nn_gpu_device_name(void);

/* Waits for all work on the device; 0, or nonzero after an error. */
int nn_gpu_synchronize(void);

/* Device memory held by the pool: in use by buffers, and cached for reuse. */
typedef struct nn_gpu_pool_stats {
  uint64_t bytes_in_use;
  uint64_t bytes_cached;
  uint64_t driver_allocations; /* calls of the driver's allocator */
} nn_gpu_pool_stats;
nn_gpu_pool_stats nn_gpu_pool_get_stats(void);

/* Returns the cached blocks to the driver. */
void nn_gpu_pool_trim(void);

/* The mgpu* functions by name, ending with {NULL, NULL}: nn's JIT binds
 * them for the code it links, so that a program needs not export them
 * (-rdynamic) to run GPU code. */
typedef struct nn_gpu_symbol {
  const char *name;
  void *address;
} nn_gpu_symbol;
const nn_gpu_symbol *nn_gpu_symbols(void);

#ifdef __cplusplus
}
#endif

#endif /* NN_AOT_GPURUNTIME_H */
