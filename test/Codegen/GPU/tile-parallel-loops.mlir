// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-gpu-tile-parallel-loops))' | FileCheck %s
// RUN: not nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-gpu-tile-parallel-loops{max-threads=2048}))' 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: max-threads must be in [1, 1024], not 2048

// A 2-d loop over 7x33: 64 threads along the contiguous dimension (the
// next power of two), 4 along the other (256 in all).
// CHECK-LABEL: func.func @two_d
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[S4:.*]] = arith.muli %{{.*}}, %[[C4]]
// CHECK: %[[S64:.*]] = arith.muli %{{.*}}, %[[C64]]
// CHECK: scf.parallel ({{.*}}) = ({{.*}}) to ({{.*}}) step (%[[S4]], %[[S64]])
// CHECK: scf.parallel ({{.*}}) = ({{.*}}) to (%[[S4]], %[[S64]])
func.func @two_d(%m: memref<7x33xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c33 = arith.constant 33 : index
  %cst = arith.constant 1.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c7, %c33) step (%c1, %c1) {
    memref.store %cst, %m[%i, %j] : memref<7x33xf32>
    scf.reduce
  }
  return
}

// -----

// A dynamic 1-d loop takes every thread of a block.
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[C256:.*]] = arith.constant 256 : index
// CHECK: %[[S:.*]] = arith.muli %{{.*}}, %[[C256]]
// CHECK: scf.parallel ({{.*}}) = ({{.*}}) to ({{.*}}) step (%[[S]])
// CHECK: scf.parallel ({{.*}}) = ({{.*}}) to (%[[S]])
func.func @dynamic(%m: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cst = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %cst, %m[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// -----

// Serial work on buffers (a reduction to a scalar) becomes a one-iteration
// parallel loop, so that it runs on the device; a host loop around kernels
// and a scalar read stay on the host.
// CHECK-LABEL: func.func @serial
// CHECK: scf.parallel
// CHECK-NEXT: scf.parallel
// CHECK-NOT: scf.reduce
// CHECK: memref.store
// CHECK: scf.parallel
// CHECK-NEXT: scf.parallel
// CHECK-NOT: scf.reduce
// CHECK: scf.for
// CHECK: scf.reduce
// CHECK-NEXT: }
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: }
// CHECK-NEXT: memref.load %{{.*}}[] : memref<f32>
// CHECK-NEXT: return
func.func @serial(%m: memref<8xf32>, %s: memref<f32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  memref.store %zero, %s[] : memref<f32>
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %m[%i] : memref<8xf32>
    %acc = memref.load %s[] : memref<f32>
    %sum = arith.addf %acc, %x : f32
    memref.store %sum, %s[] : memref<f32>
  }
  %r = memref.load %s[] : memref<f32>
  return %r : f32
}

// -----

// A kernel already (a tiled contraction, nn-gpu-launch-tiles) is left as
// it is, and so is a host loop around it.
// CHECK-LABEL: func.func @launched
// CHECK-NOT: scf.parallel
// CHECK: scf.for
// CHECK-NEXT: gpu.launch
// CHECK-NOT: scf.parallel
// CHECK: return
func.func @launched(%m: memref<8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %n step %c1 {
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c8, %sy = %c1, %sz = %c1) {
      scf.for %j = %c0 to %c8 step %c1 {
        %x = memref.load %m[%j] : memref<8xf32>
        %y = arith.addf %x, %x : f32
        memref.store %y, %m[%tx] : memref<8xf32>
      }
      gpu.terminator
    }
  }
  return
}
