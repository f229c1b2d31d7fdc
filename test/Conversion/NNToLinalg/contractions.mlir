// convert-nn-to-linalg on nn.matmul, nn.conv2d, the poolings and the
// gradients of the window ops. run-contractions.mlir runs the same lowerings.

// RUN: nn-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// The plain 2-D matmul is linalg.matmul on a zero-filled init.
// CHECK-LABEL: func.func @matmul_2d(
// CHECK-SAME:      %[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3x5xf32>)
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<4x5xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<4x5xf32>)
// CHECK:         %[[MM:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<4x3xf32>, tensor<3x5xf32>) outs(%[[INIT]] : tensor<4x5xf32>)
// CHECK:         return %[[MM]]
// CHECK-NOT:     nn.
func.func @matmul_2d(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %0 = nn.matmul %a, %b : tensor<4x3xf32>, tensor<3x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Dynamic sizes: M from the lhs, N from the rhs.
// CHECK-LABEL: func.func @matmul_dynamic(
// CHECK-SAME:      %[[A:.*]]: tensor<?x?xi64>, %[[B:.*]]: tensor<?x?xi64>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[M:.*]] = tensor.dim %[[A]], %[[C0]]
// CHECK-DAG:     %[[N:.*]] = tensor.dim %[[B]], %[[C1]]
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xi64>
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : i64) outs(%[[EMPTY]] : tensor<?x?xi64>)
// CHECK:         linalg.matmul ins(%[[A]], %[[B]] : tensor<?x?xi64>, tensor<?x?xi64>) outs(%[[INIT]] : tensor<?x?xi64>)
func.func @matmul_dynamic(%a: tensor<?x?xi64>, %b: tensor<?x?xi64>) -> tensor<?x?xi64> {
  %0 = nn.matmul %a, %b : tensor<?x?xi64>, tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// -----

// Transposes: a generic contraction over (m, n, k).
// CHECK-DAG:   #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG:   #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul_transposed(
// CHECK-SAME:      %[[A:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<5x3xf32>)
// CHECK:         %[[INIT:.*]] = linalg.fill
// CHECK:         linalg.generic
// CHECK-SAME:        indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<3x4xf32>, tensor<5x3xf32>) outs(%[[INIT]] : tensor<4x5xf32>)
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:           %[[MUL:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK:           %[[ADD:.*]] = arith.addf %[[ACC]], %[[MUL]] : f32
// CHECK:           linalg.yield %[[ADD]] : f32
func.func @matmul_transposed(%a: tensor<3x4xf32>, %b: tensor<5x3xf32>) -> tensor<4x5xf32> {
  %0 = nn.matmul %a, %b {transpose_lhs = true, transpose_rhs = true} : tensor<3x4xf32>, tensor<5x3xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Batch dimensions broadcast: the lhs's batch dimension of size 1 reads
// index 0, the 3-D rhs aligns on the right; integers wrap (muli, addi).
// CHECK-DAG:   #[[LHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG:   #[[RHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @matmul_batch(
// CHECK-SAME:      %[[A:.*]]: tensor<?x1x4x3xi32>, %[[B:.*]]: tensor<6x3x5xi32>)
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[A]], %[[C0]]
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?x6x4x5xi32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%[[EMPTY]]
// CHECK:         linalg.generic
// CHECK-SAME:        indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<?x1x4x3xi32>, tensor<6x3x5xi32>) outs(%[[INIT]] : tensor<?x6x4x5xi32>)
// CHECK:           arith.muli
// CHECK:           arith.addi
func.func @matmul_batch(%a: tensor<?x1x4x3xi32>, %b: tensor<6x3x5xi32>) -> tensor<?x6x4x5xi32> {
  %0 = nn.matmul %a, %b : tensor<?x1x4x3xi32>, tensor<6x3x5xi32>
  return %0 : tensor<?x6x4x5xi32>
}

// -----

// A 2-D lhs against a batched, transposed rhs.
// CHECK-DAG:   #[[LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-DAG:   #[[RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_2d_by_batch(
// CHECK:         linalg.generic
// CHECK-SAME:        indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "reduction"]
func.func @matmul_2d_by_batch(%a: tensor<4x3xf16>, %b: tensor<2x5x3xf16>) -> tensor<2x4x5xf16> {
  %0 = nn.matmul %a, %b {transpose_rhs = true} : tensor<4x3xf16>, tensor<2x5x3xf16>
  return %0 : tensor<2x4x5xf16>
}

// -----

// A convolution is a matmul over the im2col matrix: a copy of the input
// with one row per output position (n, oh, ow) and one column per tap
// (kh, kw, c), times the filter as a (kh, kw, c) x f matrix. No padding: no
// tensor.pad.
// CHECK-DAG:   #[[IM2COL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-DAG:   #[[ID6:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-DAG:   #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @conv2d(
// CHECK-SAME:      %[[X:.*]]: tensor<1x5x5x2xf32>, %[[W:.*]]: tensor<3x3x2x4xf32>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[IM2COL]], #[[ID6]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<1x5x5x2xf32>) outs(%{{.*}} : tensor<1x3x3x3x3x2xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[IN]] : f32
// CHECK:         %[[MATRIX:.*]] = tensor.collapse_shape %[[COLS]] {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<1x3x3x3x3x2xf32> into tensor<9x18xf32>
// CHECK:         %[[WM:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0, 1, 2], [3]] : tensor<3x3x2x4xf32> into tensor<18x4xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<9x4xf32>)
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[MATRIX]], %[[WM]] : tensor<9x18xf32>, tensor<18x4xf32>) outs(%[[INIT]] : tensor<9x4xf32>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[Y]] {{\[}}[0, 1, 2], [3]] output_shape [1, 3, 3, 4] : tensor<9x4xf32> into tensor<1x3x3x4xf32>
// CHECK:         return %[[R]]
func.func @conv2d(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = nn.conv2d %x, %w : tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// Padding with zeros, strides and dilations (the im2col copy's indexing
// map), dynamic sizes: the output height is
// (H + 3 - 2 * (3 - 1) - 1) floordiv 2 + 1, that is H floordiv 2. With a
// dynamic height, the unfolded input contracts with the filter as loops
// (no reshapes: see conv2d_dynamic_window).
// CHECK-DAG:   #[[OH:.*]] = affine_map<()[s0] -> (s0 floordiv 2)>
// CHECK-DAG:   #[[IM2COL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3 * 2, d2 * 2 + d4, d5)>
// CHECK-LABEL: func.func @conv2d_padded(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?x8x3xf32>, %[[W:.*]]: tensor<3x2x3x4xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[N:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-DAG:     %[[H:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK:         %[[OHV:.*]] = affine.apply #[[OH]]()[%[[H]]]
// CHECK:         %[[PZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 2, 1, 0] high[0, 1, 0, 0]
// CHECK:           tensor.yield %[[PZERO]] : f32
// CHECK:         } : tensor<?x?x8x3xf32> to tensor<?x?x9x3xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]], %[[OHV]]) : tensor<?x?x4x3x2x3xf32>
// CHECK:         %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[IM2COL]], #{{.*}}]
// CHECK-SAME:        ins(%[[PAD]] : tensor<?x?x9x3xf32>) outs(%[[EMPTY]] : tensor<?x?x4x3x2x3xf32>)
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK-SAME:        ins(%[[COLS]], %[[W]] : tensor<?x?x4x3x2x3xf32>, tensor<3x2x3x4xf32>) outs(%{{.*}} : tensor<?x?x4x4xf32>)
// CHECK-NOT:     tensor.expand_shape
func.func @conv2d_padded(%x: tensor<?x?x8x3xf32>, %w: tensor<3x2x3x4xf32>) -> tensor<?x?x4x4xf32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 2, 1>, padding = array<i64: 2, 1, 1, 0>} : tensor<?x?x8x3xf32>, tensor<3x2x3x4xf32>
  return %0 : tensor<?x?x4x4xf32>
}

// -----

// Max pooling pads with -inf and starts from -inf, and reduces floats with
// arith.maximumf, which propagates NaN. The loops are (n, oh, ow, kh, kw, c):
// the channels innermost, so that the innermost loop vectorizes.
// CHECK-DAG:   #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// CHECK-DAG:   #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool(
// CHECK-SAME:      %[[X:.*]]: tensor<?x8x8x3xf32>)
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 0, 1, 0]
// CHECK:           tensor.yield %[[NEGINF]] : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4x4x3xf32>)
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK-SAME:        ins(%[[PAD]], %[[WINDOW]] : tensor<?x9x10x3xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<?x4x4x3xf32>)
// CHECK:           arith.maximumf
func.func @max_pool(%x: tensor<?x8x8x3xf32>) -> tensor<?x4x4x3xf32> {
  %0 = nn.max_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>} : tensor<?x8x8x3xf32>
  return %0 : tensor<?x4x4x3xf32>
}

// -----

// Integers pad with the type's minimum; the strides default to the window.
// CHECK-DAG:   #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// CHECK-LABEL: func.func @max_pool_i32(
// CHECK:         %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK:         tensor.pad
// CHECK:           tensor.yield %[[MIN]] : i32
// CHECK:         linalg.generic {indexing_maps = [#[[IN]],
// CHECK:           arith.maxsi
func.func @max_pool_i32(%x: tensor<1x4x4x1xi32>) -> tensor<1x2x2x1xi32> {
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<1x4x4x1xi32>
  return %0 : tensor<1x2x2x1xi32>
}

// -----

// Average pooling: a zero-padded sum, divided per output position by the
// number of taps inside the input, min(o * s - p + k, size) - max(o * s - p, 0)
// on each spatial dimension.
// CHECK-LABEL: func.func @avg_pool(
// CHECK-SAME:      %[[X:.*]]: tensor<2x?x8x3xf32>)
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK:         %[[ZEROS:.*]] = linalg.fill
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[SUM:.*]] = linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
// CHECK-SAME:        ins(%[[PAD]], %[[WINDOW]] : tensor<2x?x9x3xf32>, tensor<3x3xf32>) outs(%[[ZEROS]] : tensor<2x?x4x3xf32>)
// CHECK:           arith.addf
// CHECK:         %[[H:.*]] = tensor.dim %[[X]], %{{.*}}
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[SUM]] : tensor<2x?x4x3xf32>)
// CHECK:         ^bb0(%[[S:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[OH:.*]] = linalg.index 1 : index
// CHECK:           %[[OW:.*]] = linalg.index 2 : index
// CHECK:           arith.muli %[[OH]]
// CHECK:           arith.minsi %{{.*}}, %[[H]] : index
// CHECK:           arith.maxsi
// CHECK:           %[[COUNT64:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:           %[[DIVISOR:.*]] = arith.sitofp %[[COUNT64]] : i64 to f32
// CHECK:           %[[AVG:.*]] = arith.divf %[[S]], %[[DIVISOR]] : f32
// CHECK:           linalg.yield %[[AVG]] : f32
func.func @avg_pool(%x: tensor<2x?x8x3xf32>) -> tensor<2x?x4x3xf32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<2x?x8x3xf32>
  return %0 : tensor<2x?x4x3xf32>
}

// -----

// i32 averages sum in i64, as the reference does, divide rounding toward zero
// and truncate back.
// CHECK-LABEL: func.func @avg_pool_i32(
// CHECK:         %[[SUM:.*]] = linalg.generic
// CHECK-SAME:        outs(%{{.*}} : tensor<1x2x2x1xi64>)
// CHECK:           arith.extsi %{{.*}} : i32 to i64
// CHECK:           arith.addi
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[SUM]] : tensor<1x2x2x1xi64>) outs(%{{.*}} : tensor<1x2x2x1xi32>)
// CHECK:           arith.divsi %{{.*}}, %{{.*}} : i64
// CHECK:           arith.trunci %{{.*}} : i64 to i32
func.func @avg_pool_i32(%x: tensor<1x4x4x1xi32>) -> tensor<1x2x2x1xi32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 2>} : tensor<1x4x4x1xi32>
  return %0 : tensor<1x2x2x1xi32>
}

// -----

// The filter gradient is the im2col matrix of the padded input, transposed,
// times the output gradient as an (n, oh, ow) x f matrix.
// CHECK-DAG:   #[[IM2COL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 + d4 * 2, d5)>
// CHECK-DAG:   #[[COLST:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG:   #[[GRAD:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @conv2d_filter_grad(
// CHECK-SAME:      %[[X:.*]]: tensor<?x8x8x3xf32>, %[[W:.*]]: tensor<3x3x3x4xf32>, %[[G:.*]]: tensor<?x4x5x4xf32>)
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK:         %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[IM2COL]], #{{.*}}]
// CHECK-SAME:        ins(%[[PAD]] : tensor<?x9x9x3xf32>) outs(%{{.*}} : tensor<?x4x5x3x3x3xf32>)
// CHECK:         %[[MATRIX:.*]] = tensor.collapse_shape %[[COLS]] {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<?x4x5x3x3x3xf32> into tensor<?x27xf32>
// CHECK:         %[[GM:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0, 1, 2], [3]] : tensor<?x4x5x4xf32> into tensor<?x4xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<27x4xf32>)
// CHECK:         %[[DW:.*]] = linalg.generic {indexing_maps = [#[[COLST]], #[[GRAD]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[MATRIX]], %[[GM]] : tensor<?x27xf32>, tensor<?x4xf32>) outs(%[[INIT]] : tensor<27x4xf32>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:         tensor.expand_shape %[[DW]] {{\[}}[0, 1, 2], [3]] output_shape [3, 3, 3, 4] : tensor<27x4xf32> into tensor<3x3x3x4xf32>
func.func @conv2d_filter_grad(%x: tensor<?x8x8x3xf32>, %w: tensor<3x3x3x4xf32>, %g: tensor<?x4x5x4xf32>) -> tensor<3x3x3x4xf32> {
  %0 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<?x4x5x4xf32>
  return %0 : tensor<3x3x3x4xf32>
}

// -----

// The input gradient: the gradient of the im2col matrix, dY W^T, then
// col2im, a gather over (n, h, w) and the taps (kh, kw), the channels
// innermost: each tap reads the column of the one output position whose
// window covers (h, w) at that tap, if there is one.
// CHECK-DAG:   #[[GRAD:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[WT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[TAPS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
// CHECK-DAG:   #[[DX:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @conv2d_input_grad(
// CHECK-SAME:      %[[X:.*]]: tensor<?x8x8x3xf32>, %[[W:.*]]: tensor<3x3x3x4xf32>, %[[G:.*]]: tensor<?x4x4x4xf32>)
// CHECK:         %[[GM:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0, 1, 2], [3]] : tensor<?x4x4x4xf32> into tensor<?x4xf32>
// CHECK:         %[[WM:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0, 1, 2], [3]] : tensor<3x3x3x4xf32> into tensor<27x4xf32>
// CHECK:         %[[DCOLS:.*]] = linalg.generic {indexing_maps = [#[[GRAD]], #[[WT]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[GM]], %[[WM]] : tensor<?x4xf32>, tensor<27x4xf32>) outs(%{{.*}} : tensor<?x27xf32>)
// CHECK:         %[[COLS:.*]] = tensor.expand_shape %[[DCOLS]] {{\[}}[0, 1, 2], [3, 4, 5]] output_shape [%{{.*}}, 4, 4, 3, 3, 3] : tensor<?x27xf32> into tensor<?x4x4x3x3x3xf32>
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x8x8x3xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[TAPS]], #[[DX]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%[[WINDOW]] : tensor<3x3xf32>) outs(%[[INIT]] : tensor<?x8x8x3xf32>)
// CHECK:         ^bb0(%{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK:           arith.remsi
// CHECK:           arith.divsi
// CHECK:           %[[GV:.*]] = tensor.extract %[[COLS]][
// CHECK:           %[[ADD:.*]] = arith.addf %[[ACC]], %[[GV]] : f32
// CHECK:           %[[SEL:.*]] = arith.select %{{.*}}, %[[ADD]], %[[ACC]] : f32
// CHECK:           linalg.yield %[[SEL]] : f32
func.func @conv2d_input_grad(%x: tensor<?x8x8x3xf32>, %w: tensor<3x3x3x4xf32>, %g: tensor<?x4x4x4xf32>) -> tensor<?x8x8x3xf32> {
  %0 = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<?x4x4x4xf32>
  return %0 : tensor<?x8x8x3xf32>
}

// -----

// Max pool gradient: first the chosen tap of each window (NaN first, then the
// largest value, then the earliest tap), then a gather that gives each input
// element the gradients of the windows that chose it.
// CHECK-LABEL: func.func @max_pool_grad(
// CHECK-SAME:      %[[X:.*]]: tensor<?x4x4x1xf32>, %[[G:.*]]: tensor<?x2x2x1xf32>)
// CHECK:         %[[NOTAP:.*]] = linalg.fill ins(%{{.*}} : i64) outs(%{{.*}} : tensor<?x2x2x1xi64>)
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[CHOICE:.*]]:2 = linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
// CHECK-SAME:        ins(%[[PAD]], %[[WINDOW]] : tensor<?x5x5x1xf32>, tensor<3x3xf32>) outs(%{{.*}}, %[[NOTAP]] : tensor<?x2x2x1xf32>, tensor<?x2x2x1xi64>)
// CHECK:           arith.cmpf uno
// CHECK:           arith.cmpf ogt
// CHECK:           linalg.yield %{{.*}}, %{{.*}} : f32, i64
// CHECK:         linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
// CHECK-SAME:        outs(%{{.*}} : tensor<?x4x4x1xf32>)
// CHECK:           %[[CHOSEN:.*]] = tensor.extract %[[CHOICE]]#1[
// CHECK:           arith.cmpi eq, %[[CHOSEN]]
// CHECK:           tensor.extract %[[G]][
// CHECK:           arith.addf
// CHECK:           arith.select
func.func @max_pool_grad(%x: tensor<?x4x4x1xf32>, %g: tensor<?x2x2x1xf32>) -> tensor<?x4x4x1xf32> {
  %0 = nn.max_pool2d_grad %x, %g {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<?x4x4x1xf32>, tensor<?x2x2x1xf32>
  return %0 : tensor<?x4x4x1xf32>
}

// -----

// Avg pool gradient: each window's gradient divided by its taps inside the
// input, then gathered.
// CHECK-LABEL: func.func @avg_pool_grad(
// CHECK-SAME:      %[[X:.*]]: tensor<1x4x4x2xf64>, %[[G:.*]]: tensor<1x2x2x2xf64>)
// CHECK:         %[[SHARES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[G]] : tensor<1x2x2x2xf64>)
// CHECK:           arith.divf
// CHECK:         linalg.generic
// CHECK-SAME:        outs(%{{.*}} : tensor<1x4x4x2xf64>)
// CHECK:           tensor.extract %[[SHARES]][
// CHECK:           arith.addf
// CHECK:           arith.select
func.func @avg_pool_grad(%x: tensor<1x4x4x2xf64>, %g: tensor<1x2x2x2xf64>) -> tensor<1x4x4x2xf64> {
  %0 = nn.avg_pool2d_grad %x, %g {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<1x4x4x2xf64>, tensor<1x2x2x2xf64>
  return %0 : tensor<1x4x4x2xf64>
}

// -----

// With dynamic spatial, channel or filter sizes, no reshapes: the unfolded
// input contracts with the filter as loops (n, oh, ow, f, kh, kw, c).
// CHECK-LABEL: func.func @conv2d_dynamic_window(
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         linalg.generic
// CHECK-SAME:        outs(%{{.*}} : tensor<1x?x?x?x?x1xf32>)
// CHECK:         linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK-SAME:        outs(%{{.*}} : tensor<1x?x?x?xf32>)
// CHECK-NOT:     tensor.expand_shape
func.func @conv2d_dynamic_window(%x: tensor<1x?x?x1xf32>, %w: tensor<?x?x1x?xf32>) -> tensor<1x?x?x?xf32> {
  %0 = nn.conv2d %x, %w : tensor<1x?x?x1xf32>, tensor<?x?x1x?xf32>
  return %0 : tensor<1x?x?x?xf32>
}
