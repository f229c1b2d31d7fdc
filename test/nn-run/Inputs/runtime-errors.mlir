// Functions that verify but fail at run time for some inputs.
func.func @reshape(%x: tensor<?x3xf32>) -> tensor<?x4xf32> {
  %0 = nn.reshape %x : tensor<?x3xf32> to tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
func.func @matmul(%a: tensor<2x?xf32>, %b: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %0 = nn.matmul %a, %b : tensor<2x?xf32>, tensor<3x2xf32>
  return %0 : tensor<2x2xf32>
}
func.func @argmax(%a: tensor<2x?xf32>) -> tensor<2xi64> {
  %0 = nn.argmax %a {axis = 1 : i64} : tensor<2x?xf32>
  return %0 : tensor<2xi64>
}
func.func @slice(%a: tensor<?xf32>) -> tensor<2xf32> {
  %0 = nn.slice %a {start = array<i64: 1>, limit = array<i64: 3>} : tensor<?xf32>
  return %0 : tensor<2xf32>
}
func.func @broadcast_to(%a: tensor<?xf32>) -> tensor<2x3xf32> {
  %0 = nn.broadcast_to %a : tensor<?xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func @pool_grad(%x: tensor<1x?x?x1xf32>, %g: tensor<1x?x?x1xf32>) -> tensor<1x?x?x1xf32> {
  %0 = nn.max_pool2d_grad %x, %g {window = array<i64: 2, 2>} : tensor<1x?x?x1xf32>, tensor<1x?x?x1xf32>
  return %0 : tensor<1x?x?x1xf32>
}
func.func @random(%seed: tensor<i64>, %n: index) -> tensor<?xf32> {
  %0 = nn.random_uniform %seed[%n] : tensor<?xf32>
  return %0 : tensor<?xf32>
}
func.func @missing_blob() -> tensor<2xf32> {
  %0 = nn.constant dense_resource<nowhere> : tensor<2xf32>
  return %0 : tensor<2xf32>
}
func.func @unsupported() -> tensor<2xf32> {
  %0 = tensor.empty() : tensor<2xf32>
  return %0 : tensor<2xf32>
}
func.func @recurse(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = func.call @recurse(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
