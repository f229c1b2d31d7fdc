// RUN: nn-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// The elementwise ops lowered to linalg.generic with arith and math bodies.
// run-elementwise.mlir runs the same lowerings against the interpreter.

// Constants, dense or dense_resource, become arith.constant as they are.
// CHECK-LABEL: func.func @constants
// CHECK: arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: arith.constant dense_resource<blob> : tensor<2xi32>
// CHECK-NOT: nn.
func.func @constants() -> (tensor<2xf32>, tensor<2xi32>) {
  %0 = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = nn.constant dense_resource<blob> : tensor<2xi32>
  return %0, %1 : tensor<2xf32>, tensor<2xi32>
}
{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000100000002000000"
    }
  }
#-}

// -----

// Broadcasting reads the operands through their indexing maps (a stretched
// size-1 dimension reads index 0); dynamic sizes come from an operand whose
// size there is not a static 1.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @broadcasting
// CHECK-SAME: %[[A:.*]]: tensor<?x3xf32>, %[[B:.*]]: tensor<3xf32>
// CHECK: %[[DIM:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x3xf32>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[DIM]]) : tensor<?x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[LAST]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x3xf32>, tensor<3xf32>) outs(%[[INIT]] : tensor<?x3xf32>)
// CHECK: arith.addf
// CHECK: linalg.generic {indexing_maps = [#[[ROW]], #[[COL]], #[[ID]]]
// CHECK: arith.subf
// CHECK: linalg.generic {indexing_maps = [#[[SCALAR:.*]], #[[SCALAR]], #[[SCALAR]]], iterator_types = []}
// CHECK: arith.mulf
func.func @broadcasting(%a: tensor<?x3xf32>, %b: tensor<3xf32>, %c: tensor<1x3xf32>, %d: tensor<2x1xf32>, %s: tensor<f32>) -> (tensor<?x3xf32>, tensor<2x3xf32>, tensor<f32>) {
  %0 = nn.add %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %1 = nn.sub %c, %d : tensor<1x3xf32>, tensor<2x1xf32>
  %2 = nn.mul %s, %s : tensor<f32>, tensor<f32>
  return %0, %1, %2 : tensor<?x3xf32>, tensor<2x3xf32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @float_binary
// CHECK: arith.divf
// CHECK: math.powf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @float_binary(%a: tensor<4xf64>, %b: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) {
  %0 = nn.div %a, %b : tensor<4xf64>, tensor<4xf64>
  %1 = nn.pow %a, %b : tensor<4xf64>, tensor<4xf64>
  %2 = nn.maximum %a, %b : tensor<4xf64>, tensor<4xf64>
  %3 = nn.minimum %a, %b : tensor<4xf64>, tensor<4xf64>
  return %0, %1, %2, %3 : tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>
}

// -----

// Integers wrap. Division never gives divsi a zero divisor (the quotient is
// 0 instead) or -1 (the quotient is the wrapping negation).
// CHECK-LABEL: func.func @int_binary
// CHECK: arith.addi
// CHECK: arith.subi
// CHECK: arith.muli
// CHECK: ^bb0(%[[L:.*]]: i32, %[[R:.*]]: i32, %{{.*}}: i32):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[MINUS_ONE:.*]] = arith.constant -1 : i32
// CHECK-DAG: %[[IS_ZERO:.*]] = arith.cmpi eq, %[[R]], %[[ZERO]] : i32
// CHECK-DAG: %[[IS_MINUS_ONE:.*]] = arith.cmpi eq, %[[R]], %[[MINUS_ONE]] : i32
// CHECK: %[[UNSAFE:.*]] = arith.ori %[[IS_ZERO]], %[[IS_MINUS_ONE]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[UNSAFE]], %[[ONE]], %[[R]] : i32
// CHECK: %[[QUOTIENT:.*]] = arith.divsi %[[L]], %[[SAFE]] : i32
// CHECK: %[[NEGATED:.*]] = arith.subi %[[ZERO]], %[[L]] : i32
// CHECK: %[[Q1:.*]] = arith.select %[[IS_MINUS_ONE]], %[[NEGATED]], %[[QUOTIENT]] : i32
// CHECK: %[[Q2:.*]] = arith.select %[[IS_ZERO]], %[[ZERO]], %[[Q1]] : i32
// CHECK: linalg.yield %[[Q2]] : i32
// CHECK: arith.maxsi
// CHECK: arith.minsi
func.func @int_binary(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = nn.add %a, %b : tensor<4xi32>, tensor<4xi32>
  %1 = nn.sub %a, %b : tensor<4xi32>, tensor<4xi32>
  %2 = nn.mul %a, %b : tensor<4xi32>, tensor<4xi32>
  %3 = nn.div %a, %b : tensor<4xi32>, tensor<4xi32>
  %4 = nn.maximum %a, %b : tensor<4xi32>, tensor<4xi32>
  %5 = nn.minimum %a, %b : tensor<4xi32>, tensor<4xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// Float comparisons are ordered except `ne`; integers compare signed, and
// i1 unsigned (true is 1, above false).
// CHECK-LABEL: func.func @compare
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf une
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ole
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oge
// CHECK: arith.cmpi eq
// CHECK: arith.cmpi ne
// CHECK: arith.cmpi slt
// CHECK: arith.cmpi sle
// CHECK: arith.cmpi sgt
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi ult
// CHECK: arith.cmpi ule
// CHECK: arith.cmpi ugt
// CHECK: arith.cmpi uge
func.func @compare(%a: tensor<4xf32>, %b: tensor<f32>, %i: tensor<4xi64>, %p: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = nn.compare eq, %a, %b : tensor<4xf32>, tensor<f32>
  %1 = nn.compare ne, %a, %b : tensor<4xf32>, tensor<f32>
  %2 = nn.compare lt, %a, %b : tensor<4xf32>, tensor<f32>
  %3 = nn.compare le, %a, %b : tensor<4xf32>, tensor<f32>
  %4 = nn.compare gt, %a, %b : tensor<4xf32>, tensor<f32>
  %5 = nn.compare ge, %a, %b : tensor<4xf32>, tensor<f32>
  %6 = nn.compare eq, %i, %i : tensor<4xi64>, tensor<4xi64>
  %7 = nn.compare ne, %i, %i : tensor<4xi64>, tensor<4xi64>
  %8 = nn.compare lt, %i, %i : tensor<4xi64>, tensor<4xi64>
  %9 = nn.compare le, %i, %i : tensor<4xi64>, tensor<4xi64>
  %10 = nn.compare gt, %i, %i : tensor<4xi64>, tensor<4xi64>
  %11 = nn.compare ge, %i, %i : tensor<4xi64>, tensor<4xi64>
  %12 = nn.compare lt, %p, %p : tensor<4xi1>, tensor<4xi1>
  %13 = nn.compare le, %p, %p : tensor<4xi1>, tensor<4xi1>
  %14 = nn.compare gt, %p, %p : tensor<4xi1>, tensor<4xi1>
  %15 = nn.compare ge, %p, %p : tensor<4xi1>, tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @select
// CHECK: linalg.generic {indexing_maps = [#[[COL]], #[[LAST]], #[[SCALAR]], #[[ID]]]
// CHECK: ^bb0(%[[C:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[R:.*]] = arith.select %[[C]], %[[T]], %[[F]] : f32
// CHECK: linalg.yield %[[R]]
func.func @select(%c: tensor<2x1xi1>, %t: tensor<3xf32>, %f: tensor<f32>) -> tensor<2x3xf32> {
  %0 = nn.select %c, %t, %f : tensor<2x1xi1>, tensor<3xf32>, tensor<f32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @float_unary
// CHECK: arith.negf
// CHECK: math.absf
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.rsqrt
// CHECK: math.tanh
// Sigmoid: 1 / (1 + e^-x).
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[NEG:.*]] = arith.negf %[[X]] : f32
// CHECK: %[[EXP:.*]] = math.exp %[[NEG]] : f32
// CHECK: %[[DEN:.*]] = arith.addf %[[ONE]], %[[EXP]] : f32
// CHECK: arith.divf %[[ONE]], %[[DEN]] : f32
// Relu keeps NaN.
// CHECK: ^bb0(%[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %[[Y]], %[[ZERO]] : f32
// Sign: 1, -1 or +0, NaN kept.
// CHECK: ^bb0(%[[Z:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.cmpf olt, %[[Z]]
// CHECK: arith.cmpf ogt, %[[Z]]
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[Z]], %[[Z]] : f32
// CHECK: arith.select %[[NAN]], %[[Z]]
func.func @float_unary(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = nn.neg %x : tensor<4xf32>
  %1 = nn.abs %x : tensor<4xf32>
  %2 = nn.exp %x : tensor<4xf32>
  %3 = nn.log %x : tensor<4xf32>
  %4 = nn.sqrt %x : tensor<4xf32>
  %5 = nn.rsqrt %x : tensor<4xf32>
  %6 = nn.tanh %x : tensor<4xf32>
  %7 = nn.sigmoid %x : tensor<4xf32>
  %8 = nn.relu %x : tensor<4xf32>
  %9 = nn.sign %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// f16 and bf16 functions are computed in f32 and rounded once.
// CHECK-LABEL: func.func @narrow_math
// CHECK: ^bb0(%[[X:.*]]: f16, %{{.*}}: f16):
// CHECK: %[[WIDE:.*]] = arith.extf %[[X]] : f16 to f32
// CHECK: %[[EXP:.*]] = math.exp %[[WIDE]] : f32
// CHECK: %[[R:.*]] = arith.truncf %[[EXP]] : f32 to f16
// CHECK: linalg.yield %[[R]] : f16
// CHECK: ^bb0(%[[A:.*]]: bf16, %[[B:.*]]: bf16, %{{.*}}: bf16):
// CHECK-DAG: %[[WA:.*]] = arith.extf %[[A]] : bf16 to f32
// CHECK-DAG: %[[WB:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK: %[[POW:.*]] = math.powf %[[WA]], %[[WB]] : f32
// CHECK: arith.truncf %[[POW]] : f32 to bf16
func.func @narrow_math(%x: tensor<4xf16>, %y: tensor<4xbf16>) -> (tensor<4xf16>, tensor<4xbf16>) {
  %0 = nn.exp %x : tensor<4xf16>
  %1 = nn.pow %y, %y : tensor<4xbf16>, tensor<4xbf16>
  return %0, %1 : tensor<4xf16>, tensor<4xbf16>
}

// -----

// CHECK-LABEL: func.func @int_unary
// Neg wraps.
// CHECK: ^bb0(%[[X0:.*]]: i64, %{{.*}}: i64):
// CHECK: %[[Z0:.*]] = arith.constant 0 : i64
// CHECK: arith.subi %[[Z0]], %[[X0]] : i64
// Abs: a select (|INT_MIN| wraps to INT_MIN).
// CHECK: ^bb0(%[[X1:.*]]: i64, %{{.*}}: i64):
// CHECK: %[[Z1:.*]] = arith.constant 0 : i64
// CHECK: %[[NEGATIVE:.*]] = arith.cmpi slt, %[[X1]], %[[Z1]] : i64
// CHECK: %[[MINUS:.*]] = arith.subi %[[Z1]], %[[X1]] : i64
// CHECK: arith.select %[[NEGATIVE]], %[[MINUS]], %[[X1]] : i64
// CHECK: arith.maxsi
// Sign: (x > 0) - (x < 0).
// CHECK: arith.cmpi sgt
// CHECK: arith.extui
// CHECK: arith.cmpi slt
// CHECK: arith.extui
// CHECK: arith.subi
func.func @int_unary(%x: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>) {
  %0 = nn.neg %x : tensor<4xi64>
  %1 = nn.abs %x : tensor<4xi64>
  %2 = nn.relu %x : tensor<4xi64>
  %3 = nn.sign %x : tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>
}

// -----

// Float to integer: NaN is 0, out-of-range values saturate, and fptosi only
// sees values in range.
// CHECK-LABEL: func.func @cast_float_to_int
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i32):
// CHECK-DAG: %[[LOW:.*]] = arith.constant -2.14748365E+9 : f32
// CHECK-DAG: %[[HIGH:.*]] = arith.constant 2.14748365E+9 : f32
// CHECK-DAG: %[[ABOVE:.*]] = arith.cmpf ogt, %[[X]], %[[LOW]] : f32
// CHECK-DAG: %[[BELOW:.*]] = arith.cmpf olt, %[[X]], %[[HIGH]] : f32
// CHECK: %[[IN:.*]] = arith.andi %[[ABOVE]], %[[BELOW]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[IN]], %[[X]], %{{.*}} : f32
// CHECK: %[[TRUNC:.*]] = arith.fptosi %[[SAFE]] : f32 to i32
// CHECK: %[[TOO_HIGH:.*]] = arith.cmpf oge, %[[X]], %[[HIGH]] : f32
// CHECK: %[[TOO_LOW:.*]] = arith.cmpf ole, %[[X]], %[[LOW]] : f32
// CHECK-DAG: %[[MAX:.*]] = arith.constant 2147483647 : i32
// CHECK-DAG: %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK: %[[SAT:.*]] = arith.select %[[TOO_HIGH]], %[[MAX]], %[[MIN]] : i32
// CHECK: %[[OUT:.*]] = arith.ori %[[TOO_HIGH]], %[[TOO_LOW]] : i1
// CHECK: %[[R:.*]] = arith.select %[[OUT]], %[[SAT]], %[[TRUNC]] : i32
// CHECK: linalg.yield %[[R]] : i32
// f16 goes through f32; i64 saturates at +-2^63.
// CHECK: ^bb0(%[[H:.*]]: f16, %{{.*}}: i64):
// CHECK: %[[HW:.*]] = arith.extf %[[H]] : f16 to f32
// CHECK: arith.constant -9.22337203E+18 : f32
// CHECK: arith.fptosi %{{.*}} : f32 to i64
func.func @cast_float_to_int(%x: tensor<4xf32>, %h: tensor<4xf16>) -> (tensor<4xi32>, tensor<4xi64>) {
  %0 = nn.cast %x : tensor<4xf32> to tensor<4xi32>
  %1 = nn.cast %h : tensor<4xf16> to tensor<4xi64>
  return %0, %1 : tensor<4xi32>, tensor<4xi64>
}

// -----

// To i1 is "!= 0" (NaN is true); from i1, false and true are 0 and 1.
// CHECK-LABEL: func.func @cast_bool
// CHECK: arith.cmpf une
// CHECK: arith.cmpi ne
// CHECK: arith.uitofp %{{.*}} : i1 to f16
// CHECK: arith.extui %{{.*}} : i1 to i32
func.func @cast_bool(%x: tensor<4xf64>, %i: tensor<4xi32>, %p: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xf16>, tensor<4xi32>) {
  %0 = nn.cast %x : tensor<4xf64> to tensor<4xi1>
  %1 = nn.cast %i : tensor<4xi32> to tensor<4xi1>
  %2 = nn.cast %p : tensor<4xi1> to tensor<4xf16>
  %3 = nn.cast %p : tensor<4xi1> to tensor<4xi32>
  return %0, %1, %2, %3 : tensor<4xi1>, tensor<4xi1>, tensor<4xf16>, tensor<4xi32>
}

// -----

// Between floats and integers of other widths; a cast to the same type is
// no op at all.
// CHECK-LABEL: func.func @cast_other
// CHECK-SAME: %[[X:[^:]*]]: tensor<4xf32>
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: arith.truncf %{{.*}} : f32 to f16
// f16 to bf16 through f32, which holds both exactly.
// CHECK: %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %[[W]] : f32 to bf16
// CHECK: arith.sitofp %{{.*}} : i64 to f32
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: arith.trunci %{{.*}} : i64 to i32
// CHECK: return %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[X]] :
func.func @cast_other(%x: tensor<4xf32>, %h: tensor<4xf16>, %i: tensor<4xi64>, %j: tensor<4xi32>) -> (tensor<4xf64>, tensor<4xf16>, tensor<4xbf16>, tensor<4xf32>, tensor<4xi64>, tensor<4xi32>, tensor<4xf32>) {
  %0 = nn.cast %x : tensor<4xf32> to tensor<4xf64>
  %1 = nn.cast %x : tensor<4xf32> to tensor<4xf16>
  %2 = nn.cast %h : tensor<4xf16> to tensor<4xbf16>
  %3 = nn.cast %i : tensor<4xi64> to tensor<4xf32>
  %4 = nn.cast %j : tensor<4xi32> to tensor<4xi64>
  %5 = nn.cast %i : tensor<4xi64> to tensor<4xi32>
  %6 = "nn.cast"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xf64>, tensor<4xf16>, tensor<4xbf16>, tensor<4xf32>, tensor<4xi64>, tensor<4xi32>, tensor<4xf32>
}

// -----

// LLVM rounds f64 and integers to bf16 through f32, which rounds twice; the
// lowering rounds to f32 with round-to-odd first (f64), or rounds the
// integer to 8 significant bits itself.
// CHECK-LABEL: func.func @cast_to_bf16
// CHECK: ^bb0(%[[X:.*]]: f64, %{{.*}}: bf16):
// CHECK: %[[F:.*]] = arith.truncf %[[X]] : f64 to f32
// CHECK: %[[BACK:.*]] = arith.extf %[[F]] : f32 to f64
// CHECK: %[[INEXACT:.*]] = arith.cmpf one, %[[X]], %[[BACK]] : f64
// CHECK: %[[BITS:.*]] = arith.bitcast %[[F]] : f32 to i32
// CHECK: %[[ODD:.*]] = arith.select %{{.*}}, %{{.*}}, %[[BITS]] : i32
// CHECK: %[[TO_ODD:.*]] = arith.bitcast %[[ODD]] : i32 to f32
// CHECK: %[[R:.*]] = arith.truncf %[[TO_ODD]] : f32 to bf16
// CHECK: linalg.yield %[[R]] : bf16
// CHECK: ^bb0(%[[I:.*]]: i32, %{{.*}}: bf16):
// CHECK: arith.extsi %[[I]] : i32 to i64
// CHECK: math.ctlz
// CHECK: arith.uitofp %{{.*}} : i64 to f32
// CHECK: arith.truncf %{{.*}} : f32 to bf16
// CHECK: arith.negf
func.func @cast_to_bf16(%x: tensor<4xf64>, %i: tensor<4xi32>) -> (tensor<4xbf16>, tensor<4xbf16>) {
  %0 = nn.cast %x : tensor<4xf64> to tensor<4xbf16>
  %1 = nn.cast %i : tensor<4xi32> to tensor<4xbf16>
  return %0, %1 : tensor<4xbf16>, tensor<4xbf16>
}

// -----

// A dynamic size of broadcast_to's result is the operand's aligned size, or
// 1 where the operand has no such dimension.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to
// CHECK-SAME: %[[A:[^:]*]]: tensor<?x3xf32>
// CHECK: %[[DIM:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x3xf32>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[DIM]]) : tensor<4x?x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[A]] : tensor<?x3xf32>) outs(%[[INIT]] : tensor<4x?x3xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[X]] : f32
// CHECK: %[[ONE:.*]] = arith.constant 1 : index
// CHECK: %[[INIT1:.*]] = tensor.empty(%[[ONE]]) : tensor<?x3xf32>
// CHECK: linalg.generic {{.*}} outs(%[[INIT1]] : tensor<?x3xf32>)
func.func @broadcast_to(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> (tensor<4x?x3xf32>, tensor<?x3xf32>) {
  %0 = nn.broadcast_to %a : tensor<?x3xf32> to tensor<4x?x3xf32>
  %1 = nn.broadcast_to %b : tensor<3xf32> to tensor<?x3xf32>
  return %0, %1 : tensor<4x?x3xf32>, tensor<?x3xf32>
}

// -----

// broadcast_like takes its sizes from `like`.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (0, d2)>
// CHECK-LABEL: func.func @broadcast_like
// CHECK-SAME: %[[X:[^:]*]]: tensor<1x3xi32>, %[[LIKE:[^:]*]]: tensor<?x?x3xf32>
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[LIKE]], %{{.*}} : tensor<?x?x3xf32>
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[LIKE]], %{{.*}} : tensor<?x?x3xf32>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?x3xi32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], {{.*}}]{{.*}} ins(%[[X]] : tensor<1x3xi32>) outs(%[[INIT]] : tensor<?x?x3xi32>)
func.func @broadcast_like(%x: tensor<1x3xi32>, %like: tensor<?x?x3xf32>) -> tensor<?x?x3xi32> {
  %0 = nn.broadcast_like %x, %like : tensor<1x3xi32>, tensor<?x?x3xf32> -> tensor<?x?x3xi32>
  return %0 : tensor<?x?x3xi32>
}

// -----

// unbroadcast sums over the leading dimensions that `like` lacks and where
// `like` has a static 1 that the operand does not have, into a zero-filled
// tensor of the other dimensions, then expands back to `like`'s shape.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-LABEL: func.func @unbroadcast
// CHECK-SAME: %[[X:[^:]*]]: tensor<2x1x4x5xi32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x5xi32>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : i32) outs(%[[EMPTY]] : tensor<1x5xi32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[KEPT]]], iterator_types = ["reduction", "parallel", "reduction", "parallel"]} ins(%[[X]] : tensor<2x1x4x5xi32>) outs(%[[INIT]] : tensor<1x5xi32>)
// CHECK: ^bb0(%[[IN_ELEM:.*]]: i32, %[[ACC:.*]]: i32):
// CHECK: %[[NEXT:.*]] = arith.addi %[[ACC]], %[[IN_ELEM]] : i32
// CHECK: linalg.yield %[[NEXT]] : i32
// CHECK: %[[R:.*]] = tensor.expand_shape %[[SUM]] {{\[}}[0], [1, 2]] output_shape [1, 1, 5] : tensor<1x5xi32> into tensor<1x1x5xi32>
// CHECK: return %[[R]]
func.func @unbroadcast(%x: tensor<2x1x4x5xi32>, %like: tensor<1x1x5xi32>) -> tensor<1x1x5xi32> {
  %0 = nn.unbroadcast %x, %like : tensor<2x1x4x5xi32>, tensor<1x1x5xi32> -> tensor<1x1x5xi32>
  return %0 : tensor<1x1x5xi32>
}

// -----

// A dynamic operand size against a static 1 of `like` is summed; a dynamic
// size of `like` is read as equal to the operand's (not summed).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[KEPT2:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @unbroadcast_dynamic
// CHECK-SAME: %[[X:[^:]*]]: tensor<?x?x3xf32>, %[[ONE:[^:]*]]: tensor<1x3xf32>, %[[LIKE:[^:]*]]: tensor<?x3xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<3xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[KEPT]]], iterator_types = ["reduction", "reduction", "parallel"]}
// CHECK: arith.addf
// CHECK: tensor.expand_shape %[[SUM]] {{\[}}[0, 1]] output_shape [1, 3] : tensor<3xf32> into tensor<1x3xf32>
// CHECK: %[[DIM:.*]] = tensor.dim %[[LIKE]], %{{.*}} : tensor<?x3xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[DIM]]) : tensor<?x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[KEPT2]]], iterator_types = ["reduction", "parallel", "parallel"]}
func.func @unbroadcast_dynamic(%x: tensor<?x?x3xf32>, %one: tensor<1x3xf32>, %like: tensor<?x3xf32>) -> (tensor<1x3xf32>, tensor<?x3xf32>) {
  %0 = nn.unbroadcast %x, %one : tensor<?x?x3xf32>, tensor<1x3xf32> -> tensor<1x3xf32>
  %1 = nn.unbroadcast %x, %like : tensor<?x?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  return %0, %1 : tensor<1x3xf32>, tensor<?x3xf32>
}

// -----

// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @one_hot
// CHECK-SAME: %[[I:[^:]*]]: tensor<?xi32>
// CHECK: %[[DIM:.*]] = tensor.dim %[[I]], %{{.*}} : tensor<?xi32>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[DIM]]) : tensor<?x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel"]} ins(%[[I]] : tensor<?xi32>) outs(%[[INIT]] : tensor<?x4xf32>)
// CHECK: ^bb0(%[[INDEX:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[WIDE:.*]] = arith.extsi %[[INDEX]] : i32 to i64
// CHECK: %[[POS:.*]] = linalg.index 1 : index
// CHECK: %[[POS64:.*]] = arith.index_cast %[[POS]] : index to i64
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %[[WIDE]], %[[POS64]] : i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[R:.*]] = arith.select %[[HIT]], %[[ONE]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @one_hot(%i: tensor<?xi32>) -> tensor<?x4xf32> {
  %0 = nn.one_hot %i {depth = 4 : i64} : tensor<?xi32> to tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Random numbers: Philox4x32-10 keyed by the seed on the row-major element
// index, in f64, rounded once to the element type.
// CHECK-DAG: #[[SEED:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @random_uniform
// CHECK-SAME: %[[SEED_T:[^:]*]]: tensor<i64>, %[[N:[^:]*]]: index
// CHECK: %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[SEED]], {{.*}}]{{.*}} ins(%[[SEED_T]] : tensor<i64>) outs(%[[INIT]] : tensor<?x3xf32>)
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.index_cast %{{.*}} : index to i64
// The multipliers and the key increments.
// CHECK-DAG: arith.constant 3528531795 : i64
// CHECK-DAG: arith.constant 3449720151 : i64
// CHECK-DAG: arith.constant -1640531527 : i32
// CHECK-DAG: arith.constant -1150833019 : i32
// 53 bits scaled by 2^-53, then low + (high - low) * u.
// CHECK: arith.constant 1.1102230246251565E-16 : f64
// CHECK: %[[LOW:.*]] = arith.constant -2.000000e+00 : f64
// CHECK: %[[SPAN:.*]] = arith.constant 5.000000e+00 : f64
// CHECK: %[[SCALED:.*]] = arith.mulf %[[SPAN]], %{{.*}} : f64
// CHECK: %[[VALUE:.*]] = arith.addf %[[LOW]], %[[SCALED]] : f64
// CHECK: %[[NARROW:.*]] = arith.truncf %[[VALUE]] : f64 to f32
// Values that round up to `high` become the largest f32 below it.
// CHECK: %[[TOP:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: %[[REACHES:.*]] = arith.cmpf oge, %[[NARROW]], %[[TOP]] : f32
// CHECK: %[[BELOW:.*]] = arith.constant 2.99999976 : f32
// CHECK: arith.select %[[REACHES]], %[[BELOW]], %[[NARROW]] : f32
func.func @random_uniform(%seed: tensor<i64>, %n: index) -> tensor<?x3xf32> {
  %0 = nn.random_uniform %seed[%n] {low = -2.0, high = 3.0} : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Box-Muller: mean + stddev * sqrt(-2 ln(1 - u1)) cos(2 pi u2).
// CHECK-LABEL: func.func @random_normal
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[COMPLEMENT:.*]] = arith.subf %[[ONE]], %{{.*}} : f64
// CHECK: %[[LOG:.*]] = math.log %[[COMPLEMENT]] : f64
// CHECK: %[[MINUS_TWO:.*]] = arith.constant -2.000000e+00 : f64
// CHECK: %[[PRODUCT:.*]] = arith.mulf %[[MINUS_TWO]], %[[LOG]] : f64
// CHECK: %[[RADIUS:.*]] = math.sqrt %[[PRODUCT]] : f64
// CHECK: %[[TWO_PI:.*]] = arith.constant 6.2831853071795862 : f64
// CHECK: %[[ARG:.*]] = arith.mulf %[[TWO_PI]], %{{.*}} : f64
// CHECK: %[[COS:.*]] = math.cos %[[ARG]] : f64
// CHECK: %[[Z:.*]] = arith.mulf %[[RADIUS]], %[[COS]] : f64
// CHECK: %[[MEAN:.*]] = arith.constant 1.000000e+01 : f64
// CHECK: %[[STDDEV:.*]] = arith.constant 5.000000e-01 : f64
// CHECK: %[[SCALED:.*]] = arith.mulf %[[STDDEV]], %[[Z]] : f64
// CHECK: %[[VALUE:.*]] = arith.addf %[[MEAN]], %[[SCALED]] : f64
// CHECK: linalg.yield %[[VALUE]] : f64
func.func @random_normal(%seed: tensor<i64>) -> tensor<4xf64> {
  %0 = nn.random_normal %seed {mean = 10.0, stddev = 0.5} : tensor<4xf64>
  return %0 : tensor<4xf64>
}
