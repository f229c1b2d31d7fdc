//===- NNDialect.cpp - The nn dialect -------------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace nn;

#include "nn/IR/NNDialect.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nn/IR/NNOps.cpp.inc"
      >();
}

Operation *NNDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}

LogicalResult NNDialect::verifyRegionArgAttribute(Operation *op,
                                                  unsigned regionIndex,
                                                  unsigned argIndex,
                                                  NamedAttribute attribute) {
  if (attribute.getName() != kTiedResultAttrName)
    return op->emitError() << "unknown nn argument attribute '"
                           << attribute.getName().getValue() << "'";
  auto func = dyn_cast<func::FuncOp>(op);
  if (!func || regionIndex != 0)
    return op->emitError() << "'" << kTiedResultAttrName
                           << "' is an attribute of func.func arguments";
  auto index = dyn_cast<IntegerAttr>(attribute.getValue());
  if (!index)
    return op->emitError() << "'" << kTiedResultAttrName << "' of argument "
                           << argIndex << " must be an integer, got "
                           << attribute.getValue();
  int64_t result = index.getInt();
  if (result < 0 || result >= static_cast<int64_t>(func.getNumResults()))
    return op->emitError() << "argument " << argIndex << " is tied to result "
                           << result << " but the function has "
                           << func.getNumResults() << " results";
  Type argType = func.getArgumentTypes()[argIndex];
  Type resultType = func.getResultTypes()[result];
  // Buffers during bufferization, until nn-cpu-drop-tied-results.
  if (!isa<RankedTensorType, MemRefType>(argType) || argType != resultType)
    return op->emitError() << "argument " << argIndex << " (" << argType
                           << ") is tied to result " << result << " ("
                           << resultType
                           << "): both must be the same ranked tensor type";
  for (unsigned other = 0; other < func.getNumArguments(); ++other) {
    if (other == argIndex)
      continue;
    auto tied = func.getArgAttrOfType<IntegerAttr>(other, kTiedResultAttrName);
    if (tied && tied.getInt() == result)
      return op->emitError() << "arguments " << std::min(other, argIndex)
                             << " and " << std::max(other, argIndex)
                             << " are both tied to result " << result;
  }
  return success();
}
