//===- SgemmBench.cpp - nn.matmul against OpenBLAS cblas_sgemm ------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// bench-sgemm [--sizes=256,512,1024] [--samples=N]
//
// C = A B in f32 for square sizes: an nn.matmul function compiled with
// nn::rt::JitModule for 1 and for 2 threads against OpenBLAS cblas_sgemm
// at 1 and 2 threads, all in one process and one run, so that the ratios
// compare like with like. nn is called as the embedding API calls it: on
// the caller's buffers, with the shape check (cached after the first call)
// and the result allocation included.
//
// An identity function of the same signature gives the fixed cost of a
// call of that size (the check, and the result's allocation and copy).
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/JIT/JitModule.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace nn;
using namespace nn::bench;
namespace cl = llvm::cl;

static cl::opt<std::string> sizesFlag("sizes",
                                      cl::desc("Square sizes, comma-separated"),
                                      cl::init("256,512,1024"));
static cl::opt<int> samplesFlag("samples",
                                cl::desc("Samples per fast case (slow nn cases "
                                         "take fewer so that a run stays "
                                         "under two minutes)"),
                                cl::init(7));

namespace {

/// The nn side of one size: the matmul and an identity of the same
/// signature, compiled both ways.
std::string moduleText(int64_t n) {
  std::string type =
      "tensor<" + std::to_string(n) + "x" + std::to_string(n) + "xf32>";
  return "func.func @mm(%a: " + type + ", %b: " + type + ") -> " + type +
         " {\n  %c = nn.matmul %a, %b : " + type + ", " + type +
         "\n  return %c : " + type +
         "\n}\n"
         "func.func @id(%a: " +
         type + ", %b: " + type + ") -> " + type + " {\n  return %a : " + type +
         "\n}\n";
}

struct Row {
  int64_t n;
  Measurement nn1, nn2, id, blas1, blas2;
  double maxError;
};

double gflops(int64_t n, double seconds) {
  return 2.0 * n * n * n / seconds / 1e9;
}

Row runSize(int64_t n) {
  Row row;
  row.n = n;
  auto context = makeContext();
  auto module = parseModule(moduleText(n), *context);
  if (!module.ok())
    fail(module.status());
  auto kernel1 = RawKernel::compile(**module, 2, nullptr, false, 1);
  if (!kernel1.ok())
    fail(kernel1.status());
  auto kernel2 = RawKernel::compile(**module, 2, nullptr, false, 2);
  if (!kernel2.ok())
    fail(kernel2.status());

  std::mt19937 rng(42);
  std::uniform_real_distribution<float> uniform(-0.5f, 0.5f);
  std::vector<float> a(n * n), b(n * n), c(n * n);
  for (float &value : a)
    value = uniform(rng);
  for (float &value : b)
    value = uniform(rng);
  std::vector<Buffer> buffers = {{a.data(), {n, n}}, {b.data(), {n, n}}};

  // Correctness first: nn (both thread counts) against OpenBLAS.
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
              a.data(), n, b.data(), n, 0.0f, c.data(), n);
  double scale = 0;
  for (float value : c)
    scale = std::max(scale, std::fabs(static_cast<double>(value)));
  row.maxError = 0;
  double firstCall = 0;
  for (RawKernel *kernel : {kernel1->get(), kernel2->get()}) {
    std::vector<Buffer> results;
    double start = now();
    if (absl::Status status = kernel->call("mm", buffers, results);
        !status.ok())
      fail(status);
    firstCall = std::max(firstCall, now() - start);
    const auto *raw = static_cast<const float *>(results[0].data);
    for (int64_t i = 0; i < n * n; ++i)
      row.maxError = std::max(
          row.maxError, std::fabs(static_cast<double>(raw[i]) - c[i]) / scale);
    kernel->freeResults(results);
  }

  MeasureOptions options;
  options.samples = firstCall > 2 ? 3 : samplesFlag.getValue();
  auto timeCall = [&](RawKernel &kernel, const char *name, int threads) {
    MeasureOptions threaded = options;
    threaded.threads = threads;
    std::vector<Buffer> results;
    return measure(
        [&] {
          (void)kernel.call(name, buffers, results);
          kernel.freeResults(results);
        },
        threaded);
  };
  row.nn1 = timeCall(**kernel1, "mm", 1);
  row.nn2 = timeCall(**kernel2, "mm", 2);
  row.id = timeCall(**kernel1, "id", 1);

  for (int threads : {1, 2}) {
    openblas_set_num_threads(threads);
    MeasureOptions blas = options;
    blas.threads = threads;
    Measurement m = measure(
        [&] {
          cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
                      a.data(), n, b.data(), n, 0.0f, c.data(), n);
        },
        blas);
    (threads == 1 ? row.blas1 : row.blas2) = std::move(m);
  }
  return row;
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv,
                              "bench-sgemm: nn.matmul vs OpenBLAS sgemm\n");
  std::vector<int64_t> sizes;
  for (llvm::StringRef size : llvm::split(sizesFlag, ',')) {
    int64_t n;
    if (size.trim().getAsInteger(10, n) || n <= 0) {
      llvm::errs() << "bench-sgemm: bad size '" << size << "'\n";
      return 1;
    }
    sizes.push_back(n);
  }
  llvm::outs() << "bench-sgemm: C = A B, f32, row-major; " << machineSummary()
               << "\nOpenBLAS " << openblas_get_config() << ", core "
               << openblas_get_corename()
               << "\nnn: rt::JitModule (opt level 2) on the caller's "
                  "buffers; medians over samples\n\n";
  llvm::outs().flush();

  std::vector<Row> rows;
  for (int64_t n : sizes) {
    rows.push_back(runSize(n));
    const Row &row = rows.back();
    // Progress, and how clean each measurement was.
    llvm::outs() << row.n << "^3: max relative error "
                 << llvm::format("%.1e", row.maxError) << "; samples: nn 1T "
                 << row.nn1.perCall.size() << row.nn1.quality() << ", nn 2T "
                 << row.nn2.quality() << ", id " << row.id.quality()
                 << ", BLAS 1T " << row.blas1.quality() << ", 2T "
                 << row.blas2.quality() << "\n";
    llvm::outs().flush();
  }

  llvm::outs() << "\nGFLOP/s (median)\n"
               << "| size | nn 1T | OpenBLAS 1T | nn / BLAS, 1T | nn 2T | "
                  "OpenBLAS 2T | nn / BLAS, 2T | id call, ms |\n"
               << "|---|---|---|---|---|---|---|---|\n";
  for (const Row &row : rows) {
    double nn1 = gflops(row.n, row.nn1.median());
    double nn2 = gflops(row.n, row.nn2.median());
    double blas1 = gflops(row.n, row.blas1.median());
    double blas2 = gflops(row.n, row.blas2.median());
    llvm::outs() << llvm::format(
        "| %ld^3 | %.1f | %.1f | **%.2f** | %.1f | %.1f | **%.2f** | %.3f |\n",
        row.n, nn1, blas1, nn1 / blas1, nn2, blas2, nn2 / blas2,
        row.id.median() * 1e3);
  }
  return 0;
}
