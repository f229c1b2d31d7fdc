//===- nn-fuzz-parse.cpp - Fuzzes parsing, verifying, canonicalizing ------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// libFuzzer target: the bytes are an nn module's text; it is parsed, verified
// and canonicalized (with nn's constant folding), as nn-opt does. Any input
// may be rejected with a diagnostic; none may crash.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &context = nn::fuzz::getContext();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      nn::fuzz::parseAndVerify(context, data, size);
  if (!module)
    return 0;
  mlir::PassManager pm(&context);
  pm.addPass(mlir::createCanonicalizerPass());
  (void)pm.run(*module);
  return 0;
}
