// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(convert-nn-to-linalg,canonicalize,linalg-fuse-elementwise-ops,func.func(nn-cpu-tie-results),eliminate-empty-tensors,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},nn-cpu-drop-tied-results,canonicalize)' | FileCheck %s
// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-tie-results))' | FileCheck %s --check-prefix=BUF

// An SGD update tied to its parameter: computed in the parameter's buffer
// (no allocation, no copy), and the result leaves the signature.
// CHECK-LABEL: func.func @sgd(
// CHECK-SAME: %[[W:.*]]: memref<4x3xf32>, %[[G:.*]]: memref<4x3xf32>) {
// CHECK-NOT: memref.alloc
// CHECK: linalg.generic {{.*}} ins(%[[W]], %[[G]] : memref<4x3xf32>, memref<4x3xf32>) outs(%[[W]] : memref<4x3xf32>)
// CHECK-NOT: memref.copy
// CHECK: return
// CHECK-NOT: nn.tied_result
func.func @sgd(%w: tensor<4x3xf32> {nn.tied_result = 0 : i64}, %g: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %lr = nn.constant dense<0.5> : tensor<f32>
  %s = nn.mul %g, %lr : tensor<4x3xf32>, tensor<f32>
  %n = nn.sub %w, %s : tensor<4x3xf32>, tensor<4x3xf32>
  return %n : tensor<4x3xf32>
}

// -----

// A transpose cannot be computed in its own input's buffer: it goes to a
// new buffer, then into the argument.
// CHECK-LABEL: func.func @conflict(
// CHECK-SAME: %[[A:.*]]: memref<3x3xf32>) -> memref<3xf32> {
// CHECK: linalg.transpose ins(%[[A]] {{.*}} outs(%[[T:[a-z_0-9]+]] :
// CHECK: memref.copy %[[T]], %[[A]]
// CHECK: return {{.*}} : memref<3xf32>
func.func @conflict(%a: tensor<3x3xf32> {nn.tied_result = 1 : i64}) -> (tensor<3xf32>, tensor<3x3xf32>) {
  %s = nn.reduce_sum %a {axes = array<i64: 1>} : tensor<3x3xf32>
  %t = nn.transpose %a, [1, 0] : tensor<3x3xf32>
  return %s, %t : tensor<3xf32>, tensor<3x3xf32>
}

// -----

// A call of a function with a tied result reads the result from the buffer
// it passed; bufferization passes a copy, as the caller returns %w too.
// CHECK-LABEL: func.func private @update(
// CHECK-SAME: %[[W:.*]]: memref<4xf32>, %{{.*}}: memref<4xf32>) {
// CHECK-LABEL: func.func @caller(
// CHECK: %[[COPY:.*]] = memref.alloc
// CHECK: memref.copy %{{.*}}, %[[COPY]]
// CHECK: call @update(%[[COPY]], %{{.*}}) : (memref<4xf32>, memref<4xf32>) -> ()
// CHECK: return %[[COPY]], %{{.*}} : memref<4xf32>, memref<4xf32>
func.func private @update(%w: tensor<4xf32> {nn.tied_result = 0 : i64}, %g: tensor<4xf32>) -> tensor<4xf32> {
  %n = nn.sub %w, %g : tensor<4xf32>, tensor<4xf32>
  return %n : tensor<4xf32>
}
func.func @caller(%w: tensor<4xf32>, %g: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %n = func.call @update(%w, %g) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %n, %w : tensor<4xf32>, tensor<4xf32>
}

// -----

// Arguments that are buffers already are left alone (this made an op
// without a result and read it; the sanitizer build's fuzzer caught it).
// CHECK-LABEL: func.func @buffers(
// CHECK-NEXT: memref.copy
// BUF-LABEL: func.func @buffers(
// BUF-SAME: %{{.*}}: memref<4xf32> {nn.tied_result = 0 : i64}
// BUF-NEXT: return %{{.*}} : memref<4xf32>
func.func @buffers(%p: memref<4xf32> {nn.tied_result = 0 : i64}, %q: memref<4xf32>) -> memref<4xf32> {
  return %q : memref<4xf32>
}
