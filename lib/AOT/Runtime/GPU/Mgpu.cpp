//===- Mgpu.cpp - MLIR's mgpu* runtime functions over the CUDA driver -----===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The functions MLIR 22's gpu-to-llvm lowering and the gpu.binary
// translation call, with the signatures of MLIR's CudaRuntimeWrappers.cpp
// (which Debian does not ship). Each is a no-op once an error is recorded
// (see nn/AOT/GPURuntime.h). Module loads run from global constructors of
// the compiled code, before main: they must not fail loudly either.
//
// Streams are cached: compiled code creates and destroys one around every
// launch and copy.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"
#include "Pool.h"

#include "nn/AOT/GPURuntime.h"

#include <mutex>
#include <string>
#include <vector>

using namespace nn::gpu;

namespace {

/// The message of a failed module load: the driver's and its JIT log.
std::string describeLoad(const char *log) {
  std::string message = "loading a GPU module";
  if (log && *log)
    message += std::string(" (") + log + ")";
  return message;
}

std::mutex streamMutex;
std::vector<CUstream> &getStreamCache() {
  static auto *streams = new std::vector<CUstream>;
  return *streams;
}

} // namespace

#define NN_MGPU extern "C" __attribute__((visibility("default")))

NN_MGPU CUmodule mgpuModuleLoad(void *data, size_t /*size*/) {
  const DriverAPI *api = getDriver();
  CUmodule module = nullptr;
  if (api &&
      !check(api->cuModuleLoadData(&module, data), "loading a GPU module"))
    return nullptr;
  return module;
}

NN_MGPU CUmodule mgpuModuleLoadJIT(void *data, int optLevel) {
  const DriverAPI *api = getDriver();
  if (!api)
    return nullptr;
  char log[4096] = {0};
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                            CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {log, reinterpret_cast<void *>(sizeof(log) - 1),
                    reinterpret_cast<void *>(intptr_t(optLevel))};
  CUmodule module = nullptr;
  CUresult result = api->cuModuleLoadDataEx(&module, data, 3, options, values);
  if (!check(result, describeLoad(log).c_str()))
    return nullptr;
  return module;
}

NN_MGPU void mgpuModuleUnload(CUmodule module) {
  // At exit, after an error too: the driver may be gone already.
  if (const DriverAPI *api = module ? getDriver() : nullptr)
    api->cuModuleUnload(module);
}

NN_MGPU CUfunction mgpuModuleGetFunction(CUmodule module, const char *name) {
  const DriverAPI *api = getDriver();
  if (!api)
    return nullptr;
  CUfunction function = nullptr;
  if (!module) {
    recordError(std::string("kernel ") + name + ": its module did not load");
    return nullptr;
  }
  std::string what = std::string("looking up kernel ") + name;
  return check(api->cuModuleGetFunction(&function, module, name), what.c_str())
             ? function
             : nullptr;
}

NN_MGPU void mgpuLaunchKernel(CUfunction function, intptr_t gridX,
                              intptr_t gridY, intptr_t gridZ, intptr_t blockX,
                              intptr_t blockY, intptr_t blockZ, int32_t smem,
                              CUstream stream, void **params, void **extra,
                              size_t /*paramsCount*/) {
  const DriverAPI *api = getDriver();
  if (!api || !function)
    return;
  // An empty grid (a dimension of size 0) launches nothing.
  if (gridX <= 0 || gridY <= 0 || gridZ <= 0)
    return;
  check(api->cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY,
                            blockZ, smem, stream, params, extra),
        "launching a kernel");
}

NN_MGPU CUstream mgpuStreamCreate() {
  const DriverAPI *api = getDriver();
  if (!api)
    return nullptr;
  {
    std::lock_guard<std::mutex> lock(streamMutex);
    if (!getStreamCache().empty()) {
      CUstream stream = getStreamCache().back();
      getStreamCache().pop_back();
      return stream;
    }
  }
  CUstream stream = nullptr;
  check(api->cuStreamCreate(&stream, /*CU_STREAM_NON_BLOCKING=*/1),
        "creating a stream");
  return stream;
}

NN_MGPU void mgpuStreamDestroy(CUstream stream) {
  if (!stream)
    return;
  std::lock_guard<std::mutex> lock(streamMutex);
  getStreamCache().push_back(stream);
}

NN_MGPU void mgpuStreamSynchronize(CUstream stream) {
  if (const DriverAPI *api = getDriver())
    check(api->cuStreamSynchronize(stream),
          "running a kernel or a copy (the error may come from an earlier "
          "launch)");
}

NN_MGPU void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  if (const DriverAPI *api = getDriver())
    check(api->cuStreamWaitEvent(stream, event, 0), "waiting for an event");
}

NN_MGPU CUevent mgpuEventCreate() {
  const DriverAPI *api = getDriver();
  CUevent event = nullptr;
  if (api)
    check(api->cuEventCreate(&event, /*CU_EVENT_DISABLE_TIMING=*/2),
          "creating an event");
  return event;
}

NN_MGPU void mgpuEventDestroy(CUevent event) {
  if (const DriverAPI *api = event ? getDriver() : nullptr)
    api->cuEventDestroy(event);
}

NN_MGPU void mgpuEventSynchronize(CUevent event) {
  if (const DriverAPI *api = event ? getDriver() : nullptr)
    check(api->cuEventSynchronize(event), "waiting for an event");
}

NN_MGPU void mgpuEventRecord(CUevent event, CUstream stream) {
  if (const DriverAPI *api = event ? getDriver() : nullptr)
    check(api->cuEventRecord(event, stream), "recording an event");
}

NN_MGPU void *mgpuMemAlloc(uint64_t sizeBytes, CUstream /*stream*/,
                           bool isHostShared) {
  return allocate(sizeBytes, isHostShared);
}

NN_MGPU void mgpuMemFree(void *pointer, CUstream /*stream*/) {
  release(pointer);
}

NN_MGPU void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                        CUstream stream) {
  if (const DriverAPI *api = sizeBytes ? getDriver() : nullptr)
    check(api->cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                             reinterpret_cast<CUdeviceptr>(src), sizeBytes,
                             stream),
          "copying memory");
}

NN_MGPU void mgpuMemset32(void *dst, unsigned value, size_t count,
                          CUstream stream) {
  if (const DriverAPI *api = count ? getDriver() : nullptr)
    check(api->cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                count, stream),
          "setting memory");
}

NN_MGPU void mgpuMemset16(void *dst, unsigned short value, size_t count,
                          CUstream stream) {
  if (const DriverAPI *api = count ? getDriver() : nullptr)
    check(api->cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                count, stream),
          "setting memory");
}

NN_MGPU void mgpuSetDefaultDevice(int32_t device) {
  if (device != 0)
    recordError("mgpuSetDefaultDevice: set NN_CUDA_DEVICE instead");
}

// Every NN_MGPU function above, for a JIT (nn/AOT/GPURuntime.h).
extern "C" const nn_gpu_symbol *nn_gpu_symbols(void) {
  static const nn_gpu_symbol symbols[] = {
      {"mgpuModuleLoad", reinterpret_cast<void *>(&mgpuModuleLoad)},
      {"mgpuModuleLoadJIT", reinterpret_cast<void *>(&mgpuModuleLoadJIT)},
      {"mgpuModuleUnload", reinterpret_cast<void *>(&mgpuModuleUnload)},
      {"mgpuModuleGetFunction",
       reinterpret_cast<void *>(&mgpuModuleGetFunction)},
      {"mgpuLaunchKernel", reinterpret_cast<void *>(&mgpuLaunchKernel)},
      {"mgpuStreamCreate", reinterpret_cast<void *>(&mgpuStreamCreate)},
      {"mgpuStreamDestroy", reinterpret_cast<void *>(&mgpuStreamDestroy)},
      {"mgpuStreamSynchronize",
       reinterpret_cast<void *>(&mgpuStreamSynchronize)},
      {"mgpuStreamWaitEvent", reinterpret_cast<void *>(&mgpuStreamWaitEvent)},
      {"mgpuEventCreate", reinterpret_cast<void *>(&mgpuEventCreate)},
      {"mgpuEventDestroy", reinterpret_cast<void *>(&mgpuEventDestroy)},
      {"mgpuEventSynchronize", reinterpret_cast<void *>(&mgpuEventSynchronize)},
      {"mgpuEventRecord", reinterpret_cast<void *>(&mgpuEventRecord)},
      {"mgpuMemAlloc", reinterpret_cast<void *>(&mgpuMemAlloc)},
      {"mgpuMemFree", reinterpret_cast<void *>(&mgpuMemFree)},
      {"mgpuMemcpy", reinterpret_cast<void *>(&mgpuMemcpy)},
      {"mgpuMemset32", reinterpret_cast<void *>(&mgpuMemset32)},
      {"mgpuMemset16", reinterpret_cast<void *>(&mgpuMemset16)},
      {"mgpuSetDefaultDevice", reinterpret_cast<void *>(&mgpuSetDefaultDevice)},
      {nullptr, nullptr},
  };
  return symbols;
}
