// nn-run on the default device, the JIT (--device=cpu). Values are compared
// with the reference interpreter's within the default threshold; the CLI
// itself is tested with --device=ref elsewhere in this directory.

// The default device is cpu, at any batch size.
// RUN: nn-run %s --function=mlp --input="1x4xf32=1.5 0.5 0 -1" \
// RUN:   --expected_output="1x3xf32=[0.6299152 0.18504243 0.18504243]" \
// RUN:   --expected_output="1xi64=[0]" | FileCheck %s --check-prefix=ONE
// ONE: 1x3xf32=[0.6299152 0.1850424{{[34]}} 0.1850424{{[34]}}]
// ONE-NEXT: 1xi64=[0]
// RUN: nn-run %s --device=cpu --opt-level=0 --function=mlp --input="7x4xf32=0.5" \
// RUN:   | FileCheck %s --check-prefix=SEVEN
// SEVEN: 7x3xf32=[0.327064{{[0-9]*}} 0.191073{{[0-9]*}} 0.481861{{[0-9]*}}][0.327064
// SEVEN-NEXT: 7xi64=[2 2 2 2 2 2 2]
// RUN: nn-run %s --opt-level=3 --function=mlp --input="129x4xf32=-1" --benchmark=2 \
// RUN:   | FileCheck %s --check-prefix=BIG
// BIG: 129x3xf32=
// BIG: benchmark: 2 runs, median {{[0-9.]+}} ms, min {{[0-9.]+}} ms, max {{[0-9.]+}} ms
func.func @mlp(%x: tensor<?x4xf32>) -> (tensor<?x3xf32>, tensor<?xi64>) {
  %w = nn.constant dense<[[0.5, -1.0, 0.25], [1.0, 0.5, -0.5], [-0.75, 0.25, 1.0], [0.125, -0.5, 0.5]]> : tensor<4x3xf32>
  %b = nn.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
  %0 = nn.matmul %x, %w : tensor<?x4xf32>, tensor<4x3xf32>
  %1 = nn.add %0, %b : tensor<?x3xf32>, tensor<3xf32>
  %2 = nn.relu %1 : tensor<?x3xf32>
  %3 = nn.softmax %2 : tensor<?x3xf32>
  %4 = nn.argmax %3 {axis = 1 : i64} : tensor<?x3xf32>
  return %3, %4 : tensor<?x3xf32>, tensor<?xi64>
}

// Gradients run compiled too (nn-autodiff is part of the pipeline).
// RUN: nn-run %s --function=grad --input="3xf32=1 -2 0.5" | FileCheck %s --check-prefix=GRAD
// GRAD: 3xf32=[2 -4 1]
func.func @square_sum(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = nn.mul %x, %x : tensor<3xf32>, tensor<3xf32>
  %1 = nn.reduce_sum %0 : tensor<3xf32>
  return %1 : tensor<f32>
}
func.func @grad(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nn.grad @square_sum(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// Every shape rule is checked on the concrete shapes before compiled code
// runs: a dynamic size that contradicts a static one is an error, never an
// out-of-bounds access.
// RUN: not nn-run %s --function=add --input=2x3xf32=1 --input=4x3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SHAPE
// SHAPE: nn-run: error: {{.*}}cpu.mlir:[[@LINE+2]]:8: 'nn.add' op lhs of shape 2x3 and rhs of shape 4x3 are not broadcast compatible: 2 vs 4 at result dimension 0
func.func @add(%a: tensor<?x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = nn.add %a, %b : tensor<?x3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// A dynamic size-1 dimension that broadcasts is the interpreter's only.
// RUN: not nn-run %s --function=add --input=1x3xf32=1 --input=4x3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DYNBCAST
// DYNBCAST: 'nn.add' op lhs dimension 0 is dynamic and has size 1, which broadcasts to 4; compiled code needs such a dimension to be static (tensor<1x...>), or run with --device=ref
// RUN: nn-run %s --device=ref --function=add --input=1x3xf32=1 --input=4x3xf32=1 \
// RUN:   | FileCheck %s --check-prefix=REFBCAST
// REFBCAST: 4x3xf32=[2 2 2][2 2 2][2 2 2][2 2 2]

// Index results are not supported by compiled calls yet.
// RUN: not nn-run %s --function=index_result --input=2x3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INDEX
// INDEX: nn-run: error: function 'index_result' returns a non-tensor value (index), which compiled calls do not support yet; run it with --device=ref
func.func @index_result(%a: tensor<?x3xf32>) -> index {
  %c0 = arith.constant 0 : index
  %0 = tensor.dim %a, %c0 : tensor<?x3xf32>
  return %0 : index
}

// Private functions can be called by name.
// RUN: nn-run %s --function=hidden --input="2xf32=1 2" | FileCheck %s --check-prefix=HIDDEN
// HIDDEN: 2xf32=[2 4]
func.func private @hidden(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %a, %a : tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

// A bad --opt-level is refused.
// RUN: not nn-run %s --function=hidden --input="2xf32=1 2" --opt-level=4 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OPT
// OPT: nn-run: error: --opt-level must be 0, 1, 2 or 3
