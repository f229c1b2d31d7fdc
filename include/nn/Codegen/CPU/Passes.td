//===- Passes.td - CPU code generation of nn -----------------*- tablegen -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_CODEGEN_CPU_PASSES_TD
#define NN_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNFoldEmptyLoops : Pass<"nn-fold-empty-loops", "::mlir::func::FuncOp"> {
  let summary = "Replaces linalg ops that iterate zero times by their inits";
  let description = [{
    A linalg op on tensors with a static loop range of 0 runs no iteration,
    so its results are its `outs` operands: an op with an empty result gives
    its (empty) init, a contraction or reduction over an empty dimension
    gives its fill. Every tensor of the CPU pipeline with a static zero-size
    dimension goes through this one rule before the passes that tile and
    pack loops, which assume at least one iteration (upstream tiling
    divides by the loop range).
  }];
}

def NNCPUFuseElementwise : Pass<"nn-cpu-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuses elementwise linalg ops, in time linear in the IR";
  let description = [{
    The patterns of upstream `linalg-fuse-elementwise-ops` (producer into
    consumer fusion of elementwise generics, reshapes folded by expansion,
    splat constants into bodies, linalg canonicalizations, constant
    folding), with two bounds: a fusion whose body would exceed
    `max-body-ops` operations is not made, and constant folding stops at
    `nn::kMaxFoldedElements` result elements. Each fusion clones both
    bodies, so a chain of N elementwise ops fused into one costs O(N^2)
    upstream (33 s for 8,000 `nn.tanh`); capped, a chain becomes generics
    of at most `max-body-ops` operations each and the pass is linear in N.
  }];
  let options = [
    Option<"maxBodyOps", "max-body-ops", "int64_t", "128",
           "Most operations in the body of a fused generic">,
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect"
  ];
}

def NNCPUTileContractions : Pass<"nn-cpu-tile-contractions", "::mlir::func::FuncOp"> {
  let summary = "Data-tiles, register-tiles and vectorizes matmul-like ops for the CPU";
  let description = [{
    Rewrites every linalg contraction on tensors (matmuls in any operand
    layout, batched or not, static or dynamic sizes) as a data-tiled matmul:
    the operands are packed into panels of `tile-m` rows of A and `tile-n`
    columns of B, contiguous along k (padded with zeros where a size is not a
    multiple), and the result is computed in `tile-m` x `tile-n` blocks and
    unpacked. Column panels (and batches) become an `scf.forall`, so that
    they run in parallel once lowered; inside, row panels and steps of
    `tile-k` along k are `scf.for` loops around one `vector.contract` per
    step, whose accumulator is hoisted out of the k loop (it stays in
    registers). Packs and unpacks are lowered to pads, reshapes and
    transposes.

    A matmul with a static M below `tile-m` (batch-1 inference) and static
    N and K, whose B is k-major (B[k][n]), is not packed: packing B would
    copy all of it for a few rows of work. Its result is computed in tiles
    of M rows and `small-m-tile-n` / M columns (a multiple of `tile-n`; the
    last tile as wide as what is left) that read A and B where they are,
    steps of `tile-k` along k, with the accumulator in registers as above.

    A static contraction of fewer than `min-parallel-work` multiply-adds
    (M * N * K, batches included) runs its column panels (or column tiles)
    in an `scf.for` instead of an `scf.forall`: opening a parallel region
    costs more than such a matmul.
  }];
  let options = [
    Option<"tileM", "tile-m", "int64_t", "4", "Rows of a register tile">,
    Option<"tileN", "tile-n", "int64_t", "16", "Columns of a register tile">,
    Option<"tileK", "tile-k", "int64_t", "4",
           "Reduction steps per vector.contract (the largest power of two "
           "up to this that divides K; 1 where K is dynamic)">,
    Option<"smallMTileN", "small-m-tile-n", "int64_t", "128",
           "Columns of a register tile of a matmul with M = 1 (static M "
           "below tile-m, computed without packing); M rows take 1/M of "
           "them, in multiples of tile-n">,
    Option<"minParallelWork", "min-parallel-work", "int64_t", "0",
           "Static contractions with fewer multiply-adds run sequentially">,
    Option<"minParallelCopy", "min-parallel-copy", "int64_t",
           "std::numeric_limits<int64_t>::max()",
           "Packing and unpacking copies of at least this many elements "
           "are spread over threads">,
    Option<"largeTileM", "large-tile-m", "int64_t", "0",
           "Rows of the register tile of large contractions (0: no large "
           "tile)">,
    Option<"largeTileN", "large-tile-n", "int64_t", "0",
           "Columns of the register tile of large contractions">,
    Option<"largeTileK", "large-tile-k", "int64_t", "0",
           "Reduction steps per vector.contract of large contractions">,
    Option<"minLargeTileWork", "min-large-tile-work", "int64_t", "0",
           "Static contractions of at least this many multiply-adds take "
           "the large tile">,
    Option<"kBlock", "k-block", "int64_t", "0",
           "A static K of at least twice this is computed in blocks of "
           "about this many steps (a divisor of K), panels of one block "
           "reused from cache; 0 for none">,
  ];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::tensor::TensorDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::affine::AffineDialect",
    "::mlir::ub::UBDialect"
  ];
}

def NNCPUParallelizeLoops : Pass<"nn-cpu-parallelize-loops", "::mlir::func::FuncOp"> {
  let summary = "Spreads large elementwise, gather and copy loops over the cores";
  let description = [{
    Every linalg op on tensors outside a loop (contractions are
    `nn-cpu-tile-contractions`' business and are tiled by then) whose
    iteration space has at least `min-parallel-elements` points and whose
    outermost loop (after loops of size 1) is parallel becomes an
    `scf.forall` over chunks of that loop, at most `max-chunks` of them,
    which the llvm phase turns into an OpenMP parallel loop. Elementwise
    ops, the im2col copies of convolutions, the gathers of pooling and
    convolution gradients, and reductions over inner dimensions qualify;
    a reduction over the outermost dimension (a bias gradient) does not,
    and stays on one thread. A dynamic size counts as 16 (a traced step's
    batch); a dynamic outermost loop is cut into max(1, ceil(size /
    max-chunks)) iterations per chunk, computed at run time. Below the threshold the
    parallel region's fork and join (microseconds, more when the other
    cores are busy) would cost more than the work.
  }];
  let options = [
    Option<"minParallelElements", "min-parallel-elements", "int64_t",
           "131072", "Fewest iteration points of an op spread over threads">,
    Option<"maxChunks", "max-chunks", "int64_t", "64",
           "Most iterations of the scf.forall made for one op">,
  ];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect"
  ];
}

def NNCPUUnshareEmptyTensors : Pass<"nn-cpu-unshare-empty-tensors", "::mlir::func::FuncOp"> {
  let summary = "Gives every use of an empty tensor (or of a fill of one) its own";
  let description = [{
    CSE merges identical `tensor.empty` ops (and `linalg.fill`s of them), so
    that every op of one result type writes into the same tensor. One-shot
    bufferization then puts all those writers in one alias set, and its
    conflict analysis, like empty-tensor elimination, grows with the square
    of that set for each of them: a chain of 500 matmuls took 225 s to
    compile. It would also have to copy the shared value for all writers but
    one. This pass clones each such op once per further use, right after
    the original (so nothing moves into a loop), before bufferization.
  }];
}

def NNCPUTieResults : Pass<"nn-cpu-tie-results", "::mlir::func::FuncOp"> {
  let summary = "Materializes tied results in their arguments before bufferization";
  let description = [{
    For every argument with `nn.tied_result = N`, materializes result `N` in
    the argument (`bufferization.materialize_in_destination`) and marks the
    argument writable, so that one-shot bufferization computes the result in
    the argument's buffer where no later read conflicts, and copies into it
    otherwise.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def NNCPUDropTiedResults : Pass<"nn-cpu-drop-tied-results", "::mlir::ModuleOp"> {
  let summary = "Removes results that live in their tied arguments after bufferization";
  let description = [{
    After bufferization, a result tied to an argument is the argument's
    buffer: it is removed from the function's results (with a copy into the
    argument where the returned buffer is another one), and the argument's
    `nn.tied_result` attribute goes with it. Callers read the result from
    the memory they passed; `func.call` sites are rewritten to use their
    operand (a module pass, as it changes callers).
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def NNCPULowerVectors : Pass<"nn-cpu-lower-vectors", "::mlir::func::FuncOp"> {
  let summary = "Hoists accumulators and lowers vector ops after bufferization";
  let description = [{
    Hoists loop-invariant vector transfers out of their loops, drops unit
    dimensions of transfers and makes their permutations explicit (packing
    copies become plain vector loads and stores), turns copies between
    strided buffers into linalg.copy loops (which LLVM vectorizes) instead of
    calls of MLIR's generic memrefCopy, then lowers vector.contract to outer
    products (FMAs), masks and transposes.
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::linalg::LinalgDialect"];
}

#endif // NN_CODEGEN_CPU_PASSES_TD
