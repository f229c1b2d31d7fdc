// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-fold-empty-loops))' | FileCheck %s
// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions))' | FileCheck %s --check-prefix=TILE
// RUN: nn-opt %s -split-input-file --nn-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// A loop range of 0 runs no iteration: the result is the init. With K = 0,
// the zero fill; the tiling pass leaves such a matmul as loops (upstream
// tiling crashed on it), and the whole pipeline compiles it.
// CHECK-LABEL: func.func @empty_k
// CHECK: %[[FILL:.*]] = linalg.fill
// CHECK-NOT: linalg.matmul
// CHECK: return %[[FILL]]
// TILE-LABEL: func.func @empty_k
// TILE: linalg.matmul
// LLVM-LABEL: llvm.func @empty_k
func.func @empty_k(%a: tensor<2x0xf32>, %b: tensor<0x3xf32>) -> tensor<2x3xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x3xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<2x0xf32>, tensor<0x3xf32>) outs(%fill : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// An empty result is its empty init, even where other sizes are dynamic.
// CHECK-LABEL: func.func @empty_result
// CHECK-SAME: %[[INIT:[a-z0-9]+]]: tensor<?x0xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[INIT]]
// TILE-LABEL: func.func @empty_result
// TILE: linalg.matmul
// LLVM-LABEL: llvm.func @empty_result
func.func @empty_result(%a: tensor<?x4xf32>, %b: tensor<4x0xf32>, %init: tensor<?x0xf32>) -> tensor<?x0xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x0xf32>) outs(%init : tensor<?x0xf32>) -> tensor<?x0xf32>
  return %0 : tensor<?x0xf32>
}

// -----

// Dynamic sizes stay: they may be 0 at run time, which loops handle.
// CHECK-LABEL: func.func @dynamic
// CHECK: linalg.generic
// TILE-LABEL: func.func @dynamic
// LLVM-LABEL: llvm.func @dynamic
func.func @dynamic(%x: tensor<?xf32>, %init: tensor<?xf32>) -> tensor<?xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%init : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
