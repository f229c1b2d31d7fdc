// nn-gpu-tile-contractions keeps the semantics of the op it tiles: its loops
// (blocks, shared-memory tiles, per-thread accumulators, the phases of a
// block's threads in order) run here on the CPU against plain loops that
// sum over k in the same order, with the same fused multiply-adds, from the
// same non-zero output. Fractions
// round, so any other order of the sums would show too: the results must
// be bitwise equal. Each case prints its count of mismatches and a sum of
// its results (nonzero, so that an output left untouched shows).
//
// RUN: nn-opt %s --pass-pipeline='builtin.module(func.func(nn-gpu-tile-contractions))' \
// RUN: | FileCheck %s --check-prefix=TILED
// RUN: nn-opt %s --pass-pipeline='builtin.module(func.func(nn-gpu-tile-contractions),convert-linalg-to-loops,convert-scf-to-cf,expand-strided-metadata,lower-affine,convert-to-llvm,reconcile-unrealized-casts)' \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN: | FileCheck %s

// Every contraction is tiled; the helpers' linalg.fill is not.
// TILED-NOT: linalg.matmul
// TILED-NOT: linalg.generic
// TILED-NOT: linalg.batch_matmul

func.func private @printI64(i64)
func.func private @printF64(f64)
func.func private @printNewline()

// x[i, j] = ((i * 7 + j * 3 + seed) mod 11) / 8 - 0.5.
func.func @fill(%x: memref<?x?xf32>, %seed: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c7 = arith.constant 7 : index
  %c11 = arith.constant 11 : index
  %eighth = arith.constant 0.125 : f32
  %half = arith.constant 0.5 : f32
  %m = memref.dim %x, %c0 : memref<?x?xf32>
  %n = memref.dim %x, %c1 : memref<?x?xf32>
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %a = arith.muli %i, %c7 : index
      %b = arith.muli %j, %c3 : index
      %s = arith.addi %a, %b : index
      %t = arith.addi %s, %seed : index
      %r = arith.remui %t, %c11 : index
      %ri = arith.index_cast %r : index to i32
      %rf = arith.sitofp %ri : i32 to f32
      %v = arith.mulf %rf, %eighth : f32
      %w = arith.subf %v, %half : f32
      memref.store %w, %x[%i, %j] : memref<?x?xf32>
    }
  }
  return
}

// Prints the number of elements where %x and %y differ, then the sum of %x.
func.func @compare(%x: memref<?x?xf32>, %y: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %fzero = arith.constant 0.0 : f64
  %m = memref.dim %x, %c0 : memref<?x?xf32>
  %n = memref.dim %x, %c1 : memref<?x?xf32>
  %r:2 = scf.for %i = %c0 to %m step %c1 iter_args(%bad = %zero, %sum = %fzero) -> (i64, f64) {
    %s:2 = scf.for %j = %c0 to %n step %c1 iter_args(%bad2 = %bad, %sum2 = %sum) -> (i64, f64) {
      %a = memref.load %x[%i, %j] : memref<?x?xf32>
      %b = memref.load %y[%i, %j] : memref<?x?xf32>
      %ne = arith.cmpf une, %a, %b : f32
      %inc = arith.select %ne, %one, %zero : i64
      %bad3 = arith.addi %bad2, %inc : i64
      %ad = arith.extf %a : f32 to f64
      %sum3 = arith.addf %sum2, %ad : f64
      scf.yield %bad3, %sum3 : i64, f64
    }
    scf.yield %s#0, %s#1 : i64, f64
  }
  call @printI64(%r#0) : (i64) -> ()
  call @printNewline() : () -> ()
  call @printF64(%r#1) : (f64) -> ()
  call @printNewline() : () -> ()
  return
}

// The reference: c[i, j] += a[i, k] * b[k, j], k innermost and increasing,
// a fused multiply-add each (as the tiled loops compute it); %ta, %tb: a and
// b are stored transposed.
func.func @reference(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>, %ta: i1, %tb: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %c, %c0 : memref<?x?xf32>
  %n = memref.dim %c, %c1 : memref<?x?xf32>
  %k = memref.dim %b, %c0 : memref<?x?xf32>
  %kt = memref.dim %b, %c1 : memref<?x?xf32>
  %kk = arith.select %tb, %kt, %k : index
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      scf.for %l = %c0 to %kk step %c1 {
        %x = scf.if %ta -> f32 {
          %v = memref.load %a[%l, %i] : memref<?x?xf32>
          scf.yield %v : f32
        } else {
          %v = memref.load %a[%i, %l] : memref<?x?xf32>
          scf.yield %v : f32
        }
        %y = scf.if %tb -> f32 {
          %v = memref.load %b[%j, %l] : memref<?x?xf32>
          scf.yield %v : f32
        } else {
          %v = memref.load %b[%l, %j] : memref<?x?xf32>
          scf.yield %v : f32
        }
        %acc = memref.load %c[%i, %j] : memref<?x?xf32>
        %s = math.fma %x, %y, %acc : f32
        memref.store %s, %c[%i, %j] : memref<?x?xf32>
      }
    }
  }
  return
}

// Sizes that are not multiples of the tiles (64 x 64, k by 16).
func.func @ragged(%a: memref<130x70xf32>, %b: memref<70x100xf32>, %c: memref<130x100xf32>) {
  linalg.matmul ins(%a, %b : memref<130x70xf32>, memref<70x100xf32>) outs(%c : memref<130x100xf32>)
  return
}

// Multiples of the tiles: no clamps, no guards.
func.func @even(%a: memref<128x48xf32>, %b: memref<48x64xf32>, %c: memref<128x64xf32>) {
  linalg.matmul ins(%a, %b : memref<128x48xf32>, memref<48x64xf32>) outs(%c : memref<128x64xf32>)
  return
}

// Dynamic sizes.
func.func @dynamic(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// Both operands transposed (nn.matmul's transpose_lhs and transpose_rhs):
// the lhs tile is stored k by m, the rhs tile n by k, padded.
#ta = affine_map<(m, n, k) -> (k, m)>
#tb = affine_map<(m, n, k) -> (n, k)>
#tc = affine_map<(m, n, k) -> (m, n)>
func.func @transposed(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [#ta, #tb, #tc], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// A batch: each batch a grid plane of its own.
func.func @batched(%a: memref<3x40x20xf32>, %b: memref<3x20x70xf32>, %c: memref<3x40x70xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<3x40x20xf32>, memref<3x20x70xf32>) outs(%c : memref<3x40x70xf32>)
  return
}

// Runs `f` on fresh operands of m x k, k x n (transposed where asked) and
// compares with @reference.
func.func @check(%m: index, %n: index, %k: index, %ta: i1, %tb: i1,
                 %f: (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %ar = arith.select %ta, %k, %m : index
  %ac = arith.select %ta, %m, %k : index
  %br = arith.select %tb, %n, %k : index
  %bc = arith.select %tb, %k, %n : index
  %a = memref.alloc(%ar, %ac) : memref<?x?xf32>
  %b = memref.alloc(%br, %bc) : memref<?x?xf32>
  %c = memref.alloc(%m, %n) : memref<?x?xf32>
  %r = memref.alloc(%m, %n) : memref<?x?xf32>
  call @fill(%a, %c1) : (memref<?x?xf32>, index) -> ()
  call @fill(%b, %c2) : (memref<?x?xf32>, index) -> ()
  call @fill(%c, %c3) : (memref<?x?xf32>, index) -> ()
  call @fill(%r, %c3) : (memref<?x?xf32>, index) -> ()
  call_indirect %f(%a, %b, %c) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  call @reference(%a, %b, %r, %ta, %tb) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, i1, i1) -> ()
  call @compare(%c, %r) : (memref<?x?xf32>, memref<?x?xf32>) -> ()
  memref.dealloc %a : memref<?x?xf32>
  memref.dealloc %b : memref<?x?xf32>
  memref.dealloc %c : memref<?x?xf32>
  memref.dealloc %r : memref<?x?xf32>
  return
}

func.func @ragged_dyn(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %a2 = memref.cast %a : memref<?x?xf32> to memref<130x70xf32>
  %b2 = memref.cast %b : memref<?x?xf32> to memref<70x100xf32>
  %c2 = memref.cast %c : memref<?x?xf32> to memref<130x100xf32>
  call @ragged(%a2, %b2, %c2) : (memref<130x70xf32>, memref<70x100xf32>, memref<130x100xf32>) -> ()
  return
}

func.func @even_dyn(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %a2 = memref.cast %a : memref<?x?xf32> to memref<128x48xf32>
  %b2 = memref.cast %b : memref<?x?xf32> to memref<48x64xf32>
  %c2 = memref.cast %c : memref<?x?xf32> to memref<128x64xf32>
  call @even(%a2, %b2, %c2) : (memref<128x48xf32>, memref<48x64xf32>, memref<128x64xf32>) -> ()
  return
}

// CHECK-LABEL: ragged
// CHECK-NEXT: {{^0$}}
// CHECK-NEXT: {{-?[1-9][0-9.e+-]*$}}
// CHECK-LABEL: even
// CHECK-NEXT: {{^0$}}
// CHECK-NEXT: {{-?[1-9][0-9.e+-]*$}}
// CHECK-LABEL: dynamic
// CHECK-NEXT: {{^0$}}
// CHECK-NEXT: {{-?[1-9][0-9.e+-]*$}}
// CHECK-NEXT: {{^0$}}
// CHECK-NEXT: {{-?[0-9][0-9.e+-]*$}}
// CHECK-NEXT: {{^0$}}
// CHECK-NEXT: {{-?[1-9][0-9.e+-]*$}}
// CHECK-LABEL: transposed
// CHECK-NEXT: {{^0$}}
// CHECK-NEXT: {{-?[1-9][0-9.e+-]*$}}
// CHECK-LABEL: batched
// CHECK-NEXT: {{^0$}}
// CHECK-NEXT: {{-?[1-9][0-9.e+-]*$}}
func.func @main() {
  %false = arith.constant false
  %true = arith.constant true
  %c1 = arith.constant 1 : index
  %c17 = arith.constant 17 : index
  %c33 = arith.constant 33 : index
  %c48 = arith.constant 48 : index
  %c64 = arith.constant 64 : index
  %c65 = arith.constant 65 : index
  %c70 = arith.constant 70 : index
  %c100 = arith.constant 100 : index
  %c128 = arith.constant 128 : index
  %c130 = arith.constant 130 : index
  %ragged = constant @ragged_dyn : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %even = constant @even_dyn : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %dynamic = constant @dynamic : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %transposed = constant @transposed : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  vector.print str "ragged\n"
  call @check(%c130, %c100, %c70, %false, %false, %ragged) : (index, index, index, i1, i1, (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()) -> ()
  vector.print str "even\n"
  call @check(%c128, %c64, %c48, %false, %false, %even) : (index, index, index, i1, i1, (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()) -> ()
  // A ragged shape, one of 1x1x1, one with k = 1 and a single tile.
  vector.print str "dynamic\n"
  call @check(%c65, %c17, %c33, %false, %false, %dynamic) : (index, index, index, i1, i1, (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()) -> ()
  call @check(%c1, %c1, %c1, %false, %false, %dynamic) : (index, index, index, i1, i1, (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()) -> ()
  call @check(%c64, %c70, %c1, %false, %false, %dynamic) : (index, index, index, i1, i1, (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()) -> ()
  vector.print str "transposed\n"
  call @check(%c65, %c100, %c33, %true, %true, %transposed) : (index, index, index, i1, i1, (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()) -> ()
  vector.print str "batched\n"
  call @check_batched() : () -> ()
  return
}

// The batched op against the reference on each batch.
func.func @check_batched() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %false = arith.constant false
  %a = memref.alloc() : memref<3x40x20xf32>
  %b = memref.alloc() : memref<3x20x70xf32>
  %c = memref.alloc() : memref<3x40x70xf32>
  %r = memref.alloc() : memref<3x40x70xf32>
  %af = memref.collapse_shape %a [[0, 1], [2]] : memref<3x40x20xf32> into memref<120x20xf32>
  %bf = memref.collapse_shape %b [[0, 1], [2]] : memref<3x20x70xf32> into memref<60x70xf32>
  %cf = memref.collapse_shape %c [[0, 1], [2]] : memref<3x40x70xf32> into memref<120x70xf32>
  %rf = memref.collapse_shape %r [[0, 1], [2]] : memref<3x40x70xf32> into memref<120x70xf32>
  %ad = memref.cast %af : memref<120x20xf32> to memref<?x?xf32>
  %bd = memref.cast %bf : memref<60x70xf32> to memref<?x?xf32>
  %cd = memref.cast %cf : memref<120x70xf32> to memref<?x?xf32>
  %rd = memref.cast %rf : memref<120x70xf32> to memref<?x?xf32>
  call @fill(%ad, %c1) : (memref<?x?xf32>, index) -> ()
  call @fill(%bd, %c2) : (memref<?x?xf32>, index) -> ()
  call @fill(%cd, %c3) : (memref<?x?xf32>, index) -> ()
  call @fill(%rd, %c3) : (memref<?x?xf32>, index) -> ()
  call @batched(%a, %b, %c) : (memref<3x40x20xf32>, memref<3x20x70xf32>, memref<3x40x70xf32>) -> ()
  scf.for %i = %c0 to %c3 step %c1 {
    %ai = memref.subview %a[%i, 0, 0] [1, 40, 20] [1, 1, 1] : memref<3x40x20xf32> to memref<40x20xf32, strided<[20, 1], offset: ?>>
    %bi = memref.subview %b[%i, 0, 0] [1, 20, 70] [1, 1, 1] : memref<3x20x70xf32> to memref<20x70xf32, strided<[70, 1], offset: ?>>
    %ri = memref.subview %r[%i, 0, 0] [1, 40, 70] [1, 1, 1] : memref<3x40x70xf32> to memref<40x70xf32, strided<[70, 1], offset: ?>>
    %ac = memref.alloc() : memref<40x20xf32>
    %bc = memref.alloc() : memref<20x70xf32>
    %rc = memref.alloc() : memref<40x70xf32>
    memref.copy %ai, %ac : memref<40x20xf32, strided<[20, 1], offset: ?>> to memref<40x20xf32>
    memref.copy %bi, %bc : memref<20x70xf32, strided<[70, 1], offset: ?>> to memref<20x70xf32>
    memref.copy %ri, %rc : memref<40x70xf32, strided<[70, 1], offset: ?>> to memref<40x70xf32>
    %acd = memref.cast %ac : memref<40x20xf32> to memref<?x?xf32>
    %bcd = memref.cast %bc : memref<20x70xf32> to memref<?x?xf32>
    %rcd = memref.cast %rc : memref<40x70xf32> to memref<?x?xf32>
    func.call @reference(%acd, %bcd, %rcd, %false, %false) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, i1, i1) -> ()
    memref.copy %rc, %ri : memref<40x70xf32> to memref<40x70xf32, strided<[70, 1], offset: ?>>
    memref.dealloc %ac : memref<40x20xf32>
    memref.dealloc %bc : memref<20x70xf32>
    memref.dealloc %rc : memref<40x70xf32>
  }
  call @compare(%cd, %rd) : (memref<?x?xf32>, memref<?x?xf32>) -> ()
  memref.dealloc %a : memref<3x40x20xf32>
  memref.dealloc %b : memref<3x20x70xf32>
  memref.dealloc %c : memref<3x40x70xf32>
  memref.dealloc %r : memref<3x40x70xf32>
  return
}
