//===- BenchUtil.h - Timing and JIT helpers of the benchmarks ---*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What every benchmark of issue 4 shares:
//
// * measure(): medians of timed samples. The machine (2 vCPUs) is shared
//   with other people's builds, so each sample checks /proc/stat for CPU
//   time other processes used meanwhile and is retried when they were busy,
//   as the peers' busy.h and benchutil.py do (shared/bench/peers). Samples
//   that stay noisy after the retries are kept but counted, so a table can
//   say how clean it is.
// * RawKernel: the module compiled the way nn::rt::JitModule compiles it
//   (same passes, same LLVM options), but called directly on packed f32 /
//   i64 buffers through its C interface. Its time is the generated code
//   alone; Executable::call's time minus it is the cost of the call's
//   checks and copies through ref::Tensor.
//
//===----------------------------------------------------------------------===//

#ifndef NN_BENCHMARKS_BENCHUTIL_H
#define NN_BENCHMARKS_BENCHUTIL_H

#include "nn/JIT/JitModule.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include "absl/status/statusor.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace nn::bench {

/// Seconds on a monotonic clock.
double now();

/// Median of `values` (the mean of the middle two for an even count).
double median(std::vector<double> values);

/// Snapshot of the machine's and this process's CPU time; the interval
/// since the snapshot tells whether other processes were busy.
class LoadProbe {
public:
  LoadProbe();
  /// CPU time other processes used since the snapshot, in CPUs (0.5: half
  /// of one CPU on average).
  double otherCpus() const;
  /// CPU time this process used since the snapshot, in CPUs.
  double selfCpus() const;

private:
  double systemBusy, self, wall;
};

/// Waits until other processes use under 5 % of a CPU for 0.3 s, at most
/// `maxSeconds`; returns whether it got quiet.
bool waitQuiet(double maxSeconds);

struct MeasureOptions {
  /// Timed samples (the median is taken over them).
  int samples = 5;
  /// Each sample repeats the call until it lasts this long, so that short
  /// calls are timed over many repetitions and the /proc/stat check (10 ms
  /// jiffies) means something.
  double minSampleSeconds = 0.2;
  /// Threads the measured code runs: a 1-thread sample is still clean
  /// while another process has the other vCPU, as long as this process
  /// kept its own.
  int threads = 1;
  /// Untimed calls first (page faults, caches, lazy JIT materialization);
  /// they also calibrate the repetitions. 0: no warm-up, one call a sample.
  int warmup = 1;
  /// How long to wait for a quiet machine before each sample, and how
  /// many noisy samples to discard in all before keeping them.
  double maxWaitSeconds = 3;
  int maxDiscards = 6;
};

struct Measurement {
  /// Seconds per call, one value per sample.
  std::vector<double> perCall;
  /// Calls per sample.
  int64_t repetitions = 0;
  /// Samples thrown away because other processes were busy, and samples
  /// kept although they were (once maxDiscards ran out).
  int discarded = 0;
  int noisy = 0;
  double median() const { return nn::bench::median(perCall); }
  double min() const;
  double max() const;
  /// "[clean]" or "[2 noisy of 5, 3 discarded]".
  std::string quality() const;
};

Measurement measure(llvm::function_ref<void()> fn,
                    const MeasureOptions &options = {});

/// Measures several functions in interleaved rounds (one sample of each a
/// round, a round discarded as a whole when the machine was busy), so that
/// their samples pair up and drifts in the machine's speed hit all alike.
std::vector<Measurement>
measureTogether(llvm::ArrayRef<llvm::function_ref<void()>> fns,
                const MeasureOptions &options = {});

/// Median over rounds of a's sample minus b's (from measureTogether):
/// steadier than the difference of the two medians.
double medianDifference(const Measurement &a, const Measurement &b);

/// One line for the machine and the load: "AMD EPYC, 2 CPUs, load 0.52".
std::string machineSummary();

/// Prints `status` to stderr, after the program's name, and exits with 1.
[[noreturn]] void fail(const absl::Status &status);

/// The value of `value`, or fail() with its status.
template <typename T> T orFail(absl::StatusOr<T> value) {
  if (!value.ok())
    fail(value.status());
  return *std::move(value);
}

/// Runs `command` through the shell and gives its standard output.
std::string runCommand(const std::string &command);

/// `key=value` fields of the line of `text` that starts with `prefix` (a
/// peer's or a child process's machine-readable line).
std::map<std::string, double> parseFields(llvm::StringRef text,
                                          llvm::StringRef prefix);

/// A context with the dialects that nn IR and the CPU pipeline need.
std::unique_ptr<mlir::MLIRContext> makeContext();

/// Parses and verifies a module; errors carry the diagnostics.
absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>
parseModule(llvm::StringRef text, mlir::MLIRContext &context);
absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>
parseModuleFile(llvm::StringRef path, mlir::MLIRContext &context);

/// A packed row-major f32 / i64 buffer and its shape.
struct Buffer {
  void *data = nullptr;
  std::vector<int64_t> shape;
  DType type = DType::F32;
};

/// Wall time of each compilation phase, in seconds.
using CompilePhases = rt::CompileTimes;

/// `module` compiled by nn::rt::JitModule and called the way the
/// embedding API calls it: on the caller's buffers (no copies), results
/// handed over. Executable::call on ref::Tensor (nn-run's path) does the
/// same on the interpreter's tensors, which hold packed elements too.
class RawKernel {
public:
  /// When `passTiming` is set, MLIR's pass timing report of each phase is
  /// printed to stderr. `numThreads` and `functions` as in
  /// rt::JitOptions.
  static absl::StatusOr<std::unique_ptr<RawKernel>>
  compile(mlir::ModuleOp module, unsigned optLevel = 2,
          CompilePhases *phases = nullptr, bool passTiming = false,
          unsigned numThreads = 1, std::vector<std::string> functions = {});

  /// Calls the function `name` (f32 and i64 tensor arguments) on `inputs`,
  /// donating those in `donated` (see rt::JitModule::call). `results`
  /// receives the outputs; release them with freeResults.
  absl::Status call(llvm::StringRef name, llvm::ArrayRef<Buffer> inputs,
                    std::vector<Buffer> &results,
                    llvm::ArrayRef<size_t> donated = {});
  /// Frees the buffers of `results`.
  void freeResults(std::vector<Buffer> &results);

  rt::JitModule &getExecutable() { return *executable; }

private:
  RawKernel() = default;
  mlir::OwningOpRef<mlir::ModuleOp> source;
  std::unique_ptr<rt::JitModule> executable;
  std::vector<Tensor> held;
};

} // namespace nn::bench

#endif // NN_BENCHMARKS_BENCHUTIL_H
