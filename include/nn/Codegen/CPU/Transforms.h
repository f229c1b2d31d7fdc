//===- Transforms.h - CPU code generation steps of nn -----------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The work of each pass of Passes.td, as a function on one op or function,
// or as patterns for the pattern-based ones (as mlir/Dialect/Linalg/
// Transforms/Transforms.h exposes Linalg's), so that another pipeline (the
// GPU's, a user's) reuses what fits without running the pass. The passes
// are thin wrappers of these.
//
//===----------------------------------------------------------------------===//

#ifndef NN_CODEGEN_CPU_TRANSFORMS_H
#define NN_CODEGEN_CPU_TRANSFORMS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <limits>

namespace nn {

//===----------------------------------------------------------------------===//
// nn-fold-empty-loops
//===----------------------------------------------------------------------===//

/// Replaces `op`, a linalg op on tensors with a static loop range of 0 (it
/// runs no iteration), by its inits. Fails, leaving it, for any other op.
mlir::LogicalResult foldEmptyLoop(mlir::RewriterBase &rewriter,
                                  mlir::linalg::LinalgOp op);

/// foldEmptyLoop as a pattern on every linalg op.
void populateFoldEmptyLoopsPatterns(mlir::RewritePatternSet &patterns);

//===----------------------------------------------------------------------===//
// nn-cpu-fuse-elementwise
//===----------------------------------------------------------------------===//

/// Upstream's elementwise fusion patterns (producer into consumer, reshapes
/// folded by expansion, linalg canonicalizations, constant folding), bounded:
/// no fused body of more than `maxBodyOps` operations, no reshape into a
/// contraction, no folded constant of more than nn::kMaxFoldedElements
/// elements. Apply them top-down, as upstream does, for compile time.
void populateBoundedElementwiseFusionPatterns(mlir::RewritePatternSet &patterns,
                                              int64_t maxBodyOps);

//===----------------------------------------------------------------------===//
// nn-cpu-parallelize-loops
//===----------------------------------------------------------------------===//

/// Tiles loop `loop` of `op` (by default the outermost after static loops of
/// size 1), if it is parallel with a dynamic range or a static one of at
/// least 2, into an scf.forall of at most `maxChunks` iterations, when `op`
/// is a linalg op on tensors with at least `minElements` iteration points
/// (a dynamic range counted as 16). Returns the tiled op inside the forall,
/// or failure if `op` was left as it is.
mlir::FailureOr<mlir::linalg::LinalgOp>
spreadOverThreads(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
                  int64_t minElements, int64_t maxChunks,
                  std::optional<int64_t> loop = std::nullopt);

/// spreadOverThreads on every linalg op of `root` not already inside an
/// scf.for or scf.forall (a tiled contraction's pieces are).
void parallelizeLoops(mlir::RewriterBase &rewriter, mlir::Operation *root,
                      int64_t minElements, int64_t maxChunks);

//===----------------------------------------------------------------------===//
// nn-cpu-tile-contractions
//===----------------------------------------------------------------------===//

/// The register tile of a data-tiled contraction: `m` rows of A by `n`
/// columns of B, `k` reduction steps per vector.contract (the largest power
/// of two up to it that divides K; 1 where K is dynamic). A matmul with a
/// static M below `m` is computed unpacked, in tiles of `smallMN` / M
/// columns (a multiple of `n`). Static contractions of fewer than
/// `minParallelWork` multiply-adds get no parallel loop; packing and
/// unpacking copies of at least `minParallelCopy` elements get one. A
/// static K of at least 2 * `kBlock` is cut into blocks of about `kBlock`
/// (a divisor of K), an scf.for around the panel loops; 0 for none.
struct ContractionTileSizes {
  int64_t m = 4;
  int64_t n = 16;
  int64_t k = 4;
  int64_t smallMN = 128;
  int64_t minParallelWork = 0;
  int64_t minParallelCopy = std::numeric_limits<int64_t>::max();
  int64_t kBlock = 0;
  /// The register tile of static contractions of at least `minLargeWork`
  /// multiply-adds (largeM = 0: none). A larger tile runs faster on large
  /// matmuls but is more code per contraction to compile.
  int64_t largeM = 0;
  int64_t largeN = 0;
  int64_t largeK = 0;
  int64_t minLargeWork = 0;

  /// Whether every tile size is positive (the large tile's too, where there
  /// is one); tileContraction fails and tileContractions reports an error
  /// otherwise.
  bool isValid() const {
    return m > 0 && n > 0 && k > 0 && smallMN > 0 && largeM >= 0 &&
           (largeM == 0 || (largeN > 0 && largeK > 0));
  }
};

/// Whether tileContraction takes `op`: a contraction on tensors with one
/// result and one element type, exactly one M, N and K dimension and at
/// most one batch dimension, no static size of 0, not already in a forall.
bool isPackableContraction(mlir::linalg::LinalgOp op);

/// Packs `op` into panels of `sizes.m` rows of A and `sizes.n` columns of B,
/// tiles the packed op (column panels and batches in an scf.forall, an
/// scf.for below `sizes.minParallelWork`; row panels and k steps in scf.for
/// loops) and makes each register tile one vector.contract. The packs and
/// unpacks stay: see lowerPacks. A matmul with no batch, a static M below
/// `sizes.m`, static N and K, B indexed (k, n) and C (m, n) is not packed
/// (packing would copy all of B for a few rows of work): its column tiles
/// (see ContractionTileSizes) read A and B in place, the last one narrower.
/// Returns the k loops (none where tiling made none), whose accumulators
/// hoistAccumulator keeps in registers, or failure if `op` was left as it
/// is (or, on the unpacked path, where upstream tiling failed midway: still
/// correct loops, only partly vectorized).
mlir::FailureOr<llvm::SmallVector<mlir::scf::ForOp>>
tileContraction(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
                const ContractionTileSizes &sizes = {});

/// Makes the accumulator tile of `kLoop`, read and written at the same place
/// in every step, a loop-carried vector (on tensors, where the subsets are
/// still explicit).
void hoistAccumulator(mlir::RewriterBase &rewriter, mlir::scf::ForOp kLoop);

/// Lowers every linalg.pack and linalg.unpack under `root` to pads,
/// reshapes and vectorized transposes, which bufferize; a pack of a fill
/// becomes a fill of the packed tensor. Transposes of at least
/// `minParallelElements` elements are spread over threads first (see
/// spreadOverThreads). Fails where a pack does not lower.
mlir::LogicalResult
lowerPacks(mlir::RewriterBase &rewriter, mlir::Operation *root,
           int64_t minParallelElements = std::numeric_limits<int64_t>::max());

/// All of nn-cpu-tile-contractions but its final canonicalization: every
/// packable contraction under `root` tiled, accumulators hoisted, packs
/// lowered. Returns whether there was anything to do (a contraction or a
/// pack), failure where a pack does not lower.
mlir::FailureOr<bool> tileContractions(mlir::RewriterBase &rewriter,
                                       mlir::Operation *root,
                                       const ContractionTileSizes &sizes = {});

//===----------------------------------------------------------------------===//
// nn-cpu-unshare-empty-tensors
//===----------------------------------------------------------------------===//

/// Gives every use of a tensor.empty, or of a linalg.fill of one, under
/// `root` its own clone, placed right after the original.
void unshareEmptyTensors(mlir::Operation *root);

//===----------------------------------------------------------------------===//
// nn-cpu-tie-results, nn-cpu-drop-tied-results
//===----------------------------------------------------------------------===//

/// Materializes every result of `func` tied to an argument
/// (`nn.tied_result`) in that argument and marks it writable, before
/// bufferization.
void tieResults(mlir::func::FuncOp func);

/// After bufferization, removes the tied results from the results of
/// `func` (copying into the argument where the returned buffer is another
/// one). Returns, per removed result, the argument that holds it; fails on
/// a function that is not bufferized.
mlir::FailureOr<llvm::DenseMap<unsigned, unsigned>>
dropTiedResults(mlir::func::FuncOp func);

/// dropTiedResults on every function of `module`, and every func.call of
/// one rewritten to read the result from the buffer it passed.
mlir::LogicalResult dropTiedResults(mlir::ModuleOp module);

//===----------------------------------------------------------------------===//
// nn-cpu-lower-vectors
//===----------------------------------------------------------------------===//

/// memref.copy between strided buffers as a linalg.copy (loops that LLVM
/// vectorizes) instead of a call of MLIR's generic memrefCopy.
void populateStridedCopyToLoopsPatterns(mlir::RewritePatternSet &patterns);

/// Vector transfers with their unit dimensions dropped and permutations
/// made explicit (packing copies become plain vector loads and stores),
/// with populateStridedCopyToLoopsPatterns.
void populateCPUTransferLoweringPatterns(mlir::RewritePatternSet &patterns);

/// vector.contract to outer products (FMAs), masks, transposes and
/// multi-reductions to what convert-vector-to-llvm takes.
void populateCPUVectorLoweringPatterns(mlir::RewritePatternSet &patterns);

/// All of nn-cpu-lower-vectors on `func`: loop-invariant transfers hoisted,
/// then both pattern sets applied in turn.
mlir::LogicalResult lowerVectors(mlir::func::FuncOp func);

} // namespace nn

#endif // NN_CODEGEN_CPU_TRANSFORMS_H
