//===- Saving.cpp - model.save, loadModel, ModelCheckpoint ----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One safetensors file (nn/Train/Checkpoint.h: atomic, checksummed) holds
// everything a bit-exact resume needs: the architecture (each layer's
// class, name and configuration) and the compile configuration as JSON in
// the metadata, and as tensors under stable names every weight
// (`layers/<layer>/<weight>`), the optimizer's state (`optimizer/...`:
// iterations, learning rate, each slot) and the model generator's state
// (`rng/seed`, `rng/counter`). Loading checks the whole set of names,
// dtypes and shapes before it sets anything.
//
//===----------------------------------------------------------------------===//

#include "ModelImpl.h"

#include "nn/Train/Checkpoint.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

namespace nn {

using json = nlohmann::json;

namespace {
constexpr const char *kArchitecture = "nn.architecture";
constexpr const char *kCompile = "nn.compile";

//===----------------------------------------------------------------------===//
// Configurations as JSON
//===----------------------------------------------------------------------===//

json architectureOf(const Sequential &model) {
  json layers = json::array();
  for (const auto &layer : model.layers())
    layers.push_back(
        {{"class", layer->className()}, {"config", layer->getConfig()}});
  json input = json::array();
  if (!model.layers().empty())
    input = model.layers().front()->inputShape();
  return {{"layers", layers}, {"input_shape", input}};
}

json compileOf(const Sequential &model) {
  json config = json::object();
  if (const Optimizer *optimizer = model.optimizer()) {
    const LearningRateSchedule &s = optimizer->schedule;
    config["optimizer"] = {{"class", optimizer->className()},
                           {"config", optimizer->getConfig()},
                           {"schedule",
                            {{"kind", s.kind},
                             {"initial", s.initial},
                             {"decay_steps", s.decaySteps},
                             {"decay_rate", s.decayRate},
                             {"staircase", s.staircase},
                             {"alpha", s.alpha}}}};
  }
  if (model.loss())
    config["loss"] = {{"name", model.loss()->name},
                      {"from_logits", model.loss()->fromLogits}};
  json metrics = json::array();
  for (const Metric &metric : model.impl().metrics)
    metrics.push_back(metric.name);
  config["metrics"] = metrics;
  return config;
}

/// `(3, 3)` or `(28, 28, 1)` as numbers.
std::vector<int64_t> parseTuple(const std::string &text) {
  std::vector<int64_t> values;
  std::string digits;
  for (char c : text + ",") {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') {
      digits += c;
    } else if (!digits.empty()) {
      values.push_back(std::strtoll(digits.c_str(), nullptr, 10));
      digits.clear();
    }
  }
  return values;
}

std::array<int64_t, 2> pair(const std::map<std::string, std::string> &config,
                            const std::string &key) {
  std::vector<int64_t> v = parseTuple(config.at(key));
  return {v.size() > 0 ? v[0] : 1, v.size() > 1 ? v[1] : 1};
}

std::string activationOf(const std::map<std::string, std::string> &config) {
  std::string name = config.at("activation");
  return name == "linear" ? "" : name;
}

std::optional<Regularizer>
regularizerOf(const std::map<std::string, std::string> &config) {
  auto it = config.find("kernel_regularizer");
  if (it == config.end())
    return std::nullopt;
  Regularizer r;
  if (std::sscanf(it->second.c_str(), "l1=%lf l2=%lf", &r.l1, &r.l2) != 2)
    return std::nullopt;
  return r;
}

/// A layer from its class and configuration.
absl::StatusOr<std::shared_ptr<Layer>>
layerFromConfig(const std::string &className,
                const std::map<std::string, std::string> &c) {
  if (className == "InputLayer") {
    std::vector<int64_t> shape = parseTuple(c.at("batch_shape"));
    return std::make_shared<layers::Input>(std::vector<int64_t>(
        shape.begin() + (shape.empty() ? 0 : 1), shape.end()));
  }
  if (className == "Dense")
    return std::make_shared<layers::Dense>(
        std::stoll(c.at("units")), activationOf(c), c.at("use_bias") == "true",
        c.at("kernel_initializer"), c.at("bias_initializer"), regularizerOf(c));
  if (className == "Flatten")
    return std::make_shared<layers::Flatten>();
  if (className == "Reshape")
    return std::make_shared<layers::Reshape>(parseTuple(c.at("target_shape")));
  if (className == "Activation")
    return std::make_shared<layers::Activation>(c.at("activation"));
  if (className == "Dropout")
    return std::make_shared<layers::Dropout>(std::stod(c.at("rate")));
  if (className == "Conv2D")
    return std::make_shared<layers::Conv2D>(
        std::stoll(c.at("filters")), pair(c, "kernel_size"), pair(c, "strides"),
        c.at("padding"), pair(c, "dilation_rate"), activationOf(c),
        c.at("use_bias") == "true");
  if (className == "MaxPooling2D")
    return std::make_shared<layers::MaxPooling2D>(
        pair(c, "pool_size"), pair(c, "strides"), c.at("padding"));
  if (className == "AveragePooling2D")
    return std::make_shared<layers::AveragePooling2D>(
        pair(c, "pool_size"), pair(c, "strides"), c.at("padding"));
  if (className == "GlobalAveragePooling2D")
    return std::make_shared<layers::GlobalAveragePooling2D>();
  if (className == "BatchNormalization")
    return std::make_shared<layers::BatchNormalization>(
        std::stod(c.at("momentum")), std::stod(c.at("epsilon")));
  return absl::InvalidArgumentError("unknown layer class '" + className + "'");
}

absl::StatusOr<std::shared_ptr<Optimizer>> optimizerFromConfig(const json &j) {
  std::string name = j.at("class").get<std::string>();
  auto c = j.at("config").get<std::map<std::string, double>>();
  auto get = [&](const char *key, double fallback) {
    auto it = c.find(key);
    return it == c.end() ? fallback : it->second;
  };
  double lr = get("learning_rate", 0.001);
  std::shared_ptr<Optimizer> optimizer;
  if (name == "SGD")
    optimizer = std::make_shared<optimizers::SGD>(lr, get("momentum", 0),
                                                  get("nesterov", 0) != 0);
  else if (name == "Adam")
    optimizer = std::make_shared<optimizers::Adam>(
        lr, get("beta_1", 0.9), get("beta_2", 0.999), get("epsilon", 1e-7));
  else if (name == "AdamW")
    optimizer = std::make_shared<optimizers::AdamW>(
        lr, get("weight_decay", 0.004), get("beta_1", 0.9),
        get("beta_2", 0.999), get("epsilon", 1e-7));
  else if (name == "RMSprop")
    optimizer = std::make_shared<optimizers::RMSprop>(
        lr, get("rho", 0.9), get("momentum", 0), get("epsilon", 1e-7));
  else if (name == "Adagrad")
    optimizer = std::make_shared<optimizers::Adagrad>(
        lr, get("initial_accumulator_value", 0.1), get("epsilon", 1e-7));
  else if (name == "Lion")
    optimizer = std::make_shared<optimizers::Lion>(lr, get("beta_1", 0.9),
                                                   get("beta_2", 0.99));
  else
    return absl::InvalidArgumentError("unknown optimizer class '" + name + "'");
  if (c.count("clipnorm"))
    optimizer->clipnorm = c.at("clipnorm");
  if (c.count("clipvalue"))
    optimizer->clipvalue = c.at("clipvalue");
  const json &s = j.at("schedule");
  optimizer->schedule = {
      s.at("kind").get<std::string>(),    s.at("initial").get<double>(),
      s.at("decay_steps").get<int64_t>(), s.at("decay_rate").get<double>(),
      s.at("staircase").get<bool>(),      s.at("alpha").get<double>()};
  return optimizer;
}

//===----------------------------------------------------------------------===//
// The state as named tensors
//===----------------------------------------------------------------------===//

/// Every variable of the model's state, by its name in the file.
std::vector<std::pair<std::string, Variable>> stateOf(Sequential &model) {
  std::vector<std::pair<std::string, Variable>> state;
  for (const Variable &weight : model.weights())
    state.push_back({"layers/" + weight.name(), weight});
  if (Optimizer *optimizer = model.optimizer())
    for (const Variable &variable : optimizer->variables())
      state.push_back({variable.name(), variable});
  state.push_back({"rng/seed", model.generator().seedVariable()});
  state.push_back({"rng/counter", model.generator().counterVariable()});
  return state;
}

/// Checks that `tensors` are exactly the variables of `state` (names,
/// dtypes, shapes), listing every difference.
absl::Status
matchState(const std::vector<std::pair<std::string, Variable>> &state,
           const std::map<std::string, const Tensor *> &tensors,
           const std::string &path) {
  std::vector<std::string> problems;
  std::set<std::string> expected;
  for (const auto &[name, variable] : state) {
    expected.insert(name);
    auto it = tensors.find(name);
    if (it == tensors.end()) {
      problems.push_back("missing '" + name + "'");
      continue;
    }
    if (it->second->getDType() != variable.dtype() ||
        it->second->getShape() != variable.shape())
      problems.push_back(fmt::format(
          "'{}' is {}, the model needs {}", name, it->second->getTypeString(),
          formatTensorType(variable.shape(), variable.dtype())));
  }
  for (const auto &[name, tensor] : tensors)
    if (!expected.count(name))
      problems.push_back("unexpected '" + name + "'");
  if (problems.empty())
    return absl::OkStatus();
  std::string text;
  for (const std::string &problem : problems)
    text += (text.empty() ? "" : "; ") + problem;
  return absl::InvalidArgumentError(
      fmt::format("'{}' does not fit the model it describes: {}", path, text));
}

absl::StatusOr<Sequential>
modelFromMetadata(const std::map<std::string, std::string> &metadata,
                  const std::string &path) {
  auto architecture = metadata.find(kArchitecture);
  if (architecture == metadata.end())
    return absl::InvalidArgumentError("'" + path +
                                      "' is not a model saved by nn (no '" +
                                      kArchitecture + "' in its metadata)");
  json arch = json::parse(architecture->second, nullptr, false);
  json compile = json::parse(
      metadata.count(kCompile) ? metadata.at(kCompile) : "{}", nullptr, false);
  if (arch.is_discarded() || compile.is_discarded() ||
      !arch.contains("layers") || !arch["layers"].is_array())
    return absl::InvalidArgumentError("'" + path +
                                      "' has a malformed model description");
  Sequential model;
  for (const json &entry : arch["layers"]) {
    auto config = entry.at("config").get<std::map<std::string, std::string>>();
    absl::StatusOr<std::shared_ptr<Layer>> layer =
        layerFromConfig(entry.at("class").get<std::string>(), config);
    if (!layer.ok())
      return layer.status();
    (*layer)->rename(config.at("name"));
    model.addLayer(*layer);
  }
  // A model saved before it was built has no shape (and no weights).
  auto inputShape = arch.at("input_shape").get<std::vector<int64_t>>();
  if (!inputShape.empty())
    if (absl::Status status = model.build(inputShape); !status.ok())
      return status;
  if (compile.contains("optimizer") && compile.contains("loss")) {
    absl::StatusOr<std::shared_ptr<Optimizer>> optimizer =
        optimizerFromConfig(compile["optimizer"]);
    if (!optimizer.ok())
      return optimizer.status();
    Loss loss{compile["loss"].at("name").get<std::string>(),
              compile["loss"].at("from_logits").get<bool>()};
    auto metrics = compile.at("metrics").get<std::vector<std::string>>();
    if (absl::Status status = model.compile(**optimizer, loss, metrics);
        !status.ok())
      return status;
    if (absl::Status status =
            model.optimizer()->build(model.trainableWeights());
        !status.ok())
      return status;
  }
  return model;
}
} // namespace

absl::Status Sequential::save(const std::string &path) const {
  Sequential &self = const_cast<Sequential &>(*this);
  std::vector<std::pair<std::string, Tensor>> tensors;
  for (const auto &[name, variable] : stateOf(self))
    tensors.push_back({name, variable.value()});
  std::map<std::string, std::string> metadata{
      {kArchitecture, architectureOf(*this).dump()},
      {kCompile, compileOf(*this).dump()}};
  return io::writeSafetensors(path, tensors, metadata);
}

absl::StatusOr<Sequential> loadModel(const std::string &path) {
  absl::StatusOr<io::Checkpoint> checkpoint = io::readSafetensors(path);
  if (!checkpoint.ok())
    return checkpoint.status();
  // This file is compiled with exceptions (see CMakeLists.txt): a
  // malformed description (a missing key, a wrong type, a bad number) must
  // be an error, and nlohmann-json and std::stoll report those by throwing.
  absl::StatusOr<Sequential> model = [&]() -> absl::StatusOr<Sequential> {
    try {
      return modelFromMetadata(checkpoint->metadata, path);
    } catch (const std::exception &error) {
      return absl::InvalidArgumentError(
          "'" + path + "' has a malformed model description: " + error.what());
    }
  }();
  if (!model.ok())
    return model.status();
  std::map<std::string, const Tensor *> byName;
  for (const auto &[name, tensor] : checkpoint->tensors)
    byName[name] = &tensor;
  std::vector<std::pair<std::string, Variable>> state = stateOf(*model);
  if (absl::Status status = matchState(state, byName, path); !status.ok())
    return status;
  for (auto &[name, variable] : state)
    if (absl::Status status = variable.assign(array(*byName.at(name)));
        !status.ok())
      return status;
  return model;
}

//===----------------------------------------------------------------------===//
// ModelCheckpoint
//===----------------------------------------------------------------------===//

namespace callbacks {

ModelCheckpoint::ModelCheckpoint(std::string path, std::string monitor,
                                 bool saveBestOnly)
    : path(std::move(path)), monitor(std::move(monitor)),
      saveBestOnly(saveBestOnly) {}

absl::Status ModelCheckpoint::onEpochEnd(Sequential &model, int64_t epoch,
                                         const Logs &logs) {
  if (saveBestOnly) {
    auto it = logs.find(monitor);
    if (it == logs.end())
      return absl::InvalidArgumentError("ModelCheckpoint monitors '" + monitor +
                                        "', which the logs do not have");
    bool lower = monitor.find("acc") == std::string::npos;
    if (best && (lower ? it->second >= *best : it->second <= *best))
      return absl::OkStatus();
    best = it->second;
  }
  std::string target = path;
  size_t at = target.find("{epoch}");
  if (at != std::string::npos)
    target.replace(at, 7, std::to_string(epoch + 1));
  return model.save(target);
}

} // namespace callbacks
} // namespace nn
