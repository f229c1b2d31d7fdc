// nn.constant (dense, splat, dense_resource), func.call and nn.fusion on the
// reference interpreter.

// Dense and splat constants of every element type, and a dense_resource
// blob (4 alignment bytes, then 1.0 2.0 3.0 4.0 as little-endian floats).
// RUN: nn-run --device=ref %s --function=constants | FileCheck %s --check-prefix=CONST
// CONST:      4xf32=[1 2 3 4]{{$}}
// CONST-NEXT: 2x2xf32=[1.5 -2][0 4.25]{{$}}
// CONST-NEXT: 2x3xf32=[0.25 0.25 0.25][0.25 0.25 0.25]{{$}}
// CONST-NEXT: 3xbf16=[0.1 0.1 0.1]{{$}}
// CONST-NEXT: 2xf16=[0.1 65504]{{$}}
// CONST-NEXT: f64=0.1{{$}}
// CONST-NEXT: 3xi1=[1 0 1]{{$}}
// CONST-NEXT: 2x2xi32=[7 -7][2147483647 -2147483648]{{$}}
// CONST-NEXT: 3xi64=[9007199254740993 -1 0]{{$}}
// CONST-NEXT: 2xi64=[3 3]{{$}}
// CONST-NOT: {{.}}
// The same through --expected_output; bf16 0.1 is 0.10009765625 exactly.
// RUN: nn-run --device=ref %s --function=constants --expected_f32_threshold=0 \
// RUN:   --expected_output="4xf32=1 2 3 4" \
// RUN:   --expected_output="2x2xf32=[1.5 -2][0 4.25]" \
// RUN:   --expected_output="2x3xf32=0.25" \
// RUN:   --expected_output="3xbf16=0.10009765625" \
// RUN:   --expected_output="2xf16=0.0999755859375 65504" \
// RUN:   --expected_output="f64=0.1" \
// RUN:   --expected_output="3xi1=true false true" \
// RUN:   --expected_output="2x2xi32=7 -7 2147483647 -2147483648" \
// RUN:   --expected_output="3xi64=9007199254740993 -1 0" \
// RUN:   --expected_output="2xi64=3"
func.func @constants() -> (tensor<4xf32>, tensor<2x2xf32>, tensor<2x3xf32>, tensor<3xbf16>, tensor<2xf16>, tensor<f64>, tensor<3xi1>, tensor<2x2xi32>, tensor<3xi64>, tensor<2xi64>) {
  %0 = nn.constant dense_resource<blob_f32> : tensor<4xf32>
  %1 = nn.constant dense<[[1.5, -2.0], [0.0, 4.25]]> : tensor<2x2xf32>
  %2 = nn.constant dense<0.25> : tensor<2x3xf32>
  %3 = nn.constant dense<0.1> : tensor<3xbf16>
  %4 = nn.constant dense<[0.1, 65504.0]> : tensor<2xf16>
  %5 = nn.constant dense<0.1> : tensor<f64>
  %6 = nn.constant dense<[true, false, true]> : tensor<3xi1>
  %7 = nn.constant dense<[[7, -7], [2147483647, -2147483648]]> : tensor<2x2xi32>
  %8 = nn.constant dense<[9007199254740993, -1, 0]> : tensor<3xi64>
  %9 = "nn.constant"() {value = dense<3> : tensor<2xi64>} : () -> tensor<2xi64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<4xf32>, tensor<2x2xf32>, tensor<2x3xf32>, tensor<3xbf16>, tensor<2xf16>, tensor<f64>, tensor<3xi1>, tensor<2x2xi32>, tensor<3xi64>, tensor<2xi64>
}

// Constants take part in computations like inputs do.
// RUN: nn-run --device=ref %s --function=affine --input="2x2xf32=1 2 3 4" \
// RUN:   --expected_output="2x2xf32=[3 2][5 4]"
func.func @affine(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = nn.constant dense<[[0.0, 1.0], [1.0, 0.0]]> : tensor<2x2xf32>
  %b = nn.constant dense_resource<blob_f32_2> : tensor<2xf32>
  %0 = nn.matmul %x, %w : tensor<2x2xf32>, tensor<2x2xf32>
  %1 = nn.add %0, %b : tensor<2x2xf32>, tensor<2xf32>
  return %1 : tensor<2x2xf32>
}

// func.call, nested two deep and with several results; private callees are
// fine. The callee sees the caller's run-time shapes.
// RUN: nn-run --device=ref %s --function=caller --input="2x3xf32=[1 -2 3][-4 5 -6]" \
// RUN:   --expected_output="2x3xf32=[2 0 6][0 10 0]" \
// RUN:   --expected_output="f32=18"
// RUN: nn-run --device=ref %s --function=caller --input="1x3xf32=[-1 1 2]" \
// RUN:   --expected_output="1x3xf32=[0 2 4]" \
// RUN:   --expected_output="f32=6"
func.func @caller(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<f32>) {
  %0:2 = func.call @double_relu_and_sum(%x) : (tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<f32>)
  return %0#0, %0#1 : tensor<?x3xf32>, tensor<f32>
}
func.func private @double_relu_and_sum(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<f32>) {
  %0 = func.call @double(%x) : (tensor<?x3xf32>) -> tensor<?x3xf32>
  %1 = nn.relu %0 : tensor<?x3xf32>
  %2 = nn.reduce_sum %1 : tensor<?x3xf32>
  return %1, %2 : tensor<?x3xf32>, tensor<f32>
}
func.func private @double(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nn.add %x, %x : tensor<?x3xf32>, tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// An error inside a callee names the op and the call site.
// RUN: not nn-run --device=ref %s --function=bad_caller --input="3xi32=1 2 3" --input="3xi32=1 0 1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CALLERR
// CALLERR: nn-run: error: {{.*}}constant-call-fusion.mlir:[[@LINE+7]]:8: 'nn.div' op integer division by zero
// CALLERR-NEXT: {{^}}  called from {{.*}}constant-call-fusion.mlir:[[@LINE+2]]:8
func.func @bad_caller(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
  %0 = func.call @divide(%a, %b) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}
func.func private @divide(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
  %0 = nn.div %a, %b : tensor<3xi32>, tensor<3xi32>
  return %0 : tensor<3xi32>
}

// nn.fusion bodies run like functions: operands become block arguments and
// nn.yield gives the results, several of them here.
// RUN: nn-run --device=ref %s --function=fusion --input="2x3xf32=[1 -2 3][-4 5 -6]" --input="3xf32=1 1 -10" \
// RUN:   --expected_output="2x3xf32=[2 0 0][0 6 0]" \
// RUN:   --expected_output="2xf32=[2 6]"
func.func @fusion(%x: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2xf32>) {
  %0 = nn.fusion "elementwise" (%x, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> {
  ^bb0(%a: tensor<2x3xf32>, %c: tensor<3xf32>):
    %1 = nn.add %a, %c : tensor<2x3xf32>, tensor<3xf32>
    %2 = nn.relu %1 : tensor<2x3xf32>
    nn.yield %2 : tensor<2x3xf32>
  }
  %3:2 = nn.fusion "reduction" (%0) : (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2xf32>) {
  ^bb0(%a: tensor<2x3xf32>):
    %4 = nn.reduce_max %a {axes = array<i64: 1>} : tensor<2x3xf32>
    nn.yield %a, %4 : tensor<2x3xf32>, tensor<2xf32>
  }
  return %3#0, %3#1 : tensor<2x3xf32>, tensor<2xf32>
}

// A softmax written out by hand inside a "reduction" fusion, with a dynamic
// batch, agrees with nn.softmax.
// RUN: nn-run --device=ref %s --function=fused_softmax --input="2x3xf32=[1 2 3][1000 1001 1002]" \
// RUN:   --expected_output="2x3xf32=[0.09003057 0.24472848 0.66524094][0.09003057 0.24472848 0.66524094]" \
// RUN:   --expected_output="2x3xf32=[0.09003057 0.24472848 0.66524094][0.09003057 0.24472848 0.66524094]"
func.func @fused_softmax(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  %0 = nn.fusion "reduction" (%x) : (tensor<?x3xf32>) -> tensor<?x3xf32> {
  ^bb0(%a: tensor<?x3xf32>):
    %m = nn.reduce_max %a {axes = array<i64: 1>, keep_dims = true} : tensor<?x3xf32>
    %s = nn.sub %a, %m : tensor<?x3xf32>, tensor<?x1xf32>
    %e = nn.exp %s : tensor<?x3xf32>
    %t = nn.reduce_sum %e {axes = array<i64: 1>, keep_dims = true} : tensor<?x3xf32>
    %r = nn.div %e, %t : tensor<?x3xf32>, tensor<?x1xf32>
    nn.yield %r : tensor<?x3xf32>
  }
  %1 = nn.softmax %x : tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob_f32: "0x040000000000803F000000400000404000008040",
      blob_f32_2: "0x040000000000803F0000803F"
    }
  }
#-}
