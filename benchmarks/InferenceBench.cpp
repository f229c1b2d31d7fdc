//===- InferenceBench.cpp - Batch-1 inference and nn-run's overhead -------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// bench-inference [--samples=N] [--no-peer] [--no-nn-run]
//
// Two rows of issue 11's table, each measured side by side in one run:
//
// * Batch-1 inference of the 784-400-300-10 perceptron (relu, relu,
//   softmax) through the embedding API (nn::Function::call on views of the
//   caller's memory), against PyTorch eager under no_grad
//   (peers_torch_inference.py, run from here).
// * nn-run's overhead: `nn-run --benchmark` of a 1024x1024 f32 matmul (its
//   own median line) against the same module compiled and called in this
//   process through the embedding API.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/Runtime/Runtime.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <random>
#include <string>

using namespace nn;
using namespace nn::bench;
namespace cl = llvm::cl;

static cl::opt<int> samples("samples", cl::desc("Samples per measurement"),
                            cl::init(9));
static cl::opt<bool> noPeer("no-peer", cl::desc("Skip the PyTorch peer"));
static cl::opt<bool> noNNRun("no-nn-run", cl::desc("Skip nn-run's overhead"));
static cl::opt<std::string>
    peerScript("peer-script", cl::desc("The PyTorch peer"),
               cl::init(NN_BENCH_SOURCE_DIR "/peers_torch_inference.py"));

static constexpr const char *kMLP = R"mlir(
func.func @predict(%x: tensor<1x784xf32>, %w1: tensor<784x400xf32>,
                   %b1: tensor<400xf32>, %w2: tensor<400x300xf32>,
                   %b2: tensor<300xf32>, %w3: tensor<300x10xf32>,
                   %b3: tensor<10xf32>) -> tensor<1x10xf32> {
  %m1 = nn.matmul %x, %w1 : tensor<1x784xf32>, tensor<784x400xf32>
  %a1 = nn.add %m1, %b1 : tensor<1x400xf32>, tensor<400xf32>
  %h1 = nn.relu %a1 : tensor<1x400xf32>
  %m2 = nn.matmul %h1, %w2 : tensor<1x400xf32>, tensor<400x300xf32>
  %a2 = nn.add %m2, %b2 : tensor<1x300xf32>, tensor<300xf32>
  %h2 = nn.relu %a2 : tensor<1x300xf32>
  %m3 = nn.matmul %h2, %w3 : tensor<1x300xf32>, tensor<300x10xf32>
  %a3 = nn.add %m3, %b3 : tensor<1x10xf32>, tensor<10xf32>
  %p = nn.softmax %a3 : tensor<1x10xf32>
  return %p : tensor<1x10xf32>
}
)mlir";

static constexpr const char *kMatmul = R"mlir(
func.func @matmul(%a: tensor<1024x1024xf32>, %b: tensor<1024x1024xf32>)
    -> tensor<1024x1024xf32> {
  %c = nn.matmul %a, %b : tensor<1024x1024xf32>, tensor<1024x1024xf32>
  return %c : tensor<1024x1024xf32>
}
)mlir";

/// `name` of `text` compiled through the embedding API.
static Function compileFunction(const char *text, const char *name) {
  Context context;
  Module module = orFail(Module::fromString(context, text));
  Executable executable = orFail(Executable::compile(module));
  return orFail(executable.lookup(name));
}

/// Random values in [-scale, scale) for `spec`'s static shape.
static Tensor randomTensor(const TensorSpec &spec, std::mt19937 &rng,
                           float scale) {
  int64_t count = 1;
  for (int64_t size : spec.getShape())
    count *= size;
  std::vector<float> values(count);
  std::uniform_real_distribution<float> dist(-scale, scale);
  for (float &value : values)
    value = dist(rng);
  return orFail(Tensor::create(spec.getShape(), std::move(values)));
}

/// The median time of one call of `function` on random inputs, in seconds.
static Measurement measureCalls(const Function &function) {
  std::mt19937 rng(0);
  std::vector<Tensor> inputs;
  for (const TensorSpec &spec : function.getInputs())
    inputs.push_back(randomTensor(spec, rng, 0.05f));
  std::vector<TensorView> views;
  for (const Tensor &input : inputs)
    views.push_back(input.view());
  MeasureOptions options;
  options.samples = samples;
  options.threads = 2;
  return measure(
      [&] {
        if (absl::Status status = function.call(views).status(); !status.ok())
          fail(status);
      },
      options);
}

/// nn-run's `benchmark: 20 runs, median 15.788 ms, ...` line as numbers
/// by the word before each (`median`, `min`, `max`).
static std::map<std::string, double> parseBenchmarkLine(llvm::StringRef text) {
  std::map<std::string, double> values;
  llvm::SmallVector<llvm::StringRef> lines, words;
  text.split(lines, '\n');
  for (llvm::StringRef line : lines) {
    if (!line.consume_front("benchmark:"))
      continue;
    line.split(words, ' ', -1, /*KeepEmpty=*/false);
    for (size_t i = 1; i < words.size(); ++i) {
      double number;
      if (!words[i].trim(',').getAsDouble(number))
        values[words[i - 1].str()] = number;
    }
  }
  return values;
}

static void inferenceRow() {
  Function predict = compileFunction(kMLP, "predict");
  Measurement nn = measureCalls(predict);
  fmt::print("\nBatch-1 inference, 784-400-300-10 MLP (softmax)\n");
  fmt::print("{:<46} {:>10.4f} ms {}\n", "nn, Function::call (views)",
             nn.median() * 1e3, nn.quality());
  if (noPeer)
    return;
  std::map<std::string, double> torch =
      parseFields(runCommand("/usr/bin/python3 " + peerScript + " --samples " +
                             std::to_string(samples.getValue())),
                  "torch_inference:");
  if (!torch.count("median_ms"))
    fail(absl::InternalError("no 'torch_inference:' line from " + peerScript));
  double torchMs = torch["median_ms"];
  fmt::print("{:<46} {:>10.4f} ms\n", "PyTorch eager, no_grad", torchMs);
  fmt::print("{:<46} {:>10.2f}x\n", "nn speed-up over PyTorch",
             torchMs / (nn.median() * 1e3));
}

static void nnRunRow(const char *argv0) {
  std::string self =
      llvm::sys::fs::getMainExecutable(argv0, (void *)&inferenceRow);
  llvm::SmallString<256> nnRun(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(nnRun, "nn-run");
  llvm::SmallString<128> path;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("bench-matmul", "mlir", fd, path))
    fail(absl::InternalError("cannot create a temporary file"));
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << kMatmul;
  }
  Measurement api = measureCalls(compileFunction(kMatmul, "matmul"));
  std::map<std::string, double> run = parseBenchmarkLine(runCommand(
      nnRun.str().str() + " " + path.str().str() +
      " --device=cpu --input=1024x1024xf32=0.5 --input=1024x1024xf32=0.25"
      " --benchmark=" +
      std::to_string(std::max(20, samples.getValue()))));
  llvm::sys::fs::remove(path);
  if (!run.count("median"))
    fail(absl::InternalError("no 'benchmark:' line from " + nnRun.str().str()));
  double apiMs = api.median() * 1e3, runMs = run["median"];
  fmt::print("\nnn-run's overhead, 1024x1024 f32 matmul\n");
  fmt::print("{:<46} {:>10.3f} ms {}\n", "embedding API, Function::call", apiMs,
             api.quality());
  fmt::print("{:<46} {:>10.3f} ms\n", "nn-run --benchmark (its median)", runMs);
  fmt::print("{:<46} {:>10.2f}x\n", "nn-run's speed relative to the API",
             apiMs / runMs);
}

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(
      argc, argv, "bench-inference: batch-1 MLP and nn-run's overhead\n");
  fmt::print("bench-inference: {}\n", machineSummary());
  inferenceRow();
  if (!noNNRun)
    nnRunRow(argv[0]);
  return 0;
}
