// One SGD training step of the small conv net of issue 11 at batch 64, the
// workload of bench-conv: 28x28x1 images (NHWC), conv 3x3x32, relu,
// max-pool 2, conv 3x3x64, relu, max-pool 2, flatten, dense 10; softmax
// cross-entropy; the six gradients by nn.value_and_grad (nn-autodiff) and
// the update w - lr * g. The PyTorch peer (peers_torch_conv.py) runs the
// same step eagerly.

func.func private @loss(%images: tensor<64x28x28x1xf32>, %labels: tensor<64xi64>,
                        %w1: tensor<3x3x1x32xf32>, %b1: tensor<32xf32>,
                        %w2: tensor<3x3x32x64xf32>, %b2: tensor<64xf32>,
                        %w3: tensor<1600x10xf32>, %b3: tensor<10xf32>) -> tensor<f32> {
  %c1 = nn.conv2d %images, %w1 : tensor<64x28x28x1xf32>, tensor<3x3x1x32xf32>
  %a1 = nn.add %c1, %b1 : tensor<64x26x26x32xf32>, tensor<32xf32>
  %r1 = nn.relu %a1 : tensor<64x26x26x32xf32>
  %p1 = nn.max_pool2d %r1 {window = array<i64: 2, 2>} : tensor<64x26x26x32xf32>
  %c2 = nn.conv2d %p1, %w2 : tensor<64x13x13x32xf32>, tensor<3x3x32x64xf32>
  %a2 = nn.add %c2, %b2 : tensor<64x11x11x64xf32>, tensor<64xf32>
  %r2 = nn.relu %a2 : tensor<64x11x11x64xf32>
  %p2 = nn.max_pool2d %r2 {window = array<i64: 2, 2>} : tensor<64x11x11x64xf32>
  %x = nn.reshape %p2 : tensor<64x5x5x64xf32> to tensor<64x1600xf32>
  %h = nn.matmul %x, %w3 : tensor<64x1600xf32>, tensor<1600x10xf32>
  %logits = nn.add %h, %b3 : tensor<64x10xf32>, tensor<10xf32>
  %logp = nn.log_softmax %logits : tensor<64x10xf32>
  %onehot = nn.one_hot %labels {depth = 10 : i64} : tensor<64xi64> to tensor<64x10xf32>
  %picked = nn.mul %logp, %onehot : tensor<64x10xf32>, tensor<64x10xf32>
  %total = nn.reduce_sum %picked {axes = array<i64: 1>} : tensor<64x10xf32>
  %mean = nn.reduce_mean %total : tensor<64xf32>
  %loss = nn.neg %mean : tensor<f32>
  return %loss : tensor<f32>
}

// Each parameter is tied to its updated value (nn.tied_result): a caller
// that donates the parameters gets the update written in place.
func.func @train_step(%images: tensor<64x28x28x1xf32>, %labels: tensor<64xi64>,
                      %w1: tensor<3x3x1x32xf32> {nn.tied_result = 1 : i64},
                      %b1: tensor<32xf32> {nn.tied_result = 2 : i64},
                      %w2: tensor<3x3x32x64xf32> {nn.tied_result = 3 : i64},
                      %b2: tensor<64xf32> {nn.tied_result = 4 : i64},
                      %w3: tensor<1600x10xf32> {nn.tied_result = 5 : i64},
                      %b3: tensor<10xf32> {nn.tied_result = 6 : i64})
    -> (tensor<f32>, tensor<3x3x1x32xf32>, tensor<32xf32>, tensor<3x3x32x64xf32>,
        tensor<64xf32>, tensor<1600x10xf32>, tensor<10xf32>) {
  %l, %g:6 = nn.value_and_grad @loss(%images, %labels, %w1, %b1, %w2, %b2, %w3, %b3)
      {wrt = array<i64: 2, 3, 4, 5, 6, 7>}
      : (tensor<64x28x28x1xf32>, tensor<64xi64>, tensor<3x3x1x32xf32>, tensor<32xf32>,
         tensor<3x3x32x64xf32>, tensor<64xf32>, tensor<1600x10xf32>, tensor<10xf32>)
      -> (tensor<f32>, tensor<3x3x1x32xf32>, tensor<32xf32>, tensor<3x3x32x64xf32>,
          tensor<64xf32>, tensor<1600x10xf32>, tensor<10xf32>)
  // The learning rate, 0.01 (as the peer's torch.optim.SGD).
  %lr = nn.constant dense<0.01> : tensor<f32>
  %s1 = nn.mul %g#0, %lr : tensor<3x3x1x32xf32>, tensor<f32>
  %nw1 = nn.sub %w1, %s1 : tensor<3x3x1x32xf32>, tensor<3x3x1x32xf32>
  %s2 = nn.mul %g#1, %lr : tensor<32xf32>, tensor<f32>
  %nb1 = nn.sub %b1, %s2 : tensor<32xf32>, tensor<32xf32>
  %s3 = nn.mul %g#2, %lr : tensor<3x3x32x64xf32>, tensor<f32>
  %nw2 = nn.sub %w2, %s3 : tensor<3x3x32x64xf32>, tensor<3x3x32x64xf32>
  %s4 = nn.mul %g#3, %lr : tensor<64xf32>, tensor<f32>
  %nb2 = nn.sub %b2, %s4 : tensor<64xf32>, tensor<64xf32>
  %s5 = nn.mul %g#4, %lr : tensor<1600x10xf32>, tensor<f32>
  %nw3 = nn.sub %w3, %s5 : tensor<1600x10xf32>, tensor<1600x10xf32>
  %s6 = nn.mul %g#5, %lr : tensor<10xf32>, tensor<f32>
  %nb3 = nn.sub %b3, %s6 : tensor<10xf32>, tensor<10xf32>
  return %l, %nw1, %nb1, %nw2, %nb2, %nw3, %nb3
      : tensor<f32>, tensor<3x3x1x32xf32>, tensor<32xf32>, tensor<3x3x32x64xf32>,
        tensor<64xf32>, tensor<1600x10xf32>, tensor<10xf32>
}

// The 3x3x64x64 layer of issue 11 at 56x56 (padding 1, batch 8): forward,
// and the two gradients of its backward pass.
func.func @layer_forward(%x: tensor<8x56x56x64xf32>, %w: tensor<3x3x64x64xf32>)
    -> tensor<8x56x56x64xf32> {
  %y = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
      : tensor<8x56x56x64xf32>, tensor<3x3x64x64xf32>
  return %y : tensor<8x56x56x64xf32>
}

func.func @layer_backward(%x: tensor<8x56x56x64xf32>, %w: tensor<3x3x64x64xf32>,
                          %g: tensor<8x56x56x64xf32>)
    -> (tensor<8x56x56x64xf32>, tensor<3x3x64x64xf32>) {
  %dx = nn.conv2d_input_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>}
      : tensor<8x56x56x64xf32>, tensor<3x3x64x64xf32>, tensor<8x56x56x64xf32>
  %dw = nn.conv2d_filter_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>}
      : tensor<8x56x56x64xf32>, tensor<3x3x64x64xf32>, tensor<8x56x56x64xf32>
  return %dx, %dw : tensor<8x56x56x64xf32>, tensor<3x3x64x64xf32>
}
