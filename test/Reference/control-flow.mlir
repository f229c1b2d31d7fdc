// nn.cond, nn.while and nn.for on the reference interpreter, and their
// shape checks (which run before the values are computed).

// Both branches of a cond, chosen by the predicate.
// RUN: nn-run --device=ref %s --function=cond --input="i1=1" \
// RUN:   --input="3xf32=[1 2 3]" --input="3xf32=[2 2 2]" | FileCheck %s --check-prefix=THEN
// THEN: 3xf32=[2 4 6]{{$}}
// RUN: nn-run --device=ref %s --function=cond --input="i1=0" \
// RUN:   --input="3xf32=[1 2 3]" --input="3xf32=[2 2 2]" | FileCheck %s --check-prefix=ELSE
// ELSE: 3xf32=[-1 0 1]{{$}}
func.func @cond(%p: tensor<i1>, %x: tensor<3xf32>, %w: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nn.cond %p (%x, %w) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    %1 = nn.mul %a, %b : tensor<3xf32>, tensor<3xf32>
    nn.yield %1 : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    %1 = nn.sub %a, %b : tensor<3xf32>, tensor<3xf32>
    nn.yield %1 : tensor<3xf32>
  }
  return %0 : tensor<3xf32>
}

// The predicate computed from a tensor; the branches give different
// dynamic shapes, which only the run can tell.
// RUN: nn-run --device=ref %s --function=cond_shapes --input="3xf32=[1 2 3]" \
// RUN:   | FileCheck %s --check-prefix=SHAPES-POS
// SHAPES-POS: 6xf32=[1 2 3 1 2 3]{{$}}
// RUN: nn-run --device=ref %s --function=cond_shapes --input="3xf32=[-1 -2 -3]" \
// RUN:   | FileCheck %s --check-prefix=SHAPES-NEG
// SHAPES-NEG: 3xf32=[-1 -2 -3]{{$}}
func.func @cond_shapes(%x: tensor<?xf32>) -> tensor<?xf32> {
  %s = nn.reduce_sum %x : tensor<?xf32>
  %zero = nn.constant dense<0.0> : tensor<f32>
  %p = nn.compare gt, %s, %zero : tensor<f32>, tensor<f32>
  %0 = nn.cond %p (%x) : (tensor<?xf32>) -> tensor<?xf32> {
  ^bb0(%a: tensor<?xf32>):
    %1 = nn.concat %a, %a {axis = 0 : i64} : tensor<?xf32>, tensor<?xf32>
    nn.yield %1 : tensor<?xf32>
  } else {
  ^bb0(%a: tensor<?xf32>):
    nn.yield %a : tensor<?xf32>
  }
  return %0 : tensor<?xf32>
}

// A shape error inside the branch taken is reported at its op; the branch
// not taken is not run, so its shapes do not matter.
// RUN: not nn-run --device=ref %s --function=cond_error --input="i1=1" \
// RUN:   --input="2x3xf32=0" 2>&1 | FileCheck %s --check-prefix=COND-ERROR
// COND-ERROR: control-flow.mlir:[[@LINE+7]]:{{[0-9]+}}: 'nn.matmul' op contracting dimensions differ
// RUN: nn-run --device=ref %s --function=cond_error --input="i1=0" \
// RUN:   --input="2x3xf32=0" | FileCheck %s --check-prefix=COND-NO-ERROR
// COND-NO-ERROR: 2x3xf32=[0 0 0][0 0 0]{{$}}
func.func @cond_error(%p: tensor<i1>, %x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = nn.cond %p (%x) : (tensor<?x?xf32>) -> tensor<?x?xf32> {
  ^bb0(%a: tensor<?x?xf32>):
    %1 = nn.matmul %a, %a : tensor<?x?xf32>, tensor<?x?xf32>
    nn.yield %1 : tensor<?x?xf32>
  } else {
  ^bb0(%a: tensor<?x?xf32>):
    nn.yield %a : tensor<?x?xf32>
  }
  return %0 : tensor<?x?xf32>
}

// A while loop: doubles x until its sum reaches 100, counting the steps.
// RUN: nn-run --device=ref %s --function=while --input="2xf32=[1 2]" \
// RUN:   | FileCheck %s --check-prefix=WHILE
// WHILE: 2xf32=[64 128]{{$}}
// WHILE-NEXT: i64=6{{$}}
// No iteration when the condition is false at once.
// RUN: nn-run --device=ref %s --function=while --input="2xf32=[100 2]" \
// RUN:   | FileCheck %s --check-prefix=WHILE0
// WHILE0: 2xf32=[100 2]{{$}}
// WHILE0-NEXT: i64=0{{$}}
func.func @while(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<i64>) {
  %n = nn.constant dense<0> : tensor<i64>
  %0:2 = nn.while (%x, %n) : (tensor<2xf32>, tensor<i64>) -> (tensor<2xf32>, tensor<i64>) cond {
  ^bb0(%a: tensor<2xf32>, %i: tensor<i64>):
    %limit = nn.constant dense<100.0> : tensor<f32>
    %s = nn.reduce_sum %a : tensor<2xf32>
    %c = nn.compare lt, %s, %limit : tensor<f32>, tensor<f32>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<2xf32>, %i: tensor<i64>):
    %one = nn.constant dense<1> : tensor<i64>
    %j = nn.add %i, %one : tensor<i64>, tensor<i64>
    %b = nn.add %a, %a : tensor<2xf32>, tensor<2xf32>
    nn.yield %b, %j : tensor<2xf32>, tensor<i64>
  }
  return %0#0, %0#1 : tensor<2xf32>, tensor<i64>
}

// A while loop whose carried shape grows: the shapes cannot be checked
// ahead, so they are checked op by op during the run.
// RUN: nn-run --device=ref %s --function=while_grow --input="1xf32=[1]" \
// RUN:   | FileCheck %s --check-prefix=GROW
// GROW: 8xf32=[1 1 1 1 1 1 1 1]{{$}}
// Compiled code needs the result shapes before it runs, so it refuses.
// RUN: not nn-run --device=cpu %s --function=while_grow --input="1xf32=[1]" \
// RUN:   2>&1 | FileCheck %s --check-prefix=GROW-CPU
// GROW-CPU: control-flow.mlir:[[@LINE+2]]:{{[0-9]+}}: 'nn.while' op cannot check shapes without running: loop-carried value 0 is 1xf32 or 2xf32, depending on a predicate computed from data
func.func @while_grow(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = nn.while (%x) : (tensor<?xf32>) -> tensor<?xf32> cond {
  ^bb0(%a: tensor<?xf32>):
    %limit = nn.constant dense<8.0> : tensor<f32>
    %s = nn.reduce_sum %a : tensor<?xf32>
    %c = nn.compare lt, %s, %limit : tensor<f32>, tensor<f32>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<?xf32>):
    %b = nn.concat %a, %a {axis = 0 : i64} : tensor<?xf32>, tensor<?xf32>
    nn.yield %b : tensor<?xf32>
  }
  return %0 : tensor<?xf32>
}

// A for loop: the induction values -2, 1, 4 (ceil(9 / 3) = 3 iterations)
// are summed, and x is scaled by w each time.
// RUN: nn-run --device=ref %s --function=for --input="2xf32=[1 -1]" \
// RUN:   --input="2xf32=[2 3]" | FileCheck %s --check-prefix=FOR
// FOR: 2xf32=[8 -27]{{$}}
// FOR-NEXT: i64=3{{$}}
func.func @for(%x: tensor<2xf32>, %w: tensor<2xf32>) -> (tensor<2xf32>, tensor<i64>) {
  %zero = nn.constant dense<0> : tensor<i64>
  %0:3 = nn.for -2 to 7 step 3 (%x, %w, %zero) : (tensor<2xf32>, tensor<2xf32>, tensor<i64>) -> (tensor<2xf32>, tensor<2xf32>, tensor<i64>) {
  ^bb0(%i: tensor<i64>, %a: tensor<2xf32>, %b: tensor<2xf32>, %s: tensor<i64>):
    %1 = nn.mul %a, %b : tensor<2xf32>, tensor<2xf32>
    %2 = nn.add %s, %i : tensor<i64>, tensor<i64>
    nn.yield %1, %b, %2 : tensor<2xf32>, tensor<2xf32>, tensor<i64>
  }
  return %0#0, %0#2 : tensor<2xf32>, tensor<i64>
}

// No iteration when upper <= lower.
// RUN: nn-run --device=ref %s --function=for_empty --input="2xf32=[1 -1]" \
// RUN:   | FileCheck %s --check-prefix=FOR0
// FOR0: 2xf32=[1 -1]{{$}}
func.func @for_empty(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.for 5 to 5 step 1 (%x) : (tensor<2xf32>) -> tensor<2xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<2xf32>):
    %1 = nn.neg %a : tensor<2xf32>
    nn.yield %1 : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// A matmul inside a loop, batch-dynamic, with a cond nested in the body.
// RUN: nn-run --device=ref %s --function=nested --input="1x2xf32=[1 2]" \
// RUN:   --input="2x2xf32=[0 1][1 0]" | FileCheck %s --check-prefix=NESTED
// NESTED: 1x2xf32=[4 2]{{$}}
func.func @nested(%x: tensor<?x2xf32>, %w: tensor<2x2xf32>) -> tensor<?x2xf32> {
  %0:2 = nn.for 0 to 3 step 1 (%x, %w) : (tensor<?x2xf32>, tensor<2x2xf32>) -> (tensor<?x2xf32>, tensor<2x2xf32>) {
  ^bb0(%i: tensor<i64>, %a: tensor<?x2xf32>, %b: tensor<2x2xf32>):
    %1 = nn.matmul %a, %b : tensor<?x2xf32>, tensor<2x2xf32>
    %one = nn.constant dense<1> : tensor<i64>
    %p = nn.compare eq, %i, %one : tensor<i64>, tensor<i64>
    %2 = nn.cond %p (%1) : (tensor<?x2xf32>) -> tensor<?x2xf32> {
    ^bb0(%c: tensor<?x2xf32>):
      %3 = nn.add %c, %c : tensor<?x2xf32>, tensor<?x2xf32>
      nn.yield %3 : tensor<?x2xf32>
    } else {
    ^bb0(%c: tensor<?x2xf32>):
      %3 = nn.neg %c : tensor<?x2xf32>
      nn.yield %3 : tensor<?x2xf32>
    }
    nn.yield %2, %b : tensor<?x2xf32>, tensor<2x2xf32>
  }
  return %0#0 : tensor<?x2xf32>
}
