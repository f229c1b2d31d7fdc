// Well-formed arrays and lookalikes the guard must let through.
func.func @transpose(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %t = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = [1, // a comment
     0]
  return %t : tensor<3x2xf32>
}
func.func @generic(%a: tensor<3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %t = "linalg.broadcast"(%a, %b) <{dimensions = array<i64: 0>}> ({
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }) {note = "linalg.broadcast dimensions = x"} : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %t : tensor<2x3xf32>
}
