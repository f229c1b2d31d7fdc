// nn.compare, nn.select and nn.cast on the reference interpreter.
// Expected values computed with NumPy.

// All six directions. NaN: ordered comparisons are false, ne is true; -0 == 0.
// RUN: nn-run --device=ref %s --function=compare_f32 \
// RUN:   --input="6xf32=[1 2 3 nan nan -0]" \
// RUN:   --input="6xf32=[2 2 2 1 nan 0]" \
// RUN:   --expected_output="6xi1=[0 1 0 0 0 1]" \
// RUN:   --expected_output="6xi1=[1 0 1 1 1 0]" \
// RUN:   --expected_output="6xi1=[1 0 0 0 0 0]" \
// RUN:   --expected_output="6xi1=[1 1 0 0 0 1]" \
// RUN:   --expected_output="6xi1=[0 0 1 0 0 0]" \
// RUN:   --expected_output="6xi1=[0 1 1 0 0 1]"
func.func @compare_f32(%a: tensor<6xf32>, %b: tensor<6xf32>) -> (tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi1>) {
  %0 = nn.compare eq, %a, %b : tensor<6xf32>, tensor<6xf32>
  %1 = nn.compare ne, %a, %b : tensor<6xf32>, tensor<6xf32>
  %2 = nn.compare lt, %a, %b : tensor<6xf32>, tensor<6xf32>
  %3 = nn.compare le, %a, %b : tensor<6xf32>, tensor<6xf32>
  %4 = nn.compare gt, %a, %b : tensor<6xf32>, tensor<6xf32>
  %5 = nn.compare ge, %a, %b : tensor<6xf32>, tensor<6xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi1>
}

// Integer comparisons broadcast like arithmetic.
// RUN: nn-run --device=ref %s --function=compare_i32 \
// RUN:   --input="1x3xi32=[1 5 -3]" \
// RUN:   --input="2x1xi32=[5][1]" \
// RUN:   --expected_output="2x3xi1=[0 1 0][1 0 0]" \
// RUN:   --expected_output="2x3xi1=[1 0 1][0 1 1]" \
// RUN:   --expected_output="2x3xi1=[1 0 1][0 0 1]" \
// RUN:   --expected_output="2x3xi1=[1 1 1][1 0 1]" \
// RUN:   --expected_output="2x3xi1=[0 0 0][0 1 0]" \
// RUN:   --expected_output="2x3xi1=[0 1 0][1 1 0]"
func.func @compare_i32(%a: tensor<1x3xi32>, %b: tensor<2x1xi32>) -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>) {
  %0 = nn.compare eq, %a, %b : tensor<1x3xi32>, tensor<2x1xi32>
  %1 = nn.compare ne, %a, %b : tensor<1x3xi32>, tensor<2x1xi32>
  %2 = nn.compare lt, %a, %b : tensor<1x3xi32>, tensor<2x1xi32>
  %3 = nn.compare le, %a, %b : tensor<1x3xi32>, tensor<2x1xi32>
  %4 = nn.compare gt, %a, %b : tensor<1x3xi32>, tensor<2x1xi32>
  %5 = nn.compare ge, %a, %b : tensor<1x3xi32>, tensor<2x1xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>
}

// The generic form, against a scalar.
// RUN: nn-run --device=ref %s --function=compare_generic \
// RUN:   --input="3xf32=[1 2 3]" \
// RUN:   --input="f32=2" \
// RUN:   --expected_output="3xi1=[0 1 1]"
func.func @compare_generic(%a: tensor<3xf32>, %b: tensor<f32>) -> tensor<3xi1> {
  %0 = "nn.compare"(%a, %b) {direction = "ge"} : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// select broadcasts all three operands.
// RUN: nn-run --device=ref %s --function=select \
// RUN:   --input="2x1xi1=[1][0]" \
// RUN:   --input="3xf32=[1 2 3]" \
// RUN:   --input="f32=-1" \
// RUN:   --expected_output="2x3xf32=[1 2 3][-1 -1 -1]"
func.func @select(%c: tensor<2x1xi1>, %t: tensor<3xf32>, %f: tensor<f32>) -> tensor<2x3xf32> {
  %0 = nn.select %c, %t, %f : tensor<2x1xi1>, tensor<3xf32>, tensor<f32>
  return %0 : tensor<2x3xf32>
}

// RUN: nn-run --device=ref %s --function=select_i64 \
// RUN:   --input="4xi1=[1 0 1 0]" \
// RUN:   --input="2x4xi64=[10 20 30 40][50 60 70 80]" \
// RUN:   --input="2x1xi64=[-1][-2]" \
// RUN:   --expected_output="2x4xi64=[10 -1 30 -1][50 -2 70 -2]"
func.func @select_i64(%c: tensor<4xi1>, %t: tensor<2x4xi64>, %f: tensor<2x1xi64>) -> tensor<2x4xi64> {
  %0 = nn.select %c, %t, %f : tensor<4xi1>, tensor<2x4xi64>, tensor<2x1xi64>
  return %0 : tensor<2x4xi64>
}

// The value not chosen does not leak, not even a NaN.
// RUN: nn-run --device=ref %s --function=select_nan \
// RUN:   --input="2xi1=[1 0]" \
// RUN:   --input="2xf32=[nan nan]" \
// RUN:   --input="2xf32=[5 6]" \
// RUN:   --expected_output="2xf32=[nan 6]"
func.func @select_nan(%c: tensor<2xi1>, %t: tensor<2xf32>, %f: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.select %c, %t, %f : tensor<2xi1>, tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

// Float to integer truncates toward zero.
// RUN: nn-run --device=ref %s --function=cast_f32_i32 \
// RUN:   --input="6xf32=[1.9 -1.9 2.5 -0.5 0 100.99]" \
// RUN:   --expected_output="6xi32=[1 -1 2 0 0 100]"
func.func @cast_f32_i32(%a: tensor<6xf32>) -> tensor<6xi32> {
  %0 = nn.cast %a : tensor<6xf32> to tensor<6xi32>
  return %0 : tensor<6xi32>
}

// Out of range saturates and NaN becomes 0 (the reference's choice; LLVM leaves
// these undefined).
// RUN: nn-run --device=ref %s --function=cast_f32_i32_saturate \
// RUN:   --input="5xf32=3e9 -3e9 inf -inf nan" \
// RUN:   --expected_output="5xi32=2147483647 -2147483648 2147483647 -2147483648 0"
func.func @cast_f32_i32_saturate(%a: tensor<5xf32>) -> tensor<5xi32> {
  %0 = nn.cast %a : tensor<5xf32> to tensor<5xi32>
  return %0 : tensor<5xi32>
}

// RUN: nn-run --device=ref %s --function=cast_f32_i64 \
// RUN:   --input="3xf32=[-3000000000 3000000000 1.5]" \
// RUN:   --expected_output="3xi64=[-3000000000 3000000000 1]"
func.func @cast_f32_i64(%a: tensor<3xf32>) -> tensor<3xi64> {
  %0 = nn.cast %a : tensor<3xf32> to tensor<3xi64>
  return %0 : tensor<3xi64>
}

// Integer to float rounds to nearest even: 2^24 + 1 becomes 2^24.
// RUN: nn-run --device=ref %s --function=cast_i32_f32 \
// RUN:   --input="3xi32=[16777217 -7 2147483647]" \
// RUN:   --expected_output="3xf32=[16777216 -7 2147483600]" \
// RUN:   --expected_f32_threshold=0
func.func @cast_i32_f32(%a: tensor<3xi32>) -> tensor<3xf32> {
  %0 = nn.cast %a : tensor<3xi32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// f32 to f16 rounds to nearest even: ties 1 + 2^-11 and 1 + 3 * 2^-11 go to the
// even neighbour, 65520 overflows to inf, 1e-8 underflows to 0.
// RUN: nn-run --device=ref %s --function=cast_f32_f16 \
// RUN:   --input="7xf32=[1.0004883 1.0014648 0.1 65519 65520 1e-08 -2.5]" \
// RUN:   --expected_output="7xf16=[1 1.002 0.1 65500 inf 0 -2.5]" \
// RUN:   --expected_f32_threshold=0
func.func @cast_f32_f16(%a: tensor<7xf32>) -> tensor<7xf16> {
  %0 = nn.cast %a : tensor<7xf32> to tensor<7xf16>
  return %0 : tensor<7xf16>
}

// f64 to f32 rounds; out of range is inf.
// RUN: nn-run --device=ref %s --function=cast_f64_f32 \
// RUN:   --input="3xf64=[0.1 1e+300 3.4028235e+38]" \
// RUN:   --expected_output="3xf32=[0.1 inf 3.4028235e+38]" \
// RUN:   --expected_f32_threshold=0
func.func @cast_f64_f32(%a: tensor<3xf64>) -> tensor<3xf32> {
  %0 = nn.cast %a : tensor<3xf64> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// To i1: every non-zero value is true: -0.5 too (no truncation to 0), and NaN.
// RUN: nn-run --device=ref %s --function=cast_f32_i1 \
// RUN:   --input="6xf32=[0 2 -0.5 -0 inf nan]" \
// RUN:   --expected_output="6xi1=[0 1 1 0 1 1]"
func.func @cast_f32_i1(%a: tensor<6xf32>) -> tensor<6xi1> {
  %0 = nn.cast %a : tensor<6xf32> to tensor<6xi1>
  return %0 : tensor<6xi1>
}

// RUN: nn-run --device=ref %s --function=cast_i32_i1 \
// RUN:   --input="4xi32=[0 5 -1 256]" \
// RUN:   --expected_output="4xi1=[0 1 1 1]"
func.func @cast_i32_i1(%a: tensor<4xi32>) -> tensor<4xi1> {
  %0 = nn.cast %a : tensor<4xi32> to tensor<4xi1>
  return %0 : tensor<4xi1>
}

// From i1: true is 1.
// RUN: nn-run --device=ref %s --function=cast_i1 \
// RUN:   --input="3xi1=[1 0 1]" \
// RUN:   --expected_output="3xf32=[1 0 1]" \
// RUN:   --expected_output="3xi32=[1 0 1]"
func.func @cast_i1(%a: tensor<3xi1>) -> (tensor<3xf32>, tensor<3xi32>) {
  %0 = nn.cast %a : tensor<3xi1> to tensor<3xf32>
  %1 = nn.cast %a : tensor<3xi1> to tensor<3xi32>
  return %0, %1 : tensor<3xf32>, tensor<3xi32>
}

// i64 to i32 truncates; i32 to i64 sign-extends.
// RUN: nn-run --device=ref %s --function=cast_i64_i32 \
// RUN:   --input="3xi64=[4294967297 -1 2147483648]" \
// RUN:   --expected_output="3xi32=[1 -1 -2147483648]" \
// RUN:   --expected_output="3xi64=[1 -1 -2147483648]"
func.func @cast_i64_i32(%a: tensor<3xi64>) -> (tensor<3xi32>, tensor<3xi64>) {
  %0 = nn.cast %a : tensor<3xi64> to tensor<3xi32>
  %1 = nn.cast %0 : tensor<3xi32> to tensor<3xi64>
  return %0, %1 : tensor<3xi32>, tensor<3xi64>
}

// Large i64 to f32 rounds once: 2^60 + 2^36 + 1 becomes 2^60 + 2^37 (through f64 it
// would round twice, to 2^60).
// RUN: nn-run --device=ref %s --function=cast_i64_f32 \
// RUN:   --input="4xi64=[1152921573326323713 -1152921573326323713 9007199254740993 9223372036854775807]" \
// RUN:   --expected_output="4xf32=[1.1529216e+18 -1.1529216e+18 9007199000000000 9.223372e+18]" \
// RUN:   --expected_output="4xf64=[1.1529215733263237e+18 -1.1529215733263237e+18 9007199254740992 9.223372036854776e+18]" \
// RUN:   --expected_f32_threshold=0
func.func @cast_i64_f32(%a: tensor<4xi64>) -> (tensor<4xf32>, tensor<4xf64>) {
  %0 = nn.cast %a : tensor<4xi64> to tensor<4xf32>
  %1 = nn.cast %a : tensor<4xi64> to tensor<4xf64>
  return %0, %1 : tensor<4xf32>, tensor<4xf64>
}

// i32 to f16 rounds to nearest even and overflows to inf.
// RUN: nn-run --device=ref %s --function=cast_i32_f16 \
// RUN:   --input="4xi32=[2049 65519 65520 -70000]" \
// RUN:   --expected_output="4xf16=[2048 65500 inf -inf]" \
// RUN:   --expected_f32_threshold=0
func.func @cast_i32_f16(%a: tensor<4xi32>) -> tensor<4xf16> {
  %0 = nn.cast %a : tensor<4xi32> to tensor<4xf16>
  return %0 : tensor<4xf16>
}

