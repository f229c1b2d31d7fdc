//===- GPUPipeline.cpp - nn to NVVM and PTX -------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A textual pipeline, like nn-cpu-pipeline, so that each stage can be
// dumped and reproduced with nn-opt. It shares the CPU pipeline's nn and
// bufferization phases (the same graph, the same buffers, the same tied
// results) and the start of its linalg phase (buildLinalgFusion); then it
// differs: no register tiling, loops become kernels.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/GPU/Passes.h"

#include "nn/Codegen/CPU/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"

#include <cstdlib>

#include <mutex>

using namespace mlir;

namespace {

/// After the CPU pipeline's nn phase: calls inlined, so that buffers cross
/// no function boundary but a public function's (see nn-gpu-device-memory).
constexpr const char *kInline = "inline,symbol-dce,canonicalize,cse";

/// Buffers in GPU memory; contractions tiled through shared memory into a
/// gpu.launch each; every other linalg op a parallel loop tiled into blocks
/// of threads, each a gpu.launch; kernels outlined into gpu.modules. The
/// conversion to launches hoists constants out of them: sunk back in
/// before outlining, or they would be kernel parameters, unknown to LLVM.
constexpr const char *kKernels =
    "func.func(nn-gpu-device-memory,nn-gpu-tile-contractions,"
    "nn-gpu-launch-tiles,convert-linalg-to-parallel-loops,"
    "nn-gpu-tile-parallel-loops,gpu-map-parallel-loops{{mapping-policy="
    "innermost-first},convert-parallel-loops-to-gpu,"
    "gpu-launch-sink-index-computations),"
    "gpu-kernel-outlining,canonicalize,cse";

/// Kernels to NVVM and PTX ({0}: chip, {1}: optimization level), host code
/// to the LLVM dialect with mgpu* calls ({2}: finalize-memref-to-llvm's
/// options; {3}: the CUDA toolkit, whose libdevice the math functions that
/// math-expand-ops leaves call).
constexpr const char *kNVVM =
    "nvvm-attach-target{{chip={0} O={1}},expand-strided-metadata,"
    "lower-affine,convert-scf-to-cf,"
    "gpu.module(math-expand-ops,convert-gpu-to-nvvm,canonicalize,cse),"
    "finalize-memref-to-llvm{2},convert-math-to-llvm,convert-math-to-libm,"
    "gpu-to-llvm,convert-to-llvm,reconcile-unrealized-casts,"
    "gpu-module-to-binary{{format=isa{3}},nn-gpu-check-binaries,"
    "canonicalize,cse";

/// nn-gpu-pipeline's options in nn-opt.
struct GPUPipelineCLOptions : public PassPipelineOptions<GPUPipelineCLOptions> {
  Option<std::string> chip{*this, "gpu-chip",
                           llvm::cl::desc("The GPU the PTX is for"),
                           llvm::cl::init("sm_90")};
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("LLVM optimization level (0-3)"),
                            llvm::cl::init(2)};
  Option<std::string> cudaPath{
      *this, "cuda-path",
      llvm::cl::desc("The CUDA toolkit whose libdevice kernels link "
                     "(default: found from CUDA_HOME, PATH, /usr/local/cuda)")};
};

/// Whether `dir` holds libdevice where MLIR's NVVM target looks for it.
bool hasLibdevice(llvm::StringRef dir) {
  return !dir.empty() &&
         llvm::sys::fs::exists(dir + "/nvvm/libdevice/libdevice.10.bc");
}

/// The toolkits to try, in order (see GPUPipelineOptions::cudaPath).
std::vector<std::string> getToolkitCandidates() {
  std::vector<std::string> candidates;
  for (const char *name : {"CUDA_HOME", "CUDA_PATH", "CUDA_ROOT"})
    if (const char *value = std::getenv(name))
      candidates.push_back(value);
  if (llvm::ErrorOr<std::string> ptxas = llvm::sys::findProgramByName("ptxas"))
    candidates.push_back(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(*ptxas))
            .str());
  candidates.push_back("/usr/local/cuda");
  return candidates;
}

/// Fails with `message`: what an invalid pipeline option becomes where the
/// pipeline's builder cannot fail (pipelines registered for nn-opt).
struct FailPass : public PassWrapper<FailPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(FailPass)
  explicit FailPass(std::string message) : message(std::move(message)) {}
  void runOnOperation() override {
    emitError(getOperation()->getLoc(), message);
    signalPassFailure();
  }
  std::string message;
};

} // namespace

void nn::registerGPUPasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerAllPasses();
    registerNNCodegenGPUPasses();
    PassPipelineRegistration<GPUPipelineCLOptions>(
        "nn-gpu-pipeline",
        "Lowers nn ops to host code calling mgpu* functions and PTX kernels",
        [](OpPassManager &pm, const GPUPipelineCLOptions &cl) {
          GPUPipelineOptions options;
          options.chip = cl.chip;
          options.optLevel = cl.optLevel;
          options.cudaPath = cl.cudaPath;
          // An invalid option fails the run (a FailPass): nothing to print.
          (void)buildGPUPipeline(pm, options, llvm::nulls());
        });
  });
}

void nn::registerGPUDialectExtensions(DialectRegistry &registry) {
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerAllGPUToLLVMIRTranslations(registry);
}

FailureOr<std::string> nn::findCUDAToolkit(const GPUPipelineOptions &options,
                                           llvm::raw_ostream &errorStream) {
  if (!options.cudaPath.empty()) {
    if (hasLibdevice(options.cudaPath))
      return options.cudaPath;
    errorStream << "no CUDA toolkit at '" << options.cudaPath
                << "' (no nvvm/libdevice/libdevice.10.bc)";
    return failure();
  }
  for (const std::string &candidate : getToolkitCandidates())
    if (hasLibdevice(candidate))
      return candidate;
  return std::string();
}

LogicalResult nn::buildGPUPipeline(OpPassManager &pm,
                                   const GPUPipelineOptions &options,
                                   llvm::raw_ostream &errorStream) {
  registerGPUPasses();
  // The chip and the path go into a pipeline string: checked first.
  std::string message;
  llvm::raw_string_ostream os(message);
  FailureOr<std::string> toolkit = std::string();
  if (!llvm::Regex("^sm_[0-9]+[af]?$").match(options.chip))
    os << "invalid GPU chip '" << options.chip
       << "' (expected sm_<number>, such as sm_90)";
  else if (succeeded(toolkit = findCUDAToolkit(options, os)) &&
           toolkit->find_first_of("{} ,=\"'") != std::string::npos)
    os << "the CUDA toolkit path '" << *toolkit
       << "' has characters a pass option cannot hold";
  if (!message.empty()) {
    errorStream << message << "\n";
    pm.addPass(std::make_unique<FailPass>(message));
    return failure();
  }
  std::string nvvm =
      llvm::formatv(kNVVM, options.chip, std::min(options.optLevel, 3u),
                    options.runtimeAllocator ? "{use-generic-functions=true}"
                                             : "",
                    toolkit->empty() ? "" : " toolkit=" + *toolkit)
          .str();
  if (failed(buildCPUPhase(pm, CPUPhase::NN)))
    return failure();
  if (failed(parsePassPipeline(kInline, pm, errorStream)))
    return failure();
  // nn ops to linalg, elementwise ops fused; contractions stay linalg ops.
  if (failed(buildLinalgFusion(pm)))
    return failure();
  if (failed(buildCPUPhase(pm, CPUPhase::Bufferized)))
    return failure();
  if (failed(parsePassPipeline(llvm::formatv(kKernels).str(), pm, errorStream)))
    return failure();
  return parsePassPipeline(nvvm, pm, errorStream);
}
