// Shape ops on the reference interpreter: nn.reshape, nn.transpose,
// nn.broadcast_to, nn.concat, nn.slice, nn.pad, nn.one_hot. Expected values
// computed with NumPy.

// Reshapes keep the row-major order.
// RUN: nn-run --device=ref %s --function=reshape \
// RUN:   --input="2x3xf32=[0 1 2][3 4 5]" \
// RUN:   --expected_output="3x2xf32=[0 1][2 3][4 5]" \
// RUN:   --expected_output="6xf32=[0 1 2 3 4 5]" \
// RUN:   --expected_output="1x6x1xf32=[[0][1][2][3][4][5]]"
func.func @reshape(%x: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<6xf32>, tensor<1x6x1xf32>) {
  %0 = nn.reshape %x : tensor<2x3xf32> to tensor<3x2xf32>
  %1 = nn.reshape %x : tensor<2x3xf32> to tensor<6xf32>
  %2 = nn.reshape %x : tensor<2x3xf32> to tensor<1x6x1xf32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<6xf32>, tensor<1x6x1xf32>
}

// The dynamic result dimension is resolved from the element count.
// RUN: nn-run --device=ref %s --function=reshape_dynamic \
// RUN:   --input="1x2x3xi64=[[0 1 2][3 4 5]]" \
// RUN:   --expected_output="2x3xi64=[0 1 2][3 4 5]" \
// RUN:   --expected_output="3x2xi64=[0 1][2 3][4 5]"
// RUN: nn-run --device=ref %s --function=reshape_dynamic \
// RUN:   --input="4x2x3xi64=[[0 1 2][3 4 5]][[6 7 8][9 10 11]][[12 13 14][15 16 17]][[18 19 20][21 22 23]]" \
// RUN:   --expected_output="8x3xi64=[0 1 2][3 4 5][6 7 8][9 10 11][12 13 14][15 16 17][18 19 20][21 22 23]" \
// RUN:   --expected_output="3x8xi64=[0 1 2 3 4 5 6 7][8 9 10 11 12 13 14 15][16 17 18 19 20 21 22 23]"
func.func @reshape_dynamic(%x: tensor<?x2x3xi64>) -> (tensor<?x3xi64>, tensor<3x?xi64>) {
  %0 = nn.reshape %x : tensor<?x2x3xi64> to tensor<?x3xi64>
  %1 = nn.reshape %x : tensor<?x2x3xi64> to tensor<3x?xi64>
  return %0, %1 : tensor<?x3xi64>, tensor<3x?xi64>
}

// Result dimension i is operand dimension perm[i].
// RUN: nn-run --device=ref %s --function=transpose \
// RUN:   --input="2x3x4xf32=[[0 1 2 3][4 5 6 7][8 9 10 11]][[12 13 14 15][16 17 18 19][20 21 22 23]]" \
// RUN:   --expected_output="4x2x3xf32=[[0 4 8][12 16 20]][[1 5 9][13 17 21]][[2 6 10][14 18 22]][[3 7 11][15 19 23]]" \
// RUN:   --expected_output="3x2x4xf32=[[0 1 2 3][12 13 14 15]][[4 5 6 7][16 17 18 19]][[8 9 10 11][20 21 22 23]]"
func.func @transpose(%x: tensor<2x3x4xf32>) -> (tensor<4x2x3xf32>, tensor<3x2x4xf32>) {
  %0 = nn.transpose %x, [2, 0, 1] : tensor<2x3x4xf32>
  %1 = "nn.transpose"(%x) {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return %0, %1 : tensor<4x2x3xf32>, tensor<3x2x4xf32>
}

// numpy broadcasting to the result type.
// RUN: nn-run --device=ref %s --function=broadcast_to \
// RUN:   --input="3xi32=[1 2 3]" \
// RUN:   --input="2x1xf32=[1][2]" \
// RUN:   --expected_output="2x3xi32=[1 2 3][1 2 3]" \
// RUN:   --expected_output="2x2x4xf32=[[1 1 1 1][2 2 2 2]][[1 1 1 1][2 2 2 2]]"
func.func @broadcast_to(%b: tensor<3xi32>, %c: tensor<2x1xf32>) -> (tensor<2x3xi32>, tensor<2x2x4xf32>) {
  %0 = nn.broadcast_to %b : tensor<3xi32> to tensor<2x3xi32>
  %1 = nn.broadcast_to %c : tensor<2x1xf32> to tensor<2x2x4xf32>
  return %0, %1 : tensor<2x3xi32>, tensor<2x2x4xf32>
}

// A dynamic result dimension takes the operand's size.
// RUN: nn-run --device=ref %s --function=broadcast_to_dynamic \
// RUN:   --input="1x1xf32=[1]" \
// RUN:   --expected_output="2x1x4xf32=[[1 1 1 1]][[1 1 1 1]]"
// RUN: nn-run --device=ref %s --function=broadcast_to_dynamic \
// RUN:   --input="3x1xf32=[1][2][3]" \
// RUN:   --expected_output="2x3x4xf32=[[1 1 1 1][2 2 2 2][3 3 3 3]][[1 1 1 1][2 2 2 2][3 3 3 3]]"
func.func @broadcast_to_dynamic(%c: tensor<?x1xf32>) -> tensor<2x?x4xf32> {
  %0 = nn.broadcast_to %c : tensor<?x1xf32> to tensor<2x?x4xf32>
  return %0 : tensor<2x?x4xf32>
}

// Three inputs along axis 1; the same input twice along axis -2.
// RUN: nn-run --device=ref %s --function=concat \
// RUN:   --input="2x2xf32=[0 1][2 3]" \
// RUN:   --input="2x3xf32=[10 11 12][13 14 15]" \
// RUN:   --input="2x1xf32=[-1][-2]" \
// RUN:   --expected_output="2x6xf32=[0 1 10 11 12 -1][2 3 13 14 15 -2]" \
// RUN:   --expected_output="4x2xf32=[0 1][2 3][0 1][2 3]"
func.func @concat(%a: tensor<2x2xf32>, %b: tensor<2x3xf32>, %c: tensor<2x1xf32>) -> (tensor<2x6xf32>, tensor<4x2xf32>) {
  %0 = nn.concat %a, %b, %c {axis = 1 : i64} : tensor<2x2xf32>, tensor<2x3xf32>, tensor<2x1xf32>
  %1 = nn.concat %a, %a {axis = -2 : i64} : tensor<2x2xf32>, tensor<2x2xf32>
  return %0, %1 : tensor<2x6xf32>, tensor<4x2xf32>
}

// A single input is the identity.
// RUN: nn-run --device=ref %s --function=concat_i64_single \
// RUN:   --input="2xi64=[1 2]" \
// RUN:   --expected_output="2xi64=[1 2]"
func.func @concat_i64_single(%a: tensor<2xi64>) -> tensor<2xi64> {
  %0 = nn.concat %a {axis = 0 : i64} : tensor<2xi64>
  return %0 : tensor<2xi64>
}

// A plain slice, a strided one (the limit need not be reached exactly), an empty one.
// RUN: nn-run --device=ref %s --function=slice \
// RUN:   --input="5x6xf32=[0 1 2 3 4 5][6 7 8 9 10 11][12 13 14 15 16 17][18 19 20 21 22 23][24 25 26 27 28 29]" \
// RUN:   --expected_output="2x3xf32=[8 9 10][14 15 16]" \
// RUN:   --expected_output="3x2xf32=[1 4][13 16][25 28]" \
// RUN:   --expected_output="0x6xf32="
func.func @slice(%x: tensor<5x6xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>, tensor<0x6xf32>) {
  %0 = nn.slice %x {start = array<i64: 1, 2>, limit = array<i64: 3, 5>} : tensor<5x6xf32>
  %1 = nn.slice %x {start = array<i64: 0, 1>, limit = array<i64: 5, 6>, strides = array<i64: 2, 3>} : tensor<5x6xf32>
  %2 = nn.slice %x {start = array<i64: 2, 0>, limit = array<i64: 2, 6>} : tensor<5x6xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<3x2xf32>, tensor<0x6xf32>
}

// Zero padding; then a value of -1.5 with interior padding.
// RUN: nn-run --device=ref %s --function=pad \
// RUN:   --input="2x2xf32=[1 2][3 4]" \
// RUN:   --expected_output="3x5xf32=[0 0 0 0 0][1 2 0 0 0][3 4 0 0 0]" \
// RUN:   --expected_output="5x4xf32=[-1.5 1 -1.5 2][-1.5 -1.5 -1.5 -1.5][-1.5 -1.5 -1.5 -1.5][-1.5 3 -1.5 4][-1.5 -1.5 -1.5 -1.5]"
func.func @pad(%x: tensor<2x2xf32>) -> (tensor<3x5xf32>, tensor<5x4xf32>) {
  %0 = nn.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 3>} : tensor<2x2xf32>
  %1 = nn.pad %x {low = array<i64: 0, 1>, high = array<i64: 1, 0>, value = -1.5 : f64, interior = array<i64: 2, 1>} : tensor<2x2xf32>
  return %0, %1 : tensor<3x5xf32>, tensor<5x4xf32>
}

// RUN: nn-run --device=ref %s --function=pad_i32 \
// RUN:   --input="3xi32=[7 8 9]" \
// RUN:   --expected_output="8xi32=[5 5 7 5 8 5 9 5]"
func.func @pad_i32(%x: tensor<3xi32>) -> tensor<8xi32> {
  %0 = nn.pad %x {low = array<i64: 2>, high = array<i64: 1>, value = 5.0 : f64, interior = array<i64: 1>} : tensor<3xi32>
  return %0 : tensor<8xi32>
}

// An index outside [0, depth) (-1 and 3 here) gives a row of zeros.
// RUN: nn-run --device=ref %s --function=one_hot \
// RUN:   --input="5xi32=[0 2 -1 3 1]" \
// RUN:   --expected_output="5x3xf32=[1 0 0][0 0 1][0 0 0][0 0 0][0 1 0]"
func.func @one_hot(%i: tensor<5xi32>) -> tensor<5x3xf32> {
  %0 = nn.one_hot %i {depth = 3 : i64} : tensor<5xi32> to tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// i64 indices; i32 and f16 results.
// RUN: nn-run --device=ref %s --function=one_hot_i64 \
// RUN:   --input="2x2xi64=[1 0][4 3]" \
// RUN:   --expected_output="2x2x4xi32=[[0 1 0 0][1 0 0 0]][[0 0 0 0][0 0 0 1]]" \
// RUN:   --expected_output="2x2x4xf16=[[0 1 0 0][1 0 0 0]][[0 0 0 0][0 0 0 1]]"
func.func @one_hot_i64(%i: tensor<2x2xi64>) -> (tensor<2x2x4xi32>, tensor<2x2x4xf16>) {
  %0 = nn.one_hot %i {depth = 4 : i64} : tensor<2x2xi64> to tensor<2x2x4xi32>
  %1 = nn.one_hot %i {depth = 4 : i64} : tensor<2x2xi64> to tensor<2x2x4xf16>
  return %0, %1 : tensor<2x2x4xi32>, tensor<2x2x4xf16>
}

