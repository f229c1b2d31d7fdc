// An op name that the nn dialect does not define.

func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.frobnicate %a : tensor<2xf32>
  return %0 : tensor<2xf32>
}
