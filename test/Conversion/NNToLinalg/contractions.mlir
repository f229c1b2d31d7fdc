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

// No padding: no tensor.pad.
// CHECK-LABEL: func.func @conv2d(
// CHECK-SAME:      %[[X:.*]]: tensor<1x5x5x2xf32>, %[[W:.*]]: tensor<3x3x2x4xf32>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x3x3x4xf32>)
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK-SAME:        dilations = dense<1> : tensor<2xi64>
// CHECK-SAME:        strides = dense<1> : tensor<2xi64>
// CHECK-SAME:        ins(%[[X]], %[[W]] : tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>) outs(%[[INIT]] : tensor<1x3x3x4xf32>)
func.func @conv2d(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = nn.conv2d %x, %w : tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// Padding with zeros, strides and dilations, dynamic sizes: the output height
// is (H + 3 - 2 * (3 - 1) - 1) floordiv 2 + 1, that is H floordiv 2.
// CHECK-DAG:   #[[OH:.*]] = affine_map<()[s0] -> (s0 floordiv 2)>
// CHECK-LABEL: func.func @conv2d_padded(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?x8x3xf32>, %[[W:.*]]: tensor<3x2x3x4xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[N:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-DAG:     %[[H:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK:         %[[OHV:.*]] = affine.apply #[[OH]]()[%[[H]]]
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]], %[[OHV]]) : tensor<?x?x4x4xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[EMPTY]] : tensor<?x?x4x4xf32>)
// CHECK:         %[[PZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 2, 1, 0] high[0, 1, 0, 0]
// CHECK:           tensor.yield %[[PZERO]] : f32
// CHECK:         } : tensor<?x?x8x3xf32> to tensor<?x?x9x3xf32>
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK-SAME:        dilations = dense<[2, 1]> : tensor<2xi64>
// CHECK-SAME:        strides = dense<2> : tensor<2xi64>
// CHECK-SAME:        ins(%[[PAD]], %[[W]] : tensor<?x?x9x3xf32>, tensor<3x2x3x4xf32>) outs(%[[INIT]] : tensor<?x?x4x4xf32>)
func.func @conv2d_padded(%x: tensor<?x?x8x3xf32>, %w: tensor<3x2x3x4xf32>) -> tensor<?x?x4x4xf32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 2, 1>, padding = array<i64: 2, 1, 1, 0>} : tensor<?x?x8x3xf32>, tensor<3x2x3x4xf32>
  return %0 : tensor<?x?x4x4xf32>
}

// -----

// Max pooling pads with -inf and starts from -inf; linalg.pooling_nhwc_max
// reduces floats with arith.maximumf, which propagates NaN.
// CHECK-LABEL: func.func @max_pool(
// CHECK-SAME:      %[[X:.*]]: tensor<?x8x8x3xf32>)
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 0, 1, 0]
// CHECK:           tensor.yield %[[NEGINF]] : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4x4x3xf32>)
// CHECK:         linalg.pooling_nhwc_max
// CHECK-SAME:        dilations = dense<1> : tensor<2xi64>
// CHECK-SAME:        strides = dense<2> : tensor<2xi64>
// CHECK-SAME:        ins(%[[PAD]], %[[WINDOW]] : tensor<?x9x10x3xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<?x4x4x3xf32>)
func.func @max_pool(%x: tensor<?x8x8x3xf32>) -> tensor<?x4x4x3xf32> {
  %0 = nn.max_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>} : tensor<?x8x8x3xf32>
  return %0 : tensor<?x4x4x3xf32>
}

// -----

// Integers pad with the type's minimum; the strides default to the window.
// CHECK-LABEL: func.func @max_pool_i32(
// CHECK:         %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK:         tensor.pad
// CHECK:           tensor.yield %[[MIN]] : i32
// CHECK:         linalg.pooling_nhwc_max
// CHECK-SAME:        strides = dense<2> : tensor<2xi64>
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
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK:         %[[ZEROS:.*]] = linalg.fill
// CHECK:         %[[SUM:.*]] = linalg.pooling_nhwc_sum
// CHECK-SAME:        ins(%[[PAD]], %[[WINDOW]] : tensor<2x?x9x3xf32>, tensor<3x3xf32>) outs(%[[ZEROS]] : tensor<2x?x4x3xf32>)
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
// CHECK:         %[[SUM:.*]] = linalg.pooling_nhwc_sum
// CHECK-SAME:        outs(%{{.*}} : tensor<1x2x2x1xi64>)
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[SUM]] : tensor<1x2x2x1xi64>) outs(%{{.*}} : tensor<1x2x2x1xi32>)
// CHECK:           arith.divsi %{{.*}}, %{{.*}} : i64
// CHECK:           arith.trunci %{{.*}} : i64 to i32
func.func @avg_pool_i32(%x: tensor<1x4x4x1xi32>) -> tensor<1x2x2x1xi32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 2>} : tensor<1x4x4x1xi32>
  return %0 : tensor<1x2x2x1xi32>
}

// -----

// The filter gradient contracts the padded input with the output gradient
// over (n, oh, ow); taps on padding are masked out.
// CHECK-DAG:   #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5 * 2 + d0, d6 + d1 * 2, d2)>
// CHECK-DAG:   #[[GRAD:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d3)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv2d_filter_grad(
// CHECK-SAME:      %[[X:.*]]: tensor<?x8x8x3xf32>, %[[W:.*]]: tensor<3x3x3x4xf32>, %[[G:.*]]: tensor<?x4x5x4xf32>)
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<3x3x3x4xf32>)
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK:         linalg.generic
// CHECK-SAME:        indexing_maps = [#[[IN]], #[[GRAD]], #[[OUT]]]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK-SAME:        ins(%[[PAD]], %[[G]] : tensor<?x9x9x3xf32>, tensor<?x4x5x4xf32>) outs(%[[INIT]] : tensor<3x3x3x4xf32>)
// CHECK:         ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:           %[[MUL:.*]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK:           %[[ADD:.*]] = arith.addf %[[ACC]], %[[MUL]] : f32
// CHECK:           %[[INSIDE:.*]] = arith.andi
// CHECK:           %[[SEL:.*]] = arith.select %[[INSIDE]], %[[ADD]], %[[ACC]] : f32
// CHECK:           linalg.yield %[[SEL]] : f32
func.func @conv2d_filter_grad(%x: tensor<?x8x8x3xf32>, %w: tensor<3x3x3x4xf32>, %g: tensor<?x4x5x4xf32>) -> tensor<3x3x3x4xf32> {
  %0 = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<?x4x5x4xf32>
  return %0 : tensor<3x3x3x4xf32>
}

// -----

// The input gradient gathers: over (n, h, w, c) and the taps (kh, kw, f),
// each tap reads the gradient of the one output position whose window covers
// (h, w) at that tap, if there is one.
// CHECK-DAG:   #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d3, d6)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv2d_input_grad(
// CHECK-SAME:      %[[X:.*]]: tensor<?x8x8x3xf32>, %[[W:.*]]: tensor<3x3x3x4xf32>, %[[G:.*]]: tensor<?x4x4x4xf32>)
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x8x8x3xf32>)
// CHECK:         linalg.generic
// CHECK-SAME:        indexing_maps = [#[[FILTER]], #[[OUT]]]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK-SAME:        ins(%[[W]] : tensor<3x3x3x4xf32>) outs(%[[INIT]] : tensor<?x8x8x3xf32>)
// CHECK:         ^bb0(%[[F:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:           arith.remsi
// CHECK:           arith.divsi
// CHECK:           %[[GV:.*]] = tensor.extract %[[G]][
// CHECK:           %[[MUL:.*]] = arith.mulf %[[GV]], %[[F]] : f32
// CHECK:           %[[ADD:.*]] = arith.addf %[[ACC]], %[[MUL]] : f32
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
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME:        ins(%[[PAD]], %[[WINDOW]] : tensor<?x5x5x1xf32>, tensor<3x3xf32>) outs(%{{.*}}, %[[NOTAP]] : tensor<?x2x2x1xf32>, tensor<?x2x2x1xi64>)
// CHECK:           arith.cmpf uno
// CHECK:           arith.cmpf ogt
// CHECK:           linalg.yield %{{.*}}, %{{.*}} : f32, i64
// CHECK:         linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
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
