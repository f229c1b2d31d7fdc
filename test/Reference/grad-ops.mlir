// The ops gradients are built from, on the reference interpreter:
// nn.conv2d_input_grad, nn.conv2d_filter_grad, nn.max_pool2d_grad,
// nn.avg_pool2d_grad, nn.broadcast_like, nn.unbroadcast. Expected values
// computed with NumPy, from the forward ops one basis vector at a time.

// The gradients of sum(conv2d(x, w) * g) with respect to x and w.
// RUN: nn-run --device=ref %s --function=conv_grads \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --input="2x2x1x1xf32=[[[1]][[2]]][[[3]][[4]]]" \
// RUN:   --input="1x3x3x1xf32=[[[-3][0][3]][[-1][2][-2]][[1][-3][0]]]" \
// RUN:   --expected_output="1x4x4x1xf32=[[[-3][-6][3][6]][[-10][-12][11][8]][[-2][1][-4][-8]][[3][-5][-12][0]]]" \
// RUN:   --expected_output="2x2x1x1xf32=[[[-22]][[-25]]][[[-34]][[-37]]]"
func.func @conv_grads(%x: tensor<1x4x4x1xf32>, %w: tensor<2x2x1x1xf32>, %g: tensor<1x3x3x1xf32>) -> (tensor<1x4x4x1xf32>, tensor<2x2x1x1xf32>) {
  %0 = nn.conv2d_input_grad %x, %w, %g : tensor<1x4x4x1xf32>, tensor<2x2x1x1xf32>, tensor<1x3x3x1xf32>
  %1 = nn.conv2d_filter_grad %x, %w, %g : tensor<1x4x4x1xf32>, tensor<2x2x1x1xf32>, tensor<1x3x3x1xf32>
  return %0, %1 : tensor<1x4x4x1xf32>, tensor<2x2x1x1xf32>
}

// Strides, dilations, uneven padding, batch 2, two channels, three features.
// RUN: nn-run --device=ref %s --function=conv_grads_all \
// RUN:   --input="2x5x4x2xf32=[[[-3 -2][-1 0][1 2][3 -3]][[-2 -1][0 1][2 3][-3 -2]][[-1 0][1 2][3 -3][-2 -1]][[0 1][2 3][-3 -2][-1 0]][[1 2][3 -3][-2 -1][0 1]]][[[2 3][-3 -2][-1 0][1 2]][[3 -3][-2 -1][0 1][2 3]][[-3 -2][-1 0][1 2][3 -3]][[-2 -1][0 1][2 3][-3 -2]][[-1 0][1 2][3 -3][-2 -1]]]" \
// RUN:   --input="3x2x2x3xf32=[[[-2 -1 0][1 2 -2]][[-1 0 1][2 -2 -1]]][[[0 1 2][-2 -1 0]][[1 2 -2][-1 0 1]]][[[2 -2 -1][0 1 2]][[-2 -1 0][1 2 -2]]]" \
// RUN:   --input="2x3x4x3xf32=[[[-3 0 3][-1 2 -2][1 -3 0][3 -1 2]][[-2 1 -3][0 3 -1][2 -2 1][-3 0 3]][[-1 2 -2][1 -3 0][3 -1 2][-2 1 -3]]][[[0 3 -1][2 -2 1][-3 0 3][-1 2 -2]][[1 -3 0][3 -1 2][-2 1 -3][0 3 -1]][[2 -2 1][-3 0 3][-1 2 -2][1 -3 0]]]" \
// RUN:   --expected_output="2x5x4x2xf32=[[[-12 7][10 -6][-5 -1][-3 -1]][[11 -19][11 -4][0 2][1 -12]][[6 -3][14 5][-4 -1][-9 6]][[4 -1][-10 28][-3 2][5 -12]][[10 -6][-10 2][-3 -1][6 -1]]][[[14 5][-6 -1][-9 6][7 -1]][[-10 28][-10 8][5 -12][-1 2]][[-10 2][-2 -4][6 -1][8 -1]][[-3 4][-3 -16][2 2][-4 16]][[-6 -1][-12 7][7 -1][-5 -1]]]" \
// RUN:   --expected_output="3x2x2x3xf32=[[[-12 -1 -11][0 -7 7]][[0 6 -16][-8 25 -19]]][[[-9 -3 17][3 -11 38]][[8 31 -30][-30 37 -29]]][[[-11 0 25][7 0 7]][[-16 25 -32][-19 7 -23]]]"
func.func @conv_grads_all(%x: tensor<2x5x4x2xf32>, %w: tensor<3x2x2x3xf32>, %g: tensor<2x3x4x3xf32>) -> (tensor<2x5x4x2xf32>, tensor<3x2x2x3xf32>) {
  %0 = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 1, 1, 2, 0>} : tensor<2x5x4x2xf32>, tensor<3x2x2x3xf32>, tensor<2x3x4x3xf32>
  %1 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 1, 1, 2, 0>} : tensor<2x5x4x2xf32>, tensor<3x2x2x3xf32>, tensor<2x3x4x3xf32>
  return %0, %1 : tensor<2x5x4x2xf32>, tensor<3x2x2x3xf32>
}

// Strides 3 with a 3x3 filter over 5x5: the last input row and column
// take part in no window, so their input gradient is 0.
// RUN: nn-run --device=ref %s --function=conv_grads_stride_skip \
// RUN:   --input="1x5x5x1xf32=[[[1][2][3][4][5]][[6][7][8][9][10]][[11][12][13][14][15]][[16][17][18][19][20]][[21][22][23][24][25]]]" \
// RUN:   --input="3x3x1x1xf32=[[[1]][[1]][[1]]][[[1]][[1]][[1]]][[[1]][[1]][[1]]]" \
// RUN:   --input="1x1x1x1xf32=[[[-3]]]" \
// RUN:   --expected_output="1x5x5x1xf32=[[[-3][-3][-3][0][0]][[-3][-3][-3][0][0]][[-3][-3][-3][0][0]][[0][0][0][0][0]][[0][0][0][0][0]]]" \
// RUN:   --expected_output="3x3x1x1xf32=[[[-3]][[-6]][[-9]]][[[-18]][[-21]][[-24]]][[[-33]][[-36]][[-39]]]"
func.func @conv_grads_stride_skip(%x: tensor<1x5x5x1xf32>, %w: tensor<3x3x1x1xf32>, %g: tensor<1x1x1x1xf32>) -> (tensor<1x5x5x1xf32>, tensor<3x3x1x1xf32>) {
  %0 = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 3, 3>} : tensor<1x5x5x1xf32>, tensor<3x3x1x1xf32>, tensor<1x1x1x1xf32>
  %1 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 3, 3>} : tensor<1x5x5x1xf32>, tensor<3x3x1x1xf32>, tensor<1x1x1x1xf32>
  return %0, %1 : tensor<1x5x5x1xf32>, tensor<3x3x1x1xf32>
}

// max: each window's gradient goes to its first maximum, ties do not share;
// avg: it is shared by the window's elements.
// RUN: nn-run --device=ref %s --function=pool_grads \
// RUN:   --input="1x4x4x1xf32=[[[1][5][5][0]][[5][2][3][3]][[0][0][9][9]][[-1][7][9][9]]]" \
// RUN:   --input="1x2x2x1xf32=[[[1][2]][[3][4]]]" \
// RUN:   --expected_output="1x4x4x1xf32=[[[0][1][2][0]][[0][0][0][0]][[0][0][4][0]][[0][3][0][0]]]" \
// RUN:   --expected_output="1x4x4x1xf32=[[[0.25][0.25][0.5][0.5]][[0.25][0.25][0.5][0.5]][[0.75][0.75][1][1]][[0.75][0.75][1][1]]]"
func.func @pool_grads(%x: tensor<1x4x4x1xf32>, %g: tensor<1x2x2x1xf32>) -> (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) {
  %0 = nn.max_pool2d_grad %x, %g {window = array<i64: 2, 2>} : tensor<1x4x4x1xf32>, tensor<1x2x2x1xf32>
  %1 = nn.avg_pool2d_grad %x, %g {window = array<i64: 2, 2>} : tensor<1x4x4x1xf32>, tensor<1x2x2x1xf32>
  return %0, %1 : tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>
}

// Overlapping windows: an element that is the maximum of several windows
// collects all their gradients.
// RUN: nn-run --device=ref %s --function=pool_grads_overlap \
// RUN:   --input="1x4x4x1xf32=[[[1][5][5][0]][[5][2][3][3]][[0][0][9][9]][[-1][7][9][9]]]" \
// RUN:   --input="1x3x3x1xf32=[[[1][2][3]][[4][5][6]][[7][8][9]]]" \
// RUN:   --expected_output="1x4x4x1xf32=[[[0][3][3][0]][[4][0][0][0]][[0][0][28][0]][[0][7][0][0]]]" \
// RUN:   --expected_output="1x4x4x1xf32=[[[0.25][0.75][1.25][0.75]][[1.25][3][4][2.25]][[2.75][6][7][3.75]][[1.75][3.75][4.25][2.25]]]"
func.func @pool_grads_overlap(%x: tensor<1x4x4x1xf32>, %g: tensor<1x3x3x1xf32>) -> (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) {
  %0 = nn.max_pool2d_grad %x, %g {window = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>
  %1 = nn.avg_pool2d_grad %x, %g {window = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>
  return %0, %1 : tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>
}

// Padding: max never routes gradient to padding (the inputs are all
// negative), and avg divides by the real elements only.
// RUN: nn-run --device=ref %s --function=pool_grads_padding \
// RUN:   --input="1x3x3x1xf32=[[[-1][-2][-3]][[-4][-5][-6]][[-7][-8][-9]]]" \
// RUN:   --input="1x2x2x1xf32=[[[1][2]][[3][4]]]" \
// RUN:   --expected_output="1x3x3x1xf32=[[[1][2][0]][[3][4][0]][[0][0][0]]]" \
// RUN:   --expected_output="1x3x3x1xf32=[[[1][1][1]][[1.5][1][1]][[1.5][1][1]]]"
func.func @pool_grads_padding(%x: tensor<1x3x3x1xf32>, %g: tensor<1x2x2x1xf32>) -> (tensor<1x3x3x1xf32>, tensor<1x3x3x1xf32>) {
  %0 = nn.max_pool2d_grad %x, %g {window = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>
  %1 = nn.avg_pool2d_grad %x, %g {window = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>
  return %0, %1 : tensor<1x3x3x1xf32>, tensor<1x3x3x1xf32>
}

// Batch 2, two channels, a 2x3 window, strides [1, 2], uneven padding.
// RUN: nn-run --device=ref %s --function=pool_grads_mixed \
// RUN:   --input="2x3x5x2xf32=[[[-5 2][-2 5][1 -3][4 0][-4 3]][[-1 -5][2 -2][5 1][-3 4][0 -4]][[3 -1][-5 2][-2 5][1 -3][4 0]]][[[-4 3][-1 -5][2 -2][5 1][-3 4]][[0 -4][3 -1][-5 2][-2 5][1 -3]][[4 0][-4 3][-1 -5][2 -2][5 1]]]" \
// RUN:   --input="2x3x3x2xf32=[[[1 2][3 4][5 6]][[7 8][9 10][11 12]][[13 14][15 16][17 18]]][[[19 20][21 22][23 24]][[25 26][27 28][29 30]][[31 32][33 34][35 36]]]" \
// RUN:   --expected_output="2x3x5x2xf32=[[[0 0][0 6][0 0][5 0][0 0]][[0 0][1 0][12 0][0 18][0 0]][[20 0][0 22][0 26][15 0][28 18]]][[[0 20][0 0][0 0][44 0][0 0]][[0 0][46 0][0 0][0 104][0 0]][[56 0][0 92][0 0][33 0][64 36]]]" \
// RUN:   --expected_output="2x3x5x2xf32=[[[0.25 0.5][0.75 1.1666667][0.5 0.6666667][1.75 2.1666667][1.25 1.5]][[2 2.5][4 4.8333335][2 2.3333335][6 6.8333335][4 4.5]][[8.25 9][14.75 16][6.5 7][17.75 19][11.25 12]]][[[4.75 5][8.25 8.666667][3.5 3.6666667][9.25 9.666667][5.75 6]][[11 11.5][19 19.833334][8 8.333334][21 21.833334][13 13.5]][[21.75 22.5][37.25 38.5][15.5 16][40.25 41.5][24.75 25.5]]]"
func.func @pool_grads_mixed(%x: tensor<2x3x5x2xf32>, %g: tensor<2x3x3x2xf32>) -> (tensor<2x3x5x2xf32>, tensor<2x3x5x2xf32>) {
  %0 = nn.max_pool2d_grad %x, %g {window = array<i64: 2, 3>, strides = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 1>} : tensor<2x3x5x2xf32>, tensor<2x3x3x2xf32>
  %1 = nn.avg_pool2d_grad %x, %g {window = array<i64: 2, 3>, strides = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 1>} : tensor<2x3x5x2xf32>, tensor<2x3x3x2xf32>
  return %0, %1 : tensor<2x3x5x2xf32>, tensor<2x3x5x2xf32>
}

// broadcast_like takes the run-time shape of `like`; its values do not matter.
// RUN: nn-run --device=ref %s --function=broadcast_like \
// RUN:   --input="2x1xf32=[1][2]" \
// RUN:   --input="3x2x4xf32=[[0 0 0 0][0 0 0 0]][[0 0 0 0][0 0 0 0]][[0 0 0 0][0 0 0 0]]" \
// RUN:   --expected_output="3x2x4xf32=[[1 1 1 1][2 2 2 2]][[1 1 1 1][2 2 2 2]][[1 1 1 1][2 2 2 2]]"
func.func @broadcast_like(%b: tensor<2x1xf32>, %like: tensor<?x2x4xf32>) -> tensor<?x2x4xf32> {
  %0 = nn.broadcast_like %b, %like : tensor<2x1xf32>, tensor<?x2x4xf32> -> tensor<?x2x4xf32>
  return %0 : tensor<?x2x4xf32>
}

// unbroadcast sums over the leading dimensions `like` lacks and over those where
// it has size 1 at run time (here 1x4 behind a ?x? type).
// RUN: nn-run --device=ref %s --function=unbroadcast \
// RUN:   --input="3x2x4xf32=[[0 1 2 3][4 5 6 7]][[8 9 10 11][12 13 14 15]][[16 17 18 19][20 21 22 23]]" \
// RUN:   --input="2x1xf32=[0][0]" \
// RUN:   --input="1x4xf32=[0 0 0 0]" \
// RUN:   --expected_output="2x1xf32=[114][162]" \
// RUN:   --expected_output="1x4xf32=[60 66 72 78]"
func.func @unbroadcast(%g: tensor<3x2x4xf32>, %a: tensor<2x1xf32>, %b: tensor<?x?xf32>) -> (tensor<2x1xf32>, tensor<?x?xf32>) {
  %0 = nn.unbroadcast %g, %a : tensor<3x2x4xf32>, tensor<2x1xf32> -> tensor<2x1xf32>
  %1 = nn.unbroadcast %g, %b : tensor<3x2x4xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0, %1 : tensor<2x1xf32>, tensor<?x?xf32>
}

// RUN: nn-run --device=ref %s --function=unbroadcast_i32 \
// RUN:   --input="2x3xi32=[0 1 2][3 4 5]" \
// RUN:   --input="3xi32=[0 0 0]" \
// RUN:   --expected_output="3xi32=[3 5 7]"
func.func @unbroadcast_i32(%g: tensor<2x3xi32>, %a: tensor<3xi32>) -> tensor<3xi32> {
  %0 = nn.unbroadcast %g, %a : tensor<2x3xi32>, tensor<3xi32> -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

