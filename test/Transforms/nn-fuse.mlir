// RUN: nn-opt %s -nn-fuse -split-input-file | FileCheck %s
// Idempotent: a second run changes nothing.
// RUN: nn-opt %s -nn-fuse -split-input-file > %t.once.mlir
// RUN: nn-opt %t.once.mlir -nn-fuse -split-input-file | diff %t.once.mlir -

// A 3-layer perceptron: every op ends up inside an nn.fusion, each matmul
// with its bias and activation as epilogue, the softmax as a reduction.
// CHECK-LABEL: func.func @mlp
// CHECK-NOT: {{^    %.* = nn\.(matmul|add|relu|softmax)}}
// CHECK: nn.fusion "epilogue"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: nn.matmul
// CHECK-NEXT: nn.add
// CHECK-NEXT: nn.relu
// CHECK-NEXT: nn.yield
// CHECK: nn.fusion "epilogue"
// CHECK: nn.fusion "epilogue"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: nn.matmul
// CHECK-NEXT: nn.add
// CHECK-NEXT: nn.yield
// CHECK: nn.fusion "reduction"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: nn.softmax
// CHECK-NEXT: nn.yield
// CHECK-NOT: {{^    %.* = nn\.(matmul|add|relu|softmax)}}
// CHECK: return
func.func @mlp(%x: tensor<?x784xf32>, %w1: tensor<784x400xf32>, %b1: tensor<400xf32>,
               %w2: tensor<400x300xf32>, %b2: tensor<300xf32>,
               %w3: tensor<300x10xf32>, %b3: tensor<10xf32>) -> tensor<?x10xf32> {
  %h1 = nn.matmul %x, %w1 : tensor<?x784xf32>, tensor<784x400xf32>
  %a1 = nn.add %h1, %b1 : tensor<?x400xf32>, tensor<400xf32>
  %r1 = nn.relu %a1 : tensor<?x400xf32>
  %h2 = nn.matmul %r1, %w2 : tensor<?x400xf32>, tensor<400x300xf32>
  %a2 = nn.add %h2, %b2 : tensor<?x300xf32>, tensor<300xf32>
  %r2 = nn.relu %a2 : tensor<?x300xf32>
  %h3 = nn.matmul %r2, %w3 : tensor<?x300xf32>, tensor<300x10xf32>
  %a3 = nn.add %h3, %b3 : tensor<?x10xf32>, tensor<10xf32>
  %p = nn.softmax %a3 : tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}

// -----

// An elementwise chain with broadcasting operands is one fusion; splat
// constants are copied in rather than passed.
// CHECK-LABEL: func.func @chain
// CHECK: %[[F:.*]] = nn.fusion "elementwise"(%arg0, %arg1) : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
// CHECK: nn.constant dense<2.000000e+00>
// CHECK: nn.mul
// CHECK: nn.add
// CHECK: nn.tanh
// CHECK: nn.yield
// CHECK: return %[[F]]
func.func @chain(%x: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %two = nn.constant dense<2.0> : tensor<f32>
  %0 = nn.mul %x, %two : tensor<4x3xf32>, tensor<f32>
  %1 = nn.add %0, %b : tensor<4x3xf32>, tensor<3xf32>
  %2 = nn.tanh %1 : tensor<4x3xf32>
  return %2 : tensor<4x3xf32>
}

// -----

// A value needed inside and outside its group is a second result of the
// fusion: the matmul is computed once, never duplicated.
// CHECK-LABEL: func.func @shared_producer
// CHECK: %[[F:.*]]:2 = nn.fusion "epilogue"
// CHECK-COUNT-1: nn.matmul
// CHECK: nn.yield
// CHECK: nn.reshape %[[F]]#{{[01]}}
// CHECK-NOT: nn.matmul
func.func @shared_producer(%x: tensor<8x4xf32>, %w: tensor<4x4xf32>) -> (tensor<8x4xf32>, tensor<32xf32>) {
  %m = nn.matmul %x, %w : tensor<8x4xf32>, tensor<4x4xf32>
  %r = nn.relu %m : tensor<8x4xf32>
  %flat = nn.reshape %m : tensor<8x4xf32> to tensor<32xf32>
  return %r, %flat : tensor<8x4xf32>, tensor<32xf32>
}

// -----

// Two matmuls never share a group; the second starts its own epilogue.
// CHECK-LABEL: func.func @two_contractions
// CHECK: nn.fusion "epilogue"
// CHECK: nn.fusion "epilogue"
func.func @two_contractions(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = nn.matmul %x, %x : tensor<8x8xf32>, tensor<8x8xf32>
  %1 = nn.matmul %0, %x : tensor<8x8xf32>, tensor<8x8xf32>
  %2 = nn.exp %1 : tensor<8x8xf32>
  return %2 : tensor<8x8xf32>
}

// -----

// Nothing crosses a call: the ops on either side are in separate fusions
// and the call stays outside.
// CHECK-LABEL: func.func @across_call
// CHECK: nn.fusion "elementwise"
// CHECK: call @g
// CHECK: nn.fusion "elementwise"
func.func private @g(tensor<4xf32>) -> tensor<4xf32>
func.func @across_call(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.exp %x : tensor<4xf32>
  %1 = func.call @g(%0) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = nn.add %1, %0 : tensor<4xf32>, tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// A reduction with its elementwise producers and consumers: the root mean
// square of x, then x scaled by it.
// CHECK-LABEL: func.func @rms_norm
// CHECK: nn.fusion "reduction"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: nn.mul
// CHECK-NEXT: nn.reduce_mean
// CHECK: nn.rsqrt
// CHECK: nn.yield
func.func @rms_norm(%x: tensor<?x64xf32>) -> tensor<?x1xf32> {
  %sq = nn.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %ms = nn.reduce_mean %sq {axes = array<i64: 1>, keep_dims = true} : tensor<?x64xf32>
  %eps = nn.constant dense<1.0e-5> : tensor<f32>
  %a = nn.add %ms, %eps : tensor<?x1xf32>, tensor<f32>
  %r = nn.rsqrt %a : tensor<?x1xf32>
  return %r : tensor<?x1xf32>
}

// -----

// An op outside a group that reads the group and feeds a later op: that op
// cannot join (it would need the fusion before and after itself).
// CHECK-LABEL: func.func @no_cycle
// CHECK: %[[A:.*]] = nn.fusion "elementwise"
// CHECK: %[[T:.*]] = nn.transpose %[[A]]
// CHECK: nn.fusion "elementwise"(%[[A]], %[[T]])
func.func @no_cycle(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = nn.exp %x : tensor<4x4xf32>
  %1 = nn.transpose %0, [1, 0] : tensor<4x4xf32>
  %2 = nn.add %0, %1 : tensor<4x4xf32>, tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// Groups never cross a region op: the ops before nn.cond and after it form
// separate groups, and the ops inside its regions are left as they are.
// CHECK-LABEL: func.func @control_flow
// CHECK:         %[[F0:.*]] = nn.fusion "elementwise"
// CHECK:           nn.add
// CHECK-NEXT:      nn.relu
// CHECK-NEXT:      nn.yield
// CHECK:         %[[C:.*]] = nn.cond %{{.*}} (%[[F0]], %{{.*}})
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      nn.mul
// CHECK-NEXT:      nn.tanh
// CHECK-NEXT:      nn.yield
// CHECK:         nn.fusion "elementwise"(%[[C]], %[[F0]])
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      nn.exp
// CHECK-NEXT:      nn.add
func.func @control_flow(%p: tensor<i1>, %x: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = nn.add %x, %b : tensor<?x4xf32>, tensor<4xf32>
  %1 = nn.relu %0 : tensor<?x4xf32>
  %2 = nn.cond %p (%1, %b) : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>, %c: tensor<4xf32>):
    %3 = nn.mul %a, %c : tensor<?x4xf32>, tensor<4xf32>
    %4 = nn.tanh %3 : tensor<?x4xf32>
    nn.yield %4 : tensor<?x4xf32>
  } else {
  ^bb0(%a: tensor<?x4xf32>, %c: tensor<4xf32>):
    nn.yield %a : tensor<?x4xf32>
  }
  %5 = nn.exp %2 : tensor<?x4xf32>
  %6 = nn.add %5, %1 : tensor<?x4xf32>, tensor<?x4xf32>
  return %6 : tensor<?x4xf32>
}

// -----

// A convolution is a contraction too: its bias and activation become its
// epilogue, in one fusion that takes the input, the filter and the bias.
// CHECK-LABEL: func.func @conv_epilogue
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x8x3xf32>, %[[W:.*]]: tensor<3x3x3x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[F:.*]] = nn.fusion "epilogue"(%[[X]], %[[W]], %[[B]])
// CHECK-NEXT: ^bb0(%[[FX:.*]]: tensor<1x8x8x3xf32>, %[[FW:.*]]: tensor<3x3x3x4xf32>, %[[FB:.*]]: tensor<4xf32>):
// CHECK-NEXT: %[[C:.*]] = nn.conv2d %[[FX]], %[[FW]]
// CHECK-NEXT: %[[A:.*]] = nn.add %[[C]], %[[FB]]
// CHECK-NEXT: %[[R:.*]] = nn.relu %[[A]]
// CHECK-NEXT: nn.yield %[[R]]
// CHECK: return %[[F]]
func.func @conv_epilogue(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x6x6x4xf32> {
  %0 = nn.conv2d %x, %w : tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>
  %1 = nn.add %0, %b : tensor<1x6x6x4xf32>, tensor<4xf32>
  %2 = nn.relu %1 : tensor<1x6x6x4xf32>
  return %2 : tensor<1x6x6x4xf32>
}
