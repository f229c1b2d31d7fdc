// Dimensions of size 0, static and dynamic at run time: compiled code gives
// what the interpreter gives (the contraction tiling used to crash on a
// static 0). A loop over an empty dimension leaves its init: a matmul with
// K = 0 is zeros, an empty max is -inf, an empty mean is 0 / 0.

// RUN: nn-run %s --function=matmuls --input=2x0xf32= --input=0x3xf32= \
// RUN:   --input=0x4xf32= --input=4x3xf32=1 --input=0x4xf32= \
// RUN:   --input=2x2x0xf32= --input=2x0x3xf32= --input=2x0xi32= --input=3x0xi32= \
// RUN:   | FileCheck %s --check-prefix=MATMULS
// RUN: nn-run %s --device=ref --function=matmuls --input=2x0xf32= --input=0x3xf32= \
// RUN:   --input=0x4xf32= --input=4x3xf32=1 --input=0x4xf32= \
// RUN:   --input=2x2x0xf32= --input=2x0x3xf32= --input=2x0xi32= --input=3x0xi32= \
// RUN:   | FileCheck %s --check-prefix=MATMULS
// RUN: nn-run %s --function=matmuls_dynamic --input=2x0xf32= --input=0x3xf32= \
// RUN:   --input=0x4xf32= --input=4x3xf32=1 --input=0x4xf32= \
// RUN:   --input=2x2x0xf32= --input=2x0x3xf32= --input=2x0xi32= --input=3x0xi32= \
// RUN:   | FileCheck %s --check-prefix=MATMULS
// MATMULS:      2x3xf32=[0 0 0][0 0 0]
// MATMULS-NEXT: 0x3xf32=[]
// MATMULS-NEXT: 3x0xf32=[]
// MATMULS-NEXT: 2x2x3xf32={{\[\[}}0 0 0][0 0 0]]{{\[\[}}0 0 0][0 0 0]]
// MATMULS-NEXT: 2x3xi32=[0 0 0][0 0 0]
func.func @matmuls(%a: tensor<2x0xf32>, %b: tensor<0x3xf32>,
                   %c: tensor<0x4xf32>, %d: tensor<4x3xf32>, %e: tensor<0x4xf32>,
                   %f: tensor<2x2x0xf32>, %g: tensor<2x0x3xf32>,
                   %i: tensor<2x0xi32>, %j: tensor<3x0xi32>)
    -> (tensor<2x3xf32>, tensor<0x3xf32>, tensor<3x0xf32>, tensor<2x2x3xf32>,
        tensor<2x3xi32>) {
  %k0 = nn.matmul %a, %b : tensor<2x0xf32>, tensor<0x3xf32>
  %m0 = nn.matmul %c, %d : tensor<0x4xf32>, tensor<4x3xf32>
  %n0 = nn.matmul %d, %e {transpose_lhs = true, transpose_rhs = true} : tensor<4x3xf32>, tensor<0x4xf32>
  %batched = nn.matmul %f, %g : tensor<2x2x0xf32>, tensor<2x0x3xf32>
  %int = nn.matmul %i, %j {transpose_rhs = true} : tensor<2x0xi32>, tensor<3x0xi32>
  return %k0, %m0, %n0, %batched, %int
      : tensor<2x3xf32>, tensor<0x3xf32>, tensor<3x0xf32>, tensor<2x2x3xf32>,
        tensor<2x3xi32>
}

func.func @matmuls_dynamic(%a: tensor<2x?xf32>, %b: tensor<?x3xf32>,
                   %c: tensor<?x4xf32>, %d: tensor<4x3xf32>, %e: tensor<?x4xf32>,
                   %f: tensor<2x2x?xf32>, %g: tensor<2x?x3xf32>,
                   %i: tensor<2x?xi32>, %j: tensor<3x?xi32>)
    -> (tensor<2x3xf32>, tensor<?x3xf32>, tensor<3x?xf32>, tensor<2x2x3xf32>,
        tensor<2x3xi32>) {
  %k0 = nn.matmul %a, %b : tensor<2x?xf32>, tensor<?x3xf32>
  %m0 = nn.matmul %c, %d : tensor<?x4xf32>, tensor<4x3xf32>
  %n0 = nn.matmul %d, %e {transpose_lhs = true, transpose_rhs = true} : tensor<4x3xf32>, tensor<?x4xf32>
  %batched = nn.matmul %f, %g : tensor<2x2x?xf32>, tensor<2x?x3xf32>
  %int = nn.matmul %i, %j {transpose_rhs = true} : tensor<2x?xi32>, tensor<3x?xi32>
  return %k0, %m0, %n0, %batched, %int
      : tensor<2x3xf32>, tensor<?x3xf32>, tensor<3x?xf32>, tensor<2x2x3xf32>,
        tensor<2x3xi32>
}

// An MLP layer on a batch of 0, static and dynamic, and its gradients
// (which sum over the empty batch: zeros).
// RUN: nn-run %s --function=layer --input=0x784xf32= --input=784x10xf32=0.5 \
// RUN:   --input=10xf32=1 | FileCheck %s --check-prefix=LAYER
// RUN: nn-run %s --device=ref --function=layer --input=0x784xf32= \
// RUN:   --input=784x10xf32=0.5 --input=10xf32=1 | FileCheck %s --check-prefix=LAYER
// RUN: nn-run %s --function=layer_dynamic --input=0x784xf32= \
// RUN:   --input=784x10xf32=0.5 --input=10xf32=1 | FileCheck %s --check-prefix=LAYER
// LAYER:      0x10xf32=[]
// LAYER-NEXT: f32=0
// LAYER-NEXT: 784x10xf32=[0 0 0 0 0 0 0 0 0 0][0 0
// LAYER:      10xf32=[0 0 0 0 0 0 0 0 0 0]
func.func @layer(%x: tensor<0x784xf32>, %w: tensor<784x10xf32>, %b: tensor<10xf32>)
    -> (tensor<0x10xf32>, tensor<f32>, tensor<784x10xf32>, tensor<10xf32>) {
  %p = func.call @probs(%x, %w, %b) : (tensor<0x784xf32>, tensor<784x10xf32>, tensor<10xf32>) -> tensor<0x10xf32>
  %l, %g:2 = nn.value_and_grad @loss(%x, %w, %b) {wrt = array<i64: 1, 2>}
      : (tensor<0x784xf32>, tensor<784x10xf32>, tensor<10xf32>)
      -> (tensor<f32>, tensor<784x10xf32>, tensor<10xf32>)
  return %p, %l, %g#0, %g#1 : tensor<0x10xf32>, tensor<f32>, tensor<784x10xf32>, tensor<10xf32>
}
func.func @probs(%x: tensor<0x784xf32>, %w: tensor<784x10xf32>, %b: tensor<10xf32>) -> tensor<0x10xf32> {
  %h = nn.matmul %x, %w : tensor<0x784xf32>, tensor<784x10xf32>
  %a = nn.add %h, %b : tensor<0x10xf32>, tensor<10xf32>
  %r = nn.relu %a : tensor<0x10xf32>
  %p = nn.softmax %r : tensor<0x10xf32>
  return %p : tensor<0x10xf32>
}
func.func @loss(%x: tensor<0x784xf32>, %w: tensor<784x10xf32>, %b: tensor<10xf32>) -> tensor<f32> {
  %p = func.call @probs(%x, %w, %b) : (tensor<0x784xf32>, tensor<784x10xf32>, tensor<10xf32>) -> tensor<0x10xf32>
  %s = nn.reduce_sum %p : tensor<0x10xf32>
  return %s : tensor<f32>
}
func.func @layer_dynamic(%x: tensor<?x784xf32>, %w: tensor<784x10xf32>, %b: tensor<10xf32>)
    -> (tensor<?x10xf32>, tensor<f32>, tensor<784x10xf32>, tensor<10xf32>) {
  %p = func.call @probs_dynamic(%x, %w, %b) : (tensor<?x784xf32>, tensor<784x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %l, %g:2 = nn.value_and_grad @loss_dynamic(%x, %w, %b) {wrt = array<i64: 1, 2>}
      : (tensor<?x784xf32>, tensor<784x10xf32>, tensor<10xf32>)
      -> (tensor<f32>, tensor<784x10xf32>, tensor<10xf32>)
  return %p, %l, %g#0, %g#1 : tensor<?x10xf32>, tensor<f32>, tensor<784x10xf32>, tensor<10xf32>
}
func.func @probs_dynamic(%x: tensor<?x784xf32>, %w: tensor<784x10xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %h = nn.matmul %x, %w : tensor<?x784xf32>, tensor<784x10xf32>
  %a = nn.add %h, %b : tensor<?x10xf32>, tensor<10xf32>
  %r = nn.relu %a : tensor<?x10xf32>
  %p = nn.softmax %r : tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}
func.func @loss_dynamic(%x: tensor<?x784xf32>, %w: tensor<784x10xf32>, %b: tensor<10xf32>) -> tensor<f32> {
  %p = func.call @probs_dynamic(%x, %w, %b) : (tensor<?x784xf32>, tensor<784x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %s = nn.reduce_sum %p : tensor<?x10xf32>
  return %s : tensor<f32>
}

// Convolutions and pooling with an empty batch, input channels (an empty
// reduction: zeros) or filters.
// RUN: nn-run %s --function=windows --input=0x4x4x1xf32= --input=3x3x1x2xf32=1 \
// RUN:   --input=1x4x4x0xf32= --input=3x3x0x2xf32= --input=1x4x4x1xf32=1 \
// RUN:   --input=3x3x1x0xf32= | FileCheck %s --check-prefix=WINDOWS
// RUN: nn-run %s --device=ref --function=windows --input=0x4x4x1xf32= \
// RUN:   --input=3x3x1x2xf32=1 --input=1x4x4x0xf32= --input=3x3x0x2xf32= \
// RUN:   --input=1x4x4x1xf32=1 --input=3x3x1x0xf32= | FileCheck %s --check-prefix=WINDOWS
// WINDOWS:      0x2x2x2xf32=[]
// WINDOWS-NEXT: 1x2x2x2xf32={{\[\[\[}}0 0][0 0]]{{\[\[}}0 0][0 0]]]
// WINDOWS-NEXT: 1x2x2x0xf32=[]
// WINDOWS-NEXT: 0x2x2x1xf32=[]
// WINDOWS-NEXT: 1x2x2x0xf32=[]
// WINDOWS-NEXT: 3x3x1x2xf32={{\[\[\[}}0 0]]{{\[\[}}0 0]]{{\[\[}}0 0]]]{{\[\[\[}}0 0]]{{\[\[}}0 0]]{{\[\[}}0 0]]]{{\[\[\[}}0 0]]{{\[\[}}0 0]]{{\[\[}}0 0]]]
func.func @windows(%x0: tensor<0x4x4x1xf32>, %w: tensor<3x3x1x2xf32>,
                   %xc: tensor<1x4x4x0xf32>, %wc: tensor<3x3x0x2xf32>,
                   %x: tensor<1x4x4x1xf32>, %wf: tensor<3x3x1x0xf32>)
    -> (tensor<0x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x0xf32>,
        tensor<0x2x2x1xf32>, tensor<1x2x2x0xf32>, tensor<3x3x1x2xf32>) {
  %n0 = nn.conv2d %x0, %w : tensor<0x4x4x1xf32>, tensor<3x3x1x2xf32>
  %c0 = nn.conv2d %xc, %wc : tensor<1x4x4x0xf32>, tensor<3x3x0x2xf32>
  %f0 = nn.conv2d %x, %wf : tensor<1x4x4x1xf32>, tensor<3x3x1x0xf32>
  %max = nn.max_pool2d %x0 {window = array<i64: 2, 2>} : tensor<0x4x4x1xf32>
  %avg = nn.avg_pool2d %xc {window = array<i64: 2, 2>} : tensor<1x4x4x0xf32>
  %g = nn.grad @conv_sum(%x0, %w) {wrt = array<i64: 1>}
      : (tensor<0x4x4x1xf32>, tensor<3x3x1x2xf32>) -> tensor<3x3x1x2xf32>
  return %n0, %c0, %f0, %max, %avg, %g
      : tensor<0x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x0xf32>,
        tensor<0x2x2x1xf32>, tensor<1x2x2x0xf32>, tensor<3x3x1x2xf32>
}
func.func @conv_sum(%x: tensor<0x4x4x1xf32>, %w: tensor<3x3x1x2xf32>) -> tensor<f32> {
  %y = nn.conv2d %x, %w : tensor<0x4x4x1xf32>, tensor<3x3x1x2xf32>
  %s = nn.reduce_sum %y : tensor<0x2x2x2xf32>
  return %s : tensor<f32>
}

// Reductions over empty axes give their identity (the mean 0 / 0); softmax
// and argmax of empty tensors are empty.
// RUN: nn-run %s --function=reductions --input=3x0xf32= --input=0x2xi32= \
// RUN:   | FileCheck %s --check-prefix=REDUCTIONS
// RUN: nn-run %s --device=ref --function=reductions --input=3x0xf32= \
// RUN:   --input=0x2xi32= | FileCheck %s --check-prefix=REDUCTIONS
// REDUCTIONS:      3xf32=[0 0 0]
// REDUCTIONS-NEXT: 3xf32=[nan nan nan]
// REDUCTIONS-NEXT: 3xf32=[-inf -inf -inf]
// REDUCTIONS-NEXT: i32=2147483647
// REDUCTIONS-NEXT: 0xi64=[]
// REDUCTIONS-NEXT: 3x0xf32=[]
// REDUCTIONS-NEXT: 0x3xf32=[]
func.func @reductions(%x: tensor<3x0xf32>, %i: tensor<0x2xi32>)
    -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<i32>, tensor<0xi64>,
        tensor<3x0xf32>, tensor<0x3xf32>) {
  %sum = nn.reduce_sum %x {axes = array<i64: 1>} : tensor<3x0xf32>
  %mean = nn.reduce_mean %x {axes = array<i64: 1>} : tensor<3x0xf32>
  %max = nn.reduce_max %x {axes = array<i64: 1>} : tensor<3x0xf32>
  %min = nn.reduce_min %i : tensor<0x2xi32>
  %t = nn.transpose %x, [1, 0] : tensor<3x0xf32>
  %arg = nn.argmax %t {axis = 1 : i64} : tensor<0x3xf32>
  %softmax = nn.softmax %x : tensor<3x0xf32>
  %log = nn.log_softmax %t : tensor<0x3xf32>
  return %sum, %mean, %max, %min, %arg, %softmax, %log
      : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<i32>, tensor<0xi64>,
        tensor<3x0xf32>, tensor<0x3xf32>
}
