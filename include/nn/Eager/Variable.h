//===- Variable.h - Mutable state of the front end --------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn::Variable holds a named host tensor that traced functions read and
// update by reference (tf.Variable): inside a trace a read becomes an
// implicit argument of the traced function and an assignment a result tied
// to it (`nn.tied_result`), which the call donates, so parameters and
// optimizer slots are updated in place without a copy. A later assign from
// outside is seen by the next call without a retrace.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_EAGER_VARIABLE_H
#define NN_EAGER_VARIABLE_H

#include "nn/Eager/Array.h"

#include <memory>
#include <string>

namespace nn {

namespace detail {
struct VariableImpl;
} // namespace detail

/// A shared handle: copies refer to the same variable.
class Variable {
public:
  /// A variable holding `initial`. Variables are created outside traced
  /// functions or during a function's first trace: created in a later
  /// trace, FailedPreconditionError naming the variable and the function.
  /// InvalidArgumentError if `name` is empty.
  static absl::StatusOr<Variable> create(std::string name, Tensor initial,
                                         bool trainable = true);

  const std::string &name() const;
  bool trainable() const;
  DType dtype() const;
  const std::vector<int64_t> &shape() const;

  /// The current value: eager outside a trace, an implicit argument of the
  /// function inside one.
  Array read(NN_SITE) const;
  /// Replaces the value. Outside a trace at once; inside one the new value
  /// is written when the traced function is called. InvalidArgumentError if
  /// `value` carries an error or has another dtype or shape.
  absl::Status assign(const Array &value, NN_SITE);
  /// The same; eagerly, a value no other handle shares is moved in
  /// instead of copied.
  absl::Status assign(Array &&value, NN_SITE);

  /// The host value between calls.
  const Tensor &value() const;

  /// Whether both handles refer to the same variable.
  bool operator==(const Variable &other) const { return impl == other.impl; }
  bool operator!=(const Variable &other) const { return impl != other.impl; }

  const std::shared_ptr<detail::VariableImpl> &getImpl() const { return impl; }

private:
  explicit Variable(std::shared_ptr<detail::VariableImpl> impl)
      : impl(std::move(impl)) {}
  std::shared_ptr<detail::VariableImpl> impl;
};

} // namespace nn

#endif // NN_EAGER_VARIABLE_H
