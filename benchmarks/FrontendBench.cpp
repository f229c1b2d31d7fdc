//===- FrontendBench.cpp - The front end against hand-written IR and torch ===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// bench-frontend [--rounds=N] [--no-peer] [--python=PATH]
//
// The targets of the front-end issue, measured side by side in one run,
// through the public API only (nn/nn.h):
//  * the MLP training step (784-400-300-10, batch 128, softmax
//    cross-entropy, SGD lr 0.1) written with nn::function, valueAndGrad and
//    variables, against the hand-written IR step (mlp_step.mlir, donating
//    call through the embedding API) and PyTorch eager
//    (peers_torch_mlp_step.py); the same with Adam against torch's Adam;
//  * a cache-hit call of a traced function against Function::call of the
//    same compiled code (the front end's overhead);
//  * the same training step run eagerly, and one warm eager op on a small
//    array.
// Rounds alternate the contenders; each figure is the median over rounds
// of the median step time in a round.
//
//===----------------------------------------------------------------------===//

#include "nn/nn.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int64_t kBatch = 128, kIn = 784, kH1 = 400, kH2 = 300, kOut = 10;

int rounds = 5;
bool runPeer = true;
std::string python = "/usr/bin/python3";

template <typename T> T orDie(absl::StatusOr<T> value, const char *what) {
  if (!value.ok()) {
    std::fprintf(stderr, "bench-frontend: %s: %s\n", what,
                 std::string(value.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(value);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// The median time of one call of `body`, in ms, over `samples` calls
/// after `warmup`.
double timeMs(const std::function<void()> &body, int samples, int warmup = 3) {
  for (int i = 0; i < warmup; ++i)
    body();
  std::vector<double> times;
  for (int i = 0; i < samples; ++i) {
    auto start = std::chrono::steady_clock::now();
    body();
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  return median(times);
}

struct Data {
  nn::Tensor images, labels;
  std::vector<nn::Tensor> params;
};

Data makeData() {
  std::mt19937 rng(0);
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  std::vector<float> images(kBatch * kIn);
  for (float &v : images)
    v = unit(rng);
  std::vector<int64_t> labels(kBatch);
  for (int64_t i = 0; i < kBatch; ++i)
    labels[i] = i % kOut;
  Data data{orDie(nn::Tensor::create({kBatch, 28, 28}, images), "images"),
            orDie(nn::Tensor::create({kBatch}, labels), "labels"),
            {}};
  std::vector<std::vector<int64_t>> shapes = {
      {kIn, kH1}, {kH1}, {kH1, kH2}, {kH2}, {kH2, kOut}, {kOut}};
  for (const auto &shape : shapes) {
    int64_t n = shape.size() == 2 ? shape[0] * shape[1] : shape[0];
    std::vector<float> values(n, 0.f);
    if (shape.size() == 2) {
      float limit = std::sqrt(6.f / float(shape[0] + shape[1]));
      std::uniform_real_distribution<float> glorot(-limit, limit);
      for (float &v : values)
        v = glorot(rng);
    }
    data.params.push_back(orDie(nn::Tensor::create(shape, values), "param"));
  }
  return data;
}

/// The hand-written step through the embedding API, donating parameters.
struct HandStep {
  explicit HandStep(const Data &data) {
    nn::Context context;
    nn::Module module = orDie(
        nn::Module::fromFile(context, NN_BENCH_SOURCE_DIR "/mlp_step.mlir"),
        "mlp_step.mlir");
    function = orDie(
        orDie(nn::Executable::compile(module), "compile").lookup("train_step"),
        "lookup");
    inputs = {data.images, data.labels};
    for (const nn::Tensor &p : data.params)
      inputs.push_back(p);
  }
  float step() {
    std::vector<nn::Tensor> out =
        orDie(function->callDonating(inputs, {2, 3, 4, 5, 6, 7}), "step");
    for (size_t k = 0; k < 6; ++k)
      inputs[2 + k] = std::move(out[1 + k]);
    return out[0].data<float>()[0];
  }
  std::optional<nn::Function> function;
  std::vector<nn::Tensor> inputs;
};

/// The same model through the front end.
struct Model {
  explicit Model(const Data &data) {
    const char *names[] = {"w1", "b1", "w2", "b2", "w3", "b3"};
    for (size_t k = 0; k < 6; ++k)
      params.push_back(
          orDie(nn::Variable::create(names[k], data.params[k]), "variable"));
    lossAndGrads = nn::valueAndGrad(
        [this](const std::vector<nn::Array> &a) { return loss(a[0], a[1]); },
        params);
  }
  nn::Array loss(const nn::Array &images, const nn::Array &labels) const {
    nn::Array x = nn::reshape(images, {-1, kIn});
    x = nn::relu(nn::matmul(x, params[0].read()) + params[1].read());
    x = nn::relu(nn::matmul(x, params[2].read()) + params[3].read());
    nn::Array logits = nn::matmul(x, params[4].read()) + params[5].read();
    nn::Array picked = nn::logSoftmax(logits) * nn::oneHot(labels, kOut);
    return -nn::reduceMean(nn::reduceSum(picked, {1}));
  }
  /// Made once (in the constructor): eagerly, the gradient function caches
  /// its trace and code.
  nn::ValueAndGradFunction lossAndGrads;
  nn::Array sgd(const std::vector<nn::Array> &args) {
    std::vector<nn::Array> vg = lossAndGrads(args);
    for (size_t k = 0; k < params.size(); ++k)
      (void)params[k].assign(params[k].read() - 0.1 * vg[k + 1]);
    return vg[0];
  }
  /// Keras's Adam (epsilon 1e-7), slots and step count as variables.
  nn::Array adam(const std::vector<nn::Array> &args) {
    const double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-7;
    if (m.empty()) {
      for (const nn::Variable &p : params) {
        nn::Tensor zeros =
            orDie(nn::Tensor::zeros(nn::DType::F32, p.shape()), "zeros");
        m.push_back(orDie(nn::Variable::create("m/" + p.name(), zeros), "m"));
        v.push_back(orDie(nn::Variable::create("v/" + p.name(), zeros), "v"));
      }
      step = orDie(
          nn::Variable::create(
              "iterations", orDie(nn::Tensor::zeros(nn::DType::F32, {}), "t")),
          "iterations");
    }
    std::vector<nn::Array> vg = lossAndGrads(args);
    nn::Array t = step->read() + 1.0;
    (void)step->assign(t);
    nn::Array scale = lr * nn::sqrt(1.0 - nn::pow(nn::scalar(beta2), t)) /
                      (1.0 - nn::pow(nn::scalar(beta1), t));
    for (size_t k = 0; k < params.size(); ++k) {
      nn::Array g = vg[k + 1];
      nn::Array mk = beta1 * m[k].read() + (1 - beta1) * g;
      nn::Array vk = beta2 * v[k].read() + (1 - beta2) * g * g;
      (void)m[k].assign(mk);
      (void)v[k].assign(vk);
      (void)params[k].assign(params[k].read() -
                             scale * mk / (nn::sqrt(vk) + eps));
    }
    return vg[0];
  }
  std::vector<nn::Variable> params, m, v;
  std::optional<nn::Variable> step;
};

nn::TracedFunction tracedStep(Model &model, bool adam, bool dynamicBatch) {
  nn::FunctionOptions options;
  options.name = adam           ? "adam_step"
                 : dynamicBatch ? "sgd_step_dyn"
                                : "sgd_step";
  int64_t batch = dynamicBatch ? nn::kDynamic : kBatch;
  options.signature = nn::Signature{nn::Spec(nn::DType::F32, {batch, 28, 28}),
                                    nn::Spec(nn::DType::I64, {batch})};
  return nn::function(
      [&model, adam](const std::vector<nn::Array> &args) {
        return std::vector<nn::Array>{adam ? model.adam(args)
                                           : model.sgd(args)};
      },
      options);
}

/// PyTorch's median step time in ms, from its peer script.
double torchStepMs(const char *optimizer) {
  if (!runPeer)
    return NAN;
  std::string command =
      fmt::format("{} {}/peers_torch_mlp_step.py --optimizer {} --steps 100 "
                  "2>&1",
                  python, NN_BENCH_SOURCE_DIR, optimizer);
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe)
    return NAN;
  char line[1024];
  double result = NAN;
  while (fgets(line, sizeof line, pipe))
    if (const char *found = std::strstr(line, "median_ms="))
      result = std::atof(found + std::strlen("median_ms="));
  pclose(pipe);
  return result;
}

void mlpSteps(const Data &data) {
  HandStep hand(data);
  Model sgdModel(data), adamModel(data), dynModel(data);
  nn::TracedFunction sgd = tracedStep(sgdModel, false, false);
  nn::TracedFunction dyn = tracedStep(dynModel, false, true);
  nn::TracedFunction adam = tracedStep(adamModel, true, false);
  std::vector<nn::Tensor> batch{data.images, data.labels};
  // Equal losses before timing: the front end computes the same step.
  float handLoss = hand.step();
  float sgdLoss = orDie(sgd(batch), "sgd")[0].data<float>()[0];
  (void)orDie(dyn(batch), "dyn");
  (void)orDie(adam(batch), "adam");
  fmt::print("first-step loss: hand-written {:.6f}, nn::function {:.6f}\n",
             handLoss, sgdLoss);
  std::vector<double> tHand, tSgd, tDyn, tAdam;
  for (int r = 0; r < rounds; ++r) {
    tHand.push_back(timeMs([&] { hand.step(); }, 30));
    tSgd.push_back(timeMs([&] { (void)sgd(batch); }, 30));
    tDyn.push_back(timeMs([&] { (void)dyn(batch); }, 30));
    tAdam.push_back(timeMs([&] { (void)adam(batch); }, 30));
  }
  double torchSgd = torchStepMs("sgd"), torchAdam = torchStepMs("adam");
  double hand_ = median(tHand), sgd_ = median(tSgd), dyn_ = median(tDyn),
         adam_ = median(tAdam);
  fmt::print("\nMLP training step, batch 128 (median of {} rounds, ms)\n",
             rounds);
  fmt::print("{:<44} {:>9} {:>12} {:>12}\n", "", "ms", "vs hand IR",
             "vs PyTorch");
  fmt::print("{:<44} {:>9.3f} {:>12} {:>12.2f}\n",
             "hand-written IR (embedding API, donating)", hand_, "1.00",
             torchSgd / hand_);
  fmt::print("{:<44} {:>9.3f} {:>12.3f} {:>12.2f}\n",
             "nn::function SGD (128 static)", sgd_, sgd_ / hand_,
             torchSgd / sgd_);
  fmt::print("{:<44} {:>9.3f} {:>12.3f} {:>12.2f}\n",
             "nn::function SGD (? batch)", dyn_, dyn_ / hand_, torchSgd / dyn_);
  fmt::print("{:<44} {:>9.3f} {:>12} {:>12.2f}\n", "nn::function Adam", adam_,
             "-", torchAdam / adam_);
  fmt::print("{:<44} {:>9.3f}\n", "PyTorch eager SGD", torchSgd);
  fmt::print("{:<44} {:>9.3f}\n", "PyTorch eager Adam", torchAdam);
  fmt::print("(speed-up vs PyTorch = PyTorch's time / nn's time)\n");
}

void callOverhead() {
  const char *ir = R"mlir(
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %one = nn.constant dense<1.0> : tensor<f32>
  %y = nn.add %x, %one : tensor<4xf32>, tensor<f32>
  return %y : tensor<4xf32>
})mlir";
  nn::Context context;
  nn::Function direct =
      orDie(orDie(nn::Executable::compile(
                      orDie(nn::Module::fromString(context, ir), "parse")),
                  "compile")
                .lookup("f"),
            "lookup");
  nn::FunctionOptions options;
  options.name = "f";
  nn::TracedFunction traced = nn::function(
      [](const std::vector<nn::Array> &args) {
        return std::vector<nn::Array>{args[0] + 1.0};
      },
      options);
  nn::Tensor x =
      orDie(nn::Tensor::create({4}, std::vector<float>{1, 2, 3, 4}), "x");
  std::vector<nn::Tensor> args{x};
  std::vector<nn::TensorView> views{x.view()};
  std::vector<double> tDirect, tTraced;
  for (int r = 0; r < rounds; ++r) {
    tDirect.push_back(1e3 *
                      timeMs(
                          [&] {
                            for (int i = 0; i < 1000; ++i)
                              (void)direct.call(views);
                          },
                          20) /
                      1000);
    tTraced.push_back(1e3 *
                      timeMs(
                          [&] {
                            for (int i = 0; i < 1000; ++i)
                              (void)traced(args);
                          },
                          20) /
                      1000);
  }
  double d = median(tDirect), t = median(tTraced);
  fmt::print("\nCall of a compiled 4-element function (median of {} rounds, "
             "us)\n",
             rounds);
  fmt::print("{:<44} {:>9.2f}\n", "Function::call (embedding API)", d);
  fmt::print("{:<44} {:>9.2f}\n", "TracedFunction call (cache hit)", t);
  fmt::print("{:<44} {:>9.2f}\n", "front-end overhead", t - d);
}

void eager(const Data &data) {
  Model model(data);
  nn::Array images = nn::array(data.images), labels = nn::array(data.labels);
  // Warm-up: the first steps run in the interpreter while the gradient
  // function and the update's kernels compile in the background.
  for (int i = 0; i < 3; ++i) {
    (void)model.sgd({images, labels});
    nn::waitForBackgroundCompiles();
  }
  nn::EagerStats before = nn::getEagerStats();
  double step = timeMs([&] { (void)model.sgd({images, labels}); }, 20, 1);
  nn::EagerStats after = nn::getEagerStats();
  double gradients =
      timeMs([&] { (void)model.lossAndGrads({images, labels}); }, 20, 1);
  nn::Array a = nn::ones({16}), b = nn::ones({16});
  double op = 1e3 *
              timeMs(
                  [&] {
                    for (int i = 0; i < 1000; ++i)
                      (void)(a + b);
                  },
                  10) /
              1000;
  double torchSgd = torchStepMs("sgd");
  fmt::print("\nEager, after warm-up ({} ops interpreted, {} from kernels "
             "while timed)\n",
             after.interpretedOps - before.interpretedOps,
             after.compiledOps - before.compiledOps);
  fmt::print("{:<44} {:>9.1f} ms ({:.1f}x PyTorch's eager step)\n",
             "MLP training step, eager valueAndGrad", step, step / torchSgd);
  fmt::print("{:<44} {:>9.1f} ms\n", "  of which valueAndGrad", gradients);
  fmt::print("{:<44} {:>9.2f} us\n", "warm eager add of two 16-element arrays",
             op);
}

} // namespace

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--rounds=", 0) == 0)
      rounds = std::max(1, std::atoi(arg.c_str() + 9));
    else if (arg == "--no-peer")
      runPeer = false;
    else if (arg.rfind("--python=", 0) == 0)
      python = arg.substr(9);
    else {
      std::fprintf(stderr, "usage: bench-frontend [--rounds=N] [--no-peer] "
                           "[--python=PATH]\n");
      return 1;
    }
  }
  Data data = makeData();
  mlpSteps(data);
  callOverhead();
  eager(data);
  return 0;
}
