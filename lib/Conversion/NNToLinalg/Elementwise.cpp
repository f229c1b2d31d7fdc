//===- Elementwise.cpp - Elementwise nn ops to linalg ---------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Lowers the elementwise nn ops (constants, arithmetic, comparisons, casts,
// broadcasts and their adjoint, one-hot, random numbers) to parallel
// linalg.generic ops whose bodies are arith and math ops.
//
// The scalar semantics are the reference interpreter's
// (lib/Reference/Kernels.cpp and Tensor.cpp), which is the oracle of every
// backend:
// * integer arithmetic wraps, and nothing that LLVM treats as undefined or
//   poison is ever computed (division, float-to-integer conversion);
// * casts round exactly once, as Tensor::setDouble and Tensor::setInt do.
//   LLVM converts f64 and integers to bf16 through f32, which rounds twice,
//   so those conversions are spelled out here;
// * the random ops compute the interpreter's numbers bit for bit.
//
// f16 and bf16 transcendental functions are computed in f32 and rounded
// once, as libm has no narrower versions.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "nn/Conversion/NNToLinalg/NNToLinalg.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

#include "llvm/ADT/APFloat.h"

#include <array>
#include <cmath>

using namespace mlir;
using namespace nn;
using namespace nn::conversion;

namespace {

//===----------------------------------------------------------------------===//
// Scalar helpers
//===----------------------------------------------------------------------===//

Value intConst(OpBuilder &b, Location loc, Type type, int64_t value) {
  unsigned width = type.getIntOrFloatBitWidth();
  return arith::ConstantOp::create(
      b, loc,
      b.getIntegerAttr(type,
                       APInt(width, static_cast<uint64_t>(value),
                             /*isSigned=*/false, /*implicitTrunc=*/true)));
}

bool isNarrowFloat(Type type) { return type.isF16() || type.isBF16(); }

/// Applies `fn` to `x`, in f32 when `x` is f16 or bf16 (rounding the result
/// back once).
Value inF32(OpBuilder &b, Location loc, Value x,
            function_ref<Value(Value)> fn) {
  Type type = x.getType();
  if (!isNarrowFloat(type))
    return fn(x);
  Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
  return arith::TruncFOp::create(b, loc, type, fn(wide));
}

/// Rounds an f64 to bf16 once. LLVM's fptrunc to bf16 goes through f32 and
/// rounds twice (1 + 2^-8 + 2^-30 would become 1 instead of 1 + 2^-7), so
/// round to f32 with round-to-odd first: with the 16 extra bits, the final
/// round-to-nearest-even then gives the correctly rounded result.
Value truncF64ToBF16(OpBuilder &b, Location loc, Value x) {
  Type i32 = b.getI32Type();
  Value narrow = arith::TruncFOp::create(b, loc, b.getF32Type(), x);
  Value back = arith::ExtFOp::create(b, loc, b.getF64Type(), narrow);
  // Inexact (never for NaN): move to the odd one of the two f32 neighbours
  // of x when round-to-nearest picked the even one. On the same sign,
  // adding one to the bits moves away from zero.
  Value inexact =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, x, back);
  Value bits = arith::BitcastOp::create(b, loc, i32, narrow);
  Value one = intConst(b, loc, i32, 1);
  Value isEven = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                       arith::AndIOp::create(b, loc, bits, one),
                                       intConst(b, loc, i32, 0));
  Value roundedUp = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                          math::AbsFOp::create(b, loc, back),
                                          math::AbsFOp::create(b, loc, x));
  Value step = arith::SelectOp::create(b, loc, roundedUp,
                                       intConst(b, loc, i32, -1), one);
  Value odd = arith::SelectOp::create(
      b, loc, arith::AndIOp::create(b, loc, inexact, isEven),
      arith::AddIOp::create(b, loc, bits, step), bits);
  Value toOdd = arith::BitcastOp::create(b, loc, b.getF32Type(), odd);
  return arith::TruncFOp::create(b, loc, b.getBF16Type(), toOdd);
}

/// Converts a float to another float type, rounding once to nearest even.
Value convertFloat(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth == toWidth) // f16 <-> bf16: through f32, which holds both.
    return arith::TruncFOp::create(
        b, loc, to, arith::ExtFOp::create(b, loc, b.getF32Type(), x));
  if (fromWidth < toWidth)
    return arith::ExtFOp::create(b, loc, to, x);
  if (from.isF64() && to.isBF16())
    return truncF64ToBF16(b, loc, x);
  return arith::TruncFOp::create(b, loc, to, x);
}

/// Converts a signed integer to a float type, rounding once to nearest even.
/// sitofp does so for f32 and f64. For f16 it does too: LLVM goes through
/// f32, which holds every integer below 2^24 exactly, and larger ones
/// overflow f16 either way. For bf16, which LLVM also reaches through f32,
/// round the magnitude to 8 significant bits in integer arithmetic, after
/// which every conversion is exact.
Value convertIntToFloat(OpBuilder &b, Location loc, Value x, Type to) {
  if (!to.isBF16())
    return arith::SIToFPOp::create(b, loc, to, x);
  Type i64 = b.getI64Type();
  if (x.getType() != i64)
    x = arith::ExtSIOp::create(b, loc, i64, x);
  auto c = [&](int64_t v) { return intConst(b, loc, i64, v); };
  Value zero = c(0), one = c(1);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  // |INT64_MIN| wraps to 2^63, which is right read as unsigned.
  Value magnitude = arith::SelectOp::create(
      b, loc, negative, arith::SubIOp::create(b, loc, zero, x), x);
  Value width = arith::SubIOp::create(
      b, loc, c(64), math::CountLeadingZerosOp::create(b, loc, magnitude));
  // Bits below the 8 significant ones: 0 to 56.
  Value shift = arith::MaxSIOp::create(
      b, loc, arith::SubIOp::create(b, loc, width, c(8)), zero);
  Value kept = arith::ShRUIOp::create(b, loc, magnitude, shift);
  Value dropped = arith::SubIOp::create(
      b, loc, magnitude, arith::ShLIOp::create(b, loc, kept, shift));
  Value half = arith::ShRUIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, one, shift), one);
  // Round up above the half, and on the half when the kept bits are odd
  // (shift 0 drops nothing: dropped = half = 0 and nothing is odd-tested).
  Value above =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, dropped, half);
  Value tie = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, dropped, half),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, half, zero));
  Value odd =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                            arith::AndIOp::create(b, loc, kept, one), zero);
  Value up = arith::OrIOp::create(b, loc, above,
                                  arith::AndIOp::create(b, loc, tie, odd));
  Value rounded = arith::ShLIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, kept,
                            arith::ExtUIOp::create(b, loc, i64, up)),
      shift);
  // At most 9 significant bits: exact in f32 and then in bf16.
  Value value = arith::TruncFOp::create(
      b, loc, to, arith::UIToFPOp::create(b, loc, b.getF32Type(), rounded));
  return arith::SelectOp::create(b, loc, negative,
                                 arith::NegFOp::create(b, loc, value), value);
}

/// Converts a float to a signed integer type as Tensor::setDouble does:
/// truncation toward zero, NaN to 0, saturation at the type's limits.
/// fptosi only ever sees in-range values, so no poison is computed.
Value convertFloatToInt(OpBuilder &b, Location loc, Value x, Type to) {
  // Work in f32 or f64, which hold the limits -2^31 and 2^63 exactly.
  if (isNarrowFloat(x.getType()))
    x = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
  Type type = x.getType();
  unsigned width = to.getIntOrFloatBitWidth();
  double limit = std::ldexp(1.0, width - 1);
  Value low = scalarConstant(b, loc, type, -limit);
  Value high = scalarConstant(b, loc, type, limit);
  Value aboveLow =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, low);
  Value belowHigh =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, high);
  // False for NaN.
  Value inRange = arith::AndIOp::create(b, loc, aboveLow, belowHigh);
  Value safe = arith::SelectOp::create(b, loc, inRange, x,
                                       scalarConstant(b, loc, type, 0.0));
  Value truncated = arith::FPToSIOp::create(b, loc, to, safe);
  APInt max = APInt::getSignedMaxValue(width);
  APInt min = APInt::getSignedMinValue(width);
  Value tooHigh =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, high);
  Value tooLow =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, x, low);
  Value saturated = arith::SelectOp::create(
      b, loc, tooHigh, arith::ConstantIntOp::create(b, loc, to, max),
      arith::ConstantIntOp::create(b, loc, to, min));
  Value outside = arith::OrIOp::create(b, loc, tooHigh, tooLow);
  // In range: the truncation; NaN: the 0 that `safe` converted.
  return arith::SelectOp::create(b, loc, outside, saturated, truncated);
}

/// nn.cast of one element, as the interpreter's Tensor::setDouble (float
/// sources) and Tensor::setInt (integer and i1 sources) store it.
Value convertElement(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  if (to.isInteger(1)) {
    // Non-zero is true; NaN is non-zero.
    if (isa<FloatType>(from))
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                   scalarConstant(b, loc, from, 0.0));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x,
                                 intConst(b, loc, from, 0));
  }
  if (from.isInteger(1)) {
    // false and true are 0 and 1.
    if (isa<FloatType>(to))
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::ExtUIOp::create(b, loc, to, x);
  }
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  if (fromFloat && toFloat)
    return convertFloat(b, loc, x, to);
  if (fromFloat)
    return convertFloatToInt(b, loc, x, to);
  if (toFloat)
    return convertIntToFloat(b, loc, x, to);
  // Integers sign-extend or wrap.
  if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
    return arith::ExtSIOp::create(b, loc, to, x);
  return arith::TruncIOp::create(b, loc, to, x);
}

//===----------------------------------------------------------------------===//
// Scalar bodies of the elementwise ops
//===----------------------------------------------------------------------===//

/// The scalar computation of each elementwise op: `args` are the operands'
/// elements (already broadcast), the result is the result's element.
template <typename FloatOp, typename IntOp>
Value floatOrInt(OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return FloatOp::create(b, loc, args[0], args[1]);
  return IntOp::create(b, loc, args[0], args[1]);
}

Value scalar(OpBuilder &b, Location loc, AddOp, ValueRange args) {
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, args);
}
Value scalar(OpBuilder &b, Location loc, SubOp, ValueRange args) {
  return floatOrInt<arith::SubFOp, arith::SubIOp>(b, loc, args);
}
Value scalar(OpBuilder &b, Location loc, MulOp, ValueRange args) {
  return floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, args);
}
Value scalar(OpBuilder &b, Location loc, MaximumOp, ValueRange args) {
  // maximumf and minimumf propagate NaN like the reference. They order -0
  // below +0, where the reference returns its second operand on a tie.
  return floatOrInt<arith::MaximumFOp, arith::MaxSIOp>(b, loc, args);
}
Value scalar(OpBuilder &b, Location loc, MinimumOp, ValueRange args) {
  return floatOrInt<arith::MinimumFOp, arith::MinSIOp>(b, loc, args);
}

Value scalar(OpBuilder &b, Location loc, DivOp, ValueRange args) {
  Value lhs = args[0], rhs = args[1];
  Type type = lhs.getType();
  if (isa<FloatType>(type))
    return arith::DivFOp::create(b, loc, lhs, rhs);
  // Integer division truncates toward zero. Two divisors would be undefined
  // behaviour in LLVM, so divsi never sees them:
  // * 0: the reference interpreter reports an error at run time; compiled
  //   code has no error channel here and produces 0 (the divisor is
  //   replaced by 1 and the quotient by 0);
  // * -1: INT_MIN / -1 overflows; the quotient is the wrapping negation,
  //   as in the reference.
  Value zero = intConst(b, loc, type, 0);
  Value one = intConst(b, loc, type, 1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
  Value isMinusOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                           rhs, intConst(b, loc, type, -1));
  Value safe = arith::SelectOp::create(
      b, loc, arith::OrIOp::create(b, loc, isZero, isMinusOne), one, rhs);
  Value quotient = arith::DivSIOp::create(b, loc, lhs, safe);
  Value negated = arith::SubIOp::create(b, loc, zero, lhs);
  quotient = arith::SelectOp::create(b, loc, isMinusOne, negated, quotient);
  return arith::SelectOp::create(b, loc, isZero, zero, quotient);
}

Value scalar(OpBuilder &b, Location loc, PowOp, ValueRange args) {
  Value rhs = args[1];
  return inF32(b, loc, args[0], [&](Value lhs) {
    if (lhs.getType() != rhs.getType())
      rhs = arith::ExtFOp::create(b, loc, lhs.getType(), rhs);
    return math::PowFOp::create(b, loc, lhs, rhs).getResult();
  });
}

Value scalar(OpBuilder &b, Location loc, CompareOp op, ValueRange args) {
  StringRef direction = op.getDirection();
  Type type = args[0].getType();
  if (isa<FloatType>(type)) {
    // Ordered (false on NaN) but for `ne`, which is true on NaN.
    auto predicate = llvm::StringSwitch<arith::CmpFPredicate>(direction)
                         .Case("eq", arith::CmpFPredicate::OEQ)
                         .Case("ne", arith::CmpFPredicate::UNE)
                         .Case("lt", arith::CmpFPredicate::OLT)
                         .Case("le", arith::CmpFPredicate::OLE)
                         .Case("gt", arith::CmpFPredicate::OGT)
                         .Default(arith::CmpFPredicate::OGE);
    return arith::CmpFOp::create(b, loc, predicate, args[0], args[1]);
  }
  // i1 holds 0 and 1 (signed, true would be -1 and below false).
  bool isBool = type.isInteger(1);
  auto predicate = llvm::StringSwitch<arith::CmpIPredicate>(direction)
                       .Case("eq", arith::CmpIPredicate::eq)
                       .Case("ne", arith::CmpIPredicate::ne)
                       .Case("lt", isBool ? arith::CmpIPredicate::ult
                                          : arith::CmpIPredicate::slt)
                       .Case("le", isBool ? arith::CmpIPredicate::ule
                                          : arith::CmpIPredicate::sle)
                       .Case("gt", isBool ? arith::CmpIPredicate::ugt
                                          : arith::CmpIPredicate::sgt)
                       .Default(isBool ? arith::CmpIPredicate::uge
                                       : arith::CmpIPredicate::sge);
  return arith::CmpIOp::create(b, loc, predicate, args[0], args[1]);
}

Value scalar(OpBuilder &b, Location loc, SelectOp, ValueRange args) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

Value scalar(OpBuilder &b, Location loc, NegOp, ValueRange args) {
  Value x = args[0];
  if (isa<FloatType>(x.getType()))
    return arith::NegFOp::create(b, loc, x);
  // Wraps: -INT_MIN is INT_MIN.
  return arith::SubIOp::create(b, loc, intConst(b, loc, x.getType(), 0), x);
}

Value scalar(OpBuilder &b, Location loc, AbsOp, ValueRange args) {
  Value x = args[0];
  Type type = x.getType();
  if (isa<FloatType>(type))
    return math::AbsFOp::create(b, loc, x);
  Value zero = intConst(b, loc, type, 0);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  return arith::SelectOp::create(b, loc, negative,
                                 arith::SubIOp::create(b, loc, zero, x), x);
}

template <typename MathOp>
Value unaryMath(OpBuilder &b, Location loc, ValueRange args) {
  return inF32(b, loc, args[0],
               [&](Value x) { return MathOp::create(b, loc, x).getResult(); });
}

Value scalar(OpBuilder &b, Location loc, ExpOp, ValueRange args) {
  return unaryMath<math::ExpOp>(b, loc, args);
}
Value scalar(OpBuilder &b, Location loc, LogOp, ValueRange args) {
  return unaryMath<math::LogOp>(b, loc, args);
}
Value scalar(OpBuilder &b, Location loc, SqrtOp, ValueRange args) {
  return unaryMath<math::SqrtOp>(b, loc, args);
}
Value scalar(OpBuilder &b, Location loc, RsqrtOp, ValueRange args) {
  return unaryMath<math::RsqrtOp>(b, loc, args);
}
Value scalar(OpBuilder &b, Location loc, TanhOp, ValueRange args) {
  return unaryMath<math::TanhOp>(b, loc, args);
}

Value scalar(OpBuilder &b, Location loc, SigmoidOp, ValueRange args) {
  // 1 / (1 + e^-x).
  return inF32(b, loc, args[0], [&](Value x) {
    Value one = scalarConstant(b, loc, x.getType(), 1.0);
    Value exp = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, one,
                                 arith::AddFOp::create(b, loc, one, exp))
        .getResult();
  });
}

Value scalar(OpBuilder &b, Location loc, ReluOp, ValueRange args) {
  Value x = args[0];
  Type type = x.getType();
  // maximumf keeps NaN, and max(-0, +0) is +0 as in the reference.
  if (isa<FloatType>(type))
    return arith::MaximumFOp::create(b, loc, x,
                                     scalarConstant(b, loc, type, 0.0));
  return arith::MaxSIOp::create(b, loc, x, intConst(b, loc, type, 0));
}

Value scalar(OpBuilder &b, Location loc, SignOp, ValueRange args) {
  Value x = args[0];
  Type type = x.getType();
  if (isa<IntegerType>(type)) {
    // (x > 0) - (x < 0).
    Value zero = intConst(b, loc, type, 0);
    Value positive = arith::ExtUIOp::create(
        b, loc, type,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero));
    Value negative = arith::ExtUIOp::create(
        b, loc, type,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero));
    return arith::SubIOp::create(b, loc, positive, negative);
  }
  // 1, -1 or +0 (for both zeros); NaN stays NaN.
  Value zero = scalarConstant(b, loc, type, 0.0);
  Value sign = arith::SelectOp::create(
      b, loc, arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero),
      scalarConstant(b, loc, type, -1.0), zero);
  sign = arith::SelectOp::create(
      b, loc, arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero),
      scalarConstant(b, loc, type, 1.0), sign);
  Value isNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  return arith::SelectOp::create(b, loc, isNaN, x, sign);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// An op computed element by element (broadcasting its operands) by the
/// `scalar` overload of its type.
template <typename OpTy>
struct ElementwisePattern : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    ValueRange operands = adaptor.getOperands();
    SmallVector<OpFoldResult> dims =
        broadcastDims(rewriter, loc, operands, resultType);
    Value result = buildElementwise(
        rewriter, loc, resultType, dims, operands,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          return scalar(b, nestedLoc, op, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConstantPattern : public OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Dense and dense_resource elements are both typed attributes that
    // arith.constant takes as they are.
    auto value = dyn_cast<TypedAttr>(Attribute(op.getValue()));
    if (!value)
      return rewriter.notifyMatchFailure(op, "untyped elements attribute");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

struct CastPattern : public OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value operand = adaptor.getOperand();
    RankedTensorType resultType = op.getType();
    if (operand.getType() == resultType) {
      rewriter.replaceOp(op, operand);
      return success();
    }
    Location loc = op.getLoc();
    Type elementType = resultType.getElementType();
    Value result = buildElementwise(
        rewriter, loc, resultType, getDims(rewriter, loc, operand), operand,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          return convertElement(b, nestedLoc, args[0], elementType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

Value identityBody(OpBuilder &, Location, ValueRange args) { return args[0]; }

struct BroadcastToPattern : public OpConversionPattern<BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value operand = adaptor.getOperand();
    RankedTensorType resultType = op.getType();
    // A dynamic result size is the operand's aligned size, or 1 where the
    // operand has no such dimension, as in the interpreter.
    SmallVector<OpFoldResult> operandDims = getDims(rewriter, loc, operand);
    int64_t offset = resultType.getRank() - operandDims.size();
    SmallVector<OpFoldResult> dims;
    for (int64_t d = 0; d < resultType.getRank(); ++d) {
      if (!resultType.isDynamicDim(d))
        dims.push_back(rewriter.getIndexAttr(resultType.getDimSize(d)));
      else if (d >= offset)
        dims.push_back(operandDims[d - offset]);
      else
        dims.push_back(rewriter.getIndexAttr(1));
    }
    rewriter.replaceOp(op, buildElementwise(rewriter, loc, resultType, dims,
                                            operand, identityBody));
    return success();
  }
};

/// The sizes of a tensor of `type` whose dynamic sizes are `like`'s.
SmallVector<OpFoldResult> dimsLike(OpBuilder &b, Location loc,
                                   RankedTensorType type, Value like) {
  SmallVector<OpFoldResult> dims;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (type.isDynamicDim(d))
      dims.push_back(tensor::DimOp::create(b, loc, like, d).getResult());
    else
      dims.push_back(b.getIndexAttr(type.getDimSize(d)));
  }
  return dims;
}

struct BroadcastLikePattern : public OpConversionPattern<BroadcastLikeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BroadcastLikeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    SmallVector<OpFoldResult> dims =
        dimsLike(rewriter, loc, resultType, adaptor.getLike());
    rewriter.replaceOp(op,
                       buildElementwise(rewriter, loc, resultType, dims,
                                        adaptor.getOperand(), identityBody));
    return success();
  }
};

/// Sums the operand over its leading dimensions that `like` lacks and over
/// the dimensions where `like` has static size 1 and the operand does not:
/// a reduction into a zero-filled tensor of the kept dimensions, expanded
/// back to `like`'s rank. A dynamic size of `like` is read as equal to the
/// operand's (the documented limit of broadcasting at run time).
struct UnbroadcastPattern : public OpConversionPattern<UnbroadcastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(UnbroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value operand = adaptor.getOperand();
    auto operandType = cast<RankedTensorType>(operand.getType());
    RankedTensorType resultType = op.getType();
    int64_t rank = operandType.getRank();
    int64_t offset = rank - resultType.getRank();
    MLIRContext *context = rewriter.getContext();

    SmallVector<OpFoldResult> resultDims =
        dimsLike(rewriter, loc, resultType, adaptor.getLike());
    SmallVector<utils::IteratorType> iterators;
    SmallVector<AffineExpr> keptExprs;
    SmallVector<int64_t> keptShape;
    SmallVector<OpFoldResult> keptDims;
    // For each kept dimension, the result dimensions it expands to.
    SmallVector<ReassociationIndices> reassociation;
    ReassociationIndices pending;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t r = d - offset;
      bool summed = r < 0 || (resultType.getDimSize(r) == 1 &&
                              operandType.getDimSize(d) != 1);
      iterators.push_back(summed ? utils::IteratorType::reduction
                                 : utils::IteratorType::parallel);
      if (r < 0)
        continue;
      pending.push_back(r);
      if (summed)
        continue;
      keptExprs.push_back(getAffineDimExpr(d, context));
      keptShape.push_back(resultType.getDimSize(r));
      keptDims.push_back(resultDims[r]);
      reassociation.push_back(std::move(pending));
      pending.clear();
    }
    // Summed size-1 dimensions after the last kept one join its group.
    if (!reassociation.empty())
      reassociation.back().append(pending.begin(), pending.end());

    // f16 and bf16 accumulate in f32 (bf16 could not even count past 256)
    // and round once at the end.
    Type elementType = resultType.getElementType();
    Type accType =
        isNarrowFloat(elementType) ? rewriter.getF32Type() : elementType;
    auto accTensorType = RankedTensorType::get(keptShape, accType);
    Value init = createFilled(rewriter, loc, accTensorType, keptDims,
                              scalarAttr(rewriter, accType, 0.0));
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   AffineMap::get(rank, 0, keptExprs, context)};
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, TypeRange{accTensorType}, operand, init,
                    maps, iterators,
                    [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
                      Value in = args[0], acc = args[1];
                      Value next;
                      if (isa<IntegerType>(accType)) {
                        next = arith::AddIOp::create(b, nestedLoc, acc, in);
                      } else {
                        if (in.getType() != accType)
                          in = arith::ExtFOp::create(b, nestedLoc, accType, in);
                        next = arith::AddFOp::create(b, nestedLoc, acc, in);
                      }
                      linalg::YieldOp::create(b, nestedLoc, next);
                    })
                    .getResult(0);
    auto keptType = RankedTensorType::get(keptShape, elementType);
    if (accType != elementType)
      sum = buildElementwise(
          rewriter, loc, keptType, keptDims, sum,
          [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
            return arith::TruncFOp::create(b, nestedLoc, elementType, args[0])
                .getResult();
          });
    if (keptType != resultType)
      sum = tensor::ExpandShapeOp::create(rewriter, loc, resultType, sum,
                                          reassociation, resultDims);
    rewriter.replaceOp(op, sum);
    return success();
  }
};

struct OneHotPattern : public OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value indices = adaptor.getIndices();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    int64_t rank = resultType.getRank();
    SmallVector<OpFoldResult> dims = getDims(rewriter, loc, indices);
    dims.push_back(rewriter.getIndexAttr(op.getDepthAttr().getInt()));
    Value init = createEmpty(rewriter, loc, resultType, dims);
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext())
            .getMajorSubMap(rank - 1),
        rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, indices, init, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          // 1 where the position along the new axis is the index; an index
          // outside [0, depth) matches no position.
          Type i64 = b.getI64Type();
          Value index = args[0];
          if (index.getType() != i64)
            index = arith::ExtSIOp::create(b, nestedLoc, i64, index);
          Value position = arith::IndexCastOp::create(
              b, nestedLoc, i64,
              linalg::IndexOp::create(b, nestedLoc, rank - 1));
          Value hit = arith::CmpIOp::create(
              b, nestedLoc, arith::CmpIPredicate::eq, index, position);
          Value value = arith::SelectOp::create(
              b, nestedLoc, hit, scalarConstant(b, nestedLoc, elementType, 1),
              scalarConstant(b, nestedLoc, elementType, 0));
          linalg::YieldOp::create(b, nestedLoc, value);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Random numbers
//===----------------------------------------------------------------------===//

/// Philox4x32-10 of a 64-bit counter (the high words zero) and a 64-bit key,
/// as `philox` in lib/Reference/Kernels.cpp.
std::array<Value, 4> philox(OpBuilder &b, Location loc, Value counter,
                            Value key) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  auto c32 = [&](uint32_t v) { return intConst(b, loc, i32, v); };
  auto c64 = [&](uint64_t v) {
    return intConst(b, loc, i64, static_cast<int64_t>(v));
  };
  Value shift = c64(32);
  auto low = [&](Value v) { return arith::TruncIOp::create(b, loc, i32, v); };
  auto high = [&](Value v) {
    return low(arith::ShRUIOp::create(b, loc, v, shift));
  };
  auto wide = [&](Value v) { return arith::ExtUIOp::create(b, loc, i64, v); };
  auto xori = [&](Value x, Value y) {
    return arith::XOrIOp::create(b, loc, x, y);
  };
  Value m0 = c64(0xD2511F53), m1 = c64(0xCD9E8D57);
  Value w0 = c32(0x9E3779B9), w1 = c32(0xBB67AE85);
  Value zero = c32(0);
  std::array<Value, 4> c = {low(counter), high(counter), zero, zero};
  std::array<Value, 2> k = {low(key), high(key)};
  for (int round = 0; round < 10; ++round) {
    Value p0 = arith::MulIOp::create(b, loc, wide(c[0]), m0);
    Value p1 = arith::MulIOp::create(b, loc, wide(c[2]), m1);
    c = {xori(xori(high(p1), c[1]), k[0]), low(p1),
         xori(xori(high(p0), c[3]), k[1]), low(p0)};
    k = {arith::AddIOp::create(b, loc, k[0], w0),
         arith::AddIOp::create(b, loc, k[1], w1)};
  }
  return c;
}

/// An f64 in [0, 1) from the top 53 bits of hi:lo, as `unitInterval`.
Value unitInterval(OpBuilder &b, Location loc, Value hi, Value lo) {
  Type i64 = b.getI64Type(), f64 = b.getF64Type();
  Value bits = arith::OrIOp::create(
      b, loc,
      arith::ShLIOp::create(b, loc, arith::ExtUIOp::create(b, loc, i64, hi),
                            intConst(b, loc, i64, 32)),
      arith::ExtUIOp::create(b, loc, i64, lo));
  bits = arith::ShRUIOp::create(b, loc, bits, intConst(b, loc, i64, 11));
  return arith::MulFOp::create(b, loc,
                               arith::UIToFPOp::create(b, loc, f64, bits),
                               scalarConstant(b, loc, f64, 0x1.0p-53));
}

/// The numbers of nn.random_uniform and nn.random_normal, from the element's
/// row-major index and the seed, computed in f64 exactly as
/// `randomUniform` and `randomNormal` in lib/Reference/Kernels.cpp do and
/// rounded once to the element type.
template <typename OpTy>
struct RandomPattern : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    SmallVector<OpFoldResult> dims;
    auto dynamicSizes = adaptor.getDynamicSizes();
    unsigned next = 0;
    for (int64_t d = 0; d < resultType.getRank(); ++d) {
      if (resultType.isDynamicDim(d))
        dims.push_back(dynamicSizes[next++]);
      else
        dims.push_back(rewriter.getIndexAttr(resultType.getDimSize(d)));
    }
    Value result = buildElementwise(
        rewriter, loc, resultType, dims, adaptor.getSeed(),
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          // The row-major index of the element is the counter.
          Value index = arith::ConstantIndexOp::create(b, nestedLoc, 0);
          for (int64_t d = 0; d < resultType.getRank(); ++d) {
            Value size = getValueOrCreateConstantIndexOp(b, nestedLoc, dims[d]);
            index = arith::AddIOp::create(
                b, nestedLoc, arith::MulIOp::create(b, nestedLoc, index, size),
                linalg::IndexOp::create(b, nestedLoc, d));
          }
          Value counter =
              arith::IndexCastOp::create(b, nestedLoc, b.getI64Type(), index);
          std::array<Value, 4> words = philox(b, nestedLoc, counter, args[0]);
          return number(b, nestedLoc, op, words, elementType);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  static Value number(OpBuilder &b, Location loc, RandomUniformOp op,
                      std::array<Value, 4> words, Type elementType) {
    Type f64 = b.getF64Type();
    double low = op.getLow().convertToDouble();
    double high = op.getHigh().convertToDouble();
    Value u = unitInterval(b, loc, words[0], words[1]);
    Value value = arith::AddFOp::create(
        b, loc, scalarConstant(b, loc, f64, low),
        arith::MulFOp::create(b, loc, scalarConstant(b, loc, f64, high - low),
                              u));
    value = convertFloat(b, loc, value, elementType);
    // Rounding to the element type can reach `high`: keep the interval open
    // with the largest value of the type below it.
    const llvm::fltSemantics &semantics =
        cast<FloatType>(elementType).getFloatSemantics();
    APFloat top(high);
    bool losesInfo = false;
    top.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
    APFloat belowTop = top;
    belowTop.next(/*nextDown=*/true);
    Value reachesTop = arith::CmpFOp::create(
        b, loc, arith::CmpFPredicate::OGE, value,
        arith::ConstantOp::create(b, loc, b.getFloatAttr(elementType, top)));
    return arith::SelectOp::create(
        b, loc, reachesTop,
        arith::ConstantOp::create(b, loc,
                                  b.getFloatAttr(elementType, belowTop)),
        value);
  }

  static Value number(OpBuilder &b, Location loc, RandomNormalOp op,
                      std::array<Value, 4> words, Type elementType) {
    // Box-Muller: sqrt(-2 ln(1 - u1)) cos(2 pi u2), with 1 - u1 in (0, 1].
    Type f64 = b.getF64Type();
    Value u1 = unitInterval(b, loc, words[0], words[1]);
    Value u2 = unitInterval(b, loc, words[2], words[3]);
    Value log = math::LogOp::create(
        b, loc,
        arith::SubFOp::create(b, loc, scalarConstant(b, loc, f64, 1.0), u1));
    Value radius = math::SqrtOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, scalarConstant(b, loc, f64, -2.0), log));
    Value angle = math::CosOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, scalarConstant(b, loc, f64, 2.0 * M_PI),
                              u2));
    Value z = arith::MulFOp::create(b, loc, radius, angle);
    Value value = arith::AddFOp::create(
        b, loc, scalarConstant(b, loc, f64, op.getMean().convertToDouble()),
        arith::MulFOp::create(
            b, loc,
            scalarConstant(b, loc, f64, op.getStddev().convertToDouble()), z));
    return convertFloat(b, loc, value, elementType);
  }
};

} // namespace

void nn::populateElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConstantPattern, CastPattern, BroadcastToPattern,
               BroadcastLikePattern, UnbroadcastPattern, OneHotPattern,
               ElementwisePattern<AddOp>, ElementwisePattern<SubOp>,
               ElementwisePattern<MulOp>, ElementwisePattern<DivOp>,
               ElementwisePattern<PowOp>, ElementwisePattern<MaximumOp>,
               ElementwisePattern<MinimumOp>, ElementwisePattern<CompareOp>,
               ElementwisePattern<SelectOp>, ElementwisePattern<NegOp>,
               ElementwisePattern<AbsOp>, ElementwisePattern<ExpOp>,
               ElementwisePattern<LogOp>, ElementwisePattern<SqrtOp>,
               ElementwisePattern<RsqrtOp>, ElementwisePattern<TanhOp>,
               ElementwisePattern<SigmoidOp>, ElementwisePattern<ReluOp>,
               ElementwisePattern<SignOp>, RandomPattern<RandomUniformOp>,
               RandomPattern<RandomNormalOp>>(patterns.getContext());
}
