//===- RunModule.cpp - What nn-run does -----------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Tooling/RunModule.h"

#include "nn/IR/NNDialect.h"
#include "nn/IR/Parse.h"
#include "nn/JIT/JitModule.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Reference/TensorIO.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SourceMgr.h"

#include <algorithm>
#include <chrono>

using namespace mlir;

namespace nn::tooling {

absl::Status checkOptions(const RunModuleOptions &options) {
  // A typo is a different mistake from a device this build lacks.
  if (options.device != "ref" && options.device != "cpu" &&
      options.device != "cuda" && options.device != "gpu")
    return absl::InvalidArgumentError("unknown device '" + options.device +
                                      "' (expected cpu, ref or cuda)");
  if (options.optLevel > 3)
    return absl::InvalidArgumentError("--opt-level must be 0, 1, 2 or 3");
  if (options.benchmark < 0)
    return absl::InvalidArgumentError("--benchmark must be >= 0");
  if (!(options.threshold >= 0)) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "--expected_f32_threshold must be >= 0, got "
       << llvm::format("%g", options.threshold);
    return absl::InvalidArgumentError(text);
  }
  return absl::OkStatus();
}

/// `a, b`: the public functions with a body of `module`.
static std::string listPublicFunctions(ModuleOp module) {
  std::string names;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal() && func.isPublic())
      names += (names.empty() ? "" : ", ") + func.getSymName().str();
  return names;
}

absl::StatusOr<std::string> pickFunction(ModuleOp module, StringRef requested,
                                         StringRef file) {
  if (!requested.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(requested);
    if (func && !func.isExternal())
      return requested.str();
    std::string names = listPublicFunctions(module);
    return absl::NotFoundError(
        "no function '" + requested.str() + "' with a body in " + file.str() +
        (names.empty() ? "" : " (public functions: " + names + ")"));
  }
  size_t count = 0;
  std::string only;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal() && func.isPublic()) {
      ++count;
      only = func.getSymName().str();
    }
  if (count == 0)
    return absl::NotFoundError(file.str() +
                               " has no public function with a body; name the "
                               "function to run with --function");
  if (count != 1)
    return absl::InvalidArgumentError("--function is required: " + file.str() +
                                      " has " + std::to_string(count) +
                                      " public functions (" +
                                      listPublicFunctions(module) + ")");
  return only;
}

/// The tensors of `specs`, or which flag (`flag #i ('spec')`) is wrong.
static absl::StatusOr<std::vector<ref::Tensor>>
parseSpecs(llvm::StringRef flag, ArrayRef<std::string> specs,
           uint64_t maxBytes) {
  std::vector<ref::Tensor> tensors;
  for (auto [i, spec] : llvm::enumerate(specs)) {
    absl::StatusOr<ref::Tensor> tensor = ref::parseTensorSpec(spec, maxBytes);
    if (!tensor.ok())
      return absl::InvalidArgumentError(
          flag.str() + " #" + std::to_string(i) + " ('" + spec +
          "'): " + std::string(tensor.status().message()));
    tensors.push_back(*std::move(tensor));
  }
  return tensors;
}

absl::StatusOr<std::vector<ref::Tensor>>
parseInputs(ArrayRef<std::string> specs, uint64_t maxBytes) {
  return parseSpecs("--input", specs, maxBytes);
}

absl::StatusOr<std::vector<ref::Tensor>>
parseExpectedOutputs(ArrayRef<std::string> specs) {
  return parseSpecs("--expected_output", specs, /*maxBytes=*/0);
}

absl::StatusOr<std::vector<std::string>>
parseOutputPaths(ArrayRef<std::string> outputs) {
  std::vector<std::string> paths;
  for (const std::string &output : outputs) {
    StringRef target = output;
    if (!target.consume_front("@") || target.empty())
      return absl::InvalidArgumentError("--output must be @path.npy, got '" +
                                        output + "'");
    paths.push_back(target.str());
  }
  return paths;
}

absl::Status checkResultCounts(size_t numResults, size_t numOutputs,
                               size_t numExpected) {
  if (numOutputs > numResults)
    return absl::InvalidArgumentError(std::to_string(numOutputs) +
                                      " --output flags for " +
                                      std::to_string(numResults) + " results");
  if (numExpected && numExpected != numResults)
    return absl::InvalidArgumentError(std::to_string(numExpected) +
                                      " --expected_output flags for " +
                                      std::to_string(numResults) + " results");
  return absl::OkStatus();
}

absl::Status compareResults(ArrayRef<ref::Tensor> expected,
                            ArrayRef<ref::Tensor> results, double threshold) {
  for (auto [i, want] : llvm::enumerate(expected))
    if (absl::Status status = ref::compareTensors(want, results[i], threshold);
        !status.ok())
      return absl::InvalidArgumentError(
          "result " + std::to_string(i) +
          " differs: " + std::string(status.message()));
  return absl::OkStatus();
}

BenchmarkStats summarizeTimes(std::vector<double> timesMs) {
  std::sort(timesMs.begin(), timesMs.end());
  BenchmarkStats stats;
  stats.median = timesMs[timesMs.size() / 2];
  if (timesMs.size() % 2 == 0)
    stats.median = (timesMs[timesMs.size() / 2 - 1] + stats.median) / 2;
  stats.min = timesMs.front();
  stats.max = timesMs.back();
  return stats;
}

std::string formatBenchmark(size_t runs, const BenchmarkStats &stats) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("benchmark: %d runs, median %.3f ms, min %.3f ms, max "
                     "%.3f ms",
                     static_cast<int>(runs), stats.median, stats.min,
                     stats.max);
  return text;
}

namespace {

/// One nn-run: the module, what its flags name, and the function as the
/// device runs it.
class ModuleRunner {
public:
  ModuleRunner(const RunModuleOptions &options, llvm::raw_ostream &out,
               llvm::raw_ostream &errs)
      : options(options), out(out), errs(errs), context(makeRegistry()),
        diagnostics(sourceMgr, &context, errs) {
    context.loadAllAvailableDialects();
  }

  int run();

private:
  static DialectRegistry makeRegistry();
  int fail(const std::string &message) {
    errs << "nn-run: error: " << message << "\n";
    return 1;
  }
  int fail(const absl::Status &status) {
    return fail(std::string(status.message()));
  }
  /// Parses the file and derives the gradients (the interpreter runs plain
  /// nn ops); fails after printing the diagnostics.
  LogicalResult load();
  rt::JitOptions getJitOptions() const;
  /// Parses the flags that name tensors and files and checks them against
  /// the function's signature, all before running, so that a typo does not
  /// surface only after a long run or benchmark.
  absl::Status prepare();
  absl::StatusOr<std::vector<ref::Tensor>> runOnce();
  /// The results on stdout, or into the --output files.
  absl::Status emitResults(ArrayRef<ref::Tensor> results);

  const RunModuleOptions &options;
  llvm::raw_ostream &out;
  llvm::raw_ostream &errs;
  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics;
  OwningOpRef<ModuleOp> module;
  std::string name;
  std::vector<ref::Tensor> args;
  std::vector<TensorView> views;
  std::vector<std::string> outputPaths;
  std::vector<ref::Tensor> expected;
  std::unique_ptr<rt::JitModule> jit;
};

DialectRegistry ModuleRunner::makeRegistry() {
  DialectRegistry registry;
  registry.insert<NNDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect>();
  registerConstantFolding(registry);
  return registry;
}

LogicalResult ModuleRunner::load() {
  std::string error;
  auto file = openInputFile(options.inputFile, &error);
  if (!file) {
    fail(error);
    return failure();
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  module = parseModule(sourceMgr, &context);
  if (!module)
    return failure(); // The parser or verifier printed the diagnostic.
  PassManager pm(&context);
  pm.addPass(createNNAutodiff());
  return pm.run(*module);
}

rt::JitOptions ModuleRunner::getJitOptions() const {
  rt::JitOptions jitOptions;
  jitOptions.optLevel = options.optLevel;
  jitOptions.numThreads = options.numThreads;
  jitOptions.maxTensorBytes = options.maxMemory;
  jitOptions.useDiskCache = options.useCache;
  jitOptions.dumpPhasesTo = options.dumpPhasesTo;
  jitOptions.passPlugins = options.passPlugins;
  jitOptions.extraPasses = options.extraPasses;
  jitOptions.configure = options.configure;
  jitOptions.gpuChip = options.gpuChip;
  return jitOptions;
}

absl::Status ModuleRunner::prepare() {
  absl::StatusOr<std::string> picked =
      pickFunction(*module, options.function, options.inputFile);
  if (!picked.ok())
    return picked.status();
  name = *picked;
  absl::StatusOr<std::vector<ref::Tensor>> inputs =
      parseInputs(options.inputs, options.maxMemory);
  if (!inputs.ok())
    return inputs.status();
  args = *std::move(inputs);
  absl::StatusOr<std::vector<std::string>> paths =
      parseOutputPaths(options.outputs);
  if (!paths.ok())
    return paths.status();
  outputPaths = *std::move(paths);
  absl::StatusOr<std::vector<ref::Tensor>> wanted =
      parseExpectedOutputs(options.expectedOutputs);
  if (!wanted.ok())
    return wanted.status();
  expected = *std::move(wanted);
  // The result count is in the signature, so these need no run either.
  return checkResultCounts(
      module->lookupSymbol<func::FuncOp>(name).getNumResults(),
      outputPaths.size(), expected.size());
}

absl::StatusOr<std::vector<ref::Tensor>> ModuleRunner::runOnce() {
  if (!jit) {
    ref::RunOptions refOptions;
    refOptions.maxTensorBytes = options.maxMemory;
    return ref::runFunction(*module, name, args, refOptions);
  }
  absl::StatusOr<std::vector<Tensor>> tensors = jit->call(name, views);
  if (!tensors.ok())
    return tensors.status();
  std::vector<ref::Tensor> wrapped;
  for (Tensor &tensor : *tensors)
    wrapped.emplace_back(std::move(tensor));
  return wrapped;
}

absl::Status ModuleRunner::emitResults(ArrayRef<ref::Tensor> results) {
  for (auto [i, result] : llvm::enumerate(results)) {
    if (i < outputPaths.size()) {
      if (absl::Status status = ref::writeNpy(outputPaths[i], result);
          !status.ok())
        return status;
      continue;
    }
    out << ref::formatTensor(result) << "\n";
  }
  // The results stay on stdout even when a comparison fails: they are what
  // one needs to see to understand the mismatch.
  out.flush();
  return absl::OkStatus();
}

int ModuleRunner::run() {
  if (failed(load()))
    return 1;
  if (!options.compileTo.empty()) {
    absl::StatusOr<std::string> ir =
        rt::JitModule::compileTo(*module, options.compileTo, getJitOptions());
    if (!ir.ok())
      return fail(ir.status());
    out << *ir;
    return 0;
  }
  if (absl::Status status = prepare(); !status.ok())
    return fail(status);
  if (options.device != "ref") {
    // Only the function that runs (and what it calls) is compiled. GPU
    // code needs the driver after compiling: compile errors come first.
    rt::JitOptions jitOptions = getJitOptions();
    jitOptions.functions = {name};
    jitOptions.device = options.device;
    absl::StatusOr<std::unique_ptr<rt::JitModule>> compiled =
        rt::JitModule::compile(*module, jitOptions);
    if (!compiled.ok())
      return fail(compiled.status());
    jit = *std::move(compiled);
  }
  // The compiled code reads the inputs where they were parsed, and its
  // results are the memory it wrote: a run converts nothing, so that
  // --benchmark times the call alone.
  for (const ref::Tensor &arg : args)
    views.push_back(arg.view());
  absl::StatusOr<std::vector<ref::Tensor>> results = runOnce();
  if (!results.ok())
    return fail(results.status());
  std::vector<double> timesMs;
  for (int i = 0; i < options.benchmark; ++i) {
    auto start = std::chrono::steady_clock::now();
    absl::StatusOr<std::vector<ref::Tensor>> again = runOnce();
    auto end = std::chrono::steady_clock::now();
    if (!again.ok())
      return fail(again.status());
    timesMs.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  if (absl::Status status = emitResults(*results); !status.ok())
    return fail(status);
  if (absl::Status status =
          compareResults(expected, *results, options.threshold);
      !status.ok())
    return fail(status);
  if (options.benchmark > 0)
    out << formatBenchmark(timesMs.size(), summarizeTimes(timesMs)) << "\n";
  out.flush();
  return 0;
}

} // namespace

int runModule(const RunModuleOptions &options, llvm::raw_ostream &out,
              llvm::raw_ostream &errs) {
  if (absl::Status status = checkOptions(options); !status.ok()) {
    errs << "nn-run: error: " << std::string(status.message()) << "\n";
    return 1;
  }
  return ModuleRunner(options, out, errs).run();
}

} // namespace nn::tooling
