// Matmuls with a static M of 1, 2 or 3 (nn-cpu-tile-contractions' small-M
// path: no packing, column tiles read in place) at odd N and K: whole
// column tiles and a narrower last one, k in steps of 4 or of 1, a K of 1
// and of exactly one step, a transposed A; a transposed B and a batch take
// the packed path, for comparison.

func.func @rows_1(%a: tensor<1x37xf32>, %b: tensor<37x157xf32>, %c: tensor<1x4xf32>, %d: tensor<4x10xf32>, %e: tensor<1x1xf32>, %f: tensor<1x256xf32>) -> (tensor<1x157xf32>, tensor<1x10xf32>, tensor<1x256xf32>) {
  %0 = nn.matmul %a, %b : tensor<1x37xf32>, tensor<37x157xf32>
  %1 = nn.matmul %c, %d : tensor<1x4xf32>, tensor<4x10xf32>
  %2 = nn.matmul %e, %f : tensor<1x1xf32>, tensor<1x256xf32>
  return %0, %1, %2 : tensor<1x157xf32>, tensor<1x10xf32>, tensor<1x256xf32>
}

func.func @rows_2(%a: tensor<2x300xf32>, %b: tensor<300x67xf32>, %at: tensor<9x2xf32>, %c: tensor<9x33xf32>) -> (tensor<2x67xf32>, tensor<2x33xf32>) {
  %0 = nn.matmul %a, %b : tensor<2x300xf32>, tensor<300x67xf32>
  %1 = nn.matmul %at, %c {transpose_lhs = true} : tensor<9x2xf32>, tensor<9x33xf32>
  return %0, %1 : tensor<2x67xf32>, tensor<2x33xf32>
}

func.func @rows_3(%a: tensor<3x13xf32>, %b: tensor<13x50xf32>, %bt: tensor<7x13xf32>, %x: tensor<2x3x5xf32>, %w: tensor<5x17xf32>) -> (tensor<3x50xf32>, tensor<3x7xf32>, tensor<2x3x17xf32>) {
  %0 = nn.matmul %a, %b : tensor<3x13xf32>, tensor<13x50xf32>
  %1 = nn.matmul %a, %bt {transpose_rhs = true} : tensor<3x13xf32>, tensor<7x13xf32>
  %2 = nn.matmul %x, %w : tensor<2x3x5xf32>, tensor<5x17xf32>
  return %0, %1, %2 : tensor<3x50xf32>, tensor<3x7xf32>, tensor<2x3x17xf32>
}

func.func @rows_int(%a: tensor<1x6xi32>, %b: tensor<6x19xi32>) -> tensor<1x19xi32> {
  %0 = nn.matmul %a, %b : tensor<1x6xi32>, tensor<6x19xi32>
  return %0 : tensor<1x19xi32>
}

// Batch-1 inference of a small perceptron: matmuls, bias, relu, softmax.
func.func @mlp(%x: tensor<1x784xf32>, %w1: tensor<784x40xf32>, %b1: tensor<40xf32>, %w2: tensor<40x10xf32>, %b2: tensor<10xf32>) -> tensor<1x10xf32> {
  %m1 = nn.matmul %x, %w1 : tensor<1x784xf32>, tensor<784x40xf32>
  %a1 = nn.add %m1, %b1 : tensor<1x40xf32>, tensor<40xf32>
  %h1 = nn.relu %a1 : tensor<1x40xf32>
  %m2 = nn.matmul %h1, %w2 : tensor<1x40xf32>, tensor<40x10xf32>
  %a2 = nn.add %m2, %b2 : tensor<1x10xf32>, tensor<10xf32>
  %p = nn.softmax %a2 : tensor<1x10xf32>
  return %p : tensor<1x10xf32>
}
