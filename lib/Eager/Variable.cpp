//===- Variable.cpp - Mutable state of the front end ----------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <atomic>

namespace nn {

using detail::Frame;

absl::StatusOr<Variable> Variable::create(std::string name, Tensor initial,
                                          bool trainable) {
  if (name.empty())
    return absl::InvalidArgumentError("a Variable needs a name");
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  if (Frame *top = detail::topFrame(); top && !top->mayCreateVariables)
    return absl::FailedPreconditionError(
        "Variable '" + name + "' is created in a later trace of '" +
        top->function +
        "': variables are created outside traced functions or in a "
        "function's first trace only; create it once, outside");
  static std::atomic<uint64_t> nextId{1};
  auto impl = std::make_shared<detail::VariableImpl>();
  impl->name = std::move(name);
  impl->value = std::move(initial);
  impl->trainable = trainable;
  impl->id = nextId++;
  return Variable(std::move(impl));
}

const std::string &Variable::name() const { return impl->name; }
bool Variable::trainable() const { return impl->trainable; }
DType Variable::dtype() const { return impl->value.getDType(); }
const std::vector<int64_t> &Variable::shape() const {
  return impl->value.getShape();
}
const Tensor &Variable::value() const { return impl->value; }

Array Variable::read(SourceSite site) const {
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  if (Frame *frame = detail::currentFrame()) {
    // A read after an assignment in the same trace sees the new value.
    for (auto &[variable, value] : frame->assignments)
      if (variable == impl)
        return Array(value);
    return detail::tracedArray(detail::variableArgument(impl, *frame), *frame,
                               site);
  }
  // A copy: traced calls update the variable's tensor in place.
  Array result = detail::eagerArray(impl->value, site);
  if (detail::TapeHooks *tape = detail::activeTape())
    tape->recordRead(impl, result.getImpl());
  return result;
}

absl::Status Variable::assign(const Array &value, SourceSite site) {
  if (!value.ok())
    return value.status();
  std::string where = detail::formatSite(site) + ": ";
  if (value.dtype() != dtype())
    return absl::InvalidArgumentError(
        where + "Variable '" + impl->name + "' holds " +
        impl->value.getTypeString() + ", cannot assign a value of " +
        formatTensorType(value.shape(), value.dtype()));
  const std::vector<int64_t> &shape = value.shape();
  bool fits = shape.size() == this->shape().size();
  for (size_t i = 0; fits && i < shape.size(); ++i)
    fits = shape[i] == kDynamic || shape[i] == this->shape()[i];
  if (!fits)
    return absl::InvalidArgumentError(where + "Variable '" + impl->name +
                                      "' holds " + impl->value.getTypeString() +
                                      ", cannot assign a value of " +
                                      formatTensorType(shape, value.dtype()));

  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  if (Frame *frame = detail::currentFrame()) {
    if (!frame->mayAssign)
      return absl::FailedPreconditionError(
          where + "Variable '" + impl->name + "' is assigned inside '" +
          frame->function +
          "', a loss or a branch; assign it in the traced function itself");
    absl::StatusOr<mlir::Value> resolved = detail::resolve(value, *frame);
    if (!resolved.ok())
      return resolved.status();
    Array local = detail::tracedArray(*resolved, *frame, site);
    for (auto &entry : frame->assignments)
      if (entry.first == impl) {
        entry.second = local.getImpl();
        return absl::OkStatus();
      }
    frame->assignments.push_back({impl, local.getImpl()});
    return absl::OkStatus();
  }
  absl::StatusOr<Tensor> tensor = value.toTensor();
  if (!tensor.ok())
    return tensor.status();
  impl->value = *std::move(tensor);
  return absl::OkStatus();
}

absl::Status Variable::assign(Array &&value, SourceSite site) {
  // Eagerly, an array no other handle refers to gives its tensor up.
  const std::shared_ptr<detail::ArraySlot> &slot = value.getSlot();
  bool unique = slot && slot.use_count() == 1 && slot->impl.use_count() == 1 &&
                slot->impl->value && slot->impl->dtype == dtype() &&
                slot->impl->shape == shape();
  if (unique) {
    std::lock_guard<std::recursive_mutex> lock(detail::getLock());
    if (!detail::currentFrame()) {
      impl->value = std::move(*slot->impl->value);
      slot->impl->value = Tensor();
      slot->impl->shape.clear();
      slot->impl->dtype = DType::F32;
      return absl::OkStatus();
    }
  }
  return assign(static_cast<const Array &>(value), site);
}

} // namespace nn
