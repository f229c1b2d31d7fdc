// RUN: nn-opt %s --convert-nn-to-linalg | FileCheck %s

// Lowering of nn.reduce_{sum,mean,max,min}, nn.argmax, nn.softmax and
// nn.log_softmax (the numbers are checked in run-reductions.mlir).

// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[D0D2:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[D1OF3:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[NONE3:.*]] = affine_map<(d0, d1, d2) -> ()>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[D0OF2:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[D1OF2:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<() -> ()>

// A sum over the middle axis: the init is filled with 0 and the reduced
// axis gets a reduction iterator.
// CHECK-LABEL: func.func @sum_middle(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4xf32>) -> tensor<2x4xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x4xf32>)
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[D0D2]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:        ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:           %[[ADD:.*]] = arith.addf %[[ACC]], %[[IN]] fastmath<reassoc> : f32
// CHECK:           linalg.yield %[[ADD]] : f32
// CHECK:         return %[[SUM]] : tensor<2x4xf32>
func.func @sum_middle(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3x4xf32>
  return %0 : tensor<2x4xf32>
}

// A mean over a dynamic and a static axis (given negative and out of
// order) divides by their element count, taken from tensor.dim.
// CHECK-LABEL: func.func @mean_dynamic(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?x4xf32>) -> tensor<?xf32>
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[D0:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-DAG:     %[[D1:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[D1]]) : tensor<?xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[D1OF3]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x?x4xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK:           arith.addf
// CHECK:         %[[C4:.*]] = arith.constant 4 : index
// CHECK:         %[[N:.*]] = arith.muli %[[D0]], %[[C4]] : index
// CHECK:         %[[NI:.*]] = arith.index_castui %[[N]] : index to i64
// CHECK:         %[[NF:.*]] = arith.uitofp %[[NI]] : i64 to f32
// CHECK:         %[[MEAN:.*]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:        ins(%[[SUM]] : tensor<?xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[DIV:.*]] = arith.divf %[[IN]], %[[NF]] : f32
// CHECK:           linalg.yield %[[DIV]] : f32
// CHECK:         return %[[MEAN]] : tensor<?xf32>
func.func @mean_dynamic(%x: tensor<?x?x4xf32>) -> tensor<?xf32> {
  %0 = nn.reduce_mean %x {axes = array<i64: -1, 0>} : tensor<?x?x4xf32>
  return %0 : tensor<?xf32>
}

// Float max starts at -inf and propagates NaN (arith.maximumf); keep_dims
// re-inserts the reduced axis with tensor.expand_shape.
// CHECK-LABEL: func.func @max_keep_dims(
// CHECK-SAME:      %[[X:.*]]: tensor<?x10xf32>) -> tensor<?x1xf32>
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x10xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[D0]]) : tensor<?xf32>
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[EMPTY]] : tensor<?xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[D0OF2]]], iterator_types = ["parallel", "reduction"]}
// CHECK:           arith.maximumf
// CHECK:         %[[EXP:.*]] = tensor.expand_shape %[[MAX]] {{\[\[}}0, 1]] output_shape [%[[D0]], 1] : tensor<?xf32> into tensor<?x1xf32>
// CHECK:         return %[[EXP]]
func.func @max_keep_dims(%x: tensor<?x10xf32>) -> tensor<?x1xf32> {
  %0 = nn.reduce_max %x {axes = array<i64: 1>, keep_dims = true} : tensor<?x10xf32>
  return %0 : tensor<?x1xf32>
}

// Float min starts at +inf (arith.minimumf); empty axes reduce everything.
// CHECK-LABEL: func.func @min_all(
// CHECK:         %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK:         linalg.fill ins(%[[INF]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[NONE3]]], iterator_types = ["reduction", "reduction", "reduction"]}
// CHECK:           arith.minimumf
func.func @min_all(%x: tensor<2x3x4xf32>) -> tensor<f32> {
  %0 = nn.reduce_min %x : tensor<2x3x4xf32>
  return %0 : tensor<f32>
}

// Integers start at the type's own minimum / maximum and compare signed;
// sums wrap (arith.addi). All axes with keep_dims expand from rank 0.
// CHECK-LABEL: func.func @integers(
// CHECK:         %[[MIN32:.*]] = arith.constant -2147483648 : i32
// CHECK:         linalg.fill ins(%[[MIN32]] : i32)
// CHECK:           arith.maxsi
// CHECK:         %[[MAX64:.*]] = arith.constant 9223372036854775807 : i64
// CHECK:         linalg.fill ins(%[[MAX64]] : i64)
// CHECK:         %[[MIN:.*]] = linalg.generic
// CHECK:           arith.minsi
// CHECK:         tensor.expand_shape %[[MIN]] [] output_shape [1, 1] : tensor<i64> into tensor<1x1xi64>
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK:         linalg.fill ins(%[[ZERO]] : i32)
// CHECK:           arith.addi
func.func @integers(%x: tensor<2x3xi32>, %y: tensor<2x3xi64>) -> (tensor<2xi32>, tensor<1x1xi64>, tensor<3xi32>) {
  %0 = nn.reduce_max %x {axes = array<i64: 1>} : tensor<2x3xi32>
  %1 = nn.reduce_min %y {keep_dims = true} : tensor<2x3xi64>
  %2 = nn.reduce_sum %x {axes = array<i64: 0>} : tensor<2x3xi32>
  return %0, %1, %2 : tensor<2xi32>, tensor<1x1xi64>, tensor<3xi32>
}

// A rank-0 operand reduces over no axis: the identity combined with the
// element.
// CHECK-LABEL: func.func @scalar(
// CHECK:         linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]], iterator_types = []}
// CHECK:           arith.addf
func.func @scalar(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.reduce_sum %x : tensor<f32>
  return %0 : tensor<f32>
}

// Half-precision sums accumulate in f32 and round once, after the mean's
// division.
// CHECK-LABEL: func.func @half(
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<3xf32>
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[IN:.*]]: f16, %[[ACC:.*]]: f32):
// CHECK:           %[[EXT:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK:           arith.addf %[[ACC]], %[[EXT]] fastmath<reassoc> : f32
// CHECK:         } -> tensor<3xf32>
// CHECK:         %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[IN2:.*]]: f32, %{{.*}}: f16):
// CHECK:           %[[DIV:.*]] = arith.divf %[[IN2]], %[[TWO]] : f32
// CHECK:           %[[TRUNC:.*]] = arith.truncf %[[DIV]] : f32 to f16
// CHECK:           linalg.yield %[[TRUNC]] : f16
// CHECK:         } -> tensor<3xf16>
// CHECK:         ^bb0(%{{.*}}: bf16, %{{.*}}: f32):
// CHECK:           arith.extf {{.*}} : bf16 to f32
// CHECK:           arith.truncf {{.*}} : f32 to bf16
func.func @half(%x: tensor<2x3xf16>, %y: tensor<2x3xbf16>) -> (tensor<3xf16>, tensor<2xbf16>) {
  %0 = nn.reduce_mean %x {axes = array<i64: 0>} : tensor<2x3xf16>
  %1 = nn.reduce_sum %y {axes = array<i64: 1>} : tensor<2x3xbf16>
  return %0, %1 : tensor<3xf16>, tensor<2xbf16>
}

// argmax: one generic with the running maximum and its i64 index; a new
// element wins only when the maximum is not NaN and the element is NaN or
// strictly greater (the first maximum wins, NaN beats everything).
// CHECK-LABEL: func.func @argmax_float(
// CHECK-SAME:      %[[X:.*]]: tensor<?x10xf32>) -> tensor<?x1xi64>
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %{{.*}}
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[VALS:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<?xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:         %[[IDXS:.*]] = linalg.fill ins(%[[ZERO]] : i64) outs(%{{.*}} : tensor<?xi64>)
// CHECK:         %[[ARG:.*]]:2 = linalg.generic {indexing_maps = [#[[ID2]], #[[D0OF2]], #[[D0OF2]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x10xf32>) outs(%[[VALS]], %[[IDXS]] : tensor<?xf32>, tensor<?xi64>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[BEST:.*]]: f32, %[[BESTI:.*]]: i64):
// CHECK:           %[[I:.*]] = linalg.index 1 : index
// CHECK:           %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK:           %[[ORD:.*]] = arith.cmpf ord, %[[BEST]], %[[BEST]] : f32
// CHECK:           %[[UNO:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK:           %[[GT:.*]] = arith.cmpf ogt, %[[IN]], %[[BEST]] : f32
// CHECK:           %[[OR:.*]] = arith.ori %[[UNO]], %[[GT]] : i1
// CHECK:           %[[TAKE:.*]] = arith.andi %[[ORD]], %[[OR]] : i1
// CHECK:           %[[V:.*]] = arith.select %[[TAKE]], %[[IN]], %[[BEST]] : f32
// CHECK:           %[[VI:.*]] = arith.select %[[TAKE]], %[[I64]], %[[BESTI]] : i64
// CHECK:           linalg.yield %[[V]], %[[VI]] : f32, i64
// CHECK:         %[[EXP:.*]] = tensor.expand_shape %[[ARG]]#1 {{\[\[}}0, 1]] output_shape [%[[D0]], 1] : tensor<?xi64> into tensor<?x1xi64>
// CHECK:         return %[[EXP]]
func.func @argmax_float(%x: tensor<?x10xf32>) -> tensor<?x1xi64> {
  %0 = nn.argmax %x {axis = -1 : i64, keep_dims = true} : tensor<?x10xf32>
  return %0 : tensor<?x1xi64>
}

// Integer argmax compares signed, strictly.
// CHECK-LABEL: func.func @argmax_int(
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[D1OF2]], #[[D1OF2]]], iterator_types = ["reduction", "parallel"]}
// CHECK:         ^bb0(%[[IN:.*]]: i32, %[[BEST:.*]]: i32, %{{.*}}: i64):
// CHECK:           linalg.index 0 : index
// CHECK:           arith.cmpi sgt, %[[IN]], %[[BEST]] : i32
func.func @argmax_int(%x: tensor<4x3xi32>) -> tensor<3xi64> {
  %0 = nn.argmax %x {axis = 0 : i64} : tensor<4x3xi32>
  return %0 : tensor<3xi64>
}

// softmax: the maximum along the axis, the sum of exp(x - max), then
// exp(x - max) / sum, element by element.
// CHECK-LABEL: func.func @softmax(
// CHECK-SAME:      %[[X:.*]]: tensor<?x10xf32>) -> tensor<?x10xf32>
// CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[D0OF2]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x10xf32>)
// CHECK:           arith.maximumf
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[D0OF2]], #[[D0OF2]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]], %[[MAX]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:           %[[S:.*]] = arith.subf %[[IN]], %[[M]] : f32
// CHECK:           %[[E:.*]] = math.exp %[[S]] : f32
// CHECK:           %[[A:.*]] = arith.addf %[[ACC]], %[[E]] fastmath<reassoc> : f32
// CHECK:           linalg.yield %[[A]] : f32
// CHECK:         %[[RES:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[D0OF2]], #[[D0OF2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<?x10xf32>, tensor<?xf32>, tensor<?xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[M:.*]]: f32, %[[T:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[S:.*]] = arith.subf %[[IN]], %[[M]] : f32
// CHECK:           %[[E:.*]] = math.exp %[[S]] : f32
// CHECK:           %[[D:.*]] = arith.divf %[[E]], %[[T]] : f32
// CHECK:           linalg.yield %[[D]] : f32
// CHECK:         return %[[RES]]
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = nn.softmax %x : tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// log_softmax along the first axis: (x - max) - log(sum); f16 computes in
// f32 and rounds at the end.
// CHECK-LABEL: func.func @log_softmax_f16(
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[D1OF2]]], iterator_types = ["reduction", "parallel"]}
// CHECK:           arith.maximumf {{.*}} : f16
// CHECK:         } -> tensor<3xf16>
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[D1OF2]], #[[D1OF2]]], iterator_types = ["reduction", "parallel"]}
// CHECK:         } -> tensor<3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[D1OF2]], #[[D1OF2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK:         ^bb0(%[[IN:.*]]: f16, %[[M:.*]]: f16, %[[T:.*]]: f32, %{{.*}}: f16):
// CHECK:           %[[INF:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK:           %[[MF:.*]] = arith.extf %[[M]] : f16 to f32
// CHECK:           %[[S:.*]] = arith.subf %[[INF]], %[[MF]] : f32
// CHECK:           %[[L:.*]] = math.log %[[T]] : f32
// CHECK:           %[[R:.*]] = arith.subf %[[S]], %[[L]] : f32
// CHECK:           %[[RT:.*]] = arith.truncf %[[R]] : f32 to f16
// CHECK:           linalg.yield %[[RT]] : f16
func.func @log_softmax_f16(%x: tensor<4x3xf16>) -> tensor<4x3xf16> {
  %0 = nn.log_softmax %x {axis = 0 : i64} : tensor<4x3xf16>
  return %0 : tensor<4x3xf16>
}
