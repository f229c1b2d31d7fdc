//===- Fit.cpp - The traced steps, fit, evaluate, predict -----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each step is one nn::function with a `?` batch dimension: train (forward,
// loss, gradients, the optimizer's update, the accumulators), test (loss
// and accumulators) and predict. The accumulators (example count, loss sum,
// metric sums) are variables the steps update in place, read on the host
// for the progress bar and the epoch's logs.
//
//===----------------------------------------------------------------------===//

#include "ModelImpl.h"

#include "nn/Trace/Gradients.h"
#include "nn/Train/Data.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>

namespace nn {

namespace {
Variable accumulator(const std::string &name) {
  return *Variable::create(name, *Tensor::zeros(DType::F32, {}), false);
}

double valueOf(const Variable &variable) {
  return variable.value().data<float>()[0];
}

std::vector<int64_t> withoutBatch(const Tensor &t) {
  return std::vector<int64_t>(t.getShape().begin() + 1, t.getShape().end());
}

std::vector<int64_t> dynamicBatch(const std::vector<int64_t> &shape) {
  std::vector<int64_t> result{kDynamic};
  result.insert(result.end(), shape.begin(), shape.end());
  return result;
}

/// Rows begin..end of a tensor whose batch the caller checked.
Tensor rows(const Tensor &tensor, int64_t begin, int64_t end) {
  return *data::sliceRows(tensor, begin, end);
}

Tensor scalarTensor(double value) {
  return *Tensor::create({}, std::vector<float>{static_cast<float>(value)});
}
} // namespace

//===----------------------------------------------------------------------===//
// The steps
//===----------------------------------------------------------------------===//

Array Sequential::Impl::totalLoss(const Array &y, const Array &prediction) {
  Array value = (*loss)(y, prediction);
  for (const auto &layer : layers)
    if (std::optional<Array> penalty = layer->regularization())
      value = value + *penalty;
  return value;
}

namespace {
Spec batchSpec(const Tensor &t) {
  std::vector<int64_t> shape = t.getShape();
  shape[0] = kDynamic;
  return Spec(t.getDType(), shape);
}
} // namespace

void Sequential::Impl::makeSteps(const Tensor &x, const Tensor &y) {
  Signature signature{batchSpec(x), batchSpec(y), Spec(DType::F32, {})};
  if (stepSignature && *stepSignature == signature)
    return;
  stepSignature = signature;
  const std::string name = "sequential";
  count = accumulator(name + "/count");
  lossSum = accumulator(name + "/loss_sum");
  metricSums.clear();
  for (const Metric &metric : metrics)
    metricSums.push_back(accumulator(name + "/" + metric.name + "_sum"));

  // Adds a batch's loss and metrics to the accumulators.
  auto accumulate = [this](const Array &batchLoss, const Array &n,
                           const Array &y, const Array &prediction) {
    (void)count->assign(count->read() + n);
    (void)lossSum->assign(lossSum->read() + batchLoss * n);
    for (size_t i = 0; i < metrics.size(); ++i)
      (void)metricSums[i].assign(
          metricSums[i].read() +
          cast(metrics[i].batchSum(y, prediction), DType::F32));
  };

  FunctionOptions options;
  options.name = name + "_train_step";
  options.argNames = {"x", "y", "batch_size"};
  options.signature = signature;
  // Each model has steps of its own: several models are not a function
  // wrapped anew in a loop.
  options.warnIfRecreated = false;
  trainStep = function(
      [this, accumulate](const std::vector<Array> &args) {
        std::vector<Variable> params;
        for (const auto &layer : layers)
          for (const Variable &w : layer->trainableWeights())
            params.push_back(w);
        // The loss, the predictions and the new values of non-trainable
        // state come from one forward pass (has_aux).
        std::vector<Variable> updated;
        auto lossFn = [&](const std::vector<Array> &a) {
          CallContext context{true, &generator, {}};
          Array prediction = a[0];
          for (const auto &layer : layers)
            prediction = layer->call(prediction, context);
          std::vector<Array> out{totalLoss(a[1], prediction), prediction};
          updated.clear();
          for (auto &[variable, value] : context.updates) {
            updated.push_back(variable);
            out.push_back(value);
          }
          return out;
        };
        size_t numAux = 1;
        for (const auto &layer : layers)
          if (layer->className() == "BatchNormalization")
            numAux += 2;
        std::vector<Array> out =
            valueAndGradWithAux(lossFn, params, numAux)({args[0], args[1]});
        std::vector<Array> grads(out.begin() + 1 + numAux, out.end());
        (void)optimizer->apply(grads, params);
        for (size_t i = 0; i < updated.size(); ++i)
          (void)updated[i].assign(out[2 + i]);
        accumulate(out[0], args[2], args[1], out[1]);
        return std::vector<Array>{};
      },
      options);

  options.name = name + "_test_step";
  testStep = function(
      [this, accumulate](const std::vector<Array> &args) {
        CallContext context{false, &generator, {}};
        Array prediction = args[0];
        for (const auto &layer : layers)
          prediction = layer->call(prediction, context);
        accumulate(totalLoss(args[1], prediction), args[2], args[1],
                   prediction);
        return std::vector<Array>{};
      },
      options);
}

void Sequential::Impl::makePredictStep(const Tensor &x) {
  Signature signature{batchSpec(x)};
  if (predictSignature && *predictSignature == signature)
    return;
  predictSignature = signature;
  FunctionOptions options;
  options.name = "sequential_predict_step";
  options.argNames = {"x"};
  options.signature = signature;
  options.warnIfRecreated = false;
  predictStep = function(
      [this](const std::vector<Array> &args) {
        CallContext context{false, &generator, {}};
        Array prediction = args[0];
        for (const auto &layer : layers)
          prediction = layer->call(prediction, context);
        return std::vector<Array>{prediction};
      },
      options);
}

absl::Status Sequential::Impl::resetAccumulators() {
  std::vector<Variable> all{*count, *lossSum};
  all.insert(all.end(), metricSums.begin(), metricSums.end());
  for (Variable &variable : all)
    if (absl::Status status = variable.assign(scalar(0.0)); !status.ok())
      return status;
  return absl::OkStatus();
}

Logs Sequential::Impl::readAccumulators(const std::string &prefix) const {
  Logs logs;
  double n = std::max(valueOf(*count), 1.0);
  logs[prefix + "loss"] = valueOf(*lossSum) / n;
  for (size_t i = 0; i < metrics.size(); ++i)
    logs[prefix + metrics[i].name] = valueOf(metricSums[i]) / n;
  return logs;
}

//===----------------------------------------------------------------------===//
// Checks of the data
//===----------------------------------------------------------------------===//

namespace {
absl::Status checkData(const Tensor &x, const Tensor &y) {
  if (x.getRank() < 1 || y.getRank() < 1)
    return absl::InvalidArgumentError(
        fmt::format("x and y need a batch dimension, given {} and {}",
                    x.getTypeString(), y.getTypeString()));
  if (x.getShape()[0] != y.getShape()[0])
    return absl::InvalidArgumentError(
        fmt::format("x and y have different numbers of examples: {} ({}) and "
                    "{} ({})",
                    x.getShape()[0], x.getTypeString(), y.getShape()[0],
                    y.getTypeString()));
  if (x.getShape()[0] == 0)
    return absl::InvalidArgumentError("x and y hold no example");
  return absl::OkStatus();
}

/// Sparse labels must be integers in [0, classes).
absl::Status checkLabels(const Sequential &model, const Tensor &y) {
  const std::optional<Loss> &loss = model.loss();
  if (!loss || loss->name != "sparse_categorical_crossentropy")
    return absl::OkStatus();
  const std::vector<int64_t> &out = model.layers().back()->outputShape();
  int64_t classes = out.empty() ? 1 : out.back();
  const int64_t *labels = y.data<int64_t>();
  if (!labels)
    return absl::InvalidArgumentError(
        "sparse_categorical_crossentropy takes i64 labels, given " +
        y.getTypeString());
  for (int64_t i = 0; i < y.getNumElements(); ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      return absl::InvalidArgumentError(
          fmt::format("label {} of example {} is out of range for {} classes",
                      labels[i], i, classes));
  return absl::OkStatus();
}

absl::Status runStep(TracedFunction &step, const Tensor &x, const Tensor &y) {
  Tensor n = scalarTensor(static_cast<double>(x.getShape()[0]));
  return step.callViews({x.view(), y.view(), n.view()}).status();
}
} // namespace

//===----------------------------------------------------------------------===//
// fit
//===----------------------------------------------------------------------===//

namespace {
struct Split {
  Tensor x, y;
  std::optional<std::pair<Tensor, Tensor>> validation;
};

absl::StatusOr<Split> splitData(const Tensor &x, const Tensor &y,
                                const FitOptions &options) {
  Split split{x, y, options.validationData};
  if (options.validationData || options.validationSplit <= 0.0)
    return split;
  if (options.validationSplit >= 1.0)
    return absl::InvalidArgumentError(fmt::format(
        "validationSplit must be in [0, 1), got {}", options.validationSplit));
  int64_t n = x.getShape()[0];
  auto at = static_cast<int64_t>(
      std::floor(static_cast<double>(n) * (1.0 - options.validationSplit)));
  if (at <= 0 || at >= n)
    return absl::InvalidArgumentError(
        fmt::format("validationSplit {} of {} examples leaves one side empty",
                    options.validationSplit, n));
  split.x = rows(x, 0, at);
  split.y = rows(y, 0, at);
  split.validation = {rows(x, at, n), rows(y, at, n)};
  return split;
}

/// Runs the test step over `x` and `y` into freshly reset accumulators.
absl::Status evaluateInto(Sequential::Impl &impl, const Tensor &x,
                          const Tensor &y, int64_t batchSize) {
  if (absl::Status status = impl.resetAccumulators(); !status.ok())
    return status;
  int64_t n = x.getShape()[0];
  for (int64_t begin = 0; begin < n; begin += batchSize) {
    int64_t end = std::min(n, begin + batchSize);
    if (absl::Status status =
            runStep(*impl.testStep, rows(x, begin, end), rows(y, begin, end));
        !status.ok())
      return status;
  }
  return absl::OkStatus();
}

/// One epoch of training steps; gives the epoch's logs.
absl::StatusOr<Logs> trainEpoch(Sequential &model, const Split &split,
                                const FitOptions &options, int64_t epoch,
                                ProgressBar &bar) {
  Sequential::Impl &impl = model.impl();
  if (absl::Status status = impl.resetAccumulators(); !status.ok())
    return status;
  int64_t n = split.x.getShape()[0];
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  if (options.shuffle)
    order = data::shuffledIndices(n, options.seed, epoch);
  int64_t steps = (n + options.batchSize - 1) / options.batchSize;
  for (int64_t step = 0; step < steps; ++step) {
    int64_t begin = step * options.batchSize;
    int64_t end = std::min(n, begin + options.batchSize);
    std::vector<int64_t> picked(order.begin() + begin, order.begin() + end);
    if (absl::Status status = impl.optimizer->updateLearningRate();
        !status.ok())
      return status;
    if (absl::Status status =
            runStep(*impl.trainStep, *data::takeRows(split.x, picked),
                    *data::takeRows(split.y, picked));
        !status.ok())
      return status;
    Logs logs = impl.readAccumulators("");
    bar.update(step + 1, logs);
    for (const auto &callback : options.callbacks)
      callback->onBatchEnd(model, step, logs);
  }
  return impl.readAccumulators("");
}

absl::StatusOr<History> runEpochs(Sequential &model, const Split &split,
                                  const FitOptions &options) {
  Sequential::Impl &impl = model.impl();
  FILE *out = options.out ? options.out : stdout;
  History history;
  model.stopTraining = false;
  for (const auto &callback : options.callbacks)
    callback->onTrainBegin(model);
  int64_t n = split.x.getShape()[0];
  int64_t steps = (n + options.batchSize - 1) / options.batchSize;
  for (int64_t epoch = options.initialEpoch; epoch < options.epochs; ++epoch) {
    if (options.verbose > 0)
      fmt::print(out, "Epoch {}/{}\n", epoch + 1, options.epochs);
    for (const auto &callback : options.callbacks)
      callback->onEpochBegin(model, epoch);
    ProgressBar bar(out, options.verbose, steps);
    absl::StatusOr<Logs> logs = trainEpoch(model, split, options, epoch, bar);
    if (!logs.ok())
      return logs.status();
    if (split.validation) {
      if (absl::Status status =
              evaluateInto(impl, split.validation->first,
                           split.validation->second, options.batchSize);
          !status.ok())
        return status;
      for (const auto &[name, value] : impl.readAccumulators("val_"))
        (*logs)[name] = value;
    }
    std::string suffix =
        options.verbose == 2
            ? fmt::format(" - traces: {} - compiles: {}", model.traceCount(),
                          model.compileCount())
            : "";
    bar.finish(*logs, suffix);
    history.epochs.push_back(epoch);
    for (const auto &[name, value] : *logs)
      history.values[name].push_back(value);
    for (const auto &callback : options.callbacks)
      if (absl::Status status = callback->onEpochEnd(model, epoch, *logs);
          !status.ok())
        return status;
    if (model.stopTraining)
      break;
  }
  for (const auto &callback : options.callbacks)
    callback->onTrainEnd(model);
  return history;
}
} // namespace

absl::StatusOr<History> Sequential::fit(const Tensor &x, const Tensor &y,
                                        const FitOptions &options) {
  if (!state->loss)
    return absl::FailedPreconditionError("compile the model before fit");
  if (options.batchSize <= 0 || options.epochs < 0)
    return absl::InvalidArgumentError(
        fmt::format("batchSize must be positive and epochs not negative, "
                    "given {} and {}",
                    options.batchSize, options.epochs));
  if (absl::Status status = checkData(x, y); !status.ok())
    return status;
  if (options.validationData)
    if (absl::Status status = checkData(options.validationData->first,
                                        options.validationData->second);
        !status.ok())
      return status;
  if (absl::Status status = state->ensureBuilt(withoutBatch(x)); !status.ok())
    return status;
  if (absl::Status status = checkLabels(*this, y); !status.ok())
    return status;
  if (absl::Status status = state->optimizer->build(trainableWeights());
      !status.ok())
    return status;
  absl::StatusOr<Split> split = splitData(x, y, options);
  if (!split.ok())
    return split.status();
  state->makeSteps(x, y);
  return runEpochs(*this, *split, options);
}

absl::StatusOr<std::map<std::string, double>>
Sequential::evaluate(const Tensor &x, const Tensor &y, int64_t batchSize) {
  if (!state->loss)
    return absl::FailedPreconditionError("compile the model before evaluate");
  if (batchSize <= 0)
    return absl::InvalidArgumentError("batchSize must be positive");
  if (absl::Status status = checkData(x, y); !status.ok())
    return status;
  if (absl::Status status = state->ensureBuilt(withoutBatch(x)); !status.ok())
    return status;
  if (absl::Status status = checkLabels(*this, y); !status.ok())
    return status;
  state->makeSteps(x, y);
  if (absl::Status status = evaluateInto(*state, x, y, batchSize); !status.ok())
    return status;
  return state->readAccumulators("");
}

absl::StatusOr<Tensor> Sequential::predict(const Tensor &x, int64_t batchSize) {
  if (x.getRank() < 1 || x.getShape()[0] == 0 || batchSize <= 0)
    return absl::InvalidArgumentError(
        "predict needs examples along a batch dimension and a positive "
        "batchSize, given " +
        x.getTypeString());
  if (absl::Status status = state->ensureBuilt(withoutBatch(x)); !status.ok())
    return status;
  state->makePredictStep(x);
  int64_t n = x.getShape()[0];
  std::vector<Tensor> parts;
  for (int64_t begin = 0; begin < n; begin += batchSize) {
    Tensor batch = rows(x, begin, std::min(n, begin + batchSize));
    absl::StatusOr<std::vector<Tensor>> out =
        state->predictStep->callViews({batch.view()});
    if (!out.ok())
      return out.status();
    parts.push_back(std::move(out->front()));
  }
  return concatRows(parts);
}

//===----------------------------------------------------------------------===//
// Rows
//===----------------------------------------------------------------------===//

namespace {
size_t rowBytes(const Tensor &tensor) {
  int64_t rows = tensor.getShape().empty() ? 1 : tensor.getShape()[0];
  return rows == 0 ? 0 : tensor.getByteSize() / static_cast<size_t>(rows);
}

std::vector<int64_t> withRows(const Tensor &tensor, int64_t rows) {
  std::vector<int64_t> shape = tensor.getShape();
  shape[0] = rows;
  return shape;
}
} // namespace

absl::StatusOr<Tensor> concatRows(const std::vector<Tensor> &parts) {
  int64_t rows = 0;
  for (const Tensor &part : parts)
    rows += part.getShape()[0];
  absl::StatusOr<Tensor> result =
      Tensor::zeros(parts.front().getDType(), withRows(parts.front(), rows));
  if (!result.ok())
    return result;
  size_t offset = 0;
  for (const Tensor &part : parts) {
    std::memcpy(result->getBytes() + offset, part.getBytes(),
                part.getByteSize());
    offset += part.getByteSize();
  }
  return result;
}

} // namespace nn
