//===- nn-opt.cpp - The nn optimizer driver -------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// mlir-opt with the nn dialect and nn's passes: parses a .mlir file, runs a
// pass pipeline and prints the result.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/GPU/Passes.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/Parse.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Bytecode/BytecodeReader.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

/// Whether `input` is free of what MLIR crashes on; the errors are printed
/// otherwise. The input is read once (it may be stdin), so the check reads
/// the buffer that MlirOptMain is handed afterwards: text is scanned, and
/// bytecode (which the reader accepts, to crash later) parsed once more.
static bool isSafeInput(const llvm::MemoryBuffer &input,
                        const DialectRegistry &registry,
                        const MlirOptMainConfig &config) {
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  context.allowUnregisteredDialects(config.shouldAllowUnregisteredDialects());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(input.getMemBufferRef(),
                                       /*RequiresNullTerminator=*/false),
      llvm::SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  if (!isBytecode(input.getMemBufferRef()))
    return succeeded(nn::checkParserCrashes(sourceMgr, &context));
  OwningOpRef<ModuleOp> module;
  {
    // Other errors are MlirOptMain's to report, as it would without this.
    ScopedDiagnosticHandler quiet(&context,
                                  [](Diagnostic &) { return success(); });
    module = parseSourceFile<ModuleOp>(
        sourceMgr, ParserConfig(&context, /*verifyAfterParse=*/false));
  }
  return !module || succeeded(nn::checkIndexDenseArrays(*module));
}

/// MlirOptMain's own main, with the input checked before it is parsed.
static LogicalResult runOpt(int argc, char **argv, DialectRegistry &registry) {
  auto [inputFile, outputFile] =
      registerAndParseCLIOptions(argc, argv, "nn optimizer driver\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  // These read no input.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return MlirOptMain(argc, argv, inputFile, outputFile, registry);
  llvm::InitLLVM init(argc, argv);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << error << "\n";
    return failure();
  }
  if (!isSafeInput(*input, registry, config))
    return failure();
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return failure();
  }
  if (failed(MlirOptMain(output->os(), std::move(input), registry, config)))
    return failure();
  output->keep();
  return success();
}

int main(int argc, char **argv) {
  nn::registerAllPasses();
  nn::registerGPUPasses();

  DialectRegistry registry;
  registry.insert<nn::NNDialect>();
  nn::registerConstantFolding(registry);
  // The upstream dialects the nn pipelines lower through (func, arith, math,
  // tensor, linalg, scf, bufferization, vector, memref, llvm, ...).
  registerAllDialects(registry);
  registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR and PTX.
  nn::registerGPUDialectExtensions(registry);

  return asMainReturnCode(runOpt(argc, argv, registry));
}
