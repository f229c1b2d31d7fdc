// Reductions, softmax and shape ops, for difftest.

func.func @reductions(%a: tensor<?x6xf32>) -> (tensor<?xf32>, tensor<6xf32>, tensor<?x1xf32>, tensor<f32>, tensor<?xi64>, tensor<?x6xf32>, tensor<?x6xf32>) {
  %0 = nn.reduce_sum %a {axes = array<i64: 1>} : tensor<?x6xf32>
  %1 = nn.reduce_mean %a {axes = array<i64: 0>} : tensor<?x6xf32>
  %2 = nn.reduce_max %a {axes = array<i64: -1>, keep_dims = true} : tensor<?x6xf32>
  %3 = nn.reduce_min %a : tensor<?x6xf32>
  %4 = nn.argmax %a {axis = 1 : i64} : tensor<?x6xf32>
  %5 = nn.softmax %a : tensor<?x6xf32>
  %6 = nn.log_softmax %a {axis = 1 : i64} : tensor<?x6xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?xf32>, tensor<6xf32>, tensor<?x1xf32>, tensor<f32>, tensor<?xi64>, tensor<?x6xf32>, tensor<?x6xf32>
}

func.func @shapes(%a: tensor<?x2x3xf32>, %b: tensor<4x6xf32>) -> (tensor<?x6xf32>, tensor<?x3x2xf32>, tensor<?x6xf32>, tensor<2x3xf32>, tensor<?x2x7xf32>, tensor<6x4xf32>) {
  %0 = nn.reshape %a : tensor<?x2x3xf32> to tensor<?x6xf32>
  %1 = nn.transpose %a, [0, 2, 1] : tensor<?x2x3xf32>
  %2 = nn.concat %0, %b {axis = 0 : i64} : tensor<?x6xf32>, tensor<4x6xf32>
  %3 = nn.slice %b {start = array<i64: 1, 0>, limit = array<i64: 4, 6>, strides = array<i64: 2, 2>} : tensor<4x6xf32>
  %4 = nn.pad %a {low = array<i64: 0, 0, 1>, high = array<i64: 0, 0, 1>, interior = array<i64: 0, 0, 1>, value = -1.0 : f64} : tensor<?x2x3xf32>
  %5 = nn.transpose %b, [1, 0] : tensor<4x6xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x6xf32>, tensor<?x3x2xf32>, tensor<?x6xf32>, tensor<2x3xf32>, tensor<?x2x7xf32>, tensor<6x4xf32>
}

func.func @fusion_call(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = func.call @layer(%x, %w, %b) : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %1 = nn.fusion "reduction"(%0) : (tensor<?x3xf32>) -> tensor<?x3xf32> {
  ^bb0(%y: tensor<?x3xf32>):
    %s = nn.softmax %y : tensor<?x3xf32>
    nn.yield %s : tensor<?x3xf32>
  }
  return %1 : tensor<?x3xf32>
}

func.func private @layer(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = nn.matmul %x, %w : tensor<?x4xf32>, tensor<4x3xf32>
  %1 = nn.add %0, %b : tensor<?x3xf32>, tensor<3xf32>
  %2 = nn.relu %1 : tensor<?x3xf32>
  return %2 : tensor<?x3xf32>
}
