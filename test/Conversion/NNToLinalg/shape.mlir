// RUN: nn-opt %s --convert-nn-to-linalg | FileCheck %s

// Lowering of nn.reshape, nn.transpose, nn.concat, nn.slice and nn.pad (the
// numbers are checked in run-shape.mlir).

//===----------------------------------------------------------------------===//
// nn.reshape
//===----------------------------------------------------------------------===//

// Merging trailing dimensions is a collapse; the dynamic batch stays.
// CHECK-LABEL: func.func @reshape_collapse(
// CHECK-SAME:      %[[X:.*]]: tensor<?x28x28xf32>)
// CHECK:         %[[R:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0], [1, 2]] : tensor<?x28x28xf32> into tensor<?x784xf32>
// CHECK:         return %[[R]]
func.func @reshape_collapse(%x: tensor<?x28x28xf32>) -> tensor<?x784xf32> {
  %0 = nn.reshape %x : tensor<?x28x28xf32> to tensor<?x784xf32>
  return %0 : tensor<?x784xf32>
}

// Splitting a dimension is an expansion; its dynamic size comes from
// tensor.dim.
// CHECK-LABEL: func.func @reshape_expand(
// CHECK-SAME:      %[[X:.*]]: tensor<?x784xf32>)
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x784xf32>
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2]] output_shape [%[[D0]], 28, 28] : tensor<?x784xf32> into tensor<?x28x28xf32>
// CHECK:         return %[[R]]
func.func @reshape_expand(%x: tensor<?x784xf32>) -> tensor<?x28x28xf32> {
  %0 = nn.reshape %x : tensor<?x784xf32> to tensor<?x28x28xf32>
  return %0 : tensor<?x28x28xf32>
}

// The dynamic size shares its group with a static one: it is the source
// size divided by the static one.
// CHECK-LABEL: func.func @reshape_expand_divide(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf32>
// CHECK:         %[[C3:.*]] = arith.constant 3 : index
// CHECK:         %[[Q:.*]] = arith.divui %[[D0]], %[[C3]] : index
// CHECK:         tensor.expand_shape %[[X]] {{\[\[}}0, 1]] output_shape [%[[Q]], 3] : tensor<?xf32> into tensor<?x3xf32>
func.func @reshape_expand_divide(%x: tensor<?xf32>) -> tensor<?x3xf32> {
  %0 = nn.reshape %x : tensor<?xf32> to tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// A static operand resolves the dynamic result size at compile time.
// CHECK-LABEL: func.func @reshape_static_operand(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4xi32>, %[[Y:.*]]: tensor<12xi32>)
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<2x3x4xi32> into tensor<6x4xi32>
// CHECK:         %[[CC:.*]] = tensor.cast %[[C]] : tensor<6x4xi32> to tensor<?x4xi32>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[Y]] {{\[\[}}0, 1]] output_shape [2, 6] : tensor<12xi32> into tensor<2x6xi32>
// CHECK:         %[[EC:.*]] = tensor.cast %[[E]] : tensor<2x6xi32> to tensor<2x?xi32>
// CHECK:         return %[[CC]], %[[EC]]
func.func @reshape_static_operand(%x: tensor<2x3x4xi32>, %y: tensor<12xi32>) -> (tensor<?x4xi32>, tensor<2x?xi32>) {
  %0 = nn.reshape %x : tensor<2x3x4xi32> to tensor<?x4xi32>
  %1 = nn.reshape %y : tensor<12xi32> to tensor<2x?xi32>
  return %0, %1 : tensor<?x4xi32>, tensor<2x?xi32>
}

// To and from rank 0: an empty reassociation.
// CHECK-LABEL: func.func @reshape_rank0(
// CHECK-SAME:      %[[X:.*]]: tensor<f32>, %[[Y:.*]]: tensor<1x1xi1>)
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[X]] [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[Y]] [] : tensor<1x1xi1> into tensor<i1>
// CHECK:         return %[[E]], %[[C]]
func.func @reshape_rank0(%x: tensor<f32>, %y: tensor<1x1xi1>) -> (tensor<1x1xf32>, tensor<i1>) {
  %0 = nn.reshape %x : tensor<f32> to tensor<1x1xf32>
  %1 = nn.reshape %y : tensor<1x1xi1> to tensor<i1>
  return %0, %1 : tensor<1x1xf32>, tensor<i1>
}

// Not a collapse or an expansion: tensor.reshape with a shape built from
// the result sizes.
// CHECK-LABEL: func.func @reshape_general_static(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf32>)
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[S:.*]] = tensor.from_elements %[[C3]], %[[C2]] : tensor<2xindex>
// CHECK:         %[[R:.*]] = tensor.reshape %[[X]](%[[S]]) : (tensor<2x3xf32>, tensor<2xindex>) -> tensor<3x2xf32>
// CHECK:         return %[[R]]
func.func @reshape_general_static(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = nn.reshape %x : tensor<2x3xf32> to tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// The one dynamic result size is the element count over the product of the
// static result sizes.
// CHECK-LABEL: func.func @reshape_general_dynamic(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?x4xf32>)
// CHECK-DAG:     %[[C6:.*]] = arith.constant 6 : index
// CHECK-DAG:     %[[D0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x4xf32>
// CHECK-DAG:     %[[D1:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x4xf32>
// CHECK:         %[[P:.*]] = arith.muli %[[D0]], %[[D1]] : index
// CHECK:         %[[C4:.*]] = arith.constant 4 : index
// CHECK:         %[[N:.*]] = arith.muli %[[P]], %[[C4]] : index
// CHECK:         %[[C6B:.*]] = arith.constant 6 : index
// CHECK:         %[[Q:.*]] = arith.divui %[[N]], %[[C6B]] : index
// CHECK:         %[[S:.*]] = tensor.from_elements %[[C6]], %[[Q]] : tensor<2xindex>
// CHECK:         tensor.reshape %[[X]](%[[S]]) : (tensor<?x?x4xf32>, tensor<2xindex>) -> tensor<6x?xf32>
func.func @reshape_general_dynamic(%x: tensor<?x?x4xf32>) -> tensor<6x?xf32> {
  %0 = nn.reshape %x : tensor<?x?x4xf32> to tensor<6x?xf32>
  return %0 : tensor<6x?xf32>
}

// Where a static result size would take a dynamic operand size (or the
// other way round), a collapse or an expansion could disagree with the
// row-major reshape at run time: tensor.reshape.
// CHECK-LABEL: func.func @reshape_dynamic_group(
// CHECK-NOT:     tensor.collapse_shape
// CHECK-NOT:     tensor.expand_shape
// CHECK:         tensor.reshape {{.*}} -> tensor<?x4xf32>
// CHECK-NOT:     tensor.collapse_shape
// CHECK-NOT:     tensor.expand_shape
// CHECK:         tensor.reshape {{.*}} -> tensor<?x2x2xf32>
func.func @reshape_dynamic_group(%x: tensor<?x4x?xf32>, %y: tensor<?x?xf32>) -> (tensor<?x4xf32>, tensor<?x2x2xf32>) {
  %0 = nn.reshape %x : tensor<?x4x?xf32> to tensor<?x4xf32>
  %1 = nn.reshape %y : tensor<?x?xf32> to tensor<?x2x2xf32>
  return %0, %1 : tensor<?x4xf32>, tensor<?x2x2xf32>
}

// A dynamic result size with dynamic operand sizes in its group is still a
// collapse: the other groups are static.
// CHECK-LABEL: func.func @reshape_dynamic_collapse(
// CHECK:         tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<?x?x4xf32> into tensor<?x4xf32>
func.func @reshape_dynamic_collapse(%x: tensor<?x?x4xf32>) -> tensor<?x4xf32> {
  %0 = nn.reshape %x : tensor<?x?x4xf32> to tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

//===----------------------------------------------------------------------===//
// nn.transpose
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME:      %[[X:.*]]: tensor<?x2x3xf32>)
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x2x3xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[D0]]) : tensor<3x?x2xf32>
// CHECK:         %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<?x2x3xf32>) outs(%[[E]] : tensor<3x?x2xf32>) permutation = [2, 0, 1]
// CHECK:         return %[[T]]
func.func @transpose(%x: tensor<?x2x3xf32>) -> tensor<3x?x2xf32> {
  %0 = nn.transpose %x, [2, 0, 1] : tensor<?x2x3xf32>
  return %0 : tensor<3x?x2xf32>
}

//===----------------------------------------------------------------------===//
// nn.concat
//===----------------------------------------------------------------------===//

// Static inputs: constant offsets along the (negative) axis.
// CHECK-LABEL: func.func @concat_static(
// CHECK-SAME:      %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x5xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK:         %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x8xf32>
// CHECK:         %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, 3] [2, 5] [1, 1] : tensor<2x5xf32> into tensor<2x8xf32>
// CHECK:         return %[[I1]]
func.func @concat_static(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %0 = nn.concat %a, %b {axis = -1 : i64} : tensor<2x3xf32>, tensor<2x5xf32>
  return %0 : tensor<2x8xf32>
}

// Dynamic sizes along the axis: the result size and the offsets add up
// tensor.dim values.
// CHECK-LABEL: func.func @concat_dynamic(
// CHECK-SAME:      %[[A:.*]]: tensor<?x2xf32>, %[[B:.*]]: tensor<?x2xf32>, %[[C:.*]]: tensor<3x2xf32>)
// CHECK-DAG:     %[[DA:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x2xf32>
// CHECK-DAG:     %[[DB:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x2xf32>
// CHECK:         %[[S0:.*]] = arith.addi %[[DA]], %{{.*}} : index
// CHECK:         %[[S1:.*]] = arith.addi %[[S0]], %[[DB]] : index
// CHECK:         %[[E:.*]] = tensor.empty(%[[S1]]) : tensor<?x2xf32>
// CHECK:         %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [%[[DA]], 2] [1, 1]
// CHECK:         %[[I1:.*]] = tensor.insert_slice %[[C]] into %[[I0]][%[[DA]], 0] [3, 2] [1, 1]
// CHECK:         %[[O2:.*]] = arith.addi %[[DA]], %{{.*}} : index
// CHECK:         %[[I2:.*]] = tensor.insert_slice %[[B]] into %[[I1]][%[[O2]], 0] [%[[DB]], 2] [1, 1]
// CHECK:         return %[[I2]]
func.func @concat_dynamic(%a: tensor<?x2xf32>, %b: tensor<?x2xf32>, %c: tensor<3x2xf32>) -> tensor<?x2xf32> {
  %0 = nn.concat %a, %c, %b {axis = 0 : i64} : tensor<?x2xf32>, tensor<3x2xf32>, tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// One input is the result.
// CHECK-LABEL: func.func @concat_one(
// CHECK-SAME:      %[[A:.*]]: tensor<?x2xi1>)
// CHECK-NEXT:    return %[[A]]
func.func @concat_one(%a: tensor<?x2xi1>) -> tensor<?x2xi1> {
  %0 = nn.concat %a {axis = 1 : i64} : tensor<?x2xi1>
  return %0 : tensor<?x2xi1>
}

//===----------------------------------------------------------------------===//
// nn.slice
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @slice(
// CHECK-SAME:      %[[X:.*]]: tensor<4x5xi32>, %[[Y:.*]]: tensor<?x5xf32>)
// CHECK:         %[[S0:.*]] = tensor.extract_slice %[[X]][1, 0] [2, 2] [2, 3] : tensor<4x5xi32> to tensor<2x2xi32>
// CHECK:         %[[S1:.*]] = tensor.extract_slice %[[Y]][0, 1] [2, 3] [1, 1] : tensor<?x5xf32> to tensor<2x3xf32>
// CHECK:         return %[[S0]], %[[S1]]
func.func @slice(%x: tensor<4x5xi32>, %y: tensor<?x5xf32>) -> (tensor<2x2xi32>, tensor<2x3xf32>) {
  %0 = nn.slice %x {start = array<i64: 1, 0>, limit = array<i64: 4, 5>, strides = array<i64: 2, 3>} : tensor<4x5xi32>
  %1 = nn.slice %y {start = array<i64: 0, 1>, limit = array<i64: 2, 4>} : tensor<?x5xf32>
  return %0, %1 : tensor<2x2xi32>, tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// nn.pad
//===----------------------------------------------------------------------===//

// A tensor filled with the value, with the operand inserted at `low` with
// strides `interior + 1`.
// CHECK-LABEL: func.func @pad_static(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK:         %[[V:.*]] = arith.constant 1.500000e+00 : f32
// CHECK:         %[[F:.*]] = linalg.fill ins(%[[V]] : f32) outs(%[[E]] : tensor<4x8xf32>)
// CHECK:         %[[R:.*]] = tensor.insert_slice %[[X]] into %[[F]][1, 2] [2, 3] [2, 1] : tensor<2x3xf32> into tensor<4x8xf32>
// CHECK:         return %[[R]]
func.func @pad_static(%x: tensor<2x3xf32>) -> tensor<4x8xf32> {
  %0 = nn.pad %x {low = array<i64: 1, 2>, high = array<i64: 0, 3>, interior = array<i64: 1, 0>, value = 1.5} : tensor<2x3xf32>
  return %0 : tensor<4x8xf32>
}

// A dynamic size pads to size + low + high + interior * (max(size, 1) - 1).
// CHECK-LABEL: func.func @pad_dynamic(
// CHECK-SAME:      %[[X:.*]]: tensor<?x3xf32>)
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3xf32>
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[P:.*]] = arith.addi %[[D0]], %[[C1]] : index
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[M:.*]] = arith.maxsi %[[D0]], %[[ONE]] : index
// CHECK:         %[[G:.*]] = arith.subi %[[M]], %[[ONE]] : index
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[GS:.*]] = arith.muli %[[G]], %[[C2]] : index
// CHECK:         %[[SZ:.*]] = arith.addi %[[P]], %[[GS]] : index
// CHECK:         %[[E:.*]] = tensor.empty(%[[SZ]]) : tensor<?x5xf32>
// CHECK:         %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x5xf32>)
// CHECK:         tensor.insert_slice %[[X]] into %[[F]][1, 0] [%[[D0]], 3] [3, 1] : tensor<?x3xf32> into tensor<?x5xf32>
func.func @pad_dynamic(%x: tensor<?x3xf32>) -> tensor<?x5xf32> {
  %0 = nn.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 2>, interior = array<i64: 2, 0>} : tensor<?x3xf32>
  return %0 : tensor<?x5xf32>
}

// The value converts like a float stored into the element type: integers
// truncate toward zero and saturate, NaN gives 0, i1 is value != 0 (NaN is
// true); f16 rounds.
// CHECK-LABEL: func.func @pad_values(
// CHECK:         arith.constant -7 : i32
// CHECK:         arith.constant 2147483647 : i32
// CHECK:         arith.constant -9223372036854775808 : i64
// CHECK:         arith.constant 0 : i64
// CHECK:         arith.constant true
// CHECK:         arith.constant false
// CHECK:         arith.constant 9.997550e-02 : f16
func.func @pad_values(%i: tensor<2xi32>, %l: tensor<2xi64>, %b: tensor<2xi1>, %h: tensor<2xf16>)
    -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi64>, tensor<3xi64>, tensor<3xi1>, tensor<3xi1>, tensor<3xf16>) {
  %0 = nn.pad %i {low = array<i64: 1>, high = array<i64: 0>, value = -7.9} : tensor<2xi32>
  %1 = nn.pad %i {low = array<i64: 1>, high = array<i64: 0>, value = 1.0e10} : tensor<2xi32>
  %2 = nn.pad %l {low = array<i64: 1>, high = array<i64: 0>, value = -1.0e30} : tensor<2xi64>
  %3 = nn.pad %l {low = array<i64: 1>, high = array<i64: 0>, value = 0x7FF8000000000000 : f64} : tensor<2xi64>
  %4 = nn.pad %b {low = array<i64: 1>, high = array<i64: 0>, value = 0x7FF8000000000000 : f64} : tensor<2xi1>
  %5 = nn.pad %b {low = array<i64: 1>, high = array<i64: 0>, value = -0.0} : tensor<2xi1>
  %6 = nn.pad %h {low = array<i64: 1>, high = array<i64: 0>, value = 0.1} : tensor<2xf16>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<3xi32>, tensor<3xi32>, tensor<3xi64>, tensor<3xi64>, tensor<3xi1>, tensor<3xi1>, tensor<3xf16>
}
