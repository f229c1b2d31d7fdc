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

#include "nn/Conversion/Passes.h"
#include "nn/IR/NNDialect.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  nn::registerAllPasses();

  mlir::DialectRegistry registry;
  registry.insert<nn::NNDialect>();
  nn::registerConstantFolding(registry);
  // The upstream dialects the nn pipelines lower through (func, arith, math,
  // tensor, linalg, scf, bufferization, vector, memref, llvm, ...).
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nn optimizer driver\n", registry));
}
