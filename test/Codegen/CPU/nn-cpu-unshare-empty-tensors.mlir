// RUN: nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-unshare-empty-tensors))' | FileCheck %s

// CSE left one empty tensor and one zero fill for two matmuls: each gets
// its own again, next to the original (not in the loop), so that one-shot
// bufferization does not analyse every writer of the type as one alias set
// (cubic in a chain: 500 matmuls took 225 s to compile).
// CHECK-LABEL: func.func @shared
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<4x4xf32>
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<4x4xf32>
// CHECK-DAG: %[[F1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E1]] : tensor<4x4xf32>)
// CHECK-DAG: %[[F2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E2]] : tensor<4x4xf32>)
// CHECK: scf.for
// CHECK-DAG: linalg.matmul {{.*}} outs(%[[F1]] : tensor<4x4xf32>)
// CHECK-DAG: linalg.matmul {{.*}} outs(%[[F2]] : tensor<4x4xf32>)
// CHECK-NOT: tensor.empty
func.func @shared(%a: tensor<4x4xf32>, %n: index) -> tensor<4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %empty = tensor.empty() : tensor<4x4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x4xf32>) -> tensor<4x4xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> tensor<4x4xf32> {
    %m = linalg.matmul ins(%x, %a : tensor<4x4xf32>, tensor<4x4xf32>) outs(%fill : tensor<4x4xf32>) -> tensor<4x4xf32>
    %m2 = linalg.matmul ins(%m, %a : tensor<4x4xf32>, tensor<4x4xf32>) outs(%fill : tensor<4x4xf32>) -> tensor<4x4xf32>
    scf.yield %m2 : tensor<4x4xf32>
  }
  return %r : tensor<4x4xf32>
}
