// A 512^3 matmul: large enough for the large register tile (register-tile.test).
func.func @mm(%a: tensor<512x512xf32>, %b: tensor<512x512xf32>) -> tensor<512x512xf32> {
  %c = nn.matmul %a, %b : tensor<512x512xf32>, tensor<512x512xf32>
  return %c : tensor<512x512xf32>
}
