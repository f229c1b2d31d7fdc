//===- Impl.h - Private state behind the embedding API ----------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the handles of the public API point at. Ownership, without cycles:
//
//   Context handles -> ContextImpl -> compile cache -> CompiledModule
//   Module          -> ContextImpl
//   Executable, Function -> CompiledModule -> ContextCore
//   ContextImpl -> ContextCore (MLIR context, thread pool, its mutex)
//
// Threads. The context of ContextCore parses modules and derives the
// signatures of compiled functions, under its mutex. Each CompiledModule has
// a private MLIR context holding the compiled code and its copy of the
// module, so modules compile in parallel; calls need no lock, since
// rt::JitModule::call only reads shared state, and the diagnostics of its
// shape checks stay on the calling thread.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_RUNTIME_API_IMPL_H
#define NN_LIB_RUNTIME_API_IMPL_H

#include "nn/JIT/JitModule.h"
#include "nn/Runtime/Compile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/ThreadPool.h"

#include <atomic>
#include <map>
#include <mutex>

namespace nn::detail {

/// The MLIR state shared by a context's modules and compiled code.
struct ContextCore {
  ContextCore();
  ~ContextCore();

  /// Everything the parser and the lowering may need, for every context.
  mlir::DialectRegistry registry;
  /// Shared by `context` and the private contexts of compiled modules, so
  /// that they do not each start a thread per core.
  llvm::DefaultThreadPool threadPool;
  mlir::MLIRContext context;
  /// Serializes everything that uses `context`.
  std::mutex mutex;
};

struct ContextImpl {
  std::shared_ptr<ContextCore> core = std::make_shared<ContextCore>();

  /// Compiled modules by a 128-bit hash of their printed IR and options;
  /// with xxh3 a collision is not a practical concern, so the key text is
  /// not kept.
  std::mutex cacheMutex;
  std::map<std::pair<uint64_t, uint64_t>, std::shared_ptr<const CompiledModule>>
      cache;
};

struct ModuleImpl {
  std::shared_ptr<ContextImpl> context;
  /// In context->core->context; destroyed first. Destroying IR touches
  /// nothing shared in its context, so it needs no lock.
  mlir::OwningOpRef<mlir::ModuleOp> module;

  /// The public handle of a new module.
  static Module wrap(std::unique_ptr<ModuleImpl> impl) {
    return Module(std::move(impl));
  }
};

/// The signature of a function, or why calls do not support it.
struct FunctionInfo {
  std::string name;
  bool isPublic = false;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  /// Per input, the output tied to it (nn.tied_result), or -1.
  std::vector<int64_t> tiedOutputs;
  /// Not OK when the signature has a type calls do not support.
  absl::Status supported;
};

/// Members are destroyed in reverse order: the compiled code before its
/// private context, everything before `core`.
struct CompiledModule {
  /// Runs the compiled function `info` on inputs that match its signature.
  absl::StatusOr<std::vector<Tensor>>
  call(const FunctionInfo &info, llvm::ArrayRef<TensorView> inputs,
       llvm::ArrayRef<size_t> donated = {}) const;

  std::shared_ptr<ContextCore> core;
  CompileOptions options;
  /// Every function with a body, by name, and the public ones in order.
  std::map<std::string, FunctionInfo, std::less<>> functions;
  std::vector<std::string> publicNames;
  /// The private context of `executable`, declared first to outlive it.
  std::unique_ptr<mlir::MLIRContext> runContext;
  std::unique_ptr<rt::JitModule> executable;
};

} // namespace nn::detail

#endif // NN_LIB_RUNTIME_API_IMPL_H
