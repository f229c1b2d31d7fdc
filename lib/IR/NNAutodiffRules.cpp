//===- NNAutodiffRules.cpp - Vector-Jacobian products of the nn ops -------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each differentiable op's VJP, built from nn ops (DifferentiableOpInterface).
// `g` is the gradient of the op's result, `y` the result. Rules at
// non-differentiable points are documented in docs/Autodiff.md.
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace nn;

namespace {

/// Small builders for VJP rules; every result type is inferred.
class VJPBuilder {
public:
  VJPBuilder(OpBuilder &builder, Operation *op)
      : b(builder), loc(op->getLoc()), op(op) {}

  /// A rank-0 constant of `elementType`.
  Value scalar(double value, Type elementType) {
    auto type = RankedTensorType::get({}, elementType);
    Attribute element =
        isa<FloatType>(elementType)
            ? Attribute(b.getFloatAttr(elementType, value))
            : Attribute(b.getIntegerAttr(elementType, int64_t(value)));
    return ConstantOp::create(b, loc, DenseElementsAttr::get(type, element));
  }
  Value scalarLike(double value, Value like) {
    return scalar(value, getElementTypeOrSelf(like.getType()));
  }
  /// Zeros of the (run-time) shape of `like`.
  Value zerosLike(Value like) {
    auto type = cast<RankedTensorType>(like.getType());
    if (type.hasStaticShape())
      return ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(
              type, cast<DenseElementsAttr>(
                        cast<ConstantOp>(scalarLike(0, like).getDefiningOp())
                            .getValue())
                        .getSplatValue<Attribute>()));
    return BroadcastLikeOp::create(b, loc, type, scalarLike(0, like), like);
  }

  Value add(Value l, Value r) { return AddOp::create(b, loc, l, r); }
  Value sub(Value l, Value r) { return SubOp::create(b, loc, l, r); }
  Value mul(Value l, Value r) { return MulOp::create(b, loc, l, r); }
  Value div(Value l, Value r) { return DivOp::create(b, loc, l, r); }
  Value neg(Value x) { return NegOp::create(b, loc, x); }
  Value mulScalar(Value x, double c) { return mul(x, scalarLike(c, x)); }
  Value compare(StringRef direction, Value l, Value r) {
    return CompareOp::create(b, loc, l, r, b.getStringAttr(direction));
  }
  Value select(Value c, Value t, Value f) {
    return SelectOp::create(b, loc, c, t, f);
  }
  /// g where `c`, else zero.
  Value where(Value c, Value g) { return select(c, g, scalarLike(0, g)); }

  /// Sums `g`, the gradient of a broadcast result, down to the shape of
  /// `like`, one of the operands that were broadcast (the adjoint of
  /// broadcasting). `others` are the operands `like` was broadcast with;
  /// the last `exactTrailingDims` dimensions take no part in broadcasting
  /// (the matrix dimensions of a matmul). Reduces statically where the
  /// shapes show which dimensions were broadcast, and defers to
  /// nn.unbroadcast where only run time can tell.
  Value sumTo(Value g, Value like, ValueRange others,
              int64_t exactTrailingDims = 0) {
    auto gType = cast<RankedTensorType>(g.getType());
    auto likeType = cast<RankedTensorType>(like.getType());
    auto target =
        RankedTensorType::get(likeType.getShape(), gType.getElementType());
    ArrayRef<int64_t> gs = gType.getShape(), ls = likeType.getShape();
    size_t offset = gs.size() - ls.size();
    SmallVector<int64_t> keptAxes, leadingAxes;
    for (size_t d = 0; d < offset; ++d)
      leadingAxes.push_back(d);
    bool ambiguous = false;
    for (size_t d = 0; d < ls.size(); ++d) {
      int64_t l = ls[d], s = gs[offset + d];
      if (l == 1 && s != 1)
        keptAxes.push_back(offset + d);
      else if (ShapedType::isDynamic(l) && s != 1 &&
               !keepsSize(like, d, others, exactTrailingDims))
        ambiguous = true; // `like` may be 1 here at run time, `g` not.
    }
    // Even equal types need this where `like` is dynamic: a `?` of size 1
    // may have stretched to the `?` of `g`.
    if (ambiguous)
      return UnbroadcastOp::create(b, loc, target, g, like);
    Value result = g;
    if (!keptAxes.empty())
      result =
          ReduceSumOp::create(b, loc, result, b.getDenseI64ArrayAttr(keptAxes),
                              b.getBoolAttr(true));
    if (!leadingAxes.empty())
      result = ReduceSumOp::create(b, loc, result,
                                   b.getDenseI64ArrayAttr(leadingAxes),
                                   b.getBoolAttr(false));
    // The sums can be more static than `like` (`?` met a static size).
    if (result.getType() != target)
      result = UnbroadcastOp::create(b, loc, target, result, like);
    return result;
  }

  /// Whether the broadcast result surely has the run-time size of dimension
  /// `d` of `like`: every other operand lacks that dimension or has size 1
  /// there, or is `like` itself.
  static bool keepsSize(Value like, int64_t d, ValueRange others,
                        int64_t exactTrailingDims) {
    int64_t rank = cast<RankedTensorType>(like.getType()).getRank();
    int64_t batchRank = rank - exactTrailingDims;
    if (d >= batchRank)
      return true;
    for (Value other : others) {
      if (other == like)
        continue;
      auto type = cast<RankedTensorType>(other.getType());
      int64_t otherDim = d - batchRank + (type.getRank() - exactTrailingDims);
      if (otherDim >= 0 && type.getDimSize(otherDim) != 1)
        return false;
    }
    return true;
  }

  /// Broadcasts `x` to the (run-time) shape of `like`.
  Value broadcastLike(Value x, Value like) {
    auto likeType = cast<RankedTensorType>(like.getType());
    auto target = RankedTensorType::get(likeType.getShape(),
                                        getElementTypeOrSelf(x.getType()));
    // Equal dynamic types may still differ at run time (a `?` of size 1).
    if (x.getType() == target && target.hasStaticShape())
      return x;
    if (target.hasStaticShape())
      return BroadcastToOp::create(b, loc, target, x);
    return BroadcastLikeOp::create(b, loc, target, x, like);
  }

  /// `g` (the reduced result) reshaped to the kept-dims shape of a reduction
  /// of `x` over `axes`.
  FailureOr<Value> keepDims(Value g, Value x, ArrayRef<int64_t> axes) {
    auto xType = cast<RankedTensorType>(x.getType());
    SmallVector<int64_t> shape(xType.getShape());
    for (int64_t axis : axes)
      shape[axis] = 1;
    auto type = RankedTensorType::get(shape, xType.getElementType());
    if (g.getType() == type)
      return g;
    if (llvm::count_if(shape, ShapedType::isDynamic) > 1) {
      op->emitOpError("gradient needs at most one dynamic dimension that is "
                      "not reduced, but the operand has type ")
          << xType;
      return failure();
    }
    return Value(ReshapeOp::create(b, loc, type, g));
  }

  OpBuilder &b;
  Location loc;
  Operation *op;
};

bool isFloatTensor(Value value) {
  return isa<FloatType>(getElementTypeOrSelf(value.getType()));
}

/// The reduction axes of a reduce op, normalized.
template <typename ReduceOp> SmallVector<int64_t> reductionAxes(ReduceOp op) {
  ShapeErrorEmitter silent(std::nullopt, op.getOperationName());
  return *normalizeAxes(silent, op.getAxes(),
                        op.getOperand().getType().getRank());
}

/// Fails with a message when a rule needs static sizes that are dynamic.
LogicalResult requireStatic(Operation *op, Value value, StringRef why) {
  if (cast<RankedTensorType>(value.getType()).hasStaticShape())
    return success();
  return op->emitOpError("gradient needs ")
         << why << ", but the operand has type " << value.getType();
}

} // namespace

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult AddOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  out.push_back(v.sumTo(grads[0], getLhs(), getRhs()));
  out.push_back(v.sumTo(grads[0], getRhs(), getLhs()));
  return success();
}

LogicalResult SubOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  out.push_back(v.sumTo(grads[0], getLhs(), getRhs()));
  out.push_back(v.sumTo(v.neg(grads[0]), getRhs(), getLhs()));
  return success();
}

LogicalResult MulOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  out.push_back(v.sumTo(v.mul(grads[0], getRhs()), getLhs(), getRhs()));
  out.push_back(v.sumTo(v.mul(grads[0], getLhs()), getRhs(), getLhs()));
  return success();
}

LogicalResult DivOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  Value g = grads[0];
  out.push_back(v.sumTo(v.div(g, getRhs()), getLhs(), getRhs()));
  // d(a/b)/db = -(a/b)/b.
  out.push_back(v.sumTo(v.neg(v.div(v.mul(g, getResult()), getRhs())), getRhs(),
                        getLhs()));
  return success();
}

LogicalResult PowOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  Value g = grads[0], a = getLhs(), e = getRhs(), y = getResult();
  // d/da = e * a^(e-1), taken as 0 where e == 0 (so 0^0 has no NaN).
  Value power =
      PowOp::create(builder, getLoc(), a, v.sub(e, v.scalarLike(1, e)));
  Value da = v.where(v.compare("ne", e, v.scalarLike(0, e)),
                     v.mul(g, v.mul(e, power)));
  // d/de = a^e * ln(a), taken as 0 where a == 0 (the limit for e > 0).
  Value logA = LogOp::create(builder, getLoc(), a);
  Value de =
      v.where(v.compare("ne", a, v.scalarLike(0, a)), v.mul(g, v.mul(y, logA)));
  out.push_back(v.sumTo(da, a, e));
  out.push_back(v.sumTo(de, e, a));
  return success();
}

/// maximum and minimum: the gradient goes to the winner; ties split it.
template <typename MinMaxOp>
static LogicalResult minMaxVJP(MinMaxOp op, OpBuilder &builder, Value g,
                               StringRef wins, SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, op);
  Value a = op.getLhs(), b = op.getRhs();
  Value half = v.mulScalar(g, 0.5);
  Value tie = v.compare("eq", a, b);
  StringRef loses = wins == "gt" ? "lt" : "gt";
  Value da = v.select(v.compare(wins, a, b), g, v.where(tie, half));
  Value db = v.select(v.compare(loses, a, b), g, v.where(tie, half));
  out.push_back(v.sumTo(da, a, b));
  out.push_back(v.sumTo(db, b, a));
  return success();
}

LogicalResult MaximumOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  return minMaxVJP(*this, builder, grads[0], "gt", out);
}

LogicalResult MinimumOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  return minMaxVJP(*this, builder, grads[0], "lt", out);
}

LogicalResult SelectOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  Value g = grads[0], zero = v.scalarLike(0, g);
  out.push_back(Value()); // The condition is a mask.
  out.push_back(v.sumTo(v.select(getCond(), g, zero), getOnTrue(),
                        {getCond(), getOnFalse()}));
  out.push_back(v.sumTo(v.select(getCond(), zero, g), getOnFalse(),
                        {getCond(), getOnTrue()}));
  return success();
}

LogicalResult NegOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  out.push_back(VJPBuilder(builder, *this).neg(grads[0]));
  return success();
}

LogicalResult AbsOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  out.push_back(
      v.mul(grads[0], SignOp::create(builder, getLoc(), getOperand())));
  return success();
}

LogicalResult ExpOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  out.push_back(VJPBuilder(builder, *this).mul(grads[0], getResult()));
  return success();
}

LogicalResult LogOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  out.push_back(VJPBuilder(builder, *this).div(grads[0], getOperand()));
  return success();
}

LogicalResult SqrtOp::buildVJP(OpBuilder &builder, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  out.push_back(v.div(grads[0], v.mulScalar(getResult(), 2)));
  return success();
}

LogicalResult RsqrtOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                SmallVectorImpl<Value> &out) {
  // d/dx x^(-1/2) = -1/2 x^(-3/2) = -1/2 y^3.
  VJPBuilder v(builder, *this);
  Value y = getResult();
  out.push_back(v.mul(grads[0], v.mulScalar(v.mul(y, v.mul(y, y)), -0.5)));
  return success();
}

LogicalResult TanhOp::buildVJP(OpBuilder &builder, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  Value y = getResult();
  out.push_back(v.mul(grads[0], v.sub(v.scalarLike(1, y), v.mul(y, y))));
  return success();
}

LogicalResult SigmoidOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  Value y = getResult();
  out.push_back(v.mul(grads[0], v.mul(y, v.sub(v.scalarLike(1, y), y))));
  return success();
}

LogicalResult ReluOp::buildVJP(OpBuilder &builder, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  // The gradient at 0 is 0, as in PyTorch.
  VJPBuilder v(builder, *this);
  Value x = getOperand();
  out.push_back(v.where(v.compare("gt", x, v.scalarLike(0, x)), grads[0]));
  return success();
}

LogicalResult SignOp::buildVJP(OpBuilder &, ValueRange,
                               SmallVectorImpl<Value> &out) {
  out.push_back(Value()); // Piecewise constant: the gradient is 0.
  return success();
}

LogicalResult CastOp::buildVJP(OpBuilder &builder, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  // Only float-to-float casts carry a gradient (cast back).
  if (!isFloatTensor(getOperand()) || !isFloatTensor(getResult())) {
    out.push_back(Value());
    return success();
  }
  out.push_back(
      CastOp::create(builder, getLoc(), getOperand().getType(), grads[0]));
  return success();
}

//===----------------------------------------------------------------------===//
// Contractions and windows
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  Value g = grads[0], a = getLhs(), b = getRhs();
  bool ta = getTransposeLhs(), tb = getTransposeRhs();
  auto mm = [&](Value l, Value r, bool tl, bool tr) -> Value {
    return MatmulOp::create(builder, getLoc(), l, r, tl, tr);
  };
  // With C = op(A) op(B): d op(A) = G op(B)^T and d op(B) = op(A)^T G; a
  // transposed operand takes the transpose of its gradient.
  Value da = ta ? mm(b, g, tb, true) : mm(g, b, false, !tb);
  Value db = tb ? mm(g, a, true, ta) : mm(a, g, !ta, false);
  // Batch dimensions broadcast: sum them back.
  out.push_back(v.sumTo(da, a, b, /*exactTrailingDims=*/2));
  out.push_back(v.sumTo(db, b, a, /*exactTrailingDims=*/2));
  return success();
}

LogicalResult Conv2DOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getInput()))
    return emitOpError("gradients exist only for float convolutions");
  out.push_back(Conv2DInputGradOp::create(builder, getLoc(), getInput(),
                                          getFilter(), grads[0], *this));
  out.push_back(Conv2DFilterGradOp::create(builder, getLoc(), getInput(),
                                           getFilter(), grads[0], *this));
  return success();
}

LogicalResult MaxPool2DOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(MaxPool2DGradOp::create(builder, getLoc(), getInput(), grads[0],
                                        getWindowAttr(), getStridesAttr(),
                                        getPaddingAttr()));
  return success();
}

LogicalResult AvgPool2DOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(AvgPool2DGradOp::create(builder, getLoc(), getInput(), grads[0],
                                        getWindowAttr(), getStridesAttr(),
                                        getPaddingAttr()));
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// The number of elements each result element of a reduction sums.
template <typename ReduceOp>
static Value reductionCount(VJPBuilder &v, ReduceOp op,
                            ArrayRef<int64_t> axes) {
  auto type = op.getOperand().getType();
  int64_t count = 1;
  bool dynamic = false;
  for (int64_t axis : axes) {
    dynamic |= type.isDynamicDim(axis);
    if (!type.isDynamicDim(axis))
      count *= type.getDimSize(axis);
  }
  if (!dynamic)
    return v.scalarLike(static_cast<double>(count), op.getOperand());
  // Count at run time: sum ones over the reduced axes.
  Value ones =
      v.broadcastLike(v.scalarLike(1, op.getOperand()), op.getOperand());
  return ReduceSumOp::create(v.b, v.loc, ones, v.b.getDenseI64ArrayAttr(axes),
                             v.b.getBoolAttr(true));
}

LogicalResult ReduceSumOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  FailureOr<Value> kept =
      v.keepDims(grads[0], getOperand(), reductionAxes(*this));
  if (failed(kept))
    return failure();
  out.push_back(v.broadcastLike(*kept, getOperand()));
  return success();
}

LogicalResult ReduceMeanOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, *this);
  SmallVector<int64_t> axes = reductionAxes(*this);
  FailureOr<Value> kept = v.keepDims(grads[0], getOperand(), axes);
  if (failed(kept))
    return failure();
  Value scaled = v.div(*kept, reductionCount(v, *this, axes));
  out.push_back(v.broadcastLike(scaled, getOperand()));
  return success();
}

/// reduce_max and reduce_min: the gradient is shared equally by the
/// elements equal to the result (PyTorch's amax/amin rule).
template <typename ReduceOp>
static LogicalResult extremumVJP(ReduceOp op, OpBuilder &builder, Value g,
                                 SmallVectorImpl<Value> &out) {
  VJPBuilder v(builder, op);
  Value x = op.getOperand();
  SmallVector<int64_t> axes = reductionAxes(op);
  FailureOr<Value> keptG = v.keepDims(g, x, axes);
  FailureOr<Value> keptY = v.keepDims(op.getResult(), x, axes);
  if (failed(keptG) || failed(keptY))
    return failure();
  Value mask = v.compare("eq", x, *keptY);
  Value ones = v.where(mask, v.broadcastLike(v.scalarLike(1, x), x));
  Value ties = ReduceSumOp::create(builder, op.getLoc(), ones,
                                   builder.getDenseI64ArrayAttr(axes),
                                   builder.getBoolAttr(true));
  Value share = v.broadcastLike(v.div(*keptG, ties), x);
  out.push_back(v.where(mask, share));
  return success();
}

LogicalResult ReduceMaxOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  return extremumVJP(*this, builder, grads[0], out);
}

LogicalResult ReduceMinOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  return extremumVJP(*this, builder, grads[0], out);
}

template <typename SoftmaxLikeOp>
static Value sumAlongAxis(OpBuilder &builder, SoftmaxLikeOp op, Value x) {
  ShapeErrorEmitter silent(std::nullopt, op.getOperationName());
  int64_t axis = *normalizeAxis(silent, op.getAxisAttr().getInt(),
                                op.getOperand().getType().getRank());
  return ReduceSumOp::create(builder, op.getLoc(), x,
                             builder.getDenseI64ArrayAttr({axis}),
                             builder.getBoolAttr(true));
}

LogicalResult SoftmaxOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  // dx = y * (g - sum(g * y)).
  VJPBuilder v(builder, *this);
  Value g = grads[0], y = getResult();
  out.push_back(v.mul(y, v.sub(g, sumAlongAxis(builder, *this, v.mul(g, y)))));
  return success();
}

LogicalResult LogSoftmaxOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  // dx = g - exp(y) * sum(g).
  VJPBuilder v(builder, *this);
  Value g = grads[0];
  Value softmax = ExpOp::create(builder, getLoc(), getResult());
  out.push_back(v.sub(g, v.mul(softmax, sumAlongAxis(builder, *this, g))));
  return success();
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  auto type = getOperand().getType();
  if (type.getNumDynamicDims() > 1)
    return emitOpError("gradient needs an operand with at most one dynamic "
                       "dimension, but it has type ")
           << type;
  out.push_back(ReshapeOp::create(builder, getLoc(), type, grads[0]));
  return success();
}

LogicalResult TransposeOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  SmallVector<int64_t> inverse(getPerm().size());
  for (auto [i, p] : llvm::enumerate(getPerm()))
    inverse[p] = i;
  out.push_back(TransposeOp::create(builder, getLoc(), grads[0],
                                    builder.getDenseI64ArrayAttr(inverse)));
  return success();
}

LogicalResult BroadcastToOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                      SmallVectorImpl<Value> &out) {
  // A dynamic result dimension takes the operand's size: only static result
  // sizes can stretch the operand, and those show in the types.
  out.push_back(VJPBuilder(builder, *this).sumTo(grads[0], getOperand(), {}));
  return success();
}

LogicalResult BroadcastLikeOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                        SmallVectorImpl<Value> &out) {
  out.push_back(
      VJPBuilder(builder, *this).sumTo(grads[0], getOperand(), getLike()));
  out.push_back(Value()); // Only the shape of `like` is read.
  return success();
}

LogicalResult UnbroadcastOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                      SmallVectorImpl<Value> &out) {
  out.push_back(
      VJPBuilder(builder, *this).broadcastLike(grads[0], getOperand()));
  out.push_back(Value());
  return success();
}

LogicalResult ConcatOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  Value g = grads[0];
  if (failed(requireStatic(*this, g, "static shapes to slice the gradient")))
    return failure();
  auto type = cast<RankedTensorType>(g.getType());
  int64_t rank = type.getRank();
  int64_t axis = getAxisAttr().getInt();
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> start(rank, 0), limit(type.getShape());
  for (Value input : getInputs()) {
    int64_t size = cast<RankedTensorType>(input.getType()).getDimSize(axis);
    limit[axis] = start[axis] + size;
    out.push_back(SliceOp::create(
        builder, getLoc(), g, builder.getDenseI64ArrayAttr(start),
        builder.getDenseI64ArrayAttr(limit), DenseI64ArrayAttr()));
    start[axis] = limit[axis];
  }
  return success();
}

LogicalResult SliceOp::buildVJP(OpBuilder &builder, ValueRange grads,
                                SmallVectorImpl<Value> &out) {
  // Scatter the gradient back: pad with the skipped elements.
  Value x = getOperand();
  if (failed(requireStatic(*this, x, "a static operand shape")))
    return failure();
  VJPBuilder v(builder, *this);
  auto type = cast<RankedTensorType>(x.getType());
  auto resultType = getType();
  if (resultType.getNumElements() == 0) {
    out.push_back(v.zerosLike(x));
    return success();
  }
  SmallVector<int64_t> strides = getEffectiveStrides();
  SmallVector<int64_t> high, interior;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t last = getStart()[d] + (resultType.getDimSize(d) - 1) * strides[d];
    high.push_back(type.getDimSize(d) - last - 1);
    interior.push_back(strides[d] - 1);
  }
  out.push_back(PadOp::create(builder, getLoc(), grads[0], getStartAttr(),
                              builder.getDenseI64ArrayAttr(high),
                              builder.getF64FloatAttr(0),
                              builder.getDenseI64ArrayAttr(interior)));
  return success();
}

LogicalResult PadOp::buildVJP(OpBuilder &builder, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // The operand's elements are a strided slice of the result.
  Value x = getOperand();
  if (failed(requireStatic(*this, x, "a static operand shape")))
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getNumElements() == 0) {
    out.push_back(VJPBuilder(builder, *this).zerosLike(x));
    return success();
  }
  SmallVector<int64_t> interior = getEffectiveInterior();
  SmallVector<int64_t> limit, strides;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    strides.push_back(interior[d] + 1);
    limit.push_back(getLow()[d] + (type.getDimSize(d) - 1) * strides.back() +
                    1);
  }
  out.push_back(SliceOp::create(builder, getLoc(), grads[0], getLowAttr(),
                                builder.getDenseI64ArrayAttr(limit),
                                builder.getDenseI64ArrayAttr(strides)));
  return success();
}
