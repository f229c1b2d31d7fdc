// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-gpu-device-memory))' | FileCheck %s

// A public function: the argument copied into managed memory on entry, an
// intermediate buffer in managed memory, the result copied into a host
// buffer (memref.alloc) that the caller owns, every device buffer freed.
// The argument is only read: nothing is copied back into it.
// CHECK-LABEL: func.func @public(
// CHECK-SAME: %[[ARG:.*]]: memref<?xf32>)
// CHECK: %[[N:.*]] = memref.dim %[[ARG]]
// CHECK: %[[IN:.*]] = gpu.alloc  host_shared (%[[N]]) : memref<?xf32>
// CHECK: gpu.memcpy async [%{{.*}}] %[[IN]], %[[ARG]]
// CHECK: %[[OUT:.*]] = gpu.alloc  host_shared
// CHECK: linalg.copy ins(%[[IN]] : memref<?xf32>) outs(%[[OUT]] : memref<?xf32>)
// CHECK: %[[HOST:.*]] = memref.alloc
// CHECK: gpu.memcpy async [%{{.*}}] %[[HOST]], %[[OUT]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[OUT]]
// CHECK-NOT: gpu.memcpy {{.*}} %[[ARG]], %[[IN]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[IN]]
// CHECK: return %[[HOST]]
func.func @public(%a: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  %b = memref.alloc(%n) : memref<?xf32>
  memref.copy %a, %b : memref<?xf32> to memref<?xf32>
  return %b : memref<?xf32>
}

// -----

// An argument the function writes (a tied result) is copied back.
// CHECK-LABEL: func.func @written(
// CHECK-SAME: %[[ARG:.*]]: memref<4xf32>)
// CHECK: %[[IN:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK: gpu.memcpy async [%{{.*}}] %[[IN]], %[[ARG]]
// CHECK: linalg.fill {{.*}} outs(%[[IN]] : memref<4xf32>)
// CHECK: gpu.memcpy async [%{{.*}}] %[[ARG]], %[[IN]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[IN]]
func.func @written(%a: memref<4xf32>) {
  %cst = arith.constant 0.0 : f32
  linalg.fill ins(%cst : f32) outs(%a : memref<4xf32>)
  return
}

// -----

// Constants are copied into device memory and freed; frees become
// gpu.dealloc. A private function keeps device buffers at its boundary.
memref.global "private" constant @k : memref<2xf32> = dense<[1.0, 2.0]>
// CHECK-LABEL: func.func private @constant(
// CHECK-SAME: %[[ARG:.*]]: memref<2xf32>)
// CHECK: %[[G:.*]] = memref.get_global @k
// CHECK: %[[K:.*]] = gpu.alloc  host_shared () : memref<2xf32>
// CHECK: gpu.memcpy async [%{{.*}}] %[[K]], %[[G]]
// CHECK: %[[T:.*]] = gpu.alloc  host_shared () : memref<2xf32>
// CHECK: linalg.add ins(%[[K]], %[[ARG]] : {{.*}}) outs(%[[T]] :
// CHECK: gpu.dealloc async [%{{.*}}] %[[T]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[K]]
// CHECK-NEXT: gpu.wait
// CHECK-NEXT: return
func.func private @constant(%a: memref<2xf32>) {
  %g = memref.get_global @k : memref<2xf32>
  %t = memref.alloc() : memref<2xf32>
  linalg.add ins(%g, %a : memref<2xf32>, memref<2xf32>) outs(%t : memref<2xf32>)
  memref.dealloc %t : memref<2xf32>
  return
}
