// RUN: nn-opt %s -nn-autodiff -split-input-file | FileCheck %s
// RUN: nn-opt %s -nn-autodiff -canonicalize -cse -split-input-file | FileCheck %s --check-prefix=CLEAN

// nn.grad becomes a call of a generated private function; a second request
// for the same gradient reuses it.
// CHECK-LABEL: func.func @square_sum
// CHECK-LABEL: func.func private @square_sum__grad_w0
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>) -> tensor<3xf32>
// CHECK: %[[SQ:.*]] = nn.mul %[[X]], %[[X]]
// CHECK: nn.reduce_sum %[[SQ]]
// CHECK: %[[ONE:.*]] = nn.constant dense<1.000000e+00> : tensor<f32>
// Fan-out: x is used twice by the mul, so its two gradients are summed.
// CHECK: %[[G1:.*]] = nn.mul %{{.*}}, %[[X]]
// CHECK: %[[G2:.*]] = nn.mul %{{.*}}, %[[X]]
// CHECK: %[[SUM:.*]] = nn.add %[[G1]], %[[G2]]
// CHECK: return %[[SUM]]
// CHECK-LABEL: func.func @twice
// CHECK: call @square_sum__grad_w0(%arg0)
// CHECK: call @square_sum__grad_w0(%arg0)
// CHECK-NOT: nn.grad
// CLEAN-LABEL: func.func private @square_sum__grad_w0
// CLEAN-NOT: nn.reduce_sum
// CLEAN: return
func.func @square_sum(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = nn.mul %x, %x : tensor<3xf32>, tensor<3xf32>
  %1 = nn.reduce_sum %0 : tensor<3xf32>
  return %1 : tensor<f32>
}
func.func @twice(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = nn.grad @square_sum(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = nn.grad @square_sum(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// Only the requested gradients are computed: nothing for %b, and after
// cleanup no op that only %b's gradient would need. An argument the loss
// does not depend on gets zeros.
// CLEAN-LABEL: func.func private @f__value_and_grad_w0_2
// CLEAN-SAME: -> (tensor<f32>, tensor<2x3xf32>, tensor<4xf32>)
// CLEAN-DAG: %[[ZERO:.*]] = nn.constant dense<0.000000e+00> : tensor<4xf32>
// CLEAN-NOT: nn.reduce_sum {{.*}}axes = array<i64: 0>
// CLEAN: return %{{.*}}, %{{.*}}, %[[ZERO]]
func.func @f(%w: tensor<2x3xf32>, %b: tensor<3xf32>, %unused: tensor<4xf32>) -> tensor<f32> {
  %0 = nn.add %w, %b : tensor<2x3xf32>, tensor<3xf32>
  %1 = nn.exp %0 : tensor<2x3xf32>
  %2 = nn.reduce_mean %1 : tensor<2x3xf32>
  return %2 : tensor<f32>
}
func.func @main(%w: tensor<2x3xf32>, %b: tensor<3xf32>, %u: tensor<4xf32>) -> (tensor<f32>, tensor<2x3xf32>, tensor<4xf32>) {
  %v, %gw, %gu = nn.value_and_grad @f(%w, %b, %u) {wrt = array<i64: 0, 2>} : (tensor<2x3xf32>, tensor<3xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<2x3xf32>, tensor<4xf32>)
  return %v, %gw, %gu : tensor<f32>, tensor<2x3xf32>, tensor<4xf32>
}

// -----

// Broadcasting sums the gradient back to the operand's shape: statically
// over the missing leading dimension of a bias; at run time for %s, whose
// dynamic first dimension may or may not have been broadcast.
// CLEAN-LABEL: func.func private @bias__grad_w0_1
// CLEAN: nn.unbroadcast %{{.*}}, %arg1 : tensor<?x3xf32>, tensor<?x1xf32> -> tensor<?x1xf32>
// CLEAN: nn.reduce_sum %{{.*}} {axes = array<i64: 0>} : tensor<?x3xf32>
func.func @bias(%b: tensor<3xf32>, %s: tensor<?x1xf32>, %x: tensor<?x3xf32>) -> tensor<f32> {
  %0 = nn.add %x, %b : tensor<?x3xf32>, tensor<3xf32>
  %1 = nn.mul %0, %s : tensor<?x3xf32>, tensor<?x1xf32>
  %2 = nn.reduce_sum %1 : tensor<?x3xf32>
  return %2 : tensor<f32>
}
func.func @bias_grad(%b: tensor<3xf32>, %s: tensor<?x1xf32>, %x: tensor<?x3xf32>) -> (tensor<3xf32>, tensor<?x1xf32>) {
  %g:2 = nn.grad @bias(%b, %s, %x) {wrt = array<i64: 0, 1>} : (tensor<3xf32>, tensor<?x1xf32>, tensor<?x3xf32>) -> (tensor<3xf32>, tensor<?x1xf32>)
  return %g#0, %g#1 : tensor<3xf32>, tensor<?x1xf32>
}

// -----

// Where only run time can tell whether an operand was broadcast (a dynamic
// size meets a dynamic size), the gradient goes through nn.unbroadcast.
// CHECK-LABEL: func.func private @dyn__grad_w0
// CHECK: nn.unbroadcast %{{.*}}, %arg0 : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
func.func @dyn(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) -> tensor<f32> {
  %0 = nn.mul %a, %b : tensor<?x3xf32>, tensor<?x3xf32>
  %1 = nn.reduce_sum %0 : tensor<?x3xf32>
  return %1 : tensor<f32>
}
func.func @dyn_grad(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %g = nn.grad @dyn(%a, %b) {wrt = array<i64: 0>} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %g : tensor<?x3xf32>
}

// -----

// A call on the differentiated path gets a VJP function of its callee:
// (arguments, gradient of the result) -> gradients of the arguments that
// depend on the differentiated ones (here only the weight, argument 1).
// CHECK-LABEL: func.func @layer
// CHECK-LABEL: func.func private @layer__vjp_a1
// CHECK-SAME: (%{{.*}}: tensor<2x2xf32>, %{{.*}}: tensor<2x2xf32>, %{{.*}}: tensor<2x2xf32>) -> tensor<2x2xf32>
// After cleanup, nothing computes the gradient of the input %x.
// CLEAN-LABEL: func.func private @layer__vjp_a1
// CLEAN-NOT: transpose_rhs = true
// CLEAN: return
// CHECK-LABEL: func.func private @net__grad_w0
// CHECK: call @layer(
// CHECK: call @layer__vjp_a1(
func.func @layer(%x: tensor<2x2xf32>, %w: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = nn.matmul %x, %w : tensor<2x2xf32>, tensor<2x2xf32>
  %1 = nn.tanh %0 : tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}
func.func @net(%w: tensor<2x2xf32>, %x: tensor<2x2xf32>) -> tensor<f32> {
  %0 = func.call @layer(%x, %w) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %1 = nn.reduce_sum %0 : tensor<2x2xf32>
  return %1 : tensor<f32>
}
func.func @net_grad(%w: tensor<2x2xf32>, %x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %g = nn.grad @net(%w, %x) {wrt = array<i64: 0>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %g : tensor<2x2xf32>
}

// -----

// Integer arguments and non-differentiable ops (compare, argmax, one_hot)
// carry no gradient and need no rule.
// CHECK-LABEL: func.func private @xent__grad_w0
// CHECK-NOT: nn.grad
// CHECK: return
func.func @xent(%logits: tensor<4x3xf32>, %labels: tensor<4xi64>) -> tensor<f32> {
  %lp = nn.log_softmax %logits : tensor<4x3xf32>
  %oh = nn.one_hot %labels {depth = 3 : i64} : tensor<4xi64> to tensor<4x3xf32>
  %p = nn.mul %lp, %oh : tensor<4x3xf32>, tensor<4x3xf32>
  %s = nn.reduce_mean %p : tensor<4x3xf32>
  %n = nn.neg %s : tensor<f32>
  return %n : tensor<f32>
}
func.func @xent_grad(%logits: tensor<4x3xf32>, %labels: tensor<4xi64>) -> tensor<4x3xf32> {
  %g = nn.grad @xent(%logits, %labels) {wrt = array<i64: 0>} : (tensor<4x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  return %g : tensor<4x3xf32>
}

// -----

// has_aux: the callee's other results come back after the value, from the
// same forward pass, with no gradient of their own.
// CHECK-LABEL: func.func private @with_aux__value_aux_and_grad_w0
// CHECK-SAME: (%[[W:.*]]: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[T:.*]] = nn.tanh %[[W]]
// CHECK: %[[L:.*]] = nn.reduce_sum %[[T]]
// CHECK: return %[[L]], %[[T]], %{{.*}} : tensor<f32>, tensor<3xf32>, tensor<3xf32>
// CHECK-LABEL: func.func @aux_caller
// CHECK: call @with_aux__value_aux_and_grad_w0
func.func private @with_aux(%w: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) {
  %t = nn.tanh %w : tensor<3xf32>
  %l = nn.reduce_sum %t : tensor<3xf32>
  return %l, %t : tensor<f32>, tensor<3xf32>
}
func.func @aux_caller(%w: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>) {
  %v, %aux, %g = nn.value_and_grad @with_aux(%w) {has_aux} : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>)
  return %v, %aux, %g : tensor<f32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// A convolution's VJP: the input and filter gradients of the upstream
// gradient, with the forward op's strides and padding.
// CHECK-LABEL: func.func private @conv_loss__grad_w0_1
// CHECK-SAME: (%[[X:.*]]: tensor<1x5x5x2xf32>, %[[W:.*]]: tensor<3x3x2x4xf32>)
// CHECK: %[[G:.*]] = nn.broadcast_to %{{.*}} : tensor<1x1x1x1xf32> to tensor<1x3x3x4xf32>
// CHECK: %[[GX:.*]] = nn.conv2d_input_grad %[[X]], %[[W]], %[[G]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK: %[[GW:.*]] = nn.conv2d_filter_grad %[[X]], %[[W]], %[[G]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK: return %[[GX]], %[[GW]] : tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>
// CLEAN-LABEL: func.func private @conv_loss__grad_w0_1
// CLEAN: %[[ONES:.*]] = nn.constant dense<1.000000e+00> : tensor<1x3x3x4xf32>
// CLEAN: nn.conv2d_input_grad %{{.*}}, %{{.*}}, %[[ONES]]
// CLEAN: nn.conv2d_filter_grad %{{.*}}, %{{.*}}, %[[ONES]]
func.func private @conv_loss(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<f32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>
  %1 = nn.reduce_sum %0 : tensor<1x3x3x4xf32>
  return %1 : tensor<f32>
}
func.func @conv_grads(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x4xf32>) -> (tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>) {
  %gx, %gw = nn.grad @conv_loss(%x, %w) {wrt = array<i64: 0, 1>} : (tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>) -> (tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>)
  return %gx, %gw : tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>
}
