//===- ConstantFold.cpp - Constant folding through the interpreter --------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/ConstantFold.h"

#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Reference/Ops.h"
#include "nn/Support/Sizes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Interfaces/FoldInterfaces.h"

using namespace mlir;

namespace nn {
namespace {

/// Element count of a constant as it is stored (a splat stores one).
int64_t storedElements(Attribute attr) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.isSplat() ? 1 : dense.getNumElements();
  if (auto elements = dyn_cast<ElementsAttr>(attr))
    return elements.getNumElements();
  return 1;
}

/// Whether running the op's kernel is cheap enough to do while compiling:
/// a contraction's multiply-adds are bounded, every other op is linear in
/// the element counts that the caller bounds.
bool isCheapEnough(Operation *op) {
  auto contraction = dyn_cast<ContractionOpInterface>(op);
  if (!contraction)
    return true;
  std::optional<int64_t> perElement = contraction.getMultiplyAddsPerElement();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  return perElement && hasAtMostElements(type.getShape(),
                                         kMaxFoldedMultiplyAdds /
                                             std::max<int64_t>(*perElement, 1));
}

/// A splat attribute when every element is equal, so that a folded
/// broadcast of a splat stays one element in the IR.
DenseElementsAttr compact(DenseElementsAttr attr) {
  if (attr.isSplat() || attr.getNumElements() == 0)
    return attr;
  if (attr.getElementType().isIntOrIndex()) {
    auto values = attr.getValues<APInt>();
    APInt first = *values.begin();
    if (llvm::all_of(values, [&](const APInt &v) { return v == first; }))
      return DenseElementsAttr::get(attr.getType(), first);
    return attr;
  }
  auto values = attr.getValues<APFloat>();
  APFloat first = *values.begin();
  if (llvm::all_of(values,
                   [&](const APFloat &v) { return v.bitwiseIsEqual(first); }))
    return DenseElementsAttr::get(attr.getType(), first);
  return attr;
}

struct ReferenceFoldInterface : public DialectFoldInterface {
  using DialectFoldInterface::DialectFoldInterface;

  LogicalResult fold(Operation *op, ArrayRef<Attribute> operands,
                     SmallVectorImpl<OpFoldResult> &results) const final {
    // Constants fold by themselves; grad ops need their callee.
    if (isa<ConstantOp, GradOp, ValueAndGradOp>(op) || op->getNumRegions())
      return failure();
    int64_t inputElements = 0;
    std::vector<ref::Tensor> tensors;
    for (Attribute attr : operands) {
      if (auto elements = dyn_cast_if_present<ElementsAttr>(attr)) {
        // The cap is checked on the shape, before anything is allocated:
        // getNumElements() wraps for shapes over 2^63 elements.
        if (!hasAtMostElements(elements.getShapedType().getShape(),
                               kMaxFoldedElements))
          return failure();
        absl::StatusOr<ref::Tensor> tensor = ref::tensorFromAttr(elements);
        if (!tensor.ok())
          return failure();
        inputElements += storedElements(attr);
        tensors.push_back(*std::move(tensor));
      } else if (auto integer = dyn_cast_if_present<IntegerAttr>(attr)) {
        ref::Tensor scalar(DType::I64, {});
        scalar.setInt(0, integer.getValue().getSExtValue());
        inputElements += 1;
        tensors.push_back(std::move(scalar));
      } else {
        return failure();
      }
    }
    SmallVector<RankedTensorType> resultTypes;
    for (Type type : op->getResultTypes()) {
      auto tensorType = dyn_cast<RankedTensorType>(type);
      if (!tensorType || !tensorType.hasStaticShape() ||
          !hasAtMostElements(tensorType.getShape(), kMaxFoldedElements))
        return failure();
      resultTypes.push_back(tensorType);
    }
    if (!isCheapEnough(op))
      return failure();
    // Errors (say, integer division by zero) leave the op for run time.
    absl::StatusOr<std::vector<ref::Tensor>> values =
        ref::evaluateOp(op, tensors);
    if (!values.ok())
      return failure();
    SmallVector<OpFoldResult> folded;
    for (auto [tensor, type] : llvm::zip(*values, resultTypes)) {
      DenseElementsAttr attr = compact(ref::attrFromTensor(tensor, type));
      // Never grow the IR: a result stored larger than all inputs together
      // (a broadcast, a one-hot, random numbers) stays an op.
      if (!attr.isSplat() && attr.getNumElements() > inputElements)
        return failure();
      folded.push_back(attr);
    }
    results.append(folded.begin(), folded.end());
    return success();
  }
};

} // namespace

void registerConstantFolding(DialectRegistry &registry) {
  // Folding runs the ops' evaluators, so the ops get the interface too.
  ref::registerEvaluators(registry);
  registry.addExtension(+[](MLIRContext *, NNDialect *dialect) {
    dialect->addInterfaces<ReferenceFoldInterface>();
  });
}

} // namespace nn
