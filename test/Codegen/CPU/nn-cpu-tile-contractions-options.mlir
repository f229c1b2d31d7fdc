// Tile sizes are pass options a user writes: a non-positive one is an
// error at the function, never a crash (tile-m=0 and tile-k=0 divided by
// zero in upstream tiling).
// RUN: not nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{tile-m=0}))' 2>&1 | FileCheck %s --check-prefix=M
// RUN: not nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{tile-n=-1}))' 2>&1 | FileCheck %s --check-prefix=N
// RUN: not nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{tile-k=0}))' 2>&1 | FileCheck %s --check-prefix=K
// RUN: not nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{small-m-tile-n=0}))' 2>&1 | FileCheck %s --check-prefix=SMALL
// RUN: not nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{large-tile-m=8 large-tile-n=0 large-tile-k=2}))' 2>&1 | FileCheck %s --check-prefix=LARGE
// RUN: not nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{large-tile-m=-8}))' 2>&1 | FileCheck %s --check-prefix=LARGE-M

// M: :[[@LINE+6]]:1: error: contraction tile sizes must be positive, got m = 0, n = 16, k = 4, small-M n = 128
// N: error: contraction tile sizes must be positive, got m = 4, n = -1, k = 4
// K: error: contraction tile sizes must be positive, got m = 4, n = 16, k = 0
// SMALL: error: {{.*}} small-M n = 0
// LARGE: error: {{.*}} small-M n = 128, large m = 8, n = 0, k = 2 (large m = 0: no large tile)
// LARGE-M: error: {{.*}} large m = -8
func.func @f(%a: tensor<1x64xf32>, %b: tensor<64x40xf32>, %c: tensor<1x40xf32>) -> tensor<1x40xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x64xf32>, tensor<64x40xf32>) outs(%c : tensor<1x40xf32>) -> tensor<1x40xf32>
  return %0 : tensor<1x40xf32>
}
