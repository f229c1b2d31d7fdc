// Reductions, nn.argmax, nn.softmax and nn.log_softmax on the reference
// interpreter. Expected values computed with NumPy.

// Sum, mean, max and min over the middle axis of a 2x3x4 tensor.
// RUN: nn-run --device=ref %s --function=reduce_axis1 \
// RUN:   --input="2x3x4xf32=[[-4.5 2.5 -0.5 -3.5][3.5 0.5 -2.5 4.5][1.5 -1.5 -4.5 2.5]][[-0.5 -3.5 3.5 0.5][-2.5 4.5 1.5 -1.5][-4.5 2.5 -0.5 -3.5]]" \
// RUN:   --expected_output="2x4xf32=[0.5 1.5 -7.5 3.5][-7.5 3.5 4.5 -4.5]" \
// RUN:   --expected_output="2x4xf32=[0.16666667 0.5 -2.5 1.1666666][-2.5 1.1666666 1.5 -1.5]" \
// RUN:   --expected_output="2x4xf32=[3.5 2.5 -0.5 4.5][-0.5 4.5 3.5 0.5]" \
// RUN:   --expected_output="2x4xf32=[-4.5 -1.5 -4.5 -3.5][-4.5 -3.5 -0.5 -3.5]"
func.func @reduce_axis1(%x: tensor<2x3x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = nn.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3x4xf32>
  %1 = nn.reduce_mean %x {axes = array<i64: 1>} : tensor<2x3x4xf32>
  %2 = nn.reduce_max %x {axes = array<i64: 1>} : tensor<2x3x4xf32>
  %3 = nn.reduce_min %x {axes = array<i64: 1>} : tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// A negative axis counts from the end; keep_dims keeps it with size 1.
// RUN: nn-run --device=ref %s --function=reduce_last_keep \
// RUN:   --input="2x3x4xf32=[[-4.5 2.5 -0.5 -3.5][3.5 0.5 -2.5 4.5][1.5 -1.5 -4.5 2.5]][[-0.5 -3.5 3.5 0.5][-2.5 4.5 1.5 -1.5][-4.5 2.5 -0.5 -3.5]]" \
// RUN:   --expected_output="2x3x1xf32=[[-6][6][-2]][[0][2][-6]]" \
// RUN:   --expected_output="2x3x1xf32=[[-1.5][1.5][-0.5]][[0][0.5][-1.5]]" \
// RUN:   --expected_output="2x3x1xf32=[[2.5][4.5][2.5]][[3.5][4.5][2.5]]" \
// RUN:   --expected_output="2x3x1xf32=[[-4.5][-2.5][-4.5]][[-3.5][-2.5][-4.5]]"
func.func @reduce_last_keep(%x: tensor<2x3x4xf32>) -> (tensor<2x3x1xf32>, tensor<2x3x1xf32>, tensor<2x3x1xf32>, tensor<2x3x1xf32>) {
  %0 = nn.reduce_sum %x {axes = array<i64: -1>, keep_dims = true} : tensor<2x3x4xf32>
  %1 = nn.reduce_mean %x {axes = array<i64: -1>, keep_dims = true} : tensor<2x3x4xf32>
  %2 = nn.reduce_max %x {axes = array<i64: -1>, keep_dims = true} : tensor<2x3x4xf32>
  %3 = nn.reduce_min %x {axes = array<i64: -1>, keep_dims = true} : tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<2x3x1xf32>, tensor<2x3x1xf32>, tensor<2x3x1xf32>, tensor<2x3x1xf32>
}

// Two axes, given out of order.
// RUN: nn-run --device=ref %s --function=reduce_two_axes \
// RUN:   --input="2x3x4xf32=[[-4.5 2.5 -0.5 -3.5][3.5 0.5 -2.5 4.5][1.5 -1.5 -4.5 2.5]][[-0.5 -3.5 3.5 0.5][-2.5 4.5 1.5 -1.5][-4.5 2.5 -0.5 -3.5]]" \
// RUN:   --expected_output="3xf32=[-6 8 -8]" \
// RUN:   --expected_output="3xf32=[-0.75 1 -1]" \
// RUN:   --expected_output="3xf32=[3.5 4.5 2.5]" \
// RUN:   --expected_output="3xf32=[-4.5 -2.5 -4.5]"
func.func @reduce_two_axes(%x: tensor<2x3x4xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = nn.reduce_sum %x {axes = array<i64: 2, 0>} : tensor<2x3x4xf32>
  %1 = nn.reduce_mean %x {axes = array<i64: 2, 0>} : tensor<2x3x4xf32>
  %2 = nn.reduce_max %x {axes = array<i64: 2, 0>} : tensor<2x3x4xf32>
  %3 = nn.reduce_min %x {axes = array<i64: 2, 0>} : tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// Empty axes reduce everything to a scalar.
// RUN: nn-run --device=ref %s --function=reduce_all \
// RUN:   --input="2x3x4xf32=[[-4.5 2.5 -0.5 -3.5][3.5 0.5 -2.5 4.5][1.5 -1.5 -4.5 2.5]][[-0.5 -3.5 3.5 0.5][-2.5 4.5 1.5 -1.5][-4.5 2.5 -0.5 -3.5]]" \
// RUN:   --expected_output="f32=-6" \
// RUN:   --expected_output="f32=-0.25" \
// RUN:   --expected_output="f32=4.5" \
// RUN:   --expected_output="f32=-4.5"
func.func @reduce_all(%x: tensor<2x3x4xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
  %0 = nn.reduce_sum %x {axes = array<i64>} : tensor<2x3x4xf32>
  %1 = nn.reduce_mean %x {axes = array<i64>} : tensor<2x3x4xf32>
  %2 = nn.reduce_max %x {axes = array<i64>} : tensor<2x3x4xf32>
  %3 = nn.reduce_min %x {axes = array<i64>} : tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
}

// No axes attribute at all is the same as empty; keep_dims gives 1x1x1.
// RUN: nn-run --device=ref %s --function=reduce_default \
// RUN:   --input="2x3x4xf32=[[-4.5 2.5 -0.5 -3.5][3.5 0.5 -2.5 4.5][1.5 -1.5 -4.5 2.5]][[-0.5 -3.5 3.5 0.5][-2.5 4.5 1.5 -1.5][-4.5 2.5 -0.5 -3.5]]" \
// RUN:   --expected_output="1x1x1xf32=[[-6]]" \
// RUN:   --expected_output="1x1x1xf32=[[-0.25]]" \
// RUN:   --expected_output="1x1x1xf32=[[4.5]]" \
// RUN:   --expected_output="1x1x1xf32=[[-4.5]]"
func.func @reduce_default(%x: tensor<2x3x4xf32>) -> (tensor<1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>) {
  %0 = nn.reduce_sum %x {keep_dims = true} : tensor<2x3x4xf32>
  %1 = nn.reduce_mean %x {keep_dims = true} : tensor<2x3x4xf32>
  %2 = nn.reduce_max %x {keep_dims = true} : tensor<2x3x4xf32>
  %3 = nn.reduce_min %x {keep_dims = true} : tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
}

// Integer reductions; the i32 sum wraps.
// RUN: nn-run --device=ref %s --function=reduce_i32 \
// RUN:   --input="2x3xi32=[3 7 2147483647][1 -1 1]" \
// RUN:   --expected_output="2xi32=[-2147483639 1]" \
// RUN:   --expected_output="2xi32=[2147483647 1]" \
// RUN:   --expected_output="2xi32=[3 -1]"
func.func @reduce_i32(%x: tensor<2x3xi32>) -> (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) {
  %0 = nn.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3xi32>
  %1 = nn.reduce_max %x {axes = array<i64: 1>} : tensor<2x3xi32>
  %2 = nn.reduce_min %x {axes = array<i64: 1>} : tensor<2x3xi32>
  return %0, %1, %2 : tensor<2xi32>, tensor<2xi32>, tensor<2xi32>
}

// A NaN poisons the sum, the mean, the max and the min of its row.
// RUN: nn-run --device=ref %s --function=reduce_nan \
// RUN:   --input="2x3xf32=[1 nan 3][4 5 6]" \
// RUN:   --expected_output="2xf32=[nan 15]" \
// RUN:   --expected_output="2xf32=[nan 5]" \
// RUN:   --expected_output="2xf32=[nan 6]" \
// RUN:   --expected_output="2xf32=[nan 4]"
func.func @reduce_nan(%x: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = nn.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3xf32>
  %1 = nn.reduce_mean %x {axes = array<i64: 1>} : tensor<2x3xf32>
  %2 = nn.reduce_max %x {axes = array<i64: 1>} : tensor<2x3xf32>
  %3 = nn.reduce_min %x {axes = array<i64: 1>} : tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// Reducing nothing gives the identity of the element type: 0 for sums, the
// lowest and highest values for max and min (-inf and inf for floats,
// INT32_MIN and INT32_MAX for i32); the mean of nothing is 0 / 0 = NaN.
// RUN: nn-run --device=ref %s --function=reduce_empty \
// RUN:   --input="2x0xi32=" \
// RUN:   --input="2x0xf32=" \
// RUN:   --input="2x0xi64=" \
// RUN:   --expected_output="2xi32=0" \
// RUN:   --expected_output="2xi32=-2147483648" \
// RUN:   --expected_output="2xi32=2147483647" \
// RUN:   --expected_output="2xf32=0" \
// RUN:   --expected_output="2xf32=nan" \
// RUN:   --expected_output="2xf32=-inf" \
// RUN:   --expected_output="2xf32=inf" \
// RUN:   --expected_output="2xi64=-9223372036854775808" \
// RUN:   --expected_output="2xi64=9223372036854775807"
func.func @reduce_empty(%a: tensor<2x?xi32>, %b: tensor<2x?xf32>, %c: tensor<2x?xi64>) -> (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi64>, tensor<2xi64>) {
  %0 = nn.reduce_sum %a {axes = array<i64: 1>} : tensor<2x?xi32>
  %1 = nn.reduce_max %a {axes = array<i64: 1>} : tensor<2x?xi32>
  %2 = nn.reduce_min %a {axes = array<i64: 1>} : tensor<2x?xi32>
  %3 = nn.reduce_sum %b {axes = array<i64: 1>} : tensor<2x?xf32>
  %4 = nn.reduce_mean %b {axes = array<i64: 1>} : tensor<2x?xf32>
  %5 = nn.reduce_max %b {axes = array<i64: 1>} : tensor<2x?xf32>
  %6 = nn.reduce_min %b {axes = array<i64: 1>} : tensor<2x?xf32>
  %7 = nn.reduce_max %c {axes = array<i64: 1>} : tensor<2x?xi64>
  %8 = nn.reduce_min %c {axes = array<i64: 1>} : tensor<2x?xi64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi64>, tensor<2xi64>
}

// The first maximum wins ties; keep_dims and a negative axis.
// RUN: nn-run --device=ref %s --function=argmax \
// RUN:   --input="3x4xf32=[1 3 3 0][5 2 5 5][-1 -2 -3 -1]" \
// RUN:   --expected_output="3xi64=[1 0 0]" \
// RUN:   --expected_output="1x4xi64=[1 0 1 1]" \
// RUN:   --expected_output="3x1xi64=[1][0][0]"
func.func @argmax(%x: tensor<3x4xf32>) -> (tensor<3xi64>, tensor<1x4xi64>, tensor<3x1xi64>) {
  %0 = nn.argmax %x {axis = 1 : i64} : tensor<3x4xf32>
  %1 = nn.argmax %x {axis = 0 : i64, keep_dims = true} : tensor<3x4xf32>
  %2 = nn.argmax %x {axis = -1 : i64, keep_dims = true} : tensor<3x4xf32>
  return %0, %1, %2 : tensor<3xi64>, tensor<1x4xi64>, tensor<3x1xi64>
}

// RUN: nn-run --device=ref %s --function=argmax_i32 \
// RUN:   --input="2x3xi32=[2 9 9][-5 -5 -6]" \
// RUN:   --expected_output="2xi64=[1 0]"
func.func @argmax_i32(%x: tensor<2x3xi32>) -> tensor<2xi64> {
  %0 = nn.argmax %x {axis = 1 : i64} : tensor<2x3xi32>
  return %0 : tensor<2xi64>
}

// A NaN counts as the maximum, as in NumPy: the first NaN wins.
// RUN: nn-run --device=ref %s --function=argmax_nan \
// RUN:   --input="4xf32=[1 nan 7 nan]" \
// RUN:   --expected_output="i64=1"
func.func @argmax_nan(%x: tensor<4xf32>) -> tensor<i64> {
  %0 = nn.argmax %x {axis = 0 : i64} : tensor<4xf32>
  return %0 : tensor<i64>
}

// Default axis -1. Large logits do not overflow: the maximum is subtracted first.
// RUN: nn-run --device=ref %s --function=softmax \
// RUN:   --input="3x3xf32=[1 2 3][1000 1001 1002][-1000 0 1000]" \
// RUN:   --expected_output="3x3xf32=[0.09003057 0.24472848 0.66524094][0.09003057 0.24472848 0.66524094][0 0 1]" \
// RUN:   --expected_output="3x3xf32=[-2.407606 -1.407606 -0.40760598][-2.407606 -1.407606 -0.40760598][-2000 -1000 0]"
func.func @softmax(%x: tensor<3x3xf32>) -> (tensor<3x3xf32>, tensor<3x3xf32>) {
  %0 = nn.softmax %x : tensor<3x3xf32>
  %1 = nn.log_softmax %x : tensor<3x3xf32>
  return %0, %1 : tensor<3x3xf32>, tensor<3x3xf32>
}

// Along axis 0.
// RUN: nn-run --device=ref %s --function=softmax_axis0 \
// RUN:   --input="3x2xf32=[0 1][2 1][4 1]" \
// RUN:   --expected_output="3x2xf32=[0.01587624 0.33333334][0.11731043 0.33333334][0.86681336 0.33333334]" \
// RUN:   --expected_output="3x2xf32=[-4.1429315 -1.0986123][-2.1429317 -1.0986123][-0.14293163 -1.0986123]"
func.func @softmax_axis0(%x: tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %0 = nn.softmax %x {axis = 0 : i64} : tensor<3x2xf32>
  %1 = nn.log_softmax %x {axis = 0 : i64} : tensor<3x2xf32>
  return %0, %1 : tensor<3x2xf32>, tensor<3x2xf32>
}

