// What nn-run prints and writes: the result format, --output,
// --expected_output, --expected_f32_threshold and --benchmark.

// One result a line, in order, in the input grammar: brackets around every
// dimension but the first, shortest float spellings, i1 as 0 / 1; nothing
// else on stdout.
// RUN: nn-run --device=ref %s --function=several --input="2x3xf32=[1 2 3][4 5 6]" | FileCheck %s --check-prefix=PRINT
// PRINT:      2x3xf32=[1 2 3][4 5 6]{{$}}
// PRINT-NEXT: f32=21{{$}}
// PRINT-NEXT: 2x1x3xf32={{\[\[}}0.1 0.2 0.3]]{{\[\[}}0.4 0.5 0.6]]{{$}}
// PRINT-NEXT: 3xi64=[1 1 1]{{$}}
// PRINT-NEXT: 2x3xi1=[0 0 0][1 1 1]{{$}}
// PRINT-NOT: {{.}}
func.func @several(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<f32>, tensor<2x1x3xf32>, tensor<3xi64>, tensor<2x3xi1>) {
  %ten = nn.constant dense<10.0> : tensor<f32>
  %three = nn.constant dense<3.5> : tensor<f32>
  %0 = nn.reduce_sum %x : tensor<2x3xf32>
  %1 = nn.div %x, %ten : tensor<2x3xf32>, tensor<f32>
  %2 = nn.reshape %1 : tensor<2x3xf32> to tensor<2x1x3xf32>
  %3 = nn.argmax %x {axis = 0 : i64} : tensor<2x3xf32>
  %4 = nn.compare gt, %x, %three : tensor<2x3xf32>, tensor<f32>
  return %x, %0, %2, %3, %4 : tensor<2x3xf32>, tensor<f32>, tensor<2x1x3xf32>, tensor<3xi64>, tensor<2x3xi1>
}

// --output=@path.npy writes the N-th result instead of printing it; the rest
// still print, in order. The file reads back through a second function.
// RUN: rm -f %t.sum.npy %t.x.npy
// RUN: nn-run --device=ref %s --function=several --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --output=@%t.x.npy --output=@%t.sum.npy | FileCheck %s --check-prefix=OUT
// OUT-NOT: 2x3xf32=
// OUT-NOT: f32=21
// OUT:      2x1x3xf32={{\[\[}}0.1 0.2 0.3]]{{\[\[}}0.4 0.5 0.6]]{{$}}
// OUT-NEXT: 3xi64=[1 1 1]{{$}}
// OUT-NEXT: 2x3xi1=[0 0 0][1 1 1]{{$}}
// OUT-NOT: {{.}}
// RUN: nn-run --device=ref %s --function=read_back --input=@%t.x.npy --input=@%t.sum.npy \
// RUN:   --expected_output="2x3xf32=[1 2 3][4 5 6]" --expected_output="f32=21"
func.func @read_back(%x: tensor<2x3xf32>, %s: tensor<f32>) -> (tensor<2x3xf32>, tensor<f32>) {
  return %x, %s : tensor<2x3xf32>, tensor<f32>
}

// A bf16 result has no .npy dtype: an error, not a wrong file.
// RUN: not nn-run --device=ref %s --function=bf16 --output=@%t.bf16.npy 2>&1 | FileCheck %s --check-prefix=BF16NPY
// BF16NPY: nn-run: error: cannot write 2xbf16 as .npy: bf16 has no NumPy dtype
func.func @bf16() -> tensor<2xbf16> {
  %0 = nn.constant dense<1.5> : tensor<2xbf16>
  return %0 : tensor<2xbf16>
}

// --output needs the @, and a directory that exists; at most one per result.
// RUN: not nn-run --device=ref %s --function=several --input="2x3xf32=1" --output=%t.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOAT
// NOAT: nn-run: error: --output must be @path.npy, got '{{.*}}.npy'
// RUN: not nn-run --device=ref %s --function=read_back --input="2x3xf32=1" --input=f32=1 --output=@%t.missing-dir/out.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NODIR
// NODIR: nn-run: error: cannot write '{{.*}}missing-dir/out.npy': No such file or directory
// RUN: not nn-run --device=ref %s --function=bf16 --output=@%t.a.npy --output=@%t.b.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TOOMANYOUT
// TOOMANYOUT: nn-run: error: 2 --output flags for 1 results
// Flag mistakes are reported before the function runs (which would fail here
// with a division by zero) and before anything is printed.
// RUN: not nn-run --device=ref %s --function=div_by_zero --output=@%t.a.npy --output=@%t.b.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EARLY1
// EARLY1: nn-run: error: 2 --output flags for 1 results
// RUN: not nn-run --device=ref %s --function=div_by_zero --expected_output=i32=1 --expected_output=i32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EARLY2
// EARLY2: nn-run: error: 2 --expected_output flags for 1 results
// RUN: not nn-run --device=ref %s --function=div_by_zero --output=out.npy 2>&1 | FileCheck %s --check-prefix=EARLY3
// EARLY3: nn-run: error: --output must be @path.npy, got 'out.npy'
// RUN: not nn-run --device=ref %s --function=div_by_zero --output=@ 2>&1 | FileCheck %s --check-prefix=EARLY4
// EARLY4: nn-run: error: --output must be @path.npy, got '@'
// RUN: not nn-run --device=ref %s --function=div_by_zero 2>&1 | FileCheck %s --check-prefix=LATE
// LATE: nn-run: error: {{.*}}output.mlir:[[@LINE+4]]:8: 'nn.div' op integer division by zero
func.func @div_by_zero() -> tensor<i32> {
  %one = nn.constant dense<1> : tensor<i32>
  %zero = nn.constant dense<0> : tensor<i32>
  %0 = nn.div %one, %zero : tensor<i32>, tensor<i32>
  return %0 : tensor<i32>
}

// --expected_output: success prints the results and exits 0.
// RUN: nn-run --device=ref %s --function=several --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --expected_output="2x3xf32=1 2 3 4 5 6" --expected_output="f32=21" \
// RUN:   --expected_output="2x1x3xf32=0.1 0.2 0.3 0.4 0.5 0.6" \
// RUN:   --expected_output="3xi64=1" --expected_output="2x3xi1=0 0 0 1 1 1" \
// RUN:   | FileCheck %s --check-prefix=PRINT

// A mismatch names the result, the first differing index and both values,
// and exits with status 1 exactly.
// RUN: not nn-run --device=ref %s --function=several --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --expected_output="2x3xf32=1 2 3 4 5 6" --expected_output="f32=21" \
// RUN:   --expected_output="2x1x3xf32=0.1 0.2 0.3 0.4 0.75 0.6" \
// RUN:   --expected_output="3xi64=1" --expected_output="2x3xi1=0 0 0 1 1 1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: nn-run: error: result 2 differs: element [1, 0, 1]: expected 0.75 but got 0.5 (1 of 6 elements differ)
// RUN: not nn-run --device=ref %s --function=several --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --expected_output="2x3xf32=1 2 3 4 5 6" --expected_output="f32=21" \
// RUN:   --expected_output="2x1x3xf32=0.1 0.2 0.3 0.4 0.5 0.6" \
// RUN:   --expected_output="3xi64=1 0 1" --expected_output="2x3xi1=0 0 0 1 1 1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISMATCH-INT
// MISMATCH-INT: nn-run: error: result 3 differs: element [1]: expected 0 but got 1 (1 of 3 elements differ)
// RUN: not nn-run --device=ref %s --function=several --input="2x3xf32=[1 2 3][4 5 6]" \
// RUN:   --expected_output="2x3xf32=1 2 3 4 5 6" --expected_output="f32=21" \
// RUN:   --expected_output="2x1x3xf32=0.1 0.2 0.3 0.4 0.5 0.6" \
// RUN:   --expected_output="3xi64=1" --expected_output="3x2xi1=0 0 0 1 1 1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISMATCH-TYPE
// MISMATCH-TYPE: nn-run: error: result 4 differs: type mismatch: expected 3x2xi1 but got 2x3xi1
// RUN: not nn-run --device=ref %s --function=read_back --input="2x3xf32=1" --input="f32=nan" \
// RUN:   --expected_output="2x3xf32=1" --expected_output="f32=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISMATCH-NAN
// MISMATCH-NAN: nn-run: error: result 1 differs: element []: expected 1 but got nan
// RUN: %python -c "import subprocess, sys; sys.exit(subprocess.run([r'nn-run', r'%s', '--function=read_back', '--input=2x3xf32=1', '--input=f32=2', '--expected_output=2x3xf32=1', '--expected_output=f32=3'], capture_output=True).returncode != 1)"

// Too many or too few --expected_output flags, or a malformed one, are errors
// too (found before the function runs).
// RUN: not nn-run --device=ref %s --function=read_back --input="2x3xf32=1" --input="f32=2" \
// RUN:   --expected_output="2x3xf32=1" 2>&1 | FileCheck %s --check-prefix=EXPCOUNT
// EXPCOUNT: nn-run: error: 1 --expected_output flags for 2 results
// RUN: not nn-run --device=ref %s --function=read_back --input="2x3xf32=1" --input="f32=2" \
// RUN:   --expected_output="2x3xf32=1" --expected_output="f32=x" 2>&1 | FileCheck %s --check-prefix=EXPBAD
// EXPBAD: nn-run: error: --expected_output #1 ('f32=x'): bad f32 value #1 'x': not a number
// EXPBAD-NOT: f32=

// --expected_f32_threshold: |actual - expected| <= T * (1 + |expected|).
// The default is 1e-4: 100.01 passes for 100 (0.01 <= 0.0101), 100.02 fails.
// RUN: nn-run --device=ref %s --function=read_back --input="2x3xf32=100" --input="f32=0" \
// RUN:   --expected_output="2x3xf32=100.01" --expected_output="f32=0.0001"
// RUN: not nn-run --device=ref %s --function=read_back --input="2x3xf32=100" --input="f32=0" \
// RUN:   --expected_output="2x3xf32=100.02" --expected_output="f32=0" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=THRESHOLD
// THRESHOLD: nn-run: error: result 0 differs: element [0, 0]: expected 100.02 but got 100 (6 of 6 elements differ)
// RUN: nn-run --device=ref %s --function=read_back --input="2x3xf32=100" --input="f32=0" \
// RUN:   --expected_output="2x3xf32=101" --expected_output="f32=0.01" --expected_f32_threshold=0.01
// RUN: not nn-run --device=ref %s --function=read_back --input="2x3xf32=100" --input="f32=0" \
// RUN:   --expected_output="2x3xf32=102.1" --expected_output="f32=0" --expected_f32_threshold=0.01 2>&1 \
// RUN:   | FileCheck %s --check-prefix=THRESHOLD2
// THRESHOLD2: nn-run: error: result 0 differs: element [0, 0]: expected 102.1 but got 100
// Zero means exact; integers are always exact.
// RUN: not nn-run --device=ref %s --function=read_back --input="2x3xf32=1" --input="f32=0" \
// RUN:   --expected_output="2x3xf32=1.0000001" --expected_output="f32=0" --expected_f32_threshold=0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXACT
// EXACT: nn-run: error: result 0 differs: element [0, 0]: expected 1.0000001 but got 1
// RUN: not nn-run --device=ref %s --function=read_back --input="2x3xf32=1" --input="f32=0" \
// RUN:   --expected_output="2x3xf32=1" --expected_output="f32=0" --expected_f32_threshold=-1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NEGTHRESHOLD
// NEGTHRESHOLD: nn-run: error: --expected_f32_threshold must be >= 0, got -1{{$}}

// --benchmark=N prints one line after the results.
// RUN: nn-run --device=ref %s --function=several --input="2x3xf32=[1 2 3][4 5 6]" --benchmark=3 \
// RUN:   | FileCheck %s --check-prefix=BENCH
// BENCH:      2x3xf32=[1 2 3][4 5 6]{{$}}
// BENCH-NEXT: f32=21{{$}}
// BENCH-NEXT: 2x1x3xf32=
// BENCH-NEXT: 3xi64=
// BENCH-NEXT: 2x3xi1=
// BENCH-NEXT: {{^}}benchmark: 3 runs, median {{[0-9]+\.[0-9]+}} ms, min {{[0-9]+\.[0-9]+}} ms, max {{[0-9]+\.[0-9]+}} ms{{$}}
// BENCH-NOT: {{.}}
// With --output and --expected_output too, and with one run.
// RUN: nn-run --device=ref %s --function=read_back --input="2x3xf32=1" --input="f32=2" --benchmark=1 \
// RUN:   --output=@%t.bench.npy --expected_output="2x3xf32=1" --expected_output="f32=2" \
// RUN:   | FileCheck %s --check-prefix=BENCH1
// BENCH1:      {{^}}f32=2{{$}}
// BENCH1-NEXT: {{^}}benchmark: 1 runs, median {{[0-9.]+}} ms, min {{[0-9.]+}} ms, max {{[0-9.]+}} ms{{$}}
// No --benchmark, or --benchmark=0: no line.
// RUN: nn-run --device=ref %s --function=read_back --input="2x3xf32=1" --input="f32=2" --benchmark=0 \
// RUN:   | FileCheck %s --check-prefix=NOBENCH
// NOBENCH-NOT: benchmark
// RUN: not nn-run --device=ref %s --function=read_back --benchmark=-2 2>&1 | FileCheck %s --check-prefix=BADBENCH
// BADBENCH: nn-run: error: --benchmark must be >= 0
