//===- Optimizers.cpp - Optimizers as traced update rules -----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The update rules are Keras 3's (keras/src/optimizers/*.py), written as
// Array code on variables.
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Optimizers.h"

#include <fmt/format.h>

#include <cmath>

namespace nn {

namespace {
Variable scalarVariable(const std::string &name, double value, DType dtype) {
  Tensor tensor = *Tensor::zeros(dtype, {});
  if (dtype == DType::I64)
    tensor.data<int64_t>()[0] = static_cast<int64_t>(value);
  else
    tensor.data<float>()[0] = static_cast<float>(value);
  return *Variable::create(name, std::move(tensor), /*trainable=*/false);
}

/// `value` as a rank-0 array of `like`'s dtype.
Array like(double value, const Array &like) {
  return scalar(value, like.dtype());
}
} // namespace

Optimizer::Optimizer(double learningRate) { schedule.initial = learningRate; }
Optimizer::~Optimizer() = default;

double Optimizer::scheduledRate(int64_t step) const {
  const LearningRateSchedule &s = schedule;
  double t = static_cast<double>(step);
  if (s.kind == "exponential") {
    double p = t / static_cast<double>(std::max<int64_t>(s.decaySteps, 1));
    return s.initial * std::pow(s.decayRate, s.staircase ? std::floor(p) : p);
  }
  if (s.kind == "cosine") {
    double decay = static_cast<double>(std::max<int64_t>(s.decaySteps, 1));
    double cosine = 0.5 * (1.0 + std::cos(M_PI * std::min(t, decay) / decay));
    return s.initial * ((1.0 - s.alpha) * cosine + s.alpha);
  }
  return s.initial;
}

absl::Status Optimizer::build(const std::vector<Variable> &params) {
  if (iterationCount) {
    if (params.size() != built.size())
      return absl::FailedPreconditionError(
          fmt::format("{} was built for {} parameters, given {}", className(),
                      built.size(), params.size()));
    for (size_t i = 0; i < params.size(); ++i)
      if (params[i] != built[i])
        return absl::FailedPreconditionError(
            fmt::format("{} was built for other parameters ('{}' is not '{}')",
                        className(), params[i].name(), built[i].name()));
    return absl::OkStatus();
  }
  iterationCount = scalarVariable("optimizer/iterations", 0, DType::I64);
  rate =
      scalarVariable("optimizer/learning_rate", scheduledRate(0), DType::F32);
  built = params;
  for (const Variable &param : params) {
    std::vector<Variable> own;
    for (const auto &[slot, initial] : slotSpecs()) {
      absl::StatusOr<Tensor> value =
          full(param.shape(), initial, param.dtype()).toTensor();
      if (!value.ok())
        return value.status();
      absl::StatusOr<Variable> variable = Variable::create(
          "optimizer/" + slot + "/" + param.name(), *value, false);
      if (!variable.ok())
        return variable.status();
      own.push_back(*variable);
    }
    slots.push_back(std::move(own));
  }
  return absl::OkStatus();
}

absl::Status Optimizer::updateLearningRate() {
  if (!rate)
    return absl::FailedPreconditionError(className() + " is not built");
  int64_t step = iterationCount->value().data<int64_t>()[0];
  Tensor value = *Tensor::create(
      {}, std::vector<float>{static_cast<float>(scheduledRate(step))});
  return rate->assign(array(value));
}

std::vector<Variable> Optimizer::variables() const {
  std::vector<Variable> result;
  if (!iterationCount)
    return result;
  result.push_back(*iterationCount);
  result.push_back(*rate);
  for (const std::vector<Variable> &own : slots)
    result.insert(result.end(), own.begin(), own.end());
  return result;
}

std::map<std::string, double> Optimizer::getConfig() const {
  std::map<std::string, double> config{{"learning_rate", schedule.initial}};
  if (clipnorm)
    config["clipnorm"] = *clipnorm;
  if (clipvalue)
    config["clipvalue"] = *clipvalue;
  return config;
}

absl::Status Optimizer::apply(const std::vector<Array> &grads,
                              const std::vector<Variable> &params) {
  if (absl::Status status = build(params); !status.ok())
    return status;
  if (grads.size() != params.size())
    return absl::InvalidArgumentError(
        fmt::format("{}: {} gradients for {} parameters", className(),
                    grads.size(), params.size()));
  Array iterationsNow = iterationCount->read();
  Array step = cast(iterationsNow, DType::F32) + 1.0;
  Array lr = rate->read();
  for (size_t i = 0; i < params.size(); ++i) {
    Array grad = grads[i];
    if (clipvalue)
      grad = minimum(maximum(grad, like(-*clipvalue, grad)),
                     like(*clipvalue, grad));
    if (clipnorm) {
      Array norm = sqrt(reduceSum(grad * grad));
      grad = grad * (*clipnorm / maximum(norm, like(*clipnorm, norm)));
    }
    Variable param = params[i];
    Array paramLr = param.dtype() == DType::F32 ? lr : cast(lr, param.dtype());
    Array paramStep =
        param.dtype() == DType::F32 ? step : cast(step, param.dtype());
    if (absl::Status status = update(param, grad, slots[i], paramLr, paramStep);
        !status.ok())
      return status;
  }
  return iterationCount->assign(iterationsNow + scalar(1.0, DType::I64));
}

namespace optimizers {

//===----------------------------------------------------------------------===//
// SGD
//===----------------------------------------------------------------------===//

SGD::SGD(double learningRate, double momentum, bool nesterov)
    : Optimizer(learningRate), momentum(momentum), nesterov(nesterov) {}
std::shared_ptr<Optimizer> SGD::clone() const {
  return std::make_shared<SGD>(*this);
}
std::map<std::string, double> SGD::getConfig() const {
  auto config = Optimizer::getConfig();
  config["momentum"] = momentum;
  config["nesterov"] = nesterov;
  return config;
}
std::vector<std::pair<std::string, double>> SGD::slotSpecs() const {
  if (momentum == 0.0)
    return {};
  return {{"momentum", 0.0}};
}
absl::Status SGD::update(Variable &param, const Array &grad,
                         std::vector<Variable> &slots, const Array &lr,
                         const Array &) {
  Array p = param.read();
  if (momentum == 0.0)
    return param.assign(p - lr * grad);
  Array m = momentum * slots[0].read() - lr * grad;
  if (absl::Status status = slots[0].assign(m); !status.ok())
    return status;
  return param.assign(nesterov ? p + momentum * m - lr * grad : p + m);
}

//===----------------------------------------------------------------------===//
// Adam and AdamW
//===----------------------------------------------------------------------===//

Adam::Adam(double learningRate, double beta1, double beta2, double epsilon)
    : Optimizer(learningRate), beta1(beta1), beta2(beta2), epsilon(epsilon) {}
std::shared_ptr<Optimizer> Adam::clone() const {
  return std::make_shared<Adam>(*this);
}
std::map<std::string, double> Adam::getConfig() const {
  auto config = Optimizer::getConfig();
  config["beta_1"] = beta1;
  config["beta_2"] = beta2;
  config["epsilon"] = epsilon;
  return config;
}
std::vector<std::pair<std::string, double>> Adam::slotSpecs() const {
  return {{"m", 0.0}, {"v", 0.0}};
}
absl::Status Adam::update(Variable &param, const Array &grad,
                          std::vector<Variable> &slots, const Array &lr,
                          const Array &step) {
  Array correction1 = 1.0 - pow(like(beta1, step), step);
  Array correction2 = 1.0 - pow(like(beta2, step), step);
  Array alpha = lr * sqrt(correction2) / correction1;
  Array m = slots[0].read(), v = slots[1].read();
  m = m + (grad - m) * (1.0 - beta1);
  v = v + (grad * grad - v) * (1.0 - beta2);
  if (absl::Status status = slots[0].assign(m); !status.ok())
    return status;
  if (absl::Status status = slots[1].assign(v); !status.ok())
    return status;
  return param.assign(param.read() - alpha * m / (sqrt(v) + epsilon));
}

AdamW::AdamW(double learningRate, double weightDecay, double beta1,
             double beta2, double epsilon)
    : Adam(learningRate, beta1, beta2, epsilon), weightDecay(weightDecay) {}
std::shared_ptr<Optimizer> AdamW::clone() const {
  return std::make_shared<AdamW>(*this);
}
std::map<std::string, double> AdamW::getConfig() const {
  auto config = Adam::getConfig();
  config["weight_decay"] = weightDecay;
  return config;
}
absl::Status AdamW::update(Variable &param, const Array &grad,
                           std::vector<Variable> &slots, const Array &lr,
                           const Array &step) {
  // Keras decays the weight first: w -= w * wd * lr.
  if (absl::Status status =
          param.assign(param.read() - param.read() * (lr * weightDecay));
      !status.ok())
    return status;
  return Adam::update(param, grad, slots, lr, step);
}

//===----------------------------------------------------------------------===//
// RMSprop, Adagrad, Lion
//===----------------------------------------------------------------------===//

RMSprop::RMSprop(double learningRate, double rho, double momentum,
                 double epsilon)
    : Optimizer(learningRate), rho(rho), momentum(momentum), epsilon(epsilon) {}
std::shared_ptr<Optimizer> RMSprop::clone() const {
  return std::make_shared<RMSprop>(*this);
}
std::map<std::string, double> RMSprop::getConfig() const {
  auto config = Optimizer::getConfig();
  config["rho"] = rho;
  config["momentum"] = momentum;
  config["epsilon"] = epsilon;
  return config;
}
std::vector<std::pair<std::string, double>> RMSprop::slotSpecs() const {
  if (momentum == 0.0)
    return {{"velocity", 0.0}};
  return {{"velocity", 0.0}, {"momentum", 0.0}};
}
absl::Status RMSprop::update(Variable &param, const Array &grad,
                             std::vector<Variable> &slots, const Array &lr,
                             const Array &) {
  Array velocity = rho * slots[0].read() + (1.0 - rho) * grad * grad;
  if (absl::Status status = slots[0].assign(velocity); !status.ok())
    return status;
  Array increment = lr * grad / sqrt(velocity + epsilon);
  if (momentum == 0.0)
    return param.assign(param.read() - increment);
  Array m = momentum * slots[1].read() + increment;
  if (absl::Status status = slots[1].assign(m); !status.ok())
    return status;
  return param.assign(param.read() - m);
}

Adagrad::Adagrad(double learningRate, double initialAccumulatorValue,
                 double epsilon)
    : Optimizer(learningRate), initialAccumulatorValue(initialAccumulatorValue),
      epsilon(epsilon) {}
std::shared_ptr<Optimizer> Adagrad::clone() const {
  return std::make_shared<Adagrad>(*this);
}
std::map<std::string, double> Adagrad::getConfig() const {
  auto config = Optimizer::getConfig();
  config["initial_accumulator_value"] = initialAccumulatorValue;
  config["epsilon"] = epsilon;
  return config;
}
std::vector<std::pair<std::string, double>> Adagrad::slotSpecs() const {
  return {{"accumulator", initialAccumulatorValue}};
}
absl::Status Adagrad::update(Variable &param, const Array &grad,
                             std::vector<Variable> &slots, const Array &lr,
                             const Array &) {
  Array accumulator = slots[0].read() + grad * grad;
  if (absl::Status status = slots[0].assign(accumulator); !status.ok())
    return status;
  return param.assign(param.read() - lr * grad / sqrt(accumulator + epsilon));
}

Lion::Lion(double learningRate, double beta1, double beta2)
    : Optimizer(learningRate), beta1(beta1), beta2(beta2) {}
std::shared_ptr<Optimizer> Lion::clone() const {
  return std::make_shared<Lion>(*this);
}
std::map<std::string, double> Lion::getConfig() const {
  auto config = Optimizer::getConfig();
  config["beta_1"] = beta1;
  config["beta_2"] = beta2;
  return config;
}
std::vector<std::pair<std::string, double>> Lion::slotSpecs() const {
  return {{"momentum", 0.0}};
}
absl::Status Lion::update(Variable &param, const Array &grad,
                          std::vector<Variable> &slots, const Array &lr,
                          const Array &) {
  Array m = slots[0].read();
  Array direction = sign(beta1 * m + (1.0 - beta1) * grad);
  if (absl::Status status = slots[0].assign(beta2 * m + (1.0 - beta2) * grad);
      !status.ok())
    return status;
  return param.assign(param.read() - lr * direction);
}

} // namespace optimizers

absl::StatusOr<std::shared_ptr<Optimizer>>
getOptimizer(const std::string &name) {
  if (name == "sgd")
    return std::shared_ptr<Optimizer>(std::make_shared<optimizers::SGD>());
  if (name == "adam")
    return std::shared_ptr<Optimizer>(std::make_shared<optimizers::Adam>());
  if (name == "adamw")
    return std::shared_ptr<Optimizer>(std::make_shared<optimizers::AdamW>());
  if (name == "rmsprop")
    return std::shared_ptr<Optimizer>(std::make_shared<optimizers::RMSprop>());
  if (name == "adagrad")
    return std::shared_ptr<Optimizer>(std::make_shared<optimizers::Adagrad>());
  if (name == "lion")
    return std::shared_ptr<Optimizer>(std::make_shared<optimizers::Lion>());
  return absl::InvalidArgumentError(
      "unknown optimizer '" + name +
      "' (known: sgd, adam, adamw, rmsprop, adagrad, lion)");
}

} // namespace nn
