//===- EvaluableOpInterface.td - Ops the interpreter runs ---*- tablegen -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_REFERENCE_EVALUABLEOPINTERFACE_TD
#define NN_REFERENCE_EVALUABLEOPINTERFACE_TD

include "mlir/IR/OpBase.td"

// Declared here, not in IR: its methods take the interpreter's tensors, and
// the IR layer does not depend on the interpreter. The nn ops get it as
// external models (nn::ref::registerEvaluators).
def NN_EvaluableOpInterface : OpInterface<"EvaluableOpInterface"> {
  let cppNamespace = "::nn::ref";
  let description = [{
    An op that the reference interpreter can run states its semantics
    through this interface: given the values of its operands, it computes
    the values of its results with plain, obviously correct code. Every nn
    op has it (lib/Reference/*Ops.cpp); an op of a user's own dialect that
    implements it runs in the interpreter, and so in constant folding and
    in eager mode, like an nn op.
  }];
  let methods = [
    InterfaceMethod<[{
        Computes one value per result from `operands`, one per operand, whose
        element types and ranks match the operand types and whose sizes are
        concrete. Checks every shape rule that a dynamic size could break,
        with the verifier's rule and message (ShapeInference.h), and reports
        the failure through `interpreter.error`. In shape-only mode
        (`interpreter.isShapesOnly()`) the operands may have no data; the
        results then need none either.
      }],
      "::absl::StatusOr<std::vector<::nn::ref::Tensor>>", "evaluate",
      (ins "::llvm::ArrayRef<const ::nn::ref::Tensor *>":$operands,
           "::nn::ref::Interpreter &":$interpreter)>
  ];
}

#endif // NN_REFERENCE_EVALUABLEOPINTERFACE_TD
