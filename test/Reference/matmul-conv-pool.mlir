// nn.matmul, nn.conv2d, nn.max_pool2d and nn.avg_pool2d on the reference
// interpreter. Expected values computed with NumPy.

// 2x3 times 3x2.
// RUN: nn-run --device=ref %s --function=matmul \
// RUN:   --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --input="3x2xf32=[1 -1][0.5 2][-2 3]" \
// RUN:   --expected_output="2x2xf32=[-4 12][-5.5 24]"
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %0 = nn.matmul %a, %b : tensor<2x3xf32>, tensor<3x2xf32>
  return %0 : tensor<2x2xf32>
}

// transpose_lhs: lhs is K x M.
// RUN: nn-run --device=ref %s --function=matmul_tl \
// RUN:   --input="3x2xf32=[1 4][2 5][3 6]" \
// RUN:   --input="3x2xf32=[1 -1][0.5 2][-2 3]" \
// RUN:   --expected_output="2x2xf32=[-4 12][-5.5 24]"
func.func @matmul_tl(%a: tensor<3x2xf32>, %b: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %0 = nn.matmul %a, %b {transpose_lhs = true} : tensor<3x2xf32>, tensor<3x2xf32>
  return %0 : tensor<2x2xf32>
}

// transpose_rhs: rhs is N x K.
// RUN: nn-run --device=ref %s --function=matmul_tr \
// RUN:   --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --input="2x3xf32=[1 0.5 -2][-1 2 3]" \
// RUN:   --expected_output="2x2xf32=[-4 12][-5.5 24]"
func.func @matmul_tr(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %0 = nn.matmul %a, %b {transpose_rhs = true} : tensor<2x3xf32>, tensor<2x3xf32>
  return %0 : tensor<2x2xf32>
}

// RUN: nn-run --device=ref %s --function=matmul_tlr \
// RUN:   --input="3x2xf32=[1 4][2 5][3 6]" \
// RUN:   --input="2x3xf32=[1 0.5 -2][-1 2 3]" \
// RUN:   --expected_output="2x2xf32=[-4 12][-5.5 24]"
func.func @matmul_tlr(%a: tensor<3x2xf32>, %b: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %0 = nn.matmul %a, %b {transpose_lhs = true, transpose_rhs = true} : tensor<3x2xf32>, tensor<2x3xf32>
  return %0 : tensor<2x2xf32>
}

// Batch dimensions broadcast: 2x2x3 times a plain 3x2.
// RUN: nn-run --device=ref %s --function=matmul_batch_rhs2d \
// RUN:   --input="2x2x3xf32=[[-5 -4 -3][-2 -1 0]][[1 2 3][4 5 6]]" \
// RUN:   --input="3x2xf32=[1 -1][0.5 2][-2 3]" \
// RUN:   --expected_output="2x2x2xf32=[[-1 -12][-2.5 0]][[-4 12][-5.5 24]]"
func.func @matmul_batch_rhs2d(%a: tensor<2x2x3xf32>, %b: tensor<3x2xf32>) -> tensor<2x2x2xf32> {
  %0 = nn.matmul %a, %b : tensor<2x2x3xf32>, tensor<3x2xf32>
  return %0 : tensor<2x2x2xf32>
}

// Batch only on the lhs, both transposed: 2x(3x2)^T times (2x3)^T.
// RUN: nn-run --device=ref %s --function=matmul_batch_lhs2d_t \
// RUN:   --input="2x3x2xf32=[[-4 -3][-2 -1][0 1]][[2 3][4 5][6 7]]" \
// RUN:   --input="2x3xf32=[0 1 2][3 4 5]" \
// RUN:   --expected_output="2x2x2xf32=[[-2 -20][1 -8]][[16 52][19 64]]"
func.func @matmul_batch_lhs2d_t(%a: tensor<2x3x2xf32>, %b: tensor<2x3xf32>) -> tensor<2x2x2xf32> {
  %0 = nn.matmul %a, %b {transpose_lhs = true, transpose_rhs = true} : tensor<2x3x2xf32>, tensor<2x3xf32>
  return %0 : tensor<2x2x2xf32>
}

// 1x2x3 against 2x3x3x2: batch shapes (1) and (2, 3) give (2, 3).
// RUN: nn-run --device=ref %s --function=matmul_batch_bcast \
// RUN:   --input="1x2x3xf32=[[0 1 2][3 4 5]]" \
// RUN:   --input="2x3x3x2xf32=[[[-2 -1][0 1][2 -2]][[-1 0][1 2][-2 -1]][[0 1][2 -2][-1 0]]][[[1 2][-2 -1][0 1]][[2 -2][-1 0][1 2]][[-2 -1][0 1][2 -2]]]" \
// RUN:   --expected_output="2x3x2x2xf32=[[[4 -3][4 -9]][[-3 0][-9 3]][[0 -2][3 -5]]][[[-2 1][-5 7]][[1 4][7 4]][[4 -3][4 -9]]]"
func.func @matmul_batch_bcast(%a: tensor<1x2x3xf32>, %b: tensor<2x3x3x2xf32>) -> tensor<2x3x2x2xf32> {
  %0 = nn.matmul %a, %b : tensor<1x2x3xf32>, tensor<2x3x3x2xf32>
  return %0 : tensor<2x3x2x2xf32>
}

// Integer matmul wraps like i32 arithmetic.
// RUN: nn-run --device=ref %s --function=matmul_i32 \
// RUN:   --input="2x2xi32=[100000 2][3 4]" \
// RUN:   --input="2x2xi32=[100000 1][1 1]" \
// RUN:   --expected_output="2x2xi32=[1410065410 100002][300004 7]"
func.func @matmul_i32(%a: tensor<2x2xi32>, %b: tensor<2x2xi32>) -> tensor<2x2xi32> {
  %0 = nn.matmul %a, %b : tensor<2x2xi32>, tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// A 2x2 filter over 1..16 (valid): 3x3 outputs.
// RUN: nn-run --device=ref %s --function=conv \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --input="2x2x1x1xf32=[[[1]][[2]]][[[3]][[4]]]" \
// RUN:   --expected_output="1x3x3x1xf32=[[[44][54][64]][[84][94][104]][[124][134][144]]]"
func.func @conv(%x: tensor<1x4x4x1xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x3x3x1xf32> {
  %0 = nn.conv2d %x, %w : tensor<1x4x4x1xf32>, tensor<2x2x1x1xf32>
  return %0 : tensor<1x3x3x1xf32>
}

// Strides 2: every other window.
// RUN: nn-run --device=ref %s --function=conv_strides \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --input="2x2x1x1xf32=[[[1]][[2]]][[[3]][[4]]]" \
// RUN:   --expected_output="1x2x2x1xf32=[[[44][64]][[124][144]]]"
func.func @conv_strides(%x: tensor<1x4x4x1xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 2>} : tensor<1x4x4x1xf32>, tensor<2x2x1x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// Dilations 2: the taps are two apart, so the 2x2 filter spans 3x3.
// RUN: nn-run --device=ref %s --function=conv_dilations \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --input="2x2x1x1xf32=[[[1]][[2]]][[[3]][[4]]]" \
// RUN:   --expected_output="1x2x2x1xf32=[[[78][88]][[118][128]]]"
func.func @conv_dilations(%x: tensor<1x4x4x1xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.conv2d %x, %w {dilations = array<i64: 2, 2>} : tensor<1x4x4x1xf32>, tensor<2x2x1x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// Asymmetric zero padding [top 1, bottom 0, left 0, right 2].
// RUN: nn-run --device=ref %s --function=conv_padding \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --input="2x2x1x1xf32=[[[1]][[2]]][[[3]][[4]]]" \
// RUN:   --expected_output="1x4x5x1xf32=[[[11][18][25][12][0]][[44][54][64][28][0]][[84][94][104][44][0]][[124][134][144][60][0]]]"
func.func @conv_padding(%x: tensor<1x4x4x1xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x4x5x1xf32> {
  %0 = nn.conv2d %x, %w {padding = array<i64: 1, 0, 0, 2>} : tensor<1x4x4x1xf32>, tensor<2x2x1x1xf32>
  return %0 : tensor<1x4x5x1xf32>
}

// Batch 2, two channels, three features, everything at once.
// RUN: nn-run --device=ref %s --function=conv_all \
// RUN:   --input="2x5x4x2xf32=[[[-3 -2][-1 0][1 2][3 -3]][[-2 -1][0 1][2 3][-3 -2]][[-1 0][1 2][3 -3][-2 -1]][[0 1][2 3][-3 -2][-1 0]][[1 2][3 -3][-2 -1][0 1]]][[[2 3][-3 -2][-1 0][1 2]][[3 -3][-2 -1][0 1][2 3]][[-3 -2][-1 0][1 2][3 -3]][[-2 -1][0 1][2 3][-3 -2]][[-1 0][1 2][3 -3][-2 -1]]]" \
// RUN:   --input="3x2x2x3xf32=[[[-2 -1 0][1 2 -2]][[-1 0 1][2 -2 -1]]][[[0 1 2][-2 -1 0]][[1 2 -2][-1 0 1]]][[[2 -2 -1][0 1 2]][[-2 -1 0][1 2 -2]]]" \
// RUN:   --expected_output="2x3x4x3xf32=[[[2 -6 6][0 0 0][-2 8 -12][10 5 -5]][[0 2 -1][0 4 -7][17 -1 -4][1 1 6]][[1 0 -1][10 0 -10][-5 1 2][5 10 0]]][[[-10 -5 5][2 -6 6][0 -10 -5][-2 8 -12]][[-7 0 12][0 2 -1][-9 -3 -7][17 -1 -4]][[-1 0 1][1 0 -1][13 -1 -10][-5 1 2]]]"
func.func @conv_all(%x: tensor<2x5x4x2xf32>, %w: tensor<3x2x2x3xf32>) -> tensor<2x3x4x3xf32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 1, 1, 2, 0>} : tensor<2x5x4x2xf32>, tensor<3x2x2x3xf32>
  return %0 : tensor<2x3x4x3xf32>
}

// 2x2 windows, strides default to the window.
// RUN: nn-run --device=ref %s --function=max_pool \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --expected_output="1x2x2x1xf32=[[[6][8]][[14][16]]]"
func.func @max_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>} : tensor<1x4x4x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// RUN: nn-run --device=ref %s --function=avg_pool \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --expected_output="1x2x2x1xf32=[[[3.5][5.5]][[11.5][13.5]]]"
func.func @avg_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 2>} : tensor<1x4x4x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// Overlapping windows (stride 1).
// RUN: nn-run --device=ref %s --function=max_pool_strides \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --expected_output="1x2x2x1xf32=[[[11][12]][[15][16]]]"
func.func @max_pool_strides(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.max_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 1, 1>} : tensor<1x4x4x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// RUN: nn-run --device=ref %s --function=avg_pool_strides \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --expected_output="1x2x2x1xf32=[[[6][7]][[10][11]]]"
func.func @avg_pool_strides(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 1, 1>} : tensor<1x4x4x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// Padding [1, 1, 1, 1] on negative inputs: max never picks the padding,
// and the average divides by the real elements only (corner windows hold one).
// RUN: nn-run --device=ref %s --function=max_pool_padding \
// RUN:   --input="1x4x4x1xf32=[[[-1][-2][-3][-4]][[-5][-6][-7][-8]][[-9][-10][-11][-12]][[-13][-14][-15][-16]]]" \
// RUN:   --expected_output="1x3x3x1xf32=[[[-1][-2][-4]][[-5][-6][-8]][[-13][-14][-16]]]"
func.func @max_pool_padding(%x: tensor<1x4x4x1xf32>) -> tensor<1x3x3x1xf32> {
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x1xf32>
  return %0 : tensor<1x3x3x1xf32>
}

// RUN: nn-run --device=ref %s --function=avg_pool_padding \
// RUN:   --input="1x4x4x1xf32=[[[-1][-2][-3][-4]][[-5][-6][-7][-8]][[-9][-10][-11][-12]][[-13][-14][-15][-16]]]" \
// RUN:   --expected_output="1x3x3x1xf32=[[[-1][-2.5][-4]][[-7][-8.5][-10]][[-13][-14.5][-16]]]"
func.func @avg_pool_padding(%x: tensor<1x4x4x1xf32>) -> tensor<1x3x3x1xf32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x1xf32>
  return %0 : tensor<1x3x3x1xf32>
}

// Batch 2, two channels, a 2x3 window with strides [1, 2] and uneven padding.
// RUN: nn-run --device=ref %s --function=max_pool_mixed \
// RUN:   --input="2x3x5x2xf32=[[[-5 2][-2 5][1 -3][4 0][-4 3]][[-1 -5][2 -2][5 1][-3 4][0 -4]][[3 -1][-5 2][-2 5][1 -3][4 0]]][[[-4 3][-1 -5][2 -2][5 1][-3 4]][[0 -4][3 -1][-5 2][-2 5][1 -3]][[4 0][-4 3][-1 -5][2 -2][5 1]]]" \
// RUN:   --expected_output="2x3x3x2xf32=[[[2 5][5 5][4 4]][[3 2][5 5][4 4]][[3 2][1 5][4 0]]][[[3 3][5 5][5 5]][[4 3][3 5][5 5]][[4 3][2 3][5 1]]]"
func.func @max_pool_mixed(%x: tensor<2x3x5x2xf32>) -> tensor<2x3x3x2xf32> {
  %0 = nn.max_pool2d %x {window = array<i64: 2, 3>, strides = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 1>} : tensor<2x3x5x2xf32>
  return %0 : tensor<2x3x3x2xf32>
}

// RUN: nn-run --device=ref %s --function=avg_pool_mixed \
// RUN:   --input="2x3x5x2xf32=[[[-5 2][-2 5][1 -3][4 0][-4 3]][[-1 -5][2 -2][5 1][-3 4][0 -4]][[3 -1][-5 2][-2 5][1 -3][4 0]]][[[-4 3][-1 -5][2 -2][5 1][-3 4]][[0 -4][3 -1][-5 2][-2 5][1 -3]][[4 0][-4 3][-1 -5][2 -2][5 1]]]" \
// RUN:   --expected_output="2x3x3x2xf32=[[[-1.5 0][1.1666666 0.8333333][-0.75 0.75]][[-0.25 -1.5][-0.33333334 1.1666666][0.5 -0.75]][[-1 0.5][-2 1.3333334][2.5 -1.5]]][[[-0.5 -1.75][0.33333334 0][0.25 1.75]][[0.75 -0.5][-1.1666666 0.33333334][1.5 0.25]][[0 1.5][-1 -1.3333334][3.5 -0.5]]]"
func.func @avg_pool_mixed(%x: tensor<2x3x5x2xf32>) -> tensor<2x3x3x2xf32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 3>, strides = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 1>} : tensor<2x3x5x2xf32>
  return %0 : tensor<2x3x3x2xf32>
}

// Integer max pooling.
// RUN: nn-run --device=ref %s --function=max_pool_i32 \
// RUN:   --input="1x4x4x1xi32=[[[0][5][10][2]][[7][12][4][9]][[1][6][11][3]][[8][0][5][10]]]" \
// RUN:   --expected_output="1x2x2x1xi32=[[[12][10]][[8][11]]]"
func.func @max_pool_i32(%x: tensor<1x4x4x1xi32>) -> tensor<1x2x2x1xi32> {
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>} : tensor<1x4x4x1xi32>
  return %0 : tensor<1x2x2x1xi32>
}

// Integer convolution.
// RUN: nn-run --device=ref %s --function=conv_i32 \
// RUN:   --input="1x3x3x1xi32=[[[1][2][3]][[4][5][6]][[7][8][9]]]" \
// RUN:   --input="2x2x1x1xi32=[[[1]][[-1]]][[[2]][[0]]]" \
// RUN:   --expected_output="1x2x2x1xi32=[[[7][9]][[13][15]]]"
func.func @conv_i32(%x: tensor<1x3x3x1xi32>, %w: tensor<2x2x1x1xi32>) -> tensor<1x2x2x1xi32> {
  %0 = nn.conv2d %x, %w : tensor<1x3x3x1xi32>, tensor<2x2x1x1xi32>
  return %0 : tensor<1x2x2x1xi32>
}

// Integer averages divide the sum of the real elements by their count,
// truncating toward zero: 3 / 2 = 1, -1 / 4 = 0.
// RUN: nn-run --device=ref %s --function=avg_pool_i32 \
// RUN:   --input="1x2x2x1xi32=[[[1][2]][[3][-7]]]" \
// RUN:   --expected_output="1x2x2x1xi32=[[[1][1]][[2][0]]]"
func.func @avg_pool_i32(%x: tensor<1x2x2x1xi32>) -> tensor<1x2x2x1xi32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : tensor<1x2x2x1xi32>
  return %0 : tensor<1x2x2x1xi32>
}

