//===- LaunchAllocas.cpp - Kernel parameters in the entry block -----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/Lowering.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

namespace nn::rt {

namespace {

/// Whether `block` launches a kernel (the lowered gpu.launch_func).
bool launchesKernel(const llvm::BasicBlock &block) {
  for (const llvm::Instruction &inst : block)
    if (const auto *call = llvm::dyn_cast<llvm::CallInst>(&inst))
      if (const llvm::Function *callee = call->getCalledFunction();
          callee && callee->getName() == "mgpuLaunchKernel")
        return true;
  return false;
}

} // namespace

unsigned hoistLaunchAllocas(llvm::Module &module) {
  unsigned moved = 0;
  for (llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    llvm::BasicBlock &entry = function.getEntryBlock();
    llvm::SmallVector<llvm::AllocaInst *> allocas;
    for (llvm::BasicBlock &block : function) {
      if (&block == &entry || !launchesKernel(block))
        continue;
      for (llvm::Instruction &inst : block)
        if (auto *alloca = llvm::dyn_cast<llvm::AllocaInst>(&inst);
            alloca && llvm::isa<llvm::ConstantInt>(alloca->getArraySize()))
          allocas.push_back(alloca);
    }
    for (llvm::AllocaInst *alloca : allocas)
      alloca->moveBefore(entry.getFirstInsertionPt());
    moved += allocas.size();
  }
  return moved;
}

} // namespace nn::rt
