// Convolutions and poolings at the edges of their shapes, with their
// gradient ops, for difftest: dilations, strides larger than the window,
// padding larger than the window, 1x1 inputs and filters, integers. Run at
// several batch sizes, 0 included.

func.func @conv_dilated(%x: tensor<?x9x9x3xf32>, %w: tensor<3x3x3x5xf32>, %g: tensor<?x8x3x5xf32>) -> (tensor<?x8x3x5xf32>, tensor<?x9x9x3xf32>, tensor<3x3x3x5xf32>) {
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 2>, dilations = array<i64: 2, 2>, padding = array<i64: 1, 2, 0, 1>} : tensor<?x9x9x3xf32>, tensor<3x3x3x5xf32>
  %1 = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 1, 2>, dilations = array<i64: 2, 2>, padding = array<i64: 1, 2, 0, 1>} : tensor<?x9x9x3xf32>, tensor<3x3x3x5xf32>, tensor<?x8x3x5xf32>
  %2 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 1, 2>, dilations = array<i64: 2, 2>, padding = array<i64: 1, 2, 0, 1>} : tensor<?x9x9x3xf32>, tensor<3x3x3x5xf32>, tensor<?x8x3x5xf32>
  return %0, %1, %2 : tensor<?x8x3x5xf32>, tensor<?x9x9x3xf32>, tensor<3x3x3x5xf32>
}

// Padding larger than the window: outputs that see padding alone.
func.func @conv_wide_padding(%x: tensor<?x4x4x2xf32>, %w: tensor<2x2x2x3xf32>, %g: tensor<?x9x7x3xf32>) -> (tensor<?x9x7x3xf32>, tensor<?x4x4x2xf32>, tensor<2x2x2x3xf32>) {
  %0 = nn.conv2d %x, %w {padding = array<i64: 3, 3, 2, 2>} : tensor<?x4x4x2xf32>, tensor<2x2x2x3xf32>
  %1 = nn.conv2d_input_grad %x, %w, %g {padding = array<i64: 3, 3, 2, 2>} : tensor<?x4x4x2xf32>, tensor<2x2x2x3xf32>, tensor<?x9x7x3xf32>
  %2 = nn.conv2d_filter_grad %x, %w, %g {padding = array<i64: 3, 3, 2, 2>} : tensor<?x4x4x2xf32>, tensor<2x2x2x3xf32>, tensor<?x9x7x3xf32>
  return %0, %1, %2 : tensor<?x9x7x3xf32>, tensor<?x4x4x2xf32>, tensor<2x2x2x3xf32>
}

// Strides larger than the window: input rows that no window reads.
func.func @conv_sparse_strides(%x: tensor<?x8x8x2xf32>, %w: tensor<2x2x2x3xf32>, %g: tensor<?x3x2x3xf32>) -> (tensor<?x3x2x3xf32>, tensor<?x8x8x2xf32>, tensor<2x2x2x3xf32>) {
  %0 = nn.conv2d %x, %w {strides = array<i64: 3, 4>} : tensor<?x8x8x2xf32>, tensor<2x2x2x3xf32>
  %1 = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 3, 4>} : tensor<?x8x8x2xf32>, tensor<2x2x2x3xf32>, tensor<?x3x2x3xf32>
  %2 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 3, 4>} : tensor<?x8x8x2xf32>, tensor<2x2x2x3xf32>, tensor<?x3x2x3xf32>
  return %0, %1, %2 : tensor<?x3x2x3xf32>, tensor<?x8x8x2xf32>, tensor<2x2x2x3xf32>
}

// 1x1 inputs (a 3x3 window over padding) and 1x1 filters, at stride 1 (the
// input read as it is) and 2.
func.func @conv_one_by_one(%x: tensor<?x1x1x3xf32>, %w: tensor<3x3x3x4xf32>, %g: tensor<?x1x1x4xf32>, %y: tensor<?x5x5x3xf32>, %v: tensor<1x1x3x4xf32>, %h: tensor<?x5x5x4xf32>, %k: tensor<?x3x3x4xf32>) -> (tensor<?x1x1x4xf32>, tensor<?x1x1x3xf32>, tensor<3x3x3x4xf32>, tensor<?x5x5x4xf32>, tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>, tensor<?x3x3x4xf32>, tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>) {
  %0 = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<?x1x1x3xf32>, tensor<3x3x3x4xf32>
  %1 = nn.conv2d_input_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>} : tensor<?x1x1x3xf32>, tensor<3x3x3x4xf32>, tensor<?x1x1x4xf32>
  %2 = nn.conv2d_filter_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>} : tensor<?x1x1x3xf32>, tensor<3x3x3x4xf32>, tensor<?x1x1x4xf32>
  %3 = nn.conv2d %y, %v : tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>
  %4 = nn.conv2d_input_grad %y, %v, %h : tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>, tensor<?x5x5x4xf32>
  %5 = nn.conv2d_filter_grad %y, %v, %h : tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>, tensor<?x5x5x4xf32>
  %6 = nn.conv2d %y, %v {strides = array<i64: 2, 2>} : tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>
  %7 = nn.conv2d_input_grad %y, %v, %k {strides = array<i64: 2, 2>} : tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>, tensor<?x3x3x4xf32>
  %8 = nn.conv2d_filter_grad %y, %v, %k {strides = array<i64: 2, 2>} : tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>, tensor<?x3x3x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<?x1x1x4xf32>, tensor<?x1x1x3xf32>, tensor<3x3x3x4xf32>, tensor<?x5x5x4xf32>, tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>, tensor<?x3x3x4xf32>, tensor<?x5x5x3xf32>, tensor<1x1x3x4xf32>
}

// Integers: the same contraction path, wrapping around (the gradient ops
// take floats only).
func.func @conv_i32(%x: tensor<?x5x5x2xi32>, %w: tensor<3x3x2x3xi32>) -> (tensor<?x3x3x3xi32>, tensor<?x2x2x2xi32>, tensor<?x2x2x2xi32>) {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x5x5x2xi32>, tensor<3x3x2x3xi32>
  %1 = nn.max_pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 3, 3>, padding = array<i64: 1, 0, 1, 0>} : tensor<?x5x5x2xi32>
  %2 = nn.avg_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<?x5x5x2xi32>
  return %0, %1, %2 : tensor<?x3x3x3xi32>, tensor<?x2x2x2xi32>, tensor<?x2x2x2xi32>
}

// Poolings with strides larger than the window, padding as large as the
// window, and their gradients; 8 channels, the vectorized loop.
func.func @pools(%x: tensor<?x7x6x8xf32>, %g: tensor<?x3x3x8xf32>, %p: tensor<?x5x4x8xf32>) -> (tensor<?x3x3x8xf32>, tensor<?x3x3x8xf32>, tensor<?x7x6x8xf32>, tensor<?x7x6x8xf32>, tensor<?x5x4x8xf32>, tensor<?x5x4x8xf32>, tensor<?x7x6x8xf32>, tensor<?x7x6x8xf32>) {
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 3, 3>, padding = array<i64: 1, 0, 1, 1>} : tensor<?x7x6x8xf32>
  %1 = nn.avg_pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 3, 3>, padding = array<i64: 1, 0, 1, 1>} : tensor<?x7x6x8xf32>
  %2 = nn.max_pool2d_grad %x, %g {window = array<i64: 2, 2>, strides = array<i64: 3, 3>, padding = array<i64: 1, 0, 1, 1>} : tensor<?x7x6x8xf32>, tensor<?x3x3x8xf32>
  %3 = nn.avg_pool2d_grad %x, %g {window = array<i64: 2, 2>, strides = array<i64: 3, 3>, padding = array<i64: 1, 0, 1, 1>} : tensor<?x7x6x8xf32>, tensor<?x3x3x8xf32>
  %4 = nn.max_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : tensor<?x7x6x8xf32>
  %5 = nn.avg_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : tensor<?x7x6x8xf32>
  %6 = nn.max_pool2d_grad %x, %p {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : tensor<?x7x6x8xf32>, tensor<?x5x4x8xf32>
  %7 = nn.avg_pool2d_grad %x, %p {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : tensor<?x7x6x8xf32>, tensor<?x5x4x8xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<?x3x3x8xf32>, tensor<?x3x3x8xf32>, tensor<?x7x6x8xf32>, tensor<?x7x6x8xf32>, tensor<?x5x4x8xf32>, tensor<?x5x4x8xf32>, tensor<?x7x6x8xf32>, tensor<?x7x6x8xf32>
}
