//===- Executable.cpp - JIT-compiled nn modules ---------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Calling convention: every public function gets `llvm.emit_c_interface`,
// so `_mlir_ciface_<name>` takes a pointer to its results (one memref
// descriptor, or a struct of them) followed by one descriptor pointer per
// tensor argument (index arguments by value). A descriptor of rank R is
// {allocated, aligned, offset, sizes[R], strides[R]}, all 8-byte words.
// Results are buffers the callee allocated with malloc and the caller owns
// (the buffer deallocation pipeline clones anything it does not own).
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Executable.h"

#include "nn/Conversion/Passes.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>
#include <thread>

using namespace mlir;

namespace nn::rt {

namespace {

/// Collects error diagnostics as text, with their locations.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *context)
      : owner(std::this_thread::get_id()),
        handler(context, [this](Diagnostic &diag) {
          // Only this thread's diagnostics: compiles may run concurrently.
          if (std::this_thread::get_id() != owner)
            return failure();
          if (diag.getSeverity() != DiagnosticSeverity::Error)
            return success();
          llvm::raw_string_ostream os(text);
          if (!text.empty())
            os << "\n";
          os << diag.getLocation() << ": " << diag.str();
          return success();
        }) {}
  std::string text;

private:
  std::thread::id owner;
  ScopedDiagnosticHandler handler;
};

/// A memref descriptor in memory: {allocated, aligned, offset, sizes,
/// strides}, as 8-byte words.
struct Descriptor {
  explicit Descriptor(int64_t rank) : words(3 + 2 * rank, 0) {}
  std::vector<int64_t> words;
  int64_t rank() const { return (words.size() - 3) / 2; }
  void *allocated() const { return reinterpret_cast<void *>(words[0]); }
  void *aligned() const { return reinterpret_cast<void *>(words[1]); }
};

void initializeLLVMTargets() {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
}

} // namespace

Executable::~Executable() = default;

/// Appends the LLVM-translation and upstream registrations the lowering
/// needs to `context`.
static void registerLoweringDialects(MLIRContext *context) {
  // The lowering goes through most upstream dialects, and bufferization
  // needs their external interface models.
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  context->appendDialectRegistry(registry);
}

/// Every function with a body is callable, private ones included (nn-run
/// can name them), through its C interface.
static void exposeFunctions(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal())
      func->setAttr("llvm.emit_c_interface",
                    UnitAttr::get(module.getContext()));
}

/// Runs the phases of nn-cpu-pipeline on `module` up to and including
/// `last`, dumping each as asked. `module` is modified in place.
static absl::Status runPhases(ModuleOp module, CPUPhase last,
                              const CompileOptions &options) {
  MLIRContext *context = module.getContext();
  for (const std::string &path : options.passPlugins) {
    llvm::Expected<PassPlugin> plugin = PassPlugin::load(path);
    if (!plugin) {
      std::string message;
      llvm::raw_string_ostream os(message);
      os << plugin.takeError();
      return absl::InvalidArgumentError("cannot load pass plugin '" + path +
                                        "': " + message);
    }
    plugin->registerPassRegistryCallbacks();
  }
  CPUPipelineOptions pipelineOptions;
  pipelineOptions.optLevel = options.optLevel;
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    auto phase = static_cast<CPUPhase>(i);
    DiagnosticCollector diagnostics(context);
    PassManager pm(context);
    if (failed(buildCPUPhase(pm, phase, pipelineOptions)))
      return absl::InternalError("cannot build phase '" +
                                 getCPUPhaseName(phase).str() + "'");
    if (phase == CPUPhase::NN && !options.extraPasses.empty()) {
      std::string errors;
      llvm::raw_string_ostream os(errors);
      if (failed(parsePassPipeline(options.extraPasses, pm, os)))
        return absl::InvalidArgumentError("invalid extra passes '" +
                                          options.extraPasses + "': " + errors);
    }
    if ((options.configure && failed(options.configure(pm))) ||
        failed(pm.run(module)))
      return absl::InvalidArgumentError("compilation failed in phase '" +
                                        getCPUPhaseName(phase).str() + "':\n" +
                                        diagnostics.text);
    if (!options.dumpPhasesTo.empty()) {
      std::string path = options.dumpPhasesTo + "/" + std::to_string(i + 1) +
                         "." + getCPUPhaseName(phase).str() + ".mlir";
      std::error_code error;
      llvm::raw_fd_ostream os(path, error);
      if (error)
        return absl::InvalidArgumentError("cannot write '" + path +
                                          "': " + error.message());
      module.print(os);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string>
Executable::compileTo(ModuleOp module, llvm::StringRef phaseName,
                      const CompileOptions &options) {
  std::optional<CPUPhase> phase = parseCPUPhase(phaseName);
  if (!phase)
    return absl::InvalidArgumentError(
        "unknown phase '" + phaseName.str() +
        "' (expected nn, linalg, bufferized or llvm)");
  registerLoweringDialects(module.getContext());
  OwningOpRef<ModuleOp> lowered = module.clone();
  exposeFunctions(*lowered);
  if (absl::Status status = runPhases(*lowered, *phase, options); !status.ok())
    return status;
  std::string text;
  llvm::raw_string_ostream os(text);
  lowered->print(os);
  return text;
}

absl::StatusOr<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, const CompileOptions &options) {
  initializeLLVMTargets();
  MLIRContext *context = module.getContext();
  registerLoweringDialects(context);

  std::unique_ptr<Executable> executable(new Executable());
  executable->source = module.clone();
  // Shape checks run on the nn level, after autodiff.
  {
    DiagnosticCollector diagnostics(context);
    PassManager pm(context);
    pm.addPass(nn::createNNAutodiff());
    if (failed(pm.run(*executable->source)))
      return absl::InvalidArgumentError(diagnostics.text);
  }

  OwningOpRef<ModuleOp> lowered = executable->source->clone();
  exposeFunctions(*lowered);
  if (absl::Status status = runPhases(*lowered, CPUPhase::LLVM, options);
      !status.ok())
    return status;

  ExecutionEngineOptions engineOptions;
  // Strided copies (slices, concatenation) call memrefCopy from MLIR's C
  // runner utilities, and bf16 rounding calls __truncsfbf2, which Debian 12's
  // libgcc lacks, from MLIR's float16 utilities.
  static const std::string runnerUtils =
      std::string(NN_MLIR_LIBRARY_DIR) + "/libmlir_c_runner_utils.so";
  static const std::string float16Utils =
      std::string(NN_MLIR_LIBRARY_DIR) + "/libmlir_float16_utils.so";
  SmallVector<StringRef> sharedLibs = {runnerUtils, float16Utils};
  engineOptions.sharedLibPaths = sharedLibs;
  // The options only refer to the transformer: it must outlive create().
  std::function<llvm::Error(llvm::Module *)> transformer =
      makeOptimizingTransformer(std::min(options.optLevel, 3u),
                                /*sizeLevel=*/0, /*targetMachine=*/nullptr);
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel =
      options.optLevel == 0   ? llvm::CodeGenOptLevel::None
      : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
      : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
                              : llvm::CodeGenOptLevel::Aggressive;
  auto engine = ExecutionEngine::create(*lowered, engineOptions);
  if (!engine) {
    std::string message;
    llvm::raw_string_ostream os(message);
    os << engine.takeError();
    return absl::InternalError("JIT compilation failed: " + message);
  }
  // Run the JIT's initializers now: the first call would otherwise do it
  // without a lock, racing with concurrent first calls.
  (*engine)->initialize();
  for (auto func : executable->source->getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    auto entry =
        (*engine)->lookupPacked(("_mlir_ciface_" + func.getSymName()).str());
    if (!entry) {
      std::string message;
      llvm::raw_string_ostream os(message);
      os << entry.takeError();
      return absl::InternalError("no compiled entry point for '" +
                                 func.getSymName().str() + "': " + message);
    }
    executable->entryPoints[func.getSymName()] = *entry;
  }
  executable->engine = std::move(*engine);
  return executable;
}

absl::StatusOr<std::vector<ref::Tensor>>
Executable::call(llvm::StringRef name, ArrayRef<ref::Tensor> inputs) const {
  ModuleOp module = source.get();
  auto func = module.lookupSymbol<func::FuncOp>(name);
  if (!func || func.isExternal())
    return absl::NotFoundError("no function '" + name.str() +
                               "' with a body in the module");
  for (Type type : func.getResultTypes())
    if (!isa<RankedTensorType>(type))
      return absl::UnimplementedError(
          "function '" + name.str() + "' returns a non-tensor value (" +
          [&] {
            std::string text;
            llvm::raw_string_ostream os(text);
            os << type;
            return text;
          }() +
          "), which compiled calls do not support yet; run it with "
          "--device=ref");

  // Every shape rule on the concrete shapes, before any compiled code runs.
  std::vector<ref::Tensor> shapes;
  for (const ref::Tensor &input : inputs)
    shapes.push_back(
        input.getRank() == 0
            ? input
            : ref::Tensor::shapeOnly(input.getElementType(), input.getShape()));
  ref::RunOptions check;
  check.shapesOnly = true;
  check.rejectDynamicBroadcast = true;
  absl::StatusOr<std::vector<ref::Tensor>> resultShapes =
      ref::runFunction(module, name, shapes, check);
  if (!resultShapes.ok())
    return resultShapes.status();

  // Descriptors of the inputs, over packed copies of their elements.
  std::vector<std::vector<uint8_t>> buffers;
  std::vector<Descriptor> inputDescriptors;
  std::vector<int64_t> scalars(inputs.size());
  std::vector<void *> pointers(inputs.size());
  ArrayRef<Type> argTypes = func.getArgumentTypes();
  buffers.reserve(inputs.size());
  inputDescriptors.reserve(inputs.size());
  for (auto [i, input] : llvm::enumerate(inputs)) {
    if (argTypes[i].isIndex()) {
      scalars[i] = input.getInt(0);
      continue;
    }
    buffers.push_back(input.toBytes());
    Descriptor descriptor(input.getRank());
    int64_t data = reinterpret_cast<int64_t>(buffers.back().data());
    descriptor.words[0] = data;
    descriptor.words[1] = data;
    std::vector<int64_t> strides = input.getStrides();
    for (int64_t d = 0; d < input.getRank(); ++d) {
      descriptor.words[3 + d] = input.getShape()[d];
      descriptor.words[3 + input.getRank() + d] = strides[d];
    }
    inputDescriptors.push_back(std::move(descriptor));
    pointers[i] = inputDescriptors.back().words.data();
  }

  // The results, one descriptor each, laid out as the struct the callee
  // fills in.
  std::vector<int64_t> resultWords;
  std::vector<size_t> resultOffsets;
  for (const ref::Tensor &result : *resultShapes) {
    resultOffsets.push_back(resultWords.size());
    resultWords.resize(resultWords.size() + 3 + 2 * result.getRank(), 0);
  }
  void *resultPointer = resultWords.data();

  std::vector<void *> args;
  if (!resultShapes->empty())
    args.push_back(&resultPointer);
  for (auto [i, type] : llvm::enumerate(argTypes))
    args.push_back(type.isIndex() ? static_cast<void *>(&scalars[i])
                                  : static_cast<void *>(&pointers[i]));
  auto entry = entryPoints.find(name);
  if (entry == entryPoints.end())
    return absl::InternalError("function '" + name.str() +
                               "' has no compiled entry point");
  entry->second(args.data());

  // Copy the results out, then free their buffers (each once: results may
  // share one).
  std::vector<ref::Tensor> results;
  llvm::DenseSet<void *> freed;
  std::vector<void *> toFree;
  for (auto [i, expected] : llvm::enumerate(*resultShapes)) {
    const int64_t *words = resultWords.data() + resultOffsets[i];
    int64_t rank = expected.getRank();
    auto *aligned = reinterpret_cast<const uint8_t *>(words[1]);
    std::vector<int64_t> shape(words + 3, words + 3 + rank);
    int64_t width = ref::byteWidth(expected.getElementType());
    int64_t count = 1;
    for (int64_t dim : shape)
      count *= dim;
    absl::StatusOr<ref::Tensor> tensor =
        ref::Tensor::fromBytes(expected.getElementType(), shape,
                               aligned + words[2] * width, count * width);
    if (!tensor.ok())
      return tensor.status();
    results.push_back(*std::move(tensor));
    void *allocated = reinterpret_cast<void *>(words[0]);
    if (allocated && freed.insert(allocated).second)
      toFree.push_back(allocated);
  }
  for (void *allocated : toFree)
    std::free(allocated);
  return results;
}

} // namespace nn::rt
