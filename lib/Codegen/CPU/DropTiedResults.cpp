//===- DropTiedResults.cpp - Tied results leave the signature -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// After bufferization: a result tied to an argument (nn-cpu-tie-results)
// is that argument's buffer, which the caller has; returning it would make
// the deallocation pipeline clone it (the function does not own it). So it
// is removed from the results, after a copy into the argument where the
// returned buffer is another one. Callers read the result from the buffer
// they passed: the runtime from the argument's memory, func.call sites from
// their operand.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/CPU/Transforms.h"

#include "nn/IR/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/BitVector.h"

namespace nn {
#define GEN_PASS_DEF_NNCPUDROPTIEDRESULTS
#include "nn/Codegen/CPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// `value` without memref.casts.
Value stripCasts(Value value) {
  while (auto cast = value.getDefiningOp<memref::CastOp>())
    value = cast.getSource();
  return value;
}

/// Rewrites `call`, of a function whose results `argumentOf` were dropped,
/// to read each from the buffer it passed for it (bufferization gave the
/// call a copy where the caller still needs the old value).
void rewriteCall(func::CallOp call,
                 const DenseMap<unsigned, unsigned> &argumentOf) {
  SmallVector<Type> resultTypes;
  for (auto [i, result] : llvm::enumerate(call.getResults())) {
    auto it = argumentOf.find(i);
    if (it == argumentOf.end()) {
      resultTypes.push_back(result.getType());
      continue;
    }
    Value buffer = call.getOperand(it->second);
    if (buffer.getType() != result.getType()) {
      OpBuilder builder(call);
      builder.setInsertionPointAfter(call);
      buffer = memref::CastOp::create(builder, call.getLoc(), result.getType(),
                                      buffer);
    }
    result.replaceAllUsesWith(buffer);
  }
  OpBuilder builder(call);
  auto replacement =
      func::CallOp::create(builder, call.getLoc(), call.getCalleeAttr(),
                           resultTypes, call.getOperands());
  unsigned next = 0;
  for (auto [i, result] : llvm::enumerate(call.getResults()))
    if (!argumentOf.count(i))
      result.replaceAllUsesWith(replacement.getResult(next++));
  call.erase();
}

struct NNCPUDropTiedResultsPass
    : public nn::impl::NNCPUDropTiedResultsBase<NNCPUDropTiedResultsPass> {
  void runOnOperation() override {
    if (failed(nn::dropTiedResults(getOperation())))
      signalPassFailure();
  }
};

} // namespace

FailureOr<DenseMap<unsigned, unsigned>> nn::dropTiedResults(func::FuncOp func) {
  DenseMap<unsigned, unsigned> argumentOf;
  llvm::BitVector dropped(func.getNumResults());
  for (unsigned arg = 0; arg < func.getNumArguments(); ++arg) {
    auto tied =
        func.getArgAttrOfType<IntegerAttr>(arg, NNDialect::kTiedResultAttrName);
    if (!tied)
      continue;
    // The signature no longer has the result: the attribute goes.
    func.removeArgAttr(arg, NNDialect::kTiedResultAttrName);
    unsigned result = tied.getInt();
    if (!isa<BaseMemRefType>(func.getArgumentTypes()[arg]))
      return func.emitError()
             << "nn-cpu-drop-tied-results runs on bufferized functions; "
                "argument "
             << arg << " is not a buffer";
    dropped.set(result);
    argumentOf[result] = arg;
    BlockArgument destination = func.getArgument(arg);
    func.walk([&](func::ReturnOp ret) {
      Value value = ret.getOperand(result);
      if (stripCasts(value) == destination)
        return;
      OpBuilder builder(ret);
      memref::CopyOp::create(builder, ret.getLoc(), value, destination);
    });
  }
  if (dropped.none())
    return argumentOf;
  func.walk([&](func::ReturnOp ret) { ret->eraseOperands(dropped); });
  if (failed(func.eraseResults(dropped)))
    return failure();
  return argumentOf;
}

LogicalResult nn::dropTiedResults(ModuleOp module) {
  // Per function, its dropped results and the arguments holding them.
  llvm::StringMap<DenseMap<unsigned, unsigned>> dropped;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    FailureOr<DenseMap<unsigned, unsigned>> argumentOf = dropTiedResults(func);
    if (failed(argumentOf))
      return failure();
    if (!argumentOf->empty())
      dropped[func.getSymName()] = std::move(*argumentOf);
  }
  SmallVector<func::CallOp> calls;
  module.walk([&](func::CallOp call) {
    if (dropped.count(call.getCallee()))
      calls.push_back(call);
  });
  for (func::CallOp call : calls)
    rewriteCall(call, dropped[call.getCallee()]);
  return success();
}
