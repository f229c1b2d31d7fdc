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
// nn::rt::Executable against OpenBLAS cblas_sgemm at 1 and 2 threads, all
// in one process and one run, so that the ratios compare like with like.
//
// nn is timed two ways:
// * "call": Executable::call, what a user of the runtime gets. It checks
//   the shapes with the interpreter and copies every input and result
//   through ref::Tensor, which holds doubles.
// * "kernel": the same compiled code called directly on packed f32
//   buffers (RawKernel), the generated code alone (it still mallocs its
//   result).
// An identity function of the same signature, timed both ways, gives the
// fixed cost of a call of that size: its Executable::call time is the
// checks and copies, its kernel time the result's malloc and copy.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/Runtime/Executable.h"

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

ref::Tensor toTensor(const std::vector<float> &values, int64_t n) {
  ref::Tensor tensor(ref::ElementType::F32, {n, n});
  for (size_t i = 0; i < values.size(); ++i)
    tensor.setDouble(i, values[i]);
  return tensor;
}

struct Row {
  int64_t n;
  Measurement call, kernel, idCall, idKernel, blas1, blas2;
  double maxError;
};

double gflops(int64_t n, double seconds) {
  return 2.0 * n * n * n / seconds / 1e9;
}

[[noreturn]] void fail(const absl::Status &status) {
  llvm::errs() << "bench-sgemm: " << std::string(status.message()) << "\n";
  std::exit(1);
}

Row runSize(int64_t n) {
  Row row;
  row.n = n;
  auto context = makeContext();
  auto module = parseModule(moduleText(n), *context);
  if (!module.ok())
    fail(module.status());
  auto executable = rt::Executable::compile(**module);
  if (!executable.ok())
    fail(executable.status());
  auto kernel = RawKernel::compile(**module);
  if (!kernel.ok())
    fail(kernel.status());

  std::mt19937 rng(42);
  std::uniform_real_distribution<float> uniform(-0.5f, 0.5f);
  std::vector<float> a(n * n), b(n * n), c(n * n);
  for (float &value : a)
    value = uniform(rng);
  for (float &value : b)
    value = uniform(rng);
  std::vector<ref::Tensor> tensors = {toTensor(a, n), toTensor(b, n)};
  std::vector<Buffer> buffers = {{a.data(), {n, n}}, {b.data(), {n, n}}};

  // Correctness first: nn (both ways) against OpenBLAS.
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
              a.data(), n, b.data(), n, 0.0f, c.data(), n);
  double firstStart = now();
  auto called = (*executable)->call("mm", tensors);
  double firstCall = now() - firstStart;
  if (!called.ok())
    fail(called.status());
  std::vector<Buffer> results;
  if (absl::Status status = (*kernel)->call("mm", buffers, results);
      !status.ok())
    fail(status);
  double scale = 0;
  for (float value : c)
    scale = std::max(scale, std::fabs(static_cast<double>(value)));
  row.maxError = 0;
  const auto *raw = static_cast<const float *>(results[0].data);
  for (int64_t i = 0; i < n * n; ++i)
    row.maxError = std::max(
        {row.maxError, std::fabs((*called)[0].getDouble(i) - c[i]) / scale,
         std::fabs(static_cast<double>(raw[i]) - c[i]) / scale});
  (*kernel)->freeResults(results);

  // Slow nn kernels (the naive loops took seconds at 1024^3) get one call
  // a sample and fewer samples, so that a run stays under two minutes; the
  // first call above tells how slow this one is.
  MeasureOptions slow;
  slow.samples = firstCall > 2 ? 3 : samplesFlag;
  slow.warmup = firstCall > 0.5 ? 0 : 1;
  // Call and kernel in interleaved rounds, so that their difference (the
  // call's checks and copies) is not swamped by drifts of the machine.
  std::vector<Measurement> nnTimes =
      measureTogether({[&] {
                         auto result = (*executable)->call("mm", tensors);
                         if (!result.ok())
                           fail(result.status());
                       },
                       [&] {
                         (void)(*kernel)->call("mm", buffers, results);
                         (*kernel)->freeResults(results);
                       }},
                      slow);
  row.call = std::move(nnTimes[0]);
  row.kernel = std::move(nnTimes[1]);

  MeasureOptions fast;
  fast.samples = samplesFlag;
  std::vector<Measurement> idTimes =
      measureTogether({[&] {
                         auto result = (*executable)->call("id", tensors);
                         if (!result.ok())
                           fail(result.status());
                       },
                       [&] {
                         (void)(*kernel)->call("id", buffers, results);
                         (*kernel)->freeResults(results);
                       }},
                      fast);
  row.idCall = std::move(idTimes[0]);
  row.idKernel = std::move(idTimes[1]);

  for (int threads : {1, 2}) {
    openblas_set_num_threads(threads);
    MeasureOptions blas = fast;
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
               << "\nnn: Executable (opt level 2), 1 thread; medians "
                  "over samples\n\n";
  llvm::outs().flush();

  std::vector<Row> rows;
  for (int64_t n : sizes) {
    rows.push_back(runSize(n));
    const Row &row = rows.back();
    // Progress, and how clean each measurement was.
    llvm::outs() << row.n << "^3: max relative error "
                 << llvm::format("%.1e", row.maxError) << "; samples: nn call "
                 << row.call.perCall.size() << row.call.quality() << ", kernel "
                 << row.kernel.perCall.size() << row.kernel.quality()
                 << ", id call " << row.idCall.quality() << ", id kernel "
                 << row.idKernel.quality() << ", BLAS 1T "
                 << row.blas1.quality() << ", 2T " << row.blas2.quality()
                 << "\n";
    llvm::outs().flush();
  }

  llvm::outs() << "\nGFLOP/s (median)\n"
               << "| size | nn call | nn kernel | OpenBLAS 1T | OpenBLAS 2T "
                  "| nn call / BLAS 1T | nn call / BLAS 2T | nn kernel / "
                  "BLAS 1T | nn kernel / BLAS 2T |\n"
               << "|---|---|---|---|---|---|---|---|---|\n";
  for (const Row &row : rows) {
    double call = gflops(row.n, row.call.median());
    double kernel = gflops(row.n, row.kernel.median());
    double blas1 = gflops(row.n, row.blas1.median());
    double blas2 = gflops(row.n, row.blas2.median());
    llvm::outs() << llvm::format(
        "| %ld^3 | %.3f | %.3f | %.1f | %.1f | %.4f | %.4f | %.4f | %.4f |\n",
        row.n, call, kernel, blas1, blas2, call / blas1, call / blas2,
        kernel / blas1, kernel / blas2);
  }

  llvm::outs() << "\nTime per call, ms (median): the call's fixed cost is "
                  "the identity function's\n"
               << "| size | nn call | nn kernel | id call | id kernel | "
                  "call - kernel (paired median) | share of call |\n"
               << "|---|---|---|---|---|---|---|\n";
  for (const Row &row : rows) {
    double call = row.call.median() * 1e3, kernel = row.kernel.median() * 1e3;
    double difference = medianDifference(row.call, row.kernel) * 1e3;
    llvm::outs() << llvm::format(
        "| %ld^3 | %.2f | %.2f | %.3f | %.3f | %.2f | %.1f %% |\n", row.n, call,
        kernel, row.idCall.median() * 1e3, row.idKernel.median() * 1e3,
        difference, 100 * difference / call);
  }
  return 0;
}
