//===- Ops.h - The reference semantics of the nn ops ------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One evaluator per op, named after it: each checks the op's shape rules on
// the concrete operand shapes (ShapeInference.h, the verifiers' own rules and
// messages), then runs the op's kernel. They are the nn ops' implementation
// of EvaluableOpInterface; the interpreter only walks the IR and calls them.
//
// Single-result ops give a Tensor, ops with regions a vector. The files
// follow the op families: ElementwiseOps.cpp, ContractionOps.cpp,
// ReductionOps.cpp, ShapeOps.cpp, ControlFlowOps.cpp, and Ops.cpp for
// constants, random numbers and the registration.
//
//===----------------------------------------------------------------------===//

#ifndef NN_REFERENCE_OPS_H
#define NN_REFERENCE_OPS_H

#include "nn/IR/NNOps.h"
#include "nn/Reference/EvaluableOpInterface.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace nn::ref {

/// Attaches EvaluableOpInterface to every nn op (and to the arith.constant
/// and tensor.dim ops that lowered IR holds). The interpreter runs the nn
/// ops without it too (see lookupEvaluator), so that IR in a context that
/// did not register it still runs; registering makes the ops answer to the
/// interface like a user's op that implements it.
void registerEvaluators(mlir::DialectRegistry &registry);

/// The evaluator of an op that has one here, as the interface would call
/// it; null for any other op.
using EvaluateFn = absl::StatusOr<std::vector<Tensor>> (*)(
    mlir::Operation *op, llvm::ArrayRef<const Tensor *> operands,
    Interpreter &interpreter);
EvaluateFn lookupEvaluator(mlir::Operation *op);

// Every evaluator takes the op, its operands' values and the interpreter
// that runs it.

// Constants and random numbers (Ops.cpp).
absl::StatusOr<Tensor> evalConstantOp(ConstantOp op,
                                      llvm::ArrayRef<const Tensor *> operands,
                                      Interpreter &interpreter);
absl::StatusOr<Tensor>
evalRandomUniformOp(RandomUniformOp op, llvm::ArrayRef<const Tensor *> operands,
                    Interpreter &interpreter);
absl::StatusOr<Tensor>
evalRandomNormalOp(RandomNormalOp op, llvm::ArrayRef<const Tensor *> operands,
                   Interpreter &interpreter);
absl::StatusOr<Tensor>
evalArithConstantOp(mlir::arith::ConstantOp op,
                    llvm::ArrayRef<const Tensor *> operands,
                    Interpreter &interpreter);
absl::StatusOr<Tensor> evalTensorDimOp(mlir::tensor::DimOp op,
                                       llvm::ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter);

// Elementwise ops (ElementwiseOps.cpp).
absl::StatusOr<Tensor> evalAddOp(AddOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalSubOp(SubOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalMulOp(MulOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalDivOp(DivOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalPowOp(PowOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalMaximumOp(MaximumOp op,
                                     llvm::ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter);
absl::StatusOr<Tensor> evalMinimumOp(MinimumOp op,
                                     llvm::ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter);
absl::StatusOr<Tensor> evalCompareOp(CompareOp op,
                                     llvm::ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter);
absl::StatusOr<Tensor> evalSelectOp(SelectOp op,
                                    llvm::ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter);
absl::StatusOr<Tensor> evalNegOp(NegOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalAbsOp(AbsOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalExpOp(ExpOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalLogOp(LogOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);
absl::StatusOr<Tensor> evalSqrtOp(SqrtOp op,
                                  llvm::ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter);
absl::StatusOr<Tensor> evalRsqrtOp(RsqrtOp op,
                                   llvm::ArrayRef<const Tensor *> operands,
                                   Interpreter &interpreter);
absl::StatusOr<Tensor> evalTanhOp(TanhOp op,
                                  llvm::ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter);
absl::StatusOr<Tensor> evalSigmoidOp(SigmoidOp op,
                                     llvm::ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter);
absl::StatusOr<Tensor> evalReluOp(ReluOp op,
                                  llvm::ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter);
absl::StatusOr<Tensor> evalSignOp(SignOp op,
                                  llvm::ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter);
absl::StatusOr<Tensor> evalCastOp(CastOp op,
                                  llvm::ArrayRef<const Tensor *> operands,
                                  Interpreter &interpreter);
absl::StatusOr<Tensor> evalOneHotOp(OneHotOp op,
                                    llvm::ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter);

// Contractions, windows and their gradients (ContractionOps.cpp).
absl::StatusOr<Tensor> evalMatmulOp(MatmulOp op,
                                    llvm::ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter);
absl::StatusOr<Tensor> evalConv2DOp(Conv2DOp op,
                                    llvm::ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter);
absl::StatusOr<Tensor> evalMaxPool2DOp(MaxPool2DOp op,
                                       llvm::ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter);
absl::StatusOr<Tensor> evalAvgPool2DOp(AvgPool2DOp op,
                                       llvm::ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter);
absl::StatusOr<Tensor>
evalConv2DInputGradOp(Conv2DInputGradOp op,
                      llvm::ArrayRef<const Tensor *> operands,
                      Interpreter &interpreter);
absl::StatusOr<Tensor>
evalConv2DFilterGradOp(Conv2DFilterGradOp op,
                       llvm::ArrayRef<const Tensor *> operands,
                       Interpreter &interpreter);
absl::StatusOr<Tensor>
evalMaxPool2DGradOp(MaxPool2DGradOp op, llvm::ArrayRef<const Tensor *> operands,
                    Interpreter &interpreter);
absl::StatusOr<Tensor>
evalAvgPool2DGradOp(AvgPool2DGradOp op, llvm::ArrayRef<const Tensor *> operands,
                    Interpreter &interpreter);

// Reductions (ReductionOps.cpp).
absl::StatusOr<Tensor> evalReduceSumOp(ReduceSumOp op,
                                       llvm::ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter);
absl::StatusOr<Tensor> evalReduceMeanOp(ReduceMeanOp op,
                                        llvm::ArrayRef<const Tensor *> operands,
                                        Interpreter &interpreter);
absl::StatusOr<Tensor> evalReduceMaxOp(ReduceMaxOp op,
                                       llvm::ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter);
absl::StatusOr<Tensor> evalReduceMinOp(ReduceMinOp op,
                                       llvm::ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter);
absl::StatusOr<Tensor> evalArgmaxOp(ArgmaxOp op,
                                    llvm::ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter);
absl::StatusOr<Tensor> evalSoftmaxOp(SoftmaxOp op,
                                     llvm::ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter);
absl::StatusOr<Tensor> evalLogSoftmaxOp(LogSoftmaxOp op,
                                        llvm::ArrayRef<const Tensor *> operands,
                                        Interpreter &interpreter);

// Shape manipulation (ShapeOps.cpp).
absl::StatusOr<Tensor> evalReshapeOp(ReshapeOp op,
                                     llvm::ArrayRef<const Tensor *> operands,
                                     Interpreter &interpreter);
absl::StatusOr<Tensor> evalTransposeOp(TransposeOp op,
                                       llvm::ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter);
absl::StatusOr<Tensor>
evalBroadcastToOp(BroadcastToOp op, llvm::ArrayRef<const Tensor *> operands,
                  Interpreter &interpreter);
absl::StatusOr<Tensor>
evalBroadcastLikeOp(BroadcastLikeOp op, llvm::ArrayRef<const Tensor *> operands,
                    Interpreter &interpreter);
absl::StatusOr<Tensor>
evalUnbroadcastOp(UnbroadcastOp op, llvm::ArrayRef<const Tensor *> operands,
                  Interpreter &interpreter);
absl::StatusOr<Tensor> evalConcatOp(ConcatOp op,
                                    llvm::ArrayRef<const Tensor *> operands,
                                    Interpreter &interpreter);
absl::StatusOr<Tensor> evalSliceOp(SliceOp op,
                                   llvm::ArrayRef<const Tensor *> operands,
                                   Interpreter &interpreter);
absl::StatusOr<Tensor> evalPadOp(PadOp op,
                                 llvm::ArrayRef<const Tensor *> operands,
                                 Interpreter &interpreter);

// Ops with regions (ControlFlowOps.cpp).
absl::StatusOr<std::vector<Tensor>>
evalCondOp(CondOp op, llvm::ArrayRef<const Tensor *> operands,
           Interpreter &interpreter);
absl::StatusOr<std::vector<Tensor>>
evalWhileOp(WhileOp op, llvm::ArrayRef<const Tensor *> operands,
            Interpreter &interpreter);
absl::StatusOr<std::vector<Tensor>>
evalForOp(ForOp op, llvm::ArrayRef<const Tensor *> operands,
          Interpreter &interpreter);
absl::StatusOr<std::vector<Tensor>>
evalFusionOp(FusionOp op, llvm::ArrayRef<const Tensor *> operands,
             Interpreter &interpreter);

} // namespace nn::ref

#endif // NN_REFERENCE_OPS_H
