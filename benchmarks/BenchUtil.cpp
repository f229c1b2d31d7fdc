//===- BenchUtil.cpp - Timing and JIT helpers of the benchmarks -----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include "nn/Conversion/Passes.h"
#include "nn/IR/NNDialect.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace mlir;

namespace nn::bench {

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

//===----------------------------------------------------------------------===//
// Load checks
//===----------------------------------------------------------------------===//

/// CPU time of the whole machine, in seconds: user, nice, system, irq,
/// softirq and steal (not idle or iowait).
static double systemBusySeconds() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  unsigned long long v[8] = {0};
  stat >> cpu;
  for (unsigned long long &value : v)
    stat >> value;
  return static_cast<double>(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) /
         sysconf(_SC_CLK_TCK);
}

static double selfSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + 1e-6 * usage.ru_utime.tv_usec +
         usage.ru_stime.tv_sec + 1e-6 * usage.ru_stime.tv_usec;
}

LoadProbe::LoadProbe()
    : systemBusy(systemBusySeconds()), self(selfSeconds()), wall(now()) {}

double LoadProbe::otherCpus() const {
  double elapsed = now() - wall;
  // Below a few jiffies /proc/stat cannot tell anything.
  if (elapsed < 0.05)
    return 0;
  double other = (systemBusySeconds() - systemBusy) - (selfSeconds() - self);
  return std::max(0.0, other) / elapsed;
}

double LoadProbe::selfCpus() const {
  double elapsed = std::max(now() - wall, 1e-9);
  return (selfSeconds() - self) / elapsed;
}

bool waitQuiet(double maxSeconds) {
  double end = now() + maxSeconds;
  do {
    LoadProbe probe;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (probe.otherCpus() < 0.05)
      return true;
  } while (now() < end);
  return false;
}

//===----------------------------------------------------------------------===//
// measure()
//===----------------------------------------------------------------------===//

double Measurement::min() const {
  return perCall.empty() ? 0
                         : *std::min_element(perCall.begin(), perCall.end());
}

double Measurement::max() const {
  return perCall.empty() ? 0
                         : *std::max_element(perCall.begin(), perCall.end());
}

std::string Measurement::quality() const {
  if (!noisy && !discarded)
    return "[clean]";
  return "[" + std::to_string(noisy) + " noisy of " +
         std::to_string(perCall.size()) + ", " + std::to_string(discarded) +
         " discarded]";
}

std::vector<Measurement>
measureTogether(llvm::ArrayRef<llvm::function_ref<void()>> fns,
                const MeasureOptions &options) {
  std::vector<Measurement> results(fns.size());
  for (auto [fn, result] : llvm::zip_equal(fns, results)) {
    // Without warm-up calls the caller knows that one call is long enough
    // for a sample (slow naive kernels, seconds per call).
    result.repetitions = 1;
    if (options.warmup <= 0)
      continue;
    double first = now();
    for (int i = 0; i < options.warmup; ++i)
      fn();
    double once = (now() - first) / options.warmup;
    result.repetitions =
        std::max<int64_t>(1, static_cast<int64_t>(options.minSampleSeconds /
                                                  std::max(once, 1e-9)));
  }

  int discarded = 0;
  for (int round = 0; round < options.samples;) {
    waitQuiet(options.maxWaitSeconds);
    std::vector<double> perCall;
    std::vector<bool> clean;
    for (auto [fn, result] : llvm::zip_equal(fns, results)) {
      LoadProbe probe;
      double start = now();
      for (int64_t r = 0; r < result.repetitions; ++r)
        fn();
      perCall.push_back((now() - start) / result.repetitions);
      double other = probe.otherCpus();
      // A 1-thread run on this 2-vCPU machine is unaffected by a process
      // on the other vCPU as long as it kept its own (selfCpus near 1);
      // more than that, or any load during a 2-thread run, slows it down.
      clean.push_back(other < 0.15 || (options.threads == 1 && other < 1.15 &&
                                       probe.selfCpus() >= 0.97));
    }
    bool allClean = llvm::all_of(clean, [](bool c) { return c; });
    if (!allClean && discarded < options.maxDiscards) {
      ++discarded;
      continue;
    }
    for (auto [result, time, ok] : llvm::zip_equal(results, perCall, clean)) {
      result.perCall.push_back(time);
      result.noisy += !ok;
    }
    ++round;
  }
  for (Measurement &result : results)
    result.discarded = discarded;
  return results;
}

Measurement measure(llvm::function_ref<void()> fn,
                    const MeasureOptions &options) {
  return std::move(measureTogether({fn}, options).front());
}

double medianDifference(const Measurement &a, const Measurement &b) {
  std::vector<double> differences;
  for (auto [x, y] : llvm::zip_equal(a.perCall, b.perCall))
    differences.push_back(x - y);
  return median(differences);
}

std::string machineSummary() {
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  double load[1] = {0};
  getloadavg(load, 1);
  char text[64];
  std::snprintf(text, sizeof(text), ", %u CPUs, load %.2f",
                std::thread::hardware_concurrency(), load[0]);
  return model + text;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

std::unique_ptr<MLIRContext> makeContext() {
  DialectRegistry registry;
  registry.insert<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect>();
  nn::registerConstantFolding(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  return context;
}

/// Collects error diagnostics as text.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *context)
      : handler(context, [this](Diagnostic &diag) {
          llvm::raw_string_ostream os(text);
          os << diag.getLocation() << ": " << diag.str() << "\n";
          return success();
        }) {}
  std::string text;

private:
  ScopedDiagnosticHandler handler;
};

absl::StatusOr<OwningOpRef<ModuleOp>> parseModule(llvm::StringRef text,
                                                  MLIRContext &context) {
  DiagnosticCollector diagnostics(&context);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  if (!module)
    return absl::InvalidArgumentError(diagnostics.text);
  return module;
}

absl::StatusOr<OwningOpRef<ModuleOp>> parseModuleFile(llvm::StringRef path,
                                                      MLIRContext &context) {
  auto file = llvm::MemoryBuffer::getFile(path);
  if (!file)
    return absl::NotFoundError("cannot read '" + path.str() +
                               "': " + file.getError().message());
  return parseModule((*file)->getBuffer(), context);
}

//===----------------------------------------------------------------------===//
// RawKernel
//===----------------------------------------------------------------------===//

RawKernel::~RawKernel() = default;

absl::StatusOr<std::unique_ptr<RawKernel>>
RawKernel::compile(ModuleOp module, unsigned optLevel, CompilePhases *phases,
                   bool passTiming) {
  CompilePhases local;
  CompilePhases &times = phases ? *phases : local;
  // Everything below mirrors nn::rt::Executable::compile (lib/Runtime), so
  // that the two run the same code.
  static bool targetsInitialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)targetsInitialized;
  MLIRContext *context = module.getContext();
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  context->appendDialectRegistry(registry);

  std::unique_ptr<RawKernel> kernel(new RawKernel());
  kernel->source = module.clone();
  double start = now();
  {
    DiagnosticCollector diagnostics(context);
    PassManager pm(context);
    pm.addPass(nn::createNNAutodiff());
    if (failed(pm.run(*kernel->source)))
      return absl::InvalidArgumentError(diagnostics.text);
  }
  times.autodiff = now() - start;

  start = now();
  OwningOpRef<ModuleOp> lowered = kernel->source->clone();
  for (auto func : lowered->getOps<func::FuncOp>())
    if (!func.isExternal())
      func->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
  {
    DiagnosticCollector diagnostics(context);
    PassManager pm(context);
    if (passTiming)
      pm.enableTiming();
    CPUPipelineOptions pipelineOptions;
    pipelineOptions.optLevel = optLevel;
    if (failed(nn::buildCPUPipeline(pm, pipelineOptions)))
      return absl::InternalError("cannot build nn-cpu-pipeline");
    times.pipelineBuild = now() - start;
    start = now();
    if (failed(pm.run(*lowered)))
      return absl::InvalidArgumentError("compilation failed:\n" +
                                        diagnostics.text);
  }
  times.pipeline = now() - start;

  start = now();
  ExecutionEngineOptions engineOptions;
  static const std::string runnerUtils =
      std::string(NN_MLIR_LIBRARY_DIR) + "/libmlir_c_runner_utils.so";
  static const std::string float16Utils =
      std::string(NN_MLIR_LIBRARY_DIR) + "/libmlir_float16_utils.so";
  SmallVector<StringRef> sharedLibs = {runnerUtils, float16Utils};
  engineOptions.sharedLibPaths = sharedLibs;
  // The optimizer is wrapped to time it apart from translation and code
  // generation.
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeOptimizingTransformer(std::min(optLevel, 3u), /*sizeLevel=*/0,
                                /*targetMachine=*/nullptr);
  std::function<llvm::Error(llvm::Module *)> transformer =
      [&](llvm::Module *m) {
        double optStart = now();
        llvm::Error error = optimize(m);
        times.llvmOpt += now() - optStart;
        return error;
      };
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel =
      optLevel == 0   ? llvm::CodeGenOptLevel::None
      : optLevel == 1 ? llvm::CodeGenOptLevel::Less
      : optLevel == 2 ? llvm::CodeGenOptLevel::Default
                      : llvm::CodeGenOptLevel::Aggressive;
  auto engine = ExecutionEngine::create(*lowered, engineOptions);
  if (!engine) {
    std::string message;
    llvm::raw_string_ostream os(message);
    os << engine.takeError();
    return absl::InternalError("JIT compilation failed: " + message);
  }
  kernel->engine = std::move(*engine);
  times.engineCreate = now() - start;

  // Look every function up now, so that lazy materialization is part of
  // compilation and not of the first call.
  start = now();
  for (auto func : kernel->source->getOps<func::FuncOp>())
    if (!func.isExternal())
      if (absl::StatusOr<const Function *> found =
              kernel->lookup(func.getSymName());
          !found.ok())
        return found.status();
  times.firstLookup = now() - start;
  return kernel;
}

absl::StatusOr<const RawKernel::Function *>
RawKernel::lookup(llvm::StringRef name) {
  for (const auto &[known, function] : functions)
    if (known == name)
      return &function;
  auto func = source->lookupSymbol<func::FuncOp>(name);
  if (!func || func.isExternal())
    return absl::NotFoundError("no function '" + name.str() + "'");
  Function function;
  for (Type type : func.getResultTypes()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return absl::UnimplementedError("non-tensor result");
    function.resultRanks.push_back(tensor.getRank());
    function.resultWidths.push_back(
        std::max<int64_t>(1, tensor.getElementTypeBitWidth() / 8));
  }
  for (Type type : func.getArgumentTypes()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return absl::UnimplementedError("non-tensor argument");
    function.argumentRanks.push_back(tensor.getRank());
  }
  auto packed = engine->lookupPacked(("_mlir_ciface_" + name).str());
  if (!packed) {
    std::string message;
    llvm::raw_string_ostream os(message);
    os << packed.takeError();
    return absl::InternalError(message);
  }
  function.packed = *packed;
  functions.emplace_back(name.str(), std::move(function));
  return &functions.back().second;
}

absl::Status RawKernel::call(llvm::StringRef name, ArrayRef<Buffer> inputs,
                             std::vector<Buffer> &results) {
  absl::StatusOr<const Function *> found = lookup(name);
  if (!found.ok())
    return found.status();
  const Function &function = **found;
  if (inputs.size() != function.argumentRanks.size())
    return absl::InvalidArgumentError("wrong number of inputs");

  // Descriptors {allocated, aligned, offset, sizes, strides} of the inputs,
  // in one array, and one pointer to each (the packed interface passes a
  // pointer to each argument, here a pointer to a descriptor pointer).
  int64_t inputWords = 0;
  for (const Buffer &input : inputs)
    inputWords += 3 + 2 * static_cast<int64_t>(input.shape.size());
  SmallVector<int64_t, 64> words(inputWords, 0);
  SmallVector<void *, 16> descriptors;
  int64_t offset = 0;
  for (const Buffer &input : inputs) {
    int64_t rank = input.shape.size();
    int64_t *descriptor = words.data() + offset;
    descriptor[0] = descriptor[1] = reinterpret_cast<int64_t>(input.data);
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      descriptor[3 + d] = input.shape[d];
      descriptor[3 + rank + d] = stride;
      stride *= input.shape[d];
    }
    descriptors.push_back(descriptor);
    offset += 3 + 2 * rank;
  }

  int64_t resultCount = 0;
  for (int64_t rank : function.resultRanks)
    resultCount += 3 + 2 * rank;
  resultWords.assign(resultCount, 0);
  void *resultPointer = resultWords.data();
  SmallVector<void *, 16> args;
  if (!function.resultRanks.empty())
    args.push_back(&resultPointer);
  for (void *&descriptor : descriptors)
    args.push_back(&descriptor);
  function.packed(args.data());

  results.clear();
  offset = 0;
  for (auto [rank, width] :
       llvm::zip_equal(function.resultRanks, function.resultWidths)) {
    const int64_t *descriptor = resultWords.data() + offset;
    Buffer result;
    result.data =
        reinterpret_cast<uint8_t *>(descriptor[1]) + descriptor[2] * width;
    result.shape.assign(descriptor + 3, descriptor + 3 + rank);
    allocations.push_back(reinterpret_cast<void *>(descriptor[0]));
    results.push_back(std::move(result));
    offset += 3 + 2 * rank;
  }
  return absl::OkStatus();
}

void RawKernel::freeResults(std::vector<Buffer> &results) {
  // Results may share one allocation; free each once.
  llvm::DenseSet<void *> freed;
  for (void *allocated : allocations)
    if (allocated && freed.insert(allocated).second)
      std::free(allocated);
  allocations.clear();
  results.clear();
}

} // namespace nn::bench
