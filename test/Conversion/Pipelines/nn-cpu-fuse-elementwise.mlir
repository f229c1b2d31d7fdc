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
