func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %a, %a : tensor<2x3xf32>, tensor<2x
