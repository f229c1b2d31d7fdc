//===- ShapeInference.cpp - Shape rules of the nn ops ---------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/ShapeInference.h"
#include "nn/IR/Diagnostics.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace nn {

static bool isDynamic(int64_t dim) { return ShapedType::isDynamic(dim); }
static constexpr int64_t kDynamic = ShapedType::kDynamic;

std::string formatDim(int64_t dim) {
  return isDynamic(dim) ? std::string("?") : std::to_string(dim);
}

std::string formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (i)
      text += 'x';
    text += formatDim(dim);
  }
  return text;
}

static std::string formatList(ArrayRef<int64_t> values) {
  std::string text = "[";
  for (auto [i, value] : llvm::enumerate(values)) {
    if (i)
      text += ", ";
    text += std::to_string(value);
  }
  return text + "]";
}

/// Checks that an attribute holds `expected` entries.
static LogicalResult checkLength(const ShapeErrorEmitter &error,
                                 StringRef attrName, ArrayRef<int64_t> values,
                                 size_t expected, StringRef why) {
  if (values.size() == expected)
    return success();
  return error("'", attrName, "' has ", values.size(), " entries ",
               formatList(values), " but ", why, " needs ", expected);
}

static LogicalResult checkAll(const ShapeErrorEmitter &error,
                              StringRef attrName, ArrayRef<int64_t> values,
                              int64_t minimum) {
  for (auto [i, value] : llvm::enumerate(values))
    if (value < minimum)
      return error("'", attrName, "' entry ", i, " is ", value, " but must be ",
                   minimum == 0 ? "non-negative" : "positive", " (", attrName,
                   " = ", formatList(values), ")");
  return success();
}

FailureOr<Shape> inferBroadcastShape(const ShapeErrorEmitter &error,
                                     ArrayRef<ArrayRef<int64_t>> shapes,
                                     ArrayRef<StringRef> names) {
  size_t rank = 0;
  for (ArrayRef<int64_t> shape : shapes)
    rank = std::max(rank, shape.size());
  Shape result(rank, 1);
  // Which operand fixed each result dimension, for messages.
  SmallVector<int> source(rank, -1);
  for (auto [operand, shape] : llvm::enumerate(shapes)) {
    size_t offset = rank - shape.size();
    for (auto [i, dim] : llvm::enumerate(shape)) {
      int64_t &out = result[offset + i];
      if (dim == 1 || dim == out)
        continue;
      if (out == 1) {
        out = dim;
        source[offset + i] = operand;
        continue;
      }
      if (isDynamic(dim))
        continue; // Static `out` (not 1) wins; checked at run time.
      if (isDynamic(out)) {
        out = dim;
        source[offset + i] = operand;
        continue;
      }
      int other = source[offset + i];
      return error(names[other], " of shape ", formatShape(shapes[other]),
                   " and ", names[operand], " of shape ", formatShape(shape),
                   " are not broadcast compatible: ", out, " vs ", dim,
                   " at result dimension ", offset + i);
    }
  }
  return result;
}

LogicalResult verifyBroadcastTo(const ShapeErrorEmitter &error,
                                ArrayRef<int64_t> operand,
                                ArrayRef<int64_t> target) {
  if (operand.size() > target.size())
    return error("operand of shape ", formatShape(operand), " has rank ",
                 operand.size(), ", more than the result shape ",
                 formatShape(target));
  size_t offset = target.size() - operand.size();
  for (auto [i, dim] : llvm::enumerate(operand)) {
    int64_t out = target[offset + i];
    if (dim == 1 || dim == out || isDynamic(dim) || isDynamic(out))
      continue;
    return error("operand of shape ", formatShape(operand),
                 " does not broadcast to ", formatShape(target),
                 ": operand dimension ", i, " is ", dim,
                 " but result dimension ", offset + i, " is ", out);
  }
  return success();
}

FailureOr<Shape> inferMatmulShape(const ShapeErrorEmitter &error,
                                  ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                                  bool transposeLhs, bool transposeRhs) {
  if (lhs.size() < 2)
    return error("lhs must have rank >= 2, but has shape ", formatShape(lhs));
  if (rhs.size() < 2)
    return error("rhs must have rank >= 2, but has shape ", formatShape(rhs));
  size_t l = lhs.size(), r = rhs.size();
  int64_t m = transposeLhs ? lhs[l - 1] : lhs[l - 2];
  int64_t lhsK = transposeLhs ? lhs[l - 2] : lhs[l - 1];
  int64_t rhsK = transposeRhs ? rhs[r - 1] : rhs[r - 2];
  int64_t n = transposeRhs ? rhs[r - 2] : rhs[r - 1];
  if (!isDynamic(lhsK) && !isDynamic(rhsK) && lhsK != rhsK)
    return error("contracting dimensions differ: lhs of shape ",
                 formatShape(lhs), (transposeLhs ? " (transposed)" : ""),
                 " has K = ", lhsK, " but rhs of shape ", formatShape(rhs),
                 (transposeRhs ? " (transposed)" : ""), " has K = ", rhsK);
  ArrayRef<int64_t> lhsBatch = lhs.drop_back(2), rhsBatch = rhs.drop_back(2);
  FailureOr<Shape> batch =
      inferBroadcastShape(error, {lhsBatch, rhsBatch},
                          {"lhs batch dimensions", "rhs batch dimensions"});
  if (failed(batch))
    return failure();
  Shape result = std::move(*batch);
  result.push_back(m);
  result.push_back(n);
  return result;
}

/// Output size of a window sliding over `size` padded elements; kDynamic
/// when the size or the window is unknown.
static FailureOr<int64_t> windowOutputSize(const ShapeErrorEmitter &error,
                                           StringRef what, int64_t size,
                                           int64_t window, int64_t stride,
                                           int64_t dilation, int64_t padLow,
                                           int64_t padHigh) {
  if (isDynamic(size) || isDynamic(window))
    return kDynamic;
  std::optional<int64_t> effective = llvm::checkedMul(dilation, window - 1);
  std::optional<int64_t> padded = llvm::checkedAdd(size, padLow);
  if (padded)
    padded = llvm::checkedAdd(*padded, padHigh);
  if (!effective || !padded || !llvm::checkedAdd(*effective, int64_t(1)))
    return error("window arithmetic overflows for ", what, " (size ", size,
                 ", window ", window, ", dilation ", dilation, ", padding ",
                 padLow, "+", padHigh, ")");
  int64_t extent = *effective + 1;
  if (*padded < extent)
    return error(what, ": the ", (dilation > 1 ? "dilated " : ""), "window of ",
                 extent, " is larger than the padded input of ", *padded,
                 " (size ", size, " + padding ", padLow, " + ", padHigh, ")");
  return (*padded - extent) / stride + 1;
}

FailureOr<Shape>
inferConv2DShape(const ShapeErrorEmitter &error, ArrayRef<int64_t> input,
                 ArrayRef<int64_t> filter, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> dilations, ArrayRef<int64_t> padding) {
  if (input.size() != 4)
    return error("input must be NHWC (rank 4), but has shape ",
                 formatShape(input));
  if (filter.size() != 4)
    return error("filter must be HWIO (rank 4), but has shape ",
                 formatShape(filter));
  if (failed(checkLength(error, "strides", strides, 2, "[sh, sw]")) ||
      failed(checkLength(error, "dilations", dilations, 2, "[dh, dw]")) ||
      failed(checkLength(error, "padding", padding, 4,
                         "[top, bottom, left, right]")) ||
      failed(checkAll(error, "strides", strides, 1)) ||
      failed(checkAll(error, "dilations", dilations, 1)) ||
      failed(checkAll(error, "padding", padding, 0)))
    return failure();
  if (!isDynamic(input[3]) && !isDynamic(filter[2]) && input[3] != filter[2])
    return error("input channels (", input[3], ", input of shape ",
                 formatShape(input), ") differ from filter input channels (",
                 filter[2], ", filter of shape ", formatShape(filter), ")");
  FailureOr<int64_t> height =
      windowOutputSize(error, "height", input[1], filter[0], strides[0],
                       dilations[0], padding[0], padding[1]);
  if (failed(height))
    return failure();
  FailureOr<int64_t> width =
      windowOutputSize(error, "width", input[2], filter[1], strides[1],
                       dilations[1], padding[2], padding[3]);
  if (failed(width))
    return failure();
  return Shape{input[0], *height, *width, filter[3]};
}

FailureOr<Shape> inferPool2DShape(const ShapeErrorEmitter &error,
                                  ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> window,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> padding) {
  if (input.size() != 4)
    return error("input must be NHWC (rank 4), but has shape ",
                 formatShape(input));
  if (failed(checkLength(error, "window", window, 2, "[kh, kw]")) ||
      failed(checkLength(error, "strides", strides, 2, "[sh, sw]")) ||
      failed(checkLength(error, "padding", padding, 4,
                         "[top, bottom, left, right]")) ||
      failed(checkAll(error, "window", window, 1)) ||
      failed(checkAll(error, "strides", strides, 1)) ||
      failed(checkAll(error, "padding", padding, 0)))
    return failure();
  // Padding of a full window or more would make windows of padding alone,
  // whose max or average is undefined.
  for (int i = 0; i < 4; ++i)
    if (padding[i] >= window[i / 2])
      return error("padding ", formatList(padding),
                   " must be smaller than the ", "window ", formatList(window),
                   " on each side");
  // An empty input padded would make windows of padding alone.
  for (int d = 1; d <= 2; ++d)
    if (input[d] == 0 && (padding[2 * (d - 1)] || padding[2 * d - 1]))
      return error("input of shape ", formatShape(input),
                   " is empty along dimension ", d,
                   ", so padding it would make windows of padding alone");
  FailureOr<int64_t> height =
      windowOutputSize(error, "height", input[1], window[0], strides[0], 1,
                       padding[0], padding[1]);
  if (failed(height))
    return failure();
  FailureOr<int64_t> width =
      windowOutputSize(error, "width", input[2], window[1], strides[1], 1,
                       padding[2], padding[3]);
  if (failed(width))
    return failure();
  return Shape{input[0], *height, *width, input[3]};
}

FailureOr<int64_t> normalizeAxis(const ShapeErrorEmitter &error, int64_t axis,
                                 int64_t rank) {
  if (axis < -rank || axis >= rank)
    return error("axis ", axis, " is out of range for rank ", rank,
                 " (expected ", -rank, " <= axis < ", rank, ")");
  return axis < 0 ? axis + rank : axis;
}

FailureOr<SmallVector<int64_t>> normalizeAxes(const ShapeErrorEmitter &error,
                                              ArrayRef<int64_t> axes,
                                              int64_t rank) {
  SmallVector<int64_t> result;
  if (axes.empty()) {
    result = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    return result;
  }
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(error, axis, rank);
    if (failed(normalized))
      return failure();
    if (llvm::is_contained(result, *normalized))
      return error("axes ", formatList(axes), " name dimension ", *normalized,
                   " twice");
    result.push_back(*normalized);
  }
  llvm::sort(result);
  return result;
}

FailureOr<Shape> inferReduceShape(const ShapeErrorEmitter &error,
                                  ArrayRef<int64_t> operand,
                                  ArrayRef<int64_t> axes, bool keepDims) {
  FailureOr<SmallVector<int64_t>> normalized =
      normalizeAxes(error, axes, operand.size());
  if (failed(normalized))
    return failure();
  Shape result;
  for (auto [i, dim] : llvm::enumerate(operand)) {
    if (!llvm::is_contained(*normalized, int64_t(i)))
      result.push_back(dim);
    else if (keepDims)
      result.push_back(1);
  }
  return result;
}

FailureOr<Shape> inferTransposeShape(const ShapeErrorEmitter &error,
                                     ArrayRef<int64_t> operand,
                                     ArrayRef<int64_t> perm) {
  if (perm.size() != operand.size())
    return error("'perm' ", formatList(perm), " has ", perm.size(),
                 " entries but the operand of shape ", formatShape(operand),
                 " has rank ", operand.size());
  SmallVector<bool> seen(operand.size(), false);
  Shape result;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(operand.size()) || seen[p])
      return error("'perm' ", formatList(perm), " is not a permutation of [0, ",
                   operand.size(), ")");
    seen[p] = true;
    result.push_back(operand[p]);
  }
  return result;
}

FailureOr<Shape> inferConcatShape(const ShapeErrorEmitter &error,
                                  ArrayRef<ArrayRef<int64_t>> inputs,
                                  int64_t axis) {
  if (inputs.empty())
    return error("needs at least one input");
  ArrayRef<int64_t> first = inputs.front();
  FailureOr<int64_t> dim = normalizeAxis(error, axis, first.size());
  if (failed(dim))
    return failure();
  Shape result(first);
  for (auto [i, shape] : llvm::enumerate(inputs.drop_front())) {
    size_t index = i + 1;
    if (shape.size() != first.size())
      return error("input ", index, " of shape ", formatShape(shape),
                   " has rank ", shape.size(), " but input 0 of shape ",
                   formatShape(first), " has rank ", first.size());
    for (auto [d, size] : llvm::enumerate(shape)) {
      int64_t &out = result[d];
      if (static_cast<int64_t>(d) == *dim) {
        if (isDynamic(out) || isDynamic(size)) {
          out = kDynamic;
        } else if (auto sum = llvm::checkedAdd(out, size)) {
          out = *sum;
        } else {
          return error("concatenated size along axis ", *dim, " overflows");
        }
        continue;
      }
      if (isDynamic(out)) {
        out = size;
        continue;
      }
      if (!isDynamic(size) && size != out)
        return error("input ", index, " of shape ", formatShape(shape),
                     " differs from the other inputs in dimension ", d, " (",
                     size, " vs ", out, "), which is not the axis ", *dim);
    }
  }
  return result;
}

FailureOr<Shape> inferSliceShape(const ShapeErrorEmitter &error,
                                 ArrayRef<int64_t> operand,
                                 ArrayRef<int64_t> start,
                                 ArrayRef<int64_t> limit,
                                 ArrayRef<int64_t> strides) {
  size_t rank = operand.size();
  if (failed(checkLength(error, "start", start, rank, "the operand's rank")) ||
      failed(checkLength(error, "limit", limit, rank, "the operand's rank")) ||
      failed(
          checkLength(error, "strides", strides, rank, "the operand's rank")) ||
      failed(checkAll(error, "strides", strides, 1)))
    return failure();
  Shape result;
  for (size_t d = 0; d < rank; ++d) {
    if (start[d] < 0 || start[d] > limit[d] ||
        (!isDynamic(operand[d]) && limit[d] > operand[d]))
      return error("slice [", start[d], ", ", limit[d], ") of dimension ", d,
                   " is out of bounds for the operand of "
                   "shape ",
                   formatShape(operand),
                   " (expected 0 <= start <= limit <= ", formatDim(operand[d]),
                   ")");
    // Cannot overflow: 0 <= limit - start and strides >= 1.
    int64_t extent = limit[d] - start[d];
    result.push_back(extent / strides[d] + (extent % strides[d] != 0));
  }
  return result;
}

FailureOr<Shape> inferPadShape(const ShapeErrorEmitter &error,
                               ArrayRef<int64_t> operand, ArrayRef<int64_t> low,
                               ArrayRef<int64_t> high,
                               ArrayRef<int64_t> interior) {
  size_t rank = operand.size();
  if (failed(checkLength(error, "low", low, rank, "the operand's rank")) ||
      failed(checkLength(error, "high", high, rank, "the operand's rank")) ||
      failed(checkLength(error, "interior", interior, rank,
                         "the operand's rank")) ||
      failed(checkAll(error, "low", low, 0)) ||
      failed(checkAll(error, "high", high, 0)) ||
      failed(checkAll(error, "interior", interior, 0)))
    return failure();
  Shape result;
  for (size_t d = 0; d < rank; ++d) {
    if (isDynamic(operand[d])) {
      result.push_back(kDynamic);
      continue;
    }
    // size + low + high + interior * (size - 1)
    std::optional<int64_t> size = llvm::checkedAdd(operand[d], low[d]);
    if (size)
      size = llvm::checkedAdd(*size, high[d]);
    if (size && operand[d] > 0) {
      std::optional<int64_t> gaps =
          llvm::checkedMul(interior[d], operand[d] - 1);
      size = gaps ? llvm::checkedAdd(*size, *gaps) : std::nullopt;
    }
    if (!size || isDynamic(*size))
      return error("padded size of dimension ", d, " overflows");
    result.push_back(*size);
  }
  return result;
}

/// Product of the static sizes; nullopt on overflow.
static std::optional<int64_t> staticProduct(ArrayRef<int64_t> shape) {
  int64_t product = 1;
  for (int64_t dim : shape) {
    if (isDynamic(dim))
      continue;
    std::optional<int64_t> next = llvm::checkedMul(product, dim);
    if (!next)
      return std::nullopt;
    product = *next;
  }
  return product;
}

LogicalResult verifyReshape(const ShapeErrorEmitter &error,
                            ArrayRef<int64_t> operand,
                            ArrayRef<int64_t> result) {
  int64_t resultDynamic = llvm::count_if(result, isDynamic);
  if (resultDynamic > 1)
    return error("result shape ", formatShape(result), " has ", resultDynamic,
                 " dynamic dimensions; at most one can be resolved");
  std::optional<int64_t> operandCount = staticProduct(operand);
  std::optional<int64_t> resultCount = staticProduct(result);
  if (!operandCount || !resultCount)
    return error("element count of ", formatShape(operand), " or ",
                 formatShape(result), " overflows");
  bool operandStatic = llvm::none_of(operand, isDynamic);
  if (operandStatic && resultDynamic == 0) {
    if (*operandCount != *resultCount)
      return error("operand of shape ", formatShape(operand), " has ",
                   *operandCount, " elements but the result shape ",
                   formatShape(result), " has ", *resultCount);
    return success();
  }
  if (operandStatic) {
    // The dynamic result dimension is operandCount / resultCount.
    if (*resultCount == 0 || *operandCount % *resultCount != 0)
      return error("operand of shape ", formatShape(operand), " has ",
                   *operandCount, " elements, which the result shape ",
                   formatShape(result),
                   " cannot hold for any size of its "
                   "dynamic dimension");
    return success();
  }
  if (resultDynamic == 0 && *operandCount != 0 &&
      *resultCount % *operandCount != 0)
    return error("result shape ", formatShape(result), " has ", *resultCount,
                 " elements, which is not a multiple of the static part (",
                 *operandCount, " elements) of the operand shape ",
                 formatShape(operand));
  return success();
}

LogicalResult verifyGradShape(const ShapeErrorEmitter &error,
                              FailureOr<Shape> forward,
                              ArrayRef<int64_t> grad) {
  if (failed(forward))
    return failure();
  if (failed(verifyCompatibleShape(*forward, grad)))
    return error("grad of shape ", formatShape(grad),
                 " does not match the forward result shape ",
                 formatShape(*forward));
  return success();
}

LogicalResult verifyDynamicSizeCount(const ShapeErrorEmitter &error,
                                     ShapedType resultType, size_t numSizes) {
  int64_t dynamic = resultType.getNumDynamicDims();
  if (static_cast<int64_t>(numSizes) != dynamic)
    return error("result type ", resultType, " has ", dynamic,
                 " dynamic dimensions but ", numSizes,
                 " dynamic sizes are given");
  return success();
}

FailureOr<Shape> resolveReshapeShape(const ShapeErrorEmitter &error,
                                     ArrayRef<int64_t> operand,
                                     ShapedType resultType) {
  Shape shape(resultType.getShape());
  std::optional<int64_t> count = staticProduct(operand);
  std::optional<int64_t> known = staticProduct(shape);
  if (!count || !known)
    return error("element count of ", formatShape(operand), " or ",
                 formatShape(shape), " overflows");
  for (int64_t &dim : shape) {
    if (!isDynamic(dim))
      continue;
    if (*known == 0 || *count % *known != 0)
      return error("cannot reshape ", *count, " elements (operand of shape ",
                   formatShape(operand), ") to ", formatType(resultType));
    dim = *count / *known;
    *known *= dim;
  }
  if (*known != *count)
    return error("operand of shape ", formatShape(operand), " has ", *count,
                 " elements but the result ", formatType(resultType), " has ",
                 *known);
  return shape;
}

FailureOr<Shape> resolveBroadcastToShape(const ShapeErrorEmitter &error,
                                         ArrayRef<int64_t> operand,
                                         ArrayRef<int64_t> result) {
  Shape shape(result);
  // A rank that cannot broadcast is left for verifyBroadcastTo to report.
  if (shape.size() >= operand.size()) {
    size_t offset = shape.size() - operand.size();
    for (size_t d = 0; d < shape.size(); ++d)
      if (isDynamic(shape[d]))
        shape[d] = d >= offset ? operand[d - offset] : 1;
  }
  if (failed(verifyBroadcastTo(error, operand, shape)))
    return failure();
  return shape;
}

FailureOr<Shape> resolveDynamicSizes(const ShapeErrorEmitter &error,
                                     ShapedType resultType,
                                     ArrayRef<std::optional<int64_t>> sizes) {
  if (failed(verifyDynamicSizeCount(error, resultType, sizes.size())))
    return failure();
  Shape shape(resultType.getShape());
  const std::optional<int64_t> *next = sizes.begin();
  for (int64_t &dim : shape) {
    if (!isDynamic(dim))
      continue;
    std::optional<int64_t> size = *next++;
    if (!size)
      return error("has a dynamic size that is not known before the call");
    if (*size < 0)
      return error("dynamic size ", *size, " is negative");
    dim = *size;
  }
  return shape;
}

} // namespace nn
