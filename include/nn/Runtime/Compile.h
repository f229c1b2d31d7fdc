//===- Compile.h - Compiling modules in the embedding API -------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Compiles an nn::Module for the host CPU (nn-cpu-pipeline, then LLVM's JIT)
// into an nn::Executable whose functions can be looked up and called.
//
// This is a public header of the embedding API: it must include nothing
// from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_RUNTIME_COMPILE_H
#define NN_RUNTIME_COMPILE_H

#include "nn/Runtime/Function.h"
#include "nn/Runtime/Module.h"
#include "nn/Support/CompileOptions.h"

#include "absl/status/statusor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nn {

/// The compiled code of a module: every function with a body, for the host
/// CPU. An Executable is a cheap handle; copies share the code, which lives
/// as long as a handle, a Function of it, or the compile cache holds it.
class Executable {
public:
  /// Compiles `module` (which is not changed). Compiling the same module
  /// (the same printed IR, locations included) with the same options again
  /// in the same Context returns the code compiled the first time, from the
  /// context's compile cache. Errors: InvalidArgumentError if
  /// options.optLevel is not 0-3 or options.numThreads is negative or over
  /// 4 per core, with the op's location if a static tensor is over
  /// options.maxTensorBytes, or with the diagnostics (located in the
  /// module's source) if the module cannot be compiled, e.g. a gradient of
  /// an op without a derivative; InternalError if the JIT fails.
  static absl::StatusOr<Executable> compile(const Module &module,
                                            const CompileOptions &options = {});

  /// The function `name` (any function with a body, private ones
  /// included). NotFoundError listing the public functions if there is no
  /// such function; UnimplementedError if its signature has a type that
  /// calls do not support (not a ranked tensor of a DType, or an index
  /// argument: see Function::getInput).
  absl::StatusOr<Function> lookup(std::string_view name) const;

  /// The names of the public functions with a body, in module order.
  std::vector<std::string> getFunctionNames() const;

  /// The options the code was compiled with.
  const CompileOptions &getOptions() const;

  /// Whether the code was loaded from the persistent compile cache rather
  /// than compiled.
  bool isFromDiskCache() const;

  /// Whether both handles hold the same compiled code (what the compile
  /// cache returns for a module compiled twice).
  bool sharesCodeWith(const Executable &other) const {
    return compiled == other.compiled;
  }

private:
  explicit Executable(std::shared_ptr<const detail::CompiledModule> compiled)
      : compiled(std::move(compiled)) {}
  std::shared_ptr<const detail::CompiledModule> compiled;
};

} // namespace nn

#endif // NN_RUNTIME_COMPILE_H
