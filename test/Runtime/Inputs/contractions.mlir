// Matmul, convolution and pooling, with their gradient ops, for difftest.

func.func @matmuls(%a: tensor<?x6xf32>, %w: tensor<6x5xf32>, %wt: tensor<5x6xf32>, %b: tensor<2x?x6xf32>) -> (tensor<?x5xf32>, tensor<?x5xf32>, tensor<2x?x5xf32>) {
  %0 = nn.matmul %a, %w : tensor<?x6xf32>, tensor<6x5xf32>
  %1 = nn.matmul %a, %wt {transpose_rhs = true} : tensor<?x6xf32>, tensor<5x6xf32>
  %2 = nn.matmul %b, %w : tensor<2x?x6xf32>, tensor<6x5xf32>
  return %0, %1, %2 : tensor<?x5xf32>, tensor<?x5xf32>, tensor<2x?x5xf32>
}

func.func @conv_pool(%x: tensor<?x7x7x2xf32>, %w: tensor<3x3x2x4xf32>) -> (tensor<?x4x4x4xf32>, tensor<?x3x3x2xf32>, tensor<?x4x4x2xf32>) {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x7x7x2xf32>, tensor<3x3x2x4xf32>
  %1 = nn.max_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<?x7x7x2xf32>
  %2 = nn.avg_pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<?x7x7x2xf32>
  return %0, %1, %2 : tensor<?x4x4x4xf32>, tensor<?x3x3x2xf32>, tensor<?x4x4x2xf32>
}

func.func @window_grads(%x: tensor<?x7x7x2xf32>, %w: tensor<3x3x2x4xf32>, %g: tensor<?x4x4x4xf32>, %p: tensor<?x3x3x2xf32>) -> (tensor<?x7x7x2xf32>, tensor<3x3x2x4xf32>, tensor<?x7x7x2xf32>, tensor<?x7x7x2xf32>) {
  %0 = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x7x7x2xf32>, tensor<3x3x2x4xf32>, tensor<?x4x4x4xf32>
  %1 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x7x7x2xf32>, tensor<3x3x2x4xf32>, tensor<?x4x4x4xf32>
  %2 = nn.max_pool2d_grad %x, %p {window = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<?x7x7x2xf32>, tensor<?x3x3x2xf32>
  %3 = nn.avg_pool2d_grad %x, %p {window = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<?x7x7x2xf32>, tensor<?x3x3x2xf32>
  return %0, %1, %2, %3 : tensor<?x7x7x2xf32>, tensor<3x3x2x4xf32>, tensor<?x7x7x2xf32>, tensor<?x7x7x2xf32>
}

// Every size dynamic, N included: the unpacked result is a strided slice of
// the padded one, which must be copied out, not relabelled as contiguous.
func.func @dynamic_n(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<3x?xf32>) -> (tensor<?x?xf32>, tensor<?x3xf32>) {
  %0 = nn.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32>
  %1 = nn.matmul %a, %c {transpose_rhs = true} : tensor<?x?xf32>, tensor<3x?xf32>
  return %0, %1 : tensor<?x?xf32>, tensor<?x3xf32>
}
