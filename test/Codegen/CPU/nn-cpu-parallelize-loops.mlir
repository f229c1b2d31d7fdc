// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-parallelize-loops))' | FileCheck %s
// RUN: nn-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nn-cpu-parallelize-loops{min-parallel-elements=100 max-chunks=4}))' | FileCheck %s --check-prefix=SMALL

// An elementwise op of 64x26x26x32 elements (a conv net's bias add): one
// chunk of the batch per iteration of an scf.forall.
// CHECK-LABEL: func.func @elementwise
// CHECK: scf.forall (%[[N:.*]]) in (64)
// CHECK: tensor.extract_slice %{{.*}}[%[[N]], 0, 0, 0] [1, 26, 26, 32] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x26x26x32xf32>, tensor<32xf32>)
// CHECK: scf.forall.in_parallel
// SMALL-LABEL: func.func @elementwise
// SMALL: scf.forall (%{{.*}}) = (0) to (64) step (16)
func.func @elementwise(%x: tensor<64x26x26x32xf32>, %b: tensor<32xf32>) -> tensor<64x26x26x32xf32> {
  %init = tensor.empty() : tensor<64x26x26x32xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %b : tensor<64x26x26x32xf32>, tensor<32xf32>) outs(%init : tensor<64x26x26x32xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    linalg.yield %s : f32
  } -> tensor<64x26x26x32xf32>
  return %0 : tensor<64x26x26x32xf32>
}

// -----

// Under 2^17 iteration points: one thread (a parallel region's fork and
// join would cost more). SMALL lowers the threshold.
// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.forall
// SMALL-LABEL: func.func @small
// SMALL: scf.forall (%{{.*}}) = (0) to (32) step (8)
func.func @small(%x: tensor<32x32xf32>) -> tensor<32x32xf32> {
  %init = tensor.empty() : tensor<32x32xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<32x32xf32>) outs(%init : tensor<32x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<32x32xf32>
  return %0 : tensor<32x32xf32>
}

// -----

// Loops of size 1 are skipped (batch-1), and a range without a divisor that
// makes at most 64 chunks gets chunks of the rounded-up quotient, the last
// one shorter (131 = 44 chunks of 3, the last of 2).
// CHECK-LABEL: func.func @unit_and_prime
// CHECK: scf.forall (%{{.*}}) = (0) to (131) step (3)
// CHECK: affine.min
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x?x1024xf32>)
func.func @unit_and_prime(%x: tensor<1x131x1024xf32>) -> tensor<1x131x1024xf32> {
  %init = tensor.empty() : tensor<1x131x1024xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, j, k)>, affine_map<(i, j, k) -> (i, j, k)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : tensor<1x131x1024xf32>) outs(%init : tensor<1x131x1024xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<1x131x1024xf32>
  return %0 : tensor<1x131x1024xf32>
}

// -----

// A sum over the outer dimensions (a bias gradient) would need a partial
// sum per thread: left alone; so are an op whose dynamic size (counted as
// 16) leaves it under the threshold (16 x 512), an op inside a loop (a
// tiled contraction's pieces) and an op on buffers.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: scf.forall
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: scf.for
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-NOT: scf.forall
func.func @left_alone(%x: tensor<512x512xf32>, %y: tensor<?x512xf32>, %m: memref<512x512xf32>) -> (tensor<512xf32>, tensor<?x512xf32>, tensor<512x512xf32>) {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<512xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<512xf32>) -> tensor<512xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>], iterator_types = ["reduction", "parallel"]} ins(%x : tensor<512x512xf32>) outs(%init : tensor<512xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<512xf32>
  %c0 = arith.constant 0 : index
  %dim = tensor.dim %y, %c0 : tensor<?x512xf32>
  %dyn = tensor.empty(%dim) : tensor<?x512xf32>
  %neg = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<?x512xf32>) outs(%dyn : tensor<?x512xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<?x512xf32>
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %full = tensor.empty() : tensor<512x512xf32>
  %loop = scf.for %i = %c0 to %c2 step %c1 iter_args(%t = %x) -> (tensor<512x512xf32>) {
    %e = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%t : tensor<512x512xf32>) outs(%full : tensor<512x512xf32>) {
    ^bb0(%in: f32, %out: f32):
      %n = arith.negf %in : f32
      linalg.yield %n : f32
    } -> tensor<512x512xf32>
    scf.yield %e : tensor<512x512xf32>
  }
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} outs(%m : memref<512x512xf32>) {
  ^bb0(%out: f32):
    linalg.yield %zero : f32
  }
  return %sum, %neg, %loop : tensor<512xf32>, tensor<?x512xf32>, tensor<512x512xf32>
}

// -----

// A dynamic batch counts as 16: 16 x 128 x 128 points, spread in chunks of
// max(1, ceil(batch / 64)) images, the last one shorter (a batch of 0 or 1
// must not make a step of 0).
// CHECK: #[[CHUNK:.*]] = affine_map<()[s0] -> (s0 ceildiv 64, 1)>
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: %[[STEP:.*]] = affine.max #[[CHUNK]]()[%{{.*}}]
// CHECK: scf.forall (%{{.*}}) = (0) to (%{{.*}}) step (%[[STEP]])
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<?x128x128xf32>)
func.func @dynamic_batch(%x: tensor<?x128x128xf32>) -> tensor<?x128x128xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x128x128xf32>
  %init = tensor.empty(%n) : tensor<?x128x128xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, j, k)>, affine_map<(i, j, k) -> (i, j, k)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : tensor<?x128x128xf32>) outs(%init : tensor<?x128x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<?x128x128xf32>
  return %0 : tensor<?x128x128xf32>
}

// -----

// A range from the IR may be huge and prime (2^61 - 1): the chunk is found
// in at most 64 trials (a search over chunk sizes took 2^60 of them, a hang
// in nn-opt), here the rounded-up quotient.
// CHECK-LABEL: func.func @huge_prime
// CHECK: scf.forall (%{{.*}}) = (0) to (2305843009213693951) step (36028797018963968)
func.func @huge_prime(%x: tensor<2305843009213693951xi8>) -> tensor<2305843009213693951xi8> {
  %init = tensor.empty() : tensor<2305843009213693951xi8>
  %0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%x : tensor<2305843009213693951xi8>) outs(%init : tensor<2305843009213693951xi8>) {
  ^bb0(%in: i8, %out: i8):
    linalg.yield %in : i8
  } -> tensor<2305843009213693951xi8>
  return %0 : tensor<2305843009213693951xi8>
}
