//===- nn-compile.cpp - Compile nn functions ahead of time ----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn-compile FILE.mlir [--function=NAME ...] [--device=cpu] -o OUT.o
//            [--emit-header=OUT.h] [--opt-level=N] [--num-threads=N]
//            [--mcpu=CPU] [--max-memory=BYTES]
//
// Writes a relocatable object with a C entry point per function and,
// optionally, the header that declares them (docs/AOT.md). The outputs are
// written to temporary files renamed into place at the end: a failed
// compile leaves no partial file behind.
//
//===----------------------------------------------------------------------===//

#include "nn/AOT/Compiler.h"
#include "nn/IR/NNDialect.h"
#include "nn/Reference/ConstantFold.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input.mlir>"),
                                      cl::Required);
static cl::list<std::string>
    functions("function",
              cl::desc("A function to compile (repeatable); by default "
                       "every public function"),
              cl::value_desc("name"));
static cl::opt<std::string>
    device("device",
           cl::desc("The device to compile for: cpu, or cuda (gpu) for an "
                    "NVIDIA GPU"),
           cl::init("cpu"));
static cl::opt<std::string>
    gpuChip("gpu-chip", cl::desc("The GPU the kernels are for (--device=cuda)"),
            cl::init("sm_90"));
static cl::opt<std::string> outputFile("o", cl::desc("The object to write"),
                                       cl::value_desc("file.o"), cl::Required);
static cl::opt<std::string> headerFile("emit-header",
                                       cl::desc("Also write the C header"),
                                       cl::value_desc("file.h"));
static cl::opt<unsigned> optLevel("opt-level",
                                  cl::desc("LLVM optimization level (0-3)"),
                                  cl::init(2));
static cl::opt<int>
    numThreads("num-threads",
               cl::desc("Threads of the parallel loops: 0 for every core "
                        "(default; the object then needs libomp), 1 for "
                        "sequential code"),
               cl::init(0));
static cl::opt<std::string>
    cpu("mcpu",
        cl::desc("The CPU to generate code for: host (default, as the JIT) "
                 "or an LLVM CPU name such as x86-64-v3"),
        cl::init("host"));
static cl::opt<bool>
    emitLLVM("emit-llvm",
             cl::desc("Write the final LLVM IR to -o instead of an object"),
             cl::init(false));
static cl::opt<uint64_t> maxMemory(
    "max-memory",
    cl::desc("The largest static tensor in bytes; 0 for this machine's "
             "memory (default)"),
    cl::init(0));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "nn-compile: error: " << message << "\n";
  return 1;
}

namespace {
/// An output written to a temporary file in its directory, renamed into
/// place by commit(); discarded otherwise.
class Output {
public:
  static std::optional<Output> open(const std::string &path) {
    if (llvm::sys::fs::is_directory(path)) {
      fail("cannot write '" + path + "': it is a directory");
      return std::nullopt;
    }
    llvm::Expected<llvm::sys::fs::TempFile> temp =
        llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
    if (!temp) {
      fail("cannot write '" + path + "': " + llvm::toString(temp.takeError()));
      return std::nullopt;
    }
    return Output(path, std::move(*temp));
  }
  Output(Output &&) = default;
  Output &operator=(Output &&) = default;
  ~Output() {
    if (temp)
      llvm::consumeError(temp->discard());
  }

  bool commit(llvm::StringRef contents) {
    {
      llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
      os << contents;
      os.flush();
      if (os.has_error()) {
        fail("cannot write '" + path + "': " + os.error().message());
        os.clear_error();
        return false;
      }
    }
    llvm::Error error = temp->keep(path);
    temp.reset();
    if (error) {
      fail("cannot write '" + path + "': " + llvm::toString(std::move(error)));
      return false;
    }
    return true;
  }

private:
  Output(std::string path, llvm::sys::fs::TempFile temp)
      : path(std::move(path)), temp(std::move(temp)) {}
  std::string path;
  std::optional<llvm::sys::fs::TempFile> temp;
};
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::ParseCommandLineOptions(argc, argv,
                              "nn-compile: compile nn functions ahead of "
                              "time into an object and a C header\n");
  if (device == "gpu")
    device = "cuda";
  if (device != "cpu" && device != "cuda" && device != "ref")
    return fail("unknown device '" + device + "' (expected cpu or cuda)");
  if (device == "ref")
    return fail("device 'ref' cannot be compiled ahead of time (expected "
                "cpu or cuda)");
  if (optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3");

  // The outputs first: an unwritable path fails before a long compile.
  std::optional<Output> object = Output::open(outputFile);
  if (!object)
    return 1;
  std::optional<Output> header;
  if (!headerFile.empty() && !(header = Output::open(headerFile)))
    return 1;

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
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1; // The parser or verifier printed the diagnostic.

  nn::aot::AotOptions options;
  options.functions = functions;
  options.optLevel = static_cast<int>(optLevel);
  options.numThreads = numThreads;
  options.maxTensorBytes = maxMemory;
  options.cpu = cpu;
  options.device = device;
  options.gpuChip = gpuChip;
  options.sourceName = inputFile;
  options.emitLLVM = emitLLVM;
  if (!headerFile.empty())
    options.headerName = headerFile;
  options.configure = [](PassManager &pm) -> LogicalResult {
    if (failed(applyPassManagerCLOptions(pm)))
      return failure();
    applyDefaultTimingPassManagerCLOptions(pm);
    return success();
  };
  absl::StatusOr<nn::aot::AotResult> result =
      nn::aot::compileAheadOfTime(*module, options);
  if (!result.ok())
    return fail(std::string(result.status().message()));
  if (!object->commit(result->object) ||
      (header && !header->commit(result->header)))
    return 1;
  return 0;
}
