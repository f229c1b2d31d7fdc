// nn.random_uniform and nn.random_normal on the reference interpreter.

// The numbers are part of the contract: every backend must give exactly
// these. They were computed offline by an independent Python Philox4x32-10
// (checked against the Random123 known-answer vectors): key = the seed,
// counter = the row-major element index, u = (word0:word1 >> 11) * 2^-53,
// uniform = low + (high - low) * u, normal = Box-Muller of words 0:1 and 2:3.
// RUN: nn-run --device=ref %s --function=golden --input=i64=7 \
// RUN:   --expected_output="2x3xf32=[2.7729857 0.034802023 -1.9696244][-0.049004648 -0.55035686 -0.30693522]" \
// RUN:   --expected_output="4xf32=[10.93694 10.2411585 10.019562 10.297904]" \
// RUN:   --expected_output="4xf16=[0.9546 0.407 0.006077 0.3901]" \
// RUN:   --expected_f32_threshold=1e-6
func.func @golden(%seed: tensor<i64>) -> (tensor<2x3xf32>, tensor<4xf32>, tensor<4xf16>) {
  %0 = nn.random_uniform %seed {low = -2.0, high = 3.0} : tensor<2x3xf32>
  %1 = nn.random_normal %seed {mean = 10.0, stddev = 0.5} : tensor<4xf32>
  %2 = nn.random_uniform %seed : tensor<4xf16>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4xf32>, tensor<4xf16>
}

// The same seed twice in one function gives the same numbers, and so do two
// runs; a different seed gives different ones.
// RUN: nn-run --device=ref %s --function=twice --input=i64=42 | FileCheck %s --check-prefix=TWICE
// TWICE: 8xf32=[[[VALUES:.*]]]
// TWICE-NEXT: 8xf32=[[[VALUES]]]
// TWICE-NEXT: 3x2xf32=[[[NORMAL:.*]]]
// TWICE-NEXT: 3x2xf32=[[[NORMAL]]]
// RUN: nn-run --device=ref %s --function=twice --input=i64=42 > %t.42a
// RUN: nn-run --device=ref %s --function=twice --input=i64=42 > %t.42b
// RUN: nn-run --device=ref %s --function=twice --input=i64=43 > %t.43
// RUN: diff %t.42a %t.42b
// RUN: not diff %t.42a %t.43
func.func @twice(%seed: tensor<i64>) -> (tensor<8xf32>, tensor<8xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %0 = nn.random_uniform %seed : tensor<8xf32>
  %1 = nn.random_uniform %seed : tensor<8xf32>
  %2 = nn.random_normal %seed : tensor<3x2xf32>
  %3 = nn.random_normal %seed : tensor<3x2xf32>
  return %0, %1, %2, %3 : tensor<8xf32>, tensor<8xf32>, tensor<3x2xf32>, tensor<3x2xf32>
}

// 10000 draws stay in [low, high). In bf16 and f16, 23 and 4 of the draws
// for seed 5 round up to `high`; they must be kept below it, at the largest
// value under it. Negative seeds are as good as any.
// RUN: nn-run --device=ref %s --function=in_range --input=i64=5 \
// RUN:   --expected_output=i1=1 --expected_output=i1=1 \
// RUN:   --expected_output=bf16=0.99609375 --expected_output=f16=0.99951171875 \
// RUN:   --expected_f32_threshold=0
// RUN: nn-run --device=ref %s --function=in_range --input=i64=-9000000000 \
// RUN:   --expected_output=i1=1 --expected_output=i1=1 \
// RUN:   --expected_output=bf16=0.99609375 --expected_output=f16=0.99951171875 \
// RUN:   --expected_f32_threshold=0
func.func @in_range(%seed: tensor<i64>) -> (tensor<i1>, tensor<i1>, tensor<bf16>, tensor<f16>) {
  %low = nn.constant dense<-1.0> : tensor<f32>
  %high = nn.constant dense<4.0> : tensor<f32>
  %r = nn.random_uniform %seed {low = -1.0, high = 4.0} : tensor<10000xf32>
  %min = nn.reduce_min %r : tensor<10000xf32>
  %max = nn.reduce_max %r : tensor<10000xf32>
  %0 = nn.compare ge, %min, %low : tensor<f32>, tensor<f32>
  %1 = nn.compare lt, %max, %high : tensor<f32>, tensor<f32>
  %b = nn.random_uniform %seed : tensor<10000xbf16>
  %2 = nn.reduce_max %b : tensor<10000xbf16>
  %h = nn.random_uniform %seed : tensor<10000xf16>
  %3 = nn.reduce_max %h : tensor<10000xf16>
  return %0, %1, %2, %3 : tensor<i1>, tensor<i1>, tensor<bf16>, tensor<f16>
}

// 10000 draws have about the requested moments: the uniform mean is within
// 0.02 of 0.5 (7 standard errors), the normal mean and standard deviation
// within 0.02 of 10 and 0.5 (4 and 5 standard errors). The results are the
// differences, so that the threshold is absolute.
// RUN: nn-run --device=ref %s --function=moments --input=i64=1234 \
// RUN:   --expected_output=f32=0 --expected_output=f32=0 --expected_output=f32=0 \
// RUN:   --expected_f32_threshold=0.02
func.func @moments(%seed: tensor<i64>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %half = nn.constant dense<0.5> : tensor<f32>
  %ten = nn.constant dense<10.0> : tensor<f32>
  %u = nn.random_uniform %seed : tensor<10000xf32>
  %umean = nn.reduce_mean %u : tensor<10000xf32>
  %0 = nn.sub %umean, %half : tensor<f32>, tensor<f32>
  %r = nn.random_normal %seed {mean = 10.0, stddev = 0.5} : tensor<10000xf32>
  %mean = nn.reduce_mean %r : tensor<10000xf32>
  %1 = nn.sub %mean, %ten : tensor<f32>, tensor<f32>
  %d = nn.sub %r, %mean : tensor<10000xf32>, tensor<f32>
  %d2 = nn.mul %d, %d : tensor<10000xf32>, tensor<10000xf32>
  %var = nn.reduce_mean %d2 : tensor<10000xf32>
  %std = nn.sqrt %var : tensor<f32>
  %2 = nn.sub %std, %half : tensor<f32>, tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<f32>
}

// Dynamic result dimensions come from index operands, in order. The numbers
// depend only on the seed and the element index, so the first row of a 2x3
// draw equals a 1x3 draw.
// RUN: nn-run --device=ref %s --function=dynamic --input=i64=7 --input=i64=2 | FileCheck %s --check-prefix=DYN2
// DYN2: 2x3xf32=[2.7729857 0.034802023 -1.9696244][-0.049004648 -0.55035686 -0.30693522]
// RUN: nn-run --device=ref %s --function=dynamic --input=i64=7 --input=i64=1 | FileCheck %s --check-prefix=DYN1
// DYN1: 1x3xf32=[2.7729857 0.034802023 -1.9696244]{{$}}
// RUN: nn-run --device=ref %s --function=dynamic --input=i64=7 --input=i64=0 | FileCheck %s --check-prefix=DYN0
// DYN0: 0x3xf32=[]{{$}}
func.func @dynamic(%seed: tensor<i64>, %n: index) -> tensor<?x3xf32> {
  %0 = nn.random_uniform %seed[%n] {low = -2.0, high = 3.0} : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
