// On a machine without the CUDA driver, --device=cuda fails with exit code
// 1 and says so, after compiling the function.
// UNSUPPORTED: cuda-driver
//
// RUN: not nn-run %s --device=cuda --input="3xf32=1 2 3" 2>&1 | FileCheck %s
// RUN: not nn-run %s --device=gpu --input="3xf32=1 2 3" 2>&1 | FileCheck %s

// CHECK: nn-run: error: no CUDA driver: libcuda.so.1 not found

func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %y = nn.exp %x : tensor<3xf32>
  return %y : tensor<3xf32>
}
