// Every verifier rule of the nn ops, each message at least once.
// RUN: nn-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Types and element types
//===----------------------------------------------------------------------===//

func.func @constant_not_tensor() {
  // expected-error @+1 {{'nn.constant' op 'value' must have a ranked tensor type, but has type 'vector<2xf32>'}}
  %0 = nn.constant dense<1.0> : vector<2xf32>
  return
}

// -----

func.func @constant_bad_element() {
  // expected-error @+1 {{'nn.constant' op result #0 must be ranked tensor of}}
  %0 = nn.constant dense<1> : tensor<2xi8>
  return
}

// -----

func.func @constant_missing_value() {
  // expected-error @+1 {{'nn.constant' op requires attribute 'value'}}
  %0 = "nn.constant"() : () -> tensor<2xf32>
  return
}

// -----

func.func @unranked(%a: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = nn.add %a, %a : tensor<*xf32>, tensor<*xf32>
  return
}

// -----

func.func @unranked_generic(%a: tensor<*xf32>) {
  // expected-error @+1 {{'nn.add' op operand #0 must be ranked tensor of number values, but got 'tensor<*xf32>'}}
  %0 = "nn.add"(%a, %a) : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @mixed_elements(%a: tensor<2xf32>, %b: tensor<2xf64>) {
  // expected-error @+1 {{'nn.sub' op lhs has element type 'f32' but rhs has 'f64'; they must be equal}}
  %0 = nn.sub %a, %b : tensor<2xf32>, tensor<2xf64>
  return
}

// -----

func.func @exp_of_integers(%a: tensor<2xi32>) {
  // expected-error @+1 {{'nn.exp' op operand #0 must be ranked tensor of floating-point values}}
  %0 = nn.exp %a : tensor<2xi32>
  return
}

// -----

func.func @pow_of_integers(%a: tensor<2xi32>) {
  // expected-error @+1 {{'nn.pow' op operand #0 must be ranked tensor of floating-point values}}
  %0 = nn.pow %a, %a : tensor<2xi32>, tensor<2xi32>
  return
}

// -----

func.func @wrong_result_type(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'nn.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{'nn.add' op failed to infer returned types}}
  %0 = "nn.add"(%a, %a) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Broadcasting
//===----------------------------------------------------------------------===//

func.func @not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.add' op lhs of shape 2x3 and rhs of shape 4x3 are not broadcast compatible: 2 vs 4 at result dimension 0}}
  %0 = nn.add %a, %b : tensor<2x3xf32>, tensor<4x3xf32>
  return
}

// -----

func.func @not_broadcastable_trailing(%a: tensor<5x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.maximum' op lhs of shape 5x2 and rhs of shape 3 are not broadcast compatible: 2 vs 3 at result dimension 1}}
  %0 = nn.maximum %a, %b : tensor<5x2xf32>, tensor<3xf32>
  return
}

// -----

func.func @select_not_broadcastable(%c: tensor<3xi1>, %a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'nn.select' op cond of shape 3 and on_false of shape 2 are not broadcast compatible: 3 vs 2 at result dimension 1}}
  %0 = nn.select %c, %a, %b : tensor<3xi1>, tensor<2x3xf32>, tensor<2xf32>
  return
}

// -----

func.func @select_cond_not_i1(%c: tensor<3xf32>, %a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.select' op operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = nn.select %c, %a, %a : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
  return
}

// -----

func.func @select_mixed(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xi32>) {
  // expected-error @+1 {{'nn.select' op on_true has element type 'f32' but on_false has 'i32'; they must be equal}}
  %0 = nn.select %c, %a, %b : tensor<3xi1>, tensor<3xf32>, tensor<3xi32>
  return
}

// -----

func.func @compare_direction(%a: tensor<3xf32>) {
  // expected-error @+2 {{'nn.compare' op 'direction' is "gte" but must be one of eq, ne, lt, le, gt, ge}}
  // expected-error @+1 {{'nn.compare' op failed to infer returned types}}
  %0 = "nn.compare"(%a, %a) {direction = "gte"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @compare_direction_custom(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.compare' op 'direction' is "greater" but must be one of eq, ne, lt, le, gt, ge}}
  %0 = nn.compare greater, %a, %a : tensor<3xf32>, tensor<3xf32>
  return
}

// -----

func.func @compare_missing_direction(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.compare' op requires attribute 'direction'}}
  %0 = "nn.compare"(%a, %a) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @compare_result_not_i1(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.compare' op result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = "nn.compare"(%a, %a) {direction = "eq"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @cast_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.cast' op all non-scalar operands/results must have the same shape and base type}}
  %0 = nn.cast %a : tensor<3xf32> to tensor<4xf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

func.func @matmul_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'nn.matmul' op contracting dimensions differ: lhs of shape 2x3 has K = 3 but rhs of shape 4x5 has K = 4}}
  %0 = nn.matmul %a, %b : tensor<2x3xf32>, tensor<4x5xf32>
  return
}

// -----

func.func @matmul_inner_transposed(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{'nn.matmul' op contracting dimensions differ: lhs of shape 2x3 (transposed) has K = 2 but rhs of shape 3x5 has K = 3}}
  %0 = nn.matmul %a, %b {transpose_lhs = true} : tensor<2x3xf32>, tensor<3x5xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x4x3xf32>, %b: tensor<5x3x6xf32>) {
  // expected-error @+1 {{'nn.matmul' op lhs batch dimensions of shape 2 and rhs batch dimensions of shape 5 are not broadcast compatible: 2 vs 5 at result dimension 0}}
  %0 = nn.matmul %a, %b : tensor<2x4x3xf32>, tensor<5x3x6xf32>
  return
}

// -----

func.func @matmul_rank_lhs(%a: tensor<3xf32>, %b: tensor<3x6xf32>) {
  // expected-error @+1 {{'nn.matmul' op lhs must have rank >= 2, but has shape 3}}
  %0 = nn.matmul %a, %b : tensor<3xf32>, tensor<3x6xf32>
  return
}

// -----

func.func @matmul_rank_rhs(%a: tensor<2x3xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{'nn.matmul' op rhs must have rank >= 2, but has shape scalar}}
  %0 = nn.matmul %a, %b : tensor<2x3xf32>, tensor<f32>
  return
}

// -----

func.func @matmul_elements(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) {
  // expected-error @+1 {{'nn.matmul' op lhs has element type 'f32' but rhs has 'f16'; they must be equal}}
  %0 = nn.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// conv2d and pooling
//===----------------------------------------------------------------------===//

func.func @conv_channels(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x4x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op input channels (3, input of shape 1x8x8x3) differ from filter input channels (4, filter of shape 3x3x4x8)}}
  %0 = nn.conv2d %x, %w : tensor<1x8x8x3xf32>, tensor<3x3x4x8xf32>
  return
}

// -----

func.func @conv_input_rank(%x: tensor<8x8x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op input must be NHWC (rank 4), but has shape 8x8x3}}
  %0 = nn.conv2d %x, %w : tensor<8x8x3xf32>, tensor<3x3x3x8xf32>
  return
}

// -----

func.func @conv_filter_rank(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op filter must be HWIO (rank 4), but has shape 3x3x8}}
  %0 = nn.conv2d %x, %w : tensor<1x8x8x3xf32>, tensor<3x3x8xf32>
  return
}

// -----

func.func @conv_window_too_big(%x: tensor<1x4x8x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op height: the dilated window of 7 is larger than the padded input of 4 (size 4 + padding 0 + 0)}}
  %0 = nn.conv2d %x, %w {dilations = array<i64: 3, 1>} : tensor<1x4x8x3xf32>, tensor<3x3x3x8xf32>
  return
}

// -----

func.func @conv_strides_zero(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op 'strides' entry 1 is 0 but must be positive (strides = [1, 0])}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 0>} : tensor<1x8x8x3xf32>, tensor<3x3x3x8xf32>
  return
}

// -----

func.func @conv_dilations_length(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op 'dilations' has 1 entries [2] but [dh, dw] needs 2}}
  %0 = nn.conv2d %x, %w {dilations = array<i64: 2>} : tensor<1x8x8x3xf32>, tensor<3x3x3x8xf32>
  return
}

// -----

func.func @conv_negative_padding(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op 'padding' entry 2 is -1 but must be non-negative (padding = [0, 0, -1, 0])}}
  %0 = nn.conv2d %x, %w {padding = array<i64: 0, 0, -1, 0>} : tensor<1x8x8x3xf32>, tensor<3x3x3x8xf32>
  return
}

// -----

func.func @conv_overflow(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op window arithmetic overflows for height}}
  %0 = nn.conv2d %x, %w {padding = array<i64: 9223372036854775807, 1, 0, 0>} : tensor<1x8x8x3xf32>, tensor<3x3x3x8xf32>
  return
}

// -----

func.func @conv_wrong_result(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{'nn.conv2d' op inferred type(s) 'tensor<1x6x6x8xf32>' are incompatible with return type(s) of operation 'tensor<1x8x8x8xf32>'}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = "nn.conv2d"(%x, %w) : (tensor<1x8x8x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @pool_window_zero(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op 'window' entry 0 is 0 but must be positive (window = [0, 2])}}
  %0 = nn.max_pool2d %x {window = array<i64: 0, 2>} : tensor<1x8x8x3xf32>
  return
}

// -----

func.func @pool_strides_zero(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op 'strides' entry 0 is 0 but must be positive (strides = [0, 1])}}
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 0, 1>} : tensor<1x8x8x3xf32>
  return
}

// -----

func.func @pool_window_length(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op 'window' has 3 entries [2, 2, 2] but [kh, kw] needs 2}}
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2, 2>} : tensor<1x8x8x3xf32>
  return
}

// -----

func.func @pool_missing_window(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op requires attribute 'window'}}
  %0 = nn.max_pool2d %x : tensor<1x8x8x3xf32>
  return
}

// -----

func.func @pool_padding_window(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op padding [0, 2, 0, 0] must be smaller than the window [2, 2] on each side}}
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 2>, padding = array<i64: 0, 2, 0, 0>} : tensor<1x8x8x3xf32>
  return
}

// -----

func.func @pool_rank(%x: tensor<8x8x3xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op input must be NHWC (rank 4), but has shape 8x8x3}}
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>} : tensor<8x8x3xf32>
  return
}

// -----

func.func @pool_window_too_big(%x: tensor<1x2x8x3xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op height: the window of 3 is larger than the padded input of 2 (size 2 + padding 0 + 0)}}
  %0 = nn.max_pool2d %x {window = array<i64: 3, 3>} : tensor<1x2x8x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Reductions, argmax, softmax
//===----------------------------------------------------------------------===//

func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_sum' op axis 2 is out of range for rank 2 (expected -2 <= axis < 2)}}
  %0 = nn.reduce_sum %x {axes = array<i64: 2>} : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_axis_twice(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_max' op axes [1, -1] name dimension 1 twice}}
  %0 = nn.reduce_max %x {axes = array<i64: 1, -1>} : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_mean_integers(%x: tensor<2x3xi32>) {
  // expected-error @+1 {{'nn.reduce_mean' op operand #0 must be ranked tensor of floating-point values}}
  %0 = nn.reduce_mean %x : tensor<2x3xi32>
  return
}

// -----

func.func @argmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.argmax' op axis -3 is out of range for rank 2 (expected -2 <= axis < 2)}}
  %0 = nn.argmax %x {axis = -3 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @argmax_missing_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.argmax' op requires attribute 'axis'}}
  %0 = nn.argmax %x : tensor<2x3xf32>
  return
}

// -----

func.func @argmax_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.argmax' op result #0 must be ranked tensor of 64-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = "nn.argmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.softmax' op axis 2 is out of range for rank 2 (expected -2 <= axis < 2)}}
  %0 = nn.softmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @log_softmax_scalar(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.log_softmax' op axis -1 is out of range for rank 0 (expected 0 <= axis < 0)}}
  %0 = nn.log_softmax %x : tensor<f32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

func.func @transpose_not_permutation(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.transpose' op 'perm' [0, 0] is not a permutation of [0, 2)}}
  %0 = nn.transpose %x, [0, 0] : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.transpose' op 'perm' [0, 1, 2] has 3 entries but the operand of shape 2x3 has rank 2}}
  %0 = nn.transpose %x, [0, 1, 2] : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_missing_perm(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.transpose' op requires attribute 'perm'}}
  %0 = "nn.transpose"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reshape' op operand of shape 2x3 has 6 elements but the result shape 4x2 has 8}}
  %0 = nn.reshape %x : tensor<2x3xf32> to tensor<4x2xf32>
  return
}

// -----

func.func @reshape_two_dynamic(%x: tensor<?x3xf32>) {
  // expected-error @+1 {{'nn.reshape' op result shape ?x? has 2 dynamic dimensions; at most one can be resolved}}
  %0 = nn.reshape %x : tensor<?x3xf32> to tensor<?x?xf32>
  return
}

// -----

func.func @reshape_indivisible(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reshape' op operand of shape 2x3 has 6 elements, which the result shape ?x4 cannot hold for any size of its dynamic dimension}}
  %0 = nn.reshape %x : tensor<2x3xf32> to tensor<?x4xf32>
  return
}

// -----

func.func @reshape_not_multiple(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'nn.reshape' op result shape 2x3 has 6 elements, which is not a multiple of the static part (4 elements) of the operand shape ?x4}}
  %0 = nn.reshape %x : tensor<?x4xf32> to tensor<2x3xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reshape' op operand element type 'f32' differs from result element type 'f16'}}
  %0 = nn.reshape %x : tensor<2x3xf32> to tensor<6xf16>
  return
}

// -----

func.func @reshape_overflow(%x: tensor<4611686018427387904x4xf32>) {
  // expected-error @+1 {{'nn.reshape' op element count of 4611686018427387904x4 or ? overflows}}
  %0 = nn.reshape %x : tensor<4611686018427387904x4xf32> to tensor<?xf32>
  return
}

// -----

func.func @broadcast_to_mismatch(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.broadcast_to' op operand of shape 3 does not broadcast to 2x4: operand dimension 0 is 3 but result dimension 1 is 4}}
  %0 = nn.broadcast_to %x : tensor<3xf32> to tensor<2x4xf32>
  return
}

// -----

func.func @broadcast_to_rank(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.broadcast_to' op operand of shape 2x3 has rank 2, more than the result shape 3}}
  %0 = nn.broadcast_to %x : tensor<2x3xf32> to tensor<3xf32>
  return
}

// -----

func.func @broadcast_to_element_type(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.broadcast_to' op operand element type 'f32' differs from result element type 'i32'}}
  %0 = nn.broadcast_to %x : tensor<3xf32> to tensor<2x3xi32>
  return
}

// -----

func.func @concat_dims(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+1 {{'nn.concat' op input 1 of shape 3x3 differs from the other inputs in dimension 0 (3 vs 2), which is not the axis 1}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : tensor<2x3xf32>, tensor<3x3xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.concat' op input 1 of shape 3 has rank 1 but input 0 of shape 2x3 has rank 2}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : tensor<2x3xf32>, tensor<3xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op axis 2 is out of range for rank 2 (expected -2 <= axis < 2)}}
  %0 = nn.concat %a, %a {axis = 2 : i64} : tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @concat_elements(%a: tensor<2xf32>, %b: tensor<2xi64>) {
  // expected-error @+1 {{'nn.concat' op input 0 has element type 'f32' but input 1 has 'i64'; they must be equal}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : tensor<2xf32>, tensor<2xi64>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+2 {{'nn.concat' op needs at least one input}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = "nn.concat"() {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_overflow(%a: tensor<4611686018427387904xf32>) {
  // expected-error @+1 {{'nn.concat' op concatenated size along axis 0 overflows}}
  %0 = nn.concat %a, %a, %a {axis = 0 : i64} : tensor<4611686018427387904xf32>, tensor<4611686018427387904xf32>, tensor<4611686018427387904xf32>
  return
}

// -----

func.func @slice_bounds(%x: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.slice' op slice [0, 4) of dimension 1 is out of bounds for the operand of shape 4x3 (expected 0 <= start <= limit <= 3)}}
  %0 = nn.slice %x {start = array<i64: 0, 0>, limit = array<i64: 4, 4>} : tensor<4x3xf32>
  return
}

// -----

func.func @slice_reversed(%x: tensor<?x3xf32>) {
  // expected-error @+1 {{'nn.slice' op slice [3, 1) of dimension 0 is out of bounds for the operand of shape ?x3 (expected 0 <= start <= limit <= ?)}}
  %0 = nn.slice %x {start = array<i64: 3, 0>, limit = array<i64: 1, 3>} : tensor<?x3xf32>
  return
}

// -----

func.func @slice_strides(%x: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.slice' op 'strides' entry 0 is -1 but must be positive (strides = [-1, 1])}}
  %0 = nn.slice %x {start = array<i64: 0, 0>, limit = array<i64: 4, 3>, strides = array<i64: -1, 1>} : tensor<4x3xf32>
  return
}

// -----

func.func @slice_rank(%x: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.slice' op 'start' has 1 entries [0] but the operand's rank needs 2}}
  %0 = nn.slice %x {start = array<i64: 0>, limit = array<i64: 4, 3>} : tensor<4x3xf32>
  return
}

// -----

func.func @slice_missing_limit(%x: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.slice' op requires attribute 'limit'}}
  %0 = nn.slice %x {start = array<i64: 0, 0>} : tensor<4x3xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.pad' op 'low' entry 1 is -1 but must be non-negative (low = [0, -1])}}
  %0 = nn.pad %x {low = array<i64: 0, -1>, high = array<i64: 0, 0>} : tensor<4x3xf32>
  return
}

// -----

func.func @pad_rank(%x: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.pad' op 'high' has 3 entries [0, 0, 0] but the operand's rank needs 2}}
  %0 = nn.pad %x {low = array<i64: 0, 0>, high = array<i64: 0, 0, 0>} : tensor<4x3xf32>
  return
}

// -----

func.func @pad_overflow(%x: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.pad' op padded size of dimension 0 overflows}}
  %0 = nn.pad %x {low = array<i64: 9223372036854775807, 0>, high = array<i64: 0, 0>} : tensor<4x3xf32>
  return
}

// -----

func.func @one_hot_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{'nn.one_hot' op operand #0 must be ranked tensor of 32- or 64-bit signless integer values}}
  %0 = nn.one_hot %x {depth = 3 : i64} : tensor<4xf32> to tensor<4x3xf32>
  return
}

// -----

func.func @one_hot_shape(%x: tensor<4xi32>) {
  // expected-error @+1 {{'nn.one_hot' op result shape 4x5 must be the indices shape 4 followed by the depth 3, i.e. 4x3}}
  %0 = nn.one_hot %x {depth = 3 : i64} : tensor<4xi32> to tensor<4x5xf32>
  return
}

// -----

func.func @one_hot_depth(%x: tensor<4xi32>) {
  // expected-error @+1 {{'nn.one_hot' op 'depth' is -1 but must be >= 0}}
  %0 = nn.one_hot %x {depth = -1 : i64} : tensor<4xi32> to tensor<4x?xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Random numbers
//===----------------------------------------------------------------------===//

func.func @random_sizes(%seed: tensor<i64>, %n: index) {
  // expected-error @+1 {{'nn.random_uniform' op result type 'tensor<?x?xf32>' has 2 dynamic dimensions but 1 dynamic sizes are given}}
  %0 = nn.random_uniform %seed[%n] : tensor<?x?xf32>
  return
}

// -----

func.func @random_bounds(%seed: tensor<i64>) {
  // expected-error @+1 {{'nn.random_uniform' op needs finite bounds with low < high, but low = 1.000000e+00 and high = 1.000000e+00}}
  %0 = nn.random_uniform %seed {low = 1.0 : f64, high = 1.0 : f64} : tensor<4xf32>
  return
}

// -----

func.func @random_stddev(%seed: tensor<i64>) {
  // expected-error @+1 {{'nn.random_normal' op needs a finite mean and a finite stddev >= 0, but mean = 0.000000e+00 and stddev = -1.000000e+00}}
  %0 = nn.random_normal %seed {stddev = -1.0 : f64} : tensor<4xf32>
  return
}

// -----

func.func @random_seed(%seed: tensor<2xi64>) {
  // expected-error @+1 {{'nn.random_normal' op operand #0 must be 0D tensor of 64-bit signless integer values}}
  %0 = "nn.random_normal"(%seed) : (tensor<2xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @random_integers(%seed: tensor<i64>) {
  // expected-error @+1 {{'nn.random_uniform' op result #0 must be ranked tensor of floating-point values}}
  %0 = nn.random_uniform %seed : tensor<4xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// grad and value_and_grad
//===----------------------------------------------------------------------===//

func.func @grad_no_callee(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.grad' op callee 'missing' does not name a function}}
  %0 = nn.grad @missing(%w) : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func private @loss(%w: tensor<3xf32>) -> tensor<f32>

func.func @grad_arg_count(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.grad' op passes 2 arguments but callee 'loss' takes 1}}
  %0 = nn.grad @loss(%w, %w) {wrt = array<i64: 0>} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func private @loss(%w: tensor<3xf32>) -> tensor<f32>

func.func @grad_arg_type(%w: tensor<4xf32>) {
  // expected-error @+1 {{'nn.grad' op argument 0 has type 'tensor<4xf32>' but callee 'loss' expects 'tensor<3xf32>'}}
  %0 = nn.grad @loss(%w) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func private @nothing(%w: tensor<3xf32>)

func.func @grad_no_result(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.grad' op callee 'nothing' returns nothing; its first result must be a scalar float tensor}}
  %0 = nn.grad @nothing(%w) : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func private @vector_loss(%w: tensor<3xf32>) -> tensor<3xf32>

func.func @grad_not_scalar(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.grad' op callee 'vector_loss' has first result of type 'tensor<3xf32>'; it must be a scalar float tensor such as tensor<f32>}}
  %0 = nn.grad @vector_loss(%w) : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func private @int_loss(%w: tensor<3xf32>) -> tensor<i32>

func.func @grad_integer_value(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.value_and_grad' op callee 'int_loss' has first result of type 'tensor<i32>'; it must be a scalar float tensor such as tensor<f32>}}
  %0:2 = nn.value_and_grad @int_loss(%w) : (tensor<3xf32>) -> (tensor<i32>, tensor<3xf32>)
  return
}

// -----

func.func private @loss(%w: tensor<3xf32>) -> tensor<f32>

func.func @grad_wrt_range(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.grad' op 'wrt' index 1 is out of range for callee 'loss' with 1 arguments}}
  %0 = nn.grad @loss(%w) {wrt = array<i64: 1>} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func private @loss(%w: tensor<3xf32>) -> tensor<f32>

func.func @grad_wrt_twice(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.grad' op 'wrt' names argument 0 twice}}
  %0:2 = nn.grad @loss(%w) {wrt = array<i64: 0, 0>} : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func private @loss(%w: tensor<3xf32>, %n: tensor<3xi32>) -> tensor<f32>

func.func @grad_wrt_integer(%w: tensor<3xf32>, %n: tensor<3xi32>) {
  // expected-error @+1 {{'nn.grad' op 'wrt' names argument 1 of type 'tensor<3xi32>', but gradients exist only for float tensors}}
  %0:2 = nn.grad @loss(%w, %n) : (tensor<3xf32>, tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>)
  return
}

// -----

func.func private @loss(%w: tensor<3xf32>) -> tensor<f32>

func.func @grad_result_count(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.value_and_grad' op has 1 results but 2 are expected (1 value(s) and 1 gradient(s))}}
  %0 = nn.value_and_grad @loss(%w) : (tensor<3xf32>) -> tensor<f32>
  return
}

// -----

func.func private @loss(%w: tensor<3xf32>) -> tensor<f32>

func.func @grad_result_type(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.grad' op result 0 has type 'tensor<3xf64>' but the gradient has type 'tensor<3xf32>'}}
  %0 = nn.grad @loss(%w) : (tensor<3xf32>) -> tensor<3xf64>
  return
}

// -----

func.func private @loss(%w: tensor<3xf32>) -> tensor<f32>

func.func @value_result_type(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.value_and_grad' op result 0 has type 'tensor<f64>' but the callee's value has type 'tensor<f32>'}}
  %0:2 = nn.value_and_grad @loss(%w) : (tensor<3xf32>) -> (tensor<f64>, tensor<3xf32>)
  return
}

// -----

//===----------------------------------------------------------------------===//
// Gradient building blocks and fusion
//===----------------------------------------------------------------------===//

func.func @pad_interior(%x: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.pad' op 'interior' entry 0 is -1 but must be non-negative (interior = [-1, 0])}}
  %0 = nn.pad %x {low = array<i64: 0, 0>, high = array<i64: 0, 0>, interior = array<i64: -1, 0>} : tensor<4x3xf32>
  return
}

// -----

func.func @broadcast_like_shape(%x: tensor<3xf32>, %like: tensor<?x4xf32>) {
  // expected-error @+1 {{'nn.broadcast_like' op operand of shape 3 does not broadcast to ?x4: operand dimension 0 is 3 but result dimension 1 is 4}}
  %0 = nn.broadcast_like %x, %like : tensor<3xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @broadcast_like_result(%x: tensor<4xf32>, %like: tensor<?x4xf32>) {
  // expected-error @+1 {{'nn.broadcast_like' op result type 'tensor<2x4xf32>' must have the shape of 'tensor<?x4xf32>' and the element type of 'tensor<4xf32>'}}
  %0 = nn.broadcast_like %x, %like : tensor<4xf32>, tensor<?x4xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @unbroadcast_shape(%g: tensor<?x4xf32>, %like: tensor<3xf32>) {
  // expected-error @+1 {{'nn.unbroadcast' op operand of shape 3 does not broadcast to ?x4: operand dimension 0 is 3 but result dimension 1 is 4}}
  %0 = nn.unbroadcast %g, %like : tensor<?x4xf32>, tensor<3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @conv_grad_shape(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>, %g: tensor<1x8x8x4xf32>) {
  // expected-error @+1 {{'nn.conv2d_input_grad' op grad of shape 1x8x8x4 does not match the forward result shape 1x6x6x4}}
  %0 = nn.conv2d_input_grad %x, %w, %g : tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<1x8x8x4xf32>
  return
}

// -----

func.func @conv_filter_grad_channels(%x: tensor<1x8x8x2xf32>, %w: tensor<3x3x3x4xf32>, %g: tensor<1x6x6x4xf32>) {
  // expected-error @+1 {{'nn.conv2d_filter_grad' op input channels (2, input of shape 1x8x8x2) differ from filter input channels (3, filter of shape 3x3x3x4)}}
  %0 = nn.conv2d_filter_grad %x, %w, %g : tensor<1x8x8x2xf32>, tensor<3x3x3x4xf32>, tensor<1x6x6x4xf32>
  return
}

// -----

func.func @pool_grad_shape(%x: tensor<1x8x8x3xf32>, %g: tensor<1x3x3x3xf32>) {
  // expected-error @+1 {{'nn.max_pool2d_grad' op grad of shape 1x3x3x3 does not match the forward result shape 1x4x4x3}}
  %0 = nn.max_pool2d_grad %x, %g {window = array<i64: 2, 2>} : tensor<1x8x8x3xf32>, tensor<1x3x3x3xf32>
  return
}

// -----

func.func @fusion_kind(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.fusion' op 'kind' is "loop" but must be one of elementwise, epilogue, reduction}}
  %0 = nn.fusion "loop"(%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @fusion_arguments(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.fusion' op body arguments must have the types of the inputs}}
  %0 = nn.fusion "elementwise"(%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<4xf32>):
    %e = nn.exp %a : tensor<4xf32>
    nn.yield %x : tensor<3xf32>
  }
  return
}

// -----

func.func @fusion_yield(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.fusion' op yields 'tensor<3xf32>' but the results are 'tensor<3xf16>'}}
  %0 = nn.fusion "elementwise"(%x) : (tensor<3xf32>) -> tensor<3xf16> {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @fusion_isolated(%x: tensor<3xf32>) {
  // expected-note @+1 {{required by region isolation constraints}}
  %0 = nn.fusion "elementwise"() : () -> tensor<3xf32> {
    // expected-error @+1 {{using value defined outside the region}}
    %e = nn.exp %x : tensor<3xf32>
    nn.yield %e : tensor<3xf32>
  }
  return
}

// -----

func.func @yield_outside(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.yield' op expects parent op to be one of 'nn.fusion, nn.cond, nn.while, nn.for'}}
  nn.yield %x : tensor<3xf32>
}

// -----

func.func @cast_more_static(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{'nn.cast' op result shape 4x3 must equal the operand shape ?x3}}
  %0 = nn.cast %a : tensor<?x3xf32> to tensor<4x3xi32>
  return
}

// -----

func.func @pool_empty_padded(%x: tensor<1x0x3x1xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op input of shape 1x0x3x1 is empty along dimension 1, so padding it would make windows of padding alone}}
  %0 = nn.max_pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x0x3x1xf32>
  return
}

// -----

// expected-error @+1 {{argument 0 ('tensor<3xf32>') is tied to result 0 ('tensor<4xf32>'): both must be the same ranked tensor type}}
func.func @tied_type(%w: tensor<3xf32> {nn.tied_result = 0 : i64}) -> tensor<4xf32> {
  %0 = nn.constant dense<1.0> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{argument 0 is tied to result 1 but the function has 1 results}}
func.func @tied_range(%w: tensor<3xf32> {nn.tied_result = 1 : i64}) -> tensor<3xf32> {
  return %w : tensor<3xf32>
}

// -----

// expected-error @+1 {{arguments 0 and 1 are both tied to result 0}}
func.func @tied_twice(%a: tensor<3xf32> {nn.tied_result = 0 : i64}, %b: tensor<3xf32> {nn.tied_result = 0 : i64}) -> tensor<3xf32> {
  return %a : tensor<3xf32>
}

// -----

// expected-error @+1 {{'nn.tied_result' of argument 0 must be an integer, got "x"}}
func.func @tied_string(%a: tensor<3xf32> {nn.tied_result = "x"}) -> tensor<3xf32> {
  return %a : tensor<3xf32>
}

// -----

// expected-error @+1 {{unknown nn argument attribute 'nn.donate'}}
func.func @unknown_arg_attr(%a: tensor<3xf32> {nn.donate}) -> tensor<3xf32> {
  return %a : tensor<3xf32>
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

// -----

func.func @cond_pred(%p: tensor<2xi1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.cond' op operand #0 must be rank-0 tensor<i1>, but got 'tensor<2xi1>'}}
  %0 = "nn.cond"(%p, %x) ({
  ^bb0(%a: tensor<3xf32>):
    "nn.yield"(%a) : (tensor<3xf32>) -> ()
  }, {
  ^bb0(%a: tensor<3xf32>):
    "nn.yield"(%a) : (tensor<3xf32>) -> ()
  }) : (tensor<2xi1>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @cond_then_arguments(%p: tensor<i1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.cond' op then_region arguments have types (tensor<4xf32>) but must have types (tensor<3xf32>)}}
  %0 = nn.cond %p (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<4xf32>):
    %b = nn.constant dense<1.0> : tensor<3xf32>
    nn.yield %b : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @cond_else_yield(%p: tensor<i1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.cond' op else_region yields (tensor<3xf32>, tensor<3xf32>) but must yield (tensor<3xf32>)}}
  %0 = nn.cond %p (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a, %a : tensor<3xf32>, tensor<3xf32>
  }
  return
}

// -----

func.func @cond_terminator(%p: tensor<i1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.cond' op then_region must end with nn.yield}}
  %0 = nn.cond %p (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>):
    llvm.unreachable
  } else {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @cond_captures(%p: tensor<i1>, %x: tensor<3xf32>) {
  // expected-note @+1 {{required by region isolation constraints}}
  %0 = nn.cond %p () : () -> tensor<3xf32> {
    // expected-error @+1 {{using value defined outside the region}}
    nn.yield %x : tensor<3xf32>
  } else {
    nn.yield %x : tensor<3xf32>
  }
  return
}

// -----

func.func @while_results(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.while' op results have types (tensor<4xf32>) but the loop-carried inits have types (tensor<3xf32>)}}
  %0 = nn.while (%x) : (tensor<3xf32>) -> tensor<4xf32> cond {
  ^bb0(%a: tensor<3xf32>):
    %c = nn.constant dense<false> : tensor<i1>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @while_cond_arguments(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.while' op cond_region arguments have types () but must have types (tensor<3xf32>)}}
  %0 = nn.while (%x) : (tensor<3xf32>) -> tensor<3xf32> cond {
    %c = nn.constant dense<false> : tensor<i1>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @while_cond_yield(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.while' op cond_region yields (tensor<2xi1>) but must yield (tensor<i1>)}}
  %0 = nn.while (%x) : (tensor<3xf32>) -> tensor<3xf32> cond {
  ^bb0(%a: tensor<3xf32>):
    %c = nn.constant dense<false> : tensor<2xi1>
    nn.yield %c : tensor<2xi1>
  } do {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @while_body_arguments(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.while' op body_region arguments have types (tensor<3xf64>) but must have types (tensor<3xf32>)}}
  %0 = nn.while (%x) : (tensor<3xf32>) -> tensor<3xf32> cond {
  ^bb0(%a: tensor<3xf32>):
    %c = nn.constant dense<false> : tensor<i1>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<3xf64>):
    %b = nn.cast %a : tensor<3xf64> to tensor<3xf32>
    nn.yield %b : tensor<3xf32>
  }
  return
}

// -----

func.func @while_body_yield(%x: tensor<?xf32>) {
  // expected-error @+1 {{'nn.while' op body_region yields (tensor<3xf32>) but must yield (tensor<?xf32>)}}
  %0 = nn.while (%x) : (tensor<?xf32>) -> tensor<?xf32> cond {
  ^bb0(%a: tensor<?xf32>):
    %c = nn.constant dense<false> : tensor<i1>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<?xf32>):
    %b = nn.constant dense<1.0> : tensor<3xf32>
    nn.yield %b : tensor<3xf32>
  }
  return
}

// -----

func.func @for_step(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.for' op 'step' is 0 but must be positive}}
  %0 = nn.for 0 to 4 step 0 (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @for_results(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.for' op results have types (tensor<3xf32>, tensor<3xf32>) but the loop-carried inits have types (tensor<3xf32>)}}
  %0:2 = nn.for 0 to 4 step 1 (%x) : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  ^bb0(%i: tensor<i64>, %a: tensor<3xf32>):
    nn.yield %a, %a : tensor<3xf32>, tensor<3xf32>
  }
  return
}

// -----

func.func @for_arguments(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.for' op body arguments have types (tensor<3xf32>) but must have types (tensor<i64>, tensor<3xf32>)}}
  %0 = nn.for 0 to 4 step 1 (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @for_yield(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.for' op body yields () but must yield (tensor<3xf32>)}}
  %0 = nn.for 0 to 4 step 1 (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<3xf32>):
    nn.yield
  }
  return
}

// -----

func.func @for_negative_step(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.for' op 'step' is -2 but must be positive}}
  %0 = nn.for 4 to 0 step -2 (%x) : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<3xf32>):
    nn.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func private @aux_loss(%w: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)

func.func @grad_with_aux(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.grad' op 'has_aux' needs nn.value_and_grad}}
  %0 = nn.grad @aux_loss(%w) {has_aux} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func private @aux_loss(%w: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)

func.func @aux_missing(%w: tensor<3xf32>) {
  // expected-error @+1 {{'nn.value_and_grad' op has 2 results but 3 are expected (2 value(s) and 1 gradient(s))}}
  %0:2 = nn.value_and_grad @aux_loss(%w) {has_aux} : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return
}
