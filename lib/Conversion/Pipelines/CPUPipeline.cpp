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

#include "nn/Conversion/Passes.h"

#include "nn/Transforms/Passes.h"

#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <mutex>

using namespace mlir;

namespace {

/// nn ops to linalg on tensors, after the graph-level passes.
constexpr const char *kGraphToLinalg =
    "nn-autodiff,canonicalize,cse,convert-nn-to-linalg,canonicalize,"
    "linalg-fuse-elementwise-ops,canonicalize,cse";

/// Tensors to buffers. Function boundaries use identity layouts so that the
/// runtime can pass and read plain row-major descriptors; every returned
/// buffer is owned by the caller.
constexpr const char *kBufferize =
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},"
    "canonicalize,cse,canonicalize,buffer-deallocation-pipeline,"
    "convert-bufferization-to-memref";

/// Loops and the LLVM dialect.
constexpr const char *kToLLVM =
    "func.func(convert-linalg-to-loops),expand-strided-metadata,lower-affine,"
    "finalize-memref-to-llvm,convert-scf-to-cf,convert-math-to-llvm,"
    "convert-math-to-libm,convert-to-llvm,reconcile-unrealized-casts,"
    "canonicalize,cse";

} // namespace

void nn::registerAllPasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    mlir::registerAllPasses();
    registerNNTransformsPasses();
    registerNNConversionPasses();
    PassPipelineRegistration<>(
        "nn-cpu-pipeline", "Lowers nn ops to the LLVM dialect for the host CPU",
        [](OpPassManager &pm) { (void)buildCPUPipeline(pm); });
  });
}

LogicalResult nn::buildCPUPipeline(OpPassManager &pm,
                                   const CPUPipelineOptions &) {
  // The stages name upstream passes: make sure the registry knows them.
  registerAllPasses();
  for (const char *stage : {kGraphToLinalg, kBufferize, kToLLVM})
    if (failed(parsePassPipeline(stage, pm)))
      return failure();
  return success();
}
