//===- Callbacks.cpp - EarlyStopping, ModelCheckpoint, CSVLogger ----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Model.h"

#include <fmt/format.h>

#include <cstdio>

namespace nn::callbacks {

namespace {
/// Whether smaller is better for `monitor` in `mode` ("auto": everything
/// but accuracies).
bool minimizes(const std::string &monitor, const std::string &mode) {
  if (mode == "min")
    return true;
  if (mode == "max")
    return false;
  return monitor.find("acc") == std::string::npos;
}
} // namespace

EarlyStopping::EarlyStopping(std::string monitor, double minDelta,
                             int64_t patience, std::string mode,
                             bool restoreBestWeights)
    : monitor(std::move(monitor)), mode(std::move(mode)),
      minDelta(std::abs(minDelta)), patience(patience),
      restoreBestWeights(restoreBestWeights) {}

void EarlyStopping::onTrainBegin(Sequential &) {
  wait = 0;
  stopped = -1;
  best.reset();
  bestWeights.clear();
}

bool EarlyStopping::improves(double value) const {
  if (!best)
    return true;
  return minimizes(monitor, mode) ? value < *best - minDelta
                                  : value > *best + minDelta;
}

absl::Status EarlyStopping::onEpochEnd(Sequential &model, int64_t epoch,
                                       const Logs &logs) {
  auto it = logs.find(monitor);
  if (it == logs.end())
    return absl::InvalidArgumentError(
        "EarlyStopping monitors '" + monitor +
        "', which the logs do not have (validation data gives val_ logs)");
  if (improves(it->second)) {
    best = it->second;
    wait = 0;
    if (restoreBestWeights)
      bestWeights = model.getWeights();
    return absl::OkStatus();
  }
  if (++wait >= patience) {
    stopped = epoch;
    model.stopTraining = true;
  }
  return absl::OkStatus();
}

void EarlyStopping::onTrainEnd(Sequential &model) {
  if (restoreBestWeights && stopped >= 0 && !bestWeights.empty())
    (void)model.setWeights(bestWeights);
}

CSVLogger::CSVLogger(std::string path, char separator)
    : path(std::move(path)), separator(separator) {}

void CSVLogger::onTrainBegin(Sequential &) { headerWritten = false; }

absl::Status CSVLogger::onEpochEnd(Sequential &, int64_t epoch,
                                   const Logs &logs) {
  FILE *file = std::fopen(path.c_str(), headerWritten ? "a" : "w");
  if (!file)
    return absl::NotFoundError("CSVLogger cannot write '" + path + "'");
  if (!headerWritten) {
    std::string header = "epoch";
    for (const auto &entry : logs)
      header += separator + entry.first;
    fmt::print(file, "{}\n", header);
    headerWritten = true;
  }
  std::string line = std::to_string(epoch);
  for (const auto &entry : logs)
    line += fmt::format("{}{}", separator, entry.second);
  fmt::print(file, "{}\n", line);
  std::fclose(file);
  return absl::OkStatus();
}

absl::Status LambdaCallback::onEpochEnd(Sequential &, int64_t epoch,
                                        const Logs &logs) {
  if (onEpochEndFn)
    onEpochEndFn(epoch, logs);
  return absl::OkStatus();
}

void LambdaCallback::onBatchEnd(Sequential &, int64_t batch, const Logs &logs) {
  if (onBatchEndFn)
    onBatchEndFn(batch, logs);
}

} // namespace nn::callbacks
