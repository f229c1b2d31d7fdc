// --device=cuda (and its alias gpu) compiles with nn-gpu-pipeline, then
// needs the CUDA driver: without one, the error names what is missing and
// nn-run exits with 1. Compile errors come before the driver's.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: env NN_CUDA_DRIVER=%t/none/libcuda.so.1 not nn-run %s --device=cuda --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=NODRIVER
// RUN: env NN_CUDA_DRIVER=%t/none/libcuda.so.1 not nn-run %s --device=gpu --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=NODRIVER
// RUN: not nn-run %s --device=cuda --gpu-chip=volta --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: %nn_fake_driver_cc -shared -fPIC %S/../AOT/GPU/Inputs/fake-cuda.c -o %t/libfake-cuda.so
// RUN: env NN_CUDA_DRIVER=%t/libfake-cuda.so not nn-run %s --device=cuda --input="2x3xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=FAKE

// NODRIVER: nn-run: error: no CUDA driver: {{.*}}none/libcuda.so.1 not found
// NODRIVER-NOT: error

// CHIP: nn-run: error: invalid GPU chip 'volta' (expected sm_<number>, such as sm_90)

// FAKE: nn-run: error: --device=cuda compiled 'f' for sm_90 on Fake GPU 0, but nn-run cannot run GPU code yet (docs/GPU.md)

func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = nn.tanh %x : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
