// A string where an integer axis is required.

func.func @f(%a: tensor<2x3xf32>) -> tensor<2xi64> {
  %0 = "nn.argmax"(%a) {axis = "last"} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
