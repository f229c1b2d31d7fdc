//===- ConvBench.cpp - The conv net step and a conv layer vs PyTorch ------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// bench-conv [--mlir=conv_step.mlir] [--python=/usr/bin/python3] [--no-peer]
//            [--no-check] [--samples=N] [--num-threads=N]
//
// The workloads of issue 11 (benchmarks/conv_step.mlir): the SGD training
// step of a small conv net at batch 64 (gradients by nn.value_and_grad),
// and a 3x3x64x64 convolution at 56x56 (batch 8), forward and backward
// (its input and filter gradients). nn's code is called on the caller's
// buffers (RawKernel, parameters donated); the PyTorch 1.13 eager peer
// (peers_torch_conv.py) runs the same workloads in the same run, at its
// default threads and at nn's.
//
// Before timing, the step's first results are checked against the
// reference interpreter.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/Reference/Interpreter.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <thread>

using namespace nn;
using namespace nn::bench;
namespace cl = llvm::cl;

static cl::opt<std::string> mlirFile("mlir", cl::desc("The workloads' IR"),
                                     cl::init(NN_BENCH_SOURCE_DIR
                                              "/conv_step.mlir"));
static cl::opt<std::string> python("python", cl::desc("Python with torch 1.13"),
                                   cl::init("/usr/bin/python3"));
static cl::opt<std::string>
    peerScript("peer", cl::desc("The PyTorch peer script"),
               cl::init(NN_BENCH_SOURCE_DIR "/peers_torch_conv.py"));
static cl::opt<bool> noPeer("no-peer", cl::desc("Skip the PyTorch peer"));
static cl::opt<bool> noCheck("no-check",
                             cl::desc("Skip the check against the reference "
                                      "interpreter"));
static cl::opt<int> samples("samples", cl::desc("Timed samples of each"),
                            cl::init(7));
static cl::opt<unsigned>
    numThreads("num-threads",
               cl::desc("Threads of nn's parallel loops: 0 for every core"),
               cl::init(0));

namespace {

/// A workload's f32 inputs (and the step's labels), packed.
struct Inputs {
  std::vector<std::vector<float>> floats;
  std::vector<std::vector<int64_t>> shapes;
  std::vector<int64_t> labels;
};

int64_t countOf(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// Uniform values in [-scale, scale) of each shape.
Inputs makeInputs(std::vector<std::vector<int64_t>> shapes,
                  std::vector<float> scales, std::mt19937 &rng) {
  Inputs inputs;
  for (auto [shape, scale] : llvm::zip_equal(shapes, scales)) {
    std::uniform_real_distribution<float> uniform(-scale, scale);
    std::vector<float> values(countOf(shape));
    for (float &value : values)
      value = uniform(rng);
    inputs.floats.push_back(std::move(values));
  }
  inputs.shapes = std::move(shapes);
  return inputs;
}

/// The step's inputs: images, labels, then w1, b1, w2, b2, w3, b3.
Inputs makeStepInputs() {
  std::mt19937 rng(0);
  Inputs inputs =
      makeInputs({{64, 28, 28, 1},
                  {3, 3, 1, 32},
                  {32},
                  {3, 3, 32, 64},
                  {64},
                  {1600, 10},
                  {10}},
                 {1.0f, 0.47f, 0.0f, 0.08f, 0.0f, 0.06f, 0.0f}, rng);
  std::uniform_int_distribution<int64_t> label(0, 9);
  for (int i = 0; i < 64; ++i)
    inputs.labels.push_back(label(rng));
  return inputs;
}

/// The buffers of `inputs` in the step's order when `labelsAt` >= 0.
std::vector<Buffer> buffersOf(Inputs &inputs, int labelsAt = -1) {
  std::vector<Buffer> buffers;
  for (size_t i = 0; i < inputs.floats.size(); ++i) {
    if (static_cast<int>(i) == labelsAt)
      buffers.push_back(
          {inputs.labels.data(), {(int64_t)inputs.labels.size()}, DType::I64});
    buffers.push_back({inputs.floats[i].data(), inputs.shapes[i]});
  }
  return buffers;
}

/// The step's first results, compiled and interpreted, must agree.
void checkStep(mlir::ModuleOp module, RawKernel &kernel) {
  Inputs inputs = makeStepInputs();
  std::vector<Buffer> buffers = buffersOf(inputs, 1), results;
  if (absl::Status status = kernel.call("train_step", buffers, results);
      !status.ok())
    fail(status);
  std::vector<ref::Tensor> tensors;
  for (const Buffer &buffer : buffers) {
    ref::Tensor tensor(buffer.type, buffer.shape);
    for (int64_t i = 0; i < countOf(buffer.shape); ++i)
      if (buffer.type == DType::I64)
        tensor.setInt(i, static_cast<const int64_t *>(buffer.data)[i]);
      else
        tensor.setDouble(i, static_cast<const float *>(buffer.data)[i]);
    tensors.push_back(std::move(tensor));
  }
  mlir::OwningOpRef<mlir::ModuleOp> differentiated = module.clone();
  mlir::PassManager pm(module.getContext());
  pm.addPass(nn::createNNAutodiff());
  if (failed(pm.run(*differentiated)))
    fail(absl::InternalError("nn-autodiff failed"));
  double start = now();
  auto expected =
      orFail(ref::runFunction(*differentiated, "train_step", tensors));
  double interpreted = now() - start;
  double worst = 0;
  for (auto [got, want] : llvm::zip_equal(results, expected)) {
    const auto *values = static_cast<const float *>(got.data);
    for (int64_t i = 0; i < want.getNumElements(); ++i)
      worst = std::max(worst, std::fabs(values[i] - want.getDouble(i)) /
                                  (1 + std::fabs(want.getDouble(i))));
  }
  llvm::outs() << llvm::format(
      "check: step 1 vs the reference interpreter (%.1f s): loss %.6f vs "
      "%.6f, max relative difference over loss and parameters %.2e\n",
      interpreted, *static_cast<const float *>(results[0].data),
      expected[0].getDouble(0), worst);
  kernel.freeResults(results);
  if (!(worst < 1e-4))
    fail(absl::InternalError("compiled step differs from the interpreter"));
}

/// Times `function` of `kernel` on `buffers`, donating `donated`.
Measurement timeCall(RawKernel &kernel, llvm::StringRef function,
                     std::vector<Buffer> buffers,
                     std::vector<size_t> donated = {}) {
  std::vector<Buffer> results;
  MeasureOptions options;
  options.samples = samples;
  options.threads = numThreads == 1 ? 1 : 2;
  return measure(
      [&] {
        if (absl::Status status =
                kernel.call(function, buffers, results, donated);
            !status.ok())
          fail(status);
        kernel.freeResults(results);
      },
      options);
}

/// The peer's median per workload, at `threads`.
std::map<std::string, double> runPeer(const std::string &threads) {
  std::string command =
      python + " " + peerScript + " --threads " + threads + " 2>&1";
  std::string output = runCommand(command);
  std::map<std::string, double> medians;
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(output).split(lines, '\n', -1, false);
  for (llvm::StringRef line : lines) {
    llvm::outs() << "  peer (" << threads << "): " << line << "\n";
    llvm::StringRef rest = line;
    if (!rest.consume_front("torch_conv_"))
      continue;
    auto [name, fields] = rest.split(": median_ms=");
    double ms;
    if (!fields.split(' ').first.getAsDouble(ms))
      medians[name.str()] = ms;
  }
  if (medians.size() != 3)
    llvm::errs() << "bench-conv: the peer failed (" << command << ")\n";
  return medians;
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv,
                              "bench-conv: conv net step and conv layer vs "
                              "PyTorch\n");
  llvm::outs() << "bench-conv: " << machineSummary() << "\n";
  auto context = makeContext();
  auto module = orFail(parseModuleFile(mlirFile, *context));
  auto kernel =
      orFail(RawKernel::compile(*module, 2, nullptr, false, numThreads));
  if (!noCheck)
    checkStep(*module, *kernel);
  llvm::outs().flush();

  Inputs step = makeStepInputs();
  std::mt19937 rng(1);
  Inputs layer = makeInputs({{8, 56, 56, 64}, {3, 3, 64, 64}, {8, 56, 56, 64}},
                            {1.0f, 0.04f, 1.0f}, rng);
  std::vector<Buffer> layerBuffers = buffersOf(layer);
  std::map<std::string, Measurement> nn;
  // The parameters are donated: each step updates them in place.
  nn["step"] =
      timeCall(*kernel, "train_step", buffersOf(step, 1), {2, 3, 4, 5, 6, 7});
  nn["forward"] =
      timeCall(*kernel, "layer_forward", {layerBuffers[0], layerBuffers[1]});
  nn["backward"] = timeCall(*kernel, "layer_backward", layerBuffers);

  std::string nnThreads =
      numThreads == 0 ? std::to_string(std::thread::hardware_concurrency())
                      : std::to_string(numThreads.getValue());
  std::map<std::string, double> peerDefault, peerSame;
  if (!noPeer) {
    peerDefault = runPeer("default");
    peerSame = runPeer(nnThreads);
  }
  llvm::outs() << "\nms, medians; speedup = PyTorch time / nn time (nn on "
               << nnThreads << " threads)\n"
               << "| workload | nn | PyTorch default | speedup | PyTorch "
               << nnThreads << " threads | speedup |\n"
               << "|---|---|---|---|---|---|\n";
  const char *names[][2] = {
      {"step", "conv-net SGD step, batch 64"},
      {"forward", "3x3x64x64 conv at 56x56, batch 8, forward"},
      {"backward", "the same, backward (input and filter gradients)"}};
  for (auto [key, title] : names) {
    double ms = nn[key].median() * 1e3;
    llvm::outs() << "| " << title << " " << nn[key].quality()
                 << llvm::format(" | %.2f", ms);
    for (auto *peer : {&peerDefault, &peerSame})
      if (peer->count(key))
        llvm::outs() << llvm::format(" | %.2f | %.2fx", (*peer)[key],
                                     (*peer)[key] / ms);
      else
        llvm::outs() << " | - | -";
    llvm::outs() << " |\n";
  }
  return 0;
}
