//===- FuzzCommon.h - What the MLIR fuzz targets share ----------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_FUZZ_FUZZCOMMON_H
#define NN_FUZZ_FUZZCOMMON_H

#include "nn/Codegen/CPU/Passes.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/Parse.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <string>

namespace nn::fuzz {

/// One context for every input, set up as nn-opt sets up its own: creating
/// one per input would spend most of each run loading dialects. Threading is
/// off so that a finding reproduces on one thread.
inline mlir::MLIRContext &getContext() {
  static mlir::MLIRContext *context = [] {
    nn::registerAllPasses();
    mlir::DialectRegistry registry;
    registry.insert<nn::NNDialect>();
    nn::registerConstantFolding(registry);
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    auto *ctx =
        new mlir::MLIRContext(registry, mlir::MLIRContext::Threading::DISABLED);
    ctx->loadAllAvailableDialects();
    // Diagnostics are expected; printing them would only slow the fuzzer.
    ctx->getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
    return ctx;
  }();
  return *context;
}

/// The module that `data` spells, verified; null when it does not parse or
/// verify.
inline mlir::OwningOpRef<mlir::ModuleOp>
parseAndVerify(mlir::MLIRContext &context, const uint8_t *data, size_t size) {
  // MLIR's lexer stops at a NUL after the buffer, as files and strings give
  // it: libFuzzer's bytes have none, and lexing past them reads out of
  // bounds (a heap-buffer-overflow in the harness, not in nn), so the
  // parser gets a copy, which has one. nn::parseModule first rejects what
  // MLIR's parser crashes on, as the tools do.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size)),
      llvm::SMLoc());
  return nn::parseModule(sourceMgr, &context);
}

} // namespace nn::fuzz

#endif // NN_FUZZ_FUZZCOMMON_H
