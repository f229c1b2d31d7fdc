// A function with a dynamic batch dimension runs at any batch size: 1, 7 and
// 129 rows here (the last from a .npy file, compared with .npy files of
// expected results). Expected values computed with NumPy.

// RUN: nn-run --device=ref %s --function=mlp --input="1x4xf32=1.5 0.5 0 -1" \
// RUN:   --expected_output="1x3xf32=[0.6299152 0.18504243 0.18504243]" \
// RUN:   --expected_output="1xi64=[0]" \
// RUN:   --expected_output="4xf32=[1.5 0.5 0 -1]" \
// RUN:   --expected_output="2xf32=[2 -1]" \
// RUN:   | FileCheck %s --check-prefix=ONE
// ONE:      1x3xf32=[0.6299152 0.18504243 0.18504243]{{$}}
// ONE-NEXT: 1xi64=[0]{{$}}

// RUN: nn-run --device=ref %s --function=mlp \
// RUN:   --input="7x4xf32=[-0.75 -2 -1.75 -2][-1.5 1.25 0.75 1.75][0 0.5 2 1][0.5 0.25 0.25 1.75][-1 1.25 0.75 -2][-0.5 1.5 0.25 -2][1.25 1 1.5 -1.5]" \
// RUN:   --expected_output="7x3xf32=[0.32060817 0.3587837 0.32060817][0.17794909 0.47473058 0.34732032][0.06730211 0.07075276 0.86194515][0.26712248 0.14208952 0.590788][0.066249244 0.86993986 0.0638109][0.211791 0.70317084 0.08503815][0.29789308 0.23491755 0.46718937]" \
// RUN:   --expected_output="7xi64=[1 1 2 2 1 1 2]" \
// RUN:   --expected_output="4xf32=[-0.2857143 0.53571427 0.53571427 -0.42857143]" \
// RUN:   --expected_output="2xf32=[1.75 0.75]" \
// RUN:   | FileCheck %s --check-prefix=SEVEN
// SEVEN: 7x3xf32=
// SEVEN: 7xi64=[1 1 2 2 1 1 2]{{$}}

// RUN: nn-run --device=ref %s --function=mlp --input=@%S/Inputs/batch-129.npy \
// RUN:   --expected_output=@%S/Inputs/batch-129-expected-0.npy \
// RUN:   --expected_output=@%S/Inputs/batch-129-expected-1.npy \
// RUN:   --expected_output="4xf32=[0.15116279 0.14728682 -0.11627907 0.15891473]" \
// RUN:   --expected_output="2xf32=[38.5 5.5]" \
// RUN:   | FileCheck %s --check-prefix=BIG
// BIG: 129x3xf32=
// BIG: 129xi64=

// The same batch of 129 through .npy outputs, compared in a second run.
// RUN: nn-run --device=ref %s --function=mlp --input=@%S/Inputs/batch-129.npy \
// RUN:   --output=@%t.probs.npy --output=@%t.classes.npy
// RUN: nn-run --device=ref %s --function=same --input=@%t.probs.npy --input=@%S/Inputs/batch-129-expected-0.npy \
// RUN:   --input=@%t.classes.npy --input=@%S/Inputs/batch-129-expected-1.npy \
// RUN:   --expected_output="i1=1" --expected_output="i1=1"

func.func @mlp(%x: tensor<?x4xf32>) -> (tensor<?x3xf32>, tensor<?xi64>, tensor<4xf32>, tensor<2xf32>) {
  %w = nn.constant dense<[[0.5, -1.0, 0.25], [1.0, 0.5, -0.5], [-0.75, 0.25, 1.0], [0.125, -0.5, 0.5]]> : tensor<4x3xf32>
  %b = nn.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
  %0 = nn.matmul %x, %w : tensor<?x4xf32>, tensor<4x3xf32>
  %1 = nn.add %0, %b : tensor<?x3xf32>, tensor<3xf32>
  %2 = nn.relu %1 : tensor<?x3xf32>
  %3 = nn.softmax %2 : tensor<?x3xf32>
  %4 = nn.argmax %3 {axis = 1 : i64} : tensor<?x3xf32>
  %5 = nn.reduce_mean %x {axes = array<i64: 0>} : tensor<?x4xf32>
  %6 = nn.reshape %x : tensor<?x4xf32> to tensor<?x2x2xf32>
  %7 = nn.reduce_sum %6 {axes = array<i64: 0, 2>} : tensor<?x2x2xf32>
  return %3, %4, %5, %7 : tensor<?x3xf32>, tensor<?xi64>, tensor<4xf32>, tensor<2xf32>
}

// Whether two float tensors agree within 1e-5 everywhere and two integer
// tensors are equal.
func.func @same(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>, %c: tensor<?xi64>, %d: tensor<?xi64>) -> (tensor<i1>, tensor<i1>) {
  %eps = nn.constant dense<1.0e-5> : tensor<f32>
  %0 = nn.sub %a, %b : tensor<?x3xf32>, tensor<?x3xf32>
  %1 = nn.abs %0 : tensor<?x3xf32>
  %2 = nn.reduce_max %1 : tensor<?x3xf32>
  %3 = nn.compare le, %2, %eps : tensor<f32>, tensor<f32>
  %4 = nn.compare eq, %c, %d : tensor<?xi64>, tensor<?xi64>
  %5 = nn.cast %4 : tensor<?xi1> to tensor<?xi32>
  %6 = nn.reduce_min %5 : tensor<?xi32>
  %7 = nn.cast %6 : tensor<i32> to tensor<i1>
  return %3, %7 : tensor<i1>, tensor<i1>
}
