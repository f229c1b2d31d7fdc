// Convolutions whose spatial, channel and filter sizes are dynamic (as the
// eager kernels' are: every size but 1), for difftest at size 3: they
// contract the unfolded tensors as loops, not through the im2col matmul.

func.func @conv_dynamic(%x: tensor<1x?x?x1xf32>, %w: tensor<?x?x1x?xf32>, %g: tensor<1x?x?x?xf32>) -> (tensor<1x?x?x?xf32>, tensor<1x?x?x1xf32>, tensor<?x?x1x?xf32>) {
  %0 = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x?x?x1xf32>, tensor<?x?x1x?xf32>
  %1 = nn.conv2d_input_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>} : tensor<1x?x?x1xf32>, tensor<?x?x1x?xf32>, tensor<1x?x?x?xf32>
  %2 = nn.conv2d_filter_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>} : tensor<1x?x?x1xf32>, tensor<?x?x1x?xf32>, tensor<1x?x?x?xf32>
  return %0, %1, %2 : tensor<1x?x?x?xf32>, tensor<1x?x?x1xf32>, tensor<?x?x1x?xf32>
}

func.func @conv_dynamic_strided(%x: tensor<?x?x?x2xf32>, %w: tensor<?x?x2x3xf32>, %g: tensor<?x?x?x3xf32>) -> (tensor<?x?x?x3xf32>, tensor<?x?x?x2xf32>, tensor<?x?x2x3xf32>) {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 2, 2, 3, 1>} : tensor<?x?x?x2xf32>, tensor<?x?x2x3xf32>
  %1 = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 2, 2, 3, 1>} : tensor<?x?x?x2xf32>, tensor<?x?x2x3xf32>, tensor<?x?x?x3xf32>
  %2 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 2, 2, 3, 1>} : tensor<?x?x?x2xf32>, tensor<?x?x2x3xf32>, tensor<?x?x?x3xf32>
  return %0, %1, %2 : tensor<?x?x?x3xf32>, tensor<?x?x?x2xf32>, tensor<?x?x2x3xf32>
}
