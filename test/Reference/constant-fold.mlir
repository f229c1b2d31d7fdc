// Constant folding: every op with constant operands folds under
// -canonicalize by running its reference kernel.
// RUN: nn-opt %s -canonicalize -split-input-file | FileCheck %s

// An all-constant graph becomes constants with the right values.
// CHECK-LABEL: func.func @graph
// CHECK-DAG: nn.constant dense<{{\[}}[2.26032421E-6, 0.999997735], [4.13993746E-8, 0.99999994]]> : tensor<2x2xf32>
// CHECK-DAG: nn.constant dense<1> : tensor<2xi64>
// CHECK-DAG: nn.constant dense<[4.000000e+00, 6.000000e+00]> : tensor<2xf32>
// CHECK-NOT: nn.matmul
// CHECK-NOT: nn.softmax
// CHECK-NOT: nn.argmax
// CHECK-NOT: nn.reduce_sum
func.func @graph() -> (tensor<2x2xf32>, tensor<2xi64>, tensor<2xf32>) {
  %a = nn.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = nn.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %0 = nn.matmul %a, %a : tensor<2x2xf32>, tensor<2x2xf32>
  %1 = nn.add %0, %b : tensor<2x2xf32>, tensor<2xf32>
  %2 = nn.softmax %1 : tensor<2x2xf32>
  %3 = nn.argmax %a {axis = 1 : i64} : tensor<2x2xf32>
  %4 = nn.reduce_sum %a {axes = array<i64: 0>} : tensor<2x2xf32>
  return %2, %3, %4 : tensor<2x2xf32>, tensor<2xi64>, tensor<2xf32>
}

// -----

// Every element type, and results rounded to the type (f16 here).
// CHECK-LABEL: func.func @types
// CHECK-DAG: nn.constant dense<[3, -2]> : tensor<2xi32>
// CHECK-DAG: nn.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG: nn.constant dense<3.332520e-01> : tensor<f16>
// CHECK-DAG: nn.constant dense<[-7, 3]> : tensor<2xi64>
// CHECK-NOT: nn.div
// CHECK-NOT: nn.cast
func.func @types() -> (tensor<2xi32>, tensor<2xi1>, tensor<f16>, tensor<2xi64>) {
  %i = nn.constant dense<[7, -5]> : tensor<2xi32>
  %j = nn.constant dense<[2, 2]> : tensor<2xi32>
  %0 = nn.div %i, %j : tensor<2xi32>, tensor<2xi32>
  %f = nn.constant dense<[1.5, 0.0]> : tensor<2xf32>
  %1 = nn.cast %f : tensor<2xf32> to tensor<2xi1>
  %one = nn.constant dense<1.0> : tensor<f16>
  %three = nn.constant dense<3.0> : tensor<f16>
  %2 = nn.div %one, %three : tensor<f16>, tensor<f16>
  %k = nn.constant dense<[7, -3]> : tensor<2xi64>
  %3 = nn.neg %k : tensor<2xi64>
  return %0, %1, %2, %3 : tensor<2xi32>, tensor<2xi1>, tensor<f16>, tensor<2xi64>
}

// -----

// Folding keeps splats splat and never grows the IR: a broadcast of a
// dense constant, a one-hot and random numbers stay ops; an elementwise op
// on a splat folds to a splat.
// CHECK-LABEL: func.func @no_growth
// CHECK-DAG: nn.constant dense<7.3890562> : tensor<64x64xf32>
// CHECK-DAG: nn.broadcast_to
// CHECK-DAG: nn.one_hot
// CHECK-DAG: nn.random_uniform
func.func @no_growth() -> (tensor<64x64xf32>, tensor<64x3xf32>, tensor<3x4xf32>, tensor<16xf32>) {
  %s = nn.constant dense<2.0> : tensor<64x64xf32>
  %0 = nn.exp %s : tensor<64x64xf32>
  %d = nn.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %1 = nn.broadcast_to %d : tensor<3xf32> to tensor<64x3xf32>
  %l = nn.constant dense<[0, 1, 2]> : tensor<3xi64>
  %2 = nn.one_hot %l {depth = 4 : i64} : tensor<3xi64> to tensor<3x4xf32>
  %seed = nn.constant dense<42> : tensor<i64>
  %3 = nn.random_uniform %seed : tensor<16xf32>
  return %0, %1, %2, %3 : tensor<64x64xf32>, tensor<64x3xf32>, tensor<3x4xf32>, tensor<16xf32>
}

// -----

// Errors stay for run time: integer division by zero is not folded.
// CHECK-LABEL: func.func @div_by_zero
// CHECK: nn.div
func.func @div_by_zero() -> tensor<2xi32> {
  %a = nn.constant dense<[1, 2]> : tensor<2xi32>
  %z = nn.constant dense<[1, 0]> : tensor<2xi32>
  %0 = nn.div %a, %z : tensor<2xi32>, tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Identity patterns leave the input untouched, bit for bit: NaN payloads,
// -0 and infinities survive.
// CHECK-LABEL: func.func @special_values
// CHECK: nn.constant dense<[0x7FC00001, -0.000000e+00, 0x7F800000, 0xFF800000]> : tensor<4xf32>
func.func @special_values() -> tensor<4xf32> {
  %c = nn.constant dense<[0x7FC00001, -0.0, 0x7F800000, 0xFF800000]> : tensor<4xf32>
  %one = nn.constant dense<1.0> : tensor<f32>
  %mz = nn.constant dense<-0.0> : tensor<f32>
  %0 = nn.mul %c, %one : tensor<4xf32>, tensor<f32>
  %1 = nn.add %0, %mz : tensor<4xf32>, tensor<f32>
  %2 = nn.reshape %1 : tensor<4xf32> to tensor<2x2xf32>
  %3 = nn.reshape %2 : tensor<2x2xf32> to tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// Folding works inside the regions of the control-flow ops, which are left
// in place (a region op is never folded by the interpreter; its constants
// stay inside, as the regions are isolated from above).
// CHECK-LABEL: func.func @control_flow
// CHECK:         nn.for 0 to 2 step 1
// CHECK:           %[[TWO:.*]] = nn.constant dense<2.000000e+00> : tensor<3xf32>
// CHECK:           %[[P:.*]] = nn.compare
// CHECK:           nn.cond %[[P]] (%{{.*}}, %[[TWO]])
// CHECK-NEXT:      ^bb0
// CHECK-NEXT:        nn.mul
// CHECK:           } else {
func.func @control_flow(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c = nn.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0:2 = nn.for 0 to 2 step 1 (%x, %c) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  ^bb0(%i: tensor<i64>, %a: tensor<3xf32>, %k: tensor<3xf32>):
    %zero = nn.constant dense<0> : tensor<i64>
    %p = nn.compare eq, %i, %zero : tensor<i64>, tensor<i64>
    %one = nn.constant dense<1.0> : tensor<3xf32>
    %two = nn.add %one, %one : tensor<3xf32>, tensor<3xf32>
    %1 = nn.cond %p (%a, %two) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> {
    ^bb0(%b: tensor<3xf32>, %t: tensor<3xf32>):
      %2 = nn.mul %b, %t : tensor<3xf32>, tensor<3xf32>
      nn.yield %2 : tensor<3xf32>
    } else {
    ^bb0(%b: tensor<3xf32>, %t: tensor<3xf32>):
      nn.yield %b : tensor<3xf32>
    }
    nn.yield %1, %k : tensor<3xf32>, tensor<3xf32>
  }
  return %0#0 : tensor<3xf32>
}

// -----

// A contraction folds only while its multiply-adds stay under 2^24 (the
// cost that ContractionOpInterface states): K = 2048 folds, K = 8192 does
// not, though both results have 64x64 elements.
// CHECK-LABEL: func.func @matmul_cost
// CHECK: %[[FOLDED:.*]] = nn.constant dense<2.048000e+03> : tensor<64x64xf32>
// CHECK: %[[KEPT:.*]] = nn.matmul
// CHECK: return %[[FOLDED]], %[[KEPT]]
func.func @matmul_cost() -> (tensor<64x64xf32>, tensor<64x64xf32>) {
  %a = nn.constant dense<1.0> : tensor<64x2048xf32>
  %b = nn.constant dense<1.0> : tensor<2048x64xf32>
  %0 = nn.matmul %a, %b : tensor<64x2048xf32>, tensor<2048x64xf32>
  %c = nn.constant dense<1.0> : tensor<64x8192xf32>
  %d = nn.constant dense<1.0> : tensor<8192x64xf32>
  %1 = nn.matmul %c, %d : tensor<64x8192xf32>, tensor<8192x64xf32>
  return %0, %1 : tensor<64x64xf32>, tensor<64x64xf32>
}

// -----

// Likewise for a convolution: 3 x 3 x 2048 multiply-adds per element allow
// 910 elements; 16 x 16 x 2 fold, 16 x 16 x 4 do not.
// CHECK-LABEL: func.func @conv2d_cost
// CHECK: %[[FOLDED:.*]] = nn.constant dense<1.843200e+04> : tensor<1x16x16x2xf32>
// CHECK: %[[KEPT:.*]] = nn.conv2d
// CHECK: return %[[FOLDED]], %[[KEPT]]
func.func @conv2d_cost() -> (tensor<1x16x16x2xf32>, tensor<1x16x16x4xf32>) {
  %x = nn.constant dense<1.0> : tensor<1x18x18x2048xf32>
  %w = nn.constant dense<1.0> : tensor<3x3x2048x2xf32>
  %0 = nn.conv2d %x, %w : tensor<1x18x18x2048xf32>, tensor<3x3x2048x2xf32>
  %v = nn.constant dense<1.0> : tensor<3x3x2048x4xf32>
  %1 = nn.conv2d %x, %v : tensor<1x18x18x2048xf32>, tensor<3x3x2048x4xf32>
  return %0, %1 : tensor<1x16x16x2xf32>, tensor<1x16x16x4xf32>
}

// -----

// A convolution of constants folds to its values, each its own: out[i][j] =
// x[i][j] + 2 x[i+1][j+1] with this filter.
// CHECK-LABEL: func.func @conv2d_values
// CHECK-NEXT: %[[C:.*]] = nn.constant dense<{{\[\[\[\[}}1.100000e+01], [1.400000e+01]], {{\[\[}}2.000000e+01], [2.300000e+01]]]]> : tensor<1x2x2x1xf32>
// CHECK-NEXT: return %[[C]]
func.func @conv2d_values() -> tensor<1x2x2x1xf32> {
  %x = nn.constant dense<[[[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[7.0], [8.0], [9.0]]]]> : tensor<1x3x3x1xf32>
  %w = nn.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %0 = nn.conv2d %x, %w : tensor<1x3x3x1xf32>, tensor<2x2x1x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}
