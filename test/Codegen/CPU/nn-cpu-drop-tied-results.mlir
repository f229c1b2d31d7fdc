// RUN: nn-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(nn-cpu-drop-tied-results)' | FileCheck %s

// On bufferized functions alone (nn-cpu-tie-results.mlir runs it after
// bufferization): a result tied to an argument leaves the signature, and
// so does the attribute.
// CHECK-LABEL: func.func @in_place(
// CHECK-SAME: %[[P:.*]]: memref<4xf32>, %[[G:.*]]: memref<4xf32>) -> memref<4xf32> {
// CHECK-NOT: memref.copy
// CHECK: return %[[G]] : memref<4xf32>
// CHECK-NOT: nn.tied_result
func.func @in_place(%p: memref<4xf32> {nn.tied_result = 0 : i64}, %g: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>) {
  return %p, %g : memref<4xf32>, memref<4xf32>
}

// -----

// Through a cast, it is still the argument: no copy.
// CHECK-LABEL: func.func @cast(
// CHECK-SAME: %{{.*}}: memref<4xf32>) {
// CHECK-NOT: memref.copy
// CHECK: return{{$}}
func.func @cast(%p: memref<4xf32> {nn.tied_result = 0 : i64}) -> memref<4xf32> {
  %c = memref.cast %p : memref<4xf32> to memref<?xf32>
  %d = memref.cast %c : memref<?xf32> to memref<4xf32>
  return %d : memref<4xf32>
}

// -----

// Another buffer is copied into the argument at every return.
// CHECK-LABEL: func.func @other(
// CHECK-SAME: %[[P:.*]]: memref<4xf32>, %[[Q:.*]]: memref<4xf32>) {
// CHECK: memref.copy %[[Q]], %[[P]]
// CHECK-NEXT: return
// CHECK-NOT: nn.tied_result
func.func @other(%p: memref<4xf32> {nn.tied_result = 0 : i64}, %q: memref<4xf32>) -> memref<4xf32> {
  return %q : memref<4xf32>
}

// -----

// A call reads the result from the buffer it passed; the other results
// keep their places.
// CHECK-LABEL: func.func @caller(
// CHECK-SAME: %[[A:.*]]: memref<4xf32>, %[[B:.*]]: memref<4xf32>)
// CHECK: %[[R:.*]] = call @callee(%[[A]], %[[B]]) : (memref<4xf32>, memref<4xf32>) -> memref<4xf32>
// CHECK: return %[[A]], %[[R]] : memref<4xf32>, memref<4xf32>
func.func private @callee(%p: memref<4xf32> {nn.tied_result = 0 : i64}, %g: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>) {
  return %p, %g : memref<4xf32>, memref<4xf32>
}
func.func @caller(%a: memref<4xf32>, %b: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>) {
  %r:2 = func.call @callee(%a, %b) : (memref<4xf32>, memref<4xf32>) -> (memref<4xf32>, memref<4xf32>)
  return %r#0, %r#1 : memref<4xf32>, memref<4xf32>
}

// -----

// Before bufferization there is no buffer to leave the result in.
// expected-error @below {{nn-cpu-drop-tied-results runs on bufferized functions; argument 0 is not a buffer}}
func.func @tensors(%p: tensor<4xf32> {nn.tied_result = 0 : i64}) -> tensor<4xf32> {
  return %p : tensor<4xf32>
}
