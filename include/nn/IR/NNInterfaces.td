//===- NNInterfaces.td - Interfaces of the nn dialect --------*- tablegen -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_NNINTERFACES_TD
#define NN_IR_NNINTERFACES_TD

include "mlir/IR/OpBase.td"

def NN_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::nn";
  let description = [{
    An op that `nn-autodiff` can differentiate states its vector-Jacobian
    product (VJP) through this interface: given the gradient of the loss
    with respect to each of its results, it builds, with ordinary ops, the
    gradient with respect to each of its operands. Any op can implement it,
    also one of a user's own dialect; an op with float results on the path
    from a differentiated argument to the loss that does not is an error.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the gradients of the operands at the builder's insertion point,
        which is after the op, where its operands and results are available.
        `resultGradients` holds one gradient per result, of the result's type.
        Appends exactly one value per operand to `operandGradients`, of the
        operand's type, or a null value where the gradient is zero or the
        operand is not differentiable (integers, masks, shapes). Fails, with a
        diagnostic at the op, when the rule cannot handle the op's types.
      }],
      "::llvm::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultGradients,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGradients)>
  ];
}

def NN_ContractionOpInterface : OpInterface<"ContractionOpInterface"> {
  let cppNamespace = "::nn";
  let description = [{
    A contraction computes every result element as a sum of products over
    its operands (`nn.matmul`, `nn.conv2d`). `nn-fuse` starts an `epilogue`
    group at it, whose elementwise consumers run on each tile of the result
    while it is hot; constant folding runs it only when its multiply-adds
    are few enough (ConstantFold.h).
  }];
  let methods = [
    InterfaceMethod<[{
        The multiply-adds that make one result element (K for a matmul,
        KH * KW * C for a convolution), or nullopt when a size it depends on
        is dynamic or the count overflows.
      }],
      "std::optional<int64_t>", "getMultiplyAddsPerElement", (ins)>
  ];
}

#endif // NN_IR_NNINTERFACES_TD
