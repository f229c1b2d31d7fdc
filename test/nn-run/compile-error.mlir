// A compile failure names the op and its location in the user's IR.
// RUN: not nn-run %s --function=g --input=f32=1 2>&1 | FileCheck %s
// CHECK: compile-error.mlir:[[@LINE+2]]:8: error: 'func.call' op cannot differentiate 'rec': it is recursive
func.func @rec(%x: tensor<f32>) -> tensor<f32> {
  %0 = func.call @rec(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @g(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.grad @rec(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
