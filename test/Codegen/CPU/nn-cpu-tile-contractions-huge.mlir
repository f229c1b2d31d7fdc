// RUN: nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{k-block=2199023255552}))' | FileCheck %s

// K and k-block come from the user: the search for a block size makes at
// most 1024 trials (it counted down from k-block to k-block / 2, 2^40 trials
// here). None of them divides K = 2^42 + 2: no blocks, the k loop whole.
// CHECK-LABEL: func.func @huge_k
// CHECK-NOT: step %c2199023255552
// CHECK: scf.forall
// CHECK: scf.for %{{.*}} = %c0 to %c4398046511106 step %c2
// CHECK: vector.contract
func.func @huge_k(%a: tensor<8x4398046511106xf32>, %b: tensor<4398046511106x32xf32>, %c: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x4398046511106xf32>, tensor<4398046511106x32xf32>) outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %0 : tensor<8x32xf32>
}
