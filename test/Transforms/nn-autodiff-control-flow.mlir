// nn-autodiff through nn.cond and nn.for. The numbers are checked against
// finite differences in unittests/Transforms/GradCheckTest.cpp; this test
// checks the structure of the generated IR.
// RUN: nn-opt %s -nn-autodiff -split-input-file | FileCheck %s
// RUN: nn-opt %s -nn-autodiff -canonicalize -cse -split-input-file | FileCheck %s --check-prefix=CLEAN

// The VJP of a cond is a cond on the same predicate. Its operands are the
// forward inputs and the gradient of the result; each branch recomputes its
// forward ops and yields the gradients of the inputs (zeros for %w in the
// else branch, which does not read it). The predicate gets none.
// CHECK-LABEL: func.func private @cond__grad_w1_2
// CHECK-SAME:      (%[[P:.*]]: tensor<i1>, %[[X:.*]]: tensor<3xf32>, %[[W:.*]]: tensor<3xf32>)
// CHECK:         %[[FWD:.*]] = nn.cond %[[P]] (%[[X]], %[[W]])
// CHECK:         %[[SEED:.*]] = nn.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[G:.*]] = nn.broadcast_to %{{.*}} : tensor<1xf32> to tensor<3xf32>
// CHECK:         %[[VJP:.*]]:2 = nn.cond %[[P]] (%[[X]], %[[W]], %[[G]]) : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[GA:.*]]: tensor<3xf32>):
// CHECK-NEXT:      nn.mul %[[A]], %[[B]]
// CHECK-NEXT:      %[[DA:.*]] = nn.mul %[[GA]], %[[B]]
// CHECK-NEXT:      %[[DB:.*]] = nn.mul %[[GA]], %[[A]]
// CHECK-NEXT:      nn.yield %[[DA]], %[[DB]] : tensor<3xf32>, tensor<3xf32>
// CHECK-NEXT:    } else {
// CHECK-NEXT:    ^bb0(%[[A2:.*]]: tensor<3xf32>, %[[B2:.*]]: tensor<3xf32>, %[[GA2:.*]]: tensor<3xf32>):
// CHECK-NEXT:      %[[T:.*]] = nn.tanh %[[A2]]
// CHECK:           %[[DA2:.*]] = nn.mul %[[GA2]], %{{.*}}
// CHECK-NEXT:      %[[ZERO:.*]] = nn.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:      nn.yield %[[DA2]], %[[ZERO]] : tensor<3xf32>, tensor<3xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[VJP]]#0, %[[VJP]]#1
// After cleanup the unused forward cond is gone.
// CLEAN-LABEL: func.func private @cond__grad_w1_2
// CLEAN-NOT:     nn.tanh
// CLEAN:         nn.cond
// CLEAN:         nn.tanh
// CLEAN-NOT:     nn.cond
// CLEAN:         return
func.func @cond(%p: tensor<i1>, %x: tensor<3xf32>, %w: tensor<3xf32>) -> tensor<f32> {
  %0 = nn.cond %p (%x, %w) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    %1 = nn.mul %a, %b : tensor<3xf32>, tensor<3xf32>
    nn.yield %1 : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    %1 = nn.tanh %a : tensor<3xf32>
    nn.yield %1 : tensor<3xf32>
  }
  %2 = nn.reduce_sum %0 : tensor<3xf32>
  return %2 : tensor<f32>
}
func.func @g(%p: tensor<i1>, %x: tensor<3xf32>, %w: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0:2 = nn.grad @cond(%p, %x, %w) {wrt = array<i64: 1, 2>} : (tensor<i1>, tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return %0#0, %0#1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// nn.for with its static trip count: the reverse pass unrolls the loop (here
// 3 iterations: 0, 2, 4), recomputing the forward states, then undoes the
// iterations last to first. The induction values become constants.
// CHECK-LABEL: func.func private @rnn__grad_w1
// CHECK-SAME:      (%[[X:.*]]: tensor<2xf32>, %[[W:.*]]: tensor<2xf32>)
// CHECK:         nn.for 0 to 6 step 2
// CHECK:         nn.constant dense<0> : tensor<i64>
// CHECK:         %[[M0:.*]] = nn.mul %[[X]], %[[W]]
// CHECK-NEXT:    %[[H1:.*]] = nn.tanh %[[M0]]
// CHECK-NEXT:    nn.constant dense<2> : tensor<i64>
// CHECK-NEXT:    %[[M1:.*]] = nn.mul %[[H1]], %[[W]]
// CHECK-NEXT:    %[[H2:.*]] = nn.tanh %[[M1]]
// CHECK-NEXT:    nn.constant dense<4> : tensor<i64>
// CHECK-NEXT:    %[[M2:.*]] = nn.mul %[[H2]], %[[W]]
// CHECK-NEXT:    %[[H3:.*]] = nn.tanh %[[M2]]
// CHECK-NOT:     nn.for
// CHECK:         nn.mul %{{.*}}, %[[H2]]
// CHECK:         nn.mul %{{.*}}, %[[H1]]
// CHECK:         nn.mul %{{.*}}, %[[X]]
// CHECK:         return
// CLEAN-LABEL: func.func private @rnn__grad_w1
// CLEAN-NOT:     nn.for
// CLEAN:         return
func.func @rnn(%x: tensor<2xf32>, %w: tensor<2xf32>) -> tensor<f32> {
  %0:2 = nn.for 0 to 6 step 2 (%x, %w) : (tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %a: tensor<2xf32>, %b: tensor<2xf32>):
    %1 = nn.mul %a, %b : tensor<2xf32>, tensor<2xf32>
    %2 = nn.tanh %1 : tensor<2xf32>
    nn.yield %2, %b : tensor<2xf32>, tensor<2xf32>
  }
  %3 = nn.reduce_sum %0#0 : tensor<2xf32>
  return %3 : tensor<f32>
}
func.func @h(%x: tensor<2xf32>, %w: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.grad @rnn(%x, %w) {wrt = array<i64: 1>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
