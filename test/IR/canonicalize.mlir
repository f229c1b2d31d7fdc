// Folders of the nn ops under MLIR's canonicalizer. Each rewrite is exact:
// no value can change.
// RUN: nn-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @identities
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xf32>
  %1 = nn.reshape %x : tensor<2x3xf32> to tensor<2x3xf32>
  %2 = nn.broadcast_to %x : tensor<2x3xf32> to tensor<2x3xf32>
  %3 = nn.transpose %x, [0, 1] : tensor<2x3xf32>
  %4 = nn.concat %x {axis = 1 : i64} : tensor<2x3xf32>
  %5 = nn.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 3>} : tensor<2x3xf32>
  %6 = nn.pad %x {low = array<i64: 0, 0>, high = array<i64: 0, 0>, value = 1.0 : f64} : tensor<2x3xf32>
  %n = nn.neg %x : tensor<2x3xf32>
  %7 = nn.neg %n : tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Ops that look like identities but are not stay.
// CHECK-LABEL: func.func @not_identities
// CHECK: nn.cast
// CHECK: nn.slice
// CHECK: nn.slice
// CHECK: nn.pad
// CHECK: nn.transpose
func.func @not_identities(%x: tensor<4x4xf32>) -> (tensor<4x4xf16>, tensor<3x4xf32>, tensor<2x4xf32>, tensor<5x4xf32>, tensor<4x4xf32>) {
  %0 = nn.cast %x : tensor<4x4xf32> to tensor<4x4xf16>
  %1 = nn.slice %x {start = array<i64: 1, 0>, limit = array<i64: 4, 4>} : tensor<4x4xf32>
  %2 = nn.slice %x {start = array<i64: 0, 0>, limit = array<i64: 4, 4>, strides = array<i64: 2, 1>} : tensor<4x4xf32>
  %3 = nn.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>} : tensor<4x4xf32>
  %4 = nn.transpose %x, [1, 0] : tensor<4x4xf32>
  return %0, %1, %2, %3, %4 : tensor<4x4xf16>, tensor<3x4xf32>, tensor<2x4xf32>, tensor<5x4xf32>, tensor<4x4xf32>
}

// -----

// CHECK-LABEL: func.func @idempotent
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[A:.*]] = nn.abs %[[X]]
// CHECK-NEXT: %[[R:.*]] = nn.relu %[[X]]
// CHECK-NEXT: return %[[A]], %[[R]]
func.func @idempotent(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = nn.abs %x : tensor<3xf32>
  %1 = nn.abs %0 : tensor<3xf32>
  %2 = nn.relu %x : tensor<3xf32>
  %3 = nn.relu %2 : tensor<3xf32>
  return %1, %3 : tensor<3xf32>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.*]] = nn.reshape %[[X]] : tensor<2x3x4xf32> to tensor<4x6xf32>
// CHECK-NEXT: return %[[R]], %[[X]]
func.func @reshape_chain(%x: tensor<2x3x4xf32>) -> (tensor<4x6xf32>, tensor<2x3x4xf32>) {
  %0 = nn.reshape %x : tensor<2x3x4xf32> to tensor<24xf32>
  %1 = nn.reshape %0 : tensor<24xf32> to tensor<4x6xf32>
  %2 = nn.reshape %0 : tensor<24xf32> to tensor<2x3x4xf32>
  return %1, %2 : tensor<4x6xf32>, tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = nn.transpose %[[X]], [1, 2, 0] : tensor<2x3x4xf32>
// CHECK-NEXT: return %[[T]], %[[X]]
func.func @transpose_chain(%x: tensor<2x3x4xf32>) -> (tensor<3x4x2xf32>, tensor<2x3x4xf32>) {
  %0 = nn.transpose %x, [2, 0, 1] : tensor<2x3x4xf32>
  %1 = nn.transpose %0, [2, 0, 1] : tensor<4x2x3xf32>
  %2 = nn.transpose %0, [1, 2, 0] : tensor<4x2x3xf32>
  return %1, %2 : tensor<3x4x2xf32>, tensor<2x3x4xf32>
}

// -----

// A transposed splat is a splat, at any size (constant folding in general
// stops at 2^20 elements; linalg's would build the transpose element by
// element).
// CHECK-LABEL: func.func @transpose_splat
// CHECK-NEXT: %[[C:.*]] = nn.constant dense<1.500000e+00> : tensor<4096x2048xf32>
// CHECK-NEXT: return %[[C]]
func.func @transpose_splat() -> tensor<4096x2048xf32> {
  %c = nn.constant dense<1.5> : tensor<2048x4096xf32>
  %t = nn.transpose %c, [1, 0] : tensor<2048x4096xf32>
  return %t : tensor<4096x2048xf32>
}

// -----

// Constants fold through reshape and broadcast_to of a splat; equal
// constants are uniqued.
// CHECK-LABEL: func.func @constants
// CHECK-DAG: %[[R:.*]] = nn.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = nn.constant dense<5.000000e-01> : tensor<3x2xf32>
// CHECK-NOT: nn.reshape
// CHECK-NOT: nn.broadcast_to
// CHECK: return %[[R]], %[[B]], %[[B]]
func.func @constants() -> (tensor<2x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %c = nn.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = nn.reshape %c : tensor<4xf32> to tensor<2x2xf32>
  %s = nn.constant dense<0.5> : tensor<2xf32>
  %1 = nn.broadcast_to %s : tensor<2xf32> to tensor<3x2xf32>
  %2 = nn.constant dense<0.5> : tensor<3x2xf32>
  return %0, %1, %2 : tensor<2x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// Dynamic shapes: folds that need static types leave the ops alone.
// CHECK-LABEL: func.func @dynamic
// CHECK: nn.reshape %{{.*}} : tensor<?x4xf32> to tensor<?xf32>
// CHECK-NOT: nn.broadcast_to
func.func @dynamic(%x: tensor<?x4xf32>) -> (tensor<?xf32>, tensor<?x4xf32>) {
  %0 = nn.reshape %x : tensor<?x4xf32> to tensor<?xf32>
  %1 = nn.broadcast_to %x : tensor<?x4xf32> to tensor<?x4xf32>
  return %0, %1 : tensor<?xf32>, tensor<?x4xf32>
}

// -----

// Unused pure ops are erased.
// CHECK-LABEL: func.func @dead
// CHECK-NEXT: return
func.func @dead(%x: tensor<3x3xf32>) {
  %0 = nn.exp %x : tensor<3x3xf32>
  %1 = nn.matmul %0, %0 {transpose_rhs = true} : tensor<3x3xf32>, tensor<3x3xf32>
  return
}

// -----

// A reshape chain that can only fail at run time (no multiple of 8 elements
// is 6) is left alone rather than turned into an invalid reshape.
// CHECK-LABEL: func.func @reshape_chain_runtime_error
// CHECK: nn.reshape %{{.*}} : tensor<?x8xf32> to tensor<?x2xf32>
// CHECK: nn.reshape %{{.*}} : tensor<?x2xf32> to tensor<3x2xf32>
func.func @reshape_chain_runtime_error(%x: tensor<?x8xf32>) -> tensor<3x2xf32> {
  %0 = nn.reshape %x : tensor<?x8xf32> to tensor<?x2xf32>
  %1 = nn.reshape %0 : tensor<?x2xf32> to tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// Algebraic identities, each exact for every value (NaN, infinities, -0):
// x + (-0), x - (+0), x * 1, x / 1, x ^ 1, max(x, x), min(x, x).
// CHECK-LABEL: func.func @algebra
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<3xi32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[I]], %[[I]]
func.func @algebra(%x: tensor<2x3xf32>, %i: tensor<3xi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xi32>, tensor<3xi32>) {
  %mz = nn.constant dense<-0.0> : tensor<f32>
  %pz = nn.constant dense<0.0> : tensor<f32>
  %one = nn.constant dense<1.0> : tensor<3xf32>
  %izero = nn.constant dense<0> : tensor<i32>
  %ione = nn.constant dense<1> : tensor<3xi32>
  %0 = nn.add %x, %mz : tensor<2x3xf32>, tensor<f32>
  %1 = nn.sub %x, %pz : tensor<2x3xf32>, tensor<f32>
  %2 = nn.mul %one, %x : tensor<3xf32>, tensor<2x3xf32>
  %3 = nn.div %x, %one : tensor<2x3xf32>, tensor<3xf32>
  %4 = nn.pow %x, %one : tensor<2x3xf32>, tensor<3xf32>
  %5 = nn.maximum %x, %x : tensor<2x3xf32>, tensor<2x3xf32>
  %6 = nn.minimum %x, %x : tensor<2x3xf32>, tensor<2x3xf32>
  %7 = nn.add %i, %izero : tensor<3xi32>, tensor<i32>
  %8 = nn.mul %i, %ione : tensor<3xi32>, tensor<3xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xi32>, tensor<3xi32>
}

// -----

// Not identities: x + (+0) would turn -0 into +0; x * 0 would turn NaN and
// infinities into 0; a broadcast that grows the shape is not the operand.
// CHECK-LABEL: func.func @not_algebra
// CHECK: nn.add
// CHECK: nn.mul
// CHECK: nn.mul
// CHECK: nn.sub
func.func @not_algebra(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<3xf32>) {
  %pz = nn.constant dense<0.0> : tensor<f32>
  %one = nn.constant dense<1.0> : tensor<2x3xf32>
  %mz = nn.constant dense<-0.0> : tensor<f32>
  %0 = nn.add %x, %pz : tensor<3xf32>, tensor<f32>
  %1 = nn.mul %x, %pz : tensor<3xf32>, tensor<f32>
  %2 = nn.mul %x, %one : tensor<3xf32>, tensor<2x3xf32>
  %3 = nn.sub %x, %mz : tensor<3xf32>, tensor<f32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<3xf32>
}

// -----

// select on a constant condition, or between equal values.
// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[C:.*]]: tensor<3xi1>)
// CHECK-NEXT: return %[[A]], %[[B]], %[[A]]
func.func @select(%a: tensor<3xf32>, %b: tensor<3xf32>, %c: tensor<3xi1>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %t = nn.constant dense<true> : tensor<i1>
  %f = nn.constant dense<false> : tensor<3xi1>
  %0 = nn.select %t, %a, %b : tensor<i1>, tensor<3xf32>, tensor<3xf32>
  %1 = nn.select %f, %a, %b : tensor<3xi1>, tensor<3xf32>, tensor<3xf32>
  %2 = nn.select %c, %a, %a : tensor<3xi1>, tensor<3xf32>, tensor<3xf32>
  return %0, %1, %2 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// A fusion that yields an input unchanged forwards it; unused results and
// inputs go; an empty fusion disappears.
// CHECK-LABEL: func.func @fusion_cleanup
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>)
// CHECK: %[[F:.*]] = nn.fusion "elementwise"(%[[X]]) : (tensor<3xf32>) -> tensor<3xf32>
// CHECK: nn.exp
// CHECK-NOT: nn.fusion
// CHECK: return %[[F]], %[[Y]]
func.func @fusion_cleanup(%x: tensor<3xf32>, %y: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0:3 = nn.fusion "elementwise"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    %e = nn.exp %a : tensor<3xf32>
    %t = nn.tanh %a : tensor<3xf32>
    nn.yield %e, %b, %t : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
  }
  %1 = nn.fusion "elementwise"(%y) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return %0#0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// A cond on a constant predicate is replaced by the branch it takes, its
// block arguments by the inputs.
// CHECK-LABEL: func.func @cond_constant
// CHECK-SAME:      (%[[X:.*]]: tensor<3xf32>, %[[W:.*]]: tensor<3xf32>)
// CHECK-NOT:     nn.cond
// CHECK:         %[[T:.*]] = nn.mul %[[X]], %[[W]]
// CHECK-NOT:     nn.cond
// CHECK:         %[[E:.*]] = nn.tanh %[[X]]
// CHECK:         return %[[T]], %[[E]]
func.func @cond_constant(%x: tensor<3xf32>, %w: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %yes = nn.constant dense<true> : tensor<i1>
  %no = nn.constant dense<false> : tensor<i1>
  %0 = nn.cond %yes (%x, %w) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    %1 = nn.mul %a, %b : tensor<3xf32>, tensor<3xf32>
    nn.yield %1 : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  %2 = nn.cond %no (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>):
    %3 = nn.tanh %a : tensor<3xf32>
    nn.yield %3 : tensor<3xf32>
  }
  return %0, %2 : tensor<3xf32>, tensor<3xf32>
}

// -----

// A cond on a predicate known only at run time stays.
// CHECK-LABEL: func.func @cond_variable
// CHECK:         nn.cond
func.func @cond_variable(%p: tensor<i1>, %x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nn.cond %p (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>):
    %1 = nn.exp %a : tensor<3xf32>
    nn.yield %1 : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return %0 : tensor<3xf32>
}

// -----

// A loop without iterations is its inits; a loop with one iteration is its
// body, on the induction value as a constant (here folded on through the
// cast); a longer one stays.
// CHECK-LABEL: func.func @for_short
// CHECK-SAME:      (%[[X:.*]]: tensor<3xf32>)
// CHECK:         %[[F:.*]] = nn.constant dense<7.000000e+00> : tensor<f32>
// CHECK:         %[[ONE:.*]] = nn.mul %[[X]], %[[F]]
// CHECK:         %[[LOOP:.*]] = nn.for 0 to 2 step 1 (%[[X]])
// CHECK:         return %[[X]], %[[ONE]], %[[LOOP]]
func.func @for_short(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = nn.for 5 to 5 step 1 (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<3xf32>):
    %1 = nn.neg %a : tensor<3xf32>
    nn.yield %1 : tensor<3xf32>
  }
  %2 = nn.for 7 to 9 step 5 (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<3xf32>):
    %f = nn.cast %i : tensor<i64> to tensor<f32>
    %3 = nn.mul %a, %f : tensor<3xf32>, tensor<f32>
    nn.yield %3 : tensor<3xf32>
  }
  %4 = nn.for 0 to 2 step 1 (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<3xf32>):
    %5 = nn.neg %a : tensor<3xf32>
    nn.yield %5 : tensor<3xf32>
  }
  return %0, %2, %4 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
