//===- MLPStepBench.cpp - MLP training step and its compile latency -------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// bench-mlp-step [--mlir=mlp_step.mlir] [--python=/usr/bin/python3]
//                [--no-step] [--no-peer] [--no-breakdown] [--no-compile]
//                [--samples=N] [--processes=N] [--opt-level=N]
//                [--loop-seconds=S]
//
// The SGD training step of the 784-400-300-10 perceptron at batch 128
// (benchmarks/mlp_step.mlir: loss and gradients by nn.value_and_grad, then
// w - lr * g), compiled with nn::rt::JitModule, against the PyTorch 1.13
// eager peer (peers_torch_mlp_step.py, run from here so that both are
// measured in one run), then the cold compile latency of that step, each
// sample in a fresh process (this program again, with --compile-once), and
// its warm start: a fresh process whose compile finds the step in the
// persistent compile cache (a private directory that one process fills).
//
// Before timing, the step is checked: its first results against the
// reference interpreter, and its loss over a few steps must decrease.
// After it, the step's eight GEMMs are compiled and timed alone, which
// tells how much of the step they are.
//
// --loop-seconds only runs the step in a loop (after the checks), for
// perf record; see README.md for profiling the JIT-compiled code.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/JIT/JitModule.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Transforms/Passes.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>

using namespace nn;
using namespace nn::bench;
namespace cl = llvm::cl;

static cl::opt<std::string> mlirFile("mlir", cl::desc("The train step's IR"),
                                     cl::init(NN_BENCH_SOURCE_DIR
                                              "/mlp_step.mlir"));
static cl::opt<std::string> python("python", cl::desc("Python with torch 1.13"),
                                   cl::init("/usr/bin/python3"));
static cl::opt<std::string>
    peerScript("peer", cl::desc("The PyTorch peer script"),
               cl::init(NN_BENCH_SOURCE_DIR "/peers_torch_mlp_step.py"));
static cl::opt<bool> noPeer("no-peer", cl::desc("Skip the PyTorch peer"));
static cl::opt<bool> noCompile("no-compile",
                               cl::desc("Skip the compile-latency runs"));
static cl::opt<bool> noStep("no-step",
                            cl::desc("Skip the step timing (compile only)"));
static cl::opt<int> processes("processes",
                              cl::desc("Fresh processes per compile-latency "
                                       "mode"),
                              cl::init(5));
static cl::opt<bool> noBreakdown("no-breakdown",
                                 cl::desc("Skip timing the step's GEMMs one "
                                          "by one"));
static cl::opt<int> samples("samples", cl::desc("Timed samples of the step"),
                            cl::init(7));
static cl::opt<bool> passTiming("pass-timing",
                                cl::desc("With --compile-once=phases: print "
                                         "MLIR's pass timing to stderr"));
static cl::opt<double> loopSeconds(
    "loop-seconds",
    cl::desc("Only run the compiled step (Executable::call) in a loop for "
             "this long, e.g. under perf record"),
    cl::init(0));

static cl::opt<unsigned>
    optLevel("opt-level",
             cl::desc("LLVM optimization level of every compile (0-3)"),
             cl::init(2));
static cl::opt<unsigned> numThreads(
    "num-threads",
    cl::desc("Threads of nn's parallel loops: 0 for every core (default; "
             "PyTorch's peer uses OpenBLAS with 2 threads), 1 for one"),
    cl::init(0));

// Internal: one compile-latency sample (the parent runs these).
static cl::opt<std::string>
    compileOnce("compile-once", cl::Hidden,
                cl::desc("executable|phases: time one cold compile; warm: "
                         "one compile with the cache in --cache-dir"));
static cl::opt<std::string> cacheDir("cache-dir", cl::Hidden);
static cl::opt<double> spawnedAt("spawned-at", cl::Hidden, cl::init(0));

namespace {

constexpr int64_t kBatch = 128, kIn = 784, kH1 = 400, kH2 = 300, kOut = 10;
constexpr int kBatches = 8;

/// Synthetic, learnable data: uniform images and labels given by a fixed
/// random linear map of them, so that the loss falls over a few steps.
/// (Timing does not depend on the values; the peer uses the same kind.)
struct Data {
  std::vector<std::vector<float>> images;
  std::vector<std::vector<int64_t>> labels;
  /// w1, b1, w2, b2, w3, b3: glorot-uniform weights stored [in, out] (the
  /// transpose of torch's [out, in]), zero biases.
  std::vector<std::vector<float>> params;
  std::vector<std::vector<int64_t>> paramShapes = {
      {kIn, kH1}, {kH1}, {kH1, kH2}, {kH2}, {kH2, kOut}, {kOut}};
};

Data makeData() {
  Data data;
  std::mt19937 rng(0);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  std::normal_distribution<float> normal;
  std::vector<float> projection(kIn * kOut);
  for (float &value : projection)
    value = normal(rng);
  for (int b = 0; b < kBatches; ++b) {
    std::vector<float> images(kBatch * kIn);
    for (float &value : images)
      value = unit(rng);
    std::vector<int64_t> labels(kBatch);
    for (int64_t i = 0; i < kBatch; ++i) {
      std::vector<double> scores(kOut, 0);
      for (int64_t k = 0; k < kIn; ++k)
        for (int64_t j = 0; j < kOut; ++j)
          scores[j] += (images[i * kIn + k] - 0.5) * projection[k * kOut + j];
      labels[i] =
          std::max_element(scores.begin(), scores.end()) - scores.begin();
    }
    data.images.push_back(std::move(images));
    data.labels.push_back(std::move(labels));
  }
  for (const std::vector<int64_t> &shape : data.paramShapes) {
    int64_t count = 1;
    for (int64_t dim : shape)
      count *= dim;
    std::vector<float> values(count, 0.0f);
    if (shape.size() == 2) {
      float limit = std::sqrt(6.0f / (shape[0] + shape[1]));
      std::uniform_real_distribution<float> glorot(-limit, limit);
      for (float &value : values)
        value = glorot(rng);
    }
    data.params.push_back(std::move(values));
  }
  return data;
}

ref::Tensor floatTensor(const std::vector<float> &values,
                        std::vector<int64_t> shape) {
  ref::Tensor tensor(DType::F32, std::move(shape));
  for (size_t i = 0; i < values.size(); ++i)
    tensor.setDouble(i, values[i]);
  return tensor;
}

ref::Tensor intTensor(const std::vector<int64_t> &values) {
  ref::Tensor tensor(DType::I64, {kBatch});
  for (size_t i = 0; i < values.size(); ++i)
    tensor.setInt(i, values[i]);
  return tensor;
}

/// The step's inputs as ref::Tensors: batch `b` and the parameters.
std::vector<ref::Tensor> tensorInputs(const Data &data, int b) {
  std::vector<ref::Tensor> inputs = {
      floatTensor(data.images[b], {kBatch, 28, 28}), intTensor(data.labels[b])};
  for (auto [values, shape] : llvm::zip_equal(data.params, data.paramShapes))
    inputs.push_back(floatTensor(values, shape));
  return inputs;
}

double maxDifference(const ref::Tensor &a, const ref::Tensor &b) {
  double diff = 0;
  for (int64_t i = 0; i < a.getNumElements(); ++i)
    diff = std::max(diff, std::fabs(a.getDouble(i) - b.getDouble(i)));
  return diff;
}

//===----------------------------------------------------------------------===//
// --compile-once: one cold compile, in a fresh process
//===----------------------------------------------------------------------===//

int compileOnceMain() {
  double mainStart = now();
  double startup = spawnedAt > 0 ? mainStart - spawnedAt : 0;
  auto context = makeContext();
  double contextTime = now() - mainStart;
  double start = now();
  auto module = orFail(parseModuleFile(mlirFile, *context));
  double parse = now() - start;

  Data data = makeData();
  std::vector<ref::Tensor> inputs = tensorInputs(data, 0);
  // A cold compile, or a warm start: the compile cache in --cache-dir.
  if (compileOnce == "executable" || compileOnce == "warm") {
    bool warm = compileOnce == "warm";
    CompilePhases phases;
    rt::JitOptions options;
    options.optLevel = optLevel;
    options.numThreads = numThreads;
    options.functions = {"train_step"};
    options.useDiskCache = warm;
    options.diskCacheDir = cacheDir;
    options.times = &phases;
    start = now();
    auto executable = orFail(rt::JitModule::compile(*module, options));
    double compile = now() - start;
    start = now();
    orFail(executable->call("train_step", inputs));
    double firstCall = now() - start;
    start = now();
    orFail(executable->call("train_step", inputs));
    double secondCall = now() - start;
    llvm::outs() << llvm::format(
        "compile-once: startup=%.6f context=%.6f parse=%.6f compile=%.6f "
        "first_call=%.6f second_call=%.6f",
        startup, contextTime, parse, compile, firstCall, secondCall);
    if (warm)
      llvm::outs() << llvm::format(" autodiff=%.6f cache=%.6f link=%.6f hit=%d",
                                   phases.autodiff, phases.cache,
                                   phases.codegen, executable->isFromCache());
    llvm::outs() << "\n";
    return 0;
  }
  if (compileOnce == "phases") {
    CompilePhases phases;
    start = now();
    auto kernel = orFail(RawKernel::compile(
        *module, optLevel, &phases, passTiming, numThreads, {"train_step"}));
    double compile = now() - start;
    llvm::outs() << llvm::format(
        "compile-once: startup=%.6f context=%.6f parse=%.6f compile=%.6f "
        "autodiff=%.6f pipeline_build=%.6f pipeline=%.6f translate=%.6f "
        "llvm_opt=%.6f codegen=%.6f\n",
        startup, contextTime, parse, compile, phases.autodiff,
        phases.pipelineBuild, phases.pipeline, phases.translate, phases.llvmOpt,
        phases.codegen);
    return 0;
  }
  llvm::errs() << "bench-mlp-step: --compile-once must be executable, "
                  "phases or warm\n";
  return 1;
}

//===----------------------------------------------------------------------===//
// The step
//===----------------------------------------------------------------------===//

struct StepResults {
  Measurement call, kernel;
  /// Median over rounds of call - kernel: the checks and copies of
  /// Executable::call.
  double overhead = 0;
};

/// Checks the compiled step against the interpreter and that the loss
/// falls; then times it both ways.
StepResults runStep(mlir::ModuleOp module) {
  Data data = makeData();
  rt::JitOptions compileOptions;
  compileOptions.optLevel = optLevel;
  compileOptions.numThreads = numThreads;
  auto executable = orFail(rt::JitModule::compile(module, compileOptions));
  auto kernel =
      orFail(RawKernel::compile(module, optLevel, nullptr, false, numThreads));

  // 1. The first step against the reference interpreter (which runs plain
  // nn ops: gradients first).
  std::vector<ref::Tensor> inputs = tensorInputs(data, 0);
  auto compiled = orFail(executable->call("train_step", inputs));
  {
    mlir::OwningOpRef<mlir::ModuleOp> differentiated = module.clone();
    mlir::PassManager pm(module.getContext());
    pm.addPass(nn::createNNAutodiff());
    if (failed(pm.run(*differentiated)))
      fail(absl::InternalError("nn-autodiff failed"));
    double start = now();
    auto expected =
        orFail(ref::runFunction(*differentiated, "train_step", inputs));
    double interpreted = now() - start;
    double worst = 0;
    for (auto [got, want] : llvm::zip_equal(compiled, expected))
      worst = std::max(worst, maxDifference(got, want));
    llvm::outs() << llvm::format(
        "check: step 1 vs the reference interpreter (%.1f s): loss %.6f vs "
        "%.6f, max |difference| over loss and parameters %.2e\n",
        interpreted, compiled[0].getDouble(0), expected[0].getDouble(0), worst);
    if (!(worst < 1e-4))
      fail(absl::InternalError("compiled step differs from the interpreter"));
  }

  // 2. The loss falls over a few steps (cycling over the batches), and the
  // direct-call kernel computes exactly what Executable does.
  std::vector<std::vector<float>> params = data.params;
  std::vector<Buffer> results;
  // Batch `b` and the current parameters, as the kernel takes them.
  auto kernelInputs = [&](int b) {
    std::vector<Buffer> buffers = {
        {data.images[b].data(), {kBatch, 28, 28}},
        {const_cast<int64_t *>(data.labels[b].data()), {kBatch}, DType::I64}};
    for (int i = 0; i < 6; ++i)
      buffers.push_back({params[i].data(), data.paramShapes[i]});
    return buffers;
  };
  llvm::outs() << "check: loss over 12 steps:";
  double firstLoss = 0, lastLoss = 0;
  for (int step = 0; step < 12; ++step) {
    int b = step % kBatches;
    auto stepInputs = tensorInputs(data, b);
    for (int i = 0; i < 6; ++i)
      stepInputs[2 + i] = floatTensor(params[i], data.paramShapes[i]);
    auto out = orFail(executable->call("train_step", stepInputs));
    std::vector<Buffer> buffers = kernelInputs(b);
    if (absl::Status status = kernel->call("train_step", buffers, results);
        !status.ok())
      fail(status);
    for (int i = 0; i < 7; ++i) {
      const auto *raw = static_cast<const float *>(results[i].data);
      for (int64_t j = 0; j < out[i].getNumElements(); ++j)
        if (static_cast<double>(raw[j]) != out[i].getDouble(j))
          fail(absl::InternalError("direct call and Executable::call differ"));
    }
    for (int i = 0; i < 6; ++i)
      std::memcpy(params[i].data(), results[1 + i].data,
                  params[i].size() * sizeof(float));
    kernel->freeResults(results);
    double loss = out[0].getDouble(0);
    llvm::outs() << llvm::format(" %.4f", loss);
    (step == 0 ? firstLoss : lastLoss) = loss;
  }
  llvm::outs() << "\n";
  if (!(lastLoss < firstLoss))
    fail(absl::InternalError("the loss does not decrease"));

  // 3. Timing. Each step feeds its new parameters to the next, as training
  // does; the batch cycles. Parameters move in and out of the input list,
  // so the harness copies nothing but the next batch.
  StepResults timing;
  MeasureOptions options;
  options.samples = samples;
  int b = 0;
  std::vector<std::vector<ref::Tensor>> batches;
  for (int i = 0; i < kBatches; ++i) {
    auto batch = tensorInputs(data, i);
    batch.resize(2);
    batches.push_back(std::move(batch));
  }
  inputs = tensorInputs(data, 0);
  auto callStep = [&] {
    b = (b + 1) % kBatches;
    inputs[0] = batches[b][0];
    inputs[1] = batches[b][1];
    auto out = orFail(executable->call("train_step", inputs));
    for (int i = 0; i < 6; ++i)
      inputs[2 + i] = std::move(out[1 + i]);
  };
  if (loopSeconds > 0) {
    double end = now() + loopSeconds;
    while (now() < end)
      callStep();
    std::exit(0);
  }
  params = data.params;
  auto kernelStep = [&] {
    b = (b + 1) % kBatches;
    std::vector<Buffer> buffers = kernelInputs(b);
    // The parameters are donated: the step updates them in place.
    (void)kernel->call("train_step", buffers, results, {2, 3, 4, 5, 6, 7});
    kernel->freeResults(results);
  };
  std::vector<Measurement> measured =
      measureTogether({callStep, kernelStep}, options);
  timing.call = std::move(measured[0]);
  timing.kernel = std::move(measured[1]);
  timing.overhead = medianDifference(timing.call, timing.kernel);
  return timing;
}

/// One GEMM of the step as nn-autodiff emits it (the transposes are
/// attributes of nn.matmul).
struct Gemm {
  const char *name;
  int64_t m, n, k;
  bool transposeLhs, transposeRhs;
};

constexpr Gemm kStepGemms[] = {
    {"L1 fwd  X W1", kBatch, kH1, kIn, false, false},
    {"L2 fwd  H1 W2", kBatch, kH2, kH1, false, false},
    {"L3 fwd  H2 W3", kBatch, kOut, kH2, false, false},
    {"L3 dX   dY W3^T", kBatch, kH2, kOut, false, true},
    {"L3 dW   H2^T dY", kH2, kOut, kBatch, true, false},
    {"L2 dX   dY W2^T", kBatch, kH1, kH2, false, true},
    {"L2 dW   H1^T dY", kH1, kH2, kBatch, true, false},
    {"L1 dW   X^T dY", kIn, kH1, kBatch, true, false},
};

/// The step's eight GEMMs compiled alone and timed one by one (generated
/// code, direct calls): how much of the step they are, and how fast each
/// shape runs. Gives the total GEMM time.
double runGemmBreakdown(mlir::MLIRContext &context, double stepSeconds) {
  std::string text;
  auto type = [](int64_t rows, int64_t cols) {
    return "tensor<" + std::to_string(rows) + "x" + std::to_string(cols) +
           "xf32>";
  };
  for (auto [i, gemm] : llvm::enumerate(kStepGemms)) {
    std::string lhs =
        gemm.transposeLhs ? type(gemm.k, gemm.m) : type(gemm.m, gemm.k);
    std::string rhs =
        gemm.transposeRhs ? type(gemm.n, gemm.k) : type(gemm.k, gemm.n);
    std::string out = type(gemm.m, gemm.n);
    text += "func.func @g" + std::to_string(i) + "(%a: " + lhs +
            ", %b: " + rhs + ") -> " + out + " {\n  %c = nn.matmul %a, %b {" +
            "transpose_lhs = " + (gemm.transposeLhs ? "true" : "false") +
            ", transpose_rhs = " + (gemm.transposeRhs ? "true" : "false") +
            "} : " + lhs + ", " + rhs + "\n  return %c : " + out + "\n}\n";
  }
  auto module = orFail(parseModule(text, context));
  auto kernel =
      orFail(RawKernel::compile(*module, optLevel, nullptr, false, numThreads));

  llvm::outs() << "\nThe step's GEMMs alone (generated code, direct calls; "
                  "median ms)\n"
               << "| GEMM | M | N | K | ms | GFLOP/s |\n"
               << "|---|---|---|---|---|---|\n";
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  double total = 0, flops = 0;
  MeasureOptions options;
  options.samples = 5;
  options.minSampleSeconds = 0.1;
  for (auto [i, gemm] : llvm::enumerate(kStepGemms)) {
    std::vector<float> a(gemm.m * gemm.k), b(gemm.k * gemm.n);
    for (float &value : a)
      value = uniform(rng);
    for (float &value : b)
      value = uniform(rng);
    std::vector<Buffer> inputs = {
        {a.data(), gemm.transposeLhs ? std::vector<int64_t>{gemm.k, gemm.m}
                                     : std::vector<int64_t>{gemm.m, gemm.k}},
        {b.data(), gemm.transposeRhs ? std::vector<int64_t>{gemm.n, gemm.k}
                                     : std::vector<int64_t>{gemm.k, gemm.n}}};
    std::vector<Buffer> results;
    std::string name = "g" + std::to_string(i);
    Measurement m = measure(
        [&] {
          if (absl::Status status = kernel->call(name, inputs, results);
              !status.ok())
            fail(status);
          kernel->freeResults(results);
        },
        options);
    double flop = 2.0 * gemm.m * gemm.n * gemm.k;
    total += m.median();
    flops += flop;
    llvm::outs() << llvm::format("| %s | %ld | %ld | %ld | %.2f | %.2f |\n",
                                 gemm.name, gemm.m, gemm.n, gemm.k,
                                 m.median() * 1e3, flop / m.median() / 1e9);
  }
  llvm::outs() << llvm::format(
      "| **all 8** (%.0f MFLOP) | | | | **%.2f** | %.2f |\n"
      "GEMMs alone: %.1f %% of the step's generated code (%.2f ms)\n",
      flops / 1e6, total * 1e3, flops / total / 1e9, 100 * total / stepSeconds,
      stepSeconds * 1e3);
  return total;
}

/// The PyTorch peer's `torch_mlp_step: median_ms=... ` line, in one thread
/// setting.
std::map<std::string, double> runPeer(llvm::StringRef threads) {
  std::string command =
      python + " " + peerScript + " --threads " + threads.str() + " 2>&1";
  std::string output = runCommand(command);
  auto fields = parseFields(output, "torch_mlp_step:");
  if (!fields.count("median_ms")) {
    llvm::errs() << "bench-mlp-step: the peer failed (" << command << "):\n"
                 << output;
    return {};
  }
  // The peer's own loss check and settings, for the record.
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(output).split(lines, '\n', -1, false);
  for (llvm::StringRef line : lines)
    llvm::outs() << "  peer: " << line << "\n";
  return fields;
}

/// Per field of the --compile-once lines (`<mode>.<field>`), the samples.
using Samples = std::map<std::string, std::vector<double>>;

/// Runs one --compile-once process and adds its fields to `values`.
bool runCompileOnce(const std::string &self, const std::string &mode,
                    const std::string &extraFlags, Samples &values) {
  waitQuiet(3);
  std::string command =
      self + " --compile-once=" + mode + " --mlir=" + mlirFile +
      " --opt-level=" + std::to_string(optLevel) + extraFlags +
      llvm::formatv(" --spawned-at={0:f6}", now()).str();
  double start = now();
  std::string output = runCommand(command);
  double wall = now() - start;
  auto fields = parseFields(output, "compile-once:");
  if (!fields.count("compile")) {
    llvm::errs() << "bench-mlp-step: " << command << " failed:\n" << output;
    return false;
  }
  for (auto &[key, value] : fields)
    values[mode + "." + key].push_back(value);
  values[mode + ".process"].push_back(wall);
  return true;
}

/// The cold compile latency: each sample is a fresh process, so that the
/// first compile pays for everything a user's first compile does (dialect
/// loading, pass registration, LLVM initialization).
bool runColdCompiles(const std::string &self) {
  Samples values;
  for (const char *mode : {"executable", "phases"})
    for (int i = 0; i < processes; ++i)
      if (!runCompileOnce(self, mode, "", values))
        return false;
  auto ms = [&](const std::string &key) { return median(values[key]) * 1e3; };
  // The first call's extra time over the second: lazy work left for it.
  std::vector<double> firstExtra;
  for (auto [first, second] : llvm::zip_equal(values["executable.first_call"],
                                              values["executable.second_call"]))
    firstExtra.push_back(first - second);
  std::vector<double> cold;
  for (size_t i = 0; i < values["executable.compile"].size(); ++i)
    cold.push_back(
        values["executable.context"][i] + values["executable.parse"][i] +
        values["executable.compile"][i] + std::max(0.0, firstExtra[i]));
  llvm::outs() << "\nCold compile of the train step, ms (median of "
               << processes << " fresh processes each; target: <= 500 ms)\n"
               << "| phase | ms |\n|---|---|\n"
               << llvm::format("| process start to main() (exec, "
                               "libMLIR.so) | %.1f |\n",
                               ms("executable.startup"))
               << llvm::format("| context + dialects | %.1f |\n",
                               ms("executable.context"))
               << llvm::format("| parse | %.1f |\n", ms("executable.parse"))
               << llvm::format("| Executable::compile | %.1f |\n",
                               ms("executable.compile"))
               << llvm::format("| first call - second call | %.1f |\n",
                               median(firstExtra) * 1e3)
               << llvm::format("| **total: context + parse + compile + "
                               "first-call extra** | **%.1f** |\n",
                               median(cold) * 1e3)
               << llvm::format("| (whole process, incl. 2 step calls and "
                               "exit) | %.1f |\n",
                               ms("executable.process"))
               << "\nThe same compile split into phases "
                  "(rt::JitOptions::times), ms\n"
               << "| phase | ms |\n|---|---|\n"
               << llvm::format("| nn-autodiff | %.1f |\n",
                               ms("phases.autodiff"))
               << llvm::format("| building nn-cpu-pipeline (registers "
                               "every upstream pass, parses it) | %.1f |\n",
                               ms("phases.pipeline_build"))
               << llvm::format("| running nn-cpu-pipeline (to the LLVM "
                               "dialect) | %.1f |\n",
                               ms("phases.pipeline"))
               << llvm::format("| translation to LLVM IR, JIT setup | "
                               "%.1f |\n",
                               ms("phases.translate"))
               << llvm::format("| the LLVM optimizer (O%u) | %.1f |\n",
                               optLevel.getValue(), ms("phases.llvm_opt"))
               << llvm::format("| machine code generation and linking | "
                               "%.1f |\n",
                               ms("phases.codegen"))
               << llvm::format("| total compile | %.1f |\n",
                               ms("phases.compile"));
  return true;
}

/// The warm start: fresh processes compiling the step with the compile
/// cache in a private directory, which a first process fills.
bool runWarmStarts(const std::string &self) {
  llvm::SmallString<128> dir;
  if (std::error_code error =
          llvm::sys::fs::createUniqueDirectory("bench-mlp-step-cache", dir)) {
    llvm::errs() << "bench-mlp-step: cannot create a cache directory: "
                 << error.message() << "\n";
    return false;
  }
  std::string flags = " --cache-dir=" + dir.str().str();
  Samples values;
  bool ok = runCompileOnce(self, "warm", flags, values);
  values.clear();
  for (int i = 0; ok && i < processes; ++i)
    ok = runCompileOnce(self, "warm", flags, values);
  (void)llvm::sys::fs::remove_directories(dir);
  if (!ok)
    return false;
  if (llvm::any_of(values["warm.hit"], [](double hit) { return hit != 1; })) {
    llvm::errs() << "bench-mlp-step: a warm start missed the cache\n";
    return false;
  }
  auto ms = [&](const std::string &key) { return median(values[key]) * 1e3; };
  std::vector<double> firstExtra, ready;
  for (size_t i = 0; i < values["warm.compile"].size(); ++i) {
    firstExtra.push_back(values["warm.first_call"][i] -
                         values["warm.second_call"][i]);
    ready.push_back(values["warm.context"][i] + values["warm.parse"][i] +
                    values["warm.compile"][i] + std::max(0.0, firstExtra[i]));
  }
  llvm::outs()
      << "\nWarm start of the train step: the compile cache holds "
         "it, ms (median of "
      << processes << " fresh processes; target: <= 50 ms)\n"
      << "| phase | ms |\n|---|---|\n"
      << llvm::format("| process start to main() | %.1f |\n",
                      ms("warm.startup"))
      << llvm::format("| context + dialects | %.1f |\n", ms("warm.context"))
      << llvm::format("| parse | %.1f |\n", ms("warm.parse"))
      << llvm::format("| Executable::compile | %.1f |\n", ms("warm.compile"))
      << llvm::format("| - of it nn-autodiff | %.1f |\n", ms("warm.autodiff"))
      << llvm::format("| - of it the key, reading and checking the "
                      "entry | %.1f |\n",
                      ms("warm.cache"))
      << llvm::format("| - of it linking the object | %.1f |\n",
                      ms("warm.link"))
      << llvm::format("| first call - second call | %.1f |\n",
                      median(firstExtra) * 1e3)
      << llvm::format("| **total: context + parse + compile + "
                      "first-call extra** | **%.1f** |\n",
                      median(ready) * 1e3)
      << llvm::format("| (whole process, incl. 2 step calls and "
                      "exit) | %.1f |\n",
                      ms("warm.process"));
  return true;
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv,
                              "bench-mlp-step: MLP SGD step vs PyTorch, and "
                              "its compile latency\n");
  if (!compileOnce.empty())
    return compileOnceMain();

  llvm::outs() << "bench-mlp-step: 784-400-300-10, batch 128, softmax "
                  "cross-entropy + SGD; "
               << machineSummary() << "\n";
  llvm::outs().flush();
  auto context = makeContext();
  auto module = orFail(parseModuleFile(mlirFile, *context));

  if (!noStep) {
    StepResults step = runStep(*module);
    llvm::outs() << "nn step: interpreter tensors " << step.call.quality()
                 << ", zero-copy donating " << step.kernel.quality() << "\n";
    llvm::outs().flush();
    std::map<std::string, double> peerDefault, peerOne;
    if (!noPeer) {
      peerDefault = runPeer("default");
      peerOne = runPeer("1");
    }
    double call = step.call.median() * 1e3, kernel = step.kernel.median() * 1e3;
    llvm::outs() << "\nTrain step, ms (median of " << samples
                 << " samples); speedup = PyTorch time / nn time (target: "
                    ">= 1.5 vs PyTorch default)\n"
                 << "| | ms | min | max | speedup vs PyTorch default | "
                    "speedup vs PyTorch 1 thread |\n"
                 << "|---|---|---|---|---|---|\n";
    auto row = [&](llvm::StringRef name, double ms, double min, double max) {
      llvm::outs() << "| " << name
                   << llvm::format(" | %.2f | %.2f | %.2f", ms, min, max);
      for (auto *peer : {&peerDefault, &peerOne})
        if (peer->count("median_ms"))
          llvm::outs() << llvm::format(" | %.4f", (*peer)["median_ms"] / ms);
        else
          llvm::outs() << " | -";
      llvm::outs() << " |\n";
    };
    std::string threads = numThreads == 0
                              ? std::string("all cores")
                              : std::to_string(numThreads.getValue()) +
                                    " thread" + (numThreads == 1 ? "" : "s");
    row("nn, zero-copy call on the caller's buffers, parameters donated "
        "(the embedding API's path; " +
            threads + ")",
        kernel, step.kernel.min() * 1e3, step.kernel.max() * 1e3);
    row("nn, call on interpreter tensors (nn-run's path: copies through "
        "doubles; " +
            threads + ")",
        call, step.call.min() * 1e3, step.call.max() * 1e3);
    for (auto [name, peer] :
         {std::pair<const char *, std::map<std::string, double> *>{
              "PyTorch eager, default (torch 1 / OpenBLAS 2 threads)",
              &peerDefault},
          {"PyTorch eager, 1 thread", &peerOne}})
      if (peer->count("median_ms"))
        row(name, (*peer)["median_ms"], (*peer)["min_ms"], (*peer)["max_ms"]);
    llvm::outs() << llvm::format(
        "\nThe interpreter tensors' copies in the step (median over rounds "
        "of the difference): %.2f ms = %.1f %% of that call\n",
        step.overhead * 1e3, 100 * step.overhead * 1e3 / call);
    llvm::outs().flush();
    if (!noBreakdown)
      runGemmBreakdown(*context, step.kernel.median());
    llvm::outs().flush();
  }

  if (!noCompile) {
    std::string self = llvm::sys::fs::getMainExecutable(argv[0], (void *)&main);
    if (!runColdCompiles(self) || !runWarmStarts(self))
      return 1;
  }
  return 0;
}
