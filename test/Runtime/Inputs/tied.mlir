// Results tied to arguments (nn.tied_result), for difftest: written in the
// argument's buffer (a copy of the input, as nn-run does not donate), in
// place or through a temporary where the argument is read later.

func.func @sgd(%w: tensor<?x5xf32> {nn.tied_result = 0 : i64}, %g: tensor<?x5xf32>, %x: tensor<3x?xf32>) -> (tensor<?x5xf32>, tensor<3x5xf32>) {
  %y = nn.matmul %x, %w : tensor<3x?xf32>, tensor<?x5xf32>
  %lr = nn.constant dense<0.25> : tensor<f32>
  %s = nn.mul %g, %lr : tensor<?x5xf32>, tensor<f32>
  %n = nn.sub %w, %s : tensor<?x5xf32>, tensor<?x5xf32>
  return %n, %y : tensor<?x5xf32>, tensor<3x5xf32>
}

func.func @conflict(%a: tensor<6x6xf32> {nn.tied_result = 1 : i64}) -> (tensor<6xf32>, tensor<6x6xf32>) {
  %s = nn.reduce_sum %a {axes = array<i64: 1>} : tensor<6x6xf32>
  %t = nn.transpose %a, [1, 0] : tensor<6x6xf32>
  return %s, %t : tensor<6xf32>, tensor<6x6xf32>
}

// A tied callee: the call finds the update in the buffer it passed, and the
// caller's own %w (returned too) is not overwritten.
func.func private @update(%w: tensor<?x4xf32> {nn.tied_result = 0 : i64}, %g: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %n = nn.sub %w, %g : tensor<?x4xf32>, tensor<?x4xf32>
  return %n : tensor<?x4xf32>
}

func.func @calls_update(%w: tensor<?x4xf32>, %g: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  %n = func.call @update(%w, %g) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %m = func.call @update(%n, %g) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %m, %w : tensor<?x4xf32>, tensor<?x4xf32>
}
