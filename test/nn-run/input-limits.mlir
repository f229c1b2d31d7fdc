// Inputs are read with their expected size as the bound, and checked
// against the memory limit before anything is read or allocated (a raw
// or .npy input from /dev/zero used to be read until memory ran out).

// RUN: not nn-run %s --input=2x3xf32=@/dev/zero 2>&1 | FileCheck %s --check-prefix=RAW
// RAW: nn-run: error: --input #0 ('2x3xf32=@/dev/zero'): 2x3xf32 needs 24 bytes but '/dev/zero' has more bytes

// RUN: not nn-run %s --input=@/dev/zero 2>&1 | FileCheck %s --check-prefix=NPY
// NPY: nn-run: error: --input #0 ('@/dev/zero'): '/dev/zero': not a .npy file (bad magic)

// RUN: not nn-run %s --input=4294967296xf16=0 --max-memory=1000000 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: nn-run: error: --input #0 ('4294967296xf16=0'): 4294967296xf16 needs 8589934592 bytes; a tensor may have at most 1000000 (the memory limit)

func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = nn.exp %x : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
