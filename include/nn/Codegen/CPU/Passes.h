//===- Passes.h - CPU code generation of nn ---------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn-cpu-pipeline: nn ops to the LLVM dialect for the host CPU, its phases,
// and the passes that turn linalg on tensors into tiled, vectorized,
// bufferized code (their work, as functions and patterns, is in
// Transforms.h). See docs/Pipeline.md.
//
//===----------------------------------------------------------------------===//

#ifndef NN_CODEGEN_CPU_PASSES_H
#define NN_CODEGEN_CPU_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <optional>

namespace nn {

#define GEN_PASS_DECL
#include "nn/Codegen/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nn/Codegen/CPU/Passes.h.inc"

/// Options of the CPU pipeline (nn-cpu-pipeline).
struct CPUPipelineOptions {
  /// LLVM optimization level of the generated code (0-3).
  unsigned optLevel = 2;
  /// Threads of the parallel loops (the column panels of contractions):
  /// 0 for OpenMP's default (every core, or OMP_NUM_THREADS), 1 for
  /// sequential code that needs no OpenMP runtime.
  unsigned numThreads = 0;
  /// Heap memory through finalize-memref-to-llvm's generic functions
  /// (_mlir_memref_to_llvm_alloc and _free), which nn's runtime binds to its
  /// caching allocator; off, plain malloc and free (mlir-runner).
  bool runtimeAllocator = false;
  /// The register tile of contractions (nn-cpu-tile-contractions' tile-m,
  /// tile-n and tile-k): 4x16 fits the 16 vector registers of AVX2; see
  /// selectRegisterTile.
  int64_t tileM = 4;
  int64_t tileN = 16;
  int64_t tileK = 4;
  /// The register tile of static contractions of at least 2^26
  /// multiply-adds (large-tile-*; 0 rows: none).
  int64_t largeTileM = 0;
  int64_t largeTileN = 0;
  int64_t largeTileK = 0;

  /// The register tiles for a CPU with (or without) 512-bit vectors and 32
  /// vector registers (AVX-512): 4x16 in steps of 4 along k, and with
  /// AVX-512 8x32 in steps of 2 for large contractions.
  void selectRegisterTile(bool vectors512);
};

/// The named phases of the CPU pipeline, in order, as IREE names its
/// compilation phases: the IR after each can be dumped or compiled to.
enum class CPUPhase { NN, Linalg, Bufferized, LLVM };
constexpr int kNumCPUPhases = 4;
/// "nn", "linalg", "bufferized", "llvm".
llvm::StringRef getCPUPhaseName(CPUPhase phase);
std::optional<CPUPhase> parseCPUPhase(llvm::StringRef name);

/// Adds convert-nn-to-linalg and what follows it on linalg whatever the
/// target: loops over static zero-size dimensions folded away, elementwise
/// ops fused (nn-fold-empty-loops, nn-cpu-fuse-elementwise), cleanups. The
/// CPU pipeline's linalg phase starts with them; the GPU pipeline's is them.
mlir::LogicalResult buildLinalgFusion(mlir::OpPassManager &pm);

/// Adds the passes of one phase.
mlir::LogicalResult buildCPUPhase(mlir::OpPassManager &pm, CPUPhase phase,
                                  const CPUPipelineOptions &options = {});

/// Adds the passes that take a module of nn ops to the LLVM dialect for the
/// host CPU: autodiff, graph cleanup, lowering to linalg, bufferization,
/// loops, LLVM.
mlir::LogicalResult buildCPUPipeline(mlir::OpPassManager &pm,
                                     const CPUPipelineOptions &options = {});

/// Registers, once, every upstream pass, nn's passes and `nn-cpu-pipeline`
/// (the pipelines are textual and name their passes).
void registerAllPasses();

} // namespace nn

#endif // NN_CODEGEN_CPU_PASSES_H
