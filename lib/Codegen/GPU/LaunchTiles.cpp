//===- LaunchTiles.cpp - Block and thread loops into gpu.launch -----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Upstream convert-parallel-loops-to-gpu maps one nest of parallel loops
// and refuses side effects between a block loop and its thread loop: it
// cannot express phases of a block that share memory, which is what a
// shared-memory GEMM is. The loops of nn-gpu-tile-contractions say which
// loop is the grid, which loops are phases of the block's threads, and
// which buffers are per block and per thread; this pass only has to check
// that, and write it as one kernel.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/GPU/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace nn {
#define GEN_PASS_DEF_NNGPULAUNCHTILES
#include "nn/Codegen/GPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kBlocks = "nn.gpu.blocks";
constexpr llvm::StringLiteral kThreads = "nn.gpu.threads";
constexpr llvm::StringLiteral kWorkgroup = "nn.gpu.workgroup";
constexpr llvm::StringLiteral kPrivate = "nn.gpu.private";

/// Whether `loop` starts at 0 with steps of 1 in every dimension, of at
/// most three (the GPU's).
bool isNormalized(scf::ParallelOp loop) {
  return loop.getNumLoops() <= 3 &&
         llvm::all_of(loop.getLowerBound(),
                      [](Value v) { return isConstantIntValue(v, 0); }) &&
         llvm::all_of(loop.getStep(),
                      [](Value v) { return isConstantIntValue(v, 1); });
}

/// The static shape of the thread phases of `blocks`, checked: every phase
/// of one static shape, reached by every thread (only scf.for between it
/// and the block loop), and nothing but buffers and pure ops outside the
/// phases, which every thread runs.
FailureOr<SmallVector<int64_t>> getThreadShape(scf::ParallelOp blocks) {
  if (!isNormalized(blocks))
    return blocks.emitError("block loop not normalized");
  std::optional<SmallVector<int64_t>> shape;
  WalkResult result = blocks.getBody()->walk<WalkOrder::PreOrder>(
      [&](Operation *op) -> WalkResult {
        auto phase = dyn_cast<scf::ParallelOp>(op);
        if (!phase || !phase->hasAttr(kThreads)) {
          // Ops with regions: what they hold is checked in turn.
          if (isPure(op) ||
              op->hasTrait<OpTrait::HasRecursiveMemoryEffects>() ||
              isa<scf::YieldOp, scf::ReduceOp, memref::AllocaOp>(op))
            return WalkResult::advance();
          return op->emitError("side effect outside the threads' phases");
        }
        for (Operation *parent = op->getParentOp(); parent != blocks;
             parent = parent->getParentOp())
          if (!isa<scf::ForOp>(parent))
            return op->emitError("thread phase not reached by every thread");
        std::optional<SmallVector<int64_t>> bounds =
            getConstantIntValues(getAsOpFoldResult(phase.getUpperBound()));
        if (!isNormalized(phase) || !bounds || (shape && *shape != *bounds))
          return op->emitError("thread phases not of one static shape");
        shape = bounds;
        return WalkResult::skip();
      });
  if (result.wasInterrupted())
    return failure();
  if (!shape)
    return blocks.emitError("block loop without thread phases");
  return *shape;
}

/// `sizes` (outermost first) as x, y, z, padded with 1.
std::array<Value, 3> getDim3(OpBuilder &builder, Location loc,
                             ValueRange sizes) {
  std::array<Value, 3> dim3;
  for (unsigned d = 0; d < 3; ++d)
    dim3[d] = d < sizes.size()
                  ? sizes[sizes.size() - 1 - d]
                  : arith::ConstantIndexOp::create(builder, loc, 1).getResult();
  return dim3;
}

/// The ids of `ids` for a loop of `rank` dimensions, outermost first.
SmallVector<Value> getIds(gpu::KernelDim3 ids, unsigned rank) {
  SmallVector<Value> all{ids.x, ids.y, ids.z};
  SmallVector<Value> result(all.begin(), all.begin() + rank);
  std::reverse(result.begin(), result.end());
  return result;
}

/// The phase's body at the thread's ids, then a barrier unless the kernel
/// ends there.
void inlinePhase(scf::ParallelOp phase, ArrayRef<Value> threadIds) {
  for (auto [iv, id] : llvm::zip(phase.getInductionVars(), threadIds))
    iv.replaceAllUsesWith(id);
  Block *body = phase.getBody();
  body->getTerminator()->erase();
  phase->getBlock()->getOperations().splice(Block::iterator(phase),
                                            body->getOperations());
  if (!isa<gpu::TerminatorOp>(phase->getNextNode())) {
    OpBuilder builder(phase);
    gpu::BarrierOp::create(builder, phase.getLoc());
  }
  phase.erase();
}

/// A buffer per thread for `alloca`, whose accesses all index it by the
/// thread's ids first.
LogicalResult privatize(memref::AllocaOp alloca, ArrayRef<Value> threadIds) {
  MemRefType type = alloca.getType();
  unsigned rank = threadIds.size();
  if (type.getRank() < rank || !type.hasStaticShape())
    return alloca.emitError("per-thread buffer without thread dimensions");
  OpBuilder builder(alloca);
  auto local = memref::AllocaOp::create(
      builder, alloca.getLoc(),
      MemRefType::get(type.getShape().drop_front(rank), type.getElementType()));
  for (Operation *user : llvm::to_vector(alloca->getUsers())) {
    auto load = dyn_cast<memref::LoadOp>(user);
    auto store = dyn_cast<memref::StoreOp>(user);
    ValueRange indices = load    ? load.getIndices()
                         : store ? store.getIndices()
                                 : ValueRange();
    if ((!load && !store) || (store && store.getValueToStore() == alloca) ||
        !llvm::equal(indices.take_front(rank), threadIds))
      return user->emitError("per-thread buffer not indexed by thread");
    builder.setInsertionPoint(user);
    if (load)
      load.replaceAllUsesWith(memref::LoadOp::create(builder, load.getLoc(),
                                                     local,
                                                     indices.drop_front(rank))
                                  .getResult());
    else
      memref::StoreOp::create(builder, store.getLoc(), store.getValueToStore(),
                              local, indices.drop_front(rank));
    user->erase();
  }
  alloca.erase();
  return success();
}

/// `blocks` as a gpu.launch.
LogicalResult launch(scf::ParallelOp blocks) {
  FailureOr<SmallVector<int64_t>> threads = getThreadShape(blocks);
  if (failed(threads))
    return failure();
  OpBuilder builder(blocks);
  Location loc = blocks.getLoc();
  SmallVector<Value> threadSizes;
  for (int64_t size : *threads)
    threadSizes.push_back(arith::ConstantIndexOp::create(builder, loc, size));
  std::array<Value, 3> grid = getDim3(builder, loc, blocks.getUpperBound());
  std::array<Value, 3> block = getDim3(builder, loc, threadSizes);

  SmallVector<memref::AllocaOp> shared;
  SmallVector<Type> sharedTypes;
  auto workgroup = gpu::AddressSpaceAttr::get(builder.getContext(),
                                              gpu::AddressSpace::Workgroup);
  for (auto alloca : blocks.getBody()->getOps<memref::AllocaOp>())
    if (alloca->hasAttr(kWorkgroup)) {
      shared.push_back(alloca);
      MemRefType type = alloca.getType();
      sharedTypes.push_back(MemRefType::get(
          type.getShape(), type.getElementType(), type.getLayout(), workgroup));
    }
  auto launch = gpu::LaunchOp::create(
      builder, loc, grid[0], grid[1], grid[2], block[0], block[1], block[2],
      /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/{}, sharedTypes);

  IRMapping mapping;
  mapping.map(blocks.getInductionVars(),
              getIds(launch.getBlockIds(), blocks.getNumLoops()));
  for (auto [alloca, attribution] :
       llvm::zip(shared, launch.getWorkgroupAttributions()))
    mapping.map(alloca.getResult(), attribution);
  Block &body = launch.getBody().front();
  builder.setInsertionPointToEnd(&body);
  if (body.empty() || !body.back().hasTrait<OpTrait::IsTerminator>())
    gpu::TerminatorOp::create(builder, loc);
  builder.setInsertionPoint(body.getTerminator());
  for (Operation &op : blocks.getBody()->without_terminator())
    if (op.getNumResults() == 0 || !mapping.contains(op.getResult(0)))
      builder.clone(op, mapping);
  blocks.erase();

  SmallVector<Value> threadIds = getIds(launch.getThreadIds(), threads->size());
  SmallVector<scf::ParallelOp> phases;
  launch.walk([&](scf::ParallelOp phase) { phases.push_back(phase); });
  for (scf::ParallelOp phase : phases)
    inlinePhase(phase, threadIds);
  for (auto alloca :
       llvm::to_vector(launch.getBody().front().getOps<memref::AllocaOp>()))
    if (alloca->hasAttr(kPrivate) && failed(privatize(alloca, threadIds)))
      return failure();
  return success();
}

struct NNGPULaunchTilesPass
    : public nn::impl::NNGPULaunchTilesBase<NNGPULaunchTilesPass> {
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (loop->hasAttr(kBlocks))
        loops.push_back(loop);
    });
    for (scf::ParallelOp loop : loops)
      if (failed(launch(loop)))
        return signalPassFailure();
  }
};

} // namespace
