// A tensor larger than the machine's memory, or whose size overflows, is an
// error at the op that makes it, on both devices, before anything is
// allocated (it used to be a failed allocation and a crash).

// RUN: not nn-run %s --function=big --input=1xf32=1 2>&1 | FileCheck %s --check-prefix=BIG
// RUN: not nn-run %s --device=ref --function=big --input=1xf32=1 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: nn-run: error: {{.*}}too-large.mlir:14:8: 'nn.broadcast_to' op result 200000000000xf32 needs 800000000000 bytes; a tensor may have at most {{[0-9]+}} (this machine's memory)

// RUN: not nn-run %s --function=overflow --input=1xf32=1 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: not nn-run %s --device=ref --function=overflow --input=1xf32=1 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: nn-run: error: {{.*}}too-large.mlir:20:8: 'nn.broadcast_to' op result 4000000000x4000000000x4000000000xf32 needs over 2^63 bytes

func.func @big(%x: tensor<1xf32>) -> tensor<f32> {
  %y = nn.broadcast_to %x : tensor<1xf32> to tensor<200000000000xf32>
  %s = nn.reduce_sum %y : tensor<200000000000xf32>
  return %s : tensor<f32>
}

func.func @overflow(%x: tensor<1xf32>) -> tensor<f32> {
  %y = nn.broadcast_to %x : tensor<1xf32> to tensor<4000000000x4000000000x4000000000xf32>
  %s = nn.reduce_sum %y : tensor<4000000000x4000000000x4000000000xf32>
  return %s : tensor<f32>
}
