// nn-gpu-pipeline on matmuls: the zero fill is a kernel of its own, the
// matmul one kernel of blocks of 16x16 threads over 64x64 tiles of the
// result, its operand tiles in shared memory (ptxas.test assembles it and
// checks that the accumulators live in registers).
//
// RUN: nn-opt %s --nn-gpu-pipeline | FileCheck %s
// RUN: nn-opt %s --nn-gpu-pipeline | %extract_ptx - | FileCheck %s --check-prefix=PTX

// A 256x192 result: a grid of 4x3 blocks (rows on x).
// CHECK-LABEL: llvm.func @matmul(
// CHECK-DAG: %[[THREADS:.*]] = llvm.mlir.constant(16 : index) : i64
// CHECK-DAG: %[[GX:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-DAG: %[[GY:.*]] = llvm.mlir.constant(3 : index) : i64
// CHECK: gpu.launch_func @matmul_kernel::@matmul_kernel
// CHECK-NEXT: gpu.launch_func @matmul_kernel_0::@matmul_kernel blocks in (%[[GX]], %[[GY]], %{{.*}}) threads in (%[[THREADS]], %[[THREADS]], %{{.*}})
// CHECK-NOT: gpu.launch_func
// CHECK: llvm.return
func.func @matmul(%a: tensor<256x128xf32>, %b: tensor<128x192xf32>) -> tensor<256x192xf32> {
  %0 = nn.matmul %a, %b : tensor<256x128xf32>, tensor<128x192xf32>
  return %0 : tensor<256x192xf32>
}

// The kernel: the two tiles in shared memory (64 rows of 16 + 1 floats,
// 16 rows of 64), the accumulators loaded from the output, a barrier; per
// k step, each thread copies 4 elements of each tile from global into
// shared memory, a barrier, then 16 steps of 4 + 4 loads from shared
// memory and 16 fused multiply-adds into its accumulators, a barrier; the
// stores. Nothing in local memory.
// PTX-LABEL: // gpu.binary @matmul_kernel_0
// PTX-NOT: .local
// PTX-DAG: .shared .align 4 .b8 __wg_matmul_kernel_0[4352];
// PTX-DAG: .shared .align 4 .b8 __wg_matmul_kernel_1[4096];
// PTX-COUNT-16: ld.global.b32
// PTX: bar.sync 0;
// PTX-COUNT-8: st.shared.b32
// PTX: bar.sync 0;
// PTX-COUNT-8: ld.shared.b32
// PTX-COUNT-16: fma.rn.f32
// PTX: bar.sync 0;
// PTX-COUNT-16: st.global.b32
// PTX-NOT: bar.sync
// PTX-NOT: .local
// PTX: // gpu.binary
func.func @matmul_bf16(%a: tensor<?x100xbf16>, %b: tensor<100x72xbf16>) -> tensor<?x72xbf16> {
  %0 = nn.matmul %a, %b : tensor<?x100xbf16>, tensor<100x72xbf16>
  return %0 : tensor<?x72xbf16>
}

// A dynamic number of rows, ragged tiles, bf16 (the op's bf16 products
// and sums, fused): the same kernel in bf16 arithmetic, the grid's rows
// from the size.
// PTX-LABEL: // gpu.binary @matmul_bf16_kernel_1
// PTX-NOT: .local
// PTX: .shared .align 2 .b8 __wg_matmul_bf16_kernel_0[2176];
// PTX: bar.sync 0;
// PTX: st.shared.b16
// PTX: bar.sync 0;
// PTX: ld.shared.b16
// PTX: fma.rn.bf16
// PTX: bar.sync 0;
// PTX: st.global.b16
// PTX-NOT: .local
