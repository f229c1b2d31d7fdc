//===- Passes.h - GPU code generation of nn ---------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn-gpu-pipeline: nn ops to host code in the LLVM dialect that calls the
// mgpu* runtime functions, with the kernels as PTX in gpu.binary ops. See
// docs/GPU.md.
//
//===----------------------------------------------------------------------===//

#ifndef NN_CODEGEN_GPU_PASSES_H
#define NN_CODEGEN_GPU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace nn {

#define GEN_PASS_DECL
#include "nn/Codegen/GPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nn/Codegen/GPU/Passes.h.inc"

/// Options of nn-gpu-pipeline.
struct GPUPipelineOptions {
  /// The chip the PTX is for (`sm_90`).
  std::string chip = "sm_90";
  /// LLVM optimization level of host and device code (0-3).
  unsigned optLevel = 2;
  /// Heap memory of host code through finalize-memref-to-llvm's generic
  /// functions (as CPUPipelineOptions::runtimeAllocator).
  bool runtimeAllocator = false;
  /// The CUDA toolkit whose libdevice kernels link (math functions); empty:
  /// $CUDA_HOME, $CUDA_PATH, $CUDA_ROOT, the directory above `ptxas` on
  /// PATH, /usr/local/cuda, the first with nvvm/libdevice. Without one,
  /// kernels that need libdevice are a compile error.
  std::string cudaPath;
};

/// The CUDA toolkit directory of `options` (see cudaPath), or "" when none
/// is found; an error for an explicit path without libdevice.
mlir::FailureOr<std::string> findCUDAToolkit(const GPUPipelineOptions &options,
                                             llvm::raw_ostream &errorStream);

/// Adds the passes that take a module of nn ops to host code in the LLVM
/// dialect calling the mgpu* functions, with the kernels as PTX. Fails,
/// with a message on `errorStream`, on a malformed chip name (and adds a
/// pass that fails with it, for callers that cannot check).
mlir::LogicalResult
buildGPUPipeline(mlir::OpPassManager &pm,
                 const GPUPipelineOptions &options = {},
                 llvm::raw_ostream &errorStream = llvm::errs());

/// Registers, once, nn's passes (nn::registerAllPasses), the GPU passes and
/// `nn-gpu-pipeline`.
void registerGPUPasses();

/// Registers what the GPU pipeline needs in a context: the NVVM target
/// attribute's serialization and the translations of GPU and NVVM ops to
/// LLVM IR.
void registerGPUDialectExtensions(mlir::DialectRegistry &registry);

} // namespace nn

#endif // NN_CODEGEN_GPU_PASSES_H
