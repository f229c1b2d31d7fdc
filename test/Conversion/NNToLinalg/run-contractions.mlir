// Runs the lowerings of contractions.mlir: nn-cpu-pipeline, then mlir-runner
// prints each result. Each kernel also runs on the reference interpreter with
// the same inputs, expecting the same values, so the two cannot drift apart.

// RUN: nn-opt %s --nn-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_libs \
// RUN: | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)

// Both transposed, the lhs batched (dynamic) against a 2-D rhs.
// RUN: nn-run %s --function=matmul_t --device=ref \
// RUN:   --input="2x3x2xf32=[[-4 -3][-2 -1][0 1]][[2 3][4 5][6 7]]" \
// RUN:   --input="2x3xf32=[0 1 2][3 4 5]" \
// RUN:   --expected_output="2x2x2xf32=[[-2 -20][1 -8]][[16 52][19 64]]"
func.func @matmul_t(%a: tensor<?x3x2xf32>, %b: tensor<2x3xf32>) -> tensor<?x2x2xf32> {
  %0 = nn.matmul %a, %b {transpose_lhs = true, transpose_rhs = true} : tensor<?x3x2xf32>, tensor<2x3xf32>
  return %0 : tensor<?x2x2xf32>
}

// A batch dimension of size 1 broadcasts.
// RUN: nn-run %s --function=matmul_broadcast --device=ref \
// RUN:   --input="1x2x3xf32=[[1 2 3][-1 0.5 2]]" \
// RUN:   --input="2x3x2xf32=[[1 0][0 1][1 1]][[2 -1][0.5 3][-2 4]]" \
// RUN:   --expected_output="2x2x2xf32=[[4 5][1 2.5]][[-3 17][-5.75 10.5]]"
func.func @matmul_broadcast(%a: tensor<1x2x3xf32>, %b: tensor<2x3x2xf32>) -> tensor<2x2x2xf32> {
  %0 = nn.matmul %a, %b : tensor<1x2x3xf32>, tensor<2x3x2xf32>
  return %0 : tensor<2x2x2xf32>
}

// Integers wrap around: 65536 * 65536 is 0 in i32.
// RUN: nn-run %s --function=matmul_i32 --device=ref \
// RUN:   --input="2x2xi32=[65536 2][3 -1]" --input="2x2xi32=[65536 1][5 7]" \
// RUN:   --expected_output="2x2xi32=[10 65550][196603 -4]"
func.func @matmul_i32(%a: tensor<2x2xi32>, %b: tensor<2x2xi32>) -> tensor<2x2xi32> {
  %0 = nn.matmul %a, %b : tensor<2x2xi32>, tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// Zero padding, strides, a dynamic batch.
// RUN: nn-run %s --function=conv --device=ref \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --input="3x3x1x2xf32=[[[[1 0]][[0 1]][[0 0]]][[[0 0]][[1 0]][[0 -1]]][[[0 0]][[0 0]][[1 2]]]]" \
// RUN:   --expected_output="1x2x2x2xf32=[[[7 10][11 12]][[23 23][33 27]]]"
func.func @conv(%x: tensor<?x4x4x1xf32>, %w: tensor<3x3x1x2xf32>) -> tensor<?x2x2x2xf32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x4x4x1xf32>, tensor<3x3x1x2xf32>
  return %0 : tensor<?x2x2x2xf32>
}

// Dilations, unequal strides, integers.
// RUN: nn-run %s --function=conv_dilated --device=ref \
// RUN:   --input="1x5x5x1xi32=[[[1][2][3][4][5]][[6][7][8][9][10]][[11][12][13][14][15]][[16][17][18][19][20]][[21][22][23][24][25]]]" \
// RUN:   --input="2x2x1x1xi32=[[[[1]][[-1]]][[[2]][[3]]]]" \
// RUN:   --expected_output="1x1x2x1xi32=[[[59][69]]]"
func.func @conv_dilated(%x: tensor<1x5x5x1xi32>, %w: tensor<2x2x1x1xi32>) -> tensor<1x1x2x1xi32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 3, 2>, dilations = array<i64: 2, 2>} : tensor<1x5x5x1xi32>, tensor<2x2x1x1xi32>
  return %0 : tensor<1x1x2x1xi32>
}

// Padding never wins (every element is negative) and NaN propagates.
// RUN: nn-run %s --function=max_pool --device=ref \
// RUN:   --input="1x4x4x1xf32=[[[-1][-2][-3][-4]][[-5][-6][-7][-8]][[-9][-10][nan][-12]][[-13][-14][-15][-16]]]" \
// RUN:   --expected_output="1x2x2x1xf32=[[[-1][-2]][[-5][nan]]]"
func.func @max_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.max_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<1x4x4x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// Integers: padding is the type's minimum; the strides default to the window.
// RUN: nn-run %s --function=max_pool_i32 --device=ref \
// RUN:   --input="1x4x4x1xi32=[[[-1][-2][-3][-4]][[-5][-6][-7][-8]][[-9][-10][-11][-12]][[-13][-14][-15][-16]]]" \
// RUN:   --expected_output="1x3x3x1xi32=[[[-1][-2][-4]][[-5][-6][-8]][[-13][-14][-16]]]"
func.func @max_pool_i32(%x: tensor<1x4x4x1xi32>) -> tensor<1x3x3x1xi32> {
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x1xi32>
  return %0 : tensor<1x3x3x1xi32>
}

// The average counts only the taps inside the input: 4, 6, 6 and 9 here.
// RUN: nn-run %s --function=avg_pool --device=ref \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --expected_output="1x2x2x1xf32=[[[3.5][5]][[9.5][11]]]"
func.func @avg_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<1x4x4x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// i32 averages: the sum does not wrap (2^30 * 4), the quotient rounds toward
// zero.
// RUN: nn-run %s --function=avg_pool_i32 --device=ref \
// RUN:   --input="1x2x4x1xi32=[[[1073741824][1073741824][-1][-2]][[1073741824][1073741824][0][0]]]" \
// RUN:   --expected_output="1x1x2x1xi32=[[[1073741824][0]]]"
func.func @avg_pool_i32(%x: tensor<1x2x4x1xi32>) -> tensor<1x1x2x1xi32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 2>} : tensor<1x2x4x1xi32>
  return %0 : tensor<1x1x2x1xi32>
}

// The gradients of a padded, strided convolution.
// RUN: nn-run %s --function=conv_input_grad --device=ref \
// RUN:   --input="1x4x4x1xf32=0" \
// RUN:   --input="3x3x1x2xf32=[[[[1 0]][[0 1]][[0 0]]][[[0 0]][[1 0]][[0 -1]]][[[0 0]][[0 0]][[1 2]]]]" \
// RUN:   --input="1x2x2x2xf32=[[[1 2][3 4]][[5 6][7 8]]]" \
// RUN:   --expected_output="1x4x4x1xf32=[[[1][-2][3][-4]][[6][12][8][11]][[5][-6][7][-8]][[0][17][0][23]]]"
func.func @conv_input_grad(%x: tensor<1x4x4x1xf32>, %w: tensor<3x3x1x2xf32>, %g: tensor<1x2x2x2xf32>) -> tensor<1x4x4x1xf32> {
  %0 = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x1xf32>, tensor<3x3x1x2xf32>, tensor<1x2x2x2xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// RUN: nn-run %s --function=conv_filter_grad --device=ref \
// RUN:   --input="1x4x4x1xf32=[[[1][2][3][4]][[5][6][7][8]][[9][10][11][12]][[13][14][15][16]]]" \
// RUN:   --input="3x3x1x2xf32=0" \
// RUN:   --input="1x2x2x2xf32=[[[1 2][3 4]][[5 6][7 8]]]" \
// RUN:   --expected_output="3x3x1x2xf32=[[[42 48]][[74 86]][[86 100]]][[[76 88]][[132 156]][[148 176]]][[[116 136]][[196 236]][[212 256]]]"
func.func @conv_filter_grad(%x: tensor<1x4x4x1xf32>, %w: tensor<3x3x1x2xf32>, %g: tensor<1x2x2x2xf32>) -> tensor<3x3x1x2xf32> {
  %0 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x1xf32>, tensor<3x3x1x2xf32>, tensor<1x2x2x2xf32>
  return %0 : tensor<3x3x1x2xf32>
}

// Overlapping windows: each gradient goes to the first maximum of its window
// (ties do not share), NaN beats everything, and the gradients of the windows
// that pick the same element add up.
// RUN: nn-run %s --function=max_pool_grad --device=ref \
// RUN:   --input="1x3x4x1xf32=[[[5][5][1][nan]][[5][2][2][0]][[0][2][7][1]]]" \
// RUN:   --input="1x2x3x1xf32=[[[1][10][100]][[1000][10000][100000]]]" \
// RUN:   --expected_output="1x3x4x1xf32=[[[1][10][0][100]][[1000][0][0][0]][[0][0][110000][0]]]"
func.func @max_pool_grad(%x: tensor<1x3x4x1xf32>, %g: tensor<1x2x3x1xf32>) -> tensor<1x3x4x1xf32> {
  %0 = nn.max_pool2d_grad %x, %g {window = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<1x3x4x1xf32>, tensor<1x2x3x1xf32>
  return %0 : tensor<1x3x4x1xf32>
}

// Each window's gradient is shared by its taps inside the input.
// RUN: nn-run %s --function=avg_pool_grad --device=ref \
// RUN:   --input="1x3x3x1xf32=0" \
// RUN:   --input="1x2x2x1xf32=[[[4][8]][[12][16]]]" \
// RUN:   --expected_output="1x3x3x1xf32=[[[4][4][4]][[6][4][4]][[6][4][4]]]"
func.func @avg_pool_grad(%x: tensor<1x3x3x1xf32>, %g: tensor<1x2x2x1xf32>) -> tensor<1x3x3x1xf32> {
  %0 = nn.avg_pool2d_grad %x, %g {window = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>
  return %0 : tensor<1x3x3x1xf32>
}

func.func @main() {
  %x16 = arith.constant dense<[[[[1.0], [2.0], [3.0], [4.0]], [[5.0], [6.0], [7.0], [8.0]], [[9.0], [10.0], [11.0], [12.0]], [[13.0], [14.0], [15.0], [16.0]]]]> : tensor<1x4x4x1xf32>
  %w3 = arith.constant dense<[[[[1.0, 0.0]], [[0.0, 1.0]], [[0.0, 0.0]]], [[[0.0, 0.0]], [[1.0, 0.0]], [[0.0, -1.0]]], [[[0.0, 0.0]], [[0.0, 0.0]], [[1.0, 2.0]]]]> : tensor<3x3x1x2xf32>
  %g2 = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>

  // CHECK: rank = 3 offset = 0 sizes = [2, 2, 2]
  // CHECK-NEXT: {{\[\[\[}}-2, -20],
  // CHECK-NEXT: [1, -8]],
  // CHECK-NEXT: {{\[\[}}16, 52],
  // CHECK-NEXT: [19, 64]]]
  %a0 = arith.constant dense<[[[-4.0, -3.0], [-2.0, -1.0], [0.0, 1.0]], [[2.0, 3.0], [4.0, 5.0], [6.0, 7.0]]]> : tensor<2x3x2xf32>
  %a0d = tensor.cast %a0 : tensor<2x3x2xf32> to tensor<?x3x2xf32>
  %b0 = arith.constant dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]> : tensor<2x3xf32>
  %r0 = call @matmul_t(%a0d, %b0) : (tensor<?x3x2xf32>, tensor<2x3xf32>) -> tensor<?x2x2xf32>
  %u0 = tensor.cast %r0 : tensor<?x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()

  // CHECK: rank = 3 offset = 0 sizes = [2, 2, 2]
  // CHECK-NEXT: {{\[\[\[}}4, 5],
  // CHECK-NEXT: [1, 2.5]],
  // CHECK-NEXT: {{\[\[}}-3, 17],
  // CHECK-NEXT: [-5.75, 10.5]]]
  %a1 = arith.constant dense<[[[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]]]> : tensor<1x2x3xf32>
  %b1 = arith.constant dense<[[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [[2.0, -1.0], [0.5, 3.0], [-2.0, 4.0]]]> : tensor<2x3x2xf32>
  %r1 = call @matmul_broadcast(%a1, %b1) : (tensor<1x2x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2xf32>
  %u1 = tensor.cast %r1 : tensor<2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()

  // CHECK: rank = 2 offset = 0 sizes = [2, 2]
  // CHECK-NEXT: {{\[\[}}10, 65550],
  // CHECK-NEXT: [196603, -4]]
  %a2 = arith.constant dense<[[65536, 2], [3, -1]]> : tensor<2x2xi32>
  %b2 = arith.constant dense<[[65536, 1], [5, 7]]> : tensor<2x2xi32>
  %r2 = call @matmul_i32(%a2, %b2) : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  %u2 = tensor.cast %r2 : tensor<2x2xi32> to tensor<*xi32>
  call @printMemrefI32(%u2) : (tensor<*xi32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 2, 2, 2]
  // CHECK-NEXT: {{\[\[\[\[}}7, 10],
  // CHECK-NEXT: [11, 12]],
  // CHECK-NEXT: {{\[\[}}23, 23],
  // CHECK-NEXT: [33, 27]]]]
  %x16d = tensor.cast %x16 : tensor<1x4x4x1xf32> to tensor<?x4x4x1xf32>
  %r3 = call @conv(%x16d, %w3) : (tensor<?x4x4x1xf32>, tensor<3x3x1x2xf32>) -> tensor<?x2x2x2xf32>
  %u3 = tensor.cast %r3 : tensor<?x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u3) : (tensor<*xf32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 1, 2, 1]
  // CHECK-NEXT: {{\[\[\[\[}}59],
  // CHECK-NEXT: [69]]]]
  %x4 = arith.constant dense<[[[[1], [2], [3], [4], [5]], [[6], [7], [8], [9], [10]], [[11], [12], [13], [14], [15]], [[16], [17], [18], [19], [20]], [[21], [22], [23], [24], [25]]]]> : tensor<1x5x5x1xi32>
  %w4 = arith.constant dense<[[[[1]], [[-1]]], [[[2]], [[3]]]]> : tensor<2x2x1x1xi32>
  %r4 = call @conv_dilated(%x4, %w4) : (tensor<1x5x5x1xi32>, tensor<2x2x1x1xi32>) -> tensor<1x1x2x1xi32>
  %u4 = tensor.cast %r4 : tensor<1x1x2x1xi32> to tensor<*xi32>
  call @printMemrefI32(%u4) : (tensor<*xi32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 2, 2, 1]
  // CHECK-NEXT: {{\[\[\[\[}}-1],
  // CHECK-NEXT: [-2]],
  // CHECK-NEXT: {{\[\[}}-5],
  // CHECK-NEXT: [nan]]]]
  %x5 = arith.constant dense<[[[[-1.0], [-2.0], [-3.0], [-4.0]], [[-5.0], [-6.0], [-7.0], [-8.0]], [[-9.0], [-10.0], [0x7FC00000], [-12.0]], [[-13.0], [-14.0], [-15.0], [-16.0]]]]> : tensor<1x4x4x1xf32>
  %r5 = call @max_pool(%x5) : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  %u5 = tensor.cast %r5 : tensor<1x2x2x1xf32> to tensor<*xf32>
  call @printMemrefF32(%u5) : (tensor<*xf32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 3, 3, 1]
  // CHECK-NEXT: {{\[\[\[\[}}-1],
  // CHECK-NEXT: [-2],
  // CHECK-NEXT: [-4]],
  // CHECK-NEXT: {{\[\[}}-5],
  // CHECK-NEXT: [-6],
  // CHECK-NEXT: [-8]],
  // CHECK-NEXT: {{\[\[}}-13],
  // CHECK-NEXT: [-14],
  // CHECK-NEXT: [-16]]]]
  %x6 = arith.constant dense<[[[[-1], [-2], [-3], [-4]], [[-5], [-6], [-7], [-8]], [[-9], [-10], [-11], [-12]], [[-13], [-14], [-15], [-16]]]]> : tensor<1x4x4x1xi32>
  %r6 = call @max_pool_i32(%x6) : (tensor<1x4x4x1xi32>) -> tensor<1x3x3x1xi32>
  %u6 = tensor.cast %r6 : tensor<1x3x3x1xi32> to tensor<*xi32>
  call @printMemrefI32(%u6) : (tensor<*xi32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 2, 2, 1]
  // CHECK-NEXT: {{\[\[\[\[}}3.5],
  // CHECK-NEXT: [5]],
  // CHECK-NEXT: {{\[\[}}9.5],
  // CHECK-NEXT: [11]]]]
  %r7 = call @avg_pool(%x16) : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  %u7 = tensor.cast %r7 : tensor<1x2x2x1xf32> to tensor<*xf32>
  call @printMemrefF32(%u7) : (tensor<*xf32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 1, 2, 1]
  // CHECK-NEXT: {{\[\[\[\[}}1073741824],
  // CHECK-NEXT: [0]]]]
  %x8 = arith.constant dense<[[[[1073741824], [1073741824], [-1], [-2]], [[1073741824], [1073741824], [0], [0]]]]> : tensor<1x2x4x1xi32>
  %r8 = call @avg_pool_i32(%x8) : (tensor<1x2x4x1xi32>) -> tensor<1x1x2x1xi32>
  %u8 = tensor.cast %r8 : tensor<1x1x2x1xi32> to tensor<*xi32>
  call @printMemrefI32(%u8) : (tensor<*xi32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 4, 4, 1]
  // CHECK-NEXT: {{\[\[\[\[}}1],
  // CHECK-NEXT: [-2],
  // CHECK-NEXT: [3],
  // CHECK-NEXT: [-4]],
  // CHECK-NEXT: {{\[\[}}6],
  // CHECK-NEXT: [12],
  // CHECK-NEXT: [8],
  // CHECK-NEXT: [11]],
  // CHECK-NEXT: {{\[\[}}5],
  // CHECK-NEXT: [-6],
  // CHECK-NEXT: [7],
  // CHECK-NEXT: [-8]],
  // CHECK-NEXT: {{\[\[}}0],
  // CHECK-NEXT: [17],
  // CHECK-NEXT: [0],
  // CHECK-NEXT: [23]]]]
  %r9 = call @conv_input_grad(%x16, %w3, %g2) : (tensor<1x4x4x1xf32>, tensor<3x3x1x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x4x1xf32>
  %u9 = tensor.cast %r9 : tensor<1x4x4x1xf32> to tensor<*xf32>
  call @printMemrefF32(%u9) : (tensor<*xf32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [3, 3, 1, 2]
  // CHECK-NEXT: {{\[\[\[\[}}42, 48]],
  // CHECK-NEXT: {{\[\[}}74, 86]],
  // CHECK-NEXT: {{\[\[}}86, 100]]],
  // CHECK-NEXT: {{\[\[\[}}76, 88]],
  // CHECK-NEXT: {{\[\[}}132, 156]],
  // CHECK-NEXT: {{\[\[}}148, 176]]],
  // CHECK-NEXT: {{\[\[\[}}116, 136]],
  // CHECK-NEXT: {{\[\[}}196, 236]],
  // CHECK-NEXT: {{\[\[}}212, 256]]]]
  %r10 = call @conv_filter_grad(%x16, %w3, %g2) : (tensor<1x4x4x1xf32>, tensor<3x3x1x2xf32>, tensor<1x2x2x2xf32>) -> tensor<3x3x1x2xf32>
  %u10 = tensor.cast %r10 : tensor<3x3x1x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u10) : (tensor<*xf32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 3, 4, 1]
  // CHECK-NEXT: {{\[\[\[\[}}1],
  // CHECK-NEXT: [10],
  // CHECK-NEXT: [0],
  // CHECK-NEXT: [100]],
  // CHECK-NEXT: {{\[\[}}1000],
  // CHECK-NEXT: [0],
  // CHECK-NEXT: [0],
  // CHECK-NEXT: [0]],
  // CHECK-NEXT: {{\[\[}}0],
  // CHECK-NEXT: [0],
  // CHECK-NEXT: [110000],
  // CHECK-NEXT: [0]]]]
  %x11 = arith.constant dense<[[[[5.0], [5.0], [1.0], [0x7FC00000]], [[5.0], [2.0], [2.0], [0.0]], [[0.0], [2.0], [7.0], [1.0]]]]> : tensor<1x3x4x1xf32>
  %g11 = arith.constant dense<[[[[1.0], [10.0], [100.0]], [[1000.0], [10000.0], [100000.0]]]]> : tensor<1x2x3x1xf32>
  %r11 = call @max_pool_grad(%x11, %g11) : (tensor<1x3x4x1xf32>, tensor<1x2x3x1xf32>) -> tensor<1x3x4x1xf32>
  %u11 = tensor.cast %r11 : tensor<1x3x4x1xf32> to tensor<*xf32>
  call @printMemrefF32(%u11) : (tensor<*xf32>) -> ()

  // CHECK: rank = 4 offset = 0 sizes = [1, 3, 3, 1]
  // CHECK-NEXT: {{\[\[\[\[}}4],
  // CHECK-NEXT: [4],
  // CHECK-NEXT: [4]],
  // CHECK-NEXT: {{\[\[}}6],
  // CHECK-NEXT: [4],
  // CHECK-NEXT: [4]],
  // CHECK-NEXT: {{\[\[}}6],
  // CHECK-NEXT: [4],
  // CHECK-NEXT: [4]]]]
  %x12 = arith.constant dense<0.0> : tensor<1x3x3x1xf32>
  %g12 = arith.constant dense<[[[[4.0], [8.0]], [[12.0], [16.0]]]]> : tensor<1x2x2x1xf32>
  %r12 = call @avg_pool_grad(%x12, %g12) : (tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x3x3x1xf32>
  %u12 = tensor.cast %r12 : tensor<1x3x3x1xf32> to tensor<*xf32>
  call @printMemrefF32(%u12) : (tensor<*xf32>) -> ()
  return
}
