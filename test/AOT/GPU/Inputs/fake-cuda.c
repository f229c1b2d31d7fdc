/* A stand-in for libcuda.so.1 on machines without a GPU: the driver
 * functions nn's GPU runtime loads, over host memory. Memory beyond
 * $FAKE_CUDA_MEMORY bytes (in all) is "out of memory"; a module that is not
 * PTX text fails to load with a JIT log; launches only count. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t used;
static int launches;

static size_t limit(void) {
  const char *text = getenv("FAKE_CUDA_MEMORY");
  return text ? (size_t)strtoull(text, NULL, 10) : (size_t)1 << 30;
}

int fake_cuda_launches(void) { return launches; }

int cuInit(unsigned flags) { return 0; }
int cuDeviceGetCount(int *count) { *count = 1; return 0; }
int cuDeviceGet(int *device, int ordinal) { *device = ordinal; return 0; }
int cuDeviceGetName(char *name, int size, int device) {
  snprintf(name, size, "Fake GPU %d", device);
  return 0;
}
static int context;
int cuDevicePrimaryCtxRetain(void **ctx, int device) { *ctx = &context; return 0; }
int cuCtxSetCurrent(void *ctx) { return ctx == &context ? 0 : 201; }
int cuCtxSynchronize(void) { return 0; }
int cuGetErrorName(int error, const char **name) {
  *name = error == 2 ? "CUDA_ERROR_OUT_OF_MEMORY"
        : error == 218 ? "CUDA_ERROR_INVALID_PTX"
        : error == 500 ? "CUDA_ERROR_NOT_FOUND" : "CUDA_ERROR_UNKNOWN";
  return 0;
}
int cuGetErrorString(int error, const char **text) {
  *text = error == 2 ? "out of memory"
        : error == 218 ? "a PTX JIT compilation failed"
        : error == 500 ? "named symbol not found" : "unknown error";
  return 0;
}
static int module;
int cuModuleLoadData(void **mod, const void *data) { *mod = &module; return 0; }
int cuModuleLoadDataEx(void **mod, const void *data, unsigned n, int *options,
                       void **values) {
  if (strncmp((const char *)data, "//", 2) == 0) {
    *mod = &module;
    return 0;
  }
  for (unsigned i = 0; i < n; ++i)
    if (options[i] == 5) /* CU_JIT_ERROR_LOG_BUFFER */
      strcpy((char *)values[i], "ptxas fatal: not PTX");
  return 218;
}
int cuModuleUnload(void *mod) { return 0; }
static int function;
int cuModuleGetFunction(void **fn, void *mod, const char *name) {
  if (strcmp(name, "missing") == 0)
    return 500;
  *fn = &function;
  return 0;
}
int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                   unsigned by, unsigned bz, unsigned smem, void *stream,
                   void **params, void **extra) {
  ++launches;
  return bx * by * bz > 1024 ? 1 : 0; /* CUDA_ERROR_INVALID_VALUE */
}
static int streams;
int cuStreamCreate(void **stream, unsigned flags) {
  *stream = (void *)(intptr_t)++streams;
  return 0;
}
int cuStreamDestroy_v2(void *stream) { return 0; }
int cuStreamSynchronize(void *stream) { return 0; }
int cuStreamWaitEvent(void *stream, void *event, unsigned flags) { return 0; }
int cuEventCreate(void **event, unsigned flags) { *event = malloc(1); return 0; }
int cuEventDestroy_v2(void *event) { free(event); return 0; }
int cuEventRecord(void *event, void *stream) { return 0; }
int cuEventSynchronize(void *event) { return 0; }
static int allocate(uintptr_t *pointer, size_t size) {
  if (used + size > limit())
    return 2;
  size_t *block = malloc(size + 16);
  block[0] = size;
  used += size;
  *pointer = (uintptr_t)(block + 2);
  return 0;
}
int cuMemAlloc_v2(uintptr_t *pointer, size_t size) { return allocate(pointer, size); }
int cuMemAllocManaged(uintptr_t *pointer, size_t size, unsigned flags) {
  return allocate(pointer, size);
}
int cuMemFree_v2(uintptr_t pointer) {
  size_t *block = (size_t *)pointer - 2;
  used -= block[0];
  free(block);
  return 0;
}
int cuMemcpyAsync(uintptr_t dst, uintptr_t src, size_t size, void *stream) {
  memcpy((void *)dst, (const void *)src, size);
  return 0;
}
int cuMemsetD32Async(uintptr_t dst, unsigned value, size_t n, void *stream) {
  for (size_t i = 0; i < n; ++i)
    ((unsigned *)dst)[i] = value;
  return 0;
}
int cuMemsetD16Async(uintptr_t dst, unsigned short value, size_t n, void *stream) {
  for (size_t i = 0; i < n; ++i)
    ((unsigned short *)dst)[i] = value;
  return 0;
}
