//===- DeviceMemory.cpp - Buffers of bufferized functions on the GPU ------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Managed memory (gpu.alloc host_shared) rather than device-only memory:
// host code of nn functions reads the odd scalar out of a buffer (the
// condition of a loop), and managed memory makes that a correct read
// instead of a fault; pages stay on the device as long as only kernels
// touch them. Copies are gpu.memcpy ops on a stream of their own, waited
// for right away, since the kernels around them are synchronous too.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace nn {
#define GEN_PASS_DEF_NNGPUDEVICEMEMORY
#include "nn/Codegen/GPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// The dynamic sizes of `value`, a memref, as memref.dim ops.
SmallVector<Value> getDynamicSizes(OpBuilder &builder, Location loc,
                                   Value value) {
  auto type = cast<MemRefType>(value.getType());
  SmallVector<Value> sizes;
  for (auto [i, size] : llvm::enumerate(type.getShape()))
    if (ShapedType::isDynamic(size))
      sizes.push_back(memref::DimOp::create(builder, loc, value, i));
  return sizes;
}

/// A managed buffer of `type` (identity layout) with `sizes`.
Value allocDevice(OpBuilder &builder, Location loc, MemRefType type,
                  ValueRange sizes) {
  auto identity = MemRefType::get(type.getShape(), type.getElementType());
  return gpu::AllocOp::create(builder, loc, identity, /*asyncToken=*/Type(),
                              /*asyncDependencies=*/ValueRange(), sizes,
                              /*symbolOperands=*/ValueRange(),
                              builder.getUnitAttr())
      .getMemref();
}

/// Copies `src` into `dst` and waits for the copy (gpu.memcpy is only
/// lowered asynchronously).
Operation *copyAndWait(OpBuilder &builder, Location loc, Value dst, Value src) {
  Type token = gpu::AsyncTokenType::get(builder.getContext());
  Value stream =
      gpu::WaitOp::create(builder, loc, token, ValueRange()).getAsyncToken();
  auto copy = gpu::MemcpyOp::create(builder, loc, token, stream, dst, src);
  gpu::WaitOp::create(builder, loc, Type(), copy.getAsyncToken());
  return copy;
}

/// Frees `buffer` (gpu.dealloc, too, is only lowered asynchronously).
void free(OpBuilder &builder, Location loc, Value buffer) {
  Type token = gpu::AsyncTokenType::get(builder.getContext());
  Value stream =
      gpu::WaitOp::create(builder, loc, token, ValueRange()).getAsyncToken();
  Value done = gpu::DeallocOp::create(builder, loc, token, stream, buffer)
                   .getAsyncToken();
  gpu::WaitOp::create(builder, loc, Type(), done);
}

/// Frees `buffer` before every return of `func`.
void freeOnReturn(OpBuilder &builder, func::FuncOp func, Value buffer) {
  for (Block &block : func.getBody())
    if (auto ret = dyn_cast<func::ReturnOp>(block.getTerminator())) {
      builder.setInsertionPoint(ret);
      free(builder, ret.getLoc(), buffer);
    }
}

/// Whether an op may write the buffer `value` or a view of it.
bool mayBeWritten(Value value) {
  for (Operation *user : value.getUsers()) {
    if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
      if (view.getViewSource() == value &&
          llvm::any_of(user->getResults(), mayBeWritten))
        return true;
      continue;
    }
    if (mightHaveEffect<MemoryEffects::Write>(user, value))
      return true;
  }
  return false;
}

/// The buffer `value` is a view of.
Value getRootBuffer(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

/// Host allocations, frees, copies and constants, rewritten in place; the
/// device copies of constants are added to `constants`.
void moveBuffersToDevice(func::FuncOp func, SmallVector<Value> &constants) {
  OpBuilder builder(func.getContext());
  func.walk([&](Operation *op) {
    builder.setInsertionPoint(op);
    Location loc = op->getLoc();
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      op->replaceAllUsesWith(ValueRange{
          allocDevice(builder, loc, alloc.getType(), alloc.getDynamicSizes())});
      op->erase();
    } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      free(builder, loc, dealloc.getMemref());
      op->erase();
    } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      linalg::CopyOp::create(builder, loc, copy.getSource(), copy.getTarget());
      op->erase();
    } else if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
      // Kernels cannot read host globals: a device copy per call, freed
      // before the function returns.
      builder.setInsertionPointAfter(op);
      Value device = allocDevice(builder, loc, global.getType(), {});
      Operation *copy = copyAndWait(builder, loc, device, global);
      global.getResult().replaceAllUsesExcept(device, copy);
      constants.push_back(device);
    }
  });
}

/// Copies of a public function's arguments in, and back where written.
void copyArguments(func::FuncOp func) {
  OpBuilder builder(func.getContext());
  Block &entry = func.getBody().front();
  for (BlockArgument arg : func.getArguments()) {
    auto type = dyn_cast<MemRefType>(arg.getType());
    if (!type)
      continue;
    Location loc = arg.getLoc();
    builder.setInsertionPointToStart(&entry);
    SmallVector<Value> sizes = getDynamicSizes(builder, loc, arg);
    Value device = allocDevice(builder, loc, type, sizes);
    SmallPtrSet<Operation *, 4> sizeOps;
    for (Value size : sizes)
      sizeOps.insert(size.getDefiningOp());
    arg.replaceAllUsesExcept(device, sizeOps);
    bool written = mayBeWritten(device);
    copyAndWait(builder, loc, device, arg);
    if (written)
      for (Block &block : func.getBody())
        if (auto ret = dyn_cast<func::ReturnOp>(block.getTerminator())) {
          builder.setInsertionPoint(ret);
          copyAndWait(builder, loc, arg, device);
        }
    freeOnReturn(builder, func, device);
  }
}

/// Host copies of a public function's results; their device buffers freed
/// (once, where a buffer is returned twice) unless an argument's (which
/// copyArguments frees) or a constant's.
void copyResults(func::FuncOp func, ArrayRef<Value> constants) {
  OpBuilder builder(func.getContext());
  for (Block &block : func.getBody()) {
    auto ret = dyn_cast<func::ReturnOp>(block.getTerminator());
    if (!ret)
      continue;
    builder.setInsertionPoint(ret);
    llvm::SetVector<Value> freed;
    for (OpOperand &operand : ret->getOpOperands()) {
      auto type = dyn_cast<MemRefType>(operand.get().getType());
      if (!type)
        continue;
      Location loc = ret.getLoc();
      Value device = operand.get();
      auto host = memref::AllocOp::create(
          builder, loc, type, getDynamicSizes(builder, loc, device));
      copyAndWait(builder, loc, host, device);
      operand.set(host);
      Value root = getRootBuffer(device);
      if (root.getDefiningOp<gpu::AllocOp>() &&
          !llvm::is_contained(constants, root))
        freed.insert(root);
    }
    for (Value buffer : freed)
      free(builder, ret.getLoc(), buffer);
  }
}

struct NNGPUDeviceMemoryPass
    : public nn::impl::NNGPUDeviceMemoryBase<NNGPUDeviceMemoryPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    SmallVector<Value> constants;
    moveBuffersToDevice(func, constants);
    if (func.isPublic()) {
      copyResults(func, constants);
      copyArguments(func);
    }
    OpBuilder builder(func.getContext());
    for (Value constant : constants)
      freeOnReturn(builder, func, constant);
  }
};

} // namespace
