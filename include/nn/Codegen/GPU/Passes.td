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
