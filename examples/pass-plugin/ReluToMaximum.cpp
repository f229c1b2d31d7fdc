//===- ReluToMaximum.cpp - An example pass plugin for nn -----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A user's pass, built outside nn's libraries and loaded at run time:
//
//   nn-opt --load-pass-plugin=NNExamplePassPlugin.so \
//          --pass-pipeline='builtin.module(func.func(nn-example-relu-to-maximum))'
//   nn-run --load-pass-plugin=NNExamplePassPlugin.so \
//          --extra-passes='func.func(nn-example-relu-to-maximum)' ...
//
// It rewrites `nn.relu %x` into `nn.maximum %x, 0` (the same values, NaN
// included). It names ops by their strings rather than linking nn's C++
// classes: the host process owns the nn dialect, and a second static copy of
// it inside the plugin would be a different dialect.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

using namespace mlir;

namespace {

struct ReluToMaximumPass
    : public PassWrapper<ReluToMaximumPass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ReluToMaximumPass)

  StringRef getArgument() const final { return "nn-example-relu-to-maximum"; }
  StringRef getDescription() const final {
    return "Example plugin pass: rewrites nn.relu as nn.maximum with zero";
  }

  void runOnOperation() override {
    SmallVector<Operation *> relus;
    getOperation().walk([&](Operation *op) {
      if (op->getName().getStringRef() == "nn.relu")
        relus.push_back(op);
    });
    for (Operation *relu : relus) {
      OpBuilder builder(relu);
      Location loc = relu->getLoc();
      auto type = cast<RankedTensorType>(relu->getResult(0).getType());
      auto scalarType = RankedTensorType::get({}, type.getElementType());
      Attribute zero =
          isa<FloatType>(type.getElementType())
              ? Attribute(builder.getFloatAttr(type.getElementType(), 0))
              : Attribute(builder.getIntegerAttr(type.getElementType(), 0));
      OperationState constant(loc, "nn.constant");
      constant.addAttribute("value", DenseElementsAttr::get(scalarType, zero));
      constant.addTypes(scalarType);
      Value zeroValue = builder.create(constant)->getResult(0);
      OperationState maximum(loc, "nn.maximum");
      maximum.addOperands({relu->getOperand(0), zeroValue});
      maximum.addTypes(type);
      Operation *replacement = builder.create(maximum);
      relu->replaceAllUsesWith(replacement);
      relu->erase();
    }
  }
};

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "NNExamplePassPlugin", LLVM_VERSION_STRING,
          [] { PassRegistration<ReluToMaximumPass>(); }};
}
