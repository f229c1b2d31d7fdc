// MLIR 22's parser segfaults on any dense array of index elements
// (docs/UpstreamBugs.md): nn-opt, nn-run and the embedding API find them in
// the text before parsing and report each at its location, exit code 1.

// RUN: not nn-opt %s 2>&1 | FileCheck %s
// RUN: not nn-opt < %s 2>&1 | FileCheck %s --check-prefix=STDIN
// RUN: not nn-opt %s --nn-cpu-pipeline -split-input-file 2>&1 | FileCheck %s
// RUN: not nn-run %s --input=2xf32=1 2>&1 | FileCheck %s
// RUN: not nn-run %s --device=ref --input=2xf32=1 2>&1 | FileCheck %s
// RUN: %python -c "import subprocess, sys; sys.exit(subprocess.run([r'nn-opt', r'%s'], capture_output=True).returncode != 1)"
// RUN: nn-opt %S/Inputs/index-dense-array-lookalikes.mlir | FileCheck %s --check-prefix=LOOKALIKES

// Bytecode may hold one too (its reader accepts it; printing it, or a
// verifier's error that prints the op, crashes): found after reading,
// before anything prints. Inputs/index-dense-array.mlirbc is a module with
// the attribute a = array<index: 1, 2>, written with writeBytecodeToFile.
// RUN: not nn-opt %S/Inputs/index-dense-array.mlirbc 2>&1 | FileCheck %s --check-prefix=BYTECODE
// RUN: not nn-run %S/Inputs/index-dense-array.mlirbc 2>&1 | FileCheck %s --check-prefix=BYTECODE
// BYTECODE: error: 'builtin.module' holds a dense array of 'index', which is not supported: MLIR 22 crashes on them (use i64)
// BYTECODE-NOT: PLEASE submit a bug report

// CHECK: index-dense-array.mlir:[[@LINE+4]]:24: error: dense arrays of 'index' are not supported: MLIR 22's parser crashes on them (use i64)
// CHECK-NEXT: module attributes {a = array<index: 1, 2>} {
// CHECK-NEXT: {{^}}                       ^
// STDIN: <stdin>:[[@LINE+1]]:24: error: dense arrays of 'index'
module attributes {a = array<index: 1, 2>} {

// Empty, and split by comments and line breaks.
// CHECK: index-dense-array.mlir:[[@LINE+1]]:49: error: dense arrays of 'index'
func.func @f(%x: tensor<2xf32>) attributes {b = array<index>, c = array< // a comment
  index : 3>} {
  return
}
// CHECK: index-dense-array.mlir:[[@LINE-4]]:67: error: dense arrays of 'index'

// Through type aliases of index.
!i = index
!j = !i
// CHECK: index-dense-array.mlir:[[@LINE+1]]:49: error: dense arrays of 'index'
func.func @g(%x: tensor<2xf32>) attributes {d = array<!j: 4>} {
  return
}

}
// CHECK-NOT: error:
// CHECK-NOT: PLEASE submit a bug report

// LOOKALIKES: func.func @array
// LOOKALIKES-SAME: e = array<i64: 1, 2>
// LOOKALIKES-SAME: s = "array<index: 1>"
// LOOKALIKES: nn.exp
