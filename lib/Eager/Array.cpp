//===- Array.cpp - Eager and traced arrays and their ops ------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <fmt/format.h>

namespace nn {

using detail::ArrayImpl;
using detail::ArraySlot;
using detail::emitOp;
using detail::OpSpec;

//===----------------------------------------------------------------------===//
// Array
//===----------------------------------------------------------------------===//

namespace {
std::shared_ptr<ArrayImpl> makeZeroScalar() {
  auto impl = std::make_shared<ArrayImpl>();
  impl->value = Tensor();
  return impl;
}

/// What a moved-from handle refers to: an error, not a crash.
const std::shared_ptr<ArrayImpl> &movedFrom() {
  static const std::shared_ptr<ArrayImpl> *impl = [] {
    auto made = std::make_shared<ArrayImpl>();
    made->error = absl::FailedPreconditionError("the Array was moved from");
    return new std::shared_ptr<ArrayImpl>(std::move(made));
  }();
  return *impl;
}
} // namespace

Array::Array() : Array(makeZeroScalar()) {}
Array::Array(std::shared_ptr<ArrayImpl> impl)
    : slot(std::make_shared<ArraySlot>(ArraySlot{std::move(impl)})) {}
Array::Array(const Array &other)
    : slot(std::make_shared<ArraySlot>(ArraySlot{other.getImpl()})) {}
Array::Array(Array &&other) noexcept : slot(std::move(other.slot)) {}
// Assignment rebinds this handle's slot in place (see `slot`).
Array &Array::operator=(const Array &other) {
  if (this == &other)
    return *this;
  if (!slot)
    slot = std::make_shared<ArraySlot>();
  slot->impl = other.getImpl();
  return *this;
}
Array &Array::operator=(Array &&other) noexcept {
  if (this == &other)
    return *this;
  if (!slot)
    slot = std::make_shared<ArraySlot>();
  slot->impl = other.getImpl();
  return *this;
}
Array::~Array() = default;

std::shared_ptr<ArrayImpl> Array::getImpl() const {
  return slot ? slot->impl : movedFrom();
}
DType Array::dtype() const { return getImpl()->dtype; }
const std::vector<int64_t> &Array::shape() const {
  return slot ? slot->impl->shape : movedFrom()->shape;
}
bool Array::isTraced() const {
  std::shared_ptr<ArrayImpl> impl = getImpl();
  return !impl->value && impl->error.ok();
}
absl::Status Array::status() const { return getImpl()->error; }

absl::StatusOr<Tensor> Array::toTensor() const {
  std::shared_ptr<ArrayImpl> held = getImpl();
  const ArrayImpl &impl = *held;
  if (!impl.error.ok())
    return impl.error;
  if (!impl.value) {
    std::lock_guard<std::recursive_mutex> lock(detail::getLock());
    detail::Frame *frame = detail::currentFrame();
    std::string function = frame ? frame->function : "a traced function";
    return absl::FailedPreconditionError(
        "cannot read the value of a traced Array inside '" + function +
        "' (made at " + detail::formatSite(impl.site) +
        "): values exist only when the compiled function runs; return it "
        "from the function, branch with nn::cond, or pass it as a static "
        "argument");
  }
  return *impl.value;
}

absl::StatusOr<double> item(const Array &array, SourceSite site) {
  if (!array.ok())
    return array.status();
  if (array.isTraced()) {
    std::lock_guard<std::recursive_mutex> lock(detail::getLock());
    detail::Frame *frame = detail::currentFrame();
    return absl::FailedPreconditionError(
        detail::formatSite(site) + ": nn::item reads a traced Array inside '" +
        (frame ? frame->function : std::string("a traced function")) +
        "': values exist only when the compiled function runs; use nn::cond "
        "to branch on it, or return it");
  }
  const Tensor &value = *array.getImpl()->value;
  if (value.getNumElements() != 1)
    return absl::InvalidArgumentError(detail::formatSite(site) +
                                      ": nn::item needs one element, got " +
                                      value.getTypeString());
  return detail::toRef(value.view()).getDouble(0);
}

std::string Array::toString() const {
  std::shared_ptr<ArrayImpl> held = getImpl();
  const ArrayImpl &impl = *held;
  if (!impl.error.ok())
    return fmt::format("Array(error: {})", std::string(impl.error.message()));
  std::string type = formatTensorType(impl.shape, impl.dtype);
  if (impl.value)
    return fmt::format("Array({}, eager)", type);
  return fmt::format("Array({}, traced)", type);
}

//===----------------------------------------------------------------------===//
// Creation
//===----------------------------------------------------------------------===//

namespace {
/// An eager array of `value`, or a constant in the current trace.
Array constantArray(ref::Tensor value, SourceSite site) {
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  if (!detail::currentFrame())
    return detail::eagerArray(std::move(value), site);
  OpSpec spec{"nn.constant",
              {},
              std::make_pair(value.getElementType(), value.getShape()),
              &value};
  return emitOp(spec, {}, site);
}

absl::Status checkShape(const std::vector<int64_t> &shape) {
  for (int64_t size : shape)
    if (size < 0)
      return absl::InvalidArgumentError("sizes must be non-negative, got " +
                                        formatTensorType(shape, DType::F32));
  return absl::OkStatus();
}

Array filled(const std::vector<int64_t> &shape, double value, DType dtype,
             SourceSite site) {
  if (absl::Status status = checkShape(shape); !status.ok())
    return detail::errorArray(absl::InvalidArgumentError(
        detail::formatSite(site) + ": " + std::string(status.message())));
  ref::Tensor tensor(dtype, shape);
  for (int64_t i = 0, e = tensor.getNumElements(); i < e; ++i)
    tensor.setDouble(i, value);
  return constantArray(std::move(tensor), site);
}
} // namespace

Array array(const Tensor &tensor, SourceSite site) {
  {
    std::lock_guard<std::recursive_mutex> lock(detail::getLock());
    if (!detail::currentFrame())
      return detail::eagerArray(tensor, site);
  }
  return constantArray(detail::toRef(tensor.view()), site);
}

Array array(std::vector<float> values, std::vector<int64_t> shape,
            SourceSite site) {
  absl::StatusOr<Tensor> tensor = Tensor::create(shape, std::move(values));
  if (!tensor.ok())
    return detail::errorArray(
        absl::InvalidArgumentError(detail::formatSite(site) + ": " +
                                   std::string(tensor.status().message())));
  return array(*tensor, site);
}

Array scalar(double value, DType dtype, SourceSite site) {
  return filled({}, value, dtype, site);
}
Array zeros(std::vector<int64_t> shape, DType dtype, SourceSite site) {
  return filled(shape, 0.0, dtype, site);
}
Array ones(std::vector<int64_t> shape, DType dtype, SourceSite site) {
  return filled(shape, 1.0, dtype, site);
}
Array full(std::vector<int64_t> shape, double value, DType dtype,
           SourceSite site) {
  return filled(shape, value, dtype, site);
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

namespace {
Array binary(const char *name, const Array &lhs, const Array &rhs,
             SourceSite site) {
  return emitOp({name, {}, std::nullopt}, {&lhs, &rhs}, site);
}
Array unary(const char *name, const Array &x, SourceSite site) {
  return emitOp({name, {}, std::nullopt}, {&x}, site);
}
} // namespace

#define NN_BINARY(fn, opname)                                                  \
  Array fn(const Array &lhs, const Array &rhs, SourceSite site) {              \
    return binary(opname, lhs, rhs, site);                                     \
  }
NN_BINARY(add, "nn.add")
NN_BINARY(sub, "nn.sub")
NN_BINARY(mul, "nn.mul")
NN_BINARY(div, "nn.div")
NN_BINARY(pow, "nn.pow")
NN_BINARY(maximum, "nn.maximum")
NN_BINARY(minimum, "nn.minimum")
#undef NN_BINARY

#define NN_UNARY(fn, opname)                                                   \
  Array fn(const Array &x, SourceSite site) { return unary(opname, x, site); }
NN_UNARY(neg, "nn.neg")
NN_UNARY(abs, "nn.abs")
NN_UNARY(exp, "nn.exp")
NN_UNARY(log, "nn.log")
NN_UNARY(sqrt, "nn.sqrt")
NN_UNARY(rsqrt, "nn.rsqrt")
NN_UNARY(tanh, "nn.tanh")
NN_UNARY(sigmoid, "nn.sigmoid")
NN_UNARY(relu, "nn.relu")
NN_UNARY(sign, "nn.sign")
#undef NN_UNARY

Array compare(const Array &lhs, const Array &rhs, const std::string &direction,
              SourceSite site) {
  return emitOp({"nn.compare", {{"direction", direction}}, std::nullopt},
                {&lhs, &rhs}, site);
}
Array equal(const Array &lhs, const Array &rhs, SourceSite site) {
  return compare(lhs, rhs, "eq", site);
}
Array less(const Array &lhs, const Array &rhs, SourceSite site) {
  return compare(lhs, rhs, "lt", site);
}
Array greater(const Array &lhs, const Array &rhs, SourceSite site) {
  return compare(lhs, rhs, "gt", site);
}
Array select(const Array &cond, const Array &onTrue, const Array &onFalse,
             SourceSite site) {
  return emitOp({"nn.select", {}, std::nullopt}, {&cond, &onTrue, &onFalse},
                site);
}

Array cast(const Array &x, DType dtype, SourceSite site) {
  if (!x.ok())
    return x;
  return emitOp({"nn.cast", {}, std::make_pair(dtype, x.shape())}, {&x}, site);
}

//===----------------------------------------------------------------------===//
// Contractions and windows
//===----------------------------------------------------------------------===//

Array matmul(const Array &lhs, const Array &rhs, bool transposeLhs,
             bool transposeRhs, SourceSite site) {
  std::vector<detail::NamedAttr> attrs;
  if (transposeLhs)
    attrs.push_back({"transpose_lhs", true});
  if (transposeRhs)
    attrs.push_back({"transpose_rhs", true});
  return emitOp({"nn.matmul", attrs, std::nullopt}, {&lhs, &rhs}, site);
}

namespace {
/// TensorFlow's "same" and "valid" padding of one spatial dimension.
absl::StatusOr<std::pair<int64_t, int64_t>> padOf(const std::string &mode,
                                                  int64_t in, int64_t window,
                                                  int64_t stride,
                                                  int64_t dilation) {
  if (mode == "valid")
    return std::make_pair(int64_t(0), int64_t(0));
  if (mode != "same")
    return absl::InvalidArgumentError("padding must be \"same\", \"valid\" "
                                      "or [top, bottom, left, right], got \"" +
                                      mode + "\"");
  if (in == kDynamic)
    return absl::InvalidArgumentError(
        "\"same\" padding needs static spatial sizes");
  if (stride <= 0)
    return absl::InvalidArgumentError("strides must be positive");
  int64_t out = (in + stride - 1) / stride;
  int64_t effective = (window - 1) * dilation + 1;
  int64_t total = std::max<int64_t>((out - 1) * stride + effective - in, 0);
  return std::make_pair(total / 2, total - total / 2);
}

/// The explicit pads [top, bottom, left, right] of `padding` for a window
/// op on the NHWC `input`.
absl::StatusOr<std::vector<int64_t>>
explicitPads(const Padding &padding, const Array &input,
             std::array<int64_t, 2> window, std::array<int64_t, 2> strides,
             std::array<int64_t, 2> dilations) {
  if (padding.mode.empty())
    return std::vector<int64_t>(padding.pads.begin(), padding.pads.end());
  if (input.rank() != 4)
    return absl::InvalidArgumentError(
        "input must be NHWC (rank 4), got " +
        formatTensorType(input.shape(), input.dtype()));
  std::vector<int64_t> pads;
  for (int i = 0; i < 2; ++i) {
    auto pair = padOf(padding.mode, input.shape()[1 + i], window[i], strides[i],
                      dilations[i]);
    if (!pair.ok())
      return pair.status();
    pads.push_back(pair->first);
    pads.push_back(pair->second);
  }
  return pads;
}

Array siteError(SourceSite site, const absl::Status &status) {
  return detail::errorArray(absl::InvalidArgumentError(
      detail::formatSite(site) + ": " + std::string(status.message())));
}

std::vector<int64_t> toVector(std::array<int64_t, 2> a) { return {a[0], a[1]}; }
} // namespace

Array conv2d(const Array &input, const Array &filter,
             const Conv2DOptions &options, SourceSite site) {
  if (!input.ok())
    return input;
  if (!filter.ok())
    return filter;
  std::array<int64_t, 2> window{1, 1};
  if (filter.rank() == 4)
    window = {filter.shape()[0], filter.shape()[1]};
  auto pads = explicitPads(options.padding, input, window, options.strides,
                           options.dilations);
  if (!pads.ok())
    return siteError(site, pads.status());
  return emitOp({"nn.conv2d",
                 {{"strides", toVector(options.strides)},
                  {"dilations", toVector(options.dilations)},
                  {"padding", *pads}},
                 std::nullopt},
                {&input, &filter}, site);
}

namespace {
Array pool(const char *name, const Array &input, const Pool2DOptions &options,
           SourceSite site) {
  if (!input.ok())
    return input;
  std::array<int64_t, 2> strides = options.strides;
  if (strides[0] == 0 && strides[1] == 0)
    strides = options.window;
  auto pads =
      explicitPads(options.padding, input, options.window, strides, {1, 1});
  if (!pads.ok())
    return siteError(site, pads.status());
  return emitOp({name,
                 {{"window", toVector(options.window)},
                  {"strides", toVector(strides)},
                  {"padding", *pads}},
                 std::nullopt},
                {&input}, site);
}
} // namespace

Array maxPool2d(const Array &input, const Pool2DOptions &options,
                SourceSite site) {
  return pool("nn.max_pool2d", input, options, site);
}
Array avgPool2d(const Array &input, const Pool2DOptions &options,
                SourceSite site) {
  return pool("nn.avg_pool2d", input, options, site);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

namespace {
Array reduce(const char *name, const Array &x, std::vector<int64_t> axes,
             bool keepDims, SourceSite site) {
  return emitOp({name, {{"axes", axes}, {"keep_dims", keepDims}}, std::nullopt},
                {&x}, site);
}
} // namespace

Array reduceSum(const Array &x, std::vector<int64_t> axes, bool keepDims,
                SourceSite site) {
  return reduce("nn.reduce_sum", x, std::move(axes), keepDims, site);
}
Array reduceMean(const Array &x, std::vector<int64_t> axes, bool keepDims,
                 SourceSite site) {
  return reduce("nn.reduce_mean", x, std::move(axes), keepDims, site);
}
Array reduceMax(const Array &x, std::vector<int64_t> axes, bool keepDims,
                SourceSite site) {
  return reduce("nn.reduce_max", x, std::move(axes), keepDims, site);
}
Array reduceMin(const Array &x, std::vector<int64_t> axes, bool keepDims,
                SourceSite site) {
  return reduce("nn.reduce_min", x, std::move(axes), keepDims, site);
}
Array argmax(const Array &x, int64_t axis, bool keepDims, SourceSite site) {
  return emitOp(
      {"nn.argmax", {{"axis", axis}, {"keep_dims", keepDims}}, std::nullopt},
      {&x}, site);
}
Array softmax(const Array &x, int64_t axis, SourceSite site) {
  return emitOp({"nn.softmax", {{"axis", axis}}, std::nullopt}, {&x}, site);
}
Array logSoftmax(const Array &x, int64_t axis, SourceSite site) {
  return emitOp({"nn.log_softmax", {{"axis", axis}}, std::nullopt}, {&x}, site);
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

namespace {
/// `shape` with its -1 resolved from the element count of `x` where the
/// sizes are static; otherwise -1 stays `?` for the op to resolve.
absl::StatusOr<std::vector<int64_t>>
resolveReshape(const Array &x, std::vector<int64_t> shape) {
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (inferred != -1)
        return absl::InvalidArgumentError(
            "reshape: at most one size may be -1");
      inferred = static_cast<int64_t>(i);
    } else if (shape[i] < 0) {
      return absl::InvalidArgumentError("reshape: sizes must be >= 0 or -1");
    } else {
      known *= shape[i];
    }
  }
  if (inferred == -1)
    return shape;
  int64_t total = 1;
  for (int64_t size : x.shape()) {
    if (size == kDynamic)
      return shape; // -1 is kDynamic: the op resolves it at run time.
    total *= size;
  }
  if (known == 0 || total % known != 0)
    return absl::InvalidArgumentError(
        "reshape: cannot reshape " + formatTensorType(x.shape(), x.dtype()) +
        " into " + formatTensorType(shape, x.dtype()));
  shape[inferred] = total / known;
  return shape;
}
} // namespace

Array reshape(const Array &x, std::vector<int64_t> shape, SourceSite site) {
  if (!x.ok())
    return x;
  auto resolved = resolveReshape(x, std::move(shape));
  if (!resolved.ok())
    return siteError(site, resolved.status());
  return emitOp({"nn.reshape", {}, std::make_pair(x.dtype(), *resolved)}, {&x},
                site);
}
Array transpose(const Array &x, std::vector<int64_t> perm, SourceSite site) {
  return emitOp({"nn.transpose", {{"perm", perm}}, std::nullopt}, {&x}, site);
}
Array broadcastTo(const Array &x, std::vector<int64_t> shape, SourceSite site) {
  if (!x.ok())
    return x;
  return emitOp({"nn.broadcast_to", {}, std::make_pair(x.dtype(), shape)}, {&x},
                site);
}
Array concat(const std::vector<Array> &inputs, int64_t axis, SourceSite site) {
  std::vector<const Array *> operands;
  for (const Array &input : inputs)
    operands.push_back(&input);
  return emitOp({"nn.concat", {{"axis", axis}}, std::nullopt}, operands, site);
}
Array slice(const Array &x, std::vector<int64_t> start,
            std::vector<int64_t> limit, std::vector<int64_t> strides,
            SourceSite site) {
  std::vector<detail::NamedAttr> attrs{{"start", start}, {"limit", limit}};
  if (!strides.empty())
    attrs.push_back({"strides", strides});
  return emitOp({"nn.slice", attrs, std::nullopt}, {&x}, site);
}
Array pad(const Array &x, std::vector<int64_t> low, std::vector<int64_t> high,
          double value, SourceSite site) {
  return emitOp({"nn.pad",
                 {{"low", low}, {"high", high}, {"value", value}},
                 std::nullopt},
                {&x}, site);
}
Array oneHot(const Array &indices, int64_t depth, DType dtype,
             SourceSite site) {
  if (!indices.ok())
    return indices;
  std::vector<int64_t> shape = indices.shape();
  shape.push_back(depth);
  return emitOp(
      {"nn.one_hot", {{"depth", depth}}, std::make_pair(dtype, shape)},
      {&indices}, site);
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

namespace {
/// A C++ number as a rank-0 array of the other operand's dtype.
Array weak(double value, const Array &like) {
  return scalar(value, like.ok() ? like.dtype() : DType::F32,
                SourceSite::here());
}
} // namespace

Array operator+(const Array &lhs, const Array &rhs) { return add(lhs, rhs); }
Array operator-(const Array &lhs, const Array &rhs) { return sub(lhs, rhs); }
Array operator*(const Array &lhs, const Array &rhs) { return mul(lhs, rhs); }
Array operator/(const Array &lhs, const Array &rhs) { return div(lhs, rhs); }
Array operator-(const Array &x) { return neg(x); }
Array operator+(const Array &lhs, double rhs) {
  return add(lhs, weak(rhs, lhs));
}
Array operator-(const Array &lhs, double rhs) {
  return sub(lhs, weak(rhs, lhs));
}
Array operator*(const Array &lhs, double rhs) {
  return mul(lhs, weak(rhs, lhs));
}
Array operator/(const Array &lhs, double rhs) {
  return div(lhs, weak(rhs, lhs));
}
Array operator+(double lhs, const Array &rhs) {
  return add(weak(lhs, rhs), rhs);
}
Array operator-(double lhs, const Array &rhs) {
  return sub(weak(lhs, rhs), rhs);
}
Array operator*(double lhs, const Array &rhs) {
  return mul(weak(lhs, rhs), rhs);
}
Array operator/(double lhs, const Array &rhs) {
  return div(weak(lhs, rhs), rhs);
}

} // namespace nn
