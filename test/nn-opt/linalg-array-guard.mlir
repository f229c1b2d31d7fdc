// MLIR 22's linalg parser stores a malformed `permutation` (linalg.transpose)
// or `dimensions` (linalg.broadcast, linalg.reduce) as a null attribute and
// segfaults (docs/UpstreamBugs.md; found by nn-fuzz-parse). nn-opt, nn-run
// and the embedding API find them before parsing: a located error, exit 1.

// RUN: not nn-opt %s -split-input-file 2>&1 | FileCheck %s
// RUN: not nn-run %s --input=2x3xf32=1 --input=3x2xf32=0 2>&1 | FileCheck %s --check-prefix=NN-RUN-TOOL
// RUN: %python -c "import subprocess, sys; sys.exit(subprocess.run([r'nn-opt', r'%s'], capture_output=True).returncode != 1)"
// RUN: nn-opt %S/Inputs/linalg-array-lookalikes.mlir | FileCheck %s --check-prefix=GOOD
// GOOD: linalg.transpose ins(%{{.*}}) outs(%{{.*}}) permutation = [1, 0]
// GOOD: linalg.broadcast ins(%{{.*}}) outs(%{{.*}}) dimensions = [0]
// CHECK-NOT: PLEASE submit a bug report
// NN-RUN-TOOL-NOT: PLEASE submit a bug report

// CHECK: linalg-array-guard.mlir:[[@LINE+3]]:78: error: expected '= [' and a list of 64-bit integers ']' here
// NN-RUN-TOOL: linalg-array-guard.mlir:[[@LINE+2]]:78: error: expected '= ['
func.func @transpose(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %t = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = x
  return %t : tensor<3x2xf32>
}

// -----

// CHECK: linalg-array-guard.mlir:[[@LINE+2]]:76: error: expected '= ['
func.func @broadcast(%a: tensor<3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %t = linalg.broadcast ins(%a : tensor<3xf32>) outs(%b : tensor<2x3xf32>) dimensions = [0, 1.5]
  return %t : tensor<2x3xf32>
}

// -----

// CHECK: linalg-array-guard.mlir:[[@LINE+2]]:84: error: expected '= ['
func.func @reduce(%a: tensor<2xf32>, %b: tensor<f32>) -> tensor<f32> {
  %r = linalg.reduce { arith.addf } ins(%a : tensor<2xf32>) outs(%b : tensor<f32>) dimensions = [99999999999999999999]
  return %r : tensor<f32>
}
