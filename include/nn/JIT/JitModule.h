//===- JitModule.h - JIT-compiled nn modules -------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A module of nn functions compiled for the host CPU (nn-cpu-pipeline, then
// LLVM to an object file that LLVM's ORC JIT links), or for an NVIDIA GPU
// (JitOptions::device), callable on host buffers. The object file is kept in
// the persistent compile cache (CompileCache.h), so that another process
// compiling the same module links it without compiling.
//
// Before a call with new input shapes the reference interpreter checks
// every shape rule on them (without computing anything), so a wrong dynamic
// size is an error and never reaches the compiled code; the verdict is
// cached per function and shapes. Inputs are read where they are (the code
// never writes to them) and results are handed over without copies.
//
//===----------------------------------------------------------------------===//

#ifndef NN_JIT_JITMODULE_H
#define NN_JIT_JITMODULE_H

#include "nn/Reference/Tensor.h"
#include "nn/Support/CompileOptions.h"
#include "nn/Support/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"

#include "absl/status/statusor.h"

#include <memory>
#include <optional>
#include <vector>

#include <functional>
#include <string>

namespace llvm {
class MemoryBuffer;
namespace orc {
class LLJIT;
} // namespace orc
} // namespace llvm

namespace mlir {
class PassManager;
} // namespace mlir

namespace nn::rt {

/// Wall time of each step of a compile, in seconds.
struct CompileTimes {
  /// nn-autodiff (to derive the signatures that calls are checked against).
  double autodiff = 0;
  /// Building the pass pipeline: the first time in a process this
  /// registers every upstream pass, to parse the textual phases.
  double pipelineBuild = 0;
  /// Running nn-cpu-pipeline down to the LLVM dialect.
  double pipeline = 0;
  /// Translation to LLVM IR, the LLVM optimizer, and machine code
  /// generation and linking (linking alone on a compile cache hit).
  double translate = 0;
  double llvmOpt = 0;
  double codegen = 0;
  /// The persistent compile cache: computing the key, reading and checking
  /// an entry, storing one.
  double cache = 0;
  double total() const {
    return autodiff + pipelineBuild + pipeline + translate + llvmOpt + codegen +
           cache;
  }
};

/// The JIT's options: the embedding API's (optimization level, threads,
/// memory bound, the persistent compile cache) and what tools and
/// benchmarks add.
struct JitOptions : CompileOptions {
  /// When set, the IR after each phase of nn-cpu-pipeline is written to
  /// `<dir>/<index>.<phase>.mlir` (as IREE's --dump-compilation-phases-to).
  std::string dumpPhasesTo;
  /// Pass plugins (shared libraries exporting mlirGetPassPluginInfo) to load
  /// before compiling, and a textual pass pipeline (anchored on the module,
  /// e.g. "func.func(my-pass)") to run on the nn IR after the "nn" phase:
  /// a user's own passes in the compilation.
  std::vector<std::string> passPlugins;
  std::string extraPasses;
  /// Called on every pass manager before it runs, e.g. to apply MLIR's
  /// command-line options (--mlir-print-ir-after-all, --mlir-timing).
  std::function<mlir::LogicalResult(mlir::PassManager &)> configure;
  /// When not empty, only these functions (and the functions they call)
  /// are compiled and callable; by default every function with a body.
  std::vector<std::string> functions;
  /// When set, receives the time each step of the compile took.
  CompileTimes *times = nullptr;
  /// The persistent compile cache's size bound (0: the environment's, see
  /// getDefaultCacheMaxBytes); its directory, when diskCacheDir is empty,
  /// is the environment's (getDefaultCacheDir). A hit neither runs the
  /// passes nor calls `configure`, and nothing is dumped: the cache is
  /// bypassed when `dumpPhasesTo` or `passPlugins` are set (a plugin's code
  /// is not part of the key).
  uint64_t cacheMaxBytes = 0;
  /// The GPU of `device` "cuda" (or "gpu"): nn-gpu-pipeline's kernels for
  /// this chip, with host code that copies the inputs to the device and
  /// the results back, over nn::aot_gpu_runtime and the CUDA driver
  /// (docs/GPU.md).
  std::string gpuChip = "sm_90";
  /// Whether the CPU the code is for has AVX-512 (see
  /// CPUPipelineOptions::selectRegisterTile); unset, the host's answer.
  /// nn-compile sets it for its --cpu.
  std::optional<bool> avx512;
};

/// Initializes LLVM's native target and makes the JIT's lasting statics
/// (event listeners); idempotent and thread-safe. Every compile calls it,
/// and so does each nn::Context, so that a program's statics are made by
/// the thread that makes its first Context.
void initializeJIT();

/// Fails unless `numThreads` is at most 4 per core of this machine: past
/// its own limit libomp aborts the process (OMP: Error #34), and far more
/// threads than cores only slow a run down.
absl::Status checkNumThreads(unsigned numThreads);

/// Fails, naming the field, unless `options.optLevel` is 0 to 3,
/// `options.numThreads` is 0 or more and passes checkNumThreads, and
/// `options.device` is "cpu", "cuda" or "gpu": what every compile
/// (embedding API, ahead of time) checks before it starts.
absl::Status checkCompileOptions(const CompileOptions &options);

/// Whether `options.device` is the GPU ("cuda", or its alias "gpu").
bool isGPUDevice(const CompileOptions &options);

class JitModule {
public:
  /// Compiles every function of `module` (which is not modified).
  /// Compile errors carry the diagnostics, with locations in the user's IR.
  static absl::StatusOr<std::unique_ptr<JitModule>>
  compile(mlir::ModuleOp module, const JitOptions &options = {});

  /// Lowers `module` through the phases up to and including `phase`
  /// ("nn", "linalg", "bufferized" or "llvm") and gives the IR text.
  static absl::StatusOr<std::string> compileTo(mlir::ModuleOp module,
                                               llvm::StringRef phase,
                                               const JitOptions &options = {});
  ~JitModule();

  /// Calls the function `name`: checks the inputs against its signature and
  /// every shape rule, then runs the compiled code on the inputs' memory
  /// (an `index` argument is a rank-0 i64 view). Callable from several
  /// threads at once. The results own the memory the compiled code wrote
  /// them to. An output tied to an input (`nn.tied_result`) is written into
  /// the input's memory when the input is in `donated` (the result is then a
  /// tensor over that memory that owns nothing), and into a copy of the
  /// input otherwise; other inputs are never written.
  absl::StatusOr<std::vector<nn::Tensor>>
  call(llvm::StringRef name, llvm::ArrayRef<nn::TensorView> inputs,
       llvm::ArrayRef<size_t> donated = {}) const;
  /// The same on interpreter tensors: the code reads their elements in
  /// place and the results take over its memory (nothing is copied).
  absl::StatusOr<std::vector<ref::Tensor>>
  call(llvm::StringRef name, llvm::ArrayRef<ref::Tensor> inputs) const;

  /// Whether the code was linked from the persistent compile cache.
  bool isFromCache() const { return fromCache; }

private:
  JitModule();

  /// Links `object` into a JIT of its own, with the runtime's symbols, and
  /// looks up the entry point of every function of `source`.
  absl::Status link(std::unique_ptr<llvm::MemoryBuffer> object,
                    const JitOptions &options);

  struct ShapeCache;
  /// Checks `inputs` against the signature and shape rules of `func`, or
  /// finds that it was done before for the same shapes; gives the result
  /// types.
  absl::StatusOr<std::shared_ptr<const std::vector<ref::Tensor>>>
  checkShapes(mlir::Operation *func,
              llvm::ArrayRef<nn::TensorView> inputs) const;

  /// Runs the GPU code's kernel loads (kGPULoadFunction) after linking;
  /// fails with the driver's message when there is no driver or device or
  /// a kernel does not load.
  absl::Status loadKernels();
  /// After a call of GPU code: the driver's first error, if any, as a
  /// status (and forgotten, so that later calls run again).
  absl::Status takeDriverError() const;

  /// The nn-level module: the signatures and the shape rules of each call.
  mlir::OwningOpRef<mlir::ModuleOp> source;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  bool fromCache = false;
  /// The packed entry point of every function, looked up once at compile
  /// time: a lookup by name on each call costs microseconds.
  llvm::StringMap<void (*)(void **)> entryPoints;
  std::unique_ptr<ShapeCache> shapeCache;
  /// GPU code: its kernel loads and unloads; null for CPU code.
  void (*gpuLoad)() = nullptr;
  void (*gpuUnload)() = nullptr;
  bool kernelsLoaded = false;
  /// JitOptions::maxTensorBytes, for the shape checks of calls.
  uint64_t maxTensorBytes = 0;
};

} // namespace nn::rt

#endif // NN_JIT_JITMODULE_H
