//===- Random.h - Reproducible random numbers -------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A Generator is a (seed, counter) pair held in two Variables. Each random
// op gets a seed derived from (seed, counter, index of the op in the
// trace), computed in the graph, and the call advances the counter: a
// traced function draws new numbers on every call without a retrace, and a
// run is reproducible from its seed. Nothing stateful enters the IR: the
// numbers come from the stateless `nn.random_uniform`/`nn.random_normal`,
// which give the same numbers on every backend.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_EAGER_RANDOM_H
#define NN_EAGER_RANDOM_H

#include "nn/Eager/Variable.h"

#include <cstdint>
#include <memory>

namespace nn {

namespace detail {
struct GeneratorImpl;
} // namespace detail

class Generator {
public:
  /// A generator with its own state; copies share it.
  explicit Generator(uint64_t seed);

  /// The generator that random ops use when none is given: seeded from the
  /// environment variable NN_SEED, or 0.
  static Generator &getDefault();

  /// The state, as variables (saved with a model, restored to resume).
  Variable seedVariable() const;
  Variable counterVariable() const;

  const std::shared_ptr<detail::GeneratorImpl> &getImpl() const { return impl; }

private:
  std::shared_ptr<detail::GeneratorImpl> impl;
};

/// Numbers uniform in [low, high) and normal (mean, stddev), of a float
/// dtype.
Array randomUniform(Generator &generator, std::vector<int64_t> shape,
                    double low = 0.0, double high = 1.0,
                    DType dtype = DType::F32, NN_SITE);
Array randomNormal(Generator &generator, std::vector<int64_t> shape,
                   double mean = 0.0, double stddev = 1.0,
                   DType dtype = DType::F32, NN_SITE);

/// Keeps each element with probability 1 - rate and scales it by
/// 1 / (1 - rate) (inverted dropout); `x` itself when rate is 0.
Array dropout(Generator &generator, const Array &x, double rate, NN_SITE);

} // namespace nn

#endif // NN_EAGER_RANDOM_H
