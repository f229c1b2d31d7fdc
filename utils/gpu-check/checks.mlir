// The GPU check's own functions (utils/gpu-check.sh): ops at odd sizes,
// which no tile divides, and the benchmarks. The interpreter computes the
// expected results of each; for the 4096x4096 matmuls it runs the *_rows
// variant on 16 rows of the first input only.

func.func @odd_elementwise(%a: tensor<37x129xf32>, %b: tensor<129xf32>)
    -> (tensor<37x129xf32>, tensor<37x129xf32>) {
  %s = nn.add %a, %b : tensor<37x129xf32>, tensor<129xf32>
  %e = nn.exp %s : tensor<37x129xf32>
  %t = nn.tanh %e : tensor<37x129xf32>
  %m = nn.maximum %t, %a : tensor<37x129xf32>, tensor<37x129xf32>
  %c = nn.compare gt, %a, %b : tensor<37x129xf32>, tensor<129xf32>
  %r = nn.select %c, %m, %s : tensor<37x129xi1>, tensor<37x129xf32>, tensor<37x129xf32>
  %g = nn.sigmoid %r : tensor<37x129xf32>
  return %r, %g : tensor<37x129xf32>, tensor<37x129xf32>
}

func.func @odd_matmul(%a: tensor<67x131xf32>, %b: tensor<131x33xf32>,
                      %c: tensor<3x17x29xf32>, %d: tensor<3x29x5xf32>)
    -> (tensor<67x33xf32>, tensor<3x17x5xf32>, tensor<33x131xf32>) {
  %p = nn.matmul %a, %b : tensor<67x131xf32>, tensor<131x33xf32>
  %q = nn.matmul %c, %d : tensor<3x17x29xf32>, tensor<3x29x5xf32>
  // b^T a^T a, transposes folded into the contraction.
  %t = nn.matmul %b, %a {transpose_lhs = true, transpose_rhs = true}
      : tensor<131x33xf32>, tensor<67x131xf32>
  %u = nn.matmul %t, %a : tensor<33x67xf32>, tensor<67x131xf32>
  return %p, %q, %u : tensor<67x33xf32>, tensor<3x17x5xf32>, tensor<33x131xf32>
}

func.func @odd_reductions(%a: tensor<37x257xf32>, %b: tensor<5x1001xf32>)
    -> (tensor<37xf32>, tensor<257xf32>, tensor<f32>, tensor<37xi64>,
        tensor<5x1001xf32>, tensor<5x1001xf32>) {
  %s = nn.reduce_sum %a {axes = array<i64: 1>} : tensor<37x257xf32>
  %m = nn.reduce_max %a {axes = array<i64: 0>} : tensor<37x257xf32>
  %n = nn.reduce_mean %a : tensor<37x257xf32>
  %i = nn.argmax %a {axis = 1 : i64} : tensor<37x257xf32>
  %p = nn.softmax %b : tensor<5x1001xf32>
  %l = nn.log_softmax %b : tensor<5x1001xf32>
  return %s, %m, %n, %i, %p, %l : tensor<37xf32>, tensor<257xf32>, tensor<f32>,
      tensor<37xi64>, tensor<5x1001xf32>, tensor<5x1001xf32>
}

func.func @odd_conv(%x: tensor<3x13x11x5xf32>, %w: tensor<3x3x5x7xf32>)
    -> (tensor<3x7x6x7xf32>, tensor<3x6x5x5xf32>, tensor<3x6x5x5xf32>) {
  %c = nn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<3x13x11x5xf32>, tensor<3x3x5x7xf32>
  %m = nn.max_pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>}
      : tensor<3x13x11x5xf32>
  %a = nn.avg_pool2d %x {window = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>}
      : tensor<3x13x11x5xf32>
  return %c, %m, %a : tensor<3x7x6x7xf32>, tensor<3x6x5x5xf32>, tensor<3x6x5x5xf32>
}

func.func @odd_shapes(%a: tensor<7x13x3xf32>, %b: tensor<7x5x3xf32>)
    -> (tensor<3x7x13xf32>, tensor<7x18x3xf32>, tensor<7x4x3xf32>,
        tensor<9x15x3xf32>, tensor<91x3xf32>) {
  %t = nn.transpose %a, [2, 0, 1] : tensor<7x13x3xf32>
  %c = nn.concat %a, %b {axis = 1 : i64} : tensor<7x13x3xf32>, tensor<7x5x3xf32>
  %s = nn.slice %a {start = array<i64: 0, 1, 0>, limit = array<i64: 7, 13, 3>, strides = array<i64: 1, 3, 1>}
      : tensor<7x13x3xf32>
  %p = nn.pad %a {low = array<i64: 1, 0, 0>, high = array<i64: 1, 2, 0>, value = 0.5}
      : tensor<7x13x3xf32>
  %r = nn.reshape %a : tensor<7x13x3xf32> to tensor<91x3xf32>
  return %t, %c, %s, %p, %r : tensor<3x7x13xf32>, tensor<7x18x3xf32>,
      tensor<7x4x3xf32>, tensor<9x15x3xf32>, tensor<91x3xf32>
}

func.func @odd_more_elementwise(%a: tensor<29x67xf32>, %b: tensor<67xf32>, %i: tensor<29xi64>)
    -> (tensor<29x67xf32>, tensor<29x67xf32>, tensor<29x67xf32>, tensor<29x67xf32>,
        tensor<29x67xf16>, tensor<29x67xi32>, tensor<29x67xf32>, tensor<29x10xf32>,
        tensor<67xf32>) {
  %d = nn.div %a, %b : tensor<29x67xf32>, tensor<67xf32>
  %abs = nn.abs %a : tensor<29x67xf32>
  %p = nn.pow %abs, %b : tensor<29x67xf32>, tensor<67xf32>
  %one = nn.constant dense<1.0> : tensor<f32>
  %shifted = nn.add %abs, %one : tensor<29x67xf32>, tensor<f32>
  %l = nn.log %shifted : tensor<29x67xf32>
  %q = nn.sqrt %abs : tensor<29x67xf32>
  %r = nn.rsqrt %shifted : tensor<29x67xf32>
  %sq = nn.add %q, %r : tensor<29x67xf32>, tensor<29x67xf32>
  %sg = nn.sign %a : tensor<29x67xf32>
  %n = nn.neg %sg : tensor<29x67xf32>
  %m = nn.minimum %n, %a : tensor<29x67xf32>, tensor<29x67xf32>
  %sub = nn.sub %m, %b : tensor<29x67xf32>, tensor<67xf32>
  %h = nn.cast %sub : tensor<29x67xf32> to tensor<29x67xf16>
  %hundred = nn.constant dense<100.0> : tensor<f32>
  %big = nn.mul %a, %hundred : tensor<29x67xf32>, tensor<f32>
  %k = nn.cast %big : tensor<29x67xf32> to tensor<29x67xi32>
  %bt = nn.broadcast_to %b : tensor<67xf32> to tensor<29x67xf32>
  %oh = nn.one_hot %i {depth = 10 : i64} : tensor<29xi64> to tensor<29x10xf32>
  %mn = nn.reduce_min %a {axes = array<i64: 0>} : tensor<29x67xf32>
  return %d, %p, %l, %sq, %h, %k, %bt, %oh, %mn
      : tensor<29x67xf32>, tensor<29x67xf32>, tensor<29x67xf32>, tensor<29x67xf32>,
        tensor<29x67xf16>, tensor<29x67xi32>, tensor<29x67xf32>, tensor<29x10xf32>,
        tensor<67xf32>
}

// The gradients of conv2d and of the poolings (autodiff's building blocks).
func.func @odd_grads(%x: tensor<2x9x7x3xf32>, %w: tensor<3x3x3x5xf32>,
                     %g: tensor<2x4x3x5xf32>, %gp: tensor<2x4x3x3xf32>)
    -> (tensor<2x9x7x3xf32>, tensor<3x3x3x5xf32>, tensor<2x9x7x3xf32>,
        tensor<2x9x7x3xf32>) {
  %dx = nn.conv2d_input_grad %x, %w, %g {strides = array<i64: 2, 2>}
      : tensor<2x9x7x3xf32>, tensor<3x3x3x5xf32>, tensor<2x4x3x5xf32>
  %dw = nn.conv2d_filter_grad %x, %w, %g {strides = array<i64: 2, 2>}
      : tensor<2x9x7x3xf32>, tensor<3x3x3x5xf32>, tensor<2x4x3x5xf32>
  %mp = nn.max_pool2d_grad %x, %gp {window = array<i64: 3, 3>, strides = array<i64: 2, 2>}
      : tensor<2x9x7x3xf32>, tensor<2x4x3x3xf32>
  %ap = nn.avg_pool2d_grad %x, %gp {window = array<i64: 3, 3>, strides = array<i64: 2, 2>}
      : tensor<2x9x7x3xf32>, tensor<2x4x3x3xf32>
  return %dx, %dw, %mp, %ap : tensor<2x9x7x3xf32>, tensor<3x3x3x5xf32>,
      tensor<2x9x7x3xf32>, tensor<2x9x7x3xf32>
}

// The MLP of examples/mlp.mlir at a static batch of 256: matmuls with
// their bias and ReLU fused, then the softmax.
func.func @mlp_forward(%images: tensor<256x28x28xf32>,
                       %w1: tensor<784x400xf32>, %b1: tensor<400xf32>,
                       %w2: tensor<400x300xf32>, %b2: tensor<300xf32>,
                       %w3: tensor<300x10xf32>, %b3: tensor<10xf32>) -> tensor<256x10xf32> {
  %x = nn.reshape %images : tensor<256x28x28xf32> to tensor<256x784xf32>
  %h1 = nn.matmul %x, %w1 : tensor<256x784xf32>, tensor<784x400xf32>
  %a1 = nn.add %h1, %b1 : tensor<256x400xf32>, tensor<400xf32>
  %r1 = nn.relu %a1 : tensor<256x400xf32>
  %h2 = nn.matmul %r1, %w2 : tensor<256x400xf32>, tensor<400x300xf32>
  %a2 = nn.add %h2, %b2 : tensor<256x300xf32>, tensor<300xf32>
  %r2 = nn.relu %a2 : tensor<256x300xf32>
  %h3 = nn.matmul %r2, %w3 : tensor<256x300xf32>, tensor<300x10xf32>
  %a3 = nn.add %h3, %b3 : tensor<256x10xf32>, tensor<10xf32>
  %probs = nn.softmax %a3 : tensor<256x10xf32>
  return %probs : tensor<256x10xf32>
}

func.func @matmul_4096_f32(%a: tensor<4096x4096xf32>, %b: tensor<4096x4096xf32>)
    -> tensor<4096x4096xf32> {
  %c = nn.matmul %a, %b : tensor<4096x4096xf32>, tensor<4096x4096xf32>
  return %c : tensor<4096x4096xf32>
}

func.func @matmul_4096_f32_rows(%a: tensor<16x4096xf32>, %b: tensor<4096x4096xf32>)
    -> tensor<16x4096xf32> {
  %c = nn.matmul %a, %b : tensor<16x4096xf32>, tensor<4096x4096xf32>
  return %c : tensor<16x4096xf32>
}

// bf16 in and out; the interpreter's bf16 result has no .npy form, so
// its variant widens it to f32 (exactly).
func.func @matmul_4096_bf16(%a: tensor<4096x4096xbf16>, %b: tensor<4096x4096xbf16>)
    -> tensor<4096x4096xbf16> {
  %c = nn.matmul %a, %b : tensor<4096x4096xbf16>, tensor<4096x4096xbf16>
  return %c : tensor<4096x4096xbf16>
}

func.func @matmul_4096_bf16_rows(%a: tensor<16x4096xbf16>, %b: tensor<4096x4096xbf16>)
    -> tensor<16x4096xf32> {
  %c = nn.matmul %a, %b : tensor<16x4096xbf16>, tensor<4096x4096xbf16>
  %f = nn.cast %c : tensor<16x4096xbf16> to tensor<16x4096xf32>
  return %f : tensor<16x4096xf32>
}
