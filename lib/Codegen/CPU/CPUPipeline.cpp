//===- CPUPipeline.cpp - nn to LLVM for the host CPU ----------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pipeline is a textual MLIR pipeline so that every stage can be named,
// dumped and reproduced with nn-opt. The ordering constraints come from
// shared/docs/toolchain.md: canonicalize after CSE, expand-strided-metadata
// before lower-affine, finalize-memref-to-llvm before convert-scf-to-cf.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"

#include "nn/Conversion/Passes.h"
#include "nn/Transforms/Passes.h"

#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"

#include <mutex>

using namespace mlir;

namespace {

/// nn ops to linalg on tensors; loops over static zero-size dimensions
/// folded away (tiling assumes an iteration); elementwise loops fused (with
/// a bound on fused bodies, which keeps it linear). Nothing here depends on
/// the target: the GPU pipeline runs it too (buildLinalgFusion).
constexpr const char *kLinalgFusion =
    "convert-nn-to-linalg,canonicalize,"
    "func.func(nn-fold-empty-loops,nn-cpu-fuse-elementwise),"
    "canonicalize,cse";

/// The passes of each phase, in order (see CPUPhase).
constexpr const char *kPhases[] = {
    // nn: gradients and graph cleanup (folding, CSE).
    "nn-autodiff,canonicalize,cse",
    // linalg: after kLinalgFusion, contractions tiled into vectorized
    // register tiles, on one thread below 2^20 multiply-adds (a parallel
    // region costs microseconds, more when the other cores are busy; batch-1
    // inference of a 784-400-300-10 perceptron: 0.029 ms on one thread,
    // 0.023-0.13 ms on two, measured on a shared 2-core guest).
    // Copies and loops of at least 2^17 elements (nn-cpu-parallelize-loops'
    // default) on every core. {0} x {1} is the register tile, {2} its k
    // steps per vector.contract; {3}-{5} the tile of contractions of 2^26
    // multiply-adds or more (see selectRegisterTile).
    "func.func(nn-cpu-tile-contractions{{min-parallel-work=1048576 "
    "min-parallel-copy=131072 k-block=256 tile-m={0} tile-n={1} "
    "tile-k={2} large-tile-m={3} large-tile-n={4} large-tile-k={5} "
    "min-large-tile-work=67108864},"
    "nn-cpu-parallelize-loops),"
    "canonicalize,cse",
    // bufferized: tensors to buffers, each op's destination its own (CSE
    // shared them, which made bufferization cubic). Function boundaries use
    // identity layouts so that the runtime can pass and read plain row-major
    // descriptors; every returned buffer is owned by the caller. A loop
    // (nn.while, nn.for) may carry a new buffer each iteration: a matmul
    // result, say, is no update in place of the carried tensor.
    "func.func(nn-cpu-unshare-empty-tensors,nn-cpu-tie-results),"
    "eliminate-empty-tensors,"
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map "
    "allow-return-allocs-from-loops},"
    "nn-cpu-drop-tied-results,"
    "canonicalize,cse,canonicalize,buffer-deallocation-pipeline,"
    "convert-bufferization-to-memref",
    // llvm: parallel loops to OpenMP (or sequential loops), vectors lowered
    // to FMAs, loops, then the LLVM dialect. {0} is the parallel-loop
    // lowering, {1} the options of finalize-memref-to-llvm.
    "loop-invariant-code-motion,func.func(nn-cpu-lower-vectors),canonicalize,"
    "{0}"
    "func.func(convert-vector-to-scf{{full-unroll target-rank=1}),"
    "func.func(convert-linalg-to-loops),expand-strided-metadata,lower-affine,"
    "finalize-memref-to-llvm{1},convert-scf-to-cf,convert-vector-to-llvm,"
    "convert-openmp-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
    "convert-to-llvm,reconcile-unrealized-casts,canonicalize,cse",
};

/// The parallel loops of the llvm phase: OpenMP, or plain loops for one
/// thread.
std::string parallelLoweringFor(unsigned numThreads) {
  if (numThreads == 1)
    return "func.func(scf-forall-to-for),";
  return llvm::formatv("func.func(scf-forall-to-parallel),"
                       "convert-scf-to-openmp{{num-threads={0}},",
                       numThreads)
      .str();
}

} // namespace

void nn::CPUPipelineOptions::selectRegisterTile(bool vectors512) {
  tileM = 4;
  tileN = 16;
  tileK = 4;
  // 32 zmm registers: 8 x 2 accumulators, 2 of B, one broadcast of A. With
  // 4x16 (4 accumulators) the FMAs wait on each other's latency: a 1024^3
  // matmul on 2 AVX-512 cores took 13.6 ms with 4x16, 8.7 ms with 8x32
  // (12x32, 6x32, 16x16: 10.2-10.9 ms; 4x64: 8.7-9.3 ms); 2 steps along k
  // 6.4 ms (4 and 1: 7.0 ms). But the MLP training step (GEMMs of 10-40M
  // multiply-adds) ran no faster (2.39 ms against 2.37 with 4x16) and
  // compiled in 531 ms against 454: so only contractions of 2^26
  // multiply-adds or more (convolutions, large matmuls) take it.
  largeTileM = vectors512 ? 8 : 0;
  largeTileN = vectors512 ? 32 : 0;
  largeTileK = vectors512 ? 2 : 0;
}

void nn::registerAllPasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    mlir::registerAllPasses();
    registerNNTransformsPasses();
    registerNNConversionPasses();
    registerNNCodegenCPUPasses();
    PassPipelineRegistration<>(
        "nn-cpu-pipeline", "Lowers nn ops to the LLVM dialect for the host CPU",
        [](OpPassManager &pm) { (void)buildCPUPipeline(pm); });
  });
}

llvm::StringRef nn::getCPUPhaseName(CPUPhase phase) {
  static const char *names[] = {"nn", "linalg", "bufferized", "llvm"};
  return names[static_cast<int>(phase)];
}

std::optional<nn::CPUPhase> nn::parseCPUPhase(llvm::StringRef name) {
  for (int i = 0; i < kNumCPUPhases; ++i)
    if (getCPUPhaseName(static_cast<CPUPhase>(i)) == name)
      return static_cast<CPUPhase>(i);
  return std::nullopt;
}

LogicalResult nn::buildCPUPhase(OpPassManager &pm, CPUPhase phase,
                                const CPUPipelineOptions &options) {
  // The phases name upstream passes: make sure the registry knows them.
  registerAllPasses();
  if (phase == CPUPhase::Linalg && failed(buildLinalgFusion(pm)))
    return failure();
  if (phase == CPUPhase::Linalg)
    return parsePassPipeline(
        llvm::formatv(kPhases[static_cast<int>(phase)], options.tileM,
                      options.tileN, options.tileK, options.largeTileM,
                      options.largeTileN, options.largeTileK)
            .str(),
        pm);
  if (phase == CPUPhase::LLVM)
    return parsePassPipeline(
        llvm::formatv(kPhases[static_cast<int>(phase)],
                      parallelLoweringFor(options.numThreads),
                      options.runtimeAllocator ? "{use-generic-functions=true}"
                                               : "")
            .str(),
        pm);
  return parsePassPipeline(kPhases[static_cast<int>(phase)], pm);
}

LogicalResult nn::buildLinalgFusion(OpPassManager &pm) {
  registerAllPasses();
  return parsePassPipeline(kLinalgFusion, pm);
}

LogicalResult nn::buildCPUPipeline(OpPassManager &pm,
                                   const CPUPipelineOptions &options) {
  for (int i = 0; i < kNumCPUPhases; ++i)
    if (failed(buildCPUPhase(pm, static_cast<CPUPhase>(i), options)))
      return failure();
  return success();
}
