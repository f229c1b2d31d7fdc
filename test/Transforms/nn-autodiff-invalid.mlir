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
