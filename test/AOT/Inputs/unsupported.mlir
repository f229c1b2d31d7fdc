// Functions nn-compile rejects (test/AOT/errors.test).

func.func @tensor_arith(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = arith.addf %a, %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @dynamic_cond(%p: tensor<i1>, %a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = nn.cond %p (%a) : (tensor<?xf32>) -> tensor<?xf32> {
  ^bb0(%x: tensor<?xf32>):
    nn.yield %x : tensor<?xf32>
  } else {
  ^bb0(%x: tensor<?xf32>):
    %n = nn.neg %x : tensor<?xf32>
    nn.yield %n : tensor<?xf32>
  }
  return %0 : tensor<?xf32>
}

func.func @dynamic_height(%x: tensor<1x?x4x2xf32>, %w: tensor<3x3x2x1xf32>) -> tensor<1x?x2x1xf32> {
  %0 = nn.conv2d %x, %w : tensor<1x?x4x2xf32>, tensor<3x3x2x1xf32>
  return %0 : tensor<1x?x2x1xf32>
}

func.func @calls_cond(%p: tensor<i1>, %a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = func.call @dynamic_cond(%p, %a) : (tensor<i1>, tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

func.func @index_result(%a: tensor<?xf32>) -> index {
  %c0 = arith.constant 0 : index
  %0 = tensor.dim %a, %c0 : tensor<?xf32>
  return %0 : index
}

func.func @"not.c"(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// Entry points that would clash: nn_tensor_free is the runtime's, and
// nn_f_num_inputs is both f's query and f_num_inputs's entry point.
func.func @tensor_free(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
func.func @f_num_inputs(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
