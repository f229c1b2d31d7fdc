// The persistent compile cache (docs/CompileCache.md) through nn-run: the
// first run compiles and stores the object code, the next ones link it;
// each must compute the same. The function calls into each runtime library
// (libomp for the matmul's threads, memrefCopy for the concatenation, the
// float16 utilities for bf16), whose symbols the cached object needs too.

// RUN: rm -rf %t && mkdir -p %t
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefixes=COLD,RESULT
// COLD: nn: compile cache: miss [[KEY:[0-9a-f]{32}]]
// COLD: nn: compile cache: stored [[KEY]]
// RUN: ls %t/cache | FileCheck %s --check-prefix=FILES
// FILES: {{^[0-9a-f]{32}\.nnobj$}}
// FILES-NOT: {{.}}

// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefixes=WARM,RESULT
// WARM: nn: compile cache: hit {{[0-9a-f]+}}
// WARM-NOT: stored

// Other options, another entry.
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 nn-run %s --num-threads=1 \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefixes=COLD,RESULT

// A corrupt entry is reported, never linked, and rebuilt.
// RUN: rm -rf %t/cache && env NN_CACHE_DIR=%t/cache nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4"
// RUN: %python -c "import glob; p = glob.glob('%t/cache/*.nnobj')[0]; \
// RUN:   b = bytearray(open(p, 'rb').read()); b[len(b) // 2] ^= 1; \
// RUN:   open(p, 'wb').write(b)"
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefixes=CORRUPT,RESULT
// CORRUPT: nn: warning: compile cache '{{.*}}cache': ignoring entry [[KEY:[0-9a-f]{32}]].nnobj: checksum mismatch (the file is corrupt); compiling again
// CORRUPT: nn: compile cache: miss [[KEY]] (a bad entry)
// CORRUPT: nn: compile cache: stored [[KEY]]
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefixes=WARM,RESULT

// A directory that cannot be made: one warning, and the run goes on.
// RUN: env NN_CACHE_DIR=%s/cache nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefixes=UNUSABLE,RESULT
// UNUSABLE: nn: warning: compile cache '{{.*}}compile-cache.mlir/cache': {{.*}}; compiling without the cache
// UNUSABLE-NOT: warning

// MLIR's pass options need a compile: nn-run leaves the cache alone.
// RUN: env NN_CACHE_DIR=%t/cache NN_CACHE_LOG=1 nn-run %s --mlir-timing \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefix=BYPASS
// BYPASS-NOT: compile cache
// BYPASS: Execution time report
// BYPASS-NOT: compile cache

// NN_CACHE_DIR=off: no cache.
// RUN: env NN_CACHE_DIR=off NN_CACHE_LOG=1 nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefixes=OFF,RESULT
// OFF-NOT: compile cache

// Two processes compiling the same module at once: both succeed, one whole
// entry remains, and it links.
// RUN: env NN_CACHE_DIR=%t/both %python %S/Inputs/run-at-once.py nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   | FileCheck %s --check-prefixes=RESULT,TWICE
// RUN: ls %t/both | FileCheck %s --check-prefix=FILES
// RUN: env NN_CACHE_DIR=%t/both NN_CACHE_LOG=1 nn-run %s \
// RUN:   --input="2x4xf32=1 2 3 4 5 6 7 8.01" --input="2x2xf32=-1 -2 -3 -4" \
// RUN:   2>&1 | FileCheck %s --check-prefixes=WARM,RESULT

// Every run's results, after what the cache says on stderr (unbuffered, so
// first); the second process's after the first's.
// RESULT: 2x3xf32=[0.75 -1.25 4.25][4.2512503 -4.255 9.255]
// RESULT-NEXT: 2x6xf32=[1 2 3 4 -1 -2][5 6 7 8.01 -3 -4]
// RESULT-NEXT: 2x4xbf16=[1 2 3 4][5 6 7 8]
// TWICE: 2x3xf32=[0.75 -1.25 4.25][4.2512503 -4.255 9.255]

func.func @step(%x: tensor<?x4xf32>, %y: tensor<?x2xf32>)
    -> (tensor<?x3xf32>, tensor<?x6xf32>, tensor<?x4xbf16>) {
  %w = nn.constant dense<[[0.5, -1.0, 0.25], [1.0, 0.5, -0.5], [-0.75, 0.25, 1.0], [0.125, -0.5, 0.5]]> : tensor<4x3xf32>
  %h = nn.matmul %x, %w : tensor<?x4xf32>, tensor<4x3xf32>
  %c = nn.concat %x, %y {axis = 1 : i64} : tensor<?x4xf32>, tensor<?x2xf32>
  %b = nn.cast %x : tensor<?x4xf32> to tensor<?x4xbf16>
  return %h, %c, %b : tensor<?x3xf32>, tensor<?x6xf32>, tensor<?x4xbf16>
}
