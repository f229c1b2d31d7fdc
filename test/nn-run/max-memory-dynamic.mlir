// --max-memory bounds the tensors that dynamic shapes make at run time too,
// on both devices, before anything is allocated: the compiled code's shape
// check used this machine's memory as the limit, and an interpreted loop
// whose shapes depend on data allocated until memory ran out.

// An outer product of two 20000-vectors is 1.6 GB: over a 1 GB limit.
// RUN: not nn-run %s --function=outer --input=20000x1xf32=1 --input=1x20000xf32=1 \
// RUN:   --max-memory=1000000000 2>&1 | FileCheck %s --check-prefix=OUTER
// RUN: not nn-run %s --device=ref --function=outer --input=20000x1xf32=1 \
// RUN:   --input=1x20000xf32=1 --max-memory=1000000000 2>&1 | FileCheck %s --check-prefix=OUTER
// OUTER: nn-run: error: {{.*}}max-memory-dynamic.mlir:[[@LINE+3]]:8: 'nn.matmul' op result 20000x20000xf32 needs 1600000000 bytes; a tensor may have at most 1000000000 (the memory limit)
// An intermediate counts as a result does.
func.func @outer(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> tensor<f32> {
  %m = nn.matmul %a, %b : tensor<?x1xf32>, tensor<1x?xf32>
  %s = nn.reduce_sum %m : tensor<?x?xf32>
  return %s : tensor<f32>
}

// Within the limit, it runs.
// RUN: nn-run %s --function=outer --input=200x1xf32=1 --input=1x200xf32=1 \
// RUN:   --max-memory=1000000000 | FileCheck %s --check-prefix=SMALL
// SMALL: f32=40000

// A loop that doubles a tensor until its sum reaches a limit given as data:
// only the run knows the shapes, and each op is checked before its kernel
// allocates (the interpreter alone runs such loops).
// RUN: not nn-run %s --device=ref --function=grow --input=1xf32=1 --input=f32=1e30 \
// RUN:   --max-memory=100000000 2>&1 | FileCheck %s --check-prefix=GROW
// GROW: nn-run: error: {{.*}}max-memory-dynamic.mlir:[[@LINE+12]]:10: 'nn.concat' op result 33554432xf32 needs 134217728 bytes; a tensor may have at most 100000000 (the memory limit)
// RUN: nn-run %s --device=ref --function=grow --input=1xf32=1 --input=f32=10 \
// RUN:   --max-memory=100000000 | FileCheck %s --check-prefix=GROWN
// GROWN: 16xf32=[1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1]
func.func @grow(%x: tensor<?xf32>, %limit: tensor<f32>) -> tensor<?xf32> {
  %0:2 = nn.while (%x, %limit) : (tensor<?xf32>, tensor<f32>) -> (tensor<?xf32>, tensor<f32>) cond {
  ^bb0(%a: tensor<?xf32>, %l: tensor<f32>):
    %s = nn.reduce_sum %a : tensor<?xf32>
    %c = nn.compare lt, %s, %l : tensor<f32>, tensor<f32>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<?xf32>, %l: tensor<f32>):
    %b = nn.concat %a, %a {axis = 0 : i64} : tensor<?xf32>, tensor<?xf32>
    nn.yield %b, %l : tensor<?xf32>, tensor<f32>
  }
  return %0#0 : tensor<?xf32>
}
