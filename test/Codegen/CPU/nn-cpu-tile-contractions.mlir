// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions),canonicalize,cse)' | FileCheck %s
// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{min-parallel-work=1000000}),canonicalize,cse)' | FileCheck %s --check-prefix=SEQ
// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{min-parallel-copy=1000}),canonicalize,cse)' | FileCheck %s --check-prefix=COPY
// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-tile-contractions{k-block=16}),canonicalize,cse)' | FileCheck %s --check-prefix=BLOCK

// A static matmul: A packed into 4-row panels and B into 16-column panels
// (both contiguous along k) by vectorized copies, row panels in parallel
// (3 column panels are too few to share), column panels and steps of 4
// along k inside; the 4x16 accumulator is carried through the k loop as a
// vector (registers) and stored once per tile.
// CHECK-LABEL: func.func @static
// CHECK: vector.transfer_read {{.*}} : tensor<1x4x8x1xf32>, vector<1x8x4x1xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x1x16xf32>, vector<1x1x16x1xf32>
// CHECK: scf.forall (%{{.*}}) in (16)
// CHECK: scf.for
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} : tensor<1x1x4x16xf32>, vector<4x16xf32>
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[ITER:.*]] = %[[ACC]]) -> (vector<4x16xf32>)
// CHECK: vector.transfer_read {{.*}} vector<4x4xf32>
// CHECK: vector.transfer_read {{.*}} vector<4x16xf32>
// CHECK: vector.contract {{.*}} %[[ITER]] : vector<4x4xf32>, vector<4x16xf32> into vector<4x16xf32>
// CHECK: vector.transfer_write %[[SUM]]
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.transpose
// With min-parallel-copy at 1000 elements, the packing copies of A (2048
// elements, 16 panels) and B (1536, 3 panels) run in parallel loops too,
// before the parallel loop of the product; each over its input's outer
// dimension (A's rows, by panel; B's 32 rows, which every panel shares).
// COPY-LABEL: func.func @static
// COPY: scf.forall (%{{.*}}) in (16) {{.*}} -> (tensor<16x32x4x1xf32>)
// COPY: vector.transfer_read {{.*}} : tensor<1x4x8x1xf32>, vector<1x8x4x1xf32>
// COPY: scf.forall (%{{.*}}) in (32) {{.*}} -> (tensor<3x32x16x1xf32>)
// COPY: vector.transfer_read {{.*}} : tensor<1x1x1x16xf32>, vector<1x1x16x1xf32>
// COPY: scf.forall (%{{.*}}) in (16) {{.*}} -> (tensor<16x3x4x16xf32>)
// COPY: vector.contract
func.func @static(%a: tensor<64x32xf32>, %b: tensor<32x48xf32>, %c: tensor<64x48xf32>) -> tensor<64x48xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x32xf32>, tensor<32x48xf32>) outs(%c : tensor<64x48xf32>) -> tensor<64x48xf32>
  return %0 : tensor<64x48xf32>
}

// -----

// A dynamic batch and N = 10: rows and columns padded with zeros to whole
// panels, the result sliced back.
// CHECK-LABEL: func.func @dynamic
// CHECK: tensor.pad %arg0 low[0, 0] high[%{{.*}}, 0]
// CHECK: tensor.pad %arg1 low[0, 0] high[0, 6]
// CHECK: vector.contract {{.*}} : vector<4x4xf32>, vector<4x16xf32> into vector<4x16xf32>
// CHECK: tensor.extract_slice {{.*}} [%{{.*}}, 10] [1, 1] : tensor<?x16xf32> to tensor<?x10xf32>
func.func @dynamic(%a: tensor<?x8xf32>, %b: tensor<8x10xf32>, %c: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x10xf32>) outs(%c : tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// Transposed operands (the backward pass's x^T dy and dy W^T) pack into the
// same panels; a dynamic K takes steps of 1.
// CHECK-LABEL: func.func @transposed
// CHECK: vector.contract {{.*}} : vector<1x4xf32>, vector<1x16xf32> into vector<4x16xf32>
// CHECK-NOT: linalg.generic
#lhsT = affine_map<(m, n, k) -> (k, m)>
#rhsT = affine_map<(m, n, k) -> (n, k)>
#out = affine_map<(m, n, k) -> (m, n)>
func.func @transposed(%a: tensor<?x32xf32>, %b: tensor<48x?xf32>, %c: tensor<32x48xf32>) -> tensor<32x48xf32> {
  %0 = linalg.generic {indexing_maps = [#lhsT, #rhsT, #out], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<?x32xf32>, tensor<48x?xf32>) outs(%c : tensor<32x48xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x48xf32>
  return %0 : tensor<32x48xf32>
}

// -----

// Four column panels or more are shared by the threads, each keeping its
// panel of B in cache while the row panels stream past.
// CHECK-LABEL: func.func @wide
// CHECK: scf.forall (%{{.*}}) in (5)
// CHECK: scf.for %{{.*}} = %c0 to %c2
func.func @wide(%a: tensor<8x32xf32>, %b: tensor<32x80xf32>, %c: tensor<8x80xf32>) -> tensor<8x80xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x32xf32>, tensor<32x80xf32>) outs(%c : tensor<8x80xf32>) -> tensor<8x80xf32>
  return %0 : tensor<8x80xf32>
}

// -----

// With k-block=16, K = 64 is computed in 4 blocks of 16 steps: a loop around
// the parallel panels, the accumulator tile reloaded per block. K = 44 has
// no divisor from 8 to 16 that is a multiple of the k step (4): no blocks.
// BLOCK-LABEL: func.func @k_blocks
// BLOCK: scf.for %{{.*}} = %c0 to %c64 step %c16
// BLOCK: scf.forall
// BLOCK: scf.for %{{.*}} = %c0 to %c16 step %c4
// BLOCK: vector.contract
// BLOCK-LABEL: func.func @k_unblocked
// BLOCK-NOT: step %c11
// BLOCK: scf.forall
// BLOCK: scf.for %{{.*}} = %c0 to %c44 step %c4
func.func @k_blocks(%a: tensor<8x64xf32>, %b: tensor<64x80xf32>, %c: tensor<8x80xf32>) -> tensor<8x80xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x64xf32>, tensor<64x80xf32>) outs(%c : tensor<8x80xf32>) -> tensor<8x80xf32>
  return %0 : tensor<8x80xf32>
}
func.func @k_unblocked(%a: tensor<8x44xf32>, %b: tensor<44x80xf32>, %c: tensor<8x80xf32>) -> tensor<8x80xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x44xf32>, tensor<44x80xf32>) outs(%c : tensor<8x80xf32>) -> tensor<8x80xf32>
  return %0 : tensor<8x80xf32>
}

// -----

// A stored transposed (K x M, as a filter gradient's im2col matrix): its
// packing copy takes blocks of 32 input rows, and within a block, panel by
// panel, the rows' pieces (reads from rows in cache, writes to one panel).
// CHECK-LABEL: func.func @transposed_pack
// CHECK: tensor.expand_shape %arg0 {{.*}} into tensor<64x1x4x4xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x1x4xf32>, vector<1x1x4x1xf32>
func.func @transposed_pack(%a: tensor<64x16xf32>, %b: tensor<64x16xf32>, %c: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<64x16xf32>, tensor<64x16xf32>) outs(%c : tensor<16x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<16x16xf32>
  return %0 : tensor<16x16xf32>
}

// -----

// A batched matmul: batches and row panels in parallel (one column panel);
// integers too.
// CHECK-LABEL: func.func @batched
// CHECK: scf.forall (%{{.*}}, %{{.*}}) in (2, 2)
// CHECK: vector.contract {{.*}} : vector<4x4xi32>, vector<4x16xi32> into vector<4x16xi32>
func.func @batched(%a: tensor<2x8x8xi32>, %b: tensor<2x8x16xi32>, %c: tensor<2x8x16xi32>) -> tensor<2x8x16xi32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x8x8xi32>, tensor<2x8x16xi32>) outs(%c : tensor<2x8x16xi32>) -> tensor<2x8x16xi32>
  return %0 : tensor<2x8x16xi32>
}

// -----

// Left alone: a row-wise dot product (no N dimension) and a widening
// contraction (f16 operands, f32 accumulator).
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: vector.contract
// CHECK: linalg.generic
// CHECK: linalg.matmul
#row = affine_map<(b, k) -> (b, k)>
#red = affine_map<(b, k) -> (b)>
func.func @left_alone(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>, %c: tensor<4xf32>, %h: tensor<4x8xf16>, %g: tensor<8x4xf16>, %d: tensor<4x4xf32>) -> (tensor<4xf32>, tensor<4x4xf32>) {
  %0 = linalg.generic {indexing_maps = [#row, #row, #red], iterator_types = ["parallel", "reduction"]} ins(%a, %b : tensor<4x8xf32>, tensor<4x8xf32>) outs(%c : tensor<4xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %1 = linalg.matmul ins(%h, %g : tensor<4x8xf16>, tensor<8x4xf16>) outs(%d : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4x4xf32>
}

// -----

// A zero-initialized accumulator is filled in its packed layout (no fill
// then packing copy), and the unpacked result is the transposed slice
// itself (no copy into the unpack's destination).
// CHECK-LABEL: func.func @fill_init
// CHECK-NOT: linalg.fill {{.*}} tensor<8x16xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x1x4x16xf32>)
// CHECK-NOT: linalg.copy
// CHECK: return
func.func @fill_init(%a: tensor<8x32xf32>, %b: tensor<32x16xf32>) -> tensor<8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<8x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<8x16xf32>) -> tensor<8x16xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<8x32xf32>, tensor<32x16xf32>) outs(%init : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

// Ops on buffers have no result to read an element type from: left alone
// (this read before the op's storage once; the sanitizer build caught it).
// CHECK-LABEL: func.func @buffers
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<4x4xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<4x8xf32>, memref<8x4xf32>) outs(%{{.*}} : memref<4x4xf32>)
func.func @buffers(%a: memref<4x8xf32>, %b: memref<8x4xf32>, %c: memref<4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<4x4xf32>)
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x4xf32>) outs(%c : memref<4x4xf32>)
  return
}

// -----

// M = 1 (batch-1 inference): no packing. Column tiles of 128 read B in
// place, in parallel, k in steps of 4 with the 1x128 accumulator carried
// in registers; the last 44 columns are one narrower tile. Below
// min-parallel-work the column tiles are a plain loop.
// CHECK-LABEL: func.func @one_row
// CHECK-NOT: tensor.pad
// CHECK: scf.forall (%[[J:.*]]) = (0) to (256) step (128)
// CHECK: tensor.extract_slice %{{.*}}[0, %[[J]]] [300, 128] [1, 1] : tensor<300x256xf32> to tensor<300x128xf32>
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} : tensor<1x128xf32>, vector<1x128xf32>
// CHECK: %[[SUM:.*]] = scf.for {{.*}} step %c4 iter_args(%[[ITER:.*]] = %[[ACC]]) -> (vector<1x128xf32>)
// CHECK: vector.transfer_read %{{.*}} {in_bounds = [true, true], permutation_map = #{{.*}}} : tensor<1x4xf32>, vector<4x1xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<4x128xf32>, vector<4x128xf32>
// CHECK: vector.contract {{.*}} %[[ITER]] : vector<4x1xf32>, vector<4x128xf32> into vector<1x128xf32>
// CHECK: vector.transfer_write %[[SUM]]
// CHECK: scf.forall.in_parallel
// CHECK: tensor.extract_slice %arg1[0, 256] [300, 44] [1, 1]
// CHECK: vector.contract {{.*}} : vector<4x1xf32>, vector<4x44xf32> into vector<1x44xf32>
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.transpose
// SEQ-LABEL: func.func @one_row
// SEQ-NOT: scf.forall
// SEQ: scf.for %{{.*}} = %c0 to %c256 step %c128
// SEQ: vector.contract {{.*}} : vector<4x1xf32>, vector<4x128xf32> into vector<1x128xf32>
func.func @one_row(%a: tensor<1x300xf32>, %b: tensor<300x300xf32>, %c: tensor<1x300xf32>) -> tensor<1x300xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x300xf32>, tensor<300x300xf32>) outs(%c : tensor<1x300xf32>) -> tensor<1x300xf32>
  return %0 : tensor<1x300xf32>
}

// -----

// M = 3 and an odd K: tiles of 128 / 3 columns rounded down to a multiple
// of tile-n (32), steps of 1 along k, A read transposed (k x m).
// CHECK-LABEL: func.func @three_rows
// CHECK: vector.contract {{.*}} : vector<1x3xf32>, vector<1x32xf32> into vector<3x32xf32>
// CHECK: vector.contract {{.*}} : vector<1x3xf32>, vector<1x18xf32> into vector<3x18xf32>
// CHECK-NOT: linalg.matmul
func.func @three_rows(%a: tensor<3x13xf32>, %b: tensor<13x50xf32>, %c: tensor<3x50xf32>) -> tensor<3x50xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<3x13xf32>, tensor<13x50xf32>) outs(%c : tensor<3x50xf32>) -> tensor<3x50xf32>
  return %0 : tensor<3x50xf32>
}

// -----

// A transposed A (k-major, as x^T) is read as it is; N below one tile and
// K of one step make a single vector.contract with no loop.
// CHECK-LABEL: func.func @transposed_lhs
// CHECK-NOT: scf.for
// CHECK: vector.transfer_read %arg0{{.*}} : tensor<4x2xf32>, vector<4x2xf32>
// CHECK: vector.contract {{.*}} : vector<4x2xf32>, vector<4x10xf32> into vector<2x10xf32>
#lhsT = affine_map<(m, n, k) -> (k, m)>
#rhs = affine_map<(m, n, k) -> (k, n)>
#out = affine_map<(m, n, k) -> (m, n)>
func.func @transposed_lhs(%a: tensor<4x2xf32>, %b: tensor<4x10xf32>, %c: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = linalg.generic {indexing_maps = [#lhsT, #rhs, #out], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x2xf32>, tensor<4x10xf32>) outs(%c : tensor<2x10xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

// Packed as before: a B indexed (n, k), whose tile is no stack of row
// pieces; M = 4 (a whole row panel); a dynamic M.
// CHECK-LABEL: func.func @packed
// CHECK-COUNT-3: vector.contract {{.*}} : vector<4x4xf32>, vector<4x16xf32> into vector<4x16xf32>
#lhs = affine_map<(m, n, k) -> (m, k)>
#rhsT = affine_map<(m, n, k) -> (n, k)>
#out = affine_map<(m, n, k) -> (m, n)>
func.func @packed(%a: tensor<1x8xf32>, %bt: tensor<16x8xf32>, %c: tensor<1x16xf32>, %a4: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c4: tensor<4x16xf32>, %ad: tensor<?x8xf32>, %cd: tensor<?x16xf32>) -> (tensor<1x16xf32>, tensor<4x16xf32>, tensor<?x16xf32>) {
  %0 = linalg.generic {indexing_maps = [#lhs, #rhsT, #out], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %bt : tensor<1x8xf32>, tensor<16x8xf32>) outs(%c : tensor<1x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<1x16xf32>
  %1 = linalg.matmul ins(%a4, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c4 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %2 = linalg.matmul ins(%ad, %b : tensor<?x8xf32>, tensor<8x16xf32>) outs(%cd : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %0, %1, %2 : tensor<1x16xf32>, tensor<4x16xf32>, tensor<?x16xf32>
}

// -----

// The packed path below min-parallel-work: column panels in a plain loop;
// dynamic sizes keep their scf.forall.
// SEQ-LABEL: func.func @packed_small
// SEQ-NOT: scf.forall
// SEQ: scf.for %{{.*}} = %c0 to %c3 step %c1
// SEQ: vector.contract {{.*}} : vector<4x4xf32>, vector<4x16xf32> into vector<4x16xf32>
// SEQ-LABEL: func.func @packed_dynamic
// SEQ: scf.forall
func.func @packed_small(%a: tensor<64x32xf32>, %b: tensor<32x48xf32>, %c: tensor<64x48xf32>) -> tensor<64x48xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x32xf32>, tensor<32x48xf32>) outs(%c : tensor<64x48xf32>) -> tensor<64x48xf32>
  return %0 : tensor<64x48xf32>
}

func.func @packed_dynamic(%a: tensor<?x32xf32>, %b: tensor<32x48xf32>, %c: tensor<?x48xf32>) -> tensor<?x48xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x32xf32>, tensor<32x48xf32>) outs(%c : tensor<?x48xf32>) -> tensor<?x48xf32>
  return %0 : tensor<?x48xf32>
}
