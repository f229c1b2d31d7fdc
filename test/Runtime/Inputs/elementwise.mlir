// Elementwise ops at a dynamic batch size, for difftest (JIT vs reference).

func.func @binary(%a: tensor<?x5xf32>, %b: tensor<5xf32>, %c: tensor<?x1xf32>) -> (tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>) {
  %0 = nn.add %a, %b : tensor<?x5xf32>, tensor<5xf32>
  %1 = nn.sub %b, %a : tensor<5xf32>, tensor<?x5xf32>
  %2 = nn.mul %a, %c : tensor<?x5xf32>, tensor<?x1xf32>
  %3 = nn.div %a, %b : tensor<?x5xf32>, tensor<5xf32>
  %4 = nn.pow %a, %c : tensor<?x5xf32>, tensor<?x1xf32>
  %5 = nn.maximum %a, %b : tensor<?x5xf32>, tensor<5xf32>
  %6 = nn.minimum %c, %a : tensor<?x1xf32>, tensor<?x5xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>
}

func.func @unary(%a: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  %0 = nn.neg %a : tensor<?x4xf32>
  %1 = nn.abs %a : tensor<?x4xf32>
  %2 = nn.exp %a : tensor<?x4xf32>
  %3 = nn.log %a : tensor<?x4xf32>
  %4 = nn.sqrt %a : tensor<?x4xf32>
  %5 = nn.rsqrt %a : tensor<?x4xf32>
  %6 = nn.tanh %a : tensor<?x4xf32>
  %7 = nn.sigmoid %a : tensor<?x4xf32>
  %8 = nn.relu %a : tensor<?x4xf32>
  %9 = nn.sign %a : tensor<?x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}

func.func @compare_select(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> (tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xf32>) {
  %0 = nn.compare eq, %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %1 = nn.compare ne, %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %2 = nn.compare lt, %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %3 = nn.compare le, %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %4 = nn.compare gt, %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %5 = nn.compare ge, %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %6 = nn.select %4, %a, %b : tensor<?x3xi1>, tensor<?x3xf32>, tensor<3xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xf32>
}

func.func @integers(%a: tensor<?x4xi32>, %b: tensor<4xi32>) -> (tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi64>) {
  %three = nn.constant dense<3> : tensor<i32>
  %0 = nn.add %a, %b : tensor<?x4xi32>, tensor<4xi32>
  %1 = nn.mul %a, %b : tensor<?x4xi32>, tensor<4xi32>
  %2 = nn.div %a, %three : tensor<?x4xi32>, tensor<i32>
  %3 = nn.maximum %a, %b : tensor<?x4xi32>, tensor<4xi32>
  %4 = nn.abs %a : tensor<?x4xi32>
  %5 = nn.relu %a : tensor<?x4xi32>
  %6 = nn.cast %a : tensor<?x4xi32> to tensor<?x4xi64>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi32>, tensor<?x4xi64>
}

func.func @casts(%a: tensor<?x3xf32>) -> (tensor<?x3xf64>, tensor<?x3xi32>, tensor<?x3xi1>, tensor<?x3xf32>) {
  %s = nn.constant dense<1000.0> : tensor<f32>
  %big = nn.mul %a, %s : tensor<?x3xf32>, tensor<f32>
  %0 = nn.cast %a : tensor<?x3xf32> to tensor<?x3xf64>
  %1 = nn.cast %big : tensor<?x3xf32> to tensor<?x3xi32>
  %2 = nn.cast %a : tensor<?x3xf32> to tensor<?x3xi1>
  %h = nn.cast %a : tensor<?x3xf32> to tensor<?x3xf16>
  %3 = nn.cast %h : tensor<?x3xf16> to tensor<?x3xf32>
  return %0, %1, %2, %3 : tensor<?x3xf64>, tensor<?x3xi32>, tensor<?x3xi1>, tensor<?x3xf32>
}

func.func @broadcasts(%a: tensor<?x1xf32>, %b: tensor<3xf32>, %i: tensor<?xi64>) -> (tensor<4x3xf32>, tensor<?x3xf32>, tensor<3xf32>, tensor<?x5xf32>) {
  %0 = nn.broadcast_to %b : tensor<3xf32> to tensor<4x3xf32>
  %1 = nn.add %a, %b : tensor<?x1xf32>, tensor<3xf32>
  %2 = nn.unbroadcast %1, %b : tensor<?x3xf32>, tensor<3xf32> -> tensor<3xf32>
  %3 = nn.one_hot %i {depth = 5 : i64} : tensor<?xi64> to tensor<?x5xf32>
  return %0, %1, %2, %3 : tensor<4x3xf32>, tensor<?x3xf32>, tensor<3xf32>, tensor<?x5xf32>
}

// broadcast_like stretches to the run-time shape of another tensor, as the
// gradient of a reduction over a dynamic batch does.
func.func @broadcast_like(%g: tensor<1x3xf32>, %s: tensor<f32>, %x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  %0 = nn.broadcast_like %g, %x : tensor<1x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %1 = nn.broadcast_like %s, %x : tensor<f32>, tensor<?x3xf32> -> tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

func.func @random(%seed: tensor<i64>, %n: index) -> (tensor<?x4xf32>, tensor<?x4xf64>) {
  %0 = nn.random_uniform %seed[%n] {low = -1.0 : f64, high = 3.0 : f64} : tensor<?x4xf32>
  %1 = nn.random_normal %seed[%n] {mean = 1.0 : f64, stddev = 2.0 : f64} : tensor<?x4xf64>
  return %0, %1 : tensor<?x4xf32>, tensor<?x4xf64>
}
