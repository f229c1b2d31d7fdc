//===- BenchUtil.cpp - Timing and JIT helpers of the benchmarks -----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/Codegen/CPU/Passes.h"
#include "nn/IR/NNDialect.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace mlir;

namespace nn::bench {

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

//===----------------------------------------------------------------------===//
// Load checks
//===----------------------------------------------------------------------===//

/// CPU time of the whole machine, in seconds: user, nice, system, irq,
/// softirq and steal (not idle or iowait).
static double systemBusySeconds() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  unsigned long long v[8] = {0};
  stat >> cpu;
  for (unsigned long long &value : v)
    stat >> value;
  return static_cast<double>(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) /
         sysconf(_SC_CLK_TCK);
}

static double selfSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + 1e-6 * usage.ru_utime.tv_usec +
         usage.ru_stime.tv_sec + 1e-6 * usage.ru_stime.tv_usec;
}

LoadProbe::LoadProbe()
    : systemBusy(systemBusySeconds()), self(selfSeconds()), wall(now()) {}

double LoadProbe::otherCpus() const {
  double elapsed = now() - wall;
  // Below a few jiffies /proc/stat cannot tell anything.
  if (elapsed < 0.05)
    return 0;
  double other = (systemBusySeconds() - systemBusy) - (selfSeconds() - self);
  return std::max(0.0, other) / elapsed;
}

double LoadProbe::selfCpus() const {
  double elapsed = std::max(now() - wall, 1e-9);
  return (selfSeconds() - self) / elapsed;
}

bool waitQuiet(double maxSeconds) {
  double end = now() + maxSeconds;
  do {
    LoadProbe probe;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (probe.otherCpus() < 0.05)
      return true;
  } while (now() < end);
  return false;
}

//===----------------------------------------------------------------------===//
// measure()
//===----------------------------------------------------------------------===//

double Measurement::min() const {
  return perCall.empty() ? 0
                         : *std::min_element(perCall.begin(), perCall.end());
}

double Measurement::max() const {
  return perCall.empty() ? 0
                         : *std::max_element(perCall.begin(), perCall.end());
}

std::string Measurement::quality() const {
  if (!noisy && !discarded)
    return "[clean]";
  return "[" + std::to_string(noisy) + " noisy of " +
         std::to_string(perCall.size()) + ", " + std::to_string(discarded) +
         " discarded]";
}

std::vector<Measurement>
measureTogether(llvm::ArrayRef<llvm::function_ref<void()>> fns,
                const MeasureOptions &options) {
  std::vector<Measurement> results(fns.size());
  for (auto [fn, result] : llvm::zip_equal(fns, results)) {
    // Without warm-up calls the caller knows that one call is long enough
    // for a sample (slow naive kernels, seconds per call).
    result.repetitions = 1;
    if (options.warmup <= 0)
      continue;
    double first = now();
    for (int i = 0; i < options.warmup; ++i)
      fn();
    double once = (now() - first) / options.warmup;
    result.repetitions =
        std::max<int64_t>(1, static_cast<int64_t>(options.minSampleSeconds /
                                                  std::max(once, 1e-9)));
  }

  int discarded = 0;
  for (int round = 0; round < options.samples;) {
    waitQuiet(options.maxWaitSeconds);
    std::vector<double> perCall;
    std::vector<bool> clean;
    for (auto [fn, result] : llvm::zip_equal(fns, results)) {
      LoadProbe probe;
      double start = now();
      for (int64_t r = 0; r < result.repetitions; ++r)
        fn();
      perCall.push_back((now() - start) / result.repetitions);
      double other = probe.otherCpus();
      // A 1-thread run on this 2-vCPU machine is unaffected by a process
      // on the other vCPU as long as it kept its own (selfCpus near 1);
      // more than that, or any load during a 2-thread run, slows it down.
      clean.push_back(other < 0.15 || (options.threads == 1 && other < 1.15 &&
                                       probe.selfCpus() >= 0.97));
    }
    bool allClean = llvm::all_of(clean, [](bool c) { return c; });
    if (!allClean && discarded < options.maxDiscards) {
      ++discarded;
      continue;
    }
    for (auto [result, time, ok] : llvm::zip_equal(results, perCall, clean)) {
      result.perCall.push_back(time);
      result.noisy += !ok;
    }
    ++round;
  }
  for (Measurement &result : results)
    result.discarded = discarded;
  return results;
}

Measurement measure(llvm::function_ref<void()> fn,
                    const MeasureOptions &options) {
  return std::move(measureTogether({fn}, options).front());
}

double medianDifference(const Measurement &a, const Measurement &b) {
  std::vector<double> differences;
  for (auto [x, y] : llvm::zip_equal(a.perCall, b.perCall))
    differences.push_back(x - y);
  return median(differences);
}

std::string machineSummary() {
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  double load[1] = {0};
  getloadavg(load, 1);
  char text[64];
  std::snprintf(text, sizeof(text), ", %u CPUs, load %.2f",
                std::thread::hardware_concurrency(), load[0]);
  return model + text;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

void fail(const absl::Status &status) {
  llvm::errs() << llvm::sys::path::filename(
                      llvm::sys::fs::getMainExecutable(nullptr, nullptr))
               << ": " << std::string(status.message()) << "\n";
  std::exit(1);
}

std::string runCommand(const std::string &command) {
  std::string output;
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe)
    return output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe))
    output.append(buffer, n);
  pclose(pipe);
  return output;
}

/// `key=value` fields of the line of `text` that starts with `prefix`.
std::map<std::string, double> parseFields(llvm::StringRef text,
                                          llvm::StringRef prefix) {
  std::map<std::string, double> fields;
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n');
  for (llvm::StringRef line : lines) {
    if (!line.consume_front(prefix))
      continue;
    llvm::SmallVector<llvm::StringRef> words;
    line.split(words, ' ', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef word : words) {
      auto [key, value] = word.split('=');
      double number;
      if (!value.getAsDouble(number))
        fields[key.str()] = number;
    }
  }
  return fields;
}

std::unique_ptr<MLIRContext> makeContext() {
  DialectRegistry registry;
  registry.insert<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect>();
  nn::registerConstantFolding(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  return context;
}

/// Collects error diagnostics as text.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *context)
      : handler(context, [this](Diagnostic &diag) {
          llvm::raw_string_ostream os(text);
          os << diag.getLocation() << ": " << diag.str() << "\n";
          return success();
        }) {}
  std::string text;

private:
  ScopedDiagnosticHandler handler;
};

absl::StatusOr<OwningOpRef<ModuleOp>> parseModule(llvm::StringRef text,
                                                  MLIRContext &context) {
  DiagnosticCollector diagnostics(&context);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  if (!module)
    return absl::InvalidArgumentError(diagnostics.text);
  return module;
}

absl::StatusOr<OwningOpRef<ModuleOp>> parseModuleFile(llvm::StringRef path,
                                                      MLIRContext &context) {
  auto file = llvm::MemoryBuffer::getFile(path);
  if (!file)
    return absl::NotFoundError("cannot read '" + path.str() +
                               "': " + file.getError().message());
  return parseModule((*file)->getBuffer(), context);
}

//===----------------------------------------------------------------------===//
// RawKernel
//===----------------------------------------------------------------------===//

absl::StatusOr<std::unique_ptr<RawKernel>>
RawKernel::compile(ModuleOp module, unsigned optLevel, CompilePhases *phases,
                   bool passTiming, unsigned numThreads,
                   std::vector<std::string> functions) {
  std::unique_ptr<RawKernel> kernel(new RawKernel());
  rt::JitOptions options;
  options.optLevel = optLevel;
  options.numThreads = numThreads;
  options.functions = std::move(functions);
  // Compiles are what the benchmarks time: never from the compile cache.
  options.useDiskCache = false;
  CompilePhases local;
  options.times = phases ? phases : &local;
  if (passTiming)
    options.configure = [](PassManager &pm) {
      pm.enableTiming();
      return success();
    };
  absl::StatusOr<std::unique_ptr<rt::JitModule>> executable =
      rt::JitModule::compile(module, options);
  if (!executable.ok())
    return executable.status();
  kernel->executable = *std::move(executable);
  return kernel;
}

absl::Status RawKernel::call(llvm::StringRef name, ArrayRef<Buffer> inputs,
                             std::vector<Buffer> &results,
                             ArrayRef<size_t> donated) {
  SmallVector<TensorView, 8> views;
  for (const Buffer &input : inputs)
    views.push_back(TensorView(input.type, input.shape, input.data));
  absl::StatusOr<std::vector<Tensor>> out =
      executable->call(name, views, donated);
  if (!out.ok())
    return out.status();
  results.clear();
  for (Tensor &tensor : *out) {
    results.push_back(
        {tensor.getBytes(), tensor.getShape(), tensor.getDType()});
    held.push_back(std::move(tensor));
  }
  return absl::OkStatus();
}

void RawKernel::freeResults(std::vector<Buffer> &results) {
  held.clear();
  results.clear();
}

} // namespace nn::bench
