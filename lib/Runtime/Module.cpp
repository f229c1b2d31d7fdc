//===- Module.cpp - Contexts and modules of the embedding API -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Module.h"

#include "Impl.h"

#include "nn/IR/NNDialect.h"
#include "nn/IR/Parse.h"
#include "nn/JIT/JitModule.h"
#include "nn/Reference/ConstantFold.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>

using namespace mlir;

namespace nn {

namespace detail {

ContextCore::ContextCore() : context(MLIRContext::Threading::DISABLED) {
  nn::rt::initializeJIT();
  registry.insert<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect>();
  nn::registerConstantFolding(registry);
  // The same registrations as rt::JitModule::compile makes, so that its
  // appendDialectRegistry finds nothing new: appending to a context that
  // other threads use is not thread-safe.
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  context.appendDialectRegistry(registry);
  context.setThreadPool(threadPool);
}

ContextCore::~ContextCore() = default;

/// Parses a buffer into a module of `context`, with the diagnostics (and
/// the source lines they point at) as the error.
static absl::StatusOr<Module>
parseModule(const std::shared_ptr<ContextImpl> &context,
            std::unique_ptr<llvm::MemoryBuffer> buffer) {
  ContextCore &core = *context->core;
  auto impl = std::make_unique<ModuleImpl>();
  impl->context = context;
  std::string diagnostics;
  {
    std::lock_guard<std::mutex> lock(core.mutex);
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    llvm::raw_string_ostream os(diagnostics);
    SourceMgrDiagnosticHandler handler(sourceMgr, &core.context, os);
    impl->module = nn::parseModule(sourceMgr, &core.context);
  }
  if (!impl->module) {
    while (!diagnostics.empty() && std::isspace(diagnostics.back()))
      diagnostics.pop_back();
    return absl::InvalidArgumentError(
        diagnostics.empty() ? "the module could not be parsed" : diagnostics);
  }
  return ModuleImpl::wrap(std::move(impl));
}

} // namespace detail

//===----------------------------------------------------------------------===//
// Context
//===----------------------------------------------------------------------===//

Context::Context() : impl(std::make_shared<detail::ContextImpl>()) {}
Context::Context(std::shared_ptr<detail::ContextImpl> impl)
    : impl(std::move(impl)) {}
Context::~Context() = default;
Context::Context(const Context &) = default;
Context &Context::operator=(const Context &) = default;
Context::Context(Context &&) noexcept = default;
Context &Context::operator=(Context &&) noexcept = default;

size_t Context::getCompileCacheSize() const {
  std::lock_guard<std::mutex> lock(impl->cacheMutex);
  return impl->cache.size();
}

void Context::clearCompileCache() {
  decltype(impl->cache) dropped;
  {
    std::lock_guard<std::mutex> lock(impl->cacheMutex);
    dropped.swap(impl->cache);
  }
  // The compiled modules die here, outside the lock.
}

//===----------------------------------------------------------------------===//
// Module
//===----------------------------------------------------------------------===//

Module::Module(std::unique_ptr<detail::ModuleImpl> impl)
    : impl(std::move(impl)) {}
Module::~Module() = default;
Module::Module(Module &&) noexcept = default;
Module &Module::operator=(Module &&) noexcept = default;

absl::StatusOr<Module> Module::fromString(const Context &context,
                                          std::string_view text,
                                          std::string_view bufferName) {
  return detail::parseModule(
      context.impl, llvm::MemoryBuffer::getMemBufferCopy(
                        llvm::StringRef(text.data(), text.size()),
                        llvm::StringRef(bufferName.data(), bufferName.size())));
}

absl::StatusOr<Module> Module::fromFile(const Context &context,
                                        const std::string &path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return absl::NotFoundError("cannot read '" + path +
                               "': " + buffer.getError().message());
  return detail::parseModule(context.impl, std::move(*buffer));
}

Context Module::getContext() const { return Context(impl->context); }

std::vector<std::string> Module::getFunctionNames() const {
  std::lock_guard<std::mutex> lock(impl->context->core->mutex);
  std::vector<std::string> names;
  for (auto func : impl->module->getOps<func::FuncOp>())
    if (!func.isExternal() && func.isPublic())
      names.push_back(func.getSymName().str());
  return names;
}

std::string Module::toString() const {
  std::lock_guard<std::mutex> lock(impl->context->core->mutex);
  std::string text;
  llvm::raw_string_ostream os(text);
  impl->module->print(os);
  return text;
}

} // namespace nn
