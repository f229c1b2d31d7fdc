//===- Executable.h - JIT-compiled nn modules -------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A module of nn functions compiled for the host CPU (nn-cpu-pipeline and
// LLVM's ORC JIT through mlir::ExecutionEngine), callable on host tensors.
// Before each call the reference interpreter checks every shape rule on the
// concrete input shapes (without computing anything), so a wrong dynamic
// size is an error and never reaches the compiled code.
//
//===----------------------------------------------------------------------===//

#ifndef NN_RUNTIME_EXECUTABLE_H
#define NN_RUNTIME_EXECUTABLE_H

#include "nn/Reference/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"

#include "absl/status/statusor.h"

#include <memory>
#include <vector>

#include <functional>
#include <string>

namespace mlir {
class ExecutionEngine;
class PassManager;
} // namespace mlir

namespace nn::rt {

struct CompileOptions {
  /// LLVM optimization level of the generated code (0-3).
  unsigned optLevel = 2;
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
};

class Executable {
public:
  /// Compiles every function of `module` (which is not modified).
  /// Compile errors carry the diagnostics, with locations in the user's IR.
  static absl::StatusOr<std::unique_ptr<Executable>>
  compile(mlir::ModuleOp module, const CompileOptions &options = {});

  /// Lowers `module` through the phases up to and including `phase`
  /// ("nn", "linalg", "bufferized" or "llvm") and gives the IR text.
  static absl::StatusOr<std::string>
  compileTo(mlir::ModuleOp module, llvm::StringRef phase,
            const CompileOptions &options = {});
  ~Executable();

  /// Calls the function `name`: checks the inputs against its signature and
  /// every shape rule, then runs the compiled code. Results are tensors.
  absl::StatusOr<std::vector<ref::Tensor>>
  call(llvm::StringRef name, llvm::ArrayRef<ref::Tensor> inputs) const;

private:
  Executable() = default;

  /// The nn-level module: the signatures and the shape rules of each call.
  mlir::OwningOpRef<mlir::ModuleOp> source;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  /// The packed entry point of every function, looked up once at compile
  /// time: a lookup by name on each call costs microseconds.
  llvm::StringMap<void (*)(void **)> entryPoints;
};

} // namespace nn::rt

#endif // NN_RUNTIME_EXECUTABLE_H
