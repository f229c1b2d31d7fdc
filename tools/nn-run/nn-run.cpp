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
//        [--device=cpu|ref|cuda] [--opt-level=N] [--num-threads=N]
//        [--gpu-chip=sm_90] [--benchmark=N]
//
// Flags and formats are fixed by docs/Contract.md; input SPECs use
// iree-run-module's grammar (see nn/Reference/TensorIO.h). --device=cpu
// uses the persistent compile cache (docs/CompileCache.md; NN_CACHE_DIR).
// --device=cuda (or gpu) compiles with nn-gpu-pipeline and needs the CUDA
// driver (docs/GPU.md).
// This file holds the flags only; what nn-run does is in lib/Tooling
// (nn/Tooling/RunModule.h), where it is unit-tested.
//
//===----------------------------------------------------------------------===//

#include "nn/Tooling/RunModule.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

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
           cl::desc("Where to run: ref (the reference interpreter), cpu "
                    "(compiled for this CPU) or cuda (an NVIDIA GPU; gpu is "
                    "the same)"),
           cl::init("cpu"));
static cl::opt<std::string>
    gpuChip("gpu-chip", cl::desc("The GPU the kernels are for (--device=cuda)"),
            cl::init("sm_90"));
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
  nn::tooling::RunModuleOptions options;
  options.inputFile = inputFile;
  options.function = functionName;
  options.inputs = inputs;
  options.outputs = outputs;
  options.expectedOutputs = expectedOutputs;
  options.threshold = threshold;
  options.device = device;
  options.gpuChip = gpuChip;
  options.optLevel = optLevel;
  options.numThreads = numThreads;
  options.maxMemory = maxMemory;
  options.compileTo = compileTo;
  options.dumpPhasesTo = dumpPhasesTo;
  options.passPlugins = passPlugins;
  options.extraPasses = extraPasses;
  options.benchmark = benchmark;
  options.configure = [](PassManager &pm) -> LogicalResult {
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
      options.useCache = false;
  return nn::tooling::runModule(options, llvm::outs(), llvm::errs());
}
