// nn-cpu-fuse-elementwise is upstream's elementwise fusion with a cap on the
// fused body: a chain of N elementwise ops becomes generics of at most
// max-body-ops operations, so that fusion is linear in N (uncapped, each
// fusion clones both bodies: 8,000 nn.tanh took 33 s in
// linalg-fuse-elementwise-ops, 16,000 over a minute).

// RUN: %python %S/Inputs/chain.py 300 > %t.300.mlir
// RUN: nn-opt %t.300.mlir --pass-pipeline='builtin.module(convert-nn-to-linalg,canonicalize,func.func(nn-cpu-fuse-elementwise{max-body-ops=100}))' \
// RUN:   | FileCheck %s --check-prefix=CAP
// CAP-COUNT-3: linalg.generic
// CAP-NOT: linalg.generic

// Each of them holds 100 tanh.
// RUN: nn-opt %t.300.mlir --pass-pipeline='builtin.module(convert-nn-to-linalg,canonicalize,func.func(nn-cpu-fuse-elementwise{max-body-ops=100}))' \
// RUN:   | FileCheck %s --check-prefix=BODIES
// BODIES:               linalg.generic
// BODIES-COUNT-100:     math.tanh
// BODIES-NEXT:          linalg.yield
// BODIES:               linalg.generic
// BODIES-COUNT-100:     math.tanh
// BODIES-NEXT:          linalg.yield
// BODIES:               linalg.generic
// BODIES-COUNT-100:     math.tanh
// BODIES-NEXT:          linalg.yield

// The default cap, 128, in the whole pipeline: 1,000 tanh are 8 loops.
// RUN: %python %S/Inputs/chain.py 1000 > %t.1000.mlir
// RUN: nn-run %t.1000.mlir --compile-to=linalg --input=4x8xf32=1 --input=8x8xf32=0 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT
// DEFAULT-COUNT-8: linalg.generic
// DEFAULT-NOT: linalg.generic

// And computes what the interpreter computes.
// RUN: nn-run %t.1000.mlir --input=4x8xf32=1 --input=8x8xf32=0 \
// RUN:   --expected_output=4x8xf32=0.038681775

// Small groups fuse as upstream fuses them.
// RUN: nn-opt %s --pass-pipeline='builtin.module(convert-nn-to-linalg,canonicalize,func.func(nn-cpu-fuse-elementwise))' \
// RUN:   | FileCheck %s --check-prefix=SMALL
// SMALL-LABEL: func.func @bias_relu
// SMALL-COUNT-1: linalg.generic
// SMALL-NOT: linalg.generic
// SMALL: return
func.func @bias_relu(%x: tensor<?x10xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %a = nn.add %x, %b : tensor<?x10xf32>, tensor<10xf32>
  %e = nn.exp %a : tensor<?x10xf32>
  %r = nn.relu %e : tensor<?x10xf32>
  return %r : tensor<?x10xf32>
}

// Constant folding stops at nn::kMaxFoldedElements (2^20) result elements:
// upstream's transposes even a splat element by element (a 3000x3000 one
// took 351 MB; a larger one, any memory).
// RUN: nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-fuse-elementwise))' \
// RUN:   | FileCheck %s --check-prefix=FOLD
// FOLD-LABEL: func.func @big_fold
// FOLD: linalg.transpose
// FOLD-LABEL: func.func @small_fold
// FOLD-NOT: linalg.transpose
// FOLD: return
func.func @big_fold() -> tensor<1024x2048xf32> {
  %c = arith.constant dense<1.5> : tensor<2048x1024xf32>
  %empty = tensor.empty() : tensor<1024x2048xf32>
  %t = linalg.transpose ins(%c : tensor<2048x1024xf32>)
      outs(%empty : tensor<1024x2048xf32>) permutation = [1, 0]
  return %t : tensor<1024x2048xf32>
}
func.func @small_fold() -> tensor<4x2xf32> {
  %c = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32>
  %empty = tensor.empty() : tensor<4x2xf32>
  %t = linalg.transpose ins(%c : tensor<2x4xf32>)
      outs(%empty : tensor<4x2xf32>) permutation = [1, 0]
  return %t : tensor<4x2xf32>
}

// Reshapes fold into the loops of elementwise ops, but never into a
// contraction: nn-cpu-tile-contractions packs contractions with one M, N and
// K dimension, which the im2col matmul of a convolution would otherwise lose
// to loops over (n, oh, ow) and (kh, kw, c).

// RUN: nn-opt %s --pass-pipeline='builtin.module(func.func(nn-cpu-fuse-elementwise))' \
// RUN:   | FileCheck %s --check-prefix=RESHAPE

#lhs = affine_map<(d0, d1, d2) -> (d0, d2)>
#rhs = affine_map<(d0, d1, d2) -> (d2, d1)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>

// RESHAPE-LABEL: func.func @im2col_matmul(
// RESHAPE:         %[[COLS:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<2x3x3x2x2x4xf32> into tensor<18x16xf32>
// RESHAPE:         %[[PRODUCT:.*]] = linalg.generic
// RESHAPE-SAME:        iterator_types = ["parallel", "parallel", "reduction"]
// RESHAPE-SAME:        ins(%[[COLS]], %{{.*}} : tensor<18x16xf32>, tensor<16x8xf32>)
// RESHAPE:         tensor.expand_shape %[[PRODUCT]] {{\[}}[0, 1, 2], [3]]
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
// RESHAPE-LABEL: func.func @elementwise(
// RESHAPE-NOT:     tensor.collapse_shape
// RESHAPE:         linalg.generic
// RESHAPE-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// RESHAPE:           math.tanh
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
