//===- Module.h - Contexts and modules of the embedding API -----*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// An nn::Context holds what every module of an application shares (the
// MLIR context with the nn dialect and everything the compiler lowers
// through, a thread pool, the compile cache); an nn::Module is a parsed and
// verified module of nn IR in a context.
//
// This is a public header of the embedding API: it must include nothing
// from MLIR or LLVM (the MLIR objects live behind pointers to private
// implementation types).
//
//===----------------------------------------------------------------------===//

#ifndef NN_RUNTIME_MODULE_H
#define NN_RUNTIME_MODULE_H

#include "absl/status/statusor.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nn {

namespace detail {
struct ContextImpl;
struct ModuleImpl;
} // namespace detail

class Executable;
class Module;

/// Owns the compiler state that modules and compiled code share: an MLIR
/// context with the nn dialect, the upstream dialects, extensions and LLVM
/// IR translations the lowering needs, a thread pool, and an in-memory
/// compile cache. A Context is a handle: copies share the same state, and
/// modules and executables keep it alive, so a Context may be destroyed
/// before them. Every method of Context, Module, Executable and Function is
/// safe to call from several threads at once.
class Context {
public:
  /// A new, independent context (a few milliseconds: registrations).
  Context();
  ~Context();
  /// Copies share the state (a moved-from Context must not be used).
  Context(const Context &);
  Context &operator=(const Context &);
  Context(Context &&) noexcept;
  Context &operator=(Context &&) noexcept;

  /// The number of compiled modules held by the compile cache.
  size_t getCompileCacheSize() const;
  /// Drops the compile cache; executables already returned stay valid.
  void clearCompileCache();

private:
  friend class Module;
  friend class Executable;
  explicit Context(std::shared_ptr<detail::ContextImpl> impl);
  std::shared_ptr<detail::ContextImpl> impl;
};

/// A verified module of nn IR (MLIR text: `func.func`s of nn ops), ready to
/// be compiled. Modules are immutable and move-only.
class Module {
public:
  /// Parses and verifies `text`. Diagnostics name the buffer `bufferName`:
  /// `<string>:3:8: error: ...`, followed by the source line and a caret.
  /// InvalidArgumentError with every diagnostic when parsing or verification
  /// fails.
  static absl::StatusOr<Module>
  fromString(const Context &context, std::string_view text,
             std::string_view bufferName = "<string>");

  /// Reads, parses and verifies the file at `path`; diagnostics name it as
  /// given (`model.mlir:3:8: error: ...`). NotFoundError when the file
  /// cannot be read; InvalidArgumentError with every diagnostic when parsing
  /// or verification fails.
  static absl::StatusOr<Module> fromFile(const Context &context,
                                         const std::string &path);

  ~Module();
  /// A moved-from Module must not be used.
  Module(Module &&) noexcept;
  Module &operator=(Module &&) noexcept;

  /// The context the module lives in.
  Context getContext() const;

  /// The names of the public functions with a body, in module order.
  std::vector<std::string> getFunctionNames() const;

  /// The module as MLIR text (the custom assembly form), without
  /// locations.
  std::string toString() const;

private:
  friend class Executable;
  friend struct detail::ModuleImpl;
  explicit Module(std::unique_ptr<detail::ModuleImpl> impl);
  std::unique_ptr<detail::ModuleImpl> impl;
};

} // namespace nn

#endif // NN_RUNTIME_MODULE_H
