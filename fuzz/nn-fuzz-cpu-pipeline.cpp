//===- nn-fuzz-cpu-pipeline.cpp - Fuzzes nn-cpu-pipeline ------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// libFuzzer target: the bytes are an nn module's text; a module that parses
// and verifies is lowered with nn-cpu-pipeline through the pass manager, as
// `nn-opt --nn-cpu-pipeline` does. A pass may fail with a diagnostic; none
// may crash or leave IR that fails to verify unnoticed.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &context = nn::fuzz::getContext();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      nn::fuzz::parseAndVerify(context, data, size);
  if (!module)
    return 0;
  mlir::PassManager pm(&context);
  if (mlir::failed(mlir::parsePassPipeline("nn-cpu-pipeline", pm))) {
    // A broken registration is a bug of the target, not a finding.
    llvm::errs() << "nn-fuzz-cpu-pipeline: nn-cpu-pipeline is not registered\n";
    std::abort();
  }
  (void)pm.run(*module);
  return 0;
}
