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
// The fixed cost of calling compiled code through nn::rt::Executable: a
// function that adds two 4-element f32 tensors, whose own work is a few
// nanoseconds, so that the time of Executable::call is its overhead. The
// parts of that overhead are then timed one by one with the same public
// APIs Executable::call uses: the interpreter's shape check, the copies in
// and out of ref::Tensor, and the generated code called directly.
//
// --loop-seconds only calls Executable::call in a loop, for a profiler.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/Reference/Interpreter.h"
#include "nn/Runtime/Executable.h"

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

[[noreturn]] static void fail(const absl::Status &status) {
  llvm::errs() << "bench-call: " << std::string(status.message()) << "\n";
  std::exit(1);
}

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv,
                              "bench-call: overhead of Executable::call\n");
  auto context = makeContext();
  auto module = parseModule(kModule, *context);
  if (!module.ok())
    fail(module.status());
  auto executable = rt::Executable::compile(**module);
  if (!executable.ok())
    fail(executable.status());
  auto kernel = RawKernel::compile(**module);
  if (!kernel.ok())
    fail(kernel.status());

  ref::Tensor a(ref::ElementType::F32, {4}), b(ref::ElementType::F32, {4});
  for (int i = 0; i < 4; ++i) {
    a.setDouble(i, i + 1);
    b.setDouble(i, 10 * (i + 1));
  }
  std::vector<ref::Tensor> inputs = {a, b};
  auto check = (*executable)->call("add", inputs);
  if (!check.ok())
    fail(check.status());
  for (int i = 0; i < 4; ++i)
    if ((*check)[0].getDouble(i) != 11 * (i + 1))
      fail(absl::InternalError("wrong sum"));

  auto callOnce = [&] {
    auto result = (*executable)->call("add", inputs);
    if (!result.ok())
      fail(result.status());
  };
  if (loopSeconds > 0) {
    double end = now() + loopSeconds;
    while (now() < end)
      for (int i = 0; i < 1000; ++i)
        callOnce();
    return 0;
  }

  llvm::outs() << "bench-call: Executable::call of a 4-element f32 add; "
               << machineSummary() << "\n";
  MeasureOptions options;
  options.samples = samples;
  options.warmup = 1000;
  Measurement call = measure(callOnce, options);

  // The parts, as Executable::call does them (lib/Runtime/Executable.cpp).
  std::vector<ref::Tensor> shapes = {
      ref::Tensor::shapeOnly(ref::ElementType::F32, {4}),
      ref::Tensor::shapeOnly(ref::ElementType::F32, {4})};
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
  Measurement copies = measure(
      [&] {
        std::vector<uint8_t> x = a.toBytes(), y = b.toBytes();
        auto result = ref::Tensor::fromBytes(ref::ElementType::F32, {4},
                                             x.data(), x.size());
        if (!result.ok())
          fail(result.status());
      },
      options);
  float x[4] = {1, 2, 3, 4}, y[4] = {10, 20, 30, 40};
  std::vector<Buffer> buffers = {{x, {4}}, {y, {4}}}, results;
  Measurement direct = measure(
      [&] {
        (void)(*kernel)->call("add", buffers, results);
        (*kernel)->freeResults(results);
      },
      options);

  auto us = [](const Measurement &m) { return m.median() * 1e6; };
  llvm::outs() << "\nMicroseconds per call (median of " << samples
               << " samples; target: Executable::call <= 5 us)\n"
               << "| | us | min | max | quality |\n|---|---|---|---|---|\n";
  auto row = [&](llvm::StringRef name, const Measurement &m) {
    llvm::outs() << "| " << name
                 << llvm::format(" | %.3f | %.3f | %.3f | ", us(m),
                                 m.min() * 1e6, m.max() * 1e6)
                 << m.quality() << " |\n";
  };
  row("**Executable::call**", call);
  row("- shape check (ref::runFunction, shapes only)", checkTime);
  row("- copies: 2 toBytes + 1 fromBytes", copies);
  row("- generated code, direct packed call (incl. result malloc/free)",
      direct);
  llvm::outs() << llvm::format(
      "| - rest (lookups, descriptors, vectors, invokePacked by name) | "
      "%.3f | | | |\n",
      us(call) - us(checkTime) - us(copies) - us(direct));
  return 0;
}
