// A bias gradient: a sum over the leading dimensions, which the GPU
// pipeline runs as host loops (16x26x26 iterations) around a kernel launch.
func.func @bias_grad(%g: tensor<16x26x26x8xf32>) -> tensor<8xf32> {
  %s = nn.reduce_sum %g {axes = array<i64: 0, 1, 2>} : tensor<16x26x26x8xf32>
  return %s : tensor<8xf32>
}
