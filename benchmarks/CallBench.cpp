//===- CallBench.cpp - Overhead of one Executable::call -------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// bench-call [--samples=N] [--loop-seconds=S]
//
// The fixed cost of calling compiled code: a function that adds two
// 4-element f32 tensors, whose own work is a few nanoseconds, so that the
// time of a call is its overhead. Timed through the embedding API
// (nn::Function::call on views of the caller's arrays, the target), through
// the runtime underneath it (rt::JitModule::call on buffers), and through
// nn-run's path (interpreter tensors, copied); and the interpreter's shape
// check alone, which a call pays only for input shapes it has not seen.
//
// --loop-seconds only calls nn::Function::call in a loop, for a profiler.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/Runtime/Runtime.h"

#include "nn/JIT/JitModule.h"
#include "nn/Reference/Interpreter.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace nn;
using namespace nn::bench;
namespace cl = llvm::cl;

static cl::opt<int> samples("samples", cl::desc("Samples per measurement"),
                            cl::init(9));
static cl::opt<double>
    loopSeconds("loop-seconds",
                cl::desc("Only call Executable::call in a loop for this "
                         "long (for perf record)"),
                cl::init(0));

static constexpr const char *kModule = R"mlir(
func.func @add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %c = nn.add %a, %b : tensor<4xf32>, tensor<4xf32>
  return %c : tensor<4xf32>
}
)mlir";

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv,
                              "bench-call: overhead of a compiled call\n");
  auto context = makeContext();
  auto module = parseModule(kModule, *context);
  if (!module.ok())
    fail(module.status());
  auto executable = rt::JitModule::compile(**module);
  if (!executable.ok())
    fail(executable.status());
  nn::Context apiContext;
  auto apiModule = nn::Module::fromString(apiContext, kModule);
  if (!apiModule.ok())
    fail(apiModule.status());
  auto apiExecutable = nn::Executable::compile(*apiModule);
  if (!apiExecutable.ok())
    fail(apiExecutable.status());
  auto function = apiExecutable->lookup("add");
  if (!function.ok())
    fail(function.status());

  float x[4] = {1, 2, 3, 4}, y[4] = {10, 20, 30, 40};
  std::vector<nn::TensorView> views = {nn::TensorView({4}, x),
                                       nn::TensorView({4}, y)};
  auto check = function->call(views);
  if (!check.ok())
    fail(check.status());
  for (int i = 0; i < 4; ++i)
    if ((*check)[0].data<float>()[i] != 11 * (i + 1))
      fail(absl::InternalError("wrong sum"));

  auto apiCall = [&] {
    auto result = function->call(views);
    if (!result.ok())
      fail(result.status());
  };
  if (loopSeconds > 0) {
    double end = now() + loopSeconds;
    while (now() < end)
      for (int i = 0; i < 1000; ++i)
        apiCall();
    return 0;
  }

  llvm::outs() << "bench-call: a 4-element f32 add; " << machineSummary()
               << "\n";
  MeasureOptions options;
  options.samples = samples;
  options.warmup = 1000;
  Measurement api = measure(apiCall, options);

  std::vector<TensorView> buffers = {TensorView({4}, x), TensorView({4}, y)};
  Measurement runtime = measure(
      [&] {
        auto result = (*executable)->call("add", buffers);
        if (!result.ok())
          fail(result.status());
      },
      options);

  ref::Tensor a(DType::F32, {4}), b(DType::F32, {4});
  for (int i = 0; i < 4; ++i) {
    a.setDouble(i, x[i]);
    b.setDouble(i, y[i]);
  }
  std::vector<ref::Tensor> tensors = {a, b};
  Measurement interpreterTensors = measure(
      [&] {
        auto result = (*executable)->call("add", tensors);
        if (!result.ok())
          fail(result.status());
      },
      options);

  std::vector<ref::Tensor> shapes = {ref::Tensor::shapeOnly(DType::F32, {4}),
                                     ref::Tensor::shapeOnly(DType::F32, {4})};
  ref::RunOptions shapeCheck;
  shapeCheck.shapesOnly = true;
  shapeCheck.rejectDynamicBroadcast = true;
  Measurement checkTime = measure(
      [&] {
        auto result = ref::runFunction(**module, "add", shapes, shapeCheck);
        if (!result.ok())
          fail(result.status());
      },
      options);

  auto us = [](const Measurement &m) { return m.median() * 1e6; };
  llvm::outs() << "\nMicroseconds per call (median of " << samples
               << " samples; target: a call <= 5 us)\n"
               << "| | us | min | max | quality |\n|---|---|---|---|---|\n";
  auto row = [&](llvm::StringRef name, const Measurement &m) {
    llvm::outs() << "| " << name
                 << llvm::format(" | %.3f | %.3f | %.3f | ", us(m),
                                 m.min() * 1e6, m.max() * 1e6)
                 << m.quality() << " |\n";
  };
  row("**nn::Function::call on TensorViews (embedding API)**", api);
  row("rt::JitModule::call on buffers (the runtime under it)", runtime);
  row("rt::JitModule::call on interpreter tensors (nn-run's path)",
      interpreterTensors);
  row("shape check alone (paid once per new input shapes)", checkTime);
  return 0;
}
