// End-to-end runs of the shape lowerings (nn.reshape, nn.transpose,
// nn.concat, nn.slice, nn.pad) through nn-cpu-pipeline on mlir-runner,
// checked against the numbers of the reference interpreter (nn-run
// --device=ref), which the RUN lines at the end also check.
//
// RUN: nn-opt %s --nn-cpu-pipeline \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN:   | FileCheck %s
//
// The same functions on the reference interpreter:
// RUN: nn-run %s --device=ref --function=reshape \
// RUN:   --input="2x2x3xf32=[[1 2 3][4 5 6]][[7 8 9][10 11 12]]" --input="2x6xf32=[1 2 3 4 5 6][7 8 9 10 11 12]" \
// RUN:   --input="2x3xi32=[1 2 3][4 5 6]" --input="f32=3.5" \
// RUN:   --expected_output="2x6xf32=[1 2 3 4 5 6][7 8 9 10 11 12]" \
// RUN:   --expected_output="3x4xf32=[1 2 3 4][5 6 7 8][9 10 11 12]" \
// RUN:   --expected_output="12xf32=[1 2 3 4 5 6 7 8 9 10 11 12]" \
// RUN:   --expected_output="2x2x3xf32=[[1 2 3][4 5 6]][[7 8 9][10 11 12]]" \
// RUN:   --expected_output="3x2xi32=[1 2][3 4][5 6]" --expected_output="1x1xf32=[3.5]"
// RUN: nn-run %s --device=ref --function=transpose \
// RUN:   --input="2x2x3xf32=[[1 2 3][4 5 6]][[7 8 9][10 11 12]]" --input="2x3xi64=[1 2 3][4 5 6]" \
// RUN:   --expected_output="3x2x2xf32=[[1 4][7 10]][[2 5][8 11]][[3 6][9 12]]" \
// RUN:   --expected_output="3x2xi64=[1 4][2 5][3 6]"
// RUN: nn-run %s --device=ref --function=concat --input="2x2xf32=[1 2][3 4]" --input="2x3xf32=[5 6 7][8 9 10]" \
// RUN:   --input="1x2xf32=[-1 -2]" --input="2x0xi32=" --input="2x3xi32=[1 2 3][4 5 6]" --input="2x1xi32=[7][8]" \
// RUN:   --expected_output="2x5xf32=[1 2 5 6 7][3 4 8 9 10]" \
// RUN:   --expected_output="5x2xf32=[1 2][3 4][-1 -2][1 2][3 4]" \
// RUN:   --expected_output="2x4xi32=[1 2 3 7][4 5 6 8]"
// RUN: nn-run %s --device=ref --function=slice \
// RUN:   --input="4x5xi32=[0 1 2 3 4][5 6 7 8 9][10 11 12 13 14][15 16 17 18 19]" \
// RUN:   --input="3x5xf32=[0 1 2 3 4][5 6 7 8 9][10 11 12 13 14]" \
// RUN:   --expected_output="2x2xi32=[5 8][15 18]" --expected_output="2x3xf32=[1 2 3][6 7 8]" \
// RUN:   --expected_output="0x5xi32="
// RUN: nn-run %s --device=ref --function=pad --input="2x3xf32=[1 2 3][4 5 6]" --input="2x2xi32=[1 2][3 4]" \
// RUN:   --input="2xi1=[0 1]" --input="0x2xf32=" \
// RUN:   --expected_output="4x7xf32=[1.5 1.5 1.5 1.5 1.5 1.5 1.5][1 1.5 2 1.5 3 1.5 1.5][1.5 1.5 1.5 1.5 1.5 1.5 1.5][4 1.5 5 1.5 6 1.5 1.5]" \
// RUN:   --expected_output="4x3xi32=[-7 -7 -7][1 2 -7][3 4 -7][-7 -7 -7]" \
// RUN:   --expected_output="2x4xi32=[2147483647 1 2 2147483647][2147483647 3 4 2147483647]" \
// RUN:   --expected_output="2x3xi32=[1 0 2][3 0 4]" --expected_output="4xi1=[1 0 1 1]" \
// RUN:   --expected_output="2x2xf32=[-1 -1][-1 -1]"

func.func @reshape(%x: tensor<?x2x3xf32>, %y: tensor<?x6xf32>, %z: tensor<2x3xi32>, %s: tensor<f32>) -> (tensor<?x6xf32>, tensor<3x?xf32>, tensor<?xf32>, tensor<?x2x3xf32>, tensor<3x2xi32>, tensor<1x1xf32>) {
  %0 = nn.reshape %x : tensor<?x2x3xf32> to tensor<?x6xf32>
  %1 = nn.reshape %x : tensor<?x2x3xf32> to tensor<3x?xf32>
  %2 = nn.reshape %x : tensor<?x2x3xf32> to tensor<?xf32>
  %3 = nn.reshape %y : tensor<?x6xf32> to tensor<?x2x3xf32>
  %4 = nn.reshape %z : tensor<2x3xi32> to tensor<3x2xi32>
  %5 = nn.reshape %s : tensor<f32> to tensor<1x1xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x6xf32>, tensor<3x?xf32>, tensor<?xf32>, tensor<?x2x3xf32>, tensor<3x2xi32>, tensor<1x1xf32>
}

func.func @transpose(%x: tensor<?x2x3xf32>, %y: tensor<2x3xi64>) -> (tensor<3x?x2xf32>, tensor<3x2xi64>) {
  %0 = nn.transpose %x, [2, 0, 1] : tensor<?x2x3xf32>
  %1 = nn.transpose %y, [1, 0] : tensor<2x3xi64>
  return %0, %1 : tensor<3x?x2xf32>, tensor<3x2xi64>
}

func.func @concat(%a: tensor<?x2xf32>, %b: tensor<?x3xf32>, %c: tensor<1x2xf32>, %e: tensor<2x0xi32>, %f: tensor<2x3xi32>, %g: tensor<2x1xi32>) -> (tensor<?x5xf32>, tensor<?x2xf32>, tensor<2x4xi32>) {
  %0 = nn.concat %a, %b {axis = 1 : i64} : tensor<?x2xf32>, tensor<?x3xf32>
  %1 = nn.concat %a, %c, %a {axis = 0 : i64} : tensor<?x2xf32>, tensor<1x2xf32>, tensor<?x2xf32>
  %2 = nn.concat %e, %f, %g {axis = -1 : i64} : tensor<2x0xi32>, tensor<2x3xi32>, tensor<2x1xi32>
  return %0, %1, %2 : tensor<?x5xf32>, tensor<?x2xf32>, tensor<2x4xi32>
}

func.func @slice(%x: tensor<4x5xi32>, %y: tensor<?x5xf32>) -> (tensor<2x2xi32>, tensor<2x3xf32>, tensor<0x5xi32>) {
  %0 = nn.slice %x {start = array<i64: 1, 0>, limit = array<i64: 4, 5>, strides = array<i64: 2, 3>} : tensor<4x5xi32>
  %1 = nn.slice %y {start = array<i64: 0, 1>, limit = array<i64: 2, 4>} : tensor<?x5xf32>
  %2 = nn.slice %x {start = array<i64: 2, 0>, limit = array<i64: 2, 5>} : tensor<4x5xi32>
  return %0, %1, %2 : tensor<2x2xi32>, tensor<2x3xf32>, tensor<0x5xi32>
}

func.func @pad(%x: tensor<?x3xf32>, %i: tensor<2x2xi32>, %b: tensor<2xi1>, %e: tensor<?x2xf32>) -> (tensor<?x7xf32>, tensor<4x3xi32>, tensor<2x4xi32>, tensor<2x3xi32>, tensor<4xi1>, tensor<?x2xf32>) {
  %0 = nn.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 2>, interior = array<i64: 1, 1>, value = 1.5} : tensor<?x3xf32>
  %1 = nn.pad %i {low = array<i64: 1, 0>, high = array<i64: 1, 1>, value = -7.9} : tensor<2x2xi32>
  %2 = nn.pad %i {low = array<i64: 0, 1>, high = array<i64: 0, 1>, value = 1.0e10} : tensor<2x2xi32>
  %3 = nn.pad %i {low = array<i64: 0, 0>, high = array<i64: 0, 0>, interior = array<i64: 0, 1>, value = 0x7FF8000000000000 : f64} : tensor<2x2xi32>
  %4 = nn.pad %b {low = array<i64: 1>, high = array<i64: 1>, value = 0.5} : tensor<2xi1>
  %5 = nn.pad %e {low = array<i64: 1, 0>, high = array<i64: 1, 0>, interior = array<i64: 2, 0>, value = -1.0} : tensor<?x2xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x7xf32>, tensor<4x3xi32>, tensor<2x4xi32>, tensor<2x3xi32>, tensor<4xi1>, tensor<?x2xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefI64(tensor<*xi64>)

func.func @main() {
  %x = arith.constant dense<[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]]> : tensor<2x2x3xf32>
  %xd = tensor.cast %x : tensor<2x2x3xf32> to tensor<?x2x3xf32>
  %y = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [7.0, 8.0, 9.0, 10.0, 11.0, 12.0]]> : tensor<2x6xf32>
  %yd = tensor.cast %y : tensor<2x6xf32> to tensor<?x6xf32>
  %z = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %s = arith.constant dense<3.5> : tensor<f32>
  %r0:6 = func.call @reshape(%xd, %yd, %z, %s) : (tensor<?x2x3xf32>, tensor<?x6xf32>, tensor<2x3xi32>, tensor<f32>) -> (tensor<?x6xf32>, tensor<3x?xf32>, tensor<?xf32>, tensor<?x2x3xf32>, tensor<3x2xi32>, tensor<1x1xf32>)
  // CHECK: sizes = [2, 6]
  // CHECK-NEXT: [1, 2, 3, 4, 5, 6]
  // CHECK-NEXT: [7, 8, 9, 10, 11, 12]
  %p00 = tensor.cast %r0#0 : tensor<?x6xf32> to tensor<*xf32>
  call @printMemrefF32(%p00) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: [1, 2, 3, 4]
  // CHECK-NEXT: [5, 6, 7, 8]
  // CHECK-NEXT: [9, 10, 11, 12]
  %p01 = tensor.cast %r0#1 : tensor<3x?xf32> to tensor<*xf32>
  call @printMemrefF32(%p01) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [12]
  // CHECK-NEXT: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
  %p02 = tensor.cast %r0#2 : tensor<?xf32> to tensor<*xf32>
  call @printMemrefF32(%p02) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 2, 3]
  // CHECK-NEXT: [1, 2, 3]
  // CHECK-NEXT: [4, 5, 6]
  // CHECK-NEXT: [7, 8, 9]
  // CHECK-NEXT: [10, 11, 12]
  %p03 = tensor.cast %r0#3 : tensor<?x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p03) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 2]
  // CHECK-NEXT: [1, 2]
  // CHECK-NEXT: [3, 4]
  // CHECK-NEXT: [5, 6]
  %p04 = tensor.cast %r0#4 : tensor<3x2xi32> to tensor<*xi32>
  call @printMemrefI32(%p04) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [1, 1]
  // CHECK-NEXT: [3.5]
  %p05 = tensor.cast %r0#5 : tensor<1x1xf32> to tensor<*xf32>
  call @printMemrefF32(%p05) : (tensor<*xf32>) -> ()

  %l = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %r1:2 = func.call @transpose(%xd, %l) : (tensor<?x2x3xf32>, tensor<2x3xi64>) -> (tensor<3x?x2xf32>, tensor<3x2xi64>)
  // CHECK: sizes = [3, 2, 2]
  // CHECK-NEXT: [1, 4]
  // CHECK-NEXT: [7, 10]
  // CHECK-NEXT: [2, 5]
  // CHECK-NEXT: [8, 11]
  // CHECK-NEXT: [3, 6]
  // CHECK-NEXT: [9, 12]
  %p10 = tensor.cast %r1#0 : tensor<3x?x2xf32> to tensor<*xf32>
  call @printMemrefF32(%p10) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 2]
  // CHECK-NEXT: [1, 4]
  // CHECK-NEXT: [2, 5]
  // CHECK-NEXT: [3, 6]
  %p11 = tensor.cast %r1#1 : tensor<3x2xi64> to tensor<*xi64>
  call @printMemrefI64(%p11) : (tensor<*xi64>) -> ()

  %a = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %ad = tensor.cast %a : tensor<2x2xf32> to tensor<?x2xf32>
  %b = arith.constant dense<[[5.0, 6.0, 7.0], [8.0, 9.0, 10.0]]> : tensor<2x3xf32>
  %bd = tensor.cast %b : tensor<2x3xf32> to tensor<?x3xf32>
  %c = arith.constant dense<[[-1.0, -2.0]]> : tensor<1x2xf32>
  %e = tensor.empty() : tensor<2x0xi32>
  %f = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %g = arith.constant dense<[[7], [8]]> : tensor<2x1xi32>
  %r2:3 = func.call @concat(%ad, %bd, %c, %e, %f, %g) : (tensor<?x2xf32>, tensor<?x3xf32>, tensor<1x2xf32>, tensor<2x0xi32>, tensor<2x3xi32>, tensor<2x1xi32>) -> (tensor<?x5xf32>, tensor<?x2xf32>, tensor<2x4xi32>)
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: [1, 2, 5, 6, 7]
  // CHECK-NEXT: [3, 4, 8, 9, 10]
  %p20 = tensor.cast %r2#0 : tensor<?x5xf32> to tensor<*xf32>
  call @printMemrefF32(%p20) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [5, 2]
  // CHECK-NEXT: [1, 2]
  // CHECK-NEXT: [3, 4]
  // CHECK-NEXT: [-1, -2]
  // CHECK-NEXT: [1, 2]
  // CHECK-NEXT: [3, 4]
  %p21 = tensor.cast %r2#1 : tensor<?x2xf32> to tensor<*xf32>
  call @printMemrefF32(%p21) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: [1, 2, 3, 7]
  // CHECK-NEXT: [4, 5, 6, 8]
  %p22 = tensor.cast %r2#2 : tensor<2x4xi32> to tensor<*xi32>
  call @printMemrefI32(%p22) : (tensor<*xi32>) -> ()

  %m = arith.constant dense<[[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14], [15, 16, 17, 18, 19]]> : tensor<4x5xi32>
  %n = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0, 9.0], [10.0, 11.0, 12.0, 13.0, 14.0]]> : tensor<3x5xf32>
  %nd = tensor.cast %n : tensor<3x5xf32> to tensor<?x5xf32>
  %r3:3 = func.call @slice(%m, %nd) : (tensor<4x5xi32>, tensor<?x5xf32>) -> (tensor<2x2xi32>, tensor<2x3xf32>, tensor<0x5xi32>)
  // CHECK: sizes = [2, 2]
  // CHECK-NEXT: [5, 8]
  // CHECK-NEXT: [15, 18]
  %p30 = tensor.cast %r3#0 : tensor<2x2xi32> to tensor<*xi32>
  call @printMemrefI32(%p30) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: [1, 2, 3]
  // CHECK-NEXT: [6, 7, 8]
  %p31 = tensor.cast %r3#1 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p31) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [0, 5]
  %p32 = tensor.cast %r3#2 : tensor<0x5xi32> to tensor<*xi32>
  call @printMemrefI32(%p32) : (tensor<*xi32>) -> ()

  %px = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %pxd = tensor.cast %px : tensor<2x3xf32> to tensor<?x3xf32>
  %pi = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %pb = arith.constant dense<[false, true]> : tensor<2xi1>
  %pe = tensor.empty() : tensor<0x2xf32>
  %ped = tensor.cast %pe : tensor<0x2xf32> to tensor<?x2xf32>
  %r4:6 = func.call @pad(%pxd, %pi, %pb, %ped) : (tensor<?x3xf32>, tensor<2x2xi32>, tensor<2xi1>, tensor<?x2xf32>) -> (tensor<?x7xf32>, tensor<4x3xi32>, tensor<2x4xi32>, tensor<2x3xi32>, tensor<4xi1>, tensor<?x2xf32>)
  // CHECK: sizes = [4, 7]
  // CHECK-NEXT: [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]
  // CHECK-NEXT: [1, 1.5, 2, 1.5, 3, 1.5, 1.5]
  // CHECK-NEXT: [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]
  // CHECK-NEXT: [4, 1.5, 5, 1.5, 6, 1.5, 1.5]
  %p40 = tensor.cast %r4#0 : tensor<?x7xf32> to tensor<*xf32>
  call @printMemrefF32(%p40) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: [-7, -7, -7]
  // CHECK-NEXT: [1, 2, -7]
  // CHECK-NEXT: [3, 4, -7]
  // CHECK-NEXT: [-7, -7, -7]
  %p41 = tensor.cast %r4#1 : tensor<4x3xi32> to tensor<*xi32>
  call @printMemrefI32(%p41) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: [2147483647, 1, 2, 2147483647]
  // CHECK-NEXT: [2147483647, 3, 4, 2147483647]
  %p42 = tensor.cast %r4#2 : tensor<2x4xi32> to tensor<*xi32>
  call @printMemrefI32(%p42) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: [1, 0, 2]
  // CHECK-NEXT: [3, 0, 4]
  %p43 = tensor.cast %r4#3 : tensor<2x3xi32> to tensor<*xi32>
  call @printMemrefI32(%p43) : (tensor<*xi32>) -> ()
  %bw = tensor.generate {
  ^bb0(%k: index):
    %v = tensor.extract %r4#4[%k] : tensor<4xi1>
    %w = arith.extui %v : i1 to i32
    tensor.yield %w : i32
  } : tensor<4xi32>
  // CHECK: sizes = [4]
  // CHECK-NEXT: [1, 0, 1, 1]
  %p44 = tensor.cast %bw : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%p44) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [2, 2]
  // CHECK-NEXT: [-1, -1]
  // CHECK-NEXT: [-1, -1]
  %p45 = tensor.cast %r4#5 : tensor<?x2xf32> to tensor<*xf32>
  call @printMemrefF32(%p45) : (tensor<*xf32>) -> ()
  return
}
