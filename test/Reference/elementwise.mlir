// Elementwise arithmetic on the reference interpreter: broadcasting, NaN,
// integer semantics. Expected values computed with NumPy.

// Broadcasting a vector along the rows.
// RUN: nn-run --device=ref %s --function=add \
// RUN:   --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --input="3xf32=[10 20 30]" \
// RUN:   --expected_output="2x3xf32=[11 22 33][14 25 36]"
func.func @add(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %a, %b : tensor<2x3xf32>, tensor<3xf32>
  return %0 : tensor<2x3xf32>
}

// Both operands stretch: 2x1 and 3 give 2x3.
// RUN: nn-run --device=ref %s --function=sub \
// RUN:   --input="2x1xf32=[1][2]" \
// RUN:   --input="3xf32=[10 20 30]" \
// RUN:   --expected_output="2x3xf32=[-9 -19 -29][-8 -18 -28]"
func.func @sub(%a: tensor<2x1xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nn.sub %a, %b : tensor<2x1xf32>, tensor<3xf32>
  return %0 : tensor<2x3xf32>
}

// A scalar broadcasts to everything.
// RUN: nn-run --device=ref %s --function=mul \
// RUN:   --input="f32=0.5" \
// RUN:   --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --expected_output="2x3xf32=[0.5 1 1.5][2 2.5 3]"
func.func @mul(%a: tensor<f32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.mul %a, %b : tensor<f32>, tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// IEEE float division: x/0 and x/-0 are infinite, 0/0 is NaN.
// RUN: nn-run --device=ref %s --function=div \
// RUN:   --input="5xf32=[1 -1 0 1 7]" \
// RUN:   --input="5xf32=[4 0 0 -0 2]" \
// RUN:   --expected_output="5xf32=[0.25 -inf nan -inf 3.5]"
func.func @div(%a: tensor<5xf32>, %b: tensor<5xf32>) -> tensor<5xf32> {
  %0 = nn.div %a, %b : tensor<5xf32>, tensor<5xf32>
  return %0 : tensor<5xf32>
}

// Integer division truncates toward zero; INT_MIN / -1 wraps.
// RUN: nn-run --device=ref %s --function=div_i32 \
// RUN:   --input="7xi32=[7 -7 7 -7 6 0 -2147483648]" \
// RUN:   --input="7xi32=[2 2 -2 -2 3 5 -1]" \
// RUN:   --expected_output="7xi32=[3 -3 -3 3 2 0 -2147483648]"
func.func @div_i32(%a: tensor<7xi32>, %b: tensor<7xi32>) -> tensor<7xi32> {
  %0 = nn.div %a, %b : tensor<7xi32>, tensor<7xi32>
  return %0 : tensor<7xi32>
}

// RUN: nn-run --device=ref %s --function=div_i64 \
// RUN:   --input="2x1xi64=[9][-9]" \
// RUN:   --input="2xi64=[4 -4]" \
// RUN:   --expected_output="2x2xi64=[2 -2][-2 2]"
func.func @div_i64(%a: tensor<2x1xi64>, %b: tensor<2xi64>) -> tensor<2x2xi64> {
  %0 = nn.div %a, %b : tensor<2x1xi64>, tensor<2xi64>
  return %0 : tensor<2x2xi64>
}

// i32 arithmetic wraps around.
// RUN: nn-run --device=ref %s --function=int_wrap \
// RUN:   --input="3xi32=[2147483647 -2147483648 100000]" \
// RUN:   --input="3xi32=[1 -1 100000]" \
// RUN:   --expected_output="3xi32=[-2147483648 2147483647 200000]" \
// RUN:   --expected_output="3xi32=[2147483646 -2147483647 0]" \
// RUN:   --expected_output="3xi32=[2147483647 -2147483648 1410065408]"
func.func @int_wrap(%a: tensor<3xi32>, %b: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
  %0 = nn.add %a, %b : tensor<3xi32>, tensor<3xi32>
  %1 = nn.sub %a, %b : tensor<3xi32>, tensor<3xi32>
  %2 = nn.mul %a, %b : tensor<3xi32>, tensor<3xi32>
  return %0, %1, %2 : tensor<3xi32>, tensor<3xi32>, tensor<3xi32>
}

// RUN: nn-run --device=ref %s --function=pow \
// RUN:   --input="5xf32=[2 2 4 9 0]" \
// RUN:   --input="2x1xf32=[3][0.5]" \
// RUN:   --expected_output="2x5xf32=[8 8 64 729 0][1.4142135 1.4142135 2 3 0]"
func.func @pow(%a: tensor<5xf32>, %b: tensor<2x1xf32>) -> tensor<2x5xf32> {
  %0 = nn.pow %a, %b : tensor<5xf32>, tensor<2x1xf32>
  return %0 : tensor<2x5xf32>
}

// maximum and minimum propagate NaN from either side.
// RUN: nn-run --device=ref %s --function=maximum \
// RUN:   --input="6xf32=[1 5 nan 2 -0.5 nan]" \
// RUN:   --input="6xf32=[3 4 1 nan -1 nan]" \
// RUN:   --expected_output="6xf32=[3 5 nan nan -0.5 nan]" \
// RUN:   --expected_output="6xf32=[1 4 nan nan -1 nan]"
func.func @maximum(%a: tensor<6xf32>, %b: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %0 = nn.maximum %a, %b : tensor<6xf32>, tensor<6xf32>
  %1 = nn.minimum %a, %b : tensor<6xf32>, tensor<6xf32>
  return %0, %1 : tensor<6xf32>, tensor<6xf32>
}

// RUN: nn-run --device=ref %s --function=maximum_i64 \
// RUN:   --input="1x3xi64=[1 -5 7]" \
// RUN:   --input="2x1xi64=[0][6]" \
// RUN:   --expected_output="2x3xi64=[1 0 7][6 6 7]" \
// RUN:   --expected_output="2x3xi64=[0 -5 0][1 -5 6]"
func.func @maximum_i64(%a: tensor<1x3xi64>, %b: tensor<2x1xi64>) -> (tensor<2x3xi64>, tensor<2x3xi64>) {
  %0 = nn.maximum %a, %b : tensor<1x3xi64>, tensor<2x1xi64>
  %1 = nn.minimum %a, %b : tensor<1x3xi64>, tensor<2x1xi64>
  return %0, %1 : tensor<2x3xi64>, tensor<2x3xi64>
}

// f64 keeps its precision: 0.1 + 0.2 is 0.30000000000000004.
// RUN: nn-run --device=ref %s --function=add_f64 \
// RUN:   --input="2xf64=[0.1 1e+300]" \
// RUN:   --input="2xf64=[0.2 10000000000]" \
// RUN:   --expected_output="2xf64=[0.30000000000000004 1e+300]" \
// RUN:   --expected_f32_threshold=0
func.func @add_f64(%a: tensor<2xf64>, %b: tensor<2xf64>) -> tensor<2xf64> {
  %0 = nn.add %a, %b : tensor<2xf64>, tensor<2xf64>
  return %0 : tensor<2xf64>
}

// f16 rounds every result to f16 (and overflows to inf).
// RUN: nn-run --device=ref %s --function=add_f16 \
// RUN:   --input="3xf16=[1 0.1 60000]" \
// RUN:   --input="3xf16=[0.000977 0.2 10000]" \
// RUN:   --expected_output="3xf16=[1.001 0.2998 inf]" \
// RUN:   --expected_f32_threshold=0
func.func @add_f16(%a: tensor<3xf16>, %b: tensor<3xf16>) -> tensor<3xf16> {
  %0 = nn.add %a, %b : tensor<3xf16>, tensor<3xf16>
  return %0 : tensor<3xf16>
}

// RUN: nn-run --device=ref %s --function=neg \
// RUN:   --input="6xf32=[-2 -0.5 0 0.5 2 nan]" \
// RUN:   --expected_output="6xf32=[2 0.5 -0 -0.5 -2 nan]"
func.func @neg(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.neg %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// RUN: nn-run --device=ref %s --function=abs \
// RUN:   --input="6xf32=[-2 -0.5 0 0.5 2 nan]" \
// RUN:   --expected_output="6xf32=[2 0.5 0 0.5 2 nan]"
func.func @abs(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.abs %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// exp overflows to inf past f32 range.
// RUN: nn-run --device=ref %s --function=exp \
// RUN:   --input="6xf32=[-1 0 1 88 89 nan]" \
// RUN:   --expected_output="6xf32=[0.36787945 1 2.7182817 1.6516363e+38 inf nan]"
func.func @exp(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.exp %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// log of a negative is NaN, of zero -inf.
// RUN: nn-run --device=ref %s --function=log \
// RUN:   --input="6xf32=[-1 0 1 2.7182817 10 nan]" \
// RUN:   --expected_output="6xf32=[nan -inf 0 0.99999994 2.3025851 nan]"
func.func @log(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.log %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// RUN: nn-run --device=ref %s --function=sqrt \
// RUN:   --input="6xf32=[-1 0 1 2 16 nan]" \
// RUN:   --expected_output="6xf32=[nan 0 1 1.4142135 4 nan]"
func.func @sqrt(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.sqrt %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// RUN: nn-run --device=ref %s --function=rsqrt \
// RUN:   --input="6xf32=[-1 0 1 4 0.25 nan]" \
// RUN:   --expected_output="6xf32=[nan inf 1 0.5 2 nan]"
func.func @rsqrt(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.rsqrt %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// RUN: nn-run --device=ref %s --function=tanh \
// RUN:   --input="6xf32=[-20 -1 0 0.5 20 nan]" \
// RUN:   --expected_output="6xf32=[-1 -0.7615942 0 0.46211717 1 nan]"
func.func @tanh(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.tanh %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// RUN: nn-run --device=ref %s --function=sigmoid \
// RUN:   --input="6xf32=[-100 -1 0 1 100 nan]" \
// RUN:   --expected_output="6xf32=[3.8e-44 0.26894143 0.5 0.7310586 1 nan]"
func.func @sigmoid(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.sigmoid %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// relu and sign keep NaN.
// RUN: nn-run --device=ref %s --function=relu \
// RUN:   --input="6xf32=[-2 -0.5 0 0.5 2 nan]" \
// RUN:   --expected_output="6xf32=[0 0 0 0.5 2 nan]"
func.func @relu(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.relu %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// RUN: nn-run --device=ref %s --function=sign \
// RUN:   --input="6xf32=[-3 -0 0 0.1 5 nan]" \
// RUN:   --expected_output="6xf32=[-1 0 0 1 1 nan]"
func.func @sign(%a: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.sign %a : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// Integer neg, abs, relu and sign; -INT_MIN wraps to INT_MIN.
// RUN: nn-run --device=ref %s --function=unary_i32 \
// RUN:   --input="4xi32=[-3 0 4 -2147483648]" \
// RUN:   --expected_output="4xi32=[3 0 -4 -2147483648]" \
// RUN:   --expected_output="4xi32=[3 0 4 -2147483648]" \
// RUN:   --expected_output="4xi32=[0 0 4 0]" \
// RUN:   --expected_output="4xi32=[-1 0 1 -1]"
func.func @unary_i32(%a: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = nn.neg %a : tensor<4xi32>
  %1 = nn.abs %a : tensor<4xi32>
  %2 = nn.relu %a : tensor<4xi32>
  %3 = nn.sign %a : tensor<4xi32>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

