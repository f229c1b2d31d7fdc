//===- RunModule.h - What nn-run does ---------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn-run's logic, apart from its flags (as IREE's tooling/ library is apart
// from iree-run-module's main): which function runs, the inputs, outputs
// and expected outputs its flags name, the run itself on the interpreter or
// the JIT, the comparison with the expected outputs and the benchmark's
// statistics. tools/nn-run/nn-run.cpp only declares the flags and fills in
// RunModuleOptions.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TOOLING_RUNMODULE_H
#define NN_TOOLING_RUNMODULE_H

#include "nn/Reference/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include "absl/status/statusor.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mlir {
class PassManager;
} // namespace mlir

namespace nn::tooling {

/// nn-run's flags (docs/Contract.md fixes their names and formats).
struct RunModuleOptions {
  std::string inputFile;
  /// --function; empty: the only public function with a body.
  std::string function;
  /// --input, --output, --expected_output, in order.
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::vector<std::string> expectedOutputs;
  double threshold = 1e-4;
  /// "cpu", "ref" or "cuda" ("gpu" is the same).
  std::string device = "cpu";
  /// --gpu-chip: the GPU the kernels are for (--device=cuda).
  std::string gpuChip = "sm_90";
  unsigned optLevel = 2;
  unsigned numThreads = 0;
  uint64_t maxMemory = 0;
  std::string compileTo;
  std::string dumpPhasesTo;
  std::vector<std::string> passPlugins;
  std::string extraPasses;
  int benchmark = 0;
  /// Whether the JIT may use the persistent compile cache.
  bool useCache = true;
  /// Applied to every pass manager of the compile (MLIR's own options).
  std::function<mlir::LogicalResult(mlir::PassManager &)> configure;
};

/// Checks the flags that need no file: the device, --opt-level,
/// --benchmark, --expected_f32_threshold.
absl::Status checkOptions(const RunModuleOptions &options);

/// The function to run: `requested`, or the only public function with a
/// body when it is empty. `file` names the module in messages.
absl::StatusOr<std::string> pickFunction(mlir::ModuleOp module,
                                         llvm::StringRef requested,
                                         llvm::StringRef file);

/// The --input tensors, each at most `maxBytes` (0: this machine's memory).
absl::StatusOr<std::vector<ref::Tensor>>
parseInputs(llvm::ArrayRef<std::string> specs, uint64_t maxBytes);

/// The paths of the --output flags (`@path.npy`).
absl::StatusOr<std::vector<std::string>>
parseOutputPaths(llvm::ArrayRef<std::string> outputs);

/// The --expected_output tensors.
absl::StatusOr<std::vector<ref::Tensor>>
parseExpectedOutputs(llvm::ArrayRef<std::string> specs);

/// Fails when more --output flags than results are given, or
/// --expected_output flags that are not one per result.
absl::Status checkResultCounts(size_t numResults, size_t numOutputs,
                               size_t numExpected);

/// Compares each result with its expected value (relative and absolute
/// tolerance `threshold` for floats); the error names the first that
/// differs.
absl::Status compareResults(llvm::ArrayRef<ref::Tensor> expected,
                            llvm::ArrayRef<ref::Tensor> results,
                            double threshold);

/// The statistics of a benchmark's run times, in milliseconds.
struct BenchmarkStats {
  double median = 0;
  double min = 0;
  double max = 0;
};
/// The median (the mean of the middle two for an even count), min and max
/// of a non-empty list of times.
BenchmarkStats summarizeTimes(std::vector<double> timesMs);
/// `benchmark: N runs, median M ms, min A ms, max B ms`.
std::string formatBenchmark(size_t runs, const BenchmarkStats &stats);

/// Runs nn-run with `options`: prints the results (or the IR, with
/// compileTo) on `out`, writes the --output files, and reports errors on
/// `errs` as `nn-run: error: ...` (parse errors as the MLIR diagnostics).
/// Gives the exit status: 0 on success, 1 on any error or mismatch.
int runModule(const RunModuleOptions &options, llvm::raw_ostream &out,
              llvm::raw_ostream &errs);

} // namespace nn::tooling

#endif // NN_TOOLING_RUNMODULE_H
