// Named compilation phases, as IREE has them: --compile-to prints the IR
// after a phase, --dump-compilation-phases-to writes every phase, and MLIR's
// own --mlir-print-ir-after-all and --mlir-timing work through the pipeline.

// RUN: nn-run %s --compile-to=nn | FileCheck %s --check-prefix=NN
// NN: func.func @f
// NN: nn.relu
// RUN: nn-run %s --compile-to=linalg | FileCheck %s --check-prefix=LINALG
// LINALG: vector.contract
// LINALG-NOT: nn.
// RUN: nn-run %s --compile-to=bufferized | FileCheck %s --check-prefix=BUF
// BUF: memref.alloc
// BUF-NOT: tensor<
// RUN: nn-run %s --compile-to=llvm | FileCheck %s --check-prefix=LLVM
// LLVM: llvm.func @f(
// LLVM: llvm.func @_mlir_ciface_f(

// RUN: rm -rf %t && mkdir -p %t
// RUN: nn-run %s --function=f --input=2x3xf32=1 --input=3x2xf32=1 --dump-compilation-phases-to=%t | FileCheck %s --check-prefix=RUNS
// RUNS: 2x2xf32=[3 3][3 3]
// RUN: FileCheck %s --check-prefix=NN < %t/1.nn.mlir
// RUN: FileCheck %s --check-prefix=LINALG < %t/2.linalg.mlir
// RUN: FileCheck %s --check-prefix=BUF < %t/3.bufferized.mlir
// RUN: FileCheck %s --check-prefix=LLVM < %t/4.llvm.mlir

// RUN: nn-run %s --function=f --input=2x3xf32=1 --input=3x2xf32=1 --mlir-print-ir-after-all --mlir-disable-threading 2>&1 | FileCheck %s --check-prefix=AFTER
// AFTER: IR Dump After ConvertNNToLinalg
// AFTER: IR Dump After ReconcileUnrealizedCasts
// RUN: nn-run %s --function=f --input=2x3xf32=1 --input=3x2xf32=1 --mlir-timing 2>&1 | FileCheck %s --check-prefix=TIMING
// TIMING: Execution time report
// TIMING: ConvertNNToLinalg

// RUN: not nn-run %s --compile-to=asm 2>&1 | FileCheck %s --check-prefix=BADPHASE
// BADPHASE: nn-run: error: unknown phase 'asm' (expected nn, linalg, bufferized or llvm)

func.func @f(%a: tensor<?x3xf32>, %b: tensor<3x2xf32>) -> tensor<?x2xf32> {
  %0 = nn.matmul %a, %b : tensor<?x3xf32>, tensor<3x2xf32>
  %1 = nn.relu %0 : tensor<?x2xf32>
  return %1 : tensor<?x2xf32>
}
