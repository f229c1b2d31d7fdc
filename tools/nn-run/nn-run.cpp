//===- nn-run.cpp - Run a function of an nn IR file -----------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn-run FILE.mlir --function=NAME --input=SPEC ... [--output=@out.npy ...]
//        [--expected_output=SPEC ... --expected_f32_threshold=T]
//        [--device=cpu|ref] [--opt-level=N] [--num-threads=N] [--benchmark=N]
//
// Flags and formats are fixed by docs/Contract.md; input SPECs use
// iree-run-module's grammar (see nn/Reference/TensorIO.h). --device=cpu
// uses the persistent compile cache (docs/CompileCache.md; NN_CACHE_DIR).
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"
#include "nn/IR/Parse.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Reference/TensorIO.h"
#include "nn/JIT/JitModule.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input.mlir>"),
                                      cl::Required);
static cl::opt<std::string>
    functionName("function", cl::desc("Name of the function to run"),
                 cl::value_desc("name"));
static cl::list<std::string>
    inputs("input",
           cl::desc("An input, in order: 2x3xf32=1 2 3 4 5 6, "
                    "f32=3.5, @file.npy or 2x3xf32=@raw.bin"),
           cl::value_desc("spec"));
static cl::list<std::string>
    outputs("output",
            cl::desc("Write result N (the N-th flag) to @path.npy instead of "
                     "printing it"),
            cl::value_desc("@path.npy"));
static cl::list<std::string> expectedOutputs(
    "expected_output",
    cl::desc("Compare result N (the N-th flag) with this SPEC; exit 1 on a "
             "mismatch"),
    cl::value_desc("spec"));
static cl::opt<double>
    threshold("expected_f32_threshold",
              cl::desc("Relative and absolute tolerance for float comparisons"),
              cl::init(1e-4));
static cl::opt<std::string>
    device("device",
           cl::desc("Where to run: ref (the reference interpreter) or cpu "
                    "(compiled for this CPU)"),
           cl::init("cpu"));
static cl::opt<unsigned> optLevel("opt-level",
                                  cl::desc("LLVM optimization level (0-3) of "
                                           "--device=cpu"),
                                  cl::init(2));
static cl::opt<unsigned>
    numThreads("num-threads",
               cl::desc("Threads of the compiled code's parallel loops "
                        "(--device=cpu): 0 for every core (default), 1 for "
                        "sequential code"),
               cl::init(0));
static cl::opt<uint64_t> maxMemory(
    "max-memory",
    cl::desc("The largest tensor (an input, a constant, a result) in bytes; "
             "0 for this machine's memory (default)"),
    cl::init(0));
static cl::opt<std::string> compileTo(
    "compile-to",
    cl::desc("Compile to this phase (nn, linalg, bufferized or llvm), print "
             "the IR and exit without running"),
    cl::value_desc("phase"));
static cl::opt<std::string> dumpPhasesTo(
    "dump-compilation-phases-to",
    cl::desc("Write the IR after each compilation phase into this directory"),
    cl::value_desc("dir"));
static cl::list<std::string>
    passPlugins("load-pass-plugin",
                cl::desc("Load passes from a plugin library"),
                cl::value_desc("path"));
static cl::opt<std::string> extraPasses(
    "extra-passes",
    cl::desc("A pass pipeline (e.g. from a plugin) to run on the nn IR "
             "before lowering, anchored on the module"),
    cl::value_desc("pipeline"));
static cl::opt<int> benchmark("benchmark",
                              cl::desc("Run N more times and print timings"),
                              cl::init(0));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "nn-run: error: " << message << "\n";
  return 1;
}

static int fail(const absl::Status &status) {
  return fail(std::string(status.message()));
}

/// The function to run: --function, or the only public function.
static FailureOr<std::string> pickFunction(ModuleOp module) {
  if (!functionName.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(functionName);
    if (!func || func.isExternal()) {
      std::string names;
      for (auto candidate : module.getOps<func::FuncOp>())
        if (!candidate.isExternal() && candidate.isPublic())
          names += (names.empty() ? "" : ", ") + candidate.getSymName().str();
      fail("no function '" + functionName + "' with a body in " + inputFile +
           (names.empty() ? "" : " (public functions: " + names + ")"));
      return failure();
    }
    return functionName.getValue();
  }
  SmallVector<func::FuncOp> candidates;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal() && func.isPublic())
      candidates.push_back(func);
  if (candidates.empty()) {
    fail(inputFile + " has no public function with a body; name the "
                     "function to run with --function");
    return failure();
  }
  if (candidates.size() != 1) {
    std::string names;
    for (func::FuncOp func : candidates)
      names += (names.empty() ? "" : ", ") + func.getSymName().str();
    fail("--function is required: " + inputFile + " has " +
         std::to_string(candidates.size()) + " public functions (" + names +
         ")");
    return failure();
  }
  return candidates.front().getSymName().str();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // MLIR's own options (--mlir-print-ir-after-all, --mlir-timing, ...) act
  // on every pass manager of the compilation.
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::ParseCommandLineOptions(argc, argv,
                              "nn-run: run a function of an nn "
                              "IR file\n");
  // A typo is a different mistake from a device this build lacks.
  if (device != "ref" && device != "cpu" && device != "cuda")
    return fail("unknown device '" + device + "' (expected cpu, ref or cuda)");
  if (device == "cuda")
    return fail("device 'cuda' is not available in this build");
  if (optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3");
  if (benchmark < 0)
    return fail("--benchmark must be >= 0");
  if (!(threshold >= 0)) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "--expected_f32_threshold must be >= 0, got "
       << llvm::format("%g", threshold.getValue());
    return fail(text);
  }

  DialectRegistry registry;
  registry.insert<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect>();
  nn::registerConstantFolding(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  std::string error;
  auto file = openInputFile(inputFile, &error);
  if (!file)
    return fail(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = nn::parseModule(sourceMgr, &context);
  if (!module)
    return 1; // The parser or verifier printed the diagnostic.

  // Gradients first: the interpreter runs plain nn ops.
  PassManager pm(&context);
  pm.addPass(nn::createNNAutodiff());
  if (failed(pm.run(*module)))
    return 1;

  nn::rt::JitOptions compileOptions;
  compileOptions.optLevel = optLevel;
  compileOptions.numThreads = numThreads;
  compileOptions.maxTensorBytes = maxMemory;
  compileOptions.dumpPhasesTo = dumpPhasesTo;
  compileOptions.passPlugins = passPlugins;
  compileOptions.extraPasses = extraPasses;
  compileOptions.configure = [](PassManager &pm) -> LogicalResult {
    if (failed(applyPassManagerCLOptions(pm)))
      return failure();
    applyDefaultTimingPassManagerCLOptions(pm);
    return success();
  };
  // --device=cpu links the code from the persistent compile cache when it
  // holds it (docs/CompileCache.md). A hit runs no pass, so with one of
  // MLIR's options (--mlir-print-ir-after-all, --mlir-timing) nn-run
  // compiles instead, for the options to see the passes.
  for (const auto &option : cl::getRegisteredOptions())
    if (option.first.starts_with("mlir-") && option.second->getNumOccurrences())
      compileOptions.useDiskCache = false;
  if (!compileTo.empty()) {
    absl::StatusOr<std::string> ir =
        nn::rt::JitModule::compileTo(*module, compileTo, compileOptions);
    if (!ir.ok())
      return fail(ir.status());
    llvm::outs() << *ir;
    return 0;
  }
  FailureOr<std::string> name = pickFunction(*module);
  if (failed(name))
    return 1;

  std::vector<nn::ref::Tensor> args;
  for (auto [i, spec] : llvm::enumerate(inputs)) {
    absl::StatusOr<nn::ref::Tensor> tensor =
        nn::ref::parseTensorSpec(spec, maxMemory);
    if (!tensor.ok())
      return fail("--input #" + std::to_string(i) + " ('" + spec +
                  "'): " + std::string(tensor.status().message()));
    args.push_back(*std::move(tensor));
  }

  // Check every flag that does not depend on the results before running, so
  // that a typo does not surface only after a long run or benchmark.
  std::vector<std::string> outputPaths;
  for (const std::string &output : outputs) {
    StringRef target = output;
    if (!target.consume_front("@") || target.empty())
      return fail("--output must be @path.npy, got '" + output + "'");
    outputPaths.push_back(target.str());
  }
  std::vector<nn::ref::Tensor> expected;
  for (auto [i, spec] : llvm::enumerate(expectedOutputs)) {
    absl::StatusOr<nn::ref::Tensor> tensor = nn::ref::parseTensorSpec(spec);
    if (!tensor.ok())
      return fail("--expected_output #" + std::to_string(i) + " ('" + spec +
                  "'): " + std::string(tensor.status().message()));
    expected.push_back(*std::move(tensor));
  }

  // The result count is in the signature, so these need no run either.
  size_t numResults = module->lookupSymbol<func::FuncOp>(*name).getNumResults();
  if (outputPaths.size() > numResults)
    return fail(std::to_string(outputPaths.size()) + " --output flags for " +
                std::to_string(numResults) + " results");
  if (!expected.empty() && expected.size() != numResults)
    return fail(std::to_string(expected.size()) +
                " --expected_output flags for " + std::to_string(numResults) +
                " results");

  std::unique_ptr<nn::rt::JitModule> executable;
  if (device == "cpu") {
    // Only the function that runs (and what it calls) is compiled.
    compileOptions.functions = {*name};
    absl::StatusOr<std::unique_ptr<nn::rt::JitModule>> compiled =
        nn::rt::JitModule::compile(*module, compileOptions);
    if (!compiled.ok())
      return fail(compiled.status());
    executable = *std::move(compiled);
  }
  // The compiled code reads the inputs where they were parsed, and its
  // results are the memory it wrote: a run converts nothing, so that
  // --benchmark times the call alone.
  std::vector<nn::TensorView> views;
  for (const nn::ref::Tensor &arg : args)
    views.push_back(arg.view());
  nn::ref::RunOptions refOptions;
  refOptions.maxTensorBytes = maxMemory;
  auto run = [&]() -> absl::StatusOr<std::vector<nn::ref::Tensor>> {
    if (!executable)
      return nn::ref::runFunction(*module, *name, args, refOptions);
    absl::StatusOr<std::vector<nn::Tensor>> tensors =
        executable->call(*name, views);
    if (!tensors.ok())
      return tensors.status();
    std::vector<nn::ref::Tensor> wrapped;
    for (nn::Tensor &tensor : *tensors)
      wrapped.emplace_back(std::move(tensor));
    return wrapped;
  };
  absl::StatusOr<std::vector<nn::ref::Tensor>> results = run();
  if (!results.ok())
    return fail(results.status());

  std::vector<double> timesMs;
  for (int i = 0; i < benchmark; ++i) {
    auto start = std::chrono::steady_clock::now();
    absl::StatusOr<std::vector<nn::ref::Tensor>> again = run();
    auto end = std::chrono::steady_clock::now();
    if (!again.ok())
      return fail(again.status());
    timesMs.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }

  for (auto [i, result] : llvm::enumerate(*results)) {
    if (i < outputPaths.size()) {
      if (absl::Status status = nn::ref::writeNpy(outputPaths[i], result);
          !status.ok())
        return fail(status);
      continue;
    }
    llvm::outs() << nn::ref::formatTensor(result) << "\n";
  }
  // The results stay on stdout even when a comparison fails: they are what
  // one needs to see to understand the mismatch.
  llvm::outs().flush();

  for (auto [i, want] : llvm::enumerate(expected))
    if (absl::Status status =
            nn::ref::compareTensors(want, (*results)[i], threshold);
        !status.ok())
      return fail("result " + std::to_string(i) +
                  " differs: " + std::string(status.message()));

  if (benchmark > 0) {
    std::sort(timesMs.begin(), timesMs.end());
    double median = timesMs[timesMs.size() / 2];
    if (timesMs.size() % 2 == 0)
      median = (timesMs[timesMs.size() / 2 - 1] + median) / 2;
    llvm::outs() << llvm::format("benchmark: %d runs, median %.3f ms, min "
                                 "%.3f ms, max %.3f ms\n",
                                 benchmark.getValue(), median, timesMs.front(),
                                 timesMs.back());
  }
  llvm::outs().flush();
  return 0;
}
