/* Exercises nn's GPU runtime (nn/AOT/GPURuntime.h and the mgpu* functions
 * compiled code calls) as compiled code would, printing what happens. */
#include "nn/AOT/GPURuntime.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void *mgpuMemAlloc(uint64_t size, void *stream, bool managed);
void mgpuMemFree(void *pointer, void *stream);
void mgpuMemcpy(void *dst, void *src, size_t size, void *stream);
void mgpuMemset32(void *dst, unsigned value, size_t count, void *stream);
void *mgpuStreamCreate(void);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamDestroy(void *stream);
void *mgpuModuleLoadJIT(void *data, int optLevel);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gx, intptr_t gy, intptr_t gz,
                      intptr_t bx, intptr_t by, intptr_t bz, int32_t smem,
                      void *stream, void **params, void **extra, size_t n);

static void report(const char *step) {
  const char *error = nn_gpu_last_error();
  printf("%s: %s\n", step, error ? error : "ok");
  nn_gpu_clear_error();
}

int main(void) {
  printf("init: %d\n", nn_gpu_init());
  report("init");
  printf("device: '%s'\n", nn_gpu_device_name());

  /* A copy through device memory and back. */
  float in[4] = {1, 2, 3, 4}, out[4] = {0};
  void *stream = mgpuStreamCreate();
  float *buffer = mgpuMemAlloc(sizeof(in), stream, true);
  printf("alloc: %s\n", buffer ? "non-null" : "null");
  mgpuMemcpy(buffer, in, sizeof(in), stream);
  mgpuMemset32(buffer + 3, 0x40a00000u /* 5.0f */, 1, stream);
  mgpuMemcpy(out, buffer, sizeof(out), stream);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  printf("copy: %g %g %g %g\n", out[0], out[1], out[2], out[3]);
  report("copy");

  /* Freed blocks serve later allocations of a size class. */
  mgpuMemFree(buffer, NULL);
  float *again = mgpuMemAlloc(12, NULL, true);
  nn_gpu_pool_stats stats = nn_gpu_pool_get_stats();
  printf("reused: %d, driver allocations: %llu, in use: %llu\n",
         again == buffer, (unsigned long long)stats.driver_allocations,
         (unsigned long long)stats.bytes_in_use);
  mgpuMemFree(again, NULL);
  report("pool");

  /* More than the device has. */
  void *huge = mgpuMemAlloc((uint64_t)1 << 40, NULL, false);
  printf("huge: %s\n", huge ? "non-null" : "null");
  report("huge");
  mgpuMemFree(huge, NULL);

  /* A module the driver rejects, and a kernel from it. */
  void *module = mgpuModuleLoadJIT("\x7f" "ELF", 2);
  report("bad module");
  module = mgpuModuleLoadJIT((void *)"// PTX", 2);
  void *missing = mgpuModuleGetFunction(module, "missing");
  report("missing kernel");
  void *kernel = mgpuModuleGetFunction(module, "kernel");
  mgpuLaunchKernel(kernel, 1, 1, 1, 2048, 1, 1, 0, NULL, NULL, NULL, 0);
  report("launch");
  /* The first error is the one kept; later calls are no-ops. */
  mgpuLaunchKernel(kernel, 1, 1, 1, 2048, 1, 1, 0, NULL, NULL, NULL, 0);
  mgpuLaunchKernel(missing, 1, 1, 1, 1, 1, 1, 0, NULL, NULL, NULL, 0);
  mgpuMemFree(mgpuMemAlloc(64, NULL, false), NULL);
  report("after");
  nn_gpu_pool_trim();
  stats = nn_gpu_pool_get_stats();
  printf("trimmed: cached %llu\n", (unsigned long long)stats.bytes_cached);
  return 0;
}
