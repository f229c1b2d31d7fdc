//===- Tiers.cpp - Compiled kernels for eager ops, in the background ------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Tier 1 of eager execution (see nn/Eager/Eager.h): a JIT kernel per
// generalized op signature, every dimension `?` but those of size 1 (a
// dynamic dimension of size 1 cannot broadcast in compiled code), compiled
// by one background thread; and that thread's queue, which tiered traced
// functions (eager gradients) use too.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "nn/Eager/Eager.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <thread>

using namespace mlir;

namespace nn {

namespace detail {
namespace {
std::atomic<int> eagerMode{static_cast<int>(EagerMode::Tiered)};
std::atomic<uint64_t> interpretedOps{0}, compiledOps{0}, kernelsCompiled{0},
    kernelsFailed{0};

class Worker;
Worker &worker();

/// One thread that compiles, in order.
class Worker {
public:
  void push(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mutex);
    jobs.push_back(std::move(job));
    if (stopping)
      return;
    if (!started) {
      started = true;
      // The compiler's lasting statics first, on this thread (see
      // rt::initializeJIT), so that they outlive the handler below.
      (void)apiContext();
      thread = std::thread([this] { loop(); });
      // Joined at exit, before the libraries' static state goes away
      // under a compile in progress: exit runs handlers and static
      // destructors in reverse order of registration, so the handler is
      // registered again once a first compile has made the compiler's
      // lazily built statics (see loop).
      std::atexit([] { worker().stop(); });
    }
    wake.notify_one();
  }
  /// Drops the queued jobs and waits for the running one.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
      jobs.clear();
    }
    wake.notify_all();
    if (thread.joinable())
      thread.join();
  }
  void waitIdle() {
    std::unique_lock<std::mutex> lock(mutex);
    idle.wait(lock, [&] { return (jobs.empty() && running == 0) || stopping; });
  }

private:
  void loop() {
    warmUp();
    std::atexit([] { worker().stop(); });
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      wake.wait(lock, [&] { return !jobs.empty() || stopping; });
      if (stopping) {
        idle.notify_all();
        return;
      }
      std::function<void()> job = std::move(jobs.front());
      jobs.pop_front();
      ++running;
      lock.unlock();
      job();
      lock.lock();
      --running;
      if (jobs.empty() && running == 0)
        idle.notify_all();
    }
  }

  /// Compiles a trivial module: every registry and lazily built static
  /// of the compiler exists after it.
  static void warmUp() {
    CompiledSlot slot;
    compileNow(slot, /*counted=*/false,
               "func.func @warm(%a: tensor<1xf32>) -> tensor<1xf32> {\n"
               "  %b = nn.add %a, %a : tensor<1xf32>, tensor<1xf32>\n"
               "  return %b : tensor<1xf32>\n}\n",
               "warm", {});
  }

  std::mutex mutex;
  std::condition_variable wake, idle;
  std::deque<std::function<void()>> jobs;
  size_t running = 0;
  bool started = false, stopping = false;
  std::thread thread;
};

Worker &worker() {
  static Worker *instance = new Worker();
  return *instance;
}
} // namespace

Context &apiContext() {
  static Context *context = new Context();
  return *context;
}

void compileNow(CompiledSlot &slot, bool counted, const std::string &text,
                const std::string &symbol, const CompileOptions &options) {
  absl::StatusOr<Function> function = [&]() -> absl::StatusOr<Function> {
    absl::StatusOr<Module> module =
        Module::fromString(apiContext(), text, symbol);
    if (!module.ok())
      return module.status();
    absl::StatusOr<Executable> executable =
        Executable::compile(*module, options);
    if (!executable.ok())
      return executable.status();
    return executable->lookup(symbol);
  }();
  if (!function.ok()) {
    slot.error = std::string(function.status().message());
    kernelsFailed += counted;
    slot.state.store(2, std::memory_order_release);
    return;
  }
  slot.function = *std::move(function);
  kernelsCompiled += counted;
  slot.state.store(1, std::memory_order_release);
}

std::shared_ptr<CompiledSlot> compileInBackground(std::string text,
                                                  std::string symbol,
                                                  CompileOptions options) {
  auto slot = std::make_shared<CompiledSlot>();
  if (static_cast<EagerMode>(eagerMode.load()) == EagerMode::JitSync) {
    compileNow(*slot, true, text, symbol, options);
    return slot;
  }
  worker().push(
      [slot, text = std::move(text), symbol = std::move(symbol), options]() {
        compileNow(*slot, true, text, symbol, options);
      });
  return slot;
}

//===----------------------------------------------------------------------===//
// Kernels of eager ops
//===----------------------------------------------------------------------===//

namespace {
struct Kernel {
  int uses = 0;
  bool unsupported = false;
  std::shared_ptr<CompiledSlot> slot;
};

llvm::StringMap<Kernel> &kernels() {
  static auto *map = new llvm::StringMap<Kernel>();
  return *map;
}

/// Every size `?` but 1.
std::vector<int64_t> generalize(const std::vector<int64_t> &shape) {
  std::vector<int64_t> result;
  for (int64_t size : shape)
    result.push_back(size == 1 ? 1 : kDynamic);
  return result;
}

bool hasKernel(const OpSpec &spec) {
  llvm::StringRef name = spec.name;
  if (spec.constant || name.starts_with("nn.random"))
    return false;
  // Ops whose result type is given stay in the interpreter, except cast,
  // whose shape follows its operand.
  return !spec.resultType || name == "nn.cast";
}

/// The module of the kernel of `spec` on `operands`, generalized, as text;
/// empty when the op does not verify on generalized types.
std::string kernelModule(const OpSpec &spec,
                         const std::vector<const Array *> &operands) {
  OpBuilder b(&getContext());
  OwningOpRef<ModuleOp> module = ModuleOp::create(b.getUnknownLoc());
  b.setInsertionPointToEnd(module->getBody());
  SmallVector<Type> types;
  for (const Array *operand : operands)
    types.push_back(
        toTensorType(operand->dtype(), generalize(operand->shape())));
  auto func = func::FuncOp::create(b, b.getUnknownLoc(), "kernel",
                                   b.getFunctionType(types, {}));
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  OpSpec general = spec;
  if (general.resultType)
    general.resultType->second = generalize(operands.front()->shape());
  absl::StatusOr<Operation *> op =
      buildOp(b, general, body->getArguments(), SourceSite{"", 0});
  if (!op.ok())
    return "";
  func::ReturnOp::create(b, b.getUnknownLoc(), (*op)->getResults());
  func.setType(b.getFunctionType(types, (*op)->getResultTypes()));
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  return text;
}

std::string kernelKey(const OpSpec &spec,
                      const std::vector<const Array *> &operands) {
  std::string key = prototypeKey(spec, {});
  for (const Array *operand : operands)
    key +=
        "|" + formatTensorType(generalize(operand->shape()), operand->dtype());
  return key;
}
} // namespace

std::optional<Array> runKernel(const OpSpec &spec,
                               const std::vector<const Array *> &operands,
                               SourceSite site) {
  auto mode = static_cast<EagerMode>(eagerMode.load());
  if (mode == EagerMode::Interpret || !hasKernel(spec))
    return std::nullopt;
  Kernel &kernel = kernels()[kernelKey(spec, operands)];
  if (kernel.unsupported)
    return std::nullopt;
  if (!kernel.slot) {
    if (++kernel.uses < 2 && mode == EagerMode::Tiered)
      return std::nullopt;
    std::string text = kernelModule(spec, operands);
    if (text.empty()) {
      kernel.unsupported = true;
      return std::nullopt;
    }
    kernel.slot = compileInBackground(std::move(text), "kernel", {});
  }
  int state = kernel.slot->state.load(std::memory_order_acquire);
  if (state == 2)
    kernel.unsupported = true;
  if (state != 1)
    return std::nullopt;
  std::vector<TensorView> views;
  for (const Array *operand : operands)
    views.push_back(operand->getImpl()->value->view());
  absl::StatusOr<std::vector<Tensor>> results =
      kernel.slot->function->call(views);
  // A call the compiled code cannot take (a broadcast it does not support)
  // falls back to the interpreter.
  if (!results.ok())
    return std::nullopt;
  ++compiledOps;
  return eagerArray(std::move(results->front()), site);
}

void countInterpretedOp() { ++interpretedOps; }

} // namespace detail

void setEagerMode(EagerMode mode) {
  detail::eagerMode = static_cast<int>(mode);
}
EagerMode getEagerMode() {
  return static_cast<EagerMode>(detail::eagerMode.load());
}

EagerStats getEagerStats() {
  EagerStats stats;
  stats.interpretedOps = detail::interpretedOps;
  stats.compiledOps = detail::compiledOps;
  stats.kernelsCompiled = detail::kernelsCompiled;
  stats.kernelsFailed = detail::kernelsFailed;
  return stats;
}

void waitForBackgroundCompiles() { detail::worker().waitIdle(); }

} // namespace nn
