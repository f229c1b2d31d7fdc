//===- Internal.h - The parts of nn-compile ---------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_AOT_COMPILER_INTERNAL_H
#define NN_LIB_AOT_COMPILER_INTERNAL_H

#include "nn/Support/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/IR/Module.h"

#include "absl/status/statusor.h"

#include <string>
#include <vector>

namespace nn::aot {

/// An input or output of a compiled function as the C interface sees it.
struct ArgSpec {
  DType dtype;
  /// kDynamic (-1) where dynamic.
  std::vector<int64_t> dims;
  /// An `index` argument, passed by value (a rank-0 i64 input).
  bool isIndex = false;
  /// The output an input is written into (`nn.tied_result`), or the input
  /// an output is written into; -1 for none.
  int64_t tied = -1;
};

/// The C-interface signature of a compiled function.
struct FunctionSignature {
  std::string name;
  std::vector<ArgSpec> inputs;
  std::vector<ArgSpec> outputs;
  /// `(?x4xf32, 4x2xf32) -> (?x2xf32)`.
  std::string text;
};

/// The signature of `func`, or why nn-compile cannot give it a C entry
/// point (a name that is no C identifier, a type calls do not support).
absl::StatusOr<FunctionSignature> getSignature(mlir::func::FuncOp func);

/// Emits `int32_t <name>(const int64_t *inputDims)` into `module`: every
/// shape rule of `func` (an nn-level function, after autodiff) on the
/// inputs' sizes, as the JIT checks them before a call (see ABI.h). Fails
/// when a rule on dynamic sizes has no compiled form yet.
absl::StatusOr<llvm::Function *> emitShapeChecks(mlir::func::FuncOp func,
                                                 llvm::Module &module,
                                                 llvm::StringRef name);

/// Emits the signature table of `signature` and its C entry points
/// (`nn_<name>` and the `nn_<name>_*` queries) into `module`; `check` is
/// its shape checks, and the packed interface it calls is declared.
void emitEntryPoints(const FunctionSignature &signature, llvm::Function *check,
                     llvm::Module &module);

/// The names emitEntryPoints defines for `signature`: the object's exports.
std::vector<std::string> getEntryPointNames(const FunctionSignature &signature);

/// The C header that declares the entry points of `signatures`.
std::string emitHeader(llvm::ArrayRef<FunctionSignature> signatures,
                       llvm::StringRef guard, llvm::StringRef source,
                       bool needsOpenMP, bool needsGPURuntime);

} // namespace nn::aot

#endif // NN_LIB_AOT_COMPILER_INTERNAL_H
