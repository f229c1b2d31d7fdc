// RUN: nn-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(func.func(nn-gpu-launch-tiles))' | FileCheck %s

// A grid of %n x 2 blocks of 8x4 threads (the last dimension on x), a
// buffer per block in shared memory, a buffer per thread in registers.
// Each phase is its body at the thread's ids, followed by a barrier but
// for the last; a loop around phases is run by every thread.
// CHECK-LABEL: func.func @tiles(
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<?x8xf32>, %[[N:[a-z0-9]+]]: index, %[[K:[a-z0-9]+]]: index)
// CHECK: gpu.launch blocks(%{{[a-z0-9]+}}, %[[BY:[a-z0-9]+]], %{{[a-z0-9]+}}) in (%{{[a-z0-9]+}} = %c2, %{{[a-z0-9]+}} = %[[N]], %{{[a-z0-9]+}} = %c1{{(_[0-9]+)?}})
// CHECK-SAME: threads(%[[TX:[a-z0-9]+]], %[[TY:[a-z0-9]+]], %{{[a-z0-9]+}}) in (%{{[a-z0-9]+}} = %c4{{(_[0-9]+)?}}, %{{[a-z0-9]+}} = %c8{{(_[0-9]+)?}}, %{{[a-z0-9]+}} = %c1{{(_[0-9]+)?}})
// CHECK-SAME: workgroup(%[[SHARED:[a-z0-9]+]] : memref<8x4xf32, #gpu.address_space<workgroup>>)
// CHECK: %[[PRIVATE:.*]] = memref.alloca() : memref<2xf32>
// CHECK-NOT: scf.parallel
// CHECK: memref.store %{{.*}}, %[[PRIVATE]][%{{.*}}] : memref<2xf32>
// CHECK-NEXT: gpu.barrier
// CHECK-NEXT: scf.for
// CHECK: memref.store %{{.*}}, %[[SHARED]][%[[TY]], %[[TX]]]
// CHECK-NEXT: gpu.barrier
// CHECK: memref.load %[[SHARED]][%[[TY]], %{{.*}}]
// CHECK: memref.store %{{.*}}, %[[PRIVATE]]
// CHECK-NEXT: gpu.barrier
// CHECK-NEXT: }
// CHECK: memref.load %[[PRIVATE]]
// CHECK: memref.store %{{.*}}, %[[OUT]][%[[BY]], %[[TY]]]
// CHECK-NEXT: gpu.terminator
// CHECK-NOT: gpu.barrier
// CHECK: return
func.func @tiles(%out: memref<?x8xf32>, %n: index, %k: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%bi, %bj) = (%c0, %c0) to (%n, %c2) step (%c1, %c1) {
    %shared = memref.alloca() {nn.gpu.workgroup} : memref<8x4xf32>
    %acc = memref.alloca() {nn.gpu.private} : memref<8x4x2xf32>
    scf.parallel (%ty, %tx) = (%c0, %c0) to (%c8, %c4) step (%c1, %c1) {
      memref.store %zero, %acc[%ty, %tx, %c0] : memref<8x4x2xf32>
      scf.reduce
    } {nn.gpu.threads}
    scf.for %i = %c0 to %k step %c1 {
      scf.parallel (%ty, %tx) = (%c0, %c0) to (%c8, %c4) step (%c1, %c1) {
        %v = arith.index_cast %i : index to i32
        %f = arith.sitofp %v : i32 to f32
        memref.store %f, %shared[%ty, %tx] : memref<8x4xf32>
        scf.reduce
      } {nn.gpu.threads}
      scf.parallel (%ty, %tx) = (%c0, %c0) to (%c8, %c4) step (%c1, %c1) {
        %next = arith.subi %c3, %tx : index
        %x = memref.load %shared[%ty, %next] : memref<8x4xf32>
        %a = memref.load %acc[%ty, %tx, %c0] : memref<8x4x2xf32>
        %s = arith.addf %a, %x : f32
        memref.store %s, %acc[%ty, %tx, %c0] : memref<8x4x2xf32>
        scf.reduce
      } {nn.gpu.threads}
    }
    scf.parallel (%ty, %tx) = (%c0, %c0) to (%c8, %c4) step (%c1, %c1) {
      %a = memref.load %acc[%ty, %tx, %c0] : memref<8x4x2xf32>
      memref.store %a, %out[%bi, %ty] : memref<?x8xf32>
      scf.reduce
    } {nn.gpu.threads}
    scf.reduce
  } {nn.gpu.blocks}
  return
}

// -----

// What every thread would run twice: a store outside the phases.
func.func @side_effect(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%b) = (%c0) to (%c1) step (%c1) {
    // expected-error @below {{side effect outside the threads' phases}}
    memref.store %zero, %out[%c0] : memref<4xf32>
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      memref.store %zero, %out[%t] : memref<4xf32>
      scf.reduce
    } {nn.gpu.threads}
    scf.reduce
  } {nn.gpu.blocks}
  return
}

// -----

// A barrier under a condition: some threads would not reach it.
func.func @conditional(%out: memref<4xf32>, %cond: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%b) = (%c0) to (%c1) step (%c1) {
    scf.if %cond {
      // expected-error @below {{thread phase not reached by every thread}}
      scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
        memref.store %zero, %out[%t] : memref<4xf32>
        scf.reduce
      } {nn.gpu.threads}
    }
    scf.reduce
  } {nn.gpu.blocks}
  return
}

// -----

// Phases of two shapes: one block shape cannot run both.
func.func @shapes(%out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%b) = (%c0) to (%c1) step (%c1) {
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      memref.store %zero, %out[%t] : memref<8xf32>
      scf.reduce
    } {nn.gpu.threads}
    // expected-error @below {{thread phases not of one static shape}}
    scf.parallel (%t) = (%c0) to (%c8) step (%c1) {
      memref.store %zero, %out[%t] : memref<8xf32>
      scf.reduce
    } {nn.gpu.threads}
    scf.reduce
  } {nn.gpu.blocks}
  return
}

// -----

// A per-thread buffer that one thread reads at another's index.
func.func @not_private(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%b) = (%c0) to (%c1) step (%c1) {
    %acc = memref.alloca() {nn.gpu.private} : memref<4xf32>
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      memref.store %zero, %acc[%t] : memref<4xf32>
      scf.reduce
    } {nn.gpu.threads}
    scf.parallel (%t) = (%c0) to (%c4) step (%c1) {
      // expected-error @below {{per-thread buffer not indexed by thread}}
      %v = memref.load %acc[%c0] : memref<4xf32>
      memref.store %v, %out[%t] : memref<4xf32>
      scf.reduce
    } {nn.gpu.threads}
    scf.reduce
  } {nn.gpu.blocks}
  return
}
