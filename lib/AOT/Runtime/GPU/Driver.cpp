//===- Driver.cpp - Loading the CUDA driver, and errors -------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The driver is loaded once per process (dlopen at first use), on device
// $NN_CUDA_DEVICE's primary context, the context the CUDA runtime and
// PyTorch share. The error state is process-wide, as the mgpu* functions
// report nothing: a failure anywhere makes the whole call fail.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"

#include "nn/AOT/GPURuntime.h"

#include <cstdlib>
#include <dlfcn.h>
#include <mutex>

using namespace nn::gpu;

namespace {

struct DriverState {
  DriverAPI api{};
  CUcontext context = nullptr;
  bool loaded = false;
  /// Why the driver could not be used, recorded again after a clear.
  std::string loadError;
  std::string deviceName;
};

/// The first error. Compiled code loads its kernels from global
/// constructors that run before this file's own: the state is built on
/// first use, never by a constructor of its own.
struct ErrorState {
  std::mutex mutex;
  std::string message;
  bool failed = false;
};

ErrorState &getErrors() {
  static ErrorState *errors = new ErrorState; // used until exit
  return *errors;
}

/// Resolves every function of `api` in `library`; the name of the first
/// missing one, or null.
const char *resolve(void *library, DriverAPI &api) {
  struct Entry {
    const char *name;
    void **slot;
  };
  // The _v2 names are the ones cuda.h maps the plain names to.
  const Entry entries[] = {
      {"cuInit", (void **)&api.cuInit},
      {"cuDeviceGetCount", (void **)&api.cuDeviceGetCount},
      {"cuDeviceGet", (void **)&api.cuDeviceGet},
      {"cuDeviceGetName", (void **)&api.cuDeviceGetName},
      {"cuDevicePrimaryCtxRetain", (void **)&api.cuDevicePrimaryCtxRetain},
      {"cuCtxSetCurrent", (void **)&api.cuCtxSetCurrent},
      {"cuCtxSynchronize", (void **)&api.cuCtxSynchronize},
      {"cuGetErrorName", (void **)&api.cuGetErrorName},
      {"cuGetErrorString", (void **)&api.cuGetErrorString},
      {"cuModuleLoadData", (void **)&api.cuModuleLoadData},
      {"cuModuleLoadDataEx", (void **)&api.cuModuleLoadDataEx},
      {"cuModuleUnload", (void **)&api.cuModuleUnload},
      {"cuModuleGetFunction", (void **)&api.cuModuleGetFunction},
      {"cuLaunchKernel", (void **)&api.cuLaunchKernel},
      {"cuStreamCreate", (void **)&api.cuStreamCreate},
      {"cuStreamDestroy_v2", (void **)&api.cuStreamDestroy},
      {"cuStreamSynchronize", (void **)&api.cuStreamSynchronize},
      {"cuStreamWaitEvent", (void **)&api.cuStreamWaitEvent},
      {"cuEventCreate", (void **)&api.cuEventCreate},
      {"cuEventDestroy_v2", (void **)&api.cuEventDestroy},
      {"cuEventRecord", (void **)&api.cuEventRecord},
      {"cuEventSynchronize", (void **)&api.cuEventSynchronize},
      {"cuMemAlloc_v2", (void **)&api.cuMemAlloc},
      {"cuMemAllocManaged", (void **)&api.cuMemAllocManaged},
      {"cuMemFree_v2", (void **)&api.cuMemFree},
      {"cuMemcpyAsync", (void **)&api.cuMemcpyAsync},
      {"cuMemsetD32Async", (void **)&api.cuMemsetD32Async},
      {"cuMemsetD16Async", (void **)&api.cuMemsetD16Async},
  };
  for (const Entry &entry : entries)
    if (!(*entry.slot = dlsym(library, entry.name)))
      return entry.name;
  return nullptr;
}

/// The device ordinal of $NN_CUDA_DEVICE, or -1 when it is no number.
int getDeviceOrdinal() {
  const char *text = std::getenv("NN_CUDA_DEVICE");
  if (!text || !*text)
    return 0;
  char *end = nullptr;
  long ordinal = std::strtol(text, &end, 10);
  return *end || ordinal < 0 || ordinal > 1024 ? -1 : int(ordinal);
}

/// Sets up device `ordinal` of a loaded driver.
bool openDevice(DriverState &state, int ordinal) {
  const DriverAPI &api = state.api;
  if (!check(api.cuInit(0), "cuInit"))
    return false;
  int count = 0;
  if (!check(api.cuDeviceGetCount(&count), "cuDeviceGetCount"))
    return false;
  if (ordinal >= count) {
    recordError("no CUDA device " + std::to_string(ordinal) + ": " +
                std::to_string(count) + " found");
    return false;
  }
  CUdevice device = 0;
  char name[256] = {0};
  if (!check(api.cuDeviceGet(&device, ordinal), "cuDeviceGet") ||
      !check(api.cuDeviceGetName(name, sizeof(name) - 1, device),
             "cuDeviceGetName") ||
      !check(api.cuDevicePrimaryCtxRetain(&state.context, device),
             "cuDevicePrimaryCtxRetain"))
    return false;
  state.deviceName = name;
  return true;
}

/// Loads the driver and opens the device; false after recording why.
bool load(DriverState &state) {
  const char *path = std::getenv("NN_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    recordError(std::string("no CUDA driver: ") + path + " not found");
    return false;
  }
  if (const char *missing = resolve(library, state.api)) {
    recordError(std::string("the CUDA driver ") + path + " lacks " + missing +
                " (too old a driver?)");
    return false;
  }
  int ordinal = getDeviceOrdinal();
  if (ordinal < 0) {
    recordError("NN_CUDA_DEVICE must be a device number");
    return false;
  }
  return openDevice(state, ordinal);
}

/// The state, loaded or not (check() reads the error functions from it
/// while the driver loads).
DriverState &getState() {
  // Never destroyed: compiled code unloads its kernels at exit.
  static DriverState *state = new DriverState;
  return *state;
}

DriverState &loadDriver() {
  DriverState &state = getState();
  static std::once_flag once;
  std::call_once(once, [&state] {
    state.loaded = load(state);
    if (!state.loaded) {
      const char *why = nn_gpu_last_error();
      state.loadError = why ? why : "the CUDA driver could not be loaded";
    }
  });
  return state;
}

} // namespace

const DriverAPI *nn::gpu::getDriver() {
  DriverState &state = loadDriver();
  if (!state.loaded) {
    recordError(state.loadError);
    return nullptr;
  }
  if (hasFailed())
    return nullptr;
  // Each thread that calls in needs the context current; cheap when it is.
  thread_local bool current = false;
  if (!current) {
    if (!check(state.api.cuCtxSetCurrent(state.context), "cuCtxSetCurrent"))
      return nullptr;
    current = true;
  }
  return &state.api;
}

bool nn::gpu::hasFailed() {
  ErrorState &errors = getErrors();
  std::lock_guard<std::mutex> lock(errors.mutex);
  return errors.failed;
}

void nn::gpu::recordError(const std::string &message) {
  ErrorState &errors = getErrors();
  std::lock_guard<std::mutex> lock(errors.mutex);
  if (errors.failed)
    return;
  errors.failed = true;
  errors.message = message;
}

bool nn::gpu::check(CUresult result, const char *what) {
  if (result == CUDA_SUCCESS)
    return true;
  const char *name = nullptr, *text = nullptr;
  const DriverAPI &api = getState().api;
  if (api.cuGetErrorName)
    api.cuGetErrorName(result, &name);
  if (api.cuGetErrorString)
    api.cuGetErrorString(result, &text);
  recordError(std::string(what) + ": " +
              (name ? name : "CUDA error " + std::to_string(result)) +
              (text ? std::string(" (") + text + ")" : ""));
  return false;
}

extern "C" int nn_gpu_init(void) { return getDriver() ? 0 : 1; }

extern "C" const char *nn_gpu_last_error(void) {
  ErrorState &errors = getErrors();
  std::lock_guard<std::mutex> lock(errors.mutex);
  return errors.failed ? errors.message.c_str() : nullptr;
}

extern "C" void nn_gpu_clear_error(void) {
  ErrorState &errors = getErrors();
  std::lock_guard<std::mutex> lock(errors.mutex);
  errors.failed = false;
  errors.message.clear();
}

extern "C" const char *nn_gpu_device_name(void) {
  return loadDriver().deviceName.c_str();
}

extern "C" int nn_gpu_synchronize(void) {
  const DriverAPI *api = getDriver();
  return api && check(api->cuCtxSynchronize(), "cuCtxSynchronize") ? 0 : 1;
}
