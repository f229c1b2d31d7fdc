// Graphs run before and after nn-fuse by nn-fuse-equivalence.test.

func.func @mlp(%x: tensor<?x6xf32>, %w1: tensor<6x5xf32>, %b1: tensor<5xf32>,
               %w2: tensor<5x3xf32>, %b2: tensor<3xf32>) -> tensor<?x3xf32> {
  %h1 = nn.matmul %x, %w1 : tensor<?x6xf32>, tensor<6x5xf32>
  %a1 = nn.add %h1, %b1 : tensor<?x5xf32>, tensor<5xf32>
  %r1 = nn.relu %a1 : tensor<?x5xf32>
  %h2 = nn.matmul %r1, %w2 : tensor<?x5xf32>, tensor<5x3xf32>
  %a2 = nn.add %h2, %b2 : tensor<?x3xf32>, tensor<3xf32>
  %p = nn.softmax %a2 : tensor<?x3xf32>
  return %p : tensor<?x3xf32>
}

func.func @norm(%x: tensor<?x6xf32>, %g: tensor<6xf32>) -> (tensor<?x6xf32>, tensor<?x1xf32>) {
  %sq = nn.mul %x, %x : tensor<?x6xf32>, tensor<?x6xf32>
  %ms = nn.reduce_mean %sq {axes = array<i64: 1>, keep_dims = true} : tensor<?x6xf32>
  %eps = nn.constant dense<1.0e-5> : tensor<f32>
  %a = nn.add %ms, %eps : tensor<?x1xf32>, tensor<f32>
  %r = nn.rsqrt %a : tensor<?x1xf32>
  %y = nn.mul %x, %r : tensor<?x6xf32>, tensor<?x1xf32>
  %z = nn.mul %y, %g : tensor<?x6xf32>, tensor<6xf32>
  return %z, %ms : tensor<?x6xf32>, tensor<?x1xf32>
}

func.func @shared(%x: tensor<?x6xf32>, %w1: tensor<6x5xf32>) -> (tensor<?x5xf32>, tensor<?x5xf32>, tensor<5xf32>) {
  %m = nn.matmul %x, %w1 : tensor<?x6xf32>, tensor<6x5xf32>
  %t = nn.tanh %m : tensor<?x5xf32>
  %s = nn.sigmoid %m : tensor<?x5xf32>
  %d = nn.sub %t, %s : tensor<?x5xf32>, tensor<?x5xf32>
  %sum = nn.reduce_sum %m {axes = array<i64: 0>} : tensor<?x5xf32>
  %c = nn.compare gt, %d, %t : tensor<?x5xf32>, tensor<?x5xf32>
  %sel = nn.select %c, %d, %s : tensor<?x5xi1>, tensor<?x5xf32>, tensor<?x5xf32>
  return %sel, %m, %sum : tensor<?x5xf32>, tensor<?x5xf32>, tensor<5xf32>
}
