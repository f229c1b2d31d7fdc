//===- GPUInitializers.cpp - Kernel loads as exported functions -----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/Lowering.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#include <algorithm>
#include <tuple>

namespace nn::rt {

namespace {

/// The functions of the array `name` (llvm.global_ctors or global_dtors),
/// by priority, and the array removed.
llvm::SmallVector<llvm::Function *> takeStructors(llvm::Module &module,
                                                  llvm::StringRef name) {
  // By priority, then in the array's order.
  llvm::SmallVector<std::tuple<uint64_t, size_t, llvm::Function *>> entries;
  llvm::GlobalVariable *array = module.getGlobalVariable(name);
  if (!array)
    return {};
  if (auto *init =
          llvm::dyn_cast_or_null<llvm::ConstantArray>(array->getInitializer()))
    for (llvm::Value *operand : init->operands()) {
      auto *entry = llvm::cast<llvm::ConstantStruct>(operand);
      auto *priority = llvm::cast<llvm::ConstantInt>(entry->getOperand(0));
      if (auto *function = llvm::dyn_cast<llvm::Function>(entry->getOperand(1)))
        entries.emplace_back(priority->getZExtValue(), entries.size(),
                             function);
    }
  array->eraseFromParent();
  llvm::sort(entries);
  return llvm::map_to_vector(
      entries, [](const auto &entry) { return std::get<2>(entry); });
}

/// An exported `void name(void)` that calls `callees` in order.
void defineCaller(llvm::Module &module, llvm::StringRef name,
                  llvm::ArrayRef<llvm::Function *> callees) {
  llvm::LLVMContext &context = module.getContext();
  llvm::IRBuilder<> builder(context);
  auto *caller = llvm::Function::Create(
      llvm::FunctionType::get(builder.getVoidTy(), /*isVarArg=*/false),
      llvm::GlobalValue::ExternalLinkage, name, module);
  builder.SetInsertPoint(llvm::BasicBlock::Create(context, "", caller));
  for (llvm::Function *callee : callees)
    builder.CreateCall(callee);
  builder.CreateRetVoid();
}

} // namespace

void exportGPUInitializers(llvm::Module &module) {
  defineCaller(module, kGPULoadFunction,
               takeStructors(module, "llvm.global_ctors"));
  // Destructors run in the reverse order of their priorities.
  llvm::SmallVector<llvm::Function *> unloads =
      takeStructors(module, "llvm.global_dtors");
  std::reverse(unloads.begin(), unloads.end());
  defineCaller(module, kGPUUnloadFunction, unloads);
}

} // namespace nn::rt
