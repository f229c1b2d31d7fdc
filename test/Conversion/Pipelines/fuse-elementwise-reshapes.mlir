// nn-cpu-fuse-elementwise folds reshapes into the loops of elementwise ops,
// but never into a contraction: nn-cpu-tile-contractions packs contractions
// with one M, N and K dimension, which the im2col matmul of a convolution
// would otherwise lose to loops over (n, oh, ow) and (kh, kw, c).

// RUN: nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-fuse-elementwise))' | FileCheck %s

#lhs = affine_map<(d0, d1, d2) -> (d0, d2)>
#rhs = affine_map<(d0, d1, d2) -> (d2, d1)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// CHECK-LABEL: func.func @im2col_matmul(
// CHECK:         %[[COLS:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<2x3x3x2x2x4xf32> into tensor<18x16xf32>
// CHECK:         %[[PRODUCT:.*]] = linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:        ins(%[[COLS]], %{{.*}} : tensor<18x16xf32>, tensor<16x8xf32>)
// CHECK:         tensor.expand_shape %[[PRODUCT]] {{\[}}[0, 1, 2], [3]]
func.func @im2col_matmul(%cols: tensor<2x3x3x2x2x4xf32>, %w: tensor<16x8xf32>) -> tensor<2x3x3x8xf32> {
  %c = tensor.collapse_shape %cols [[0, 1, 2], [3, 4, 5]] : tensor<2x3x3x2x2x4xf32> into tensor<18x16xf32>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<18x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<18x8xf32>) -> tensor<18x8xf32>
  %product = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%c, %w : tensor<18x16xf32>, tensor<16x8xf32>) outs(%init : tensor<18x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<18x8xf32>
  %y = tensor.expand_shape %product [[0, 1, 2], [3]] output_shape [2, 3, 3, 8] : tensor<18x8xf32> into tensor<2x3x3x8xf32>
  return %y : tensor<2x3x3x8xf32>
}

// An elementwise op still takes the reshape into its loops.
// CHECK-LABEL: func.func @elementwise(
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK:           math.tanh
func.func @elementwise(%x: tensor<2x3x3x8xf32>) -> tensor<18x8xf32> {
  %c = tensor.collapse_shape %x [[0, 1, 2], [3]] : tensor<2x3x3x8xf32> into tensor<18x8xf32>
  %empty = tensor.empty() : tensor<18x8xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%c : tensor<18x8xf32>) outs(%empty : tensor<18x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %v = math.tanh %a : f32
    linalg.yield %v : f32
  } -> tensor<18x8xf32>
  return %t : tensor<18x8xf32>
}
