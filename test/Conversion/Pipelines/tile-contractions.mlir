// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions),canonicalize)' | FileCheck %s

// A static matmul: 4x16 register tiles, one reduction step each, every tile
// a vector.contract.
// CHECK-LABEL: func.func @static
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} vector<4x1xf32>
// CHECK: vector.transfer_read {{.*}} vector<1x16xf32>
// CHECK: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// CHECK-NOT: linalg.matmul
func.func @static(%a: tensor<8x32xf32>, %b: tensor<32x48xf32>, %c: tensor<8x48xf32>) -> tensor<8x48xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x32xf32>, tensor<32x48xf32>) outs(%c : tensor<8x48xf32>) -> tensor<8x48xf32>
  return %0 : tensor<8x48xf32>
}

// -----

// A dynamic batch: the partial last tile of rows is peeled off and stays a
// (scalar) linalg op; the full tiles are vectorized without masks. N = 10
// takes tiles of 2 columns, the largest power of two dividing it.
// CHECK-LABEL: func.func @dynamic
// CHECK: vector.contract {{.*}} into vector<4x2xf32>
// CHECK-NOT: vector.mask
// CHECK: linalg.matmul {{.*}} tensor<?x1xf32>
func.func @dynamic(%a: tensor<?x8xf32>, %b: tensor<8x10xf32>, %c: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x10xf32>) outs(%c : tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}
