// A thread count far past the cores is an error before compiling (it used
// to abort inside libomp: OMP: Error #34).

// RUN: not nn-run %s --input=2xf32=1 --num-threads=100000 2>&1 | FileCheck %s
// RUN: not nn-run %s --input=2xf32=1 --num-threads=100000 --compile-to=llvm 2>&1 | FileCheck %s
// CHECK: nn-run: error: the number of threads must be at most {{[0-9]+}} (4 per core of this machine), got 100000

// RUN: nn-run %s --input=2xf32=1 --num-threads=2 | FileCheck %s --check-prefix=OK
// OK: 2xf32=[2.7182817 2.7182817]

func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = nn.exp %x : tensor<2xf32>
  return %y : tensor<2xf32>
}
