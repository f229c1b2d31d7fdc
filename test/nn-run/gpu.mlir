// --device=cuda (and its alias gpu) compiles with nn-gpu-pipeline and runs
// the code through nn::aot_gpu_runtime and the CUDA driver: without one,
// the error names what is missing and nn-run exits with 1. Compile errors
// come before the driver's.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: env NN_CUDA_DRIVER=%t/none/libcuda.so.1 not nn-run %s --device=cuda --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=NODRIVER
// RUN: env NN_CUDA_DRIVER=%t/none/libcuda.so.1 not nn-run %s --device=gpu --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=NODRIVER
// RUN: not nn-run %s --device=cuda --gpu-chip=volta --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=CHIP

// NODRIVER: nn-run: error: no CUDA driver: {{.*}}none/libcuda.so.1 not found
// NODRIVER-NOT: error

// CHIP: nn-run: error: invalid GPU chip 'volta' (expected sm_<number>, such as sm_90)

// The fake driver (host memory) loads the kernels and runs none: the run
// goes to the end and prints a result of the right shape, whose values are
// whatever the memory held.
// RUN: %nn_fake_driver_cc -shared -fPIC %S/../AOT/GPU/Inputs/fake-cuda.c -o %t/libfake-cuda.so
// RUN: env NN_CUDA_DRIVER=%t/libfake-cuda.so nn-run %s --device=cuda --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=FAKE
// RUN: env NN_CUDA_DRIVER=%t/libfake-cuda.so nn-run %s --device=gpu --input="2x3xf32=1 2 3 4 5 6" --benchmark=3 2>&1 | FileCheck %s --check-prefixes=FAKE,BENCH
// FAKE: {{^}}2x3xf32=[{{.*}}][{{.*}}]{{$}}
// FAKE-NOT: error
// BENCH: benchmark: 3 runs, median

// A driver error in a call (here the device's memory is too small for the
// input) fails the run with the driver's message.
// RUN: env NN_CUDA_DRIVER=%t/libfake-cuda.so FAKE_CUDA_MEMORY=8 not nn-run %s --device=cuda --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=OOM
// OOM: nn-run: error: allocating {{[0-9]+}} bytes of {{.*}}memory: CUDA_ERROR_OUT_OF_MEMORY (out of memory)

// The compile cache keys on the device and the chip: a CPU compile and GPU
// compiles for two chips are three entries, and a GPU entry is linked again
// (its kernels loaded) by the next run. Without a driver a cached entry
// fails with the driver's error, not as a bad entry.
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 NN_CUDA_DRIVER=%t/libfake-cuda.so nn-run %s --device=cuda --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefixes=COLD,RAN
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 nn-run %s --device=cpu --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefixes=COLD,RAN
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 NN_CUDA_DRIVER=%t/libfake-cuda.so nn-run %s --device=cuda --gpu-chip=sm_80 --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefixes=COLD,RAN
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 NN_CUDA_DRIVER=%t/libfake-cuda.so nn-run %s --device=cuda --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefixes=WARM,RAN
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 NN_CUDA_DRIVER=%t/none/libcuda.so.1 not nn-run %s --device=cuda --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefixes=WARM,LATE
// RUN: ls %t/cache | count 3
// COLD: nn: compile cache: miss [[KEY:[0-9a-f]{32}]]
// COLD: nn: compile cache: stored [[KEY]]
// WARM: nn: compile cache: hit {{[0-9a-f]+}}
// WARM-NOT: stored
// RAN: {{^}}2x3xf32=[{{.*}}][{{.*}}]{{$}}
// LATE: nn-run: error: no CUDA driver: {{.*}}none/libcuda.so.1 not found

func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = nn.tanh %x : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
