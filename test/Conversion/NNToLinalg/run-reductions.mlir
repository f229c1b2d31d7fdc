// End-to-end runs of the reduction lowerings (nn.reduce_*, nn.argmax,
// nn.softmax, nn.log_softmax) through nn-cpu-pipeline on mlir-runner, checked
// against the numbers of the reference interpreter (nn-run --device=ref),
// which the RUN lines at the end also check.
//
// RUN: nn-opt %s --nn-cpu-pipeline \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN:   | FileCheck %s
//
// The same functions on the reference interpreter:
// RUN: nn-run %s --device=ref --function=reduce_f32 \
// RUN:   --input="2x3x4xf32=[[-4.5 2.5 -0.5 -3.5][3.5 0.5 -2.5 4.5][1.5 -1.5 -4.5 2.5]][[-0.5 -3.5 3.5 0.5][-2.5 4.5 1.5 -1.5][-4.5 2.5 -0.5 -3.5]]" \
// RUN:   --expected_output="2x4xf32=[0.5 1.5 -7.5 3.5][-7.5 3.5 4.5 -4.5]" \
// RUN:   --expected_output="2x3x1xf32=[[-1.5][1.5][-0.5]][[0][0.5][-1.5]]" \
// RUN:   --expected_output="f32=4.5" --expected_output="3xf32=[-4.5 -2.5 -4.5]"
// RUN: nn-run %s --device=ref --function=reduce_nan --input="2x4xf32=[1 nan 3 -2][-inf 5 inf 2]" \
// RUN:   --expected_output="2xf32=[nan inf]" --expected_output="2xf32=[nan -inf]" \
// RUN:   --expected_output="2xf32=[nan nan]" --expected_output="1x4xf32=[1 nan inf 2]"
// RUN: nn-run %s --device=ref --function=reduce_empty --input="0x3xf32=" --input="0x3xi32=" \
// RUN:   --expected_output="3xf32=[0 0 0]" --expected_output="3xf32=[nan nan nan]" \
// RUN:   --expected_output="3xf32=[-inf -inf -inf]" --expected_output="1x1xf32=[inf]" \
// RUN:   --expected_output="3xi32=[0 0 0]" --expected_output="3xi32=[-2147483648 -2147483648 -2147483648]" \
// RUN:   --expected_output="3xi32=[2147483647 2147483647 2147483647]"
// RUN: nn-run %s --device=ref --function=reduce_int --input="2x3xi32=[2147483647 1 0][-2147483648 -1 5]" \
// RUN:   --input="3x2xi64=[9223372036854775807 1][-9223372036854775808 -1][4 -9]" \
// RUN:   --expected_output="2xi32=[-2147483648 -2147483644]" --expected_output="2xi32=[2147483647 5]" \
// RUN:   --expected_output="2x1xi32=[0][-2147483648]" \
// RUN:   --expected_output="3xi64=[-9223372036854775808 9223372036854775807 -5]" \
// RUN:   --expected_output="i64=-9223372036854775808"
// RUN: nn-run %s --device=ref --function=argmax_f32 \
// RUN:   --input="4x5xf32=[1 3 3 2 0][nan 1 nan 5 2][-inf -inf -inf -inf -inf][1 2 nan 9 nan]" \
// RUN:   --expected_output="4xi64=[1 0 0 2]" --expected_output="1x5xi64=[1 0 1 3 3]"
// RUN: nn-run %s --device=ref --function=argmax_int --input="2x3xi32=[7 -3 7][7 9 -1]" \
// RUN:   --expected_output="3xi64=[0 1 0]" --expected_output="2x1xi64=[0][1]"
// RUN: nn-run %s --device=ref --function=softmax_f32 --input="3x4xf32=[1 2 3 4][1000 1001 1002 1003][-inf 0 0 -inf]" \
// RUN:   --expected_output="3x4xf32=[0.0320586 0.0871443 0.236883 0.643914][0.0320586 0.0871443 0.236883 0.643914][0 0.5 0.5 0]" \
// RUN:   --expected_output="3x4xf32=[-3.44019 -2.44019 -1.44019 -0.44019][-3.44019 -2.44019 -1.44019 -0.44019][-inf -0.693147 -0.693147 -inf]" \
// RUN:   --expected_output="3x4xf32=[0 0 0 0][1 1 1 1][0 0 0 0]"
// RUN: nn-run %s --device=ref --function=half --input="2x3xf16=[1 2 3][0.5 -1 100]" --input="2x3xbf16=[1 2 4][0.5 -1 100]" \
// RUN:   --expected_output="2x3xf16=[0.09 0.2448 0.665][0 0 1]" \
// RUN:   --expected_output="2x3xf16=[-0.474 -0.04858 -97][-0.974 -3.049 0]" \
// RUN:   --expected_output="3xf16=[1.5 1 103]" --expected_output="2xbf16=[2.33 33.2]"

func.func @reduce_f32(%x: tensor<?x3x4xf32>) -> (tensor<?x4xf32>, tensor<?x3x1xf32>, tensor<f32>, tensor<3xf32>) {
  %0 = nn.reduce_sum %x {axes = array<i64: 1>} : tensor<?x3x4xf32>
  %1 = nn.reduce_mean %x {axes = array<i64: -1>, keep_dims = true} : tensor<?x3x4xf32>
  %2 = nn.reduce_max %x : tensor<?x3x4xf32>
  %3 = nn.reduce_min %x {axes = array<i64: 2, 0>} : tensor<?x3x4xf32>
  return %0, %1, %2, %3 : tensor<?x4xf32>, tensor<?x3x1xf32>, tensor<f32>, tensor<3xf32>
}

func.func @reduce_nan(%x: tensor<2x4xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<1x4xf32>) {
  %0 = nn.reduce_max %x {axes = array<i64: 1>} : tensor<2x4xf32>
  %1 = nn.reduce_min %x {axes = array<i64: 1>} : tensor<2x4xf32>
  %2 = nn.reduce_sum %x {axes = array<i64: 1>} : tensor<2x4xf32>
  %3 = nn.reduce_max %x {axes = array<i64: 0>, keep_dims = true} : tensor<2x4xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<1x4xf32>
}

func.func @reduce_empty(%x: tensor<?x3xf32>, %i: tensor<?x3xi32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x1xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
  %0 = nn.reduce_sum %x {axes = array<i64: 0>} : tensor<?x3xf32>
  %1 = nn.reduce_mean %x {axes = array<i64: 0>} : tensor<?x3xf32>
  %2 = nn.reduce_max %x {axes = array<i64: 0>} : tensor<?x3xf32>
  %3 = nn.reduce_min %x {keep_dims = true} : tensor<?x3xf32>
  %4 = nn.reduce_sum %i {axes = array<i64: 0>} : tensor<?x3xi32>
  %5 = nn.reduce_max %i {axes = array<i64: 0>} : tensor<?x3xi32>
  %6 = nn.reduce_min %i {axes = array<i64: 0>} : tensor<?x3xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x1xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>
}

func.func @reduce_int(%x: tensor<2x3xi32>, %y: tensor<?x2xi64>) -> (tensor<2xi32>, tensor<2xi32>, tensor<2x1xi32>, tensor<?xi64>, tensor<i64>) {
  %0 = nn.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3xi32>
  %1 = nn.reduce_max %x {axes = array<i64: 1>} : tensor<2x3xi32>
  %2 = nn.reduce_min %x {axes = array<i64: -1>, keep_dims = true} : tensor<2x3xi32>
  %3 = nn.reduce_sum %y {axes = array<i64: 1>} : tensor<?x2xi64>
  %4 = nn.reduce_min %y : tensor<?x2xi64>
  return %0, %1, %2, %3, %4 : tensor<2xi32>, tensor<2xi32>, tensor<2x1xi32>, tensor<?xi64>, tensor<i64>
}

func.func @argmax_f32(%x: tensor<?x5xf32>) -> (tensor<?xi64>, tensor<1x5xi64>) {
  %0 = nn.argmax %x {axis = 1 : i64} : tensor<?x5xf32>
  %1 = nn.argmax %x {axis = 0 : i64, keep_dims = true} : tensor<?x5xf32>
  return %0, %1 : tensor<?xi64>, tensor<1x5xi64>
}

func.func @argmax_int(%x: tensor<2x3xi32>) -> (tensor<3xi64>, tensor<2x1xi64>) {
  %0 = nn.argmax %x {axis = 0 : i64} : tensor<2x3xi32>
  %1 = nn.argmax %x {axis = -1 : i64, keep_dims = true} : tensor<2x3xi32>
  return %0, %1 : tensor<3xi64>, tensor<2x1xi64>
}

func.func @softmax_f32(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  %0 = nn.softmax %x : tensor<?x4xf32>
  %1 = nn.log_softmax %x {axis = 1 : i64} : tensor<?x4xf32>
  %2 = nn.softmax %x {axis = 0 : i64} : tensor<?x4xf32>
  return %0, %1, %2 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}

func.func @half(%x: tensor<2x3xf16>, %y: tensor<2x3xbf16>) -> (tensor<2x3xf16>, tensor<2x3xf16>, tensor<3xf16>, tensor<2xbf16>) {
  %0 = nn.softmax %x : tensor<2x3xf16>
  %1 = nn.log_softmax %x {axis = 0 : i64} : tensor<2x3xf16>
  %2 = nn.reduce_sum %x {axes = array<i64: 0>} : tensor<2x3xf16>
  %3 = nn.reduce_mean %y {axes = array<i64: 1>} : tensor<2x3xbf16>
  return %0, %1, %2, %3 : tensor<2x3xf16>, tensor<2x3xf16>, tensor<3xf16>, tensor<2xbf16>
}

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefI64(tensor<*xi64>)
func.func private @printMemrefF16(tensor<*xf16>) attributes {llvm.emit_c_interface}
func.func private @printMemrefBF16(tensor<*xbf16>) attributes {llvm.emit_c_interface}

func.func @main() {
  %x = arith.constant dense<[[[-4.5, 2.5, -0.5, -3.5], [3.5, 0.5, -2.5, 4.5], [1.5, -1.5, -4.5, 2.5]], [[-0.5, -3.5, 3.5, 0.5], [-2.5, 4.5, 1.5, -1.5], [-4.5, 2.5, -0.5, -3.5]]]> : tensor<2x3x4xf32>
  %xd = tensor.cast %x : tensor<2x3x4xf32> to tensor<?x3x4xf32>
  %r0:4 = func.call @reduce_f32(%xd) : (tensor<?x3x4xf32>) -> (tensor<?x4xf32>, tensor<?x3x1xf32>, tensor<f32>, tensor<3xf32>)
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: [0.5, 1.5, -7.5, 3.5]
  // CHECK-NEXT: [-7.5, 3.5, 4.5, -4.5]
  %p00 = tensor.cast %r0#0 : tensor<?x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p00) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 3, 1]
  // CHECK-NEXT: [-1.5]
  // CHECK-NEXT: [1.5]
  // CHECK-NEXT: [-0.5]
  // CHECK-NEXT: [0]
  // CHECK-NEXT: [0.5]
  // CHECK-NEXT: [-1.5]
  %p01 = tensor.cast %r0#1 : tensor<?x3x1xf32> to tensor<*xf32>
  call @printMemrefF32(%p01) : (tensor<*xf32>) -> ()
  // CHECK: rank = 0
  // CHECK-NEXT: [4.5]
  %p02 = tensor.cast %r0#2 : tensor<f32> to tensor<*xf32>
  call @printMemrefF32(%p02) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-4.5, -2.5, -4.5]
  %p03 = tensor.cast %r0#3 : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%p03) : (tensor<*xf32>) -> ()

  %n = arith.constant dense<[[1.0, 0x7FC00000, 3.0, -2.0], [0xFF800000, 5.0, 0x7F800000, 2.0]]> : tensor<2x4xf32>
  %r1:4 = func.call @reduce_nan(%n) : (tensor<2x4xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<1x4xf32>)
  // CHECK: sizes = [2]
  // CHECK-NEXT: [{{-?}}nan, inf]
  %p10 = tensor.cast %r1#0 : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%p10) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [{{-?}}nan, -inf]
  %p11 = tensor.cast %r1#1 : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%p11) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [{{-?}}nan, {{-?}}nan]
  %p12 = tensor.cast %r1#2 : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%p12) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [1, 4]
  // CHECK-NEXT: [1, {{-?}}nan, inf, 2]
  %p13 = tensor.cast %r1#3 : tensor<1x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p13) : (tensor<*xf32>) -> ()

  %e = tensor.empty() : tensor<0x3xf32>
  %ed = tensor.cast %e : tensor<0x3xf32> to tensor<?x3xf32>
  %ei = tensor.empty() : tensor<0x3xi32>
  %eid = tensor.cast %ei : tensor<0x3xi32> to tensor<?x3xi32>
  %r2:7 = func.call @reduce_empty(%ed, %eid) : (tensor<?x3xf32>, tensor<?x3xi32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x1xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>)
  // CHECK: sizes = [3]
  // CHECK-NEXT: [0, 0, 0]
  %p20 = tensor.cast %r2#0 : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%p20) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [{{-?}}nan, {{-?}}nan, {{-?}}nan]
  %p21 = tensor.cast %r2#1 : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%p21) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-inf, -inf, -inf]
  %p22 = tensor.cast %r2#2 : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%p22) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [1, 1]
  // CHECK-NEXT: [inf]
  %p23 = tensor.cast %r2#3 : tensor<1x1xf32> to tensor<*xf32>
  call @printMemrefF32(%p23) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [0, 0, 0]
  %p24 = tensor.cast %r2#4 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%p24) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-2147483648, -2147483648, -2147483648]
  %p25 = tensor.cast %r2#5 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%p25) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [2147483647, 2147483647, 2147483647]
  %p26 = tensor.cast %r2#6 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%p26) : (tensor<*xi32>) -> ()

  %i = arith.constant dense<[[2147483647, 1, 0], [-2147483648, -1, 5]]> : tensor<2x3xi32>
  %l = arith.constant dense<[[9223372036854775807, 1], [-9223372036854775808, -1], [4, -9]]> : tensor<3x2xi64>
  %ld = tensor.cast %l : tensor<3x2xi64> to tensor<?x2xi64>
  %r3:5 = func.call @reduce_int(%i, %ld) : (tensor<2x3xi32>, tensor<?x2xi64>) -> (tensor<2xi32>, tensor<2xi32>, tensor<2x1xi32>, tensor<?xi64>, tensor<i64>)
  // CHECK: sizes = [2]
  // CHECK-NEXT: [-2147483648, -2147483644]
  %p30 = tensor.cast %r3#0 : tensor<2xi32> to tensor<*xi32>
  call @printMemrefI32(%p30) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [2147483647, 5]
  %p31 = tensor.cast %r3#1 : tensor<2xi32> to tensor<*xi32>
  call @printMemrefI32(%p31) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [2, 1]
  // CHECK-NEXT: [0]
  // CHECK-NEXT: [-2147483648]
  %p32 = tensor.cast %r3#2 : tensor<2x1xi32> to tensor<*xi32>
  call @printMemrefI32(%p32) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-9223372036854775808, 9223372036854775807, -5]
  %p33 = tensor.cast %r3#3 : tensor<?xi64> to tensor<*xi64>
  call @printMemrefI64(%p33) : (tensor<*xi64>) -> ()
  // CHECK: rank = 0
  // CHECK-NEXT: [-9223372036854775808]
  %p34 = tensor.cast %r3#4 : tensor<i64> to tensor<*xi64>
  call @printMemrefI64(%p34) : (tensor<*xi64>) -> ()

  %a = arith.constant dense<[[1.0, 3.0, 3.0, 2.0, 0.0], [0x7FC00000, 1.0, 0x7FC00000, 5.0, 2.0], [0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000], [1.0, 2.0, 0x7FC00000, 9.0, 0x7FC00000]]> : tensor<4x5xf32>
  %ad = tensor.cast %a : tensor<4x5xf32> to tensor<?x5xf32>
  %r4:2 = func.call @argmax_f32(%ad) : (tensor<?x5xf32>) -> (tensor<?xi64>, tensor<1x5xi64>)
  // CHECK: sizes = [4]
  // CHECK-NEXT: [1, 0, 0, 2]
  %p40 = tensor.cast %r4#0 : tensor<?xi64> to tensor<*xi64>
  call @printMemrefI64(%p40) : (tensor<*xi64>) -> ()
  // CHECK: sizes = [1, 5]
  // CHECK-NEXT: [1, 0, 1, 3, 3]
  %p41 = tensor.cast %r4#1 : tensor<1x5xi64> to tensor<*xi64>
  call @printMemrefI64(%p41) : (tensor<*xi64>) -> ()

  %ai = arith.constant dense<[[7, -3, 7], [7, 9, -1]]> : tensor<2x3xi32>
  %r5:2 = func.call @argmax_int(%ai) : (tensor<2x3xi32>) -> (tensor<3xi64>, tensor<2x1xi64>)
  // CHECK: sizes = [3]
  // CHECK-NEXT: [0, 1, 0]
  %p50 = tensor.cast %r5#0 : tensor<3xi64> to tensor<*xi64>
  call @printMemrefI64(%p50) : (tensor<*xi64>) -> ()
  // CHECK: sizes = [2, 1]
  // CHECK-NEXT: [0]
  // CHECK-NEXT: [1]
  %p51 = tensor.cast %r5#1 : tensor<2x1xi64> to tensor<*xi64>
  call @printMemrefI64(%p51) : (tensor<*xi64>) -> ()

  %s = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [1000.0, 1001.0, 1002.0, 1003.0], [0xFF800000, 0.0, 0.0, 0xFF800000]]> : tensor<3x4xf32>
  %sd = tensor.cast %s : tensor<3x4xf32> to tensor<?x4xf32>
  %r6:3 = func.call @softmax_f32(%sd) : (tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>)
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: [0.0320586, 0.0871443, 0.236883, 0.643914]
  // CHECK-NEXT: [0.0320586, 0.0871443, 0.236883, 0.643914]
  // CHECK-NEXT: [0, 0.5, 0.5, 0]
  %p60 = tensor.cast %r6#0 : tensor<?x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p60) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: [-3.44019, -2.44019, -1.44019, -0.44019]
  // CHECK-NEXT: [-3.44019, -2.44019, -1.44019, -0.44019]
  // CHECK-NEXT: [-inf, -0.693147, -0.693147, -inf]
  %p61 = tensor.cast %r6#1 : tensor<?x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p61) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: [0, 0, 0, 0]
  // CHECK-NEXT: [1, 1, 1, 1]
  // CHECK-NEXT: [0, 0, 0, 0]
  %p62 = tensor.cast %r6#2 : tensor<?x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p62) : (tensor<*xf32>) -> ()

  %h = arith.constant dense<[[1.0, 2.0, 3.0], [0.5, -1.0, 100.0]]> : tensor<2x3xf16>
  %hb = arith.constant dense<[[1.0, 2.0, 4.0], [0.5, -1.0, 100.0]]> : tensor<2x3xbf16>
  %r7:4 = func.call @half(%h, %hb) : (tensor<2x3xf16>, tensor<2x3xbf16>) -> (tensor<2x3xf16>, tensor<2x3xf16>, tensor<3xf16>, tensor<2xbf16>)
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: [0.0900269, 0.244751, 0.665039]
  // CHECK-NEXT: [0, 0, 1]
  %p70 = tensor.cast %r7#0 : tensor<2x3xf16> to tensor<*xf16>
  call @printMemrefF16(%p70) : (tensor<*xf16>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: [-0.474121, -0.048584, -97]
  // CHECK-NEXT: [-0.974121, -3.04883, 0]
  %p71 = tensor.cast %r7#1 : tensor<2x3xf16> to tensor<*xf16>
  call @printMemrefF16(%p71) : (tensor<*xf16>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [1.5, 1, 103]
  %p72 = tensor.cast %r7#2 : tensor<3xf16> to tensor<*xf16>
  call @printMemrefF16(%p72) : (tensor<*xf16>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [2.32812, 33.25]
  %p73 = tensor.cast %r7#3 : tensor<2xbf16> to tensor<*xbf16>
  call @printMemrefBF16(%p73) : (tensor<*xbf16>) -> ()
  return
}
