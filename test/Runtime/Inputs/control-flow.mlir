// nn.cond, nn.while and nn.for for difftest: predicates given and computed
// from data, loops with a data-dependent and a static trip count, and
// matmuls inside the regions (tiled by nn-cpu-tile-contractions there).

func.func @cond_matmul(%p: tensor<i1>, %x: tensor<?x6xf32>, %w: tensor<6x5xf32>) -> tensor<?x5xf32> {
  %0 = nn.cond %p (%x, %w) : (tensor<?x6xf32>, tensor<6x5xf32>) -> tensor<?x5xf32> {
  ^bb0(%a: tensor<?x6xf32>, %b: tensor<6x5xf32>):
    %1 = nn.matmul %a, %b : tensor<?x6xf32>, tensor<6x5xf32>
    %2 = nn.relu %1 : tensor<?x5xf32>
    nn.yield %2 : tensor<?x5xf32>
  } else {
  ^bb0(%a: tensor<?x6xf32>, %b: tensor<6x5xf32>):
    %1 = nn.matmul %a, %b : tensor<?x6xf32>, tensor<6x5xf32>
    %2 = nn.tanh %1 : tensor<?x5xf32>
    nn.yield %2 : tensor<?x5xf32>
  }
  return %0 : tensor<?x5xf32>
}

func.func @cond_data(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<f32>) {
  %s = nn.reduce_sum %x : tensor<?x4xf32>
  %zero = nn.constant dense<0.0> : tensor<f32>
  %p = nn.compare gt, %s, %zero : tensor<f32>, tensor<f32>
  %0:2 = nn.cond %p (%x, %s) : (tensor<?x4xf32>, tensor<f32>) -> (tensor<?x4xf32>, tensor<f32>) {
  ^bb0(%a: tensor<?x4xf32>, %t: tensor<f32>):
    %1 = nn.exp %a : tensor<?x4xf32>
    nn.yield %1, %t : tensor<?x4xf32>, tensor<f32>
  } else {
  ^bb0(%a: tensor<?x4xf32>, %t: tensor<f32>):
    %1 = nn.neg %a : tensor<?x4xf32>
    %2 = nn.neg %t : tensor<f32>
    nn.yield %1, %2 : tensor<?x4xf32>, tensor<f32>
  }
  return %0#0, %0#1 : tensor<?x4xf32>, tensor<f32>
}

// Iterates x = x @ w + 1 while the sum of squares stays below 1e4 and for
// at most 12 steps; returns the count too.
func.func @while_matmul(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>) -> (tensor<?x4xf32>, tensor<i64>) {
  %n = nn.constant dense<0> : tensor<i64>
  %0:3 = nn.while (%x, %w, %n) : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<i64>) -> (tensor<?x4xf32>, tensor<4x4xf32>, tensor<i64>) cond {
  ^bb0(%a: tensor<?x4xf32>, %b: tensor<4x4xf32>, %i: tensor<i64>):
    %sq = nn.mul %a, %a : tensor<?x4xf32>, tensor<?x4xf32>
    %s = nn.reduce_sum %sq : tensor<?x4xf32>
    %limit = nn.constant dense<1.0e4> : tensor<f32>
    %small = nn.compare lt, %s, %limit : tensor<f32>, tensor<f32>
    %max = nn.constant dense<12> : tensor<i64>
    %few = nn.compare lt, %i, %max : tensor<i64>, tensor<i64>
    %false = nn.constant dense<false> : tensor<i1>
    %c = nn.select %small, %few, %false : tensor<i1>, tensor<i1>, tensor<i1>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<?x4xf32>, %b: tensor<4x4xf32>, %i: tensor<i64>):
    %1 = nn.matmul %a, %b : tensor<?x4xf32>, tensor<4x4xf32>
    %one = nn.constant dense<1.0> : tensor<f32>
    %2 = nn.add %1, %one : tensor<?x4xf32>, tensor<f32>
    %k = nn.constant dense<1> : tensor<i64>
    %j = nn.add %i, %k : tensor<i64>, tensor<i64>
    nn.yield %2, %b, %j : tensor<?x4xf32>, tensor<4x4xf32>, tensor<i64>
  }
  return %0#0, %0#2 : tensor<?x4xf32>, tensor<i64>
}

// A small recurrent net: h = tanh(h @ w + u * i) for i = 1, 3, 5.
func.func @for_rnn(%h: tensor<?x4xf32>, %w: tensor<4x4xf32>, %u: tensor<4xf32>) -> tensor<?x4xf32> {
  %0:3 = nn.for 1 to 6 step 2 (%h, %w, %u) : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) {
  ^bb0(%i: tensor<i64>, %a: tensor<?x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4xf32>):
    %1 = nn.matmul %a, %b : tensor<?x4xf32>, tensor<4x4xf32>
    %f = nn.cast %i : tensor<i64> to tensor<f32>
    %2 = nn.mul %c, %f : tensor<4xf32>, tensor<f32>
    %3 = nn.add %1, %2 : tensor<?x4xf32>, tensor<4xf32>
    %4 = nn.tanh %3 : tensor<?x4xf32>
    nn.yield %4, %b, %c : tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>
  }
  return %0#0 : tensor<?x4xf32>
}

// A cond inside a for, and a loop that never runs.
func.func @for_nested(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  %0 = nn.for 0 to 4 step 1 (%x) : (tensor<?x3xf32>) -> tensor<?x3xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<?x3xf32>):
    %two = nn.constant dense<2> : tensor<i64>
    %p = nn.compare lt, %i, %two : tensor<i64>, tensor<i64>
    %1 = nn.cond %p (%a) : (tensor<?x3xf32>) -> tensor<?x3xf32> {
    ^bb0(%b: tensor<?x3xf32>):
      %2 = nn.sigmoid %b : tensor<?x3xf32>
      nn.yield %2 : tensor<?x3xf32>
    } else {
    ^bb0(%b: tensor<?x3xf32>):
      %2 = nn.mul %b, %b : tensor<?x3xf32>, tensor<?x3xf32>
      nn.yield %2 : tensor<?x3xf32>
    }
    nn.yield %1 : tensor<?x3xf32>
  }
  %1 = nn.for 3 to 0 step 1 (%x) : (tensor<?x3xf32>) -> tensor<?x3xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<?x3xf32>):
    %2 = nn.neg %a : tensor<?x3xf32>
    nn.yield %2 : tensor<?x3xf32>
  }
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// An updated parameter (tied to its argument) computed by a loop: three
// steps of w = w - 0.1 * tanh(w).
func.func @for_tied(%w: tensor<3x4xf32> {nn.tied_result = 0 : i64}) -> tensor<3x4xf32> {
  %0 = nn.for 0 to 3 step 1 (%w) : (tensor<3x4xf32>) -> tensor<3x4xf32> {
  ^bb0(%i: tensor<i64>, %a: tensor<3x4xf32>):
    %t = nn.tanh %a : tensor<3x4xf32>
    %lr = nn.constant dense<0.1> : tensor<f32>
    %s = nn.mul %t, %lr : tensor<3x4xf32>, tensor<f32>
    %1 = nn.sub %a, %s : tensor<3x4xf32>, tensor<3x4xf32>
    nn.yield %1 : tensor<3x4xf32>
  }
  return %0 : tensor<3x4xf32>
}

// The same with a while loop, the tied argument also read after the loop.
func.func @while_tied(%w: tensor<3x4xf32> {nn.tied_result = 0 : i64}) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %n = nn.constant dense<0> : tensor<i64>
  %0:2 = nn.while (%w, %n) : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x4xf32>, tensor<i64>) cond {
  ^bb0(%a: tensor<3x4xf32>, %i: tensor<i64>):
    %max = nn.constant dense<3> : tensor<i64>
    %c = nn.compare lt, %i, %max : tensor<i64>, tensor<i64>
    nn.yield %c : tensor<i1>
  } do {
  ^bb0(%a: tensor<3x4xf32>, %i: tensor<i64>):
    %t = nn.tanh %a : tensor<3x4xf32>
    %1 = nn.sub %a, %t : tensor<3x4xf32>, tensor<3x4xf32>
    %one = nn.constant dense<1> : tensor<i64>
    %j = nn.add %i, %one : tensor<i64>, tensor<i64>
    nn.yield %1, %j : tensor<3x4xf32>, tensor<i64>
  }
  %2 = nn.mul %w, %0#0 : tensor<3x4xf32>, tensor<3x4xf32>
  return %0#0, %2 : tensor<3x4xf32>, tensor<3x4xf32>
}

// Gradients through nn.cond and nn.for (nn-autodiff runs in the nn phase of
// the pipeline and before the interpreter).
func.func private @rnn_loss(%p: tensor<i1>, %h: tensor<?x4xf32>, %w: tensor<4x4xf32>) -> tensor<f32> {
  %0:2 = nn.for 0 to 3 step 1 (%h, %w) : (tensor<?x4xf32>, tensor<4x4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>) {
  ^bb0(%i: tensor<i64>, %a: tensor<?x4xf32>, %b: tensor<4x4xf32>):
    %1 = nn.matmul %a, %b : tensor<?x4xf32>, tensor<4x4xf32>
    %2 = nn.tanh %1 : tensor<?x4xf32>
    nn.yield %2, %b : tensor<?x4xf32>, tensor<4x4xf32>
  }
  %3 = nn.cond %p (%0#0) : (tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>):
    %4 = nn.mul %a, %a : tensor<?x4xf32>, tensor<?x4xf32>
    nn.yield %4 : tensor<?x4xf32>
  } else {
  ^bb0(%a: tensor<?x4xf32>):
    %4 = nn.sigmoid %a : tensor<?x4xf32>
    nn.yield %4 : tensor<?x4xf32>
  }
  %5 = nn.reduce_mean %3 : tensor<?x4xf32>
  return %5 : tensor<f32>
}

func.func @rnn_grad(%h: tensor<?x4xf32>, %w: tensor<4x4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>, tensor<?x4xf32>, tensor<4x4xf32>) {
  %yes = nn.constant dense<true> : tensor<i1>
  %no = nn.constant dense<false> : tensor<i1>
  %0:2 = nn.grad @rnn_loss(%yes, %h, %w) {wrt = array<i64: 1, 2>} : (tensor<i1>, tensor<?x4xf32>, tensor<4x4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>)
  %1:2 = nn.grad @rnn_loss(%no, %h, %w) {wrt = array<i64: 1, 2>} : (tensor<i1>, tensor<?x4xf32>, tensor<4x4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>)
  return %0#0, %0#1, %1#0, %1#1 : tensor<?x4xf32>, tensor<4x4xf32>, tensor<?x4xf32>, tensor<4x4xf32>
}

// Bounds near the i64 limits: two iterations, whose induction values are
// returned; the loop variable must not overflow.
func.func @for_extreme_bounds(%x: tensor<2xf32>) -> (tensor<i64>, tensor<i64>) {
  %zero = nn.constant dense<0> : tensor<i64>
  %0:2 = nn.for 9223372036854775000 to 9223372036854775807 step 500 (%zero, %zero) : (tensor<i64>, tensor<i64>) -> (tensor<i64>, tensor<i64>) {
  ^bb0(%i: tensor<i64>, %first: tensor<i64>, %last: tensor<i64>):
    %z = nn.constant dense<0> : tensor<i64>
    %unset = nn.compare eq, %first, %z : tensor<i64>, tensor<i64>
    %f = nn.select %unset, %i, %first : tensor<i1>, tensor<i64>, tensor<i64>
    nn.yield %f, %i : tensor<i64>, tensor<i64>
  }
  return %0#0, %0#1 : tensor<i64>, tensor<i64>
}
