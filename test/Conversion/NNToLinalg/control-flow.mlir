// convert-nn-to-linalg on nn.cond, nn.while and nn.for: scf.if on the
// extracted i1, scf.while whose condition forwards the carried values, and
// scf.for over the iteration count, whose induction value becomes the
// tensor<i64> the body takes. The nn ops in the regions are lowered like any
// other. The difftest inputs test/Runtime/Inputs/control-flow.mlir run them
// compiled.

// RUN: nn-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @cond(
// CHECK-SAME:      %[[P:.*]]: tensor<i1>, %[[X:.*]]: tensor<3xf32>, %[[W:.*]]: tensor<3xf32>)
// CHECK:         %[[C:.*]] = tensor.extract %[[P]][] : tensor<i1>
// CHECK:         %[[R:.*]] = scf.if %[[C]] -> (tensor<3xf32>) {
// CHECK:           %[[M:.*]] = linalg.{{.*}}ins(%[[X]], %[[W]]
// CHECK:           scf.yield %[[M]] : tensor<3xf32>
// CHECK:         } else {
// CHECK:           scf.yield %[[X]] : tensor<3xf32>
// CHECK:         }
// CHECK:         return %[[R]]
// CHECK-NOT:     nn.
func.func @cond(%p: tensor<i1>, %x: tensor<3xf32>, %w: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nn.cond %p (%x, %w) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    %1 = nn.mul %a, %b : tensor<3xf32>, tensor<3xf32>
    nn.yield %1 : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @while(
// CHECK-SAME:      %[[X:.*]]: tensor<2xf32>)
// CHECK:         %[[R:.*]] = scf.while (%[[A:.*]] = %[[X]]) : (tensor<2xf32>) -> tensor<2xf32> {
// CHECK:           %[[S:.*]] = linalg.generic {{.*}}iterator_types = ["reduction"]
// CHECK:           %[[LT:.*]] = linalg.generic
// CHECK:           %[[C:.*]] = tensor.extract %[[LT]][] : tensor<i1>
// CHECK:           scf.condition(%[[C]]) %[[A]] : tensor<2xf32>
// CHECK:         } do {
// CHECK:         ^bb0(%[[B:.*]]: tensor<2xf32>):
// CHECK:           %[[D:.*]] = linalg.{{.*}}ins(%[[B]], %[[B]]
// CHECK:           scf.yield %[[D]] : tensor<2xf32>
// CHECK:         }
// CHECK:         return %[[R]]
// CHECK-NOT:     nn.
func.func @while(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.while (%x) : (tensor<2xf32>) -> tensor<2xf32> cond {
  ^bb0(%a: tensor<2xf32>):
    %limit = nn.constant dense<100.0> : tensor<f32>
    %s = nn.reduce_sum %a : tensor<2xf32>
    %c = nn.compare lt, %s, %limit : tensor<f32>, tensor<f32>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<2xf32>):
    %b = nn.add %a, %a : tensor<2xf32>, tensor<2xf32>
    nn.yield %b : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

// The loop counts the iterations (ceil(9 / 3) = 3) and computes the
// induction value -2 + 3 k, so that bounds near the i64 limits cannot
// overflow the loop variable.
// CHECK-LABEL: func.func @for(
// CHECK-SAME:      %[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x4xf32>)
// CHECK-DAG:     %[[LB:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[UB:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[STEP:.*]] = arith.constant 1 : index
// CHECK:         %[[R:.*]]:2 = scf.for %[[K:.*]] = %[[LB]] to %[[UB]] step %[[STEP]] iter_args(%[[A:.*]] = %[[X]], %[[B:.*]] = %[[W]]) -> (tensor<?x4xf32>, tensor<4x4xf32>) {
// CHECK:           %[[K64:.*]] = arith.index_cast %[[K]] : index to i64
// CHECK:           %[[S:.*]] = arith.constant 3 : i64
// CHECK:           %[[OFF:.*]] = arith.muli %[[K64]], %[[S]] : i64
// CHECK:           %[[L:.*]] = arith.constant -2 : i64
// CHECK:           %[[IV:.*]] = arith.addi %[[L]], %[[OFF]] : i64
// CHECK:           %[[IT:.*]] = tensor.from_elements %[[IV]] : tensor<i64>
// CHECK:           %[[MM:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<?x4xf32>, tensor<4x4xf32>)
// CHECK:           linalg.generic {{.*}} ins(%[[IT]]
// CHECK:           scf.yield %{{.*}}, %[[B]] : tensor<?x4xf32>, tensor<4x4xf32>
// CHECK:         }
// CHECK:         return %[[R]]#0
// CHECK-NOT:     nn.
func.func @for(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>) -> tensor<?x4xf32> {
  %0:2 = nn.for -2 to 7 step 3 (%x, %w) : (tensor<?x4xf32>, tensor<4x4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>) {
  ^bb0(%i: tensor<i64>, %a: tensor<?x4xf32>, %b: tensor<4x4xf32>):
    %1 = nn.matmul %a, %b : tensor<?x4xf32>, tensor<4x4xf32>
    %f = nn.cast %i : tensor<i64> to tensor<f32>
    %2 = nn.mul %1, %f : tensor<?x4xf32>, tensor<f32>
    nn.yield %2, %b : tensor<?x4xf32>, tensor<4x4xf32>
  }
  return %0#0 : tensor<?x4xf32>
}
