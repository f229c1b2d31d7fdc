// Every op of contract v1 parses, verifies and prints; the printed custom
// form and the generic form both re-parse to the same IR.
// RUN: nn-opt %s | FileCheck %s
// RUN: nn-opt %s | nn-opt | FileCheck %s
// RUN: nn-opt %s --mlir-print-op-generic | nn-opt | FileCheck %s
// RUN: nn-opt %s --mlir-print-op-generic > %t.generic.mlir
// RUN: nn-opt %s --mlir-print-op-generic | nn-opt --mlir-print-op-generic | diff %t.generic.mlir -
// RUN: nn-opt %s > %t.custom.mlir
// RUN: nn-opt %t.custom.mlir | diff %t.custom.mlir -

// CHECK-LABEL: func.func @constants
func.func @constants() -> (tensor<2x2xf32>, tensor<3xi64>, tensor<i1>, tensor<2xbf16>, tensor<4xf16>, tensor<f64>, tensor<2xi32>) {
  // CHECK: nn.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  %0 = nn.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  // CHECK: nn.constant dense<[1, 2, 3]> : tensor<3xi64>
  %1 = nn.constant dense<[1, 2, 3]> : tensor<3xi64>
  // CHECK: nn.constant dense<true> : tensor<i1>
  %2 = nn.constant dense<true> : tensor<i1>
  // CHECK: nn.constant dense<5.000000e-01> : tensor<2xbf16>
  %3 = nn.constant dense<0.5> : tensor<2xbf16>
  // CHECK: nn.constant dense_resource<blob> : tensor<4xf16>
  %4 = nn.constant dense_resource<blob> : tensor<4xf16>
  // CHECK: nn.constant dense<2.500000e+00> : tensor<f64>
  %5 = nn.constant dense<2.5> : tensor<f64>
  // CHECK: nn.constant dense<[7, -7]> : tensor<2xi32>
  %6 = nn.constant dense<[7, -7]> : tensor<2xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2x2xf32>, tensor<3xi64>, tensor<i1>, tensor<2xbf16>, tensor<4xf16>, tensor<f64>, tensor<2xi32>
}

// CHECK-LABEL: func.func @binary
func.func @binary(%a: tensor<4x3xf32>, %b: tensor<3xf32>, %c: tensor<?x1xf32>, %i: tensor<2xi32>) {
  // CHECK: nn.add %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3xf32>
  %0 = nn.add %a, %b : tensor<4x3xf32>, tensor<3xf32>
  // CHECK: nn.sub %{{.*}}, %{{.*}} : tensor<3xf32>, tensor<4x3xf32>
  %1 = nn.sub %b, %a : tensor<3xf32>, tensor<4x3xf32>
  // CHECK: nn.mul %{{.*}}, %{{.*}} : tensor<?x1xf32>, tensor<3xf32>
  %2 = nn.mul %c, %b : tensor<?x1xf32>, tensor<3xf32>
  // CHECK: nn.div %{{.*}}, %{{.*}} : tensor<2xi32>, tensor<2xi32>
  %3 = nn.div %i, %i : tensor<2xi32>, tensor<2xi32>
  // CHECK: nn.pow %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<4x3xf32>
  %4 = nn.pow %a, %a : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: nn.maximum
  %5 = nn.maximum %a, %c : tensor<4x3xf32>, tensor<?x1xf32>
  // CHECK: nn.minimum
  %6 = nn.minimum %a, %b : tensor<4x3xf32>, tensor<3xf32>
  // CHECK: nn.compare gt, %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3xf32>
  %7 = nn.compare gt, %a, %b : tensor<4x3xf32>, tensor<3xf32>
  // CHECK: nn.compare eq
  %8 = nn.compare eq, %i, %i : tensor<2xi32>, tensor<2xi32>
  // CHECK: nn.compare ne
  %9 = nn.compare ne, %a, %a : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: nn.compare lt
  %10 = nn.compare lt, %a, %a : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: nn.compare le
  %11 = nn.compare le, %a, %a : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: nn.compare ge
  %12 = nn.compare ge, %a, %a : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: nn.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x3xi1>, tensor<4x3xf32>, tensor<3xf32>
  %13 = nn.select %7, %a, %b : tensor<4x3xi1>, tensor<4x3xf32>, tensor<3xf32>
  return
}

// CHECK-LABEL: func.func @binary_result_types
func.func @binary_result_types(%a: tensor<4x3xf32>, %b: tensor<3xf32>, %c: tensor<?x1xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xi1>) {
  %0 = nn.add %a, %b : tensor<4x3xf32>, tensor<3xf32>
  %1 = nn.mul %c, %a : tensor<?x1xf32>, tensor<4x3xf32>
  %2 = nn.compare gt, %a, %b : tensor<4x3xf32>, tensor<3xf32>
  // CHECK: return %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xi1>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xi1>
}

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<?x3xf32>, %i: tensor<4xi64>, %h: tensor<2xf16>) {
  // CHECK: nn.neg %{{.*}} : tensor<?x3xf32>
  %0 = nn.neg %x : tensor<?x3xf32>
  // CHECK: nn.abs %{{.*}} : tensor<4xi64>
  %1 = nn.abs %i : tensor<4xi64>
  // CHECK: nn.exp
  %2 = nn.exp %x : tensor<?x3xf32>
  // CHECK: nn.log
  %3 = nn.log %x : tensor<?x3xf32>
  // CHECK: nn.sqrt
  %4 = nn.sqrt %h : tensor<2xf16>
  // CHECK: nn.rsqrt
  %5 = nn.rsqrt %x : tensor<?x3xf32>
  // CHECK: nn.tanh
  %6 = nn.tanh %x : tensor<?x3xf32>
  // CHECK: nn.sigmoid
  %7 = nn.sigmoid %x : tensor<?x3xf32>
  // CHECK: nn.relu
  %8 = nn.relu %x : tensor<?x3xf32>
  // CHECK: nn.sign
  %9 = nn.sign %i : tensor<4xi64>
  // CHECK: nn.cast %{{.*}} : tensor<?x3xf32> to tensor<?x3xbf16>
  %10 = nn.cast %x : tensor<?x3xf32> to tensor<?x3xbf16>
  // CHECK: nn.cast %{{.*}} : tensor<4xi64> to tensor<4xi1>
  %11 = nn.cast %i : tensor<4xi64> to tensor<4xi1>
  return
}

// CHECK-LABEL: func.func @contractions
func.func @contractions(%a: tensor<8x128x64xf32>, %b: tensor<64x32xf32>, %bt: tensor<32x64xf32>,
                        %x: tensor<?x28x28x1xf32>, %w: tensor<3x3x1x8xf32>) -> (tensor<8x128x32xf32>, tensor<8x128x32xf32>, tensor<?x28x28x8xf32>, tensor<?x12x12x8xf32>) {
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : tensor<8x128x64xf32>, tensor<64x32xf32>
  %0 = nn.matmul %a, %b : tensor<8x128x64xf32>, tensor<64x32xf32>
  // CHECK: nn.matmul %{{.*}}, %{{.*}} {transpose_rhs = true} : tensor<8x128x64xf32>, tensor<32x64xf32>
  %1 = nn.matmul %a, %bt {transpose_rhs = true} : tensor<8x128x64xf32>, tensor<32x64xf32>
  // CHECK: nn.conv2d %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>
  %2 = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>
  // CHECK: nn.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>, strides = array<i64: 2, 2>}
  %3 = nn.conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>} : tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>
  return %0, %1, %2, %3 : tensor<8x128x32xf32>, tensor<8x128x32xf32>, tensor<?x28x28x8xf32>, tensor<?x12x12x8xf32>
}

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<?x28x28x8xf32>) -> (tensor<?x14x14x8xf32>, tensor<?x14x14x8xf32>, tensor<?x27x27x8xf32>) {
  // CHECK: nn.max_pool2d %{{.*}} {window = array<i64: 2, 2>} : tensor<?x28x28x8xf32>
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>} : tensor<?x28x28x8xf32>
  // CHECK: nn.avg_pool2d %{{.*}} {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, window = array<i64: 3, 3>}
  %1 = nn.avg_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x28x28x8xf32>
  // CHECK: nn.max_pool2d %{{.*}} {strides = array<i64: 1, 1>, window = array<i64: 2, 2>}
  %2 = nn.max_pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<?x28x28x8xf32>
  return %0, %1, %2 : tensor<?x14x14x8xf32>, tensor<?x14x14x8xf32>, tensor<?x27x27x8xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<?x10xf32>, %i: tensor<3x4xi32>) -> (tensor<?xf32>, tensor<?x1xf32>, tensor<f32>, tensor<4xi32>, tensor<?xi64>, tensor<?x1xi64>) {
  // CHECK: nn.reduce_sum %{{.*}} {axes = array<i64: -1>} : tensor<?x10xf32>
  %0 = nn.reduce_sum %x {axes = array<i64: -1>} : tensor<?x10xf32>
  // CHECK: nn.reduce_mean %{{.*}} {axes = array<i64: 1>, keep_dims = true} : tensor<?x10xf32>
  %1 = nn.reduce_mean %x {axes = array<i64: 1>, keep_dims = true} : tensor<?x10xf32>
  // CHECK: nn.reduce_max %{{.*}} : tensor<?x10xf32>
  %2 = nn.reduce_max %x : tensor<?x10xf32>
  // CHECK: nn.reduce_min %{{.*}} {axes = array<i64: 0>} : tensor<3x4xi32>
  %3 = nn.reduce_min %i {axes = array<i64: 0>} : tensor<3x4xi32>
  // CHECK: nn.argmax %{{.*}} {axis = 1 : i64} : tensor<?x10xf32>
  %4 = nn.argmax %x {axis = 1 : i64} : tensor<?x10xf32>
  // CHECK: nn.argmax %{{.*}} {axis = -1 : i64, keep_dims = true} : tensor<?x10xf32>
  %5 = nn.argmax %x {axis = -1 : i64, keep_dims = true} : tensor<?x10xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?xf32>, tensor<?x1xf32>, tensor<f32>, tensor<4xi32>, tensor<?xi64>, tensor<?x1xi64>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<?x10xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>) {
  // CHECK: nn.softmax %{{.*}} : tensor<?x10xf32>
  %0 = nn.softmax %x : tensor<?x10xf32>
  // CHECK: nn.log_softmax %{{.*}} {axis = 0 : i64} : tensor<?x10xf32>
  %1 = nn.log_softmax %x {axis = 0 : i64} : tensor<?x10xf32>
  return %0, %1 : tensor<?x10xf32>, tensor<?x10xf32>
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<?x28x28xf32>, %m: tensor<3x4xf32>, %b: tensor<10xf32>, %l: tensor<?xi64>)
    -> (tensor<?x784xf32>, tensor<4x3xf32>, tensor<?x10xf32>, tensor<3x9xf32>, tensor<2x2xf32>, tensor<5x6xf32>, tensor<?x10xf32>) {
  // CHECK: nn.reshape %{{.*}} : tensor<?x28x28xf32> to tensor<?x784xf32>
  %0 = nn.reshape %x : tensor<?x28x28xf32> to tensor<?x784xf32>
  // CHECK: nn.transpose %{{.*}}, [1, 0] : tensor<3x4xf32>
  %1 = nn.transpose %m, [1, 0] : tensor<3x4xf32>
  // CHECK: nn.broadcast_to %{{.*}} : tensor<10xf32> to tensor<?x10xf32>
  %2 = nn.broadcast_to %b : tensor<10xf32> to tensor<?x10xf32>
  // CHECK: nn.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x1xf32>
  %s = nn.slice %m {start = array<i64: 0, 0>, limit = array<i64: 3, 1>} : tensor<3x4xf32>
  %3 = nn.concat %m, %m, %s {axis = 1 : i64} : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x1xf32>
  // CHECK: nn.slice %{{.*}} {limit = array<i64: 3, 4>, start = array<i64: 1, 0>, strides = array<i64: 1, 2>} : tensor<3x4xf32>
  %4 = nn.slice %m {start = array<i64: 1, 0>, limit = array<i64: 3, 4>, strides = array<i64: 1, 2>} : tensor<3x4xf32>
  // CHECK: nn.pad %{{.*}} {high = array<i64: 1, 1>, low = array<i64: 1, 1>, value = -1.000000e+00 : f64} : tensor<3x4xf32>
  %5 = nn.pad %m {low = array<i64: 1, 1>, high = array<i64: 1, 1>, value = -1.0 : f64} : tensor<3x4xf32>
  // CHECK: nn.one_hot %{{.*}} {depth = 10 : i64} : tensor<?xi64> to tensor<?x10xf32>
  %6 = nn.one_hot %l {depth = 10 : i64} : tensor<?xi64> to tensor<?x10xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x784xf32>, tensor<4x3xf32>, tensor<?x10xf32>, tensor<3x9xf32>, tensor<2x2xf32>, tensor<5x6xf32>, tensor<?x10xf32>
}

// CHECK-LABEL: func.func @random
func.func @random(%seed: tensor<i64>, %n: index) -> (tensor<?x128xf32>, tensor<4x4xf64>) {
  // CHECK: nn.random_uniform %{{.*}}[%{{.*}}] {high = 1.000000e-01 : f64, low = -1.000000e-01 : f64} : tensor<?x128xf32>
  %0 = nn.random_uniform %seed[%n] {low = -0.1 : f64, high = 0.1 : f64} : tensor<?x128xf32>
  // CHECK: nn.random_normal %{{.*}} {stddev = 2.000000e+00 : f64} : tensor<4x4xf64>
  %1 = nn.random_normal %seed {stddev = 2.0 : f64} : tensor<4x4xf64>
  return %0, %1 : tensor<?x128xf32>, tensor<4x4xf64>
}

func.func private @loss(%w: tensor<3xf32>, %x: tensor<3xf32>, %n: tensor<i32>) -> (tensor<f32>, tensor<3xf32>)

// CHECK-LABEL: func.func @gradients
func.func @gradients(%w: tensor<3xf32>, %x: tensor<3xf32>, %n: tensor<i32>) {
  // CHECK: nn.grad @loss(%{{.*}}, %{{.*}}, %{{.*}}) {wrt = array<i64: 0>} : (tensor<3xf32>, tensor<3xf32>, tensor<i32>) -> tensor<3xf32>
  %g = nn.grad @loss(%w, %x, %n) {wrt = array<i64: 0>} : (tensor<3xf32>, tensor<3xf32>, tensor<i32>) -> tensor<3xf32>
  // CHECK: nn.value_and_grad @loss(%{{.*}}, %{{.*}}, %{{.*}}) {wrt = array<i64: 1, 0>} : (tensor<3xf32>, tensor<3xf32>, tensor<i32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>)
  %v, %g0, %g1 = nn.value_and_grad @loss(%w, %x, %n) {wrt = array<i64: 1, 0>} : (tensor<3xf32>, tensor<3xf32>, tensor<i32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>)
  return
}

func.func private @loss2(%w: tensor<3xf32>, %x: tensor<2xf64>) -> tensor<f64>

// CHECK-LABEL: func.func @gradients_default_wrt
func.func @gradients_default_wrt(%w: tensor<3xf32>, %x: tensor<2xf64>) {
  // CHECK: nn.grad @loss2(%{{.*}}, %{{.*}}) : (tensor<3xf32>, tensor<2xf64>) -> (tensor<3xf32>, tensor<2xf64>)
  %g:2 = nn.grad @loss2(%w, %x) : (tensor<3xf32>, tensor<2xf64>) -> (tensor<3xf32>, tensor<2xf64>)
  return
}

// CHECK-LABEL: func.func @gradient_ops
func.func @gradient_ops(%x: tensor<?x8x8x3xf32>, %w: tensor<3x3x3x4xf32>, %g: tensor<?x8x8x4xf32>,
                        %p: tensor<?x4x4x3xf32>, %b: tensor<4xf32>, %v: tensor<?x4xf32>) {
  // CHECK: nn.conv2d_input_grad %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<?x8x8x4xf32>
  %0 = nn.conv2d_input_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>} : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<?x8x8x4xf32>
  // CHECK: nn.conv2d_filter_grad
  %1 = nn.conv2d_filter_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>} : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<?x8x8x4xf32>
  // CHECK: nn.max_pool2d_grad %{{.*}}, %{{.*}} {window = array<i64: 2, 2>} : tensor<?x8x8x3xf32>, tensor<?x4x4x3xf32>
  %2 = nn.max_pool2d_grad %x, %p {window = array<i64: 2, 2>} : tensor<?x8x8x3xf32>, tensor<?x4x4x3xf32>
  // CHECK: nn.avg_pool2d_grad
  %3 = nn.avg_pool2d_grad %x, %p {window = array<i64: 2, 2>} : tensor<?x8x8x3xf32>, tensor<?x4x4x3xf32>
  // CHECK: nn.broadcast_like %{{.*}}, %{{.*}} : tensor<4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %4 = nn.broadcast_like %b, %v : tensor<4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  // CHECK: nn.unbroadcast %{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<4xf32> -> tensor<4xf32>
  %5 = nn.unbroadcast %v, %b : tensor<?x4xf32>, tensor<4xf32> -> tensor<4xf32>
  // CHECK: nn.pad %{{.*}} {high = array<i64: 0>, interior = array<i64: 2>, low = array<i64: 1>} : tensor<4xf32>
  %6 = nn.pad %b {low = array<i64: 1>, high = array<i64: 0>, interior = array<i64: 2>} : tensor<4xf32>
  return
}

// CHECK-LABEL: func.func @fusion
func.func @fusion(%x: tensor<?x10xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  // CHECK: nn.fusion "elementwise"(%{{.*}}, %{{.*}}) : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32> {
  // CHECK: ^bb0(%{{.*}}: tensor<?x10xf32>, %{{.*}}: tensor<10xf32>):
  // CHECK: nn.yield %{{.*}} : tensor<?x10xf32>
  %0 = nn.fusion "elementwise"(%x, %b) : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32> {
  ^bb0(%a: tensor<?x10xf32>, %c: tensor<10xf32>):
    %1 = nn.add %a, %c : tensor<?x10xf32>, tensor<10xf32>
    %2 = nn.relu %1 : tensor<?x10xf32>
    nn.yield %2 : tensor<?x10xf32>
  }
  return %0 : tensor<?x10xf32>
}

// CHECK-LABEL: func.func @cond
func.func @cond(%p: tensor<i1>, %x: tensor<?x3xf32>, %w: tensor<3xf32>) -> (tensor<?x3xf32>, tensor<f32>) {
  // CHECK: %{{.*}}:2 = nn.cond %{{.*}} (%{{.*}}, %{{.*}}) : (tensor<?x3xf32>, tensor<3xf32>) -> (tensor<?x3xf32>, tensor<f32>) {
  // CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<?x3xf32>, %[[B:.*]]: tensor<3xf32>):
  // CHECK-NEXT: nn.mul %[[A]], %[[B]]
  // CHECK: nn.yield %{{.*}}, %{{.*}} : tensor<?x3xf32>, tensor<f32>
  // CHECK-NEXT: } else {
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<?x3xf32>, %{{.*}}: tensor<3xf32>):
  %0:2 = nn.cond %p (%x, %w) : (tensor<?x3xf32>, tensor<3xf32>) -> (tensor<?x3xf32>, tensor<f32>) {
  ^bb0(%a: tensor<?x3xf32>, %b: tensor<3xf32>):
    %1 = nn.mul %a, %b : tensor<?x3xf32>, tensor<3xf32>
    %2 = nn.reduce_sum %1 : tensor<?x3xf32>
    nn.yield %1, %2 : tensor<?x3xf32>, tensor<f32>
  } else {
  ^bb0(%a: tensor<?x3xf32>, %b: tensor<3xf32>):
    %1 = nn.reduce_sum %b : tensor<3xf32>
    nn.yield %a, %1 : tensor<?x3xf32>, tensor<f32>
  }
  return %0#0, %0#1 : tensor<?x3xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @cond_no_inputs
func.func @cond_no_inputs(%p: tensor<i1>) -> tensor<f32> {
  // CHECK: nn.cond %{{.*}} () : () -> tensor<f32> {
  // CHECK-NEXT: nn.constant dense<1.000000e+00>
  // CHECK: } else {
  // CHECK-NEXT: nn.constant dense<2.000000e+00>
  %0 = nn.cond %p () : () -> tensor<f32> {
    %1 = nn.constant dense<1.0> : tensor<f32>
    nn.yield %1 : tensor<f32>
  } else {
    %1 = nn.constant dense<2.0> : tensor<f32>
    nn.yield %1 : tensor<f32>
  }
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @while
func.func @while(%x: tensor<f32>, %n: tensor<i64>) -> (tensor<f32>, tensor<i64>) {
  // CHECK: %{{.*}}:2 = nn.while (%{{.*}}, %{{.*}}) : (tensor<f32>, tensor<i64>) -> (tensor<f32>, tensor<i64>) cond {
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<f32>, %{{.*}}: tensor<i64>):
  // CHECK: nn.yield %{{.*}} : tensor<i1>
  // CHECK-NEXT: } do {
  // CHECK: nn.yield %{{.*}}, %{{.*}} : tensor<f32>, tensor<i64>
  %0:2 = nn.while (%x, %n) : (tensor<f32>, tensor<i64>) -> (tensor<f32>, tensor<i64>) cond {
  ^bb0(%a: tensor<f32>, %i: tensor<i64>):
    %zero = nn.constant dense<0> : tensor<i64>
    %c = nn.compare gt, %i, %zero : tensor<i64>, tensor<i64>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<f32>, %i: tensor<i64>):
    %one = nn.constant dense<1> : tensor<i64>
    %j = nn.sub %i, %one : tensor<i64>, tensor<i64>
    %b = nn.add %a, %a : tensor<f32>, tensor<f32>
    nn.yield %b, %j : tensor<f32>, tensor<i64>
  }
  return %0#0, %0#1 : tensor<f32>, tensor<i64>
}

// CHECK-LABEL: func.func @for
func.func @for(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>) -> tensor<?x4xf32> {
  // CHECK: %{{.*}}:2 = nn.for -2 to 7 step 3 (%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<4x4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>) {
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<i64>, %{{.*}}: tensor<?x4xf32>, %{{.*}}: tensor<4x4xf32>):
  // CHECK: nn.cond
  // CHECK: nn.yield %{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<4x4xf32>
  %0:2 = nn.for -2 to 7 step 3 (%x, %w) : (tensor<?x4xf32>, tensor<4x4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>) {
  ^bb0(%i: tensor<i64>, %a: tensor<?x4xf32>, %b: tensor<4x4xf32>):
    %1 = nn.matmul %a, %b : tensor<?x4xf32>, tensor<4x4xf32>
    %zero = nn.constant dense<0> : tensor<i64>
    %p = nn.compare ge, %i, %zero : tensor<i64>, tensor<i64>
    %2 = nn.cond %p (%1) : (tensor<?x4xf32>) -> tensor<?x4xf32> {
    ^bb0(%c: tensor<?x4xf32>):
      %3 = nn.tanh %c : tensor<?x4xf32>
      nn.yield %3 : tensor<?x4xf32>
    } else {
    ^bb0(%c: tensor<?x4xf32>):
      nn.yield %c : tensor<?x4xf32>
    }
    nn.yield %2, %b : tensor<?x4xf32>, tensor<4x4xf32>
  }
  return %0#0 : tensor<?x4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803C0000803C0000803C"
    }
  }
#-}
