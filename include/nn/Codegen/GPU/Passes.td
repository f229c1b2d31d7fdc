//===- Passes.td - GPU code generation of nn -----------------*- tablegen -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_CODEGEN_GPU_PASSES_TD
#define NN_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNGPUDeviceMemory : Pass<"nn-gpu-device-memory", "::mlir::func::FuncOp"> {
  let summary = "Puts the buffers of a bufferized function in GPU memory";
  let description = [{
    Runs after bufferization and deallocation, before loops become kernels.
    Every `memref.alloc` becomes a `gpu.alloc host_shared` (CUDA managed
    memory: kernels and the few scalar reads of host code, such as the
    condition of an `nn.while`, see the same buffer) and every
    `memref.dealloc` a `gpu.dealloc`; every `memref.copy` becomes a
    `linalg.copy`, which turns into a kernel like any other linalg op;
    constants (`memref.get_global`) are copied into device buffers.

    A public function keeps the CPU pipeline's calling convention: its
    arguments and results are host memory. Each argument is copied into a
    device buffer on entry, and back into the argument on exit where the
    function may write it (a tied result); each result is copied into a new
    host buffer (`memref.alloc`, owned by the caller) and its device buffer
    freed. Private functions take and return device buffers.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NNGPUTileContractions : Pass<"nn-gpu-tile-contractions", "::mlir::func::FuncOp"> {
  let summary = "Tiles contractions on buffers through shared memory";
  let description = [{
    Every linalg contraction on buffers with one m, n and k dimension and
    at most one batch dimension (`linalg.matmul`, `linalg.batch_matmul`,
    the `linalg.generic` contractions of transposed and batched
    `nn.matmul` and of convolutions' im2col matrices) becomes the
    shared-memory GEMM of a GPU: blocks of 16x16 threads, each block a
    64x64 tile of the output, k in steps of 16. Each step, the threads copy
    the 64x16 tile of the lhs and the 16x64 tile of the rhs into buffers
    of the block, then each thread multiplies them into its 4x4
    accumulators (a float product and its sum one fused multiply-add,
    `llvm.intr.fma`, as the CPU pipeline's contractions compute them); the
    accumulators start from the output and end in it.

    The result is still loops that run on the CPU, so that the tiling can
    be tested there: an `scf.parallel` over blocks (`nn.gpu.blocks`;
    (batch,) column tiles, row tiles)
    holding the block's buffers (`memref.alloca`, `nn.gpu.workgroup`; the
    accumulators of all threads, indexed by thread first,
    `nn.gpu.private`) and, in order, one `scf.parallel` over the threads
    per phase (`nn.gpu.threads`): initial accumulators; per k step the two
    copies and the multiplication; the stores. `nn-gpu-launch-tiles` makes
    a `gpu.launch` of it. Sums run over k in the op's order, so results are
    bitwise the op's; sizes that are not multiples of the tiles (dynamic
    ones too) are handled with clamped loads and guarded stores.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NNGPULaunchTiles : Pass<"nn-gpu-launch-tiles", "::mlir::func::FuncOp"> {
  let summary = "Turns the loops of nn-gpu-tile-contractions into gpu.launch";
  let description = [{
    Each `scf.parallel` over blocks (`nn.gpu.blocks`, up to three
    dimensions, the last on `blockIdx.x`) becomes a `gpu.launch` whose
    block is the shape of its thread phases (`nn.gpu.threads`, all of one
    static shape). A phase becomes its body at the thread's ids followed by
    a `gpu.barrier`, which is what running the phases in order means for
    threads that run at once. The block's `nn.gpu.workgroup` buffers become
    workgroup attributions of the launch (shared memory), and its
    `nn.gpu.private` buffer, indexed by thread first, one buffer per thread
    without those indices (registers, once LLVM promotes it).
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NNGPUTileParallelLoops : Pass<"nn-gpu-tile-parallel-loops", "::mlir::func::FuncOp"> {
  let summary = "Tiles host parallel loops into blocks of GPU threads";
  let description = [{
    Every outermost `scf.parallel` of host code (one per linalg op, after
    `convert-linalg-to-parallel-loops`) is tiled into an outer loop over
    blocks and an inner loop of at most `max-threads` threads, the
    innermost (contiguous) dimension first, so that consecutive threads
    touch consecutive elements once `gpu-map-parallel-loops` maps it
    innermost-first. Serial work that reads or writes buffers outside any
    parallel loop (a reduction to a scalar, a store into a 0-d buffer) is
    wrapped in a one-iteration `scf.parallel`, so that it becomes a
    one-thread kernel instead of host code reading device memory.
  }];
  let options = [
    Option<"maxThreads", "max-threads", "int64_t", "256",
           "Most threads of a block">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def NNGPUCheckBinaries : Pass<"nn-gpu-check-binaries", "::mlir::ModuleOp"> {
  let summary = "Rejects PTX that calls functions it does not define";
  let description = [{
    Kernels call libdevice (`__nv_expf`, `__nv_log`, ...) for the math
    functions LLVM's NVPTX back end does not expand; `gpu-module-to-binary`
    links libdevice from the CUDA toolkit when it finds one. Without it the
    PTX declares those functions `.extern`, and the driver would reject the
    module only when a program loads it. This pass makes that a compile
    error at the `gpu.binary`, naming the functions and what to do.
  }];
}

#endif // NN_CODEGEN_GPU_PASSES_TD
