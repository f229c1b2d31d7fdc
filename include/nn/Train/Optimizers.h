//===- Optimizers.h - Optimizers as traced update rules ---------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Keras's optimizers with Keras's defaults and update rules. An optimizer's
// state (its slots, the step count `iterations` and the learning rate) is
// variables, made eagerly by build() before the training step is traced;
// apply() is Array code, so inside the traced step the update runs in the
// same compiled function and writes parameters and slots in place, and a
// new learning rate never retraces.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_OPTIMIZERS_H
#define NN_TRAIN_OPTIMIZERS_H

#include "nn/Eager/Variable.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nn {

/// A learning rate as a function of the step (evaluated on the host into
/// the learning-rate variable): constant, exponential decay
/// (lr * rate^(step / decaySteps), staircase optional) or cosine decay
/// (to alpha * lr over decaySteps).
struct LearningRateSchedule {
  std::string kind = "constant";
  double initial = 0.01;
  int64_t decaySteps = 1;
  double decayRate = 1.0;
  bool staircase = false;
  double alpha = 0.0;
};
namespace schedules {
inline LearningRateSchedule ExponentialDecay(double initial, int64_t decaySteps,
                                             double decayRate,
                                             bool staircase = false) {
  return {"exponential", initial, decaySteps, decayRate, staircase, 0.0};
}
inline LearningRateSchedule CosineDecay(double initial, int64_t decaySteps,
                                        double alpha = 0.0) {
  return {"cosine", initial, decaySteps, 1.0, false, alpha};
}
} // namespace schedules

class Optimizer {
public:
  virtual ~Optimizer();
  /// Keras's class name: "SGD", "Adam", ...
  virtual std::string className() const = 0;
  virtual std::shared_ptr<Optimizer> clone() const = 0;

  /// Makes the slots of `params` (once; later calls must pass the same
  /// parameters). Outside traced functions.
  absl::Status build(const std::vector<Variable> &params);
  /// Clips `grads` (clipnorm per gradient, clipvalue), updates `params`
  /// and the slots, and advances `iterations`. Inside a traced step, the
  /// assignments are its tied results.
  absl::Status apply(const std::vector<Array> &grads,
                     const std::vector<Variable> &params);

  /// The state, in a stable order with stable names (for checkpoints):
  /// iterations, then each slot.
  std::vector<Variable> variables() const;
  /// The number of updates applied (i64), and the learning rate the next
  /// update uses (f32), both variables.
  const Variable &iterations() const { return *iterationCount; }
  const Variable &learningRate() const { return *rate; }
  /// Sets the learning-rate variable from the schedule at the current
  /// step, on the host (fit does it before each step; a schedule never
  /// retraces).
  absl::Status updateLearningRate();
  /// The schedule's learning rate after `step` updates.
  double scheduledRate(int64_t step) const;
  /// The hyper-parameters, as Keras's get_config names them.
  virtual std::map<std::string, double> getConfig() const;

  /// Options of every optimizer (Keras's clipnorm, clipvalue).
  std::optional<double> clipnorm, clipvalue;
  LearningRateSchedule schedule;

protected:
  explicit Optimizer(double learningRate);
  /// Slots of one parameter, made in build().
  virtual std::vector<std::pair<std::string, double>> slotSpecs() const {
    return {};
  }
  /// The update of one parameter given its gradient, the learning rate and
  /// the step (1 for the first update), writing slots and parameter.
  virtual absl::Status update(Variable &param, const Array &grad,
                              std::vector<Variable> &slots, const Array &lr,
                              const Array &step) = 0;

private:
  std::optional<Variable> iterationCount, rate;
  std::vector<Variable> built;
  std::vector<std::vector<Variable>> slots;
};

namespace optimizers {

class SGD : public Optimizer {
public:
  explicit SGD(double learningRate = 0.01, double momentum = 0.0,
               bool nesterov = false);
  std::string className() const override { return "SGD"; }
  std::shared_ptr<Optimizer> clone() const override;
  std::map<std::string, double> getConfig() const override;

protected:
  std::vector<std::pair<std::string, double>> slotSpecs() const override;
  absl::Status update(Variable &param, const Array &grad,
                      std::vector<Variable> &slots, const Array &lr,
                      const Array &step) override;

private:
  double momentum;
  bool nesterov;
};

class Adam : public Optimizer {
public:
  explicit Adam(double learningRate = 0.001, double beta1 = 0.9,
                double beta2 = 0.999, double epsilon = 1e-7);
  std::string className() const override { return "Adam"; }
  std::shared_ptr<Optimizer> clone() const override;
  std::map<std::string, double> getConfig() const override;

protected:
  std::vector<std::pair<std::string, double>> slotSpecs() const override;
  absl::Status update(Variable &param, const Array &grad,
                      std::vector<Variable> &slots, const Array &lr,
                      const Array &step) override;
  double beta1, beta2, epsilon;
};

/// Adam with decoupled weight decay (Keras's default decay 0.004).
class AdamW : public Adam {
public:
  explicit AdamW(double learningRate = 0.001, double weightDecay = 0.004,
                 double beta1 = 0.9, double beta2 = 0.999,
                 double epsilon = 1e-7);
  std::string className() const override { return "AdamW"; }
  std::shared_ptr<Optimizer> clone() const override;
  std::map<std::string, double> getConfig() const override;

protected:
  absl::Status update(Variable &param, const Array &grad,
                      std::vector<Variable> &slots, const Array &lr,
                      const Array &step) override;

private:
  double weightDecay;
};

class RMSprop : public Optimizer {
public:
  explicit RMSprop(double learningRate = 0.001, double rho = 0.9,
                   double momentum = 0.0, double epsilon = 1e-7);
  std::string className() const override { return "RMSprop"; }
  std::shared_ptr<Optimizer> clone() const override;
  std::map<std::string, double> getConfig() const override;

protected:
  std::vector<std::pair<std::string, double>> slotSpecs() const override;
  absl::Status update(Variable &param, const Array &grad,
                      std::vector<Variable> &slots, const Array &lr,
                      const Array &step) override;

private:
  double rho, momentum, epsilon;
};

class Adagrad : public Optimizer {
public:
  explicit Adagrad(double learningRate = 0.001,
                   double initialAccumulatorValue = 0.1, double epsilon = 1e-7);
  std::string className() const override { return "Adagrad"; }
  std::shared_ptr<Optimizer> clone() const override;
  std::map<std::string, double> getConfig() const override;

protected:
  std::vector<std::pair<std::string, double>> slotSpecs() const override;
  absl::Status update(Variable &param, const Array &grad,
                      std::vector<Variable> &slots, const Array &lr,
                      const Array &step) override;

private:
  double initialAccumulatorValue, epsilon;
};

class Lion : public Optimizer {
public:
  explicit Lion(double learningRate = 0.001, double beta1 = 0.9,
                double beta2 = 0.99);
  std::string className() const override { return "Lion"; }
  std::shared_ptr<Optimizer> clone() const override;
  std::map<std::string, double> getConfig() const override;

protected:
  std::vector<std::pair<std::string, double>> slotSpecs() const override;
  absl::Status update(Variable &param, const Array &grad,
                      std::vector<Variable> &slots, const Array &lr,
                      const Array &step) override;

private:
  double beta1, beta2;
};

} // namespace optimizers

/// An optimizer by Keras's name with its defaults: sgd, adam, adamw,
/// rmsprop, adagrad, lion.
absl::StatusOr<std::shared_ptr<Optimizer>>
getOptimizer(const std::string &name);

} // namespace nn

#endif // NN_TRAIN_OPTIMIZERS_H
