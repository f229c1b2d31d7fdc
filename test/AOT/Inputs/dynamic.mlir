// Functions with dynamic sizes whose shape rules nn-compile compiles into
// the object (test/AOT/shape-checks.test).

func.func @add(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = nn.add %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

func.func @matmul(%a: tensor<?x?xf32>, %b: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nn.matmul %a, %b : tensor<?x?xf32>, tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

func.func @reshape(%a: tensor<?x6xf32>) -> tensor<?x4xf32> {
  %0 = nn.reshape %a : tensor<?x6xf32> to tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

func.func @to_static(%a: tensor<?x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.relu %a : tensor<?x4xf32>
  %1 = nn.reshape %0 : tensor<?x4xf32> to tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

func.func @concat(%a: tensor<?x2xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = nn.concat %a, %b {axis = 1 : i64} : tensor<?x2xf32>, tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @slice(%a: tensor<?x4xf32>) -> tensor<2x2xf32> {
  %0 = nn.slice %a {start = array<i64: 1, 0>, limit = array<i64: 3, 4>, strides = array<i64: 1, 2>} : tensor<?x4xf32>
  return %0 : tensor<2x2xf32>
}

func.func @reduce(%a: tensor<?x?x3xf32>) -> (tensor<?xf32>, tensor<?x1x3xi64>) {
  %0 = nn.reduce_sum %a {axes = array<i64: 1, 2>} : tensor<?x?x3xf32>
  %1 = nn.argmax %a {axis = 1 : i64, keep_dims = true} : tensor<?x?x3xf32>
  return %0, %1 : tensor<?xf32>, tensor<?x1x3xi64>
}

func.func @transpose(%a: tensor<?x2x?xf32>) -> tensor<?x?x2xf32> {
  %0 = nn.transpose %a, [2, 0, 1] : tensor<?x2x?xf32>
  %1 = nn.softmax %0 : tensor<?x?x2xf32>
  return %1 : tensor<?x?x2xf32>
}

func.func @broadcast(%a: tensor<?x1xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = nn.mul %a, %b : tensor<?x1xf32>, tensor<?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @one_hot(%a: tensor<?xi64>) -> tensor<?x5xf32> {
  %0 = nn.one_hot %a {depth = 5 : i64} : tensor<?xi64> to tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

func.func @pad(%a: tensor<?x2xf32>) -> tensor<?x4xf32> {
  %0 = nn.pad %a {low = array<i64: 1, 0>, high = array<i64: 0, 1>, interior = array<i64: 1, 1>} : tensor<?x2xf32>
  return %0 : tensor<?x4xf32>
}

func.func @calls(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = func.call @add(%a, %b) : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %1 = nn.tanh %0 : tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}

func.func @scalar(%a: tensor<f32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %0 = nn.sub %b, %a : tensor<?xf32>, tensor<f32>
  return %0 : tensor<?xf32>
}

// The same value returned twice: each output gets memory of its own.
func.func @twice(%a: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = nn.exp %a : tensor<?xf32>
  return %0, %0 : tensor<?xf32>, tensor<?xf32>
}

// An output written into (a copy of) an input, whose sizes must agree.
func.func @tied(%w: tensor<?xf32> {nn.tied_result = 0 : i64},
                %v: tensor<?xf32>) -> tensor<?xf32> {
  %0 = nn.mul %v, %v : tensor<?xf32>, tensor<?xf32>
  return %0 : tensor<?xf32>
}
