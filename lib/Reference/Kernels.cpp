//===- Kernels.cpp - Reference kernels of the nn ops ----------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <cmath>
#include <limits>

namespace nn::ref::kernels {

using llvm::ArrayRef;

namespace {

/// Visits every multi-index of `shape` in row-major order.
template <typename Fn> void forEachIndex(ArrayRef<int64_t> shape, Fn &&fn) {
  for (int64_t dim : shape)
    if (dim == 0)
      return;
  llvm::SmallVector<int64_t, 6> index(shape.size(), 0);
  while (true) {
    fn(ArrayRef<int64_t>(index));
    int64_t d = static_cast<int64_t>(shape.size()) - 1;
    for (; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
    if (d < 0)
      return;
  }
}

/// Strides that read `tensor` broadcast to a result of rank `rank`: aligned
/// on the right, zero where the tensor has size 1 or no dimension.
llvm::SmallVector<int64_t, 6> broadcastStrides(const Tensor &tensor,
                                               size_t rank) {
  llvm::SmallVector<int64_t, 6> strides(rank, 0);
  std::vector<int64_t> own = tensor.getStrides();
  size_t offset = rank - tensor.getShape().size();
  for (size_t d = 0; d < own.size(); ++d)
    if (tensor.getShape()[d] != 1)
      strides[offset + d] = own[d];
  return strides;
}

int64_t dot(ArrayRef<int64_t> index, ArrayRef<int64_t> strides) {
  int64_t offset = 0;
  for (size_t d = 0; d < index.size(); ++d)
    offset += index[d] * strides[d];
  return offset;
}

int64_t product(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// Wrapping integer arithmetic: signed overflow is undefined in C++.
int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) +
                              static_cast<uint64_t>(b));
}
int64_t wrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) -
                              static_cast<uint64_t>(b));
}
int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) *
                              static_cast<uint64_t>(b));
}

double nanAwareMax(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<double>::quiet_NaN();
  return a > b ? a : b;
}
double nanAwareMin(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<double>::quiet_NaN();
  return a < b ? a : b;
}

double applyFloat(BinaryKind kind, double a, double b) {
  switch (kind) {
  case BinaryKind::Add:
    return a + b;
  case BinaryKind::Sub:
    return a - b;
  case BinaryKind::Mul:
    return a * b;
  case BinaryKind::Div:
    return a / b;
  case BinaryKind::Pow:
    return std::pow(a, b);
  case BinaryKind::Maximum:
    return nanAwareMax(a, b);
  case BinaryKind::Minimum:
    return nanAwareMin(a, b);
  }
  return 0;
}

/// Whether any of `tensors` is shape-only, in which case a kernel only
/// computes its result's shape.
bool shapesOnly(std::initializer_list<const Tensor *> tensors) {
  for (const Tensor *tensor : tensors)
    if (!tensor->hasData())
      return true;
  return false;
}

} // namespace

absl::StatusOr<Tensor> binary(BinaryKind kind, const Tensor &lhs,
                              const Tensor &rhs, const Shape &shape) {
  if (shapesOnly({&lhs, &rhs}))
    return Tensor::shapeOnly(lhs.getElementType(), shape);
  Tensor result(lhs.getElementType(), shape);
  auto lhsStrides = broadcastStrides(lhs, shape.size());
  auto rhsStrides = broadcastStrides(rhs, shape.size());
  bool isFloat = result.isFloat();
  int64_t i = 0;
  bool divByZero = false;
  forEachIndex(shape, [&](ArrayRef<int64_t> index) {
    int64_t l = dot(index, lhsStrides), r = dot(index, rhsStrides);
    if (isFloat) {
      result.setDouble(i++,
                       applyFloat(kind, lhs.getDouble(l), rhs.getDouble(r)));
      return;
    }
    int64_t a = lhs.getInt(l), b = rhs.getInt(r), value = 0;
    switch (kind) {
    case BinaryKind::Add:
      value = wrapAdd(a, b);
      break;
    case BinaryKind::Sub:
      value = wrapSub(a, b);
      break;
    case BinaryKind::Mul:
      value = wrapMul(a, b);
      break;
    case BinaryKind::Div:
      if (b == 0)
        divByZero = true;
      else if (b == -1)
        value = wrapSub(0, a); // INT_MIN / -1 wraps instead of trapping.
      else
        value = a / b;
      break;
    case BinaryKind::Pow:
      value = static_cast<int64_t>(std::pow(a, b));
      break;
    case BinaryKind::Maximum:
      value = std::max(a, b);
      break;
    case BinaryKind::Minimum:
      value = std::min(a, b);
      break;
    }
    result.setInt(i++, value);
  });
  if (divByZero)
    return absl::InvalidArgumentError("integer division by zero");
  return result;
}

Tensor compare(CompareKind kind, const Tensor &lhs, const Tensor &rhs,
               const Shape &shape) {
  if (shapesOnly({&lhs, &rhs}))
    return Tensor::shapeOnly(DType::I1, shape);
  Tensor result(DType::I1, shape);
  auto lhsStrides = broadcastStrides(lhs, shape.size());
  auto rhsStrides = broadcastStrides(rhs, shape.size());
  bool isFloat = lhs.isFloat();
  int64_t i = 0;
  forEachIndex(shape, [&](ArrayRef<int64_t> index) {
    int64_t l = dot(index, lhsStrides), r = dot(index, rhsStrides);
    bool value = false;
    // Ordered comparisons are false on NaN; `ne` is true on NaN.
    auto cmp = [&](auto a, auto b) {
      switch (kind) {
      case CompareKind::Eq:
        return a == b;
      case CompareKind::Ne:
        return a != b;
      case CompareKind::Lt:
        return a < b;
      case CompareKind::Le:
        return a <= b;
      case CompareKind::Gt:
        return a > b;
      case CompareKind::Ge:
        return a >= b;
      }
      return false;
    };
    if (isFloat)
      value = cmp(lhs.getDouble(l), rhs.getDouble(r));
    else
      value = cmp(lhs.getInt(l), rhs.getInt(r));
    result.setInt(i++, value);
  });
  return result;
}

Tensor select(const Tensor &cond, const Tensor &onTrue, const Tensor &onFalse,
              const Shape &shape) {
  if (shapesOnly({&cond, &onTrue, &onFalse}))
    return Tensor::shapeOnly(onTrue.getElementType(), shape);
  Tensor result(onTrue.getElementType(), shape);
  auto condStrides = broadcastStrides(cond, shape.size());
  auto trueStrides = broadcastStrides(onTrue, shape.size());
  auto falseStrides = broadcastStrides(onFalse, shape.size());
  int64_t i = 0;
  forEachIndex(shape, [&](ArrayRef<int64_t> index) {
    bool c = cond.getInt(dot(index, condStrides)) != 0;
    const Tensor &source = c ? onTrue : onFalse;
    int64_t offset = dot(index, c ? trueStrides : falseStrides);
    if (result.isFloat())
      result.setDouble(i++, source.getDouble(offset));
    else
      result.setInt(i++, source.getInt(offset));
  });
  return result;
}

Tensor unary(UnaryKind kind, const Tensor &operand) {
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(operand.getElementType(), operand.getShape());
  Tensor result(operand.getElementType(), operand.getShape());
  for (int64_t i = 0; i < operand.getNumElements(); ++i) {
    if (!operand.isFloat()) {
      int64_t x = operand.getInt(i), value = x;
      switch (kind) {
      case UnaryKind::Neg:
        value = wrapSub(0, x);
        break;
      case UnaryKind::Abs:
        value = x < 0 ? wrapSub(0, x) : x;
        break;
      case UnaryKind::Relu:
        value = std::max<int64_t>(x, 0);
        break;
      case UnaryKind::Sign:
        value = (x > 0) - (x < 0);
        break;
      default: // Float-only ops never reach here (the verifier rejects).
        break;
      }
      result.setInt(i, value);
      continue;
    }
    double x = operand.getDouble(i), value = x;
    switch (kind) {
    case UnaryKind::Neg:
      value = -x;
      break;
    case UnaryKind::Abs:
      value = std::fabs(x);
      break;
    case UnaryKind::Exp:
      value = std::exp(x);
      break;
    case UnaryKind::Log:
      value = std::log(x);
      break;
    case UnaryKind::Sqrt:
      value = std::sqrt(x);
      break;
    case UnaryKind::Rsqrt:
      value = 1.0 / std::sqrt(x);
      break;
    case UnaryKind::Tanh:
      value = std::tanh(x);
      break;
    case UnaryKind::Sigmoid:
      value = 1.0 / (1.0 + std::exp(-x));
      break;
    case UnaryKind::Relu:
      value = std::isnan(x) ? x : (x > 0 ? x : 0.0);
      break;
    case UnaryKind::Sign:
      value = std::isnan(x) ? x : (x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0));
      break;
    }
    result.setDouble(i, value);
  }
  return result;
}

Tensor cast(const Tensor &operand, DType type) {
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(type, operand.getShape());
  Tensor result(type, operand.getShape());
  for (int64_t i = 0; i < operand.getNumElements(); ++i) {
    if (operand.isFloat())
      result.setDouble(i, operand.getDouble(i));
    else
      result.setInt(i, operand.getInt(i));
  }
  return result;
}

Tensor matmul(const Tensor &lhs, const Tensor &rhs, bool transposeLhs,
              bool transposeRhs, const Shape &shape) {
  if (shapesOnly({&lhs, &rhs}))
    return Tensor::shapeOnly(lhs.getElementType(), shape);
  Tensor result(lhs.getElementType(), shape);
  size_t rank = shape.size();
  int64_t m = shape[rank - 2], n = shape[rank - 1];
  const Shape &ls = lhs.getShape();
  int64_t k = transposeLhs ? ls[ls.size() - 2] : ls[ls.size() - 1];
  // Batch strides over the broadcast batch dimensions, and the strides of
  // the two matrix dimensions of each operand.
  Shape batchShape(shape.begin(), shape.end() - 2);
  auto batchStrides = [&](const Tensor &t) {
    llvm::SmallVector<int64_t, 6> strides(batchShape.size(), 0);
    std::vector<int64_t> own = t.getStrides();
    size_t batchRank = t.getShape().size() - 2;
    size_t offset = batchShape.size() - batchRank;
    for (size_t d = 0; d < batchRank; ++d)
      if (t.getShape()[d] != 1)
        strides[offset + d] = own[d];
    return strides;
  };
  auto lhsBatch = batchStrides(lhs), rhsBatch = batchStrides(rhs);
  std::vector<int64_t> lst = lhs.getStrides(), rst = rhs.getStrides();
  int64_t lRow = lst[ls.size() - 2], lCol = lst[ls.size() - 1];
  const Shape &rs = rhs.getShape();
  int64_t rRow = rst[rs.size() - 2], rCol = rst[rs.size() - 1];
  // Element (i, p) of op(lhs) and (p, j) of op(rhs).
  int64_t lI = transposeLhs ? lCol : lRow, lP = transposeLhs ? lRow : lCol;
  int64_t rP = transposeRhs ? rCol : rRow, rJ = transposeRhs ? rRow : rCol;
  int64_t out = 0;
  bool isFloat = result.isFloat();
  forEachIndex(batchShape, [&](ArrayRef<int64_t> batch) {
    int64_t lBase = dot(batch, lhsBatch), rBase = dot(batch, rhsBatch);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        if (isFloat) {
          double sum = 0;
          for (int64_t p = 0; p < k; ++p)
            sum += lhs.getDouble(lBase + i * lI + p * lP) *
                   rhs.getDouble(rBase + p * rP + j * rJ);
          result.setDouble(out++, sum);
        } else {
          int64_t sum = 0;
          for (int64_t p = 0; p < k; ++p)
            sum = wrapAdd(sum, wrapMul(lhs.getInt(lBase + i * lI + p * lP),
                                       rhs.getInt(rBase + p * rP + j * rJ)));
          result.setInt(out++, sum);
        }
      }
  });
  return result;
}

Tensor conv2d(const Tensor &input, const Tensor &filter,
              ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
              ArrayRef<int64_t> padding, const Shape &shape) {
  if (shapesOnly({&input, &filter}))
    return Tensor::shapeOnly(input.getElementType(), shape);
  Tensor result(input.getElementType(), shape);
  const Shape &is = input.getShape(), &fs = filter.getShape();
  int64_t height = is[1], width = is[2], channels = is[3];
  int64_t kh = fs[0], kw = fs[1], features = fs[3];
  std::vector<int64_t> ist = input.getStrides(), fst = filter.getStrides();
  bool isFloat = result.isFloat();
  int64_t out = 0;
  for (int64_t n = 0; n < shape[0]; ++n)
    for (int64_t oh = 0; oh < shape[1]; ++oh)
      for (int64_t ow = 0; ow < shape[2]; ++ow)
        for (int64_t f = 0; f < features; ++f) {
          double sum = 0;
          int64_t isum = 0;
          for (int64_t y = 0; y < kh; ++y) {
            int64_t ih = oh * strides[0] - padding[0] + y * dilations[0];
            if (ih < 0 || ih >= height)
              continue;
            for (int64_t x = 0; x < kw; ++x) {
              int64_t iw = ow * strides[1] - padding[2] + x * dilations[1];
              if (iw < 0 || iw >= width)
                continue;
              for (int64_t c = 0; c < channels; ++c) {
                int64_t a = n * ist[0] + ih * ist[1] + iw * ist[2] + c;
                int64_t b = y * fst[0] + x * fst[1] + c * fst[2] + f;
                if (isFloat)
                  sum += input.getDouble(a) * filter.getDouble(b);
                else
                  isum =
                      wrapAdd(isum, wrapMul(input.getInt(a), filter.getInt(b)));
              }
            }
          }
          if (isFloat)
            result.setDouble(out++, sum);
          else
            result.setInt(out++, isum);
        }
  return result;
}

Tensor pool2d(bool isMax, const Tensor &input, ArrayRef<int64_t> window,
              ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
              const Shape &shape) {
  if (shapesOnly({&input}))
    return Tensor::shapeOnly(input.getElementType(), shape);
  Tensor result(input.getElementType(), shape);
  const Shape &is = input.getShape();
  std::vector<int64_t> ist = input.getStrides();
  bool isFloat = result.isFloat();
  int64_t out = 0;
  for (int64_t n = 0; n < shape[0]; ++n)
    for (int64_t oh = 0; oh < shape[1]; ++oh)
      for (int64_t ow = 0; ow < shape[2]; ++ow)
        for (int64_t c = 0; c < shape[3]; ++c) {
          // Padding never takes part: max skips it, the average does not
          // count it. The verifier guarantees one real element per window.
          double best = -std::numeric_limits<double>::infinity(), sum = 0;
          int64_t ibest = std::numeric_limits<int64_t>::min(), isum = 0;
          int64_t count = 0;
          for (int64_t y = 0; y < window[0]; ++y) {
            int64_t ih = oh * strides[0] - padding[0] + y;
            if (ih < 0 || ih >= is[1])
              continue;
            for (int64_t x = 0; x < window[1]; ++x) {
              int64_t iw = ow * strides[1] - padding[2] + x;
              if (iw < 0 || iw >= is[2])
                continue;
              int64_t a = n * ist[0] + ih * ist[1] + iw * ist[2] + c;
              ++count;
              if (isFloat) {
                best = nanAwareMax(best, input.getDouble(a));
                sum += input.getDouble(a);
              } else {
                ibest = std::max(ibest, input.getInt(a));
                isum = wrapAdd(isum, input.getInt(a));
              }
            }
          }
          if (isFloat)
            result.setDouble(out++, isMax ? best : sum / count);
          else
            result.setInt(out++, isMax ? ibest : (count ? isum / count : 0));
        }
  return result;
}

Tensor reduce(ReduceKind kind, const Tensor &operand, ArrayRef<int64_t> axes,
              bool keepDims) {
  const Shape &shape = operand.getShape();
  Shape kept, resultShape;
  for (int64_t d = 0; d < operand.getRank(); ++d) {
    bool reduced = llvm::is_contained(axes, d);
    kept.push_back(reduced ? 1 : shape[d]);
    if (!reduced)
      resultShape.push_back(shape[d]);
    else if (keepDims)
      resultShape.push_back(1);
  }
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(operand.getElementType(), resultShape);
  // Strides into the accumulators, indexed like the operand (0 on reduced
  // axes).
  llvm::SmallVector<int64_t, 6> accStrides(shape.size(), 0);
  for (int64_t d = operand.getRank() - 1, stride = 1; d >= 0; --d) {
    if (!llvm::is_contained(axes, d))
      accStrides[d] = stride;
    stride *= kept[d];
  }
  int64_t outputs = product(kept);
  int64_t count = 1;
  for (int64_t axis : axes)
    count *= shape[axis];
  Tensor result(operand.getElementType(), resultShape);
  bool isFloat = operand.isFloat();
  double initial =
      kind == ReduceKind::Max   ? -std::numeric_limits<double>::infinity()
      : kind == ReduceKind::Min ? std::numeric_limits<double>::infinity()
                                : 0.0;
  // The identities of the element type itself: an empty i32 max is
  // INT32_MIN (the i64 limits would wrap to 0 and -1).
  bool isI32 = operand.getElementType() == DType::I32;
  int64_t iinitial =
      kind == ReduceKind::Max   ? (isI32 ? std::numeric_limits<int32_t>::min()
                                         : std::numeric_limits<int64_t>::min())
      : kind == ReduceKind::Min ? (isI32 ? std::numeric_limits<int32_t>::max()
                                         : std::numeric_limits<int64_t>::max())
                                : 0;
  std::vector<double> acc(outputs, initial);
  std::vector<int64_t> iacc(outputs, iinitial);
  int64_t i = 0;
  forEachIndex(shape, [&](ArrayRef<int64_t> index) {
    int64_t o = dot(index, accStrides);
    if (isFloat) {
      double x = operand.getDouble(i++);
      switch (kind) {
      case ReduceKind::Sum:
      case ReduceKind::Mean:
        acc[o] += x;
        break;
      case ReduceKind::Max:
        acc[o] = nanAwareMax(acc[o], x);
        break;
      case ReduceKind::Min:
        acc[o] = nanAwareMin(acc[o], x);
        break;
      }
    } else {
      int64_t x = operand.getInt(i++);
      switch (kind) {
      case ReduceKind::Sum:
      case ReduceKind::Mean:
        iacc[o] = wrapAdd(iacc[o], x);
        break;
      case ReduceKind::Max:
        iacc[o] = std::max(iacc[o], x);
        break;
      case ReduceKind::Min:
        iacc[o] = std::min(iacc[o], x);
        break;
      }
    }
  });
  for (int64_t o = 0; o < outputs; ++o) {
    if (isFloat)
      result.setDouble(o, kind == ReduceKind::Mean ? acc[o] / count : acc[o]);
    else
      result.setInt(o, iacc[o]);
  }
  return result;
}

/// Calls fn(base, stride, length) for every line of `shape` along `axis`.
template <typename Fn>
static void forEachLine(const Shape &shape, int64_t axis, Fn &&fn) {
  int64_t inner = 1;
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t in = 0; in < inner; ++in)
      fn(o * shape[axis] * inner + in, inner, shape[axis], o * inner + in);
}

Tensor argmax(const Tensor &operand, int64_t axis, bool keepDims) {
  Shape shape;
  for (int64_t d = 0; d < operand.getRank(); ++d)
    if (d != axis)
      shape.push_back(operand.getShape()[d]);
    else if (keepDims)
      shape.push_back(1);
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(DType::I64, shape);
  Tensor result(DType::I64, shape);
  forEachLine(operand.getShape(), axis,
              [&](int64_t base, int64_t stride, int64_t length, int64_t out) {
                // The first maximum wins; NaN is greater than everything, as
                // in NumPy.
                int64_t best = 0;
                for (int64_t j = 1; j < length; ++j) {
                  if (operand.isFloat()) {
                    double b = operand.getDouble(base + best * stride);
                    double x = operand.getDouble(base + j * stride);
                    if (!std::isnan(b) && (std::isnan(x) || x > b))
                      best = j;
                  } else if (operand.getInt(base + j * stride) >
                             operand.getInt(base + best * stride)) {
                    best = j;
                  }
                }
                result.setInt(out, best);
              });
  return result;
}

Tensor softmax(const Tensor &operand, int64_t axis, bool log) {
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(operand.getElementType(), operand.getShape());
  Tensor result(operand.getElementType(), operand.getShape());
  forEachLine(operand.getShape(), axis,
              [&](int64_t base, int64_t stride, int64_t length, int64_t) {
                double max = -std::numeric_limits<double>::infinity();
                for (int64_t j = 0; j < length; ++j)
                  max = nanAwareMax(max, operand.getDouble(base + j * stride));
                double sum = 0;
                for (int64_t j = 0; j < length; ++j)
                  sum += std::exp(operand.getDouble(base + j * stride) - max);
                for (int64_t j = 0; j < length; ++j) {
                  double shifted = operand.getDouble(base + j * stride) - max;
                  result.setDouble(base + j * stride,
                                   log ? shifted - std::log(sum)
                                       : std::exp(shifted) / sum);
                }
              });
  return result;
}

static void copyElement(Tensor &to, int64_t i, const Tensor &from, int64_t j) {
  if (to.isFloat())
    to.setDouble(i, from.getDouble(j));
  else
    to.setInt(i, from.getInt(j));
}

Tensor reshape(const Tensor &operand, const Shape &shape) {
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(operand.getElementType(), shape);
  Tensor result(operand.getElementType(), shape);
  for (int64_t i = 0; i < result.getNumElements(); ++i)
    copyElement(result, i, operand, i);
  return result;
}

Tensor transpose(const Tensor &operand, ArrayRef<int64_t> perm) {
  if (shapesOnly({&operand})) {
    Shape shape;
    for (int64_t p : perm)
      shape.push_back(operand.getShape()[p]);
    return Tensor::shapeOnly(operand.getElementType(), shape);
  }
  Shape shape;
  llvm::SmallVector<int64_t, 6> strides;
  std::vector<int64_t> own = operand.getStrides();
  for (int64_t p : perm) {
    shape.push_back(operand.getShape()[p]);
    strides.push_back(own[p]);
  }
  Tensor result(operand.getElementType(), shape);
  int64_t i = 0;
  forEachIndex(shape, [&](ArrayRef<int64_t> index) {
    copyElement(result, i++, operand, dot(index, strides));
  });
  return result;
}

Tensor broadcastTo(const Tensor &operand, const Shape &shape) {
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(operand.getElementType(), shape);
  Tensor result(operand.getElementType(), shape);
  auto strides = broadcastStrides(operand, shape.size());
  int64_t i = 0;
  forEachIndex(shape, [&](ArrayRef<int64_t> index) {
    copyElement(result, i++, operand, dot(index, strides));
  });
  return result;
}

Tensor concat(ArrayRef<const Tensor *> inputs, int64_t axis,
              const Shape &shape) {
  for (const Tensor *input : inputs)
    if (!input->hasData())
      return Tensor::shapeOnly(inputs.front()->getElementType(), shape);
  Tensor result(inputs.front()->getElementType(), shape);
  std::vector<int64_t> outStrides = result.getStrides();
  int64_t offset = 0;
  for (const Tensor *input : inputs) {
    int64_t i = 0;
    forEachIndex(input->getShape(), [&](ArrayRef<int64_t> index) {
      int64_t o = dot(index, outStrides) + offset * outStrides[axis];
      copyElement(result, o, *input, i++);
    });
    offset += input->getShape()[axis];
  }
  return result;
}

Tensor slice(const Tensor &operand, ArrayRef<int64_t> start,
             ArrayRef<int64_t> strides, const Shape &shape) {
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(operand.getElementType(), shape);
  Tensor result(operand.getElementType(), shape);
  std::vector<int64_t> own = operand.getStrides();
  int64_t i = 0;
  forEachIndex(shape, [&](ArrayRef<int64_t> index) {
    int64_t offset = 0;
    for (size_t d = 0; d < index.size(); ++d)
      offset += (start[d] + index[d] * strides[d]) * own[d];
    copyElement(result, i++, operand, offset);
  });
  return result;
}

Tensor pad(const Tensor &operand, ArrayRef<int64_t> low,
           ArrayRef<int64_t> interior, double value, const Shape &shape) {
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(operand.getElementType(), shape);
  Tensor result(operand.getElementType(), shape);
  for (int64_t i = 0; i < result.getNumElements(); ++i)
    result.setDouble(i, value);
  std::vector<int64_t> outStrides = result.getStrides();
  int64_t i = 0;
  forEachIndex(operand.getShape(), [&](ArrayRef<int64_t> index) {
    int64_t o = 0;
    for (size_t d = 0; d < index.size(); ++d)
      o += (low[d] + index[d] * (interior[d] + 1)) * outStrides[d];
    copyElement(result, o, operand, i++);
  });
  return result;
}

Tensor unbroadcast(const Tensor &operand, const Shape &shape) {
  if (shapesOnly({&operand}))
    return Tensor::shapeOnly(operand.getElementType(), shape);
  // Accumulate each operand element into the element of `shape` that
  // broadcasting read it from.
  Tensor target(operand.getElementType(), shape);
  auto strides = broadcastStrides(target, operand.getRank());
  std::vector<double> sums(target.getNumElements(), 0.0);
  std::vector<int64_t> isums(target.getNumElements(), 0);
  int64_t i = 0;
  forEachIndex(operand.getShape(), [&](ArrayRef<int64_t> index) {
    int64_t o = dot(index, strides);
    if (operand.isFloat())
      sums[o] += operand.getDouble(i++);
    else
      isums[o] = wrapAdd(isums[o], operand.getInt(i++));
  });
  for (int64_t o = 0; o < target.getNumElements(); ++o) {
    if (target.isFloat())
      target.setDouble(o, sums[o]);
    else
      target.setInt(o, isums[o]);
  }
  return target;
}

/// Visits every (output position, window offset, input position) of a 2-D
/// window op whose input position is inside the input (not padding):
/// fn(n, oh, ow, y, x, ih, iw).
template <typename Fn>
static void forEachWindowTap(const Shape &inputShape, const Shape &outputShape,
                             ArrayRef<int64_t> window,
                             ArrayRef<int64_t> strides,
                             ArrayRef<int64_t> dilations,
                             ArrayRef<int64_t> padding, Fn &&fn) {
  for (int64_t n = 0; n < outputShape[0]; ++n)
    for (int64_t oh = 0; oh < outputShape[1]; ++oh)
      for (int64_t ow = 0; ow < outputShape[2]; ++ow)
        for (int64_t y = 0; y < window[0]; ++y) {
          int64_t ih = oh * strides[0] - padding[0] + y * dilations[0];
          if (ih < 0 || ih >= inputShape[1])
            continue;
          for (int64_t x = 0; x < window[1]; ++x) {
            int64_t iw = ow * strides[1] - padding[2] + x * dilations[1];
            if (iw < 0 || iw >= inputShape[2])
              continue;
            fn(n, oh, ow, y, x, ih, iw);
          }
        }
}

static Tensor fromSums(DType type, const Shape &shape,
                       const std::vector<double> &sums) {
  Tensor result(type, shape);
  for (int64_t i = 0; i < result.getNumElements(); ++i)
    result.setDouble(i, sums[i]);
  return result;
}

Tensor conv2dInputGrad(const Tensor &filter, const Tensor &grad,
                       ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                       ArrayRef<int64_t> padding, const Shape &shape) {
  if (shapesOnly({&filter, &grad}))
    return Tensor::shapeOnly(grad.getElementType(), shape);
  const Shape &fs = filter.getShape();
  int64_t channels = fs[2], features = fs[3];
  std::vector<double> sums(product(shape), 0.0);
  Tensor layout(grad.getElementType(), shape);
  std::vector<int64_t> ist = layout.getStrides(), fst = filter.getStrides(),
                       gst = grad.getStrides();
  forEachWindowTap(
      shape, grad.getShape(), {fs[0], fs[1]}, strides, dilations, padding,
      [&](int64_t n, int64_t oh, int64_t ow, int64_t y, int64_t x, int64_t ih,
          int64_t iw) {
        for (int64_t c = 0; c < channels; ++c)
          for (int64_t f = 0; f < features; ++f)
            sums[n * ist[0] + ih * ist[1] + iw * ist[2] + c] +=
                grad.getDouble(n * gst[0] + oh * gst[1] + ow * gst[2] + f) *
                filter.getDouble(y * fst[0] + x * fst[1] + c * fst[2] + f);
      });
  return fromSums(grad.getElementType(), shape, sums);
}

Tensor conv2dFilterGrad(const Tensor &input, const Tensor &grad,
                        ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                        ArrayRef<int64_t> padding, const Shape &shape) {
  if (shapesOnly({&input, &grad}))
    return Tensor::shapeOnly(grad.getElementType(), shape);
  int64_t channels = shape[2], features = shape[3];
  std::vector<double> sums(product(shape), 0.0);
  Tensor layout(grad.getElementType(), shape);
  std::vector<int64_t> fst = layout.getStrides(), ist = input.getStrides(),
                       gst = grad.getStrides();
  forEachWindowTap(
      input.getShape(), grad.getShape(), {shape[0], shape[1]}, strides,
      dilations, padding,
      [&](int64_t n, int64_t oh, int64_t ow, int64_t y, int64_t x, int64_t ih,
          int64_t iw) {
        for (int64_t c = 0; c < channels; ++c)
          for (int64_t f = 0; f < features; ++f)
            sums[y * fst[0] + x * fst[1] + c * fst[2] + f] +=
                input.getDouble(n * ist[0] + ih * ist[1] + iw * ist[2] + c) *
                grad.getDouble(n * gst[0] + oh * gst[1] + ow * gst[2] + f);
      });
  return fromSums(grad.getElementType(), shape, sums);
}

Tensor pool2dGrad(bool isMax, const Tensor &input, const Tensor &grad,
                  ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> padding) {
  if (shapesOnly({&input, &grad}))
    return Tensor::shapeOnly(grad.getElementType(), input.getShape());
  const Shape &shape = input.getShape(), &outShape = grad.getShape();
  std::vector<double> sums(input.getNumElements(), 0.0);
  std::vector<int64_t> ist = input.getStrides(), gst = grad.getStrides();
  int64_t channels = shape[3];
  int64_t dilations[] = {1, 1};
  for (int64_t c = 0; c < channels; ++c) {
    // Per output element: the chosen input (max) or the tap count (avg).
    std::vector<int64_t> chosen(grad.getNumElements() / channels, -1);
    std::vector<int64_t> counts(grad.getNumElements() / channels, 0);
    auto outIndex = [&](int64_t n, int64_t oh, int64_t ow) {
      return (n * outShape[1] + oh) * outShape[2] + ow;
    };
    forEachWindowTap(shape, outShape, window, strides, dilations, padding,
                     [&](int64_t n, int64_t oh, int64_t ow, int64_t, int64_t,
                         int64_t ih, int64_t iw) {
                       int64_t o = outIndex(n, oh, ow);
                       int64_t a = n * ist[0] + ih * ist[1] + iw * ist[2] + c;
                       ++counts[o];
                       if (!isMax)
                         return;
                       // The first maximum in row-major window order; NaN
                       // beats everything, as in the forward max.
                       if (chosen[o] < 0) {
                         chosen[o] = a;
                         return;
                       }
                       double best = input.getDouble(chosen[o]);
                       double x = input.getDouble(a);
                       if (!std::isnan(best) && (std::isnan(x) || x > best))
                         chosen[o] = a;
                     });
    forEachWindowTap(shape, outShape, window, strides, dilations, padding,
                     [&](int64_t n, int64_t oh, int64_t ow, int64_t y,
                         int64_t x, int64_t ih, int64_t iw) {
                       int64_t o = outIndex(n, oh, ow);
                       double g = grad.getDouble(n * gst[0] + oh * gst[1] +
                                                 ow * gst[2] + c);
                       int64_t a = n * ist[0] + ih * ist[1] + iw * ist[2] + c;
                       if (!isMax)
                         sums[a] += g / counts[o];
                       else if (a == chosen[o])
                         sums[a] += g;
                     });
  }
  return fromSums(grad.getElementType(), shape, sums);
}

Tensor oneHot(const Tensor &indices, int64_t depth, DType type) {
  if (shapesOnly({&indices})) {
    Shape shape = indices.getShape();
    shape.push_back(depth);
    return Tensor::shapeOnly(type, shape);
  }
  Shape shape = indices.getShape();
  shape.push_back(depth);
  Tensor result(type, shape);
  for (int64_t i = 0; i < indices.getNumElements(); ++i) {
    int64_t index = indices.getInt(i);
    if (index >= 0 && index < depth)
      result.setInt(i * depth + index, 1);
  }
  return result;
}

namespace {
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2,
/// 3", SC'11): four 32-bit words from a 128-bit counter and a 64-bit key.
std::array<uint32_t, 4> philox(uint64_t counter, uint64_t key) {
  uint32_t c[4] = {static_cast<uint32_t>(counter),
                   static_cast<uint32_t>(counter >> 32), 0, 0};
  uint32_t k[2] = {static_cast<uint32_t>(key),
                   static_cast<uint32_t>(key >> 32)};
  for (int round = 0; round < 10; ++round) {
    uint64_t p0 = uint64_t(0xD2511F53) * c[0];
    uint64_t p1 = uint64_t(0xCD9E8D57) * c[2];
    uint32_t next[4] = {static_cast<uint32_t>(p1 >> 32) ^ c[1] ^ k[0],
                        static_cast<uint32_t>(p1),
                        static_cast<uint32_t>(p0 >> 32) ^ c[3] ^ k[1],
                        static_cast<uint32_t>(p0)};
    std::copy(next, next + 4, c);
    k[0] += 0x9E3779B9;
    k[1] += 0xBB67AE85;
  }
  return {c[0], c[1], c[2], c[3]};
}

/// The largest value of the float type `type` below `x`.
double previousFloat(DType type, double x) {
  const llvm::fltSemantics &sem =
      type == DType::F16    ? llvm::APFloat::IEEEhalf()
      : type == DType::BF16 ? llvm::APFloat::BFloat()
      : type == DType::F32  ? llvm::APFloat::IEEEsingle()
                            : llvm::APFloat::IEEEdouble();
  llvm::APFloat value(x);
  bool losesInfo = false;
  value.convert(sem, llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  value.next(/*nextDown=*/true);
  value.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToDouble();
}

/// A double in [0, 1) from 53 bits of two words.
double unitInterval(uint32_t hi, uint32_t lo) {
  uint64_t bits = (uint64_t(hi) << 32 | lo) >> 11;
  return static_cast<double>(bits) * 0x1.0p-53;
}
} // namespace

Tensor randomUniform(int64_t seed, DType type, const Shape &shape, double low,
                     double high) {
  Tensor result(type, shape);
  double top = roundToFloat(type, high);
  double belowTop = previousFloat(type, top);
  for (int64_t i = 0; i < result.getNumElements(); ++i) {
    auto words = philox(i, seed);
    double u = unitInterval(words[0], words[1]);
    result.setDouble(i, low + (high - low) * u);
    // Rounding to a narrow type can reach `high`; keep the interval open.
    if (result.getDouble(i) >= top)
      result.setDouble(i, belowTop);
  }
  return result;
}

Tensor randomNormal(int64_t seed, DType type, const Shape &shape, double mean,
                    double stddev) {
  Tensor result(type, shape);
  for (int64_t i = 0; i < result.getNumElements(); ++i) {
    auto words = philox(i, seed);
    // Box-Muller; 1 - u1 is in (0, 1], so the logarithm is finite.
    double u1 = unitInterval(words[0], words[1]);
    double u2 = unitInterval(words[2], words[3]);
    double z = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * M_PI * u2);
    result.setDouble(i, mean + stddev * z);
  }
  return result;
}

} // namespace nn::ref::kernels
