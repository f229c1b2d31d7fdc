// Every op of contract v1 in the generic form of the contract (inherent
// attributes in the attribute dictionary, defaults omitted) parses and
// verifies, and the printed form re-parses to the same text.
// RUN: nn-opt %s | FileCheck %s
// RUN: nn-opt %s > %t.mlir
// RUN: nn-opt %t.mlir | diff %t.mlir -
// RUN: nn-opt %s --mlir-print-op-generic > %t.generic.mlir
// RUN: nn-opt %t.generic.mlir --mlir-print-op-generic | diff %t.generic.mlir -

// CHECK-LABEL: func.func @all_ops
func.func @all_ops(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<2xi64>,
                   %x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x4xf32>,
                   %seed: tensor<i64>, %n: index) {
  // CHECK: nn.constant
  %c = "nn.constant"() {value = dense<1.0> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  // CHECK: nn.add
  %0 = "nn.add"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.sub
  %1 = "nn.sub"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.mul
  %2 = "nn.mul"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.div
  %3 = "nn.div"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.pow
  %4 = "nn.pow"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.maximum
  %5 = "nn.maximum"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.minimum
  %6 = "nn.minimum"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.compare gt
  %7 = "nn.compare"(%a, %b) {direction = "gt"} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: nn.select
  %8 = "nn.select"(%7, %a, %b) : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.neg
  %9 = "nn.neg"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.abs
  %10 = "nn.abs"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.exp
  %11 = "nn.exp"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.log
  %12 = "nn.log"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.sqrt
  %13 = "nn.sqrt"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.rsqrt
  %14 = "nn.rsqrt"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.tanh
  %15 = "nn.tanh"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.sigmoid
  %16 = "nn.sigmoid"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.relu
  %17 = "nn.relu"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.sign
  %18 = "nn.sign"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.cast
  %19 = "nn.cast"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf64>
  // CHECK: nn.matmul %{{.*}}, %{{.*}} {transpose_rhs = true}
  %20 = "nn.matmul"(%a, %a) {transpose_lhs = false, transpose_rhs = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  // CHECK: nn.conv2d %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>}
  %21 = "nn.conv2d"(%x, %w) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>) -> tensor<1x5x5x4xf32>
  // CHECK: nn.max_pool2d
  %22 = "nn.max_pool2d"(%x) {window = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>) -> tensor<1x2x2x2xf32>
  // CHECK: nn.avg_pool2d
  %23 = "nn.avg_pool2d"(%x) {window = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf32>
  // CHECK: nn.reduce_sum
  %24 = "nn.reduce_sum"(%a) {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  // CHECK: nn.reduce_mean
  %25 = "nn.reduce_mean"(%a) {axes = array<i64: 0>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<1x3xf32>
  // CHECK: nn.reduce_max
  %26 = "nn.reduce_max"(%a) : (tensor<2x3xf32>) -> tensor<f32>
  // CHECK: nn.reduce_min
  %27 = "nn.reduce_min"(%a) {axes = array<i64: -1, 0>} : (tensor<2x3xf32>) -> tensor<f32>
  // CHECK: nn.argmax
  %28 = "nn.argmax"(%a) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  // CHECK: nn.softmax
  %29 = "nn.softmax"(%a) {axis = -1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.log_softmax
  %30 = "nn.log_softmax"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.reshape
  %31 = "nn.reshape"(%a) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: nn.transpose
  %32 = "nn.transpose"(%a) {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: nn.broadcast_to
  %33 = "nn.broadcast_to"(%b) : (tensor<3xf32>) -> tensor<4x3xf32>
  // CHECK: nn.concat
  %34 = "nn.concat"(%a, %a) {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  // CHECK: nn.slice
  %35 = "nn.slice"(%a) {start = array<i64: 0, 1>, limit = array<i64: 2, 3>, strides = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  // CHECK: nn.pad
  %36 = "nn.pad"(%a) {low = array<i64: 1, 0>, high = array<i64: 0, 2>, value = 0.0 : f64} : (tensor<2x3xf32>) -> tensor<3x5xf32>
  // CHECK: nn.one_hot
  %37 = "nn.one_hot"(%i) {depth = 4 : i64} : (tensor<2xi64>) -> tensor<2x4xf32>
  // CHECK: nn.random_uniform
  %38 = "nn.random_uniform"(%seed, %n) {low = 0.0 : f64, high = 1.0 : f64} : (tensor<i64>, index) -> tensor<?x3xf32>
  // CHECK: nn.random_normal
  %39 = "nn.random_normal"(%seed) {mean = 0.0 : f64, stddev = 1.0 : f64} : (tensor<i64>) -> tensor<3xf32>
  // CHECK: nn.grad @sum(%{{.*}}) {wrt = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %40 = "nn.grad"(%a) {callee = @sum, wrt = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.value_and_grad @sum(%{{.*}}) : (tensor<2x3xf32>) -> (tensor<f32>, tensor<2x3xf32>)
  %41:2 = "nn.value_and_grad"(%a) {callee = @sum} : (tensor<2x3xf32>) -> (tensor<f32>, tensor<2x3xf32>)
  return
}

func.func @sum(%a: tensor<2x3xf32>) -> tensor<f32> {
  %0 = "nn.reduce_sum"(%a) : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @control_flow
func.func @control_flow(%p: tensor<i1>, %a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: nn.cond %{{.*}} (%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: } else {
  %0 = "nn.cond"(%p, %a) ({
  ^bb0(%x: tensor<2x3xf32>):
    %1 = "nn.exp"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
    "nn.yield"(%1) : (tensor<2x3xf32>) -> ()
  }, {
  ^bb0(%x: tensor<2x3xf32>):
    "nn.yield"(%x) : (tensor<2x3xf32>) -> ()
  }) : (tensor<i1>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.while (%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32> cond {
  // CHECK: } do {
  %2 = "nn.while"(%a) ({
  ^bb0(%x: tensor<2x3xf32>):
    %c = "nn.constant"() {value = dense<false> : tensor<i1>} : () -> tensor<i1>
    "nn.yield"(%c) : (tensor<i1>) -> ()
  }, {
  ^bb0(%x: tensor<2x3xf32>):
    "nn.yield"(%x) : (tensor<2x3xf32>) -> ()
  }) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.for 0 to 4 step 2 (%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32> {
  %3 = "nn.for"(%a) ({
  ^bb0(%i: tensor<i64>, %x: tensor<2x3xf32>):
    %1 = "nn.tanh"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
    "nn.yield"(%1) : (tensor<2x3xf32>) -> ()
  }) {lower = 0 : i64, upper = 4 : i64, step = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
