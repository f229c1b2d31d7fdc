//===- TraceUtils.cpp - Building and running traced modules ---------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "TraceInternal.h"

#include "nn/Reference/Interpreter.h"
#include "nn/Transforms/Passes.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace nn::detail {

std::vector<Array>
addArguments(Frame &frame,
             const std::vector<std::pair<DType, std::vector<int64_t>>> &types,
             SourceSite site) {
  std::vector<Array> args;
  for (const auto &[dtype, shape] : types) {
    Value arg =
        frame.block->addArgument(toTensorType(dtype, shape), toLocation(site));
    args.push_back(tracedArray(arg, frame, site));
  }
  return args;
}

absl::StatusOr<SmallVector<Value>> resolveAll(const std::vector<Array> &arrays,
                                              Frame &frame) {
  SmallVector<Value> values;
  for (const Array &array : arrays) {
    absl::StatusOr<Value> value = resolve(array, frame);
    if (!value.ok())
      return value.status();
    values.push_back(*value);
  }
  return values;
}

func::FuncOp finishFunction(Frame &frame, llvm::StringRef name,
                            ValueRange results) {
  OpBuilder &b = frame.builder;
  b.setInsertionPointToEnd(frame.block.get());
  func::ReturnOp::create(b, b.getUnknownLoc(), results);
  auto type =
      b.getFunctionType(frame.block->getArgumentTypes(), TypeRange(results));
  OpBuilder detached(b.getContext());
  auto func = func::FuncOp::create(detached, b.getUnknownLoc(), name, type);
  func.getBody().push_back(frame.block.release());
  return func;
}

std::vector<Operation *> &outlinedFunctions(Frame &top) { return top.outlined; }

std::string newSymbolName(Frame &top, llvm::StringRef stem) {
  return (top.function + "_" + stem + "_" + std::to_string(top.symbols++))
      .str();
}

absl::Status runFrontendPasses(ModuleOp module, bool optimize, bool fuse) {
  absl::Status status;
  std::string diagnostics = captureDiagnostics([&] {
    PassManager pm(module->getContext());
    pm.addPass(nn::createNNAutodiff());
    if (optimize) {
      pm.addPass(createCanonicalizerPass());
      pm.addPass(createCSEPass());
      if (fuse)
        pm.addNestedPass<func::FuncOp>(nn::createNNFuse());
    }
    if (failed(pm.run(module)))
      status = absl::InvalidArgumentError("");
  });
  if (!status.ok())
    return absl::InvalidArgumentError(diagnostics);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>>
interpret(ModuleOp module, llvm::StringRef name,
          const std::vector<TensorView> &inputs) {
  std::vector<ref::Tensor> values;
  values.reserve(inputs.size());
  for (const TensorView &input : inputs)
    values.push_back(toRef(input));
  absl::StatusOr<std::vector<ref::Tensor>> results =
      ref::runFunction(module, name, values);
  if (!results.ok())
    return results.status();
  std::vector<Tensor> outputs;
  for (ref::Tensor &result : *results)
    outputs.push_back(fromRef(std::move(result)));
  return outputs;
}

std::string printModule(ModuleOp module, bool withLocations) {
  std::string text;
  llvm::raw_string_ostream os(text);
  OpPrintingFlags flags;
  if (withLocations)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  module->print(os, flags);
  return text;
}

bool dependsOn(Value value, BlockArgument arg) {
  llvm::SetVector<Value> seen;
  SmallVector<Value> work{value};
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (v == arg)
      return true;
    if (!seen.insert(v))
      continue;
    if (Operation *op = v.getDefiningOp()) {
      for (Value operand : op->getOperands())
        work.push_back(operand);
      // Values used inside regions (control flow) count too.
      op->walk([&](Operation *inner) {
        for (Value operand : inner->getOperands())
          work.push_back(operand);
      });
    }
  }
  return false;
}

} // namespace nn::detail
