// One SGD training step of the 784-400-300-10 perceptron at batch 128, the
// workload of bench-mlp-step: forward, softmax cross-entropy, the six
// gradients (nn.value_and_grad) and the update w - lr * g, returning the
// loss and the new parameters. The PyTorch peer
// (peers_torch_mlp_step.py) runs the same step eagerly.
//
// The batch is static (128), as it is for the peer at run time; the loss
// uses log_softmax, the fused form PyTorch's CrossEntropyLoss computes.

func.func private @loss(%images: tensor<128x28x28xf32>, %labels: tensor<128xi64>,
                        %w1: tensor<784x400xf32>, %b1: tensor<400xf32>,
                        %w2: tensor<400x300xf32>, %b2: tensor<300xf32>,
                        %w3: tensor<300x10xf32>, %b3: tensor<10xf32>) -> tensor<f32> {
  %x = nn.reshape %images : tensor<128x28x28xf32> to tensor<128x784xf32>
  %h1 = nn.matmul %x, %w1 : tensor<128x784xf32>, tensor<784x400xf32>
  %a1 = nn.add %h1, %b1 : tensor<128x400xf32>, tensor<400xf32>
  %r1 = nn.relu %a1 : tensor<128x400xf32>
  %h2 = nn.matmul %r1, %w2 : tensor<128x400xf32>, tensor<400x300xf32>
  %a2 = nn.add %h2, %b2 : tensor<128x300xf32>, tensor<300xf32>
  %r2 = nn.relu %a2 : tensor<128x300xf32>
  %h3 = nn.matmul %r2, %w3 : tensor<128x300xf32>, tensor<300x10xf32>
  %logits = nn.add %h3, %b3 : tensor<128x10xf32>, tensor<10xf32>
  %logp = nn.log_softmax %logits : tensor<128x10xf32>
  %onehot = nn.one_hot %labels {depth = 10 : i64} : tensor<128xi64> to tensor<128x10xf32>
  %picked = nn.mul %logp, %onehot : tensor<128x10xf32>, tensor<128x10xf32>
  %total = nn.reduce_sum %picked {axes = array<i64: 1>} : tensor<128x10xf32>
  %mean = nn.reduce_mean %total : tensor<128xf32>
  %loss = nn.neg %mean : tensor<f32>
  return %loss : tensor<f32>
}

// Each parameter is tied to its updated value (nn.tied_result): a caller
// that donates the parameters gets the update written in place.
func.func @train_step(%images: tensor<128x28x28xf32>, %labels: tensor<128xi64>,
                      %w1: tensor<784x400xf32> {nn.tied_result = 1 : i64},
                      %b1: tensor<400xf32> {nn.tied_result = 2 : i64},
                      %w2: tensor<400x300xf32> {nn.tied_result = 3 : i64},
                      %b2: tensor<300xf32> {nn.tied_result = 4 : i64},
                      %w3: tensor<300x10xf32> {nn.tied_result = 5 : i64},
                      %b3: tensor<10xf32> {nn.tied_result = 6 : i64})
    -> (tensor<f32>, tensor<784x400xf32>, tensor<400xf32>, tensor<400x300xf32>,
        tensor<300xf32>, tensor<300x10xf32>, tensor<10xf32>) {
  %l, %g:6 = nn.value_and_grad @loss(%images, %labels, %w1, %b1, %w2, %b2, %w3, %b3)
      {wrt = array<i64: 2, 3, 4, 5, 6, 7>}
      : (tensor<128x28x28xf32>, tensor<128xi64>, tensor<784x400xf32>, tensor<400xf32>,
         tensor<400x300xf32>, tensor<300xf32>, tensor<300x10xf32>, tensor<10xf32>)
      -> (tensor<f32>, tensor<784x400xf32>, tensor<400xf32>, tensor<400x300xf32>,
          tensor<300xf32>, tensor<300x10xf32>, tensor<10xf32>)
  // The learning rate, 0.1 (as the peer's torch.optim.SGD).
  %lr = nn.constant dense<0.1> : tensor<f32>
  %s1 = nn.mul %g#0, %lr : tensor<784x400xf32>, tensor<f32>
  %nw1 = nn.sub %w1, %s1 : tensor<784x400xf32>, tensor<784x400xf32>
  %s2 = nn.mul %g#1, %lr : tensor<400xf32>, tensor<f32>
  %nb1 = nn.sub %b1, %s2 : tensor<400xf32>, tensor<400xf32>
  %s3 = nn.mul %g#2, %lr : tensor<400x300xf32>, tensor<f32>
  %nw2 = nn.sub %w2, %s3 : tensor<400x300xf32>, tensor<400x300xf32>
  %s4 = nn.mul %g#3, %lr : tensor<300xf32>, tensor<f32>
  %nb2 = nn.sub %b2, %s4 : tensor<300xf32>, tensor<300xf32>
  %s5 = nn.mul %g#4, %lr : tensor<300x10xf32>, tensor<f32>
  %nw3 = nn.sub %w3, %s5 : tensor<300x10xf32>, tensor<300x10xf32>
  %s6 = nn.mul %g#5, %lr : tensor<10xf32>, tensor<f32>
  %nb3 = nn.sub %b3, %s6 : tensor<10xf32>, tensor<10xf32>
  return %l, %nw1, %nb1, %nw2, %nb2, %nw3, %nb3
      : tensor<f32>, tensor<784x400xf32>, tensor<400xf32>, tensor<400x300xf32>,
        tensor<300xf32>, tensor<300x10xf32>, tensor<10xf32>
}
