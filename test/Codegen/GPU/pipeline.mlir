// nn-gpu-pipeline end to end: host code calling the mgpu* runtime, and one
// PTX kernel per fused elementwise op, for sm_90 by default and for the
// chip of gpu-chip.
//
// RUN: nn-opt %s --nn-gpu-pipeline | FileCheck %s
// RUN: nn-opt %s --nn-gpu-pipeline | %extract_ptx - | FileCheck %s --check-prefix=PTX
// RUN: nn-opt %s '--nn-gpu-pipeline=gpu-chip=sm_80' | FileCheck %s --check-prefix=SM80
// RUN: not nn-opt %s '--nn-gpu-pipeline=gpu-chip=ampere' 2>&1 | FileCheck %s --check-prefix=BADCHIP

// add, tanh and mul fuse into one linalg.generic: one kernel. The argument
// is copied into managed memory, the result back into a malloc'd buffer
// that the caller owns, and the device buffers are freed.
// CHECK-LABEL: llvm.func @fused(
// CHECK: llvm.call @mgpuMemAlloc
// CHECK: llvm.call @mgpuMemcpy
// CHECK: gpu.launch_func @fused_kernel::@fused_kernel blocks in
// CHECK-SAME: threads in
// CHECK-NOT: gpu.launch_func
// CHECK: llvm.call @malloc
// CHECK: llvm.call @mgpuMemcpy
// CHECK: llvm.call @mgpuMemFree
// CHECK: llvm.return
// CHECK: gpu.binary @fused_kernel [#gpu.object<#nvvm.target<chip = "sm_90">
// CHECK-NOT: gpu.binary
func.func @fused(%a: tensor<?x33xf32>, %b: tensor<33xf32>) -> tensor<?x33xf32> {
  %x = nn.add %a, %b : tensor<?x33xf32>, tensor<33xf32>
  %y = nn.tanh %x : tensor<?x33xf32>
  %z = nn.mul %y, %a : tensor<?x33xf32>, tensor<?x33xf32>
  return %z : tensor<?x33xf32>
}

// The kernel: a 2-d grid of 2-d blocks, the contiguous dimension (33, in
// blocks of 64 threads) on threadIdx.x, the fused body inline (tanh by way
// of exp, which is ex2.approx, and no libdevice call).
// PTX: // gpu.binary @fused_kernel
// PTX: .target sm_90
// PTX: .visible .entry fused_kernel(
// PTX-DAG: %tid.x
// PTX-DAG: %ctaid.y
// PTX: ld.global
// PTX: add.rn.f32
// PTX: ex2.approx
// PTX: mul.rn.f32
// PTX: st.global
// PTX-NOT: call

// SM80: gpu.binary @fused_kernel [#gpu.object<#nvvm.target<chip = "sm_80">
// SM80-SAME: .target sm_80

// BADCHIP: error: invalid GPU chip 'ampere' (expected sm_<number>, such as sm_90)
