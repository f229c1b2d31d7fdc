// Not valid IR: the return is missing its type.
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.neg %a : tensor<2xf32>
  return %0 :
}
