// RUN: nn-opt %s -nn-autodiff -split-input-file -verify-diagnostics

func.func @rec(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'func.call' op cannot differentiate 'rec': it is recursive}}
  %0 = func.call @rec(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @g(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.grad @rec(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func private @external(tensor<f32>) -> tensor<f32>
func.func @calls_external(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'func.call' op cannot differentiate 'external': it is not a function with a body in this module}}
  %0 = func.call @external(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @g(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.grad @calls_external(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// An op without a VJP rule on the path from the argument to the loss.
func.func @second_order(%x: tensor<1x4x4x1xf32>, %w: tensor<3x3x1x1xf32>, %g: tensor<1x2x2x1xf32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.conv2d_input_grad' op is not differentiable}}
  %0 = nn.conv2d_input_grad %x, %w, %g : tensor<1x4x4x1xf32>, tensor<3x3x1x1xf32>, tensor<1x2x2x1xf32>
  %1 = nn.reduce_sum %0 : tensor<1x4x4x1xf32>
  return %1 : tensor<f32>
}
func.func @h(%x: tensor<1x4x4x1xf32>, %w: tensor<3x3x1x1xf32>, %g: tensor<1x2x2x1xf32>) -> tensor<3x3x1x1xf32> {
  %0 = nn.grad @second_order(%x, %w, %g) {wrt = array<i64: 1>} : (tensor<1x4x4x1xf32>, tensor<3x3x1x1xf32>, tensor<1x2x2x1xf32>) -> tensor<3x3x1x1xf32>
  return %0 : tensor<3x3x1x1xf32>
}

// -----

// A rule that needs static sizes says so.
func.func @concat_dynamic(%a: tensor<?x2xf32>, %b: tensor<?x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.concat' op gradient needs static shapes to slice the gradient, but the operand has type 'tensor<?x5xf32>'}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : tensor<?x2xf32>, tensor<?x3xf32>
  %1 = nn.reduce_sum %0 : tensor<?x5xf32>
  return %1 : tensor<f32>
}
func.func @k(%a: tensor<?x2xf32>, %b: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %0 = nn.grad @concat_dynamic(%a, %b) {wrt = array<i64: 0>} : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// -----

// nn.while has a data-dependent trip count: no reverse pass.
func.func @while_loss(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.while' op cannot be reverse-differentiated: its trip count depends on the data, so the reverse pass could not know how many iterations to undo; use nn.for with static bounds (lower, upper, step) for a loop on the differentiated path}}
  %0 = nn.while (%x) : (tensor<f32>) -> tensor<f32> cond {
  ^bb0(%a: tensor<f32>):
    %limit = nn.constant dense<100.0> : tensor<f32>
    %c = nn.compare lt, %a, %limit : tensor<f32>, tensor<f32>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<f32>):
    %b = nn.add %a, %a : tensor<f32>, tensor<f32>
    nn.yield %b : tensor<f32>
  }
  return %0 : tensor<f32>
}
func.func @g(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.grad @while_loss(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// The same inside an nn.for body: the error is at the nn.while.
func.func @nested_while(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.for 0 to 2 step 1 (%x) : (tensor<f32>) -> tensor<f32> {
  ^bb0(%i: tensor<i64>, %a: tensor<f32>):
    // expected-error @+1 {{'nn.while' op cannot be reverse-differentiated}}
    %1 = nn.while (%a) : (tensor<f32>) -> tensor<f32> cond {
    ^bb0(%b: tensor<f32>):
      %c = nn.constant dense<false> : tensor<i1>
      nn.yield %c : tensor<i1>
    } do {
    ^bb0(%b: tensor<f32>):
      nn.yield %b : tensor<f32>
    }
    nn.yield %1 : tensor<f32>
  }
  return %0 : tensor<f32>
}
func.func @g(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.grad @nested_while(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// A loop that does not touch the differentiated argument needs no rule.
// (The gradient of %w is taken; the while only reads %n.)
func.func @while_off_path(%w: tensor<f32>, %n: tensor<f32>) -> tensor<f32> {
  %0 = nn.while (%n) : (tensor<f32>) -> tensor<f32> cond {
  ^bb0(%b: tensor<f32>):
    %c = nn.constant dense<false> : tensor<i1>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%b: tensor<f32>):
    nn.yield %b : tensor<f32>
  }
  %1 = nn.mul %w, %0 : tensor<f32>, tensor<f32>
  return %1 : tensor<f32>
}
func.func @g(%w: tensor<f32>, %n: tensor<f32>) -> tensor<f32> {
  %0 = nn.grad @while_off_path(%w, %n) {wrt = array<i64: 0>} : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
