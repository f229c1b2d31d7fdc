// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-lower-vectors))' | FileCheck %s

// A copy between strided views becomes a linalg.copy (loops LLVM
// vectorizes); a contiguous one stays a memref.copy (a memcpy).
// CHECK-LABEL: func.func @copies(
// CHECK: linalg.copy ins(%{{.*}} : memref<4x4xf32, strided<[8, 1]>>) outs(%{{.*}} : memref<4x4xf32>)
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4x4xf32> to memref<4x4xf32>
func.func @copies(%a: memref<8x8xf32>, %b: memref<4x4xf32>, %c: memref<4x4xf32>) {
  %s = memref.subview %a[0, 0] [4, 4] [1, 1] : memref<8x8xf32> to memref<4x4xf32, strided<[8, 1]>>
  memref.copy %s, %b : memref<4x4xf32, strided<[8, 1]>> to memref<4x4xf32>
  memref.copy %b, %c : memref<4x4xf32> to memref<4x4xf32>
  return
}

// -----

// A register tile's vector.contract (k x m by k x n into m x n) becomes
// outer products, then one FMA per k step and row of the tile.
// CHECK-LABEL: func.func @contract(
// CHECK-NOT: vector.contract
// CHECK-COUNT-8: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.contract
// CHECK-NOT: vector.outerproduct
// CHECK: return
func.func @contract(%a: vector<2x4xf32>, %b: vector<2x16xf32>, %c: vector<4x16xf32>) -> vector<4x16xf32> {
  %r = vector.contract {indexing_maps = [affine_map<(k, m, n) -> (k, m)>, affine_map<(k, m, n) -> (k, n)>, affine_map<(k, m, n) -> (m, n)>], iterator_types = ["reduction", "parallel", "parallel"], kind = #vector.kind<add>} %a, %b, %c : vector<2x4xf32>, vector<2x16xf32> into vector<4x16xf32>
  return %r : vector<4x16xf32>
}

// -----

// The accumulator read and written at the same indices in every step of a
// loop is hoisted out of it: it stays in registers.
// CHECK-LABEL: func.func @accumulator(
// CHECK: %[[INIT:.*]] = vector.transfer_read %{{.*}} : memref<4x16xf32>, vector<4x16xf32>
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (vector<4x16xf32>)
// CHECK: vector.transfer_write %[[SUM]], %{{.*}} : vector<4x16xf32>, memref<4x16xf32>
func.func @accumulator(%c: memref<4x16xf32>, %a: memref<8x4xf32>, %b: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %pad = arith.constant 0.0 : f32
  scf.for %k = %c0 to %c8 step %c1 {
    %acc = vector.transfer_read %c[%c0, %c0], %pad {in_bounds = [true, true]} : memref<4x16xf32>, vector<4x16xf32>
    %va = vector.transfer_read %a[%k, %c0], %pad {in_bounds = [true]} : memref<8x4xf32>, vector<4xf32>
    %vb = vector.transfer_read %b[%k, %c0], %pad {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
    %p = vector.outerproduct %va, %vb, %acc {kind = #vector.kind<add>} : vector<4xf32>, vector<16xf32>
    vector.transfer_write %p, %c[%c0, %c0] {in_bounds = [true, true]} : vector<4x16xf32>, memref<4x16xf32>
  }
  return
}
