// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-gpu-tile-contractions,cse))' | FileCheck %s
//
// The loops nn-gpu-tile-contractions writes (tile-contractions-run.mlir runs
// them against plain loops on the CPU).

// Sizes that are not multiples of the tiles: a grid of 2x3 blocks of 64x64
// outputs (rows last: the GPU's x); the shared lhs tile is 64 rows of 16 k (padded to 17: threads
// of a warp read down its columns), the rhs tile 16 k of 64 columns; the
// accumulators of the 16x16 threads, 4x4 each. Phases: accumulators from
// the output, then per k step a copy of both tiles and the products, fused
// multiply-adds (the last step bounded by k), then the stores, guarded.
// Loads clamp indices.
// CHECK-LABEL: func.func @ragged(
// CHECK-SAME: %[[A:[a-z0-9]+]]: memref<130x70xf32>, %[[B:[a-z0-9]+]]: memref<70x100xf32>, %[[C:[a-z0-9]+]]: memref<130x100xf32>)
// CHECK: %[[COLS:.*]] = arith.ceildivui %{{.*}}, %[[C64:.*]] : index
// CHECK: %[[ROWS:.*]] = arith.ceildivui %{{.*}}, %[[C64]] : index
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%{{.*}}, %{{.*}}) to (%[[COLS]], %[[ROWS]])
// CHECK: %[[LHS:.*]] = memref.alloca() {nn.gpu.workgroup} : memref<64x17xf32>
// CHECK: %[[RHS:.*]] = memref.alloca() {nn.gpu.workgroup} : memref<16x64xf32>
// CHECK: %[[ACC:.*]] = memref.alloca() {nn.gpu.private} : memref<16x16x4x4xf32>
// CHECK: scf.parallel (%[[TY:.*]], %[[TX:.*]]) = (%{{.*}}, %{{.*}}) to (%[[C16:.*]], %[[C16]])
// CHECK: arith.minui
// CHECK: memref.load %[[C]]
// CHECK: memref.store %{{.*}}, %[[ACC]][%[[TY]], %[[TX]], %{{.*}}, %{{.*}}]
// CHECK-COUNT-15: memref.store %{{.*}}, %[[ACC]][%[[TY]], %[[TX]], %{{.*}}, %{{.*}}]
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: } {nn.gpu.threads}
// CHECK-NEXT: scf.for %[[K0:.*]] = %{{.*}} to %{{.*}} step %[[C16]] {
// CHECK-NEXT: scf.parallel
// CHECK-COUNT-4: memref.store %{{.*}}, %[[LHS]]
// CHECK-COUNT-4: memref.store %{{.*}}, %[[RHS]]
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: } {nn.gpu.threads}
// CHECK-NEXT: scf.parallel (%[[TY2:.*]], %[[TX2:.*]]) =
// CHECK: %[[LEFT:.*]] = arith.subi %{{.*}}, %[[K0]]
// CHECK: %[[STEPS:.*]] = arith.minui %[[LEFT]], %[[C16]]
// CHECK: scf.for %[[KK:.*]] = %{{.*}} to %[[STEPS]]
// CHECK-COUNT-4: memref.load %[[LHS]][%{{.*}}, %[[KK]]]
// CHECK-COUNT-4: memref.load %[[RHS]][%[[KK]], %{{.*}}]
// CHECK: %[[SUM:.*]] = memref.load %[[ACC]][%[[TY2]], %[[TX2]]
// CHECK-NEXT: %[[FMA:.*]] = llvm.intr.fma(%{{.*}}, %{{.*}}, %[[SUM]]) : (f32, f32, f32) -> f32
// CHECK-NEXT: memref.store %[[FMA]], %[[ACC]][%[[TY2]], %[[TX2]]
// CHECK: } {nn.gpu.threads}
// CHECK-NEXT: }
// CHECK-NEXT: scf.parallel
// CHECK: arith.cmpi ult
// CHECK: arith.cmpi ult
// CHECK: arith.andi
// CHECK: scf.if
// CHECK-NEXT: memref.load %[[ACC]]
// CHECK-NEXT: memref.store %{{.*}}, %[[C]]
// CHECK: } {nn.gpu.threads}
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: } {nn.gpu.blocks}
// CHECK-NOT: linalg.matmul
func.func @ragged(%a: memref<130x70xf32>, %b: memref<70x100xf32>, %c: memref<130x100xf32>) {
  linalg.matmul ins(%a, %b : memref<130x70xf32>, memref<70x100xf32>) outs(%c : memref<130x100xf32>)
  return
}

// -----

// Multiples of the tiles: no clamps, no bound on the k steps, no guards.
// CHECK-LABEL: func.func @even(
// CHECK: scf.parallel
// CHECK-NOT: arith.minui
// CHECK-NOT: scf.if
// CHECK: } {nn.gpu.blocks}
func.func @even(%a: memref<128x32xf32>, %b: memref<32x64xf32>, %c: memref<128x64xf32>) {
  linalg.matmul ins(%a, %b : memref<128x32xf32>, memref<32x64xf32>) outs(%c : memref<128x64xf32>)
  return
}

// -----

// Both operands transposed: each tile along its operand's contiguous
// dimension, the lhs tile k by m, the rhs tile n by k (padded).
// CHECK-LABEL: func.func @transposed(
// CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?x?xf32>, %[[B:[a-z0-9]+]]: memref<?x?xf32>, %[[C:[a-z0-9]+]]: memref<?x?xf32>)
// CHECK-DAG: %[[M:.*]] = memref.dim %[[A]], %c1
// CHECK-DAG: %[[N:.*]] = memref.dim %[[B]], %c0
// CHECK: %[[COLS:.*]] = arith.ceildivui %[[N]], %c64
// CHECK: %[[ROWS:.*]] = arith.ceildivui %[[M]], %c64
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%{{.*}}, %{{.*}}) to (%[[COLS]], %[[ROWS]])
// CHECK: memref.alloca() {nn.gpu.workgroup} : memref<16x64xf32>
// CHECK: memref.alloca() {nn.gpu.workgroup} : memref<64x17xf32>
// CHECK: } {nn.gpu.blocks}
#ta = affine_map<(m, n, k) -> (k, m)>
#tb = affine_map<(m, n, k) -> (n, k)>
#tc = affine_map<(m, n, k) -> (m, n)>
func.func @transposed(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [#ta, #tb, #tc], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A batch dimension is the outermost of the grid; the tiles keep the
// operands' element types and the payload (here widening bf16 products
// into f32 sums) is the op's.
// CHECK-LABEL: func.func @batched_bf16(
// CHECK-SAME: %[[A:[a-z0-9]+]]: memref<8x64x32xbf16>
// CHECK: scf.parallel (%[[BATCH:.*]], %{{.*}}, %{{.*}}) = (%{{.*}}, %{{.*}}, %{{.*}}) to (%c8,
// CHECK: memref.alloca() {nn.gpu.workgroup} : memref<64x17xbf16>
// CHECK: memref.alloca() {nn.gpu.workgroup} : memref<16x64xbf16>
// CHECK: memref.alloca() {nn.gpu.private} : memref<16x16x4x4xf32>
// CHECK: memref.load %[[A]][%[[BATCH]],
// CHECK: arith.extf %{{.*}} : bf16 to f32
// CHECK-NEXT: arith.extf %{{.*}} : bf16 to f32
// CHECK-NEXT: llvm.intr.fma({{.*}}) : (f32, f32, f32) -> f32
// CHECK: } {nn.gpu.blocks}
#ba = affine_map<(b, m, n, k) -> (b, m, k)>
#bb = affine_map<(b, m, n, k) -> (b, k, n)>
#bc = affine_map<(b, m, n, k) -> (b, m, n)>
func.func @batched_bf16(%a: memref<8x64x32xbf16>, %b: memref<8x32x64xbf16>, %c: memref<8x64x64xf32>) {
  linalg.generic {indexing_maps = [#ba, #bb, #bc], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<8x64x32xbf16>, memref<8x32x64xbf16>) outs(%c : memref<8x64x64xf32>) {
  ^bb0(%x: bf16, %y: bf16, %acc: f32):
    %xf = arith.extf %x : bf16 to f32
    %yf = arith.extf %y : bf16 to f32
    %p = arith.mulf %xf, %yf : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Left alone (other kernels): two batch dimensions, two reduction
// dimensions, and ops on tensors.
// CHECK-LABEL: func.func @untiled(
// CHECK-NOT: scf.parallel
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: linalg.matmul
// CHECK-NOT: scf.parallel
#b2a = affine_map<(b0, b1, m, n, k) -> (b0, b1, m, k)>
#b2b = affine_map<(b0, b1, m, n, k) -> (b0, b1, k, n)>
#b2c = affine_map<(b0, b1, m, n, k) -> (b0, b1, m, n)>
#k2a = affine_map<(m, n, k0, k1) -> (m, k0, k1)>
#k2b = affine_map<(m, n, k0, k1) -> (k0, k1, n)>
#k2c = affine_map<(m, n, k0, k1) -> (m, n)>
func.func @untiled(%a: memref<2x3x4x5xf32>, %b: memref<2x3x5x6xf32>, %c: memref<2x3x4x6xf32>,
                   %x: memref<4x5x7xf32>, %y: memref<5x7x6xf32>, %z: memref<4x6xf32>,
                   %ta: tensor<4x5xf32>, %tb: tensor<5x6xf32>, %tc: tensor<4x6xf32>) -> tensor<4x6xf32> {
  linalg.generic {indexing_maps = [#b2a, #b2b, #b2c], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<2x3x4x5xf32>, memref<2x3x5x6xf32>) outs(%c : memref<2x3x4x6xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#k2a, #k2b, #k2c], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%x, %y : memref<4x5x7xf32>, memref<5x7x6xf32>) outs(%z : memref<4x6xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  %r = linalg.matmul ins(%ta, %tb : tensor<4x5xf32>, tensor<5x6xf32>) outs(%tc : tensor<4x6xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}
