//===- TileParallelLoops.cpp - Host parallel loops into thread blocks -----===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Upstream scf-parallel-loop-tiling takes one list of sizes for every loop,
// outermost dimension first: a 1-d loop and a 2-d loop cannot both get
// blocks of 256 threads, and the contiguous dimension, the last, gets the
// last size. Here the sizes follow each loop's own static trip counts,
// innermost dimension first.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/MathExtras.h"

namespace nn {
#define GEN_PASS_DEF_NNGPUTILEPARALLELLOOPS
#include "nn/Codegen/GPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// Threads per dimension of `loop`: the innermost dimension takes as many
/// as its trip count needs (a power of two, up to `maxThreads`), the next
/// what is left, and so on; a dynamic trip count takes all that is left.
SmallVector<int64_t> chooseBlockSizes(scf::ParallelOp loop,
                                      int64_t maxThreads) {
  int64_t numDims = loop.getNumLoops();
  SmallVector<int64_t> sizes(numDims, 1);
  int64_t left = maxThreads;
  // The GPU has three thread dimensions; the outer ones run in blocks.
  for (int64_t i = numDims - 1; i >= 0 && i >= numDims - 3 && left > 1; --i) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[i]);
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[i]);
    std::optional<int64_t> step = getConstantIntValue(loop.getStep()[i]);
    int64_t want = left;
    if (lb && ub && step && *step > 0)
      want = std::max<int64_t>(1, llvm::divideCeil(*ub - *lb, *step));
    sizes[i] = std::min<int64_t>(llvm::PowerOf2Ceil(want), left);
    left /= sizes[i];
  }
  return sizes;
}

/// Whether `op` is inside a parallel loop (code that becomes a kernel).
bool isInParallelLoop(Operation *op) {
  return op->getParentOfType<scf::ParallelOp>() != nullptr;
}

/// Whether host code `op` reads or writes a buffer: serial work that must
/// run on the device.
bool touchesBuffers(Operation *op) {
  if (isa<memref::StoreOp>(op))
    return true;
  auto loop = dyn_cast<scf::ForOp>(op);
  if (!loop || loop.getNumResults() != 0)
    return false;
  // A host loop around kernels stays on the host.
  bool hasKernels = false, touches = false;
  loop.walk([&](Operation *inner) {
    hasKernels |= isa<scf::ParallelOp, gpu::LaunchOp>(inner);
    touches |= isa<memref::LoadOp, memref::StoreOp>(inner);
  });
  return touches && !hasKernels;
}

/// Puts `op` into a one-iteration scf.parallel.
void wrapInParallelLoop(Operation *op) {
  OpBuilder builder(op);
  Location loc = op->getLoc();
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  auto loop = scf::ParallelOp::create(builder, loc, ValueRange{zero},
                                      ValueRange{one}, ValueRange{one});
  op->moveBefore(loop.getBody()->getTerminator());
}

struct NNGPUTileParallelLoopsPass
    : public nn::impl::NNGPUTileParallelLoopsBase<NNGPUTileParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (maxThreads < 1 || maxThreads > 1024) {
      getOperation().emitError("max-threads must be in [1, 1024], not ")
          << static_cast<int64_t>(maxThreads);
      return signalPassFailure();
    }
    SmallVector<Operation *> serial;
    getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
      // Kernels already (nn-gpu-launch-tiles) hold no host code.
      if (isa<scf::ParallelOp, gpu::LaunchOp>(op))
        return WalkResult::skip();
      if (touchesBuffers(op)) {
        serial.push_back(op);
        return WalkResult::skip();
      }
      return WalkResult::advance();
    });
    for (Operation *op : serial)
      wrapInParallelLoop(op);

    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (!isInParallelLoop(loop))
        loops.push_back(loop);
    });
    for (scf::ParallelOp loop : loops)
      scf::tileParallelLoop(loop, chooseBlockSizes(loop, maxThreads),
                            /*noMinMaxBounds=*/true);
  }
};

} // namespace
