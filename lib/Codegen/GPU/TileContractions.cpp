//===- TileContractions.cpp - Contractions into shared-memory tiles -------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A contraction becomes the classic shared-memory GEMM (each block a 64x64
// tile of the result, K in steps of 16 through shared memory, each of the
// 16x16 threads a 4x4 register tile), written as loops that still run on
// the CPU: the block loop is an scf.parallel, and so is each phase of the
// threads of a block, in order, with a barrier between phases implied by
// the order. nn-gpu-launch-tiles turns that into a gpu.launch; before that,
// the test suite runs the loops on the CPU against the untiled op.
//
// Each thread sums its outputs over k in increasing order, from the value
// the output held, as the linalg op does: results are bitwise those of the
// op's loops. Sizes that are not multiples of the tiles (dynamic ones
// included) read clamped indices, whose values reach no output, bound the
// last k step, and store under a condition.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace nn {
#define GEN_PASS_DEF_NNGPUTILECONTRACTIONS
#include "nn/Codegen/GPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

// Threads of a block (y, x), each computing kRegM x kRegN outputs strided
// by the thread counts, so that neighbouring threads write neighbouring
// outputs; k steps of kTileK.
constexpr int64_t kThreadsY = 16, kThreadsX = 16;
constexpr int64_t kRegM = 4, kRegN = 4, kTileK = 16;
constexpr int64_t kTileM = kThreadsY * kRegM, kTileN = kThreadsX * kRegN;
constexpr int64_t kThreads = kThreadsY * kThreadsX;

/// A contraction with one dimension each of m, n, k and at most one batch
/// dimension: loop positions of each.
struct Contraction {
  linalg::LinalgOp op;
  std::optional<unsigned> batch;
  unsigned m, n, k;
};

/// Matches `op` (on buffers) as a Contraction.
std::optional<Contraction> matchContraction(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  if (!llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isProjectedPermutation(); }))
    return std::nullopt;
  // The payload is cloned per output: no linalg.index in it.
  if (!op.getBlock()->getOps<linalg::IndexOp>().empty())
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1 || dims->batch.size() > 1 ||
      op.getNumLoops() != 3 + dims->batch.size())
    return std::nullopt;
  Contraction c{op, std::nullopt, dims->m[0], dims->n[0], dims->k[0]};
  if (!dims->batch.empty())
    c.batch = dims->batch[0];
  return c;
}

/// `result`, if it is `acc + x * y` in floats, as a fused multiply-add, as
/// the CPU pipeline's contractions compute it (vector.contract to FMAs):
/// one instruction and one rounding.
Value fuseMultiplyAdd(OpBuilder &builder, Value result, Value acc) {
  auto add = result.getDefiningOp<arith::AddFOp>();
  if (!add)
    return result;
  Value product = add.getLhs() == acc   ? add.getRhs()
                  : add.getRhs() == acc ? add.getLhs()
                                        : Value();
  auto mul = product ? product.getDefiningOp<arith::MulFOp>() : nullptr;
  if (!mul || !mul->hasOneUse())
    return result;
  // LLVM's intrinsic, not math.fma, which the kernels' math-expand-ops
  // would split again.
  Value fused = LLVM::FMAOp::create(builder, add.getLoc(), acc.getType(),
                                    mul.getLhs(), mul.getRhs(), acc);
  add.erase();
  mul.erase();
  return fused;
}

/// How one operand's tile lies in shared memory: along (outer, inner) loop
/// dimensions, the inner one the operand's contiguous dimension so that
/// the copy reads global memory in rows. A row along k is padded by one
/// element: threads of a warp read down a column of it.
struct TileLayout {
  unsigned outer, inner;
  int64_t outerSize, innerSize, pad;

  MemRefType getType(Type elementType) const {
    return MemRefType::get({outerSize, innerSize + pad}, elementType);
  }
};

/// The layout of the tile of `operand`, along loop dimensions `a` and `b`
/// of `sizeA` and `sizeB`, where `k` is the reduction dimension.
TileLayout getTileLayout(linalg::LinalgOp op, OpOperand &operand, unsigned a,
                         int64_t sizeA, unsigned b, int64_t sizeB, unsigned k) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  unsigned last = map.getNumResults() == 0
                      ? b
                      : map.getDimPosition(map.getNumResults() - 1);
  TileLayout layout = last == a ? TileLayout{b, a, sizeB, sizeA, 0}
                                : TileLayout{a, b, sizeA, sizeB, 0};
  if (layout.inner == k)
    layout.pad = 1;
  return layout;
}

/// Emits the loops of one contraction in place of its op.
class TiledContraction {
public:
  TiledContraction(const Contraction &c)
      : c(c), op(c.op), builder(op), loc(op.getLoc()) {}

  void build();

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(builder, loc, value);
  }
  Value add(Value lhs, Value rhs) {
    return arith::AddIOp::create(builder, loc, lhs, rhs);
  }
  /// Whether loop dimension `dim` is statically a multiple of `tile`.
  bool divides(unsigned dim, int64_t tile) const {
    return !ShapedType::isDynamic(staticSizes[dim]) &&
           staticSizes[dim] % tile == 0;
  }
  Value clamp(unsigned dim, Value value, int64_t tile);
  SmallVector<Value> getIndices(OpOperand &operand, ArrayRef<Value> ivs);
  scf::ParallelOp createThreadPhase();
  Value getLinearThreadId(scf::ParallelOp phase);
  void buildCopyPhase(Value k0);
  void copyTile(OpOperand &operand, const TileLayout &layout, Value tile,
                Value k0, Value thread);
  void buildComputePhase(Value k0);
  void buildOutputPhase(bool store);
  Value loadTile(Value tile, const TileLayout &layout, unsigned dimA,
                 Value valueA, Value valueB);

  Contraction c;
  linalg::LinalgOp op;
  OpBuilder builder;
  Location loc;
  SmallVector<int64_t> staticSizes;
  SmallVector<Value> sizes;
  /// Loop dimension -> the block's first index along it (the batch index
  /// for the batch dimension; k: unset).
  SmallVector<Value> blockBase;
  TileLayout lhsLayout{}, rhsLayout{};
  Value lhsTile, rhsTile, acc;
};

/// `value` for an index along `dim`, clamped into bounds unless every
/// tile of size `tile` along it is whole.
Value TiledContraction::clamp(unsigned dim, Value value, int64_t tile) {
  if (divides(dim, tile))
    return value;
  Value last = arith::SubIOp::create(builder, loc, sizes[dim], index(1));
  return arith::MinUIOp::create(builder, loc, value, last);
}

/// The indices of `operand` at loop indices `ivs`.
SmallVector<Value> TiledContraction::getIndices(OpOperand &operand,
                                                ArrayRef<Value> ivs) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  SmallVector<Value> indices;
  for (unsigned i = 0; i < map.getNumResults(); ++i)
    indices.push_back(ivs[map.getDimPosition(i)]);
  return indices;
}

/// An scf.parallel over the threads of a block (a phase).
scf::ParallelOp TiledContraction::createThreadPhase() {
  Value zero = index(0), one = index(1);
  auto phase = scf::ParallelOp::create(
      builder, loc, ValueRange{zero, zero},
      ValueRange{index(kThreadsY), index(kThreadsX)}, ValueRange{one, one});
  phase->setAttr("nn.gpu.threads", builder.getUnitAttr());
  builder.setInsertionPointToStart(phase.getBody());
  return phase;
}

Value TiledContraction::getLinearThreadId(scf::ParallelOp phase) {
  Value row = arith::MulIOp::create(builder, loc, phase.getInductionVars()[0],
                                    index(kThreadsX));
  return add(row, phase.getInductionVars()[1]);
}

/// Threads copy the tiles of both operands at k step `k0` into shared
/// memory.
void TiledContraction::buildCopyPhase(Value k0) {
  OpBuilder::InsertionGuard guard(builder);
  scf::ParallelOp phase = createThreadPhase();
  Value thread = getLinearThreadId(phase);
  copyTile(*op.getDpsInputOperand(0), lhsLayout, lhsTile, k0, thread);
  copyTile(*op.getDpsInputOperand(1), rhsLayout, rhsTile, k0, thread);
}

/// Thread `thread` copies its elements of the tile of `operand` at k step
/// `k0` into `tile`, consecutive threads along its contiguous dimension.
void TiledContraction::copyTile(OpOperand &operand, const TileLayout &layout,
                                Value tile, Value k0, Value thread) {
  int64_t perThread = layout.outerSize * layout.innerSize / kThreads;
  for (int64_t r = 0; r < perThread; ++r) {
    Value element = add(thread, index(r * kThreads));
    Value inner =
        arith::RemUIOp::create(builder, loc, element, index(layout.innerSize));
    Value outer =
        arith::DivUIOp::create(builder, loc, element, index(layout.innerSize));
    SmallVector<Value> ivs(blockBase);
    for (auto [dim, local, size] :
         {std::tuple(layout.outer, outer, layout.outerSize),
          std::tuple(layout.inner, inner, layout.innerSize)}) {
      Value base = dim == c.k ? k0 : blockBase[dim];
      ivs[dim] = clamp(dim, add(base, local), size);
    }
    Value value = memref::LoadOp::create(builder, loc, operand.get(),
                                         getIndices(operand, ivs));
    memref::StoreOp::create(builder, loc, value, tile,
                            ValueRange{outer, inner});
  }
}

/// The element of `tile` at (`valueA`, `valueB`) along (`dimA`, the other).
Value TiledContraction::loadTile(Value tile, const TileLayout &layout,
                                 unsigned dimA, Value valueA, Value valueB) {
  SmallVector<Value, 2> indices{valueA, valueB};
  if (layout.outer != dimA)
    std::swap(indices[0], indices[1]);
  return memref::LoadOp::create(builder, loc, tile, indices);
}

/// Threads multiply the tiles of k step `k0` into their accumulators.
void TiledContraction::buildComputePhase(Value k0) {
  OpBuilder::InsertionGuard guard(builder);
  scf::ParallelOp phase = createThreadPhase();
  Value ty = phase.getInductionVars()[0], tx = phase.getInductionVars()[1];
  Value steps = index(kTileK);
  if (!divides(c.k, kTileK)) {
    Value left = arith::SubIOp::create(builder, loc, sizes[c.k], k0);
    steps = arith::MinUIOp::create(builder, loc, left, steps);
  }
  auto loop = scf::ForOp::create(builder, loc, index(0), steps, index(1));
  builder.setInsertionPointToStart(loop.getBody());
  Value kk = loop.getInductionVar();
  SmallVector<Value> lhs, rhs;
  for (int64_t i = 0; i < kRegM; ++i) {
    Value m = add(ty, index(i * kThreadsY));
    lhs.push_back(loadTile(lhsTile, lhsLayout, c.m, m, kk));
  }
  for (int64_t j = 0; j < kRegN; ++j) {
    Value n = add(tx, index(j * kThreadsX));
    rhs.push_back(loadTile(rhsTile, rhsLayout, c.n, n, kk));
  }
  Block *payload = op.getBlock();
  for (int64_t i = 0; i < kRegM; ++i)
    for (int64_t j = 0; j < kRegN; ++j) {
      SmallVector<Value> accIndices{ty, tx, index(i), index(j)};
      Value sum = memref::LoadOp::create(builder, loc, acc, accIndices);
      IRMapping mapping;
      mapping.map(payload->getArguments(), ValueRange{lhs[i], rhs[j], sum});
      for (Operation &inner : payload->without_terminator())
        builder.clone(inner, mapping);
      Value result = fuseMultiplyAdd(
          builder, mapping.lookup(payload->getTerminator()->getOperand(0)),
          sum);
      memref::StoreOp::create(builder, loc, result, acc, accIndices);
    }
}

/// Threads load their accumulators from the output (`store`: false) or
/// store them into it, where in bounds.
void TiledContraction::buildOutputPhase(bool store) {
  OpBuilder::InsertionGuard guard(builder);
  scf::ParallelOp phase = createThreadPhase();
  Value ty = phase.getInductionVars()[0], tx = phase.getInductionVars()[1];
  OpOperand &output = *op.getDpsInitOperand(0);
  for (int64_t i = 0; i < kRegM; ++i)
    for (int64_t j = 0; j < kRegN; ++j) {
      OpBuilder::InsertionGuard inner(builder);
      SmallVector<Value> ivs(blockBase);
      ivs[c.m] = add(blockBase[c.m], add(ty, index(i * kThreadsY)));
      ivs[c.n] = add(blockBase[c.n], add(tx, index(j * kThreadsX)));
      SmallVector<Value> accIndices{ty, tx, index(i), index(j)};
      if (!store) {
        ivs[c.m] = clamp(c.m, ivs[c.m], kTileM);
        ivs[c.n] = clamp(c.n, ivs[c.n], kTileN);
        Value value = memref::LoadOp::create(builder, loc, output.get(),
                                             getIndices(output, ivs));
        memref::StoreOp::create(builder, loc, value, acc, accIndices);
        continue;
      }
      Value inBounds;
      for (auto [dim, tile] : {std::pair(c.m, kTileM), std::pair(c.n, kTileN)})
        if (!divides(dim, tile)) {
          Value cond = arith::CmpIOp::create(
              builder, loc, arith::CmpIPredicate::ult, ivs[dim], sizes[dim]);
          inBounds = inBounds
                         ? arith::AndIOp::create(builder, loc, inBounds, cond)
                         : cond;
        }
      if (inBounds) {
        auto guarded = scf::IfOp::create(builder, loc, inBounds);
        builder.setInsertionPointToStart(guarded.thenBlock());
      }
      Value value = memref::LoadOp::create(builder, loc, acc, accIndices);
      memref::StoreOp::create(builder, loc, value, output.get(),
                              getIndices(output, ivs));
    }
}

void TiledContraction::build() {
  staticSizes = op.getStaticLoopRanges();
  for (Range range : op.createLoopRanges(builder, loc))
    sizes.push_back(getValueOrCreateConstantIndexOp(builder, loc, range.size));
  lhsLayout = getTileLayout(op, *op.getDpsInputOperand(0), c.m, kTileM, c.k,
                            kTileK, c.k);
  rhsLayout = getTileLayout(op, *op.getDpsInputOperand(1), c.n, kTileN, c.k,
                            kTileK, c.k);

  // The block loop: (batch,) column tile, row tile; the last is the GPU's
  // x, whose count may exceed 65535, for tall matrices (im2col).
  SmallVector<Value> upper;
  if (c.batch)
    upper.push_back(sizes[*c.batch]);
  for (auto [dim, tile] : {std::pair(c.n, kTileN), std::pair(c.m, kTileM)})
    upper.push_back(
        arith::CeilDivUIOp::create(builder, loc, sizes[dim], index(tile)));
  SmallVector<Value> zeros(upper.size(), index(0)),
      ones(upper.size(), index(1));
  auto blocks = scf::ParallelOp::create(builder, loc, zeros, upper, ones);
  blocks->setAttr("nn.gpu.blocks", builder.getUnitAttr());
  builder.setInsertionPointToStart(blocks.getBody());
  SmallVector<Value> ivs = blocks.getInductionVars();
  blockBase.assign(op.getNumLoops(), Value());
  if (c.batch)
    blockBase[*c.batch] = ivs[0];
  blockBase[c.m] =
      arith::MulIOp::create(builder, loc, ivs.back(), index(kTileM));
  blockBase[c.n] =
      arith::MulIOp::create(builder, loc, ivs[ivs.size() - 2], index(kTileN));

  auto makeBuffer = [&](MemRefType type, StringRef kind) {
    auto buffer = memref::AllocaOp::create(builder, loc, type);
    buffer->setAttr(kind, builder.getUnitAttr());
    return buffer.getResult();
  };
  lhsTile = makeBuffer(lhsLayout.getType(getElementTypeOrSelf(
                           op.getDpsInputOperand(0)->get().getType())),
                       "nn.gpu.workgroup");
  rhsTile = makeBuffer(rhsLayout.getType(getElementTypeOrSelf(
                           op.getDpsInputOperand(1)->get().getType())),
                       "nn.gpu.workgroup");
  acc =
      makeBuffer(MemRefType::get({kThreadsY, kThreadsX, kRegM, kRegN},
                                 getElementTypeOrSelf(
                                     op.getDpsInitOperand(0)->get().getType())),
                 "nn.gpu.private");

  buildOutputPhase(/*store=*/false);
  auto kLoop =
      scf::ForOp::create(builder, loc, index(0), sizes[c.k], index(kTileK));
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(kLoop.getBody());
    Value k0 = kLoop.getInductionVar();
    buildCopyPhase(k0);
    buildComputePhase(k0);
  }
  buildOutputPhase(/*store=*/true);
}

struct NNGPUTileContractionsPass
    : public nn::impl::NNGPUTileContractionsBase<NNGPUTileContractionsPass> {
  void runOnOperation() override {
    SmallVector<Contraction> contractions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<Contraction> c = matchContraction(op))
        contractions.push_back(*c);
    });
    for (const Contraction &c : contractions) {
      TiledContraction(c).build();
      c.op->erase();
    }
  }
};

} // namespace
