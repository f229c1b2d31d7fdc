//===- Ops.cpp - Constants, random numbers, the evaluator registry --------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The evaluators of the ops that make values from attributes (constants,
// random numbers, sizes), what every evaluator shares (EvalUtils.h), and
// the one list of evaluated ops from which both the interface models and
// the interpreter's own lookup are made.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/Ops.h"

#include "EvalUtils.h"

#include "mlir/IR/DialectRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <tuple>

using namespace mlir;

namespace nn::ref {

//===----------------------------------------------------------------------===//
// Shared by the evaluators
//===----------------------------------------------------------------------===//

std::string opPrefix(Operation *op) {
  return "'" + op->getName().getStringRef().str() + "' op ";
}

absl::Status shapeError(Interpreter &interpreter, Operation *op) {
  return interpreter.error(op, opPrefix(op) +
                                   "has operands of incompatible shapes");
}

absl::StatusOr<kernels::Shape> checkResult(Interpreter &interpreter,
                                           Operation *op,
                                           FailureOr<nn::Shape> shape,
                                           unsigned resultIndex) {
  if (failed(shape))
    return shapeError(interpreter, op);
  auto declared = cast<RankedTensorType>(op->getResult(resultIndex).getType());
  if (declared.getRank() != static_cast<int64_t>(shape->size()))
    return interpreter.error(
        op, "result rank " + std::to_string(shape->size()) +
                " differs from the declared type " + formatType(declared));
  for (auto [dim, size] : llvm::zip(declared.getShape(), *shape))
    if (!ShapedType::isDynamic(dim) && dim != size)
      return interpreter.error(
          op, opPrefix(op) + "computed a result of shape " +
                  nn::formatShape(*shape) + " but its declared type is " +
                  formatType(declared));
  return kernels::Shape(shape->begin(), shape->end());
}

absl::Status checkStaticBroadcast(Interpreter &interpreter, Operation *op,
                                  Value operand, ArrayRef<int64_t> operandShape,
                                  ArrayRef<int64_t> resultShape,
                                  StringRef name) {
  if (!interpreter.rejectsDynamicBroadcast())
    return absl::OkStatus();
  auto type = cast<RankedTensorType>(operand.getType());
  size_t offset = resultShape.size() - operandShape.size();
  for (auto [d, size] : llvm::enumerate(operandShape))
    if (type.isDynamicDim(d) && size == 1 && resultShape[offset + d] != 1)
      return interpreter.error(
          op, opPrefix(op) + name.str() + " dimension " + std::to_string(d) +
                  " is dynamic and has size 1, which broadcasts to " +
                  std::to_string(resultShape[offset + d]) +
                  "; compiled code needs such a dimension to be static "
                  "(tensor<1x...>), or run with --device=ref");
  return absl::OkStatus();
}

DType getResultElementType(Operation *op, unsigned index) {
  return *getDType(op->getResult(index).getType());
}

kernels::Shape getDeclaredShape(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return kernels::Shape(type.getShape().begin(), type.getShape().end());
}

//===----------------------------------------------------------------------===//
// Constants, sizes and random numbers
//===----------------------------------------------------------------------===//

absl::StatusOr<Tensor> evalConstantOp(ConstantOp op,
                                      ArrayRef<const Tensor *> operands,
                                      Interpreter &interpreter) {
  // Checking shapes needs no weights.
  if (interpreter.isShapesOnly() && op.getType().getRank() > 0)
    return Tensor::shapeOnly(getResultElementType(op),
                             getDeclaredShape(op.getResult()));
  absl::StatusOr<Tensor> value = tensorFromAttr(op.getValue());
  if (!value.ok())
    return interpreter.error(op, std::string(value.status().message()));
  return value;
}

absl::StatusOr<Tensor> evalArithConstantOp(arith::ConstantOp op,
                                           ArrayRef<const Tensor *> operands,
                                           Interpreter &interpreter) {
  if (auto elements = dyn_cast<ElementsAttr>(op.getValue())) {
    absl::StatusOr<Tensor> value = tensorFromAttr(elements);
    if (!value.ok())
      return interpreter.error(op, std::string(value.status().message()));
    return value;
  }
  if (auto integer = dyn_cast<IntegerAttr>(op.getValue())) {
    Tensor scalar(*getDType(integer.getType()), {});
    scalar.setInt(0, integer.getValue().getSExtValue());
    return scalar;
  }
  return interpreter.error(op, "unsupported arith.constant value");
}

absl::StatusOr<Tensor> evalTensorDimOp(tensor::DimOp op,
                                       ArrayRef<const Tensor *> operands,
                                       Interpreter &interpreter) {
  int64_t index = operands[1]->getInt(0);
  if (index < 0 || index >= operands[0]->getRank())
    return interpreter.error(op, "'tensor.dim' index " + std::to_string(index) +
                                     " is out of range for rank " +
                                     std::to_string(operands[0]->getRank()));
  Tensor size(DType::I64, {});
  size.setInt(0, operands[0]->getShape()[index]);
  return size;
}

/// Random numbers from `sample(seed, type, shape)`, once the shape is
/// resolved from the size operands that follow the seed.
static absl::StatusOr<Tensor> evalRandom(
    Operation *op, ArrayRef<const Tensor *> operands, Interpreter &interpreter,
    function_ref<Tensor(int64_t, DType, const kernels::Shape &)> sample) {
  SmallVector<std::optional<int64_t>> sizes;
  for (const Tensor *size : operands.drop_front())
    sizes.push_back(size->hasData() ? std::optional(size->getInt(0))
                                    : std::nullopt);
  FailureOr<nn::Shape> resolved = resolveDynamicSizes(
      shapeErrors(op), cast<ShapedType>(op->getResult(0).getType()), sizes);
  if (failed(resolved))
    return shapeError(interpreter, op);
  kernels::Shape shape(resolved->begin(), resolved->end());
  if (!operands[0]->hasData())
    return Tensor::shapeOnly(getResultElementType(op), shape);
  return sample(operands[0]->getInt(0), getResultElementType(op), shape);
}

absl::StatusOr<Tensor> evalRandomUniformOp(RandomUniformOp op,
                                           ArrayRef<const Tensor *> operands,
                                           Interpreter &interpreter) {
  return evalRandom(op, operands, interpreter,
                    [&](int64_t seed, DType type, const kernels::Shape &shape) {
                      return kernels::randomUniform(
                          seed, type, shape, op.getLow().convertToDouble(),
                          op.getHigh().convertToDouble());
                    });
}

absl::StatusOr<Tensor> evalRandomNormalOp(RandomNormalOp op,
                                          ArrayRef<const Tensor *> operands,
                                          Interpreter &interpreter) {
  return evalRandom(op, operands, interpreter,
                    [&](int64_t seed, DType type, const kernels::Shape &shape) {
                      return kernels::randomNormal(
                          seed, type, shape, op.getMean().convertToDouble(),
                          op.getStddev().convertToDouble());
                    });
}

//===----------------------------------------------------------------------===//
// The registry
//===----------------------------------------------------------------------===//

namespace {

std::vector<Tensor> toResults(Tensor tensor) {
  std::vector<Tensor> results;
  results.push_back(std::move(tensor));
  return results;
}
std::vector<Tensor> toResults(std::vector<Tensor> tensors) { return tensors; }

template <typename T>
absl::StatusOr<std::vector<Tensor>> toResults(absl::StatusOr<T> value) {
  if (!value.ok())
    return value.status();
  return toResults(*std::move(value));
}

/// An op class and its evaluator, adapted to EvaluateFn.
template <typename OpT, auto Evaluate> struct Evaluator {
  using Op = OpT;
  static absl::StatusOr<std::vector<Tensor>>
  run(Operation *op, ArrayRef<const Tensor *> operands,
      Interpreter &interpreter) {
    return toResults(Evaluate(cast<OpT>(op), operands, interpreter));
  }
};

/// Every evaluated op of the nn dialect. A new op goes here and into Ops.h
/// (unittests/Reference/EvaluatorTest.cpp fails for an op left out).
using NNEvaluators = std::tuple<
    Evaluator<ConstantOp, evalConstantOp>, Evaluator<AddOp, evalAddOp>,
    Evaluator<SubOp, evalSubOp>, Evaluator<MulOp, evalMulOp>,
    Evaluator<DivOp, evalDivOp>, Evaluator<PowOp, evalPowOp>,
    Evaluator<MaximumOp, evalMaximumOp>, Evaluator<MinimumOp, evalMinimumOp>,
    Evaluator<CompareOp, evalCompareOp>, Evaluator<SelectOp, evalSelectOp>,
    Evaluator<NegOp, evalNegOp>, Evaluator<AbsOp, evalAbsOp>,
    Evaluator<ExpOp, evalExpOp>, Evaluator<LogOp, evalLogOp>,
    Evaluator<SqrtOp, evalSqrtOp>, Evaluator<RsqrtOp, evalRsqrtOp>,
    Evaluator<TanhOp, evalTanhOp>, Evaluator<SigmoidOp, evalSigmoidOp>,
    Evaluator<ReluOp, evalReluOp>, Evaluator<SignOp, evalSignOp>,
    Evaluator<CastOp, evalCastOp>, Evaluator<MatmulOp, evalMatmulOp>,
    Evaluator<Conv2DOp, evalConv2DOp>, Evaluator<MaxPool2DOp, evalMaxPool2DOp>,
    Evaluator<AvgPool2DOp, evalAvgPool2DOp>,
    Evaluator<ReduceSumOp, evalReduceSumOp>,
    Evaluator<ReduceMeanOp, evalReduceMeanOp>,
    Evaluator<ReduceMaxOp, evalReduceMaxOp>,
    Evaluator<ReduceMinOp, evalReduceMinOp>, Evaluator<ArgmaxOp, evalArgmaxOp>,
    Evaluator<SoftmaxOp, evalSoftmaxOp>,
    Evaluator<LogSoftmaxOp, evalLogSoftmaxOp>,
    Evaluator<ReshapeOp, evalReshapeOp>,
    Evaluator<TransposeOp, evalTransposeOp>,
    Evaluator<BroadcastToOp, evalBroadcastToOp>,
    Evaluator<ConcatOp, evalConcatOp>, Evaluator<SliceOp, evalSliceOp>,
    Evaluator<PadOp, evalPadOp>, Evaluator<OneHotOp, evalOneHotOp>,
    Evaluator<RandomUniformOp, evalRandomUniformOp>,
    Evaluator<RandomNormalOp, evalRandomNormalOp>,
    Evaluator<BroadcastLikeOp, evalBroadcastLikeOp>,
    Evaluator<UnbroadcastOp, evalUnbroadcastOp>,
    Evaluator<Conv2DInputGradOp, evalConv2DInputGradOp>,
    Evaluator<Conv2DFilterGradOp, evalConv2DFilterGradOp>,
    Evaluator<MaxPool2DGradOp, evalMaxPool2DGradOp>,
    Evaluator<AvgPool2DGradOp, evalAvgPool2DGradOp>,
    Evaluator<FusionOp, evalFusionOp>, Evaluator<CondOp, evalCondOp>,
    Evaluator<WhileOp, evalWhileOp>, Evaluator<ForOp, evalForOp>>;

/// The upstream ops that IR lowered for the JIT's run-time checks holds.
using ArithEvaluators =
    std::tuple<Evaluator<arith::ConstantOp, evalArithConstantOp>>;
using TensorEvaluators = std::tuple<Evaluator<tensor::DimOp, evalTensorDimOp>>;

template <typename E>
struct EvaluableModel
    : public EvaluableOpInterface::ExternalModel<EvaluableModel<E>,
                                                 typename E::Op> {
  absl::StatusOr<std::vector<Tensor>>
  evaluate(Operation *op, ArrayRef<const Tensor *> operands,
           Interpreter &interpreter) const {
    return E::run(op, operands, interpreter);
  }
};

template <typename... Es>
void attachModels(MLIRContext *context, std::tuple<Es...> *) {
  (Es::Op::template attachInterface<EvaluableModel<Es>>(*context), ...);
}

template <typename... Es> EvaluateFn find(TypeID id, std::tuple<Es...> *) {
  EvaluateFn found = nullptr;
  (void)((id == TypeID::get<typename Es::Op>() ? (found = &Es::run, true)
                                               : false) ||
         ...);
  return found;
}

} // namespace

void registerEvaluators(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, NNDialect *) {
    attachModels(context, static_cast<NNEvaluators *>(nullptr));
  });
  registry.addExtension(+[](MLIRContext *context, arith::ArithDialect *) {
    attachModels(context, static_cast<ArithEvaluators *>(nullptr));
  });
  registry.addExtension(+[](MLIRContext *context, tensor::TensorDialect *) {
    attachModels(context, static_cast<TensorEvaluators *>(nullptr));
  });
}

EvaluateFn lookupEvaluator(Operation *op) {
  std::optional<RegisteredOperationName> name = op->getRegisteredInfo();
  if (!name)
    return nullptr;
  TypeID id = name->getTypeID();
  if (EvaluateFn found = find(id, static_cast<NNEvaluators *>(nullptr)))
    return found;
  if (EvaluateFn found = find(id, static_cast<ArithEvaluators *>(nullptr)))
    return found;
  return find(id, static_cast<TensorEvaluators *>(nullptr));
}

} // namespace nn::ref
