func.func @add(%x: tensor<3x5xf32>, %y: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %two = nn.constant dense<2.0> : tensor<f32>
  %t = nn.mul %y, %two : tensor<3x5xf32>, tensor<f32>
  %s = nn.add %x, %t : tensor<3x5xf32>, tensor<3x5xf32>
  return %s : tensor<3x5xf32>
}
