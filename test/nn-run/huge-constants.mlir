// Sizes that overflow int64_t and constants larger than memory are errors
// at the op, on both devices, before anything is folded, compiled or
// allocated (they used to abort nn-opt with std::length_error, abort the
// CPU path in the LLVM translation, or compile for minutes).

// RUN: split-file %s %t
// RUN: nn-opt --canonicalize %t/fold.mlir | FileCheck %s --check-prefix=FOLD
// FOLD: nn.exp

// RUN: not nn-run %t/overflow.mlir 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: not nn-run %t/overflow.mlir --device=ref 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: nn-run: error: {{.*}}overflow.mlir:2:8: 'nn.constant' op result 4611686018427387904x8xf32 needs over 2^63 bytes

// RUN: not nn-run %t/splat.mlir --max-memory=1000000 2>&1 | FileCheck %s --check-prefix=SPLAT
// RUN: not nn-run %t/splat.mlir --max-memory=1000000 --device=ref 2>&1 | FileCheck %s --check-prefix=SPLAT
// SPLAT: nn-run: error: {{.*}}splat.mlir:2:8: 'nn.constant' op result 100000x100000xf32 needs 40000000000 bytes; a tensor may have at most 1000000

//--- fold.mlir
func.func @f() -> tensor<3037000500x3037000500xf32> {
  %c = nn.constant dense<1.0> : tensor<3037000500x3037000500xf32>
  %e = nn.exp %c : tensor<3037000500x3037000500xf32>
  return %e : tensor<3037000500x3037000500xf32>
}

//--- overflow.mlir
func.func @f() -> tensor<4611686018427387904x8xf32> {
  %c = nn.constant dense<1.0> : tensor<4611686018427387904x8xf32>
  return %c : tensor<4611686018427387904x8xf32>
}

//--- splat.mlir
func.func @f() -> tensor<100000x100000xf32> {
  %c = nn.constant dense<1.0> : tensor<100000x100000xf32>
  return %c : tensor<100000x100000xf32>
}
