//===- Gradients.h - Gradients in eager and traced code ---------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Gradients through the one reverse-mode implementation, `nn-autodiff`:
// valueAndGrad traces the loss into a function and emits
// `nn.value_and_grad` on it; inside nn::function that op is part of the
// traced graph, eagerly the traced gradient function is run at once (by
// the interpreter, cached per signature). GradientTape records eager ops
// and differentiates the recorded graph the same way. A gradient with
// respect to something the loss does not reach is zeros, or an error with
// GradOptions::errorIfDisconnected.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRACE_GRADIENTS_H
#define NN_TRACE_GRADIENTS_H

#include "nn/Eager/Array.h"
#include "nn/Eager/Variable.h"

#include <functional>
#include <memory>
#include <vector>

namespace nn {

using LossFunction = std::function<Array(const std::vector<Array> &)>;
/// Gives {value, gradient for each wrt...}.
using ValueAndGradFunction =
    std::function<std::vector<Array>(const std::vector<Array> &)>;

struct GradOptions {
  /// A gradient with respect to an argument or variable the loss does not
  /// depend on is an error naming it, instead of zeros.
  bool errorIfDisconnected = false;
};

/// The loss and its gradients with respect to the arguments `wrt` (indices)
/// or the variables `wrt`. The loss must be a float scalar; a failure
/// (a bad index, a non-scalar loss, an op without a derivative) comes back
/// as error Arrays.
/// Eagerly, the returned function caches its traced gradient function per
/// signature: create it once and call it in the loop (a gradient function
/// made anew at the same line on every step is warned about).
ValueAndGradFunction valueAndGrad(LossFunction fn, std::vector<int64_t> wrt,
                                  GradOptions options = {}, NN_SITE);
ValueAndGradFunction valueAndGrad(LossFunction fn, std::vector<Variable> wrt,
                                  GradOptions options = {}, NN_SITE);

/// A loss with auxiliary results: {loss, aux...}.
using LossWithAuxFunction =
    std::function<std::vector<Array>(const std::vector<Array> &)>;
/// Gives {value, aux..., gradient for each wrt...}: the `numAux` auxiliary
/// results (a model's predictions, its batch statistics) come from the same
/// forward pass as the loss (nn.value_and_grad with has_aux).
ValueAndGradFunction valueAndGradWithAux(LossWithAuxFunction fn,
                                         std::vector<Variable> wrt,
                                         size_t numAux,
                                         GradOptions options = {}, NN_SITE);

namespace detail {
struct TapeImpl;
} // namespace detail

/// Records the eager ops run while it lives (tf.GradientTape); variables
/// are watched automatically. gradient() may be called more than once.
class GradientTape {
public:
  GradientTape();
  ~GradientTape();
  GradientTape(const GradientTape &) = delete;
  GradientTape &operator=(const GradientTape &) = delete;

  /// Records operations on `x` too (variables are always recorded).
  void watch(const Array &x);
  /// Stops recording (gradient() still works on what was recorded).
  void stop();

  /// The gradients of the scalar `loss` with respect to `variables` (or
  /// watched arrays): zeros for one the loss does not reach. Error arrays
  /// if the loss was not recorded by this tape or is not a float scalar.
  std::vector<Array> gradient(const Array &loss,
                              const std::vector<Variable> &variables,
                              GradOptions options = {});
  std::vector<Array> gradient(const Array &loss,
                              const std::vector<Array> &watched,
                              GradOptions options = {});

private:
  std::unique_ptr<detail::TapeImpl> impl;
};

} // namespace nn

#endif // NN_TRACE_GRADIENTS_H
