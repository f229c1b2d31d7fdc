// Every error nn-run reports: a message naming the problem on stderr and a
// non-zero exit, never a crash (`not` fails on a crash too). Malformed input
// SPECs and files are in spec-errors.mlir.

// The file: missing, unparsable (with the location), failing the verifier.
// RUN: not nn-run --device=ref %t.does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: nn-run: error: cannot open input file '{{.*}}does-not-exist.mlir': No such file or directory
// RUN: not nn-run --device=ref %S/Inputs/parse-error.mlir 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: parse-error.mlir:4:14: error: expected non-function type
// RUN: not nn-run --device=ref %S/Inputs/verify-error.mlir --input=2x3xf32=1 --input=4x3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VERIFY
// VERIFY: verify-error.mlir:3:8: error: 'nn.add' op lhs of shape 2x3 and rhs of shape 4x3 are not broadcast compatible
// RUN: %python -c "import subprocess, sys; sys.exit(subprocess.run([r'nn-run', r'%S/Inputs/parse-error.mlir'], capture_output=True).returncode != 1)"

// The function: unknown, missing --function with several candidates, none to
// pick, a declaration without a body.
// RUN: not nn-run --device=ref %s --function=nope 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: nn-run: error: no function 'nope' with a body in {{.*}}errors.mlir (public functions: add, div, add_dynamic, pool)
// RUN: not nn-run --device=ref %s --input=2x3xf32=1 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=SEVERAL
// SEVERAL: nn-run: error: --function is required: {{.*}}errors.mlir has 4 public functions (add, div, add_dynamic, pool)
// RUN: not nn-run --device=ref %S/Inputs/no-functions.mlir 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: nn-run: error: {{.*}}no-functions.mlir has no public function with a body; name the function to run with --function
// RUN: not nn-run --device=ref %S/Inputs/no-functions.mlir --function=declared 2>&1 | FileCheck %s --check-prefix=DECL
// DECL: nn-run: error: no function 'declared' with a body in {{.*}}no-functions.mlir
// A private function runs when named.
// RUN: nn-run --device=ref %S/Inputs/no-functions.mlir --function=hidden --input="2xf32=1 2" | FileCheck %s --check-prefix=HIDDEN
// HIDDEN: 2xf32=[1 2]

// The inputs: too few, too many, wrong shape, rank or element type.
// RUN: not nn-run --device=ref %s --function=add --input=2x3xf32=1 2>&1 | FileCheck %s --check-prefix=FEW
// FEW: nn-run: error: function 'add' takes 2 inputs but 1 were given
// RUN: not nn-run --device=ref %s --function=add 2>&1 | FileCheck %s --check-prefix=NOINPUTS
// NOINPUTS: nn-run: error: function 'add' takes 2 inputs but 0 were given
// RUN: not nn-run --device=ref %s --function=add --input=2x3xf32=1 --input=3xf32=1 --input=3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MANY
// MANY: nn-run: error: function 'add' takes 2 inputs but 3 were given
// RUN: not nn-run --device=ref %s --function=add --input=2x3xf32=1 --input=4xf32=1 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: nn-run: error: input 1 of function 'add' must be tensor<3xf32> but is 4xf32
// RUN: not nn-run --device=ref %s --function=add --input=3xf32=1 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: nn-run: error: input 0 of function 'add' must be tensor<2x3xf32> but is 3xf32
// RUN: not nn-run --device=ref %s --function=add --input=2x3xf32=1 --input=3xf64=1 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: nn-run: error: input 1 of function 'add' must be tensor<3xf32> but is 3xf64
// RUN: not nn-run --device=ref %s --function=add --input=2x3xi32=1 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=DTYPE0
// DTYPE0: nn-run: error: input 0 of function 'add' must be tensor<2x3xf32> but is 2x3xi32
// A dynamic dimension takes any size, a static one only its own.
// RUN: not nn-run --device=ref %s --function=add_dynamic --input=2x4xf32=1 --input=4x3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DYNSTATIC
// DYNSTATIC: nn-run: error: input 0 of function 'add_dynamic' must be tensor<?x3xf32> but is 2x4xf32
func.func @add(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %a, %b : tensor<2x3xf32>, tensor<3xf32>
  return %0 : tensor<2x3xf32>
}

// Run-time errors name the op and its location. Integer division by zero:
// RUN: not nn-run --device=ref %s --function=div --input="3xi32=1 2 3" --input="3xi32=1 0 1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DIVZERO
// DIVZERO: nn-run: error: {{.*}}errors.mlir:[[@LINE+4]]:8: 'nn.div' op integer division by zero
// RUN: nn-run --device=ref %s --function=div --input="3xi32=1 2 3" --input="3xi32=1 -1 2" | FileCheck %s --check-prefix=DIVOK
// DIVOK: 3xi32=[1 -2 1]
func.func @div(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
  %0 = nn.div %a, %b : tensor<3xi32>, tensor<3xi32>
  return %0 : tensor<3xi32>
}

// A dynamic dimension that turns out incompatible: ?x3 + 4x3 verifies, but a
// 2x3 input does not broadcast against 4x3 (1x3 and 4x3 do).
// RUN: not nn-run --device=ref %s --function=add_dynamic --input=2x3xf32=1 --input=4x3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DYNSHAPE
// DYNSHAPE: nn-run: error: {{.*}}errors.mlir:[[@LINE+5]]:8: 'nn.add' op lhs of shape 2x3 and rhs of shape 4x3 are not broadcast compatible: 2 vs 4 at result dimension 0
// RUN: nn-run --device=ref %s --function=add_dynamic --input=1x3xf32=1 --input=4x3xf32=2 | FileCheck %s --check-prefix=DYNOK
// DYNOK: 4x3xf32=[3 3 3][3 3 3][3 3 3][3 3 3]
// RUN: nn-run --device=ref %s --function=add_dynamic --input=4x3xf32=1 --input=4x3xf32=2 | FileCheck %s --check-prefix=DYNOK
func.func @add_dynamic(%a: tensor<?x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = nn.add %a, %b : tensor<?x3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// Pooling an empty input with padding would make windows of padding alone.
// RUN: not nn-run --device=ref %s --function=pool --input=1x0x3x1xf32= 2>&1 | FileCheck %s --check-prefix=POOLEMPTY
// POOLEMPTY: nn-run: error: {{.*}}errors.mlir:[[@LINE+3]]:8: 'nn.avg_pool2d' op input of shape 1x0x3x1 is empty along dimension 1, so padding it would make windows of padding alone
// RUN: not nn-run --device=ref %s --function=pool --input=1x1x1x1xf32= 2>&1 | FileCheck %s --check-prefix=POOLFEW
func.func @pool(%x: tensor<1x?x?x1xf32>) -> tensor<1x?x?x1xf32> {
  %0 = nn.avg_pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x?x?x1xf32>
  return %0 : tensor<1x?x?x1xf32>
}
// POOLFEW: nn-run: error: --input #0 ('1x1x1x1xf32='): 1x1x1x1xf32 needs 1 value but 0 were given

// More run-time shape errors, one per kind of rule.
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=reshape --input=2x3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RESHAPE
// RESHAPE: nn-run: error: {{.*}}runtime-errors.mlir:3:8: 'nn.reshape' op cannot reshape 6 elements (operand of shape 2x3) to tensor<?x4xf32>
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=matmul --input=2x4xf32=1 --input=3x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MATMUL
// MATMUL: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:8: 'nn.matmul' op contracting dimensions differ: lhs of shape 2x4 has K = 4 but rhs of shape 3x2 has K = 3
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=argmax --input=2x0xf32= 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ARGMAX
// ARGMAX: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:8: 'nn.argmax' op has no maximum along an empty axis
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=slice --input=2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SLICE
// SLICE: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:8: 'nn.slice' op slice [1, 3) of dimension 0 is out of bounds for the operand of shape 2
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=broadcast_to --input=2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BCAST
// BCAST: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:8: 'nn.broadcast_to' op operand of shape 2 does not broadcast to 2x3
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=pool_grad --input=1x4x4x1xf32=1 --input=1x3x2x1xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=POOLGRAD
// POOLGRAD: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:8: 'nn.max_pool2d_grad' op grad of shape 1x3x2x1 does not match the forward result shape 1x2x2x1
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=random --input=i64=1 --input=i64=-3 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RANDOM
// RANDOM: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:8: 'nn.random_uniform' op dynamic size -3 is negative
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=missing_blob 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BLOB
// BLOB: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:8: dense_resource constant has no data (resource 'nowhere' is missing)
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=unsupported 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOINTERP
// NOINTERP: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:8: the interpreter does not support 'tensor.empty'
// RUN: not nn-run --device=ref %S/Inputs/runtime-errors.mlir --function=recurse --input=2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RECURSE
// RECURSE: nn-run: error: {{.*}}runtime-errors.mlir:{{[0-9]+}}:1: call depth exceeds 200 (recursive functions are not supported)
// RECURSE-NEXT: called from {{.*}}runtime-errors.mlir:{{[0-9]+}}:8

// The device: unknown names, and devices this build does not have.
// RUN: not nn-run --device=ref %s --function=add --input=2x3xf32=1 --input=3xf32=1 --device=tpu 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEVICE
// DEVICE: nn-run: error: unknown device 'tpu' (expected cpu, ref or cuda)
// RUN: not nn-run --device=ref %s --function=add --input=2x3xf32=1 --input=3xf32=1 --device= 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NODEVICE
// NODEVICE: nn-run: error: unknown device '' (expected cpu, ref or cuda)
// RUN: nn-run --device=ref %s --function=add --input=2x3xf32=1 --input=3xf32=1 --device=ref | FileCheck %s --check-prefix=REF
// REF: 2x3xf32=[2 2 2][2 2 2]

// Command-line mistakes are caught by the option parser.
// RUN: not nn-run 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: nn-run: Not enough positional command line arguments specified!
// RUN: not nn-run --device=ref %s --function=add --bogus-flag 2>&1 | FileCheck %s --check-prefix=BADFLAG
// BADFLAG: nn-run: Unknown command line argument '--bogus-flag'
// RUN: not nn-run --device=ref %s --function=add --benchmark=x 2>&1 | FileCheck %s --check-prefix=BADINT
// BADINT: nn-run: for the --benchmark option: 'x' value invalid for integer argument!
