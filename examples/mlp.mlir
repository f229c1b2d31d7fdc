// A 3-layer perceptron for 28x28 images (784-400-300-10), batch size left
// dynamic, as a front end might emit it before any cleanup: a flatten done
// in two reshapes and a no-op cast, which --canonicalize removes.
//
//   utils/run-main.sh      # nn-opt --canonicalize --cse examples/mlp.mlir

func.func @mlp(%images: tensor<?x28x28xf32>,
               %w1: tensor<784x400xf32>, %b1: tensor<400xf32>,
               %w2: tensor<400x300xf32>, %b2: tensor<300xf32>,
               %w3: tensor<300x10xf32>, %b3: tensor<10xf32>) -> tensor<?x10xf32> {
  %rows = nn.reshape %images : tensor<?x28x28xf32> to tensor<?x28xf32>
  %flat = nn.reshape %rows : tensor<?x28xf32> to tensor<?x784xf32>
  %x = nn.cast %flat : tensor<?x784xf32> to tensor<?x784xf32>

  %h1 = nn.matmul %x, %w1 : tensor<?x784xf32>, tensor<784x400xf32>
  %a1 = nn.add %h1, %b1 : tensor<?x400xf32>, tensor<400xf32>
  %r1 = nn.relu %a1 : tensor<?x400xf32>

  %h2 = nn.matmul %r1, %w2 : tensor<?x400xf32>, tensor<400x300xf32>
  %a2 = nn.add %h2, %b2 : tensor<?x300xf32>, tensor<300xf32>
  %r2 = nn.relu %a2 : tensor<?x300xf32>

  %h3 = nn.matmul %r2, %w3 : tensor<?x300xf32>, tensor<300x10xf32>
  %a3 = nn.add %h3, %b3 : tensor<?x10xf32>, tensor<10xf32>
  %probs = nn.softmax %a3 : tensor<?x10xf32>
  return %probs : tensor<?x10xf32>
}

// The mean cross-entropy of the network on one-hot labels, the function a
// training step differentiates with nn.grad.
func.func @loss(%images: tensor<?x28x28xf32>, %labels: tensor<?xi64>,
                %w1: tensor<784x400xf32>, %b1: tensor<400xf32>,
                %w2: tensor<400x300xf32>, %b2: tensor<300xf32>,
                %w3: tensor<300x10xf32>, %b3: tensor<10xf32>) -> tensor<f32> {
  %probs = func.call @mlp(%images, %w1, %b1, %w2, %b2, %w3, %b3)
      : (tensor<?x28x28xf32>, tensor<784x400xf32>, tensor<400xf32>,
         tensor<400x300xf32>, tensor<300xf32>, tensor<300x10xf32>,
         tensor<10xf32>) -> tensor<?x10xf32>
  %logp = nn.log %probs : tensor<?x10xf32>
  %onehot = nn.one_hot %labels {depth = 10 : i64} : tensor<?xi64> to tensor<?x10xf32>
  %picked = nn.mul %logp, %onehot : tensor<?x10xf32>, tensor<?x10xf32>
  %total = nn.reduce_sum %picked {axes = array<i64: 1>} : tensor<?x10xf32>
  %mean = nn.reduce_mean %total : tensor<?xf32>
  %loss = nn.neg %mean : tensor<f32>
  return %loss : tensor<f32>
}

// Gradients of the loss with respect to the six parameters.
func.func @grads(%images: tensor<?x28x28xf32>, %labels: tensor<?xi64>,
                 %w1: tensor<784x400xf32>, %b1: tensor<400xf32>,
                 %w2: tensor<400x300xf32>, %b2: tensor<300xf32>,
                 %w3: tensor<300x10xf32>, %b3: tensor<10xf32>)
    -> (tensor<f32>, tensor<784x400xf32>, tensor<400xf32>, tensor<400x300xf32>,
        tensor<300xf32>, tensor<300x10xf32>, tensor<10xf32>) {
  %l, %g:6 = nn.value_and_grad @loss(%images, %labels, %w1, %b1, %w2, %b2, %w3, %b3)
      {wrt = array<i64: 2, 3, 4, 5, 6, 7>}
      : (tensor<?x28x28xf32>, tensor<?xi64>, tensor<784x400xf32>, tensor<400xf32>,
         tensor<400x300xf32>, tensor<300xf32>, tensor<300x10xf32>, tensor<10xf32>)
      -> (tensor<f32>, tensor<784x400xf32>, tensor<400xf32>, tensor<400x300xf32>,
          tensor<300xf32>, tensor<300x10xf32>, tensor<10xf32>)
  return %l, %g#0, %g#1, %g#2, %g#3, %g#4, %g#5
      : tensor<f32>, tensor<784x400xf32>, tensor<400xf32>, tensor<400x300xf32>,
        tensor<300xf32>, tensor<300x10xf32>, tensor<10xf32>
}
