// End-to-end runs of the elementwise lowering (nn-cpu-pipeline, then
// mlir-runner), compared bit for bit with the reference interpreter.
//
// The nn functions come first. The driver after them calls each one and
// prints the bits of every result (bitcast to integers, so that nothing is
// lost in printing); nn-run runs the same functions on the same inputs, and
// the script at the end of this file compares the two, element by element:
// exactly (any NaN matches any NaN) for everything but the transcendental
// functions, which libm computes in the element type and the interpreter in
// f64 (within 2 ulps). nn-run reads only nn, func, arith and tensor, so it
// gets the file without the driver.
//
// The inputs reach the edges: NaN, infinities, signed zeros, integer
// overflow (INT_MIN / -1, -INT_MIN), casts that saturate, and casts to f16
// and bf16 that LLVM alone would round twice. They avoid maximum(+0, -0)
// and minimum(+0, -0): arith.maximumf orders -0 below +0, where the
// interpreter returns its second operand.
//
// The random numbers are the interpreter's bit for bit: uniform and normal
// draws in f16, bf16, f32 and f64, static and dynamic shapes, 10000 draws
// in f16 and bf16 (seed 5 rounds some of them up to `high`, which must be
// replaced by the largest value below it), and a seed whose high key word
// is not zero.
//
// RUN: rm -f %t.ref %t.ref.math
// RUN: sed '/^\/\/ driver-begin$/,/^\/\/ driver-end$/d' %s > %t.nn.mlir
// RUN: sed -n 's|^// PY: \{0,1\}||p' %s > %t.py
// RUN: nn-opt %s --nn-cpu-pipeline > %t.llvm.mlir
// RUN: mlir-runner %t.llvm.mlir -e main -entry-point-result=void -shared-libs=%mlir_runner_libs > %t.jit
// RUN: nn-run --device=ref %t.nn.mlir --function=float_ops --input="8xf32=[1.5 -2 0 -0 nan inf 3 -7.25]" --input="8xf32=[2 0 -3 5 1 -inf nan 3]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=int_ops --input="8xi32=[7 -7 2147483647 -2147483648 -2147483648 0 5 -1]" --input="8xi32=[2 2 2 -1 3 -4 -5 1]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=int64_ops --input="4xi64=[-9223372036854775808 -9223372036854775808 9223372036854775807 -9]" --input="4xi64=[-1 2 -1 4]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=bool_ops --input="4xi1=[0 0 1 1]" --input="4xi1=[0 1 0 1]" --input="4xi32=[10 20 30 40]" --input="i32=-5" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=cast_f32 --input="16xf32=[1.5 -1.5 2.5 nan inf -inf 3000000000 -3000000000 1180591620717411303424 -0.75 65519 65520 1.00390625 1.01171875 0 -0]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=cast_f64 --input="15xf64=[1.0039062509313226 1e300 -1e300 nan 9.3e18 -9.3e18 9223372036854775808 -9223372036854775808 2147483647.5 -2147483648.5 1.0004882812509095 0.1 -0 2155872257 -inf]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=cast_i64 --input="13xi64=[0 1 -1 2155872257 -2155872257 9223372036854775807 -9223372036854775808 9007199254740993 1152921573326323713 3000000000 65520 -65519 16777217]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=cast_i32 --input="8xi32=[0 1 -1 2147483647 -2147483648 16777217 65520 -2139095039]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=cast_i1 --input="2xi1=[0 1]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=cast_f16 --input="8xf16=[nan 65504 -inf 1.5 -2.5 6.103515625e-05 5.960464477539063e-08 -0]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=cast_bf16 --input="4xbf16=[1.5 -300 nan 3.3895313892515355e38]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=broadcasts --input="3xf32=[1 2 4]" --input="2x1xf32=[10][20]" --input="2x1xi1=[1][0]" --input="4xi64=[0 2 -1 3]" --input="2xi32=[1 0]" --input="2x3xi32=[2147483647 1 -4][1 2 3]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=dynamic --input="2x3xf32=[1 2 3][4 5 6]" --input="3xf32=[0.5 -1 2]" --input="1x3xf32=[0 0 0]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=narrow_sum --input="4xbf16=[1 0.5 -2 3]" --input="1x4xbf16=[0 0 0 0]" --input="f16=0.1" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=resource --input="3xi32=[10 20 -30]" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=random --input="i64=5" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=random --input="i64=-9000000000" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=random_dynamic --input="i64=7" --input="i64=2" >> %t.ref
// RUN: nn-run --device=ref %t.nn.mlir --function=float_math --input="10xf32=[0.5 1 2 -1 0 inf -inf nan -0.75 20]" --input="10xf32=[2 0.5 -3 3 -1 0.5 2 0 3 -0.5]" >> %t.ref.math
// RUN: nn-run --device=ref %t.nn.mlir --function=half_math --input="8xf16=[0.5 -1 2 nan -0 11 -3.25 0.0999755859375]" --input="8xbf16=[0.5 3 100 -1 0 1.0078125 7.5 1e-3]" >> %t.ref.math
// RUN: %python %t.py %t.jit 0:%t.ref 2:%t.ref.math | FileCheck %s --check-prefix=SAME
// SAME: {{^}}{{[0-9]+}} results compared, 0 mismatches

// Integer division by zero: the interpreter stops with an error; compiled
// code has no error channel and yields 0 (LLVM's sdiv by zero would be
// undefined behaviour, so the divisor is replaced by 1 first).
// RUN: not nn-run --device=ref %t.nn.mlir --function=div_zero --input="3xi32=[7 -7 0]" --input="3xi32=[0 0 0]" 2>&1 | FileCheck %s --check-prefix=REF-ZERO
// REF-ZERO: integer division by zero
// RUN: mlir-runner %t.llvm.mlir -e main_div_zero -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s --check-prefix=ZERO
// ZERO: data =
// ZERO-NEXT: [0, 0, 0]
// ZERO: data =
// ZERO-NEXT: [0, 0, 0]

func.func @float_ops(%a: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xf32>) {
  %0 = nn.add %a, %b : tensor<8xf32>, tensor<8xf32>
  %1 = nn.sub %a, %b : tensor<8xf32>, tensor<8xf32>
  %2 = nn.mul %a, %b : tensor<8xf32>, tensor<8xf32>
  %3 = nn.div %a, %b : tensor<8xf32>, tensor<8xf32>
  %4 = nn.maximum %a, %b : tensor<8xf32>, tensor<8xf32>
  %5 = nn.minimum %a, %b : tensor<8xf32>, tensor<8xf32>
  %6 = nn.neg %a : tensor<8xf32>
  %7 = nn.abs %a : tensor<8xf32>
  %8 = nn.relu %a : tensor<8xf32>
  %9 = nn.sign %a : tensor<8xf32>
  %10 = nn.compare eq, %a, %b : tensor<8xf32>, tensor<8xf32>
  %11 = nn.compare ne, %a, %b : tensor<8xf32>, tensor<8xf32>
  %12 = nn.compare lt, %a, %b : tensor<8xf32>, tensor<8xf32>
  %13 = nn.compare le, %a, %b : tensor<8xf32>, tensor<8xf32>
  %14 = nn.compare gt, %a, %b : tensor<8xf32>, tensor<8xf32>
  %15 = nn.compare ge, %a, %b : tensor<8xf32>, tensor<8xf32>
  %16 = nn.select %12, %a, %b : tensor<8xi1>, tensor<8xf32>, tensor<8xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xf32>
}

func.func @int_ops(%a: tensor<8xi32>, %b: tensor<8xi32>) -> (tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>) {
  %0 = nn.add %a, %b : tensor<8xi32>, tensor<8xi32>
  %1 = nn.sub %a, %b : tensor<8xi32>, tensor<8xi32>
  %2 = nn.mul %a, %b : tensor<8xi32>, tensor<8xi32>
  %3 = nn.div %a, %b : tensor<8xi32>, tensor<8xi32>
  %4 = nn.maximum %a, %b : tensor<8xi32>, tensor<8xi32>
  %5 = nn.minimum %a, %b : tensor<8xi32>, tensor<8xi32>
  %6 = nn.neg %a : tensor<8xi32>
  %7 = nn.abs %a : tensor<8xi32>
  %8 = nn.relu %a : tensor<8xi32>
  %9 = nn.sign %a : tensor<8xi32>
  %10 = nn.compare eq, %a, %b : tensor<8xi32>, tensor<8xi32>
  %11 = nn.compare ne, %a, %b : tensor<8xi32>, tensor<8xi32>
  %12 = nn.compare lt, %a, %b : tensor<8xi32>, tensor<8xi32>
  %13 = nn.compare le, %a, %b : tensor<8xi32>, tensor<8xi32>
  %14 = nn.compare gt, %a, %b : tensor<8xi32>, tensor<8xi32>
  %15 = nn.compare ge, %a, %b : tensor<8xi32>, tensor<8xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15 : tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>
}

func.func @int64_ops(%a: tensor<4xi64>, %b: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>) {
  %0 = nn.div %a, %b : tensor<4xi64>, tensor<4xi64>
  %1 = nn.mul %a, %b : tensor<4xi64>, tensor<4xi64>
  %2 = nn.neg %a : tensor<4xi64>
  %3 = nn.abs %a : tensor<4xi64>
  %4 = nn.sign %a : tensor<4xi64>
  return %0, %1, %2, %3, %4 : tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>
}

func.func @bool_ops(%a: tensor<4xi1>, %b: tensor<4xi1>, %x: tensor<4xi32>, %y: tensor<i32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi32>) {
  %0 = nn.compare eq, %a, %b : tensor<4xi1>, tensor<4xi1>
  %1 = nn.compare ne, %a, %b : tensor<4xi1>, tensor<4xi1>
  %2 = nn.compare lt, %a, %b : tensor<4xi1>, tensor<4xi1>
  %3 = nn.compare le, %a, %b : tensor<4xi1>, tensor<4xi1>
  %4 = nn.compare gt, %a, %b : tensor<4xi1>, tensor<4xi1>
  %5 = nn.compare ge, %a, %b : tensor<4xi1>, tensor<4xi1>
  %6 = nn.select %b, %x, %y : tensor<4xi1>, tensor<4xi32>, tensor<i32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi32>
}

func.func @cast_f32(%x: tensor<16xf32>) -> (tensor<16xi32>, tensor<16xi64>, tensor<16xi1>, tensor<16xf16>, tensor<16xf32>, tensor<16xf64>) {
  %0 = nn.cast %x : tensor<16xf32> to tensor<16xi32>
  %1 = nn.cast %x : tensor<16xf32> to tensor<16xi64>
  %2 = nn.cast %x : tensor<16xf32> to tensor<16xi1>
  %3 = nn.cast %x : tensor<16xf32> to tensor<16xf16>
  %b4 = nn.cast %x : tensor<16xf32> to tensor<16xbf16>
  %4 = nn.cast %b4 : tensor<16xbf16> to tensor<16xf32>
  %5 = nn.cast %x : tensor<16xf32> to tensor<16xf64>
  return %0, %1, %2, %3, %4, %5 : tensor<16xi32>, tensor<16xi64>, tensor<16xi1>, tensor<16xf16>, tensor<16xf32>, tensor<16xf64>
}

func.func @cast_f64(%x: tensor<15xf64>) -> (tensor<15xi32>, tensor<15xi64>, tensor<15xi1>, tensor<15xf16>, tensor<15xf32>, tensor<15xf32>) {
  %0 = nn.cast %x : tensor<15xf64> to tensor<15xi32>
  %1 = nn.cast %x : tensor<15xf64> to tensor<15xi64>
  %2 = nn.cast %x : tensor<15xf64> to tensor<15xi1>
  %3 = nn.cast %x : tensor<15xf64> to tensor<15xf16>
  %b4 = nn.cast %x : tensor<15xf64> to tensor<15xbf16>
  %4 = nn.cast %b4 : tensor<15xbf16> to tensor<15xf32>
  %5 = nn.cast %x : tensor<15xf64> to tensor<15xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<15xi32>, tensor<15xi64>, tensor<15xi1>, tensor<15xf16>, tensor<15xf32>, tensor<15xf32>
}

func.func @cast_i64(%x: tensor<13xi64>) -> (tensor<13xf32>, tensor<13xf64>, tensor<13xf16>, tensor<13xf32>, tensor<13xi32>, tensor<13xi1>) {
  %0 = nn.cast %x : tensor<13xi64> to tensor<13xf32>
  %1 = nn.cast %x : tensor<13xi64> to tensor<13xf64>
  %2 = nn.cast %x : tensor<13xi64> to tensor<13xf16>
  %b3 = nn.cast %x : tensor<13xi64> to tensor<13xbf16>
  %3 = nn.cast %b3 : tensor<13xbf16> to tensor<13xf32>
  %4 = nn.cast %x : tensor<13xi64> to tensor<13xi32>
  %5 = nn.cast %x : tensor<13xi64> to tensor<13xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<13xf32>, tensor<13xf64>, tensor<13xf16>, tensor<13xf32>, tensor<13xi32>, tensor<13xi1>
}

func.func @cast_i32(%x: tensor<8xi32>) -> (tensor<8xf32>, tensor<8xf64>, tensor<8xf16>, tensor<8xf32>, tensor<8xi64>, tensor<8xi1>) {
  %0 = nn.cast %x : tensor<8xi32> to tensor<8xf32>
  %1 = nn.cast %x : tensor<8xi32> to tensor<8xf64>
  %2 = nn.cast %x : tensor<8xi32> to tensor<8xf16>
  %b3 = nn.cast %x : tensor<8xi32> to tensor<8xbf16>
  %3 = nn.cast %b3 : tensor<8xbf16> to tensor<8xf32>
  %4 = nn.cast %x : tensor<8xi32> to tensor<8xi64>
  %5 = nn.cast %x : tensor<8xi32> to tensor<8xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<8xf32>, tensor<8xf64>, tensor<8xf16>, tensor<8xf32>, tensor<8xi64>, tensor<8xi1>
}

func.func @cast_i1(%x: tensor<2xi1>) -> (tensor<2xf32>, tensor<2xf64>, tensor<2xf16>, tensor<2xf32>, tensor<2xi32>, tensor<2xi64>) {
  %0 = nn.cast %x : tensor<2xi1> to tensor<2xf32>
  %1 = nn.cast %x : tensor<2xi1> to tensor<2xf64>
  %2 = nn.cast %x : tensor<2xi1> to tensor<2xf16>
  %b3 = nn.cast %x : tensor<2xi1> to tensor<2xbf16>
  %3 = nn.cast %b3 : tensor<2xbf16> to tensor<2xf32>
  %4 = nn.cast %x : tensor<2xi1> to tensor<2xi32>
  %5 = nn.cast %x : tensor<2xi1> to tensor<2xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<2xf64>, tensor<2xf16>, tensor<2xf32>, tensor<2xi32>, tensor<2xi64>
}

func.func @cast_f16(%x: tensor<8xf16>) -> (tensor<8xi32>, tensor<8xi64>, tensor<8xi1>, tensor<8xf32>, tensor<8xf32>, tensor<8xf64>) {
  %0 = nn.cast %x : tensor<8xf16> to tensor<8xi32>
  %1 = nn.cast %x : tensor<8xf16> to tensor<8xi64>
  %2 = nn.cast %x : tensor<8xf16> to tensor<8xi1>
  %b3 = nn.cast %x : tensor<8xf16> to tensor<8xbf16>
  %3 = nn.cast %b3 : tensor<8xbf16> to tensor<8xf32>
  %4 = nn.cast %x : tensor<8xf16> to tensor<8xf32>
  %5 = nn.cast %x : tensor<8xf16> to tensor<8xf64>
  return %0, %1, %2, %3, %4, %5 : tensor<8xi32>, tensor<8xi64>, tensor<8xi1>, tensor<8xf32>, tensor<8xf32>, tensor<8xf64>
}

func.func @cast_bf16(%x: tensor<4xbf16>) -> (tensor<4xf16>, tensor<4xi32>, tensor<4xi64>, tensor<4xf32>) {
  %0 = nn.cast %x : tensor<4xbf16> to tensor<4xf16>
  %1 = nn.cast %x : tensor<4xbf16> to tensor<4xi32>
  %2 = nn.cast %x : tensor<4xbf16> to tensor<4xi64>
  %3 = nn.cast %x : tensor<4xbf16> to tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf16>, tensor<4xi32>, tensor<4xi64>, tensor<4xf32>
}

func.func @broadcasts(%a: tensor<3xf32>, %b: tensor<2x1xf32>, %c: tensor<2x1xi1>, %i: tensor<4xi64>, %j: tensor<2xi32>, %k: tensor<2x3xi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>, tensor<1x3xi32>, tensor<4x3xf32>, tensor<2x2xi32>) {
  %0 = nn.add %a, %b : tensor<3xf32>, tensor<2x1xf32>
  %1 = nn.select %c, %a, %b : tensor<2x1xi1>, tensor<3xf32>, tensor<2x1xf32>
  %2 = nn.broadcast_to %a : tensor<3xf32> to tensor<2x3xf32>
  %3 = nn.broadcast_like %b, %0 : tensor<2x1xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %4 = nn.unbroadcast %0, %b : tensor<2x3xf32>, tensor<2x1xf32> -> tensor<2x1xf32>
  %5 = nn.unbroadcast %0, %a : tensor<2x3xf32>, tensor<3xf32> -> tensor<3xf32>
  %like = nn.constant dense<0> : tensor<1x3xi32>
  %6 = nn.unbroadcast %k, %like : tensor<2x3xi32>, tensor<1x3xi32> -> tensor<1x3xi32>
  %7 = nn.one_hot %i {depth = 3 : i64} : tensor<4xi64> to tensor<4x3xf32>
  %8 = nn.one_hot %j {depth = 2 : i64} : tensor<2xi32> to tensor<2x2xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>, tensor<1x3xi32>, tensor<4x3xf32>, tensor<2x2xi32>
}

func.func @dynamic(%a: tensor<?x3xf32>, %b: tensor<3xf32>, %c: tensor<1x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<1x3xf32>, tensor<3xf32>, tensor<?x3xf32>) {
  %0 = nn.mul %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %1 = nn.broadcast_to %b : tensor<3xf32> to tensor<?x3xf32>
  %2 = nn.broadcast_like %b, %a : tensor<3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %3 = nn.unbroadcast %0, %c : tensor<?x3xf32>, tensor<1x3xf32> -> tensor<1x3xf32>
  %4 = nn.unbroadcast %0, %b : tensor<?x3xf32>, tensor<3xf32> -> tensor<3xf32>
  %5 = nn.unbroadcast %0, %a : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<1x3xf32>, tensor<3xf32>, tensor<?x3xf32>
}

func.func @narrow_sum(%x: tensor<4xbf16>, %like: tensor<1x4xbf16>, %h: tensor<f16>) -> (tensor<1x4xf32>, tensor<f16>) {
  %0 = nn.broadcast_to %x : tensor<4xbf16> to tensor<300x4xbf16>
  %1 = nn.unbroadcast %0, %like : tensor<300x4xbf16>, tensor<1x4xbf16> -> tensor<1x4xbf16>
  %2 = nn.cast %1 : tensor<1x4xbf16> to tensor<1x4xf32>
  %3 = nn.broadcast_to %h : tensor<f16> to tensor<3000xf16>
  %4 = nn.unbroadcast %3, %h : tensor<3000xf16>, tensor<f16> -> tensor<f16>
  return %2, %4 : tensor<1x4xf32>, tensor<f16>
}

func.func @resource(%x: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>) {
  %0 = nn.constant dense_resource<three> : tensor<3xi32>
  %1 = nn.add %0, %x : tensor<3xi32>, tensor<3xi32>
  return %0, %1 : tensor<3xi32>, tensor<3xi32>
}

func.func @random(%seed: tensor<i64>) -> (tensor<2x3xf32>, tensor<4xf32>, tensor<5xf64>, tensor<5xf64>, tensor<10000xf16>, tensor<10000xf32>, tensor<16xf32>, tensor<16xf16>, tensor<7xf32>) {
  %0 = nn.random_uniform %seed {low = -2.0, high = 3.0} : tensor<2x3xf32>
  %1 = nn.random_normal %seed {mean = 10.0, stddev = 0.5} : tensor<4xf32>
  %2 = nn.random_uniform %seed {low = 1.0, high = 1.5} : tensor<5xf64>
  %3 = nn.random_normal %seed {mean = -1.0, stddev = 3.0} : tensor<5xf64>
  %4 = nn.random_uniform %seed : tensor<10000xf16>
  %b5 = nn.random_uniform %seed : tensor<10000xbf16>
  %5 = nn.cast %b5 : tensor<10000xbf16> to tensor<10000xf32>
  %b6 = nn.random_normal %seed {stddev = 100.0} : tensor<16xbf16>
  %6 = nn.cast %b6 : tensor<16xbf16> to tensor<16xf32>
  %7 = nn.random_normal %seed : tensor<16xf16>
  %8 = nn.random_uniform %seed {low = 0.0, high = 0.1} : tensor<7xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<4xf32>, tensor<5xf64>, tensor<5xf64>, tensor<10000xf16>, tensor<10000xf32>, tensor<16xf32>, tensor<16xf16>, tensor<7xf32>
}

func.func @random_dynamic(%seed: tensor<i64>, %n: index) -> (tensor<?x3xf32>, tensor<2x?xf64>) {
  %0 = nn.random_uniform %seed[%n] {low = -2.0, high = 3.0} : tensor<?x3xf32>
  %1 = nn.random_normal %seed[%n] : tensor<2x?xf64>
  return %0, %1 : tensor<?x3xf32>, tensor<2x?xf64>
}

func.func @float_math(%a: tensor<10xf32>, %b: tensor<10xf32>) -> (tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>) {
  %0 = nn.exp %a : tensor<10xf32>
  %1 = nn.log %a : tensor<10xf32>
  %2 = nn.sqrt %a : tensor<10xf32>
  %3 = nn.rsqrt %a : tensor<10xf32>
  %4 = nn.tanh %a : tensor<10xf32>
  %5 = nn.sigmoid %a : tensor<10xf32>
  %6 = nn.pow %a, %b : tensor<10xf32>, tensor<10xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>
}

func.func @half_math(%a: tensor<8xf16>, %b: tensor<8xbf16>) -> (tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf32>, tensor<8xf32>) {
  %0 = nn.exp %a : tensor<8xf16>
  %1 = nn.tanh %a : tensor<8xf16>
  %2 = nn.sigmoid %a : tensor<8xf16>
  %3 = nn.sqrt %a : tensor<8xf16>
  %4 = nn.relu %a : tensor<8xf16>
  %5 = nn.sign %a : tensor<8xf16>
  %6 = nn.pow %a, %a : tensor<8xf16>, tensor<8xf16>
  %b7 = nn.log %b : tensor<8xbf16>
  %7 = nn.cast %b7 : tensor<8xbf16> to tensor<8xf32>
  %b8 = nn.mul %b, %b : tensor<8xbf16>, tensor<8xbf16>
  %8 = nn.cast %b8 : tensor<8xbf16> to tensor<8xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf32>, tensor<8xf32>
}

func.func @div_zero(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
  %0 = nn.div %a, %b : tensor<3xi32>, tensor<3xi32>
  return %0 : tensor<3xi32>
}

func.func @div_zero_i64(%a: tensor<3xi64>, %b: tensor<3xi64>) -> tensor<3xi64> {
  %0 = nn.div %a, %b : tensor<3xi64>, tensor<3xi64>
  return %0 : tensor<3xi64>
}

// driver-begin
// Calls every function on the inputs that nn-run gets, and prints the bits
// of each result, flattened to one dimension.
func.func @main() {
  %in1 = arith.constant dense<[1.5, -2.0, 0.0, -0.0, 0x7FC00000, 0x7F800000, 3.0, -7.25]> : tensor<8xf32>
  %in2 = arith.constant dense<[2.0, 0.0, -3.0, 5.0, 1.0, 0xFF800000, 0x7FC00000, 3.0]> : tensor<8xf32>
  %r3:17 = call @float_ops(%in1, %in2) : (tensor<8xf32>, tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xf32>)
  %dyn4 = tensor.cast %r3#0 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn4) : (tensor<?xf32>) -> ()
  %dyn5 = tensor.cast %r3#1 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn5) : (tensor<?xf32>) -> ()
  %dyn6 = tensor.cast %r3#2 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn6) : (tensor<?xf32>) -> ()
  %dyn7 = tensor.cast %r3#3 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn7) : (tensor<?xf32>) -> ()
  %dyn8 = tensor.cast %r3#4 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn8) : (tensor<?xf32>) -> ()
  %dyn9 = tensor.cast %r3#5 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn9) : (tensor<?xf32>) -> ()
  %dyn10 = tensor.cast %r3#6 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn10) : (tensor<?xf32>) -> ()
  %dyn11 = tensor.cast %r3#7 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn11) : (tensor<?xf32>) -> ()
  %dyn12 = tensor.cast %r3#8 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn12) : (tensor<?xf32>) -> ()
  %dyn13 = tensor.cast %r3#9 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn13) : (tensor<?xf32>) -> ()
  %dyn14 = tensor.cast %r3#10 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn14) : (tensor<?xi1>) -> ()
  %dyn15 = tensor.cast %r3#11 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn15) : (tensor<?xi1>) -> ()
  %dyn16 = tensor.cast %r3#12 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn16) : (tensor<?xi1>) -> ()
  %dyn17 = tensor.cast %r3#13 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn17) : (tensor<?xi1>) -> ()
  %dyn18 = tensor.cast %r3#14 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn18) : (tensor<?xi1>) -> ()
  %dyn19 = tensor.cast %r3#15 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn19) : (tensor<?xi1>) -> ()
  %dyn20 = tensor.cast %r3#16 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn20) : (tensor<?xf32>) -> ()
  %in21 = arith.constant dense<[7, -7, 2147483647, -2147483648, -2147483648, 0, 5, -1]> : tensor<8xi32>
  %in22 = arith.constant dense<[2, 2, 2, -1, 3, -4, -5, 1]> : tensor<8xi32>
  %r23:16 = call @int_ops(%in21, %in22) : (tensor<8xi32>, tensor<8xi32>) -> (tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>, tensor<8xi1>)
  %dyn24 = tensor.cast %r23#0 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn24) : (tensor<?xi32>) -> ()
  %dyn25 = tensor.cast %r23#1 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn25) : (tensor<?xi32>) -> ()
  %dyn26 = tensor.cast %r23#2 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn26) : (tensor<?xi32>) -> ()
  %dyn27 = tensor.cast %r23#3 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn27) : (tensor<?xi32>) -> ()
  %dyn28 = tensor.cast %r23#4 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn28) : (tensor<?xi32>) -> ()
  %dyn29 = tensor.cast %r23#5 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn29) : (tensor<?xi32>) -> ()
  %dyn30 = tensor.cast %r23#6 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn30) : (tensor<?xi32>) -> ()
  %dyn31 = tensor.cast %r23#7 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn31) : (tensor<?xi32>) -> ()
  %dyn32 = tensor.cast %r23#8 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn32) : (tensor<?xi32>) -> ()
  %dyn33 = tensor.cast %r23#9 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn33) : (tensor<?xi32>) -> ()
  %dyn34 = tensor.cast %r23#10 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn34) : (tensor<?xi1>) -> ()
  %dyn35 = tensor.cast %r23#11 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn35) : (tensor<?xi1>) -> ()
  %dyn36 = tensor.cast %r23#12 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn36) : (tensor<?xi1>) -> ()
  %dyn37 = tensor.cast %r23#13 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn37) : (tensor<?xi1>) -> ()
  %dyn38 = tensor.cast %r23#14 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn38) : (tensor<?xi1>) -> ()
  %dyn39 = tensor.cast %r23#15 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn39) : (tensor<?xi1>) -> ()
  %in40 = arith.constant dense<[-9223372036854775808, -9223372036854775808, 9223372036854775807, -9]> : tensor<4xi64>
  %in41 = arith.constant dense<[-1, 2, -1, 4]> : tensor<4xi64>
  %r42:5 = call @int64_ops(%in40, %in41) : (tensor<4xi64>, tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>)
  %dyn43 = tensor.cast %r42#0 : tensor<4xi64> to tensor<?xi64>
  call @print_i64(%dyn43) : (tensor<?xi64>) -> ()
  %dyn44 = tensor.cast %r42#1 : tensor<4xi64> to tensor<?xi64>
  call @print_i64(%dyn44) : (tensor<?xi64>) -> ()
  %dyn45 = tensor.cast %r42#2 : tensor<4xi64> to tensor<?xi64>
  call @print_i64(%dyn45) : (tensor<?xi64>) -> ()
  %dyn46 = tensor.cast %r42#3 : tensor<4xi64> to tensor<?xi64>
  call @print_i64(%dyn46) : (tensor<?xi64>) -> ()
  %dyn47 = tensor.cast %r42#4 : tensor<4xi64> to tensor<?xi64>
  call @print_i64(%dyn47) : (tensor<?xi64>) -> ()
  %in48 = arith.constant dense<[false, false, true, true]> : tensor<4xi1>
  %in49 = arith.constant dense<[false, true, false, true]> : tensor<4xi1>
  %in50 = arith.constant dense<[10, 20, 30, 40]> : tensor<4xi32>
  %in51 = arith.constant dense<-5> : tensor<i32>
  %r52:7 = call @bool_ops(%in48, %in49, %in50, %in51) : (tensor<4xi1>, tensor<4xi1>, tensor<4xi32>, tensor<i32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi32>)
  %dyn53 = tensor.cast %r52#0 : tensor<4xi1> to tensor<?xi1>
  call @print_i1(%dyn53) : (tensor<?xi1>) -> ()
  %dyn54 = tensor.cast %r52#1 : tensor<4xi1> to tensor<?xi1>
  call @print_i1(%dyn54) : (tensor<?xi1>) -> ()
  %dyn55 = tensor.cast %r52#2 : tensor<4xi1> to tensor<?xi1>
  call @print_i1(%dyn55) : (tensor<?xi1>) -> ()
  %dyn56 = tensor.cast %r52#3 : tensor<4xi1> to tensor<?xi1>
  call @print_i1(%dyn56) : (tensor<?xi1>) -> ()
  %dyn57 = tensor.cast %r52#4 : tensor<4xi1> to tensor<?xi1>
  call @print_i1(%dyn57) : (tensor<?xi1>) -> ()
  %dyn58 = tensor.cast %r52#5 : tensor<4xi1> to tensor<?xi1>
  call @print_i1(%dyn58) : (tensor<?xi1>) -> ()
  %dyn59 = tensor.cast %r52#6 : tensor<4xi32> to tensor<?xi32>
  call @print_i32(%dyn59) : (tensor<?xi32>) -> ()
  %in60 = arith.constant dense<[1.5, -1.5, 2.5, 0x7FC00000, 0x7F800000, 0xFF800000, 3000000000.0, -3000000000.0, 1180591620717411303424.0, -0.75, 65519.0, 65520.0, 1.00390625, 1.01171875, 0.0, -0.0]> : tensor<16xf32>
  %r61:6 = call @cast_f32(%in60) : (tensor<16xf32>) -> (tensor<16xi32>, tensor<16xi64>, tensor<16xi1>, tensor<16xf16>, tensor<16xf32>, tensor<16xf64>)
  %dyn62 = tensor.cast %r61#0 : tensor<16xi32> to tensor<?xi32>
  call @print_i32(%dyn62) : (tensor<?xi32>) -> ()
  %dyn63 = tensor.cast %r61#1 : tensor<16xi64> to tensor<?xi64>
  call @print_i64(%dyn63) : (tensor<?xi64>) -> ()
  %dyn64 = tensor.cast %r61#2 : tensor<16xi1> to tensor<?xi1>
  call @print_i1(%dyn64) : (tensor<?xi1>) -> ()
  %dyn65 = tensor.cast %r61#3 : tensor<16xf16> to tensor<?xf16>
  call @print_f16(%dyn65) : (tensor<?xf16>) -> ()
  %dyn66 = tensor.cast %r61#4 : tensor<16xf32> to tensor<?xf32>
  call @print_f32(%dyn66) : (tensor<?xf32>) -> ()
  %dyn67 = tensor.cast %r61#5 : tensor<16xf64> to tensor<?xf64>
  call @print_f64(%dyn67) : (tensor<?xf64>) -> ()
  %in68 = arith.constant dense<[1.0039062509313226, 1.0e300, -1.0e300, 0x7FF8000000000000, 9.3e18, -9.3e18, 9223372036854775808.0, -9223372036854775808.0, 2147483647.5, -2147483648.5, 1.0004882812509095, 0.1, -0.0, 2155872257.0, 0xFFF0000000000000]> : tensor<15xf64>
  %r69:6 = call @cast_f64(%in68) : (tensor<15xf64>) -> (tensor<15xi32>, tensor<15xi64>, tensor<15xi1>, tensor<15xf16>, tensor<15xf32>, tensor<15xf32>)
  %dyn70 = tensor.cast %r69#0 : tensor<15xi32> to tensor<?xi32>
  call @print_i32(%dyn70) : (tensor<?xi32>) -> ()
  %dyn71 = tensor.cast %r69#1 : tensor<15xi64> to tensor<?xi64>
  call @print_i64(%dyn71) : (tensor<?xi64>) -> ()
  %dyn72 = tensor.cast %r69#2 : tensor<15xi1> to tensor<?xi1>
  call @print_i1(%dyn72) : (tensor<?xi1>) -> ()
  %dyn73 = tensor.cast %r69#3 : tensor<15xf16> to tensor<?xf16>
  call @print_f16(%dyn73) : (tensor<?xf16>) -> ()
  %dyn74 = tensor.cast %r69#4 : tensor<15xf32> to tensor<?xf32>
  call @print_f32(%dyn74) : (tensor<?xf32>) -> ()
  %dyn75 = tensor.cast %r69#5 : tensor<15xf32> to tensor<?xf32>
  call @print_f32(%dyn75) : (tensor<?xf32>) -> ()
  %in76 = arith.constant dense<[0, 1, -1, 2155872257, -2155872257, 9223372036854775807, -9223372036854775808, 9007199254740993, 1152921573326323713, 3000000000, 65520, -65519, 16777217]> : tensor<13xi64>
  %r77:6 = call @cast_i64(%in76) : (tensor<13xi64>) -> (tensor<13xf32>, tensor<13xf64>, tensor<13xf16>, tensor<13xf32>, tensor<13xi32>, tensor<13xi1>)
  %dyn78 = tensor.cast %r77#0 : tensor<13xf32> to tensor<?xf32>
  call @print_f32(%dyn78) : (tensor<?xf32>) -> ()
  %dyn79 = tensor.cast %r77#1 : tensor<13xf64> to tensor<?xf64>
  call @print_f64(%dyn79) : (tensor<?xf64>) -> ()
  %dyn80 = tensor.cast %r77#2 : tensor<13xf16> to tensor<?xf16>
  call @print_f16(%dyn80) : (tensor<?xf16>) -> ()
  %dyn81 = tensor.cast %r77#3 : tensor<13xf32> to tensor<?xf32>
  call @print_f32(%dyn81) : (tensor<?xf32>) -> ()
  %dyn82 = tensor.cast %r77#4 : tensor<13xi32> to tensor<?xi32>
  call @print_i32(%dyn82) : (tensor<?xi32>) -> ()
  %dyn83 = tensor.cast %r77#5 : tensor<13xi1> to tensor<?xi1>
  call @print_i1(%dyn83) : (tensor<?xi1>) -> ()
  %in84 = arith.constant dense<[0, 1, -1, 2147483647, -2147483648, 16777217, 65520, -2139095039]> : tensor<8xi32>
  %r85:6 = call @cast_i32(%in84) : (tensor<8xi32>) -> (tensor<8xf32>, tensor<8xf64>, tensor<8xf16>, tensor<8xf32>, tensor<8xi64>, tensor<8xi1>)
  %dyn86 = tensor.cast %r85#0 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn86) : (tensor<?xf32>) -> ()
  %dyn87 = tensor.cast %r85#1 : tensor<8xf64> to tensor<?xf64>
  call @print_f64(%dyn87) : (tensor<?xf64>) -> ()
  %dyn88 = tensor.cast %r85#2 : tensor<8xf16> to tensor<?xf16>
  call @print_f16(%dyn88) : (tensor<?xf16>) -> ()
  %dyn89 = tensor.cast %r85#3 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn89) : (tensor<?xf32>) -> ()
  %dyn90 = tensor.cast %r85#4 : tensor<8xi64> to tensor<?xi64>
  call @print_i64(%dyn90) : (tensor<?xi64>) -> ()
  %dyn91 = tensor.cast %r85#5 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn91) : (tensor<?xi1>) -> ()
  %in92 = arith.constant dense<[false, true]> : tensor<2xi1>
  %r93:6 = call @cast_i1(%in92) : (tensor<2xi1>) -> (tensor<2xf32>, tensor<2xf64>, tensor<2xf16>, tensor<2xf32>, tensor<2xi32>, tensor<2xi64>)
  %dyn94 = tensor.cast %r93#0 : tensor<2xf32> to tensor<?xf32>
  call @print_f32(%dyn94) : (tensor<?xf32>) -> ()
  %dyn95 = tensor.cast %r93#1 : tensor<2xf64> to tensor<?xf64>
  call @print_f64(%dyn95) : (tensor<?xf64>) -> ()
  %dyn96 = tensor.cast %r93#2 : tensor<2xf16> to tensor<?xf16>
  call @print_f16(%dyn96) : (tensor<?xf16>) -> ()
  %dyn97 = tensor.cast %r93#3 : tensor<2xf32> to tensor<?xf32>
  call @print_f32(%dyn97) : (tensor<?xf32>) -> ()
  %dyn98 = tensor.cast %r93#4 : tensor<2xi32> to tensor<?xi32>
  call @print_i32(%dyn98) : (tensor<?xi32>) -> ()
  %dyn99 = tensor.cast %r93#5 : tensor<2xi64> to tensor<?xi64>
  call @print_i64(%dyn99) : (tensor<?xi64>) -> ()
  %in100 = arith.constant dense<[0x7E00, 65504.0, 0xFC00, 1.5, -2.5, 6.103515625e-05, 5.960464477539063e-08, -0.0]> : tensor<8xf16>
  %r101:6 = call @cast_f16(%in100) : (tensor<8xf16>) -> (tensor<8xi32>, tensor<8xi64>, tensor<8xi1>, tensor<8xf32>, tensor<8xf32>, tensor<8xf64>)
  %dyn102 = tensor.cast %r101#0 : tensor<8xi32> to tensor<?xi32>
  call @print_i32(%dyn102) : (tensor<?xi32>) -> ()
  %dyn103 = tensor.cast %r101#1 : tensor<8xi64> to tensor<?xi64>
  call @print_i64(%dyn103) : (tensor<?xi64>) -> ()
  %dyn104 = tensor.cast %r101#2 : tensor<8xi1> to tensor<?xi1>
  call @print_i1(%dyn104) : (tensor<?xi1>) -> ()
  %dyn105 = tensor.cast %r101#3 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn105) : (tensor<?xf32>) -> ()
  %dyn106 = tensor.cast %r101#4 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn106) : (tensor<?xf32>) -> ()
  %dyn107 = tensor.cast %r101#5 : tensor<8xf64> to tensor<?xf64>
  call @print_f64(%dyn107) : (tensor<?xf64>) -> ()
  %in108 = arith.constant dense<[1.5, -300.0, 0x7FC0, 0x7F7F]> : tensor<4xbf16>
  %r109:4 = call @cast_bf16(%in108) : (tensor<4xbf16>) -> (tensor<4xf16>, tensor<4xi32>, tensor<4xi64>, tensor<4xf32>)
  %dyn110 = tensor.cast %r109#0 : tensor<4xf16> to tensor<?xf16>
  call @print_f16(%dyn110) : (tensor<?xf16>) -> ()
  %dyn111 = tensor.cast %r109#1 : tensor<4xi32> to tensor<?xi32>
  call @print_i32(%dyn111) : (tensor<?xi32>) -> ()
  %dyn112 = tensor.cast %r109#2 : tensor<4xi64> to tensor<?xi64>
  call @print_i64(%dyn112) : (tensor<?xi64>) -> ()
  %dyn113 = tensor.cast %r109#3 : tensor<4xf32> to tensor<?xf32>
  call @print_f32(%dyn113) : (tensor<?xf32>) -> ()
  %in114 = arith.constant dense<[1.0, 2.0, 4.0]> : tensor<3xf32>
  %in115 = arith.constant dense<[[10.0], [20.0]]> : tensor<2x1xf32>
  %in116 = arith.constant dense<[[true], [false]]> : tensor<2x1xi1>
  %in117 = arith.constant dense<[0, 2, -1, 3]> : tensor<4xi64>
  %in118 = arith.constant dense<[1, 0]> : tensor<2xi32>
  %in119 = arith.constant dense<[[2147483647, 1, -4], [1, 2, 3]]> : tensor<2x3xi32>
  %r120:9 = call @broadcasts(%in114, %in115, %in116, %in117, %in118, %in119) : (tensor<3xf32>, tensor<2x1xf32>, tensor<2x1xi1>, tensor<4xi64>, tensor<2xi32>, tensor<2x3xi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>, tensor<1x3xi32>, tensor<4x3xf32>, tensor<2x2xi32>)
  %flat121 = tensor.collapse_shape %r120#0 [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %dyn122 = tensor.cast %flat121 : tensor<6xf32> to tensor<?xf32>
  call @print_f32(%dyn122) : (tensor<?xf32>) -> ()
  %flat123 = tensor.collapse_shape %r120#1 [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %dyn124 = tensor.cast %flat123 : tensor<6xf32> to tensor<?xf32>
  call @print_f32(%dyn124) : (tensor<?xf32>) -> ()
  %flat125 = tensor.collapse_shape %r120#2 [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %dyn126 = tensor.cast %flat125 : tensor<6xf32> to tensor<?xf32>
  call @print_f32(%dyn126) : (tensor<?xf32>) -> ()
  %flat127 = tensor.collapse_shape %r120#3 [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %dyn128 = tensor.cast %flat127 : tensor<6xf32> to tensor<?xf32>
  call @print_f32(%dyn128) : (tensor<?xf32>) -> ()
  %flat129 = tensor.collapse_shape %r120#4 [[0, 1]] : tensor<2x1xf32> into tensor<2xf32>
  %dyn130 = tensor.cast %flat129 : tensor<2xf32> to tensor<?xf32>
  call @print_f32(%dyn130) : (tensor<?xf32>) -> ()
  %dyn131 = tensor.cast %r120#5 : tensor<3xf32> to tensor<?xf32>
  call @print_f32(%dyn131) : (tensor<?xf32>) -> ()
  %flat132 = tensor.collapse_shape %r120#6 [[0, 1]] : tensor<1x3xi32> into tensor<3xi32>
  %dyn133 = tensor.cast %flat132 : tensor<3xi32> to tensor<?xi32>
  call @print_i32(%dyn133) : (tensor<?xi32>) -> ()
  %flat134 = tensor.collapse_shape %r120#7 [[0, 1]] : tensor<4x3xf32> into tensor<12xf32>
  %dyn135 = tensor.cast %flat134 : tensor<12xf32> to tensor<?xf32>
  call @print_f32(%dyn135) : (tensor<?xf32>) -> ()
  %flat136 = tensor.collapse_shape %r120#8 [[0, 1]] : tensor<2x2xi32> into tensor<4xi32>
  %dyn137 = tensor.cast %flat136 : tensor<4xi32> to tensor<?xi32>
  call @print_i32(%dyn137) : (tensor<?xi32>) -> ()
  %in138 = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %in139 = tensor.cast %in138 : tensor<2x3xf32> to tensor<?x3xf32>
  %in140 = arith.constant dense<[0.5, -1.0, 2.0]> : tensor<3xf32>
  %in141 = arith.constant dense<0.0> : tensor<1x3xf32>
  %r142:6 = call @dynamic(%in139, %in140, %in141) : (tensor<?x3xf32>, tensor<3xf32>, tensor<1x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<1x3xf32>, tensor<3xf32>, tensor<?x3xf32>)
  %flat143 = tensor.collapse_shape %r142#0 [[0, 1]] : tensor<?x3xf32> into tensor<?xf32>
  call @print_f32(%flat143) : (tensor<?xf32>) -> ()
  %flat144 = tensor.collapse_shape %r142#1 [[0, 1]] : tensor<?x3xf32> into tensor<?xf32>
  call @print_f32(%flat144) : (tensor<?xf32>) -> ()
  %flat145 = tensor.collapse_shape %r142#2 [[0, 1]] : tensor<?x3xf32> into tensor<?xf32>
  call @print_f32(%flat145) : (tensor<?xf32>) -> ()
  %flat146 = tensor.collapse_shape %r142#3 [[0, 1]] : tensor<1x3xf32> into tensor<3xf32>
  %dyn147 = tensor.cast %flat146 : tensor<3xf32> to tensor<?xf32>
  call @print_f32(%dyn147) : (tensor<?xf32>) -> ()
  %dyn148 = tensor.cast %r142#4 : tensor<3xf32> to tensor<?xf32>
  call @print_f32(%dyn148) : (tensor<?xf32>) -> ()
  %flat149 = tensor.collapse_shape %r142#5 [[0, 1]] : tensor<?x3xf32> into tensor<?xf32>
  call @print_f32(%flat149) : (tensor<?xf32>) -> ()
  %in150 = arith.constant dense<[1.0, 0.5, -2.0, 3.0]> : tensor<4xbf16>
  %in151 = arith.constant dense<0.0> : tensor<1x4xbf16>
  %in152 = arith.constant dense<0.1> : tensor<f16>
  %r153:2 = call @narrow_sum(%in150, %in151, %in152) : (tensor<4xbf16>, tensor<1x4xbf16>, tensor<f16>) -> (tensor<1x4xf32>, tensor<f16>)
  %flat154 = tensor.collapse_shape %r153#0 [[0, 1]] : tensor<1x4xf32> into tensor<4xf32>
  %dyn155 = tensor.cast %flat154 : tensor<4xf32> to tensor<?xf32>
  call @print_f32(%dyn155) : (tensor<?xf32>) -> ()
  %flat156 = tensor.expand_shape %r153#1 [] output_shape [1] : tensor<f16> into tensor<1xf16>
  %dyn157 = tensor.cast %flat156 : tensor<1xf16> to tensor<?xf16>
  call @print_f16(%dyn157) : (tensor<?xf16>) -> ()
  %in158 = arith.constant dense<[10, 20, -30]> : tensor<3xi32>
  %r159:2 = call @resource(%in158) : (tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>)
  %dyn160 = tensor.cast %r159#0 : tensor<3xi32> to tensor<?xi32>
  call @print_i32(%dyn160) : (tensor<?xi32>) -> ()
  %dyn161 = tensor.cast %r159#1 : tensor<3xi32> to tensor<?xi32>
  call @print_i32(%dyn161) : (tensor<?xi32>) -> ()
  %in162 = arith.constant dense<5> : tensor<i64>
  %r163:9 = call @random(%in162) : (tensor<i64>) -> (tensor<2x3xf32>, tensor<4xf32>, tensor<5xf64>, tensor<5xf64>, tensor<10000xf16>, tensor<10000xf32>, tensor<16xf32>, tensor<16xf16>, tensor<7xf32>)
  %flat164 = tensor.collapse_shape %r163#0 [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %dyn165 = tensor.cast %flat164 : tensor<6xf32> to tensor<?xf32>
  call @print_f32(%dyn165) : (tensor<?xf32>) -> ()
  %dyn166 = tensor.cast %r163#1 : tensor<4xf32> to tensor<?xf32>
  call @print_f32(%dyn166) : (tensor<?xf32>) -> ()
  %dyn167 = tensor.cast %r163#2 : tensor<5xf64> to tensor<?xf64>
  call @print_f64(%dyn167) : (tensor<?xf64>) -> ()
  %dyn168 = tensor.cast %r163#3 : tensor<5xf64> to tensor<?xf64>
  call @print_f64(%dyn168) : (tensor<?xf64>) -> ()
  %dyn169 = tensor.cast %r163#4 : tensor<10000xf16> to tensor<?xf16>
  call @print_f16(%dyn169) : (tensor<?xf16>) -> ()
  %dyn170 = tensor.cast %r163#5 : tensor<10000xf32> to tensor<?xf32>
  call @print_f32(%dyn170) : (tensor<?xf32>) -> ()
  %dyn171 = tensor.cast %r163#6 : tensor<16xf32> to tensor<?xf32>
  call @print_f32(%dyn171) : (tensor<?xf32>) -> ()
  %dyn172 = tensor.cast %r163#7 : tensor<16xf16> to tensor<?xf16>
  call @print_f16(%dyn172) : (tensor<?xf16>) -> ()
  %dyn173 = tensor.cast %r163#8 : tensor<7xf32> to tensor<?xf32>
  call @print_f32(%dyn173) : (tensor<?xf32>) -> ()
  %in174 = arith.constant dense<-9000000000> : tensor<i64>
  %r175:9 = call @random(%in174) : (tensor<i64>) -> (tensor<2x3xf32>, tensor<4xf32>, tensor<5xf64>, tensor<5xf64>, tensor<10000xf16>, tensor<10000xf32>, tensor<16xf32>, tensor<16xf16>, tensor<7xf32>)
  %flat176 = tensor.collapse_shape %r175#0 [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %dyn177 = tensor.cast %flat176 : tensor<6xf32> to tensor<?xf32>
  call @print_f32(%dyn177) : (tensor<?xf32>) -> ()
  %dyn178 = tensor.cast %r175#1 : tensor<4xf32> to tensor<?xf32>
  call @print_f32(%dyn178) : (tensor<?xf32>) -> ()
  %dyn179 = tensor.cast %r175#2 : tensor<5xf64> to tensor<?xf64>
  call @print_f64(%dyn179) : (tensor<?xf64>) -> ()
  %dyn180 = tensor.cast %r175#3 : tensor<5xf64> to tensor<?xf64>
  call @print_f64(%dyn180) : (tensor<?xf64>) -> ()
  %dyn181 = tensor.cast %r175#4 : tensor<10000xf16> to tensor<?xf16>
  call @print_f16(%dyn181) : (tensor<?xf16>) -> ()
  %dyn182 = tensor.cast %r175#5 : tensor<10000xf32> to tensor<?xf32>
  call @print_f32(%dyn182) : (tensor<?xf32>) -> ()
  %dyn183 = tensor.cast %r175#6 : tensor<16xf32> to tensor<?xf32>
  call @print_f32(%dyn183) : (tensor<?xf32>) -> ()
  %dyn184 = tensor.cast %r175#7 : tensor<16xf16> to tensor<?xf16>
  call @print_f16(%dyn184) : (tensor<?xf16>) -> ()
  %dyn185 = tensor.cast %r175#8 : tensor<7xf32> to tensor<?xf32>
  call @print_f32(%dyn185) : (tensor<?xf32>) -> ()
  %in186 = arith.constant dense<7> : tensor<i64>
  %in187 = arith.constant 2 : index
  %r188:2 = call @random_dynamic(%in186, %in187) : (tensor<i64>, index) -> (tensor<?x3xf32>, tensor<2x?xf64>)
  %flat189 = tensor.collapse_shape %r188#0 [[0, 1]] : tensor<?x3xf32> into tensor<?xf32>
  call @print_f32(%flat189) : (tensor<?xf32>) -> ()
  %flat190 = tensor.collapse_shape %r188#1 [[0, 1]] : tensor<2x?xf64> into tensor<?xf64>
  call @print_f64(%flat190) : (tensor<?xf64>) -> ()
  %in191 = arith.constant dense<[0.5, 1.0, 2.0, -1.0, 0.0, 0x7F800000, 0xFF800000, 0x7FC00000, -0.75, 20.0]> : tensor<10xf32>
  %in192 = arith.constant dense<[2.0, 0.5, -3.0, 3.0, -1.0, 0.5, 2.0, 0.0, 3.0, -0.5]> : tensor<10xf32>
  %r193:7 = call @float_math(%in191, %in192) : (tensor<10xf32>, tensor<10xf32>) -> (tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>)
  %dyn194 = tensor.cast %r193#0 : tensor<10xf32> to tensor<?xf32>
  call @print_f32(%dyn194) : (tensor<?xf32>) -> ()
  %dyn195 = tensor.cast %r193#1 : tensor<10xf32> to tensor<?xf32>
  call @print_f32(%dyn195) : (tensor<?xf32>) -> ()
  %dyn196 = tensor.cast %r193#2 : tensor<10xf32> to tensor<?xf32>
  call @print_f32(%dyn196) : (tensor<?xf32>) -> ()
  %dyn197 = tensor.cast %r193#3 : tensor<10xf32> to tensor<?xf32>
  call @print_f32(%dyn197) : (tensor<?xf32>) -> ()
  %dyn198 = tensor.cast %r193#4 : tensor<10xf32> to tensor<?xf32>
  call @print_f32(%dyn198) : (tensor<?xf32>) -> ()
  %dyn199 = tensor.cast %r193#5 : tensor<10xf32> to tensor<?xf32>
  call @print_f32(%dyn199) : (tensor<?xf32>) -> ()
  %dyn200 = tensor.cast %r193#6 : tensor<10xf32> to tensor<?xf32>
  call @print_f32(%dyn200) : (tensor<?xf32>) -> ()
  %in201 = arith.constant dense<[0.5, -1.0, 2.0, 0x7E00, -0.0, 11.0, -3.25, 0.0999755859375]> : tensor<8xf16>
  %in202 = arith.constant dense<[0.5, 3.0, 100.0, -1.0, 0.0, 1.0078125, 7.5, 0x3A83]> : tensor<8xbf16>
  %r203:9 = call @half_math(%in201, %in202) : (tensor<8xf16>, tensor<8xbf16>) -> (tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf16>, tensor<8xf32>, tensor<8xf32>)
  %dyn204 = tensor.cast %r203#0 : tensor<8xf16> to tensor<?xf16>
  call @print_f16(%dyn204) : (tensor<?xf16>) -> ()
  %dyn205 = tensor.cast %r203#1 : tensor<8xf16> to tensor<?xf16>
  call @print_f16(%dyn205) : (tensor<?xf16>) -> ()
  %dyn206 = tensor.cast %r203#2 : tensor<8xf16> to tensor<?xf16>
  call @print_f16(%dyn206) : (tensor<?xf16>) -> ()
  %dyn207 = tensor.cast %r203#3 : tensor<8xf16> to tensor<?xf16>
  call @print_f16(%dyn207) : (tensor<?xf16>) -> ()
  %dyn208 = tensor.cast %r203#4 : tensor<8xf16> to tensor<?xf16>
  call @print_f16(%dyn208) : (tensor<?xf16>) -> ()
  %dyn209 = tensor.cast %r203#5 : tensor<8xf16> to tensor<?xf16>
  call @print_f16(%dyn209) : (tensor<?xf16>) -> ()
  %dyn210 = tensor.cast %r203#6 : tensor<8xf16> to tensor<?xf16>
  call @print_f16(%dyn210) : (tensor<?xf16>) -> ()
  %dyn211 = tensor.cast %r203#7 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn211) : (tensor<?xf32>) -> ()
  %dyn212 = tensor.cast %r203#8 : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%dyn212) : (tensor<?xf32>) -> ()
  return
}

func.func @main_div_zero() {
  %a = arith.constant dense<[7, -7, 0]> : tensor<3xi32>
  %b = arith.constant dense<0> : tensor<3xi32>
  %r = call @div_zero(%a, %b) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %d = tensor.cast %r : tensor<3xi32> to tensor<?xi32>
  call @print_i32(%d) : (tensor<?xi32>) -> ()
  %c = arith.constant dense<[-9223372036854775808, 1, -1]> : tensor<3xi64>
  %z = arith.constant dense<0> : tensor<3xi64>
  %s = call @div_zero_i64(%c, %z) : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %e = tensor.cast %s : tensor<3xi64> to tensor<?xi64>
  call @print_i64(%e) : (tensor<?xi64>) -> ()
  return
}

func.func private @printMemrefI64(memref<*xi64>)
func.func @print_bits(%t: tensor<?xi64>) {
  %m = bufferization.to_buffer %t : tensor<?xi64> to memref<?xi64>
  %u = memref.cast %m : memref<?xi64> to memref<*xi64>
  call @printMemrefI64(%u) : (memref<*xi64>) -> ()
  return
}
func.func @print_f32(%t: tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %t, %c0 : tensor<?xf32>
  %init = tensor.empty(%n) : tensor<?xi64>
  %bits = linalg.generic {indexing_maps = [affine_map<(d) -> (d)>, affine_map<(d) -> (d)>], iterator_types = ["parallel"]} ins(%t : tensor<?xf32>) outs(%init : tensor<?xi64>) {
  ^bb0(%x: f32, %o: i64):
    %i = arith.bitcast %x : f32 to i32
    %w = arith.extui %i : i32 to i64
    linalg.yield %w : i64
  } -> tensor<?xi64>
  call @print_bits(%bits) : (tensor<?xi64>) -> ()
  return
}
func.func @print_f64(%t: tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %t, %c0 : tensor<?xf64>
  %init = tensor.empty(%n) : tensor<?xi64>
  %bits = linalg.generic {indexing_maps = [affine_map<(d) -> (d)>, affine_map<(d) -> (d)>], iterator_types = ["parallel"]} ins(%t : tensor<?xf64>) outs(%init : tensor<?xi64>) {
  ^bb0(%x: f64, %o: i64):
    %w = arith.bitcast %x : f64 to i64
    linalg.yield %w : i64
  } -> tensor<?xi64>
  call @print_bits(%bits) : (tensor<?xi64>) -> ()
  return
}
func.func @print_f16(%t: tensor<?xf16>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %t, %c0 : tensor<?xf16>
  %init = tensor.empty(%n) : tensor<?xi64>
  %bits = linalg.generic {indexing_maps = [affine_map<(d) -> (d)>, affine_map<(d) -> (d)>], iterator_types = ["parallel"]} ins(%t : tensor<?xf16>) outs(%init : tensor<?xi64>) {
  ^bb0(%x: f16, %o: i64):
    %i = arith.bitcast %x : f16 to i16
    %w = arith.extui %i : i16 to i64
    linalg.yield %w : i64
  } -> tensor<?xi64>
  call @print_bits(%bits) : (tensor<?xi64>) -> ()
  return
}
func.func @print_i32(%t: tensor<?xi32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %t, %c0 : tensor<?xi32>
  %init = tensor.empty(%n) : tensor<?xi64>
  %bits = linalg.generic {indexing_maps = [affine_map<(d) -> (d)>, affine_map<(d) -> (d)>], iterator_types = ["parallel"]} ins(%t : tensor<?xi32>) outs(%init : tensor<?xi64>) {
  ^bb0(%x: i32, %o: i64):
    %w = arith.extui %x : i32 to i64
    linalg.yield %w : i64
  } -> tensor<?xi64>
  call @print_bits(%bits) : (tensor<?xi64>) -> ()
  return
}
func.func @print_i64(%t: tensor<?xi64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %t, %c0 : tensor<?xi64>
  %init = tensor.empty(%n) : tensor<?xi64>
  %bits = linalg.generic {indexing_maps = [affine_map<(d) -> (d)>, affine_map<(d) -> (d)>], iterator_types = ["parallel"]} ins(%t : tensor<?xi64>) outs(%init : tensor<?xi64>) {
  ^bb0(%x: i64, %o: i64):

    linalg.yield %x : i64
  } -> tensor<?xi64>
  call @print_bits(%bits) : (tensor<?xi64>) -> ()
  return
}
func.func @print_i1(%t: tensor<?xi1>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %t, %c0 : tensor<?xi1>
  %init = tensor.empty(%n) : tensor<?xi64>
  %bits = linalg.generic {indexing_maps = [affine_map<(d) -> (d)>, affine_map<(d) -> (d)>], iterator_types = ["parallel"]} ins(%t : tensor<?xi1>) outs(%init : tensor<?xi64>) {
  ^bb0(%x: i1, %o: i64):
    %w = arith.extui %x : i1 to i64
    linalg.yield %w : i64
  } -> tensor<?xi64>
  call @print_bits(%bits) : (tensor<?xi64>) -> ()
  return
}
// driver-end

// The comparison. Arguments: the compiled run's output, then ULPS:FILE for
// each file of nn-run results (in the order the driver prints them), ULPS
// being how many units in the last place a float may differ by.
// PY: import re, struct, sys
// PY:
// PY: WIDTH = {'i1': 1, 'i32': 32, 'i64': 64, 'f16': 16, 'f32': 32, 'f64': 64}
// PY: EXPONENT = {'f16': 5, 'f32': 8, 'f64': 11}
// PY: PACK = {'f16': ('<e', '<H'), 'f32': ('<f', '<I'), 'f64': ('<d', '<Q')}
// PY:
// PY: def bits(t, text):
// PY:     # As nn-run reads it back: strtod, then rounding to the type.
// PY:     if t in PACK:
// PY:         return struct.unpack(PACK[t][1], struct.pack(PACK[t][0], float(text)))[0]
// PY:     return int(text) & ((1 << WIDTH[t]) - 1)
// PY:
// PY: def is_nan(t, v):
// PY:     mantissa = WIDTH[t] - 1 - EXPONENT[t]
// PY:     ones = (1 << EXPONENT[t]) - 1
// PY:     return (v >> mantissa) & ones == ones and v & ((1 << mantissa) - 1) != 0
// PY:
// PY: def ordered(t, v):
// PY:     # An integer that orders the floats by value, one step per ulp.
// PY:     sign = 1 << (WIDTH[t] - 1)
// PY:     return -(v & (sign - 1)) if v & sign else v
// PY:
// PY: compiled = [re.findall(r'-?\d+', part.split('data =')[1])
// PY:             for part in open(sys.argv[1]).read().split('Unranked Memref')[1:]]
// PY: expected = []
// PY: for arg in sys.argv[2:]:
// PY:     ulps, path = arg.split(':', 1)
// PY:     for line in open(path):
// PY:         m = re.match(r'(\S*?)(f16|f32|f64|i1|i32|i64)=(.*)$', line.strip())
// PY:         expected.append((int(ulps), m.group(2), re.findall(r'[^\[\]\s]+', m.group(3)), line.strip()))
// PY: if len(compiled) != len(expected):
// PY:     sys.exit(f'{len(compiled)} compiled results but {len(expected)} from nn-run')
// PY: errors = 0
// PY: for n, (got, (ulps, t, want, line)) in enumerate(zip(compiled, expected)):
// PY:     got = [int(g) & ((1 << WIDTH[t]) - 1) for g in got]
// PY:     want = [bits(t, w) for w in want]
// PY:     if len(got) != len(want):
// PY:         sys.exit(f'result {n}: {len(got)} compiled elements but {len(want)} in {line[:60]}')
// PY:     for i, (g, w) in enumerate(zip(got, want)):
// PY:         if g == w:
// PY:             continue
// PY:         if t in PACK and is_nan(t, g) and is_nan(t, w):
// PY:             continue
// PY:         if (t in PACK and not is_nan(t, g) and not is_nan(t, w)
// PY:                 and abs(ordered(t, g) - ordered(t, w)) <= ulps):
// PY:             continue
// PY:         errors += 1
// PY:         if errors <= 20:
// PY:             print(f'result {n} ({line[:40]}...) element {i}: compiled {g:#x}, nn-run {w:#x}')
// PY: print(f'{len(expected)} results compared, {errors} mismatches')
// PY: sys.exit(1 if errors else 0)

{-#
  dialect_resources: {
    builtin: {
      three: "0x04000000010000000200000003000000"
    }
  }
#-}
