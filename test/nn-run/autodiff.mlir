// nn-run runs nn-autodiff before interpreting, so nn.grad and
// nn.value_and_grad work from the command line. loss = sum(w * x * w):
// dloss/dw = 2 w x and dloss/dx = w * w.

// RUN: nn-run --device=ref %s --function=value_and_grad --input="3xf32=1 2 3" --input="3xf32=4 5 6" \
// RUN:   --expected_output="f32=78" --expected_output="3xf32=8 20 36" --expected_output="3xf32=1 4 9"
// RUN: nn-run --device=ref %s --function=grad_wrt_x --input="2xf32=-1 0.5" --input="2xf32=4 5" \
// RUN:   --expected_output="2xf32=1 0.25"

func.func private @loss(%w: tensor<?xf32>, %x: tensor<?xf32>) -> tensor<f32> {
  %0 = nn.mul %w, %x : tensor<?xf32>, tensor<?xf32>
  %1 = nn.mul %0, %w : tensor<?xf32>, tensor<?xf32>
  %2 = nn.reduce_sum %1 : tensor<?xf32>
  return %2 : tensor<f32>
}

func.func @value_and_grad(%w: tensor<?xf32>, %x: tensor<?xf32>) -> (tensor<f32>, tensor<?xf32>, tensor<?xf32>) {
  %v, %gw, %gx = nn.value_and_grad @loss(%w, %x) : (tensor<?xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?xf32>, tensor<?xf32>)
  return %v, %gw, %gx : tensor<f32>, tensor<?xf32>, tensor<?xf32>
}

func.func @grad_wrt_x(%w: tensor<?xf32>, %x: tensor<?xf32>) -> tensor<?xf32> {
  %gx = nn.grad @loss(%w, %x) {wrt = array<i64: 1>} : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %gx : tensor<?xf32>
}
