//===- Compiler.h - Ahead-of-time compilation for the CPU -------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What nn-compile does: functions of an nn module compiled for the CPU into
// a relocatable object with one C entry point each (nn/AOT/Runtime.h) and
// the C header that declares them. The code is the JIT's: the same
// preparation, pipeline, LLVM optimization and target machine
// (nn/JIT/Lowering.h). Internal: this header includes MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef NN_AOT_COMPILER_H
#define NN_AOT_COMPILER_H

#include "nn/Support/CompileOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include "absl/status/statusor.h"

#include <functional>
#include <string>
#include <vector>

namespace nn::aot {

/// The options every compile shares (optimization level, threads, memory
/// bound; the persistent compile cache's are not read: an object is
/// compiled once) and what only ahead-of-time compiles have.
struct AotOptions : CompileOptions {
  /// The functions to compile; empty: every public function with a body.
  std::vector<std::string> functions;
  /// As nn::rt::JitOptions::configure.
  std::function<mlir::LogicalResult(mlir::PassManager &)> configure;
  /// The CPU the code is for: empty or "host" for this machine's, exactly
  /// as the JIT targets it (bit-identical results); otherwise an LLVM CPU
  /// name (x86-64-v3, znver4, ...) with that CPU's features.
  std::string cpu;
  /// The GPU of `device` "cuda": host code that runs kernels on an NVIDIA
  /// GPU of this chip through nn::aot_gpu_runtime.
  std::string gpuChip = "sm_90";
  /// The file the module came from and the header's file name, for the
  /// header's comment and include guard.
  std::string sourceName = "<stdin>";
  std::string headerName = "nn_aot.h";
  /// Gives the final LLVM IR as text instead of an object (for tests and
  /// for reading the compiled shape checks).
  bool emitLLVM = false;
};

struct AotResult {
  /// An ELF (on Linux) relocatable object, or LLVM IR with emitLLVM.
  std::string object;
  std::string header;
  /// The symbols the object defines for applications.
  std::vector<std::string> entryPoints;
  /// Whether the object calls libomp (parallel loops).
  bool needsOpenMP = false;
  /// Whether the object calls nn::aot_gpu_runtime (device "cuda").
  bool needsGPURuntime = false;
};

/// Compiles functions of `module` (not modified) ahead of time. Errors
/// carry the diagnostics, with locations in the user's IR.
absl::StatusOr<AotResult> compileAheadOfTime(mlir::ModuleOp module,
                                             const AotOptions &options);

} // namespace nn::aot

#endif // NN_AOT_COMPILER_H
