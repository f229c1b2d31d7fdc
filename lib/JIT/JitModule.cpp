//===- JitModule.cpp - JIT-compiled nn modules ---------------------------===//
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
// Results are buffers the callee allocated with nn::rt::allocate (bound to
// finalize-memref-to-llvm's generic allocation functions) and the caller
// owns: the buffer deallocation pipeline clones anything it does not own.
// Arguments are marked non-writable for bufferization, so the compiled code
// reads the caller's memory in place and never writes to it. Calls go
// through `_mlir__mlir_ciface_<name>(void **args)`, a packed entry point
// added to the LLVM module, which loads each argument through its pointer.
//
// The module is compiled to an object file, which a JIT of the JitModule's
// own links (RuntimeDyld, with the runtime's symbols): the same way whether
// the object was just compiled or comes from the persistent compile cache
// (CompileCache.h), which is keyed on the nn-level module after autodiff, so
// that a hit skips nn-cpu-pipeline, LLVM's optimizer and code generation.
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/JitModule.h"

#include "CallingConvention.h"

#include "nn/JIT/Allocator.h"
#include "nn/JIT/CompileCache.h"
#include "nn/JIT/Lowering.h"

#include "nn/AOT/GPURuntime.h"
#include "nn/Codegen/CPU/Passes.h"
#include "nn/Codegen/GPU/Passes.h"
#include "nn/IR/Diagnostics.h"
#include "nn/IR/NNDialect.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ExecutionEngine/JITEventListener.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

using namespace mlir;

namespace nn::rt {

namespace {

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

} // namespace

void initializeJIT() {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // The JIT's event listeners are function-local statics, destroyed at
    // exit in reverse order of construction: made here, with the first
    // Context, they outlive the exit handler that joins a thread still
    // linking (the eager tier's compile thread; a listener made later, by
    // that thread, was destroyed under it).
    llvm::JITEventListener::createGDBRegistrationListener();
    llvm::JITEventListener::createPerfJITEventListener();
    llvm::JITEventListener::createIntelJITEventListener();
    return true;
  }();
  (void)initialized;
}

/// Checked shapes per function: the key is the input shapes (and the
/// values of rank-0 inputs, which index arguments carry), the value the
/// result shapes. Bounded: cleared when full.
struct JitModule::ShapeCache {
  std::mutex mutex;
  llvm::StringMap<std::shared_ptr<const std::vector<ref::Tensor>>> verdicts;
  static constexpr size_t kCapacity = 1024;
};

JitModule::JitModule() : shapeCache(std::make_unique<ShapeCache>()) {}
JitModule::~JitModule() {
  if (kernelsLoaded)
    gpuUnload();
}

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
  registerOpenMPDialectTranslation(registry);
  context->appendDialectRegistry(registry);
}

/// Every function with a body is callable, private ones included (nn-run
/// can name them), through its C interface.
/// Arguments are the caller's memory: never written (bufferization copies
/// an argument it would otherwise update in place).
static void exposeFunctions(ModuleOp module) {
  MLIRContext *context = module.getContext();
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    func->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
    for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
      if (isa<TensorType>(type))
        func.setArgAttr(i, "bufferization.writable",
                        BoolAttr::get(context, false));
  }
}

/// libomp, which parallel loops call into.
static const std::string &getOpenMPLibrary() {
  static const std::string path =
      std::string(NN_MLIR_LIBRARY_DIR) + "/libomp.so";
  return path;
}

/// The threads the code is compiled for: sequential code where the OpenMP
/// runtime is not installed (libomp-22-dev), rather than code that cannot
/// be linked.
static unsigned getEffectiveThreads(const JitOptions &options) {
  if (options.numThreads != 1 && !llvm::sys::fs::exists(getOpenMPLibrary()))
    return 1;
  return options.numThreads;
}

absl::Status checkNumThreads(unsigned numThreads) {
  constexpr unsigned kThreadsPerCore = 4;
  unsigned limit =
      std::max(1u, std::thread::hardware_concurrency()) * kThreadsPerCore;
  if (numThreads <= limit)
    return absl::OkStatus();
  return absl::InvalidArgumentError(
      "the number of threads must be at most " + std::to_string(limit) + " (" +
      std::to_string(kThreadsPerCore) + " per core of this machine), got " +
      std::to_string(numThreads));
}

absl::Status checkCompileOptions(const CompileOptions &options) {
  if (options.optLevel < 0 || options.optLevel > 3)
    return absl::InvalidArgumentError(
        "CompileOptions::optLevel must be 0, 1, 2 or 3, got " +
        std::to_string(options.optLevel));
  if (options.numThreads < 0)
    return absl::InvalidArgumentError(
        "CompileOptions::numThreads must be 0 (every core) or more, got " +
        std::to_string(options.numThreads));
  if (absl::Status status =
          checkNumThreads(static_cast<unsigned>(options.numThreads));
      !status.ok())
    return absl::InvalidArgumentError("CompileOptions::numThreads: " +
                                      std::string(status.message()));
  if (options.device != "cpu" && !isGPUDevice(options))
    return absl::InvalidArgumentError(
        "CompileOptions::device must be 'cpu', 'cuda' or 'gpu', got '" +
        options.device + "'");
  return absl::OkStatus();
}

bool isGPUDevice(const CompileOptions &options) {
  return options.device == "cuda" || options.device == "gpu";
}

/// Runs the phases of nn-cpu-pipeline on `module` up to and including
/// `last`, dumping each as asked. `module` is modified in place.
/// Whether the host CPU has the LLVM feature `name` ("avx512f").
static bool hostHasFeature(llvm::StringRef name) {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  auto it = features.find(name);
  return it != features.end() && it->second;
}

static absl::Status runPhases(ModuleOp module, CPUPhase last,
                              const JitOptions &options) {
  if (absl::Status status = checkNumThreads(options.numThreads); !status.ok())
    return status;
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
  pipelineOptions.numThreads = getEffectiveThreads(options);
  pipelineOptions.runtimeAllocator = true;
  pipelineOptions.selectRegisterTile(
      options.avx512.value_or(hostHasFeature("avx512f")));
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    auto phase = static_cast<CPUPhase>(i);
    DiagnosticCapture diagnostics(context);
    PassManager pm(context);
    double buildStart = now();
    if (failed(buildCPUPhase(pm, phase, pipelineOptions)))
      return absl::InternalError("cannot build phase '" +
                                 getCPUPhaseName(phase).str() + "'");
    double runStart = now();
    if (options.times)
      options.times->pipelineBuild += runStart - buildStart;
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
                                        diagnostics.formatWithLocations());
    if (options.times)
      options.times->pipeline += now() - runStart;
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

absl::StatusOr<std::string> JitModule::compileTo(ModuleOp module,
                                                 llvm::StringRef phaseName,
                                                 const JitOptions &options) {
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

/// LLVM's default pipeline at `optLevel` without its loop unroller and SLP
/// vectorizer. Contractions and packing copies are vectors from MLIR
/// already; unrolling them again (and SLP on top) made the MLP training
/// step's compile 2.2x slower (2.4 s vs 1.1 s) and its code no faster
/// (3.4-4.0 ms vs 3.35 ms, measured). The loop vectorizer stays: it is what
/// vectorizes elementwise loops and copies (4.8 ms without it).
llvm::Error optimizeModule(llvm::Module &module, unsigned optLevel,
                           llvm::TargetMachine *machine) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = true;
  tuning.LoopInterleaving = true;
  tuning.SLPVectorization = false;
  tuning.LoopUnrolling = false;
  llvm::PassBuilder builder(machine, tuning);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  static const llvm::OptimizationLevel levels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1,
      llvm::OptimizationLevel::O2, llvm::OptimizationLevel::O3};
  llvm::ModulePassManager passes =
      optLevel == 0 ? builder.buildO0DefaultPipeline(levels[0])
                    : builder.buildPerModuleDefaultPipeline(levels[optLevel]);
  passes.run(module, modules);
  return llvm::Error::success();
}

absl::Status prepareModule(ModuleOp source, const JitOptions &options) {
  // Only the functions asked for, and what they call.
  if (!options.functions.empty()) {
    for (const std::string &name : options.functions) {
      auto func = source.lookupSymbol<func::FuncOp>(name);
      if (!func || func.isExternal())
        return absl::NotFoundError("no function '" + name +
                                   "' with a body in the module");
    }
    // Private entry points (nn-run may name one) become public, so that
    // symbol-dce keeps them; every other function is private.
    for (auto func : source.getOps<func::FuncOp>()) {
      if (llvm::is_contained(options.functions, func.getSymName()))
        func.setPublic();
      else
        func.setPrivate();
    }
  }
  // Shape checks run on the nn level, after autodiff.
  double start = now();
  {
    DiagnosticCapture diagnostics(source.getContext());
    PassManager pm(source.getContext());
    pm.addPass(nn::createNNAutodiff());
    if (!options.functions.empty())
      pm.addPass(createSymbolDCEPass());
    if (failed(pm.run(source)))
      return absl::InvalidArgumentError(diagnostics.formatWithLocations());
  }
  if (options.times)
    options.times->autodiff += now() - start;
  // A constant too large for memory would be embedded in the LLVM module
  // (minutes of compiling, or an abort past 2^63 bytes): it is rejected
  // here with the interpreter's message, as --device=ref does.
  return ref::checkStaticTensorSizes(source, options.maxTensorBytes);
}

namespace {
/// Where the object of one compile is kept on disk.
struct CacheSlot {
  CompileCache *cache;
  CacheKey key;
  uint64_t maxBytes;
};
} // namespace

/// The compile cache entry of `source` compiled with `options`, or nullopt
/// when the cache is off or does not apply.
static std::optional<CacheSlot> getCacheSlot(ModuleOp source,
                                             const JitOptions &options) {
  // A hit runs no pass: a dump would not be written, and a plugin's code
  // is not part of the key.
  if (!options.useDiskCache || !options.dumpPhasesTo.empty() ||
      !options.passPlugins.empty())
    return std::nullopt;
  std::optional<std::string> dir = options.diskCacheDir.empty()
                                       ? getDefaultCacheDir()
                                       : std::optional(options.diskCacheDir);
  if (!dir)
    return std::nullopt;
  // The compiler is nn's code, MLIR's and LLVM's, wherever each is linked.
  static const void *const compiler[] = {
      reinterpret_cast<const void *>(&getCacheSlot),
      reinterpret_cast<const void *>(&translateModuleToLLVMIR),
      reinterpret_cast<const void *>(&llvm::sys::getHostCPUName)};
  std::string text = getCompilerFingerprint(compiler);
  llvm::raw_string_ostream os(text);
  os << "opt-level " << options.optLevel << "\nthreads "
     << getEffectiveThreads(options) << "\nextra-passes " << options.extraPasses
     << "\ngpu " << isGPUDevice(options) << "\ngpu-chip " << options.gpuChip
     << "\navx512 "
     << (options.avx512 ? std::to_string(*options.avx512) : "host") << "\n";
  // With locations: the code does not quote them today, but nothing
  // promises it never will.
  source.print(os, OpPrintingFlags().enableDebugInfo(/*enable=*/true,
                                                     /*prettyForm=*/false));
  return CacheSlot{&CompileCache::get(*dir), CacheKey::hash(text),
                   options.cacheMaxBytes ? options.cacheMaxBytes
                                         : getDefaultCacheMaxBytes()};
}

/// The host's target machine, also for the optimizer: without it LLVM's
/// cost models know no vector registers and the loop vectorizer does
/// nothing (scalar copies and elementwise loops, measured).
absl::StatusOr<OwningOpRef<ModuleOp>>
lowerToLLVMDialect(ModuleOp module, const JitOptions &options) {
  registerLoweringDialects(module.getContext());
  OwningOpRef<ModuleOp> lowered = module.clone();
  exposeFunctions(*lowered);
  if (absl::Status status = runPhases(*lowered, CPUPhase::LLVM, options);
      !status.ok())
    return status;
  return lowered;
}

absl::StatusOr<OwningOpRef<ModuleOp>>
lowerToLLVMDialectForGPU(ModuleOp module, const JitOptions &options,
                         llvm::StringRef chip) {
  MLIRContext *context = module.getContext();
  registerLoweringDialects(context);
  DialectRegistry registry;
  registerGPUDialectExtensions(registry);
  context->appendDialectRegistry(registry);
  OwningOpRef<ModuleOp> lowered = module.clone();
  exposeFunctions(*lowered);
  GPUPipelineOptions pipelineOptions;
  pipelineOptions.chip = chip.str();
  pipelineOptions.optLevel = options.optLevel;
  pipelineOptions.runtimeAllocator = true;
  std::string errors;
  llvm::raw_string_ostream os(errors);
  PassManager pm(context);
  if (failed(buildGPUPipeline(pm, pipelineOptions, os)))
    return absl::InvalidArgumentError(errors);
  DiagnosticCapture diagnostics(context);
  if ((options.configure && failed(options.configure(pm))) ||
      failed(pm.run(*lowered)))
    return absl::InvalidArgumentError("compilation for the GPU failed:\n" +
                                      diagnostics.formatWithLocations());
  return lowered;
}

absl::StatusOr<llvm::orc::JITTargetMachineBuilder> describeHost() {
  initializeJIT();
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> builder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return absl::InternalError("cannot describe the host CPU: " +
                               llvm::toString(builder.takeError()));
  return *std::move(builder);
}

static absl::StatusOr<std::unique_ptr<llvm::TargetMachine>>
createHostMachine(unsigned optLevel) {
  absl::StatusOr<llvm::orc::JITTargetMachineBuilder> builder = describeHost();
  if (!builder.ok())
    return builder.status();
  builder->setCodeGenOptLevel(optLevel == 0   ? llvm::CodeGenOptLevel::None
                              : optLevel == 1 ? llvm::CodeGenOptLevel::Less
                              : optLevel == 2
                                  ? llvm::CodeGenOptLevel::Default
                                  : llvm::CodeGenOptLevel::Aggressive);
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      builder->createTargetMachine();
  if (!machine)
    return absl::InternalError("cannot target the host CPU: " +
                               llvm::toString(machine.takeError()));
  return std::move(*machine);
}

/// Adds the packed entry point `_mlir_<name>(void **args)` of every C
/// interface function `_mlir_ciface_<name>`: it loads each argument through
/// the pointer in `args` and calls the function, so that functions of any
/// signature are called through one C++ type (a result returned by value
/// is stored through the pointer after the arguments').
void addPackedEntryPoints(llvm::Module &module) {
  llvm::LLVMContext &context = module.getContext();
  llvm::IRBuilder<> builder(context);
  SmallVector<llvm::Function *> interfaces;
  for (llvm::Function &func : module)
    if (!func.isDeclaration() && func.getName().starts_with("_mlir_ciface_"))
      interfaces.push_back(&func);
  auto *type = llvm::FunctionType::get(builder.getVoidTy(), builder.getPtrTy(),
                                       /*isVarArg=*/false);
  for (llvm::Function *func : interfaces) {
    auto *packed =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                               "_mlir_" + func->getName(), module);
    builder.SetInsertPoint(llvm::BasicBlock::Create(context, "", packed));
    llvm::Value *argList = packed->getArg(0);
    auto pointerAt = [&](unsigned index) {
      llvm::Value *slot =
          builder.CreateConstGEP1_64(builder.getPtrTy(), argList, index);
      return builder.CreateLoad(builder.getPtrTy(), slot);
    };
    SmallVector<llvm::Value *> args;
    for (llvm::Argument &arg : func->args())
      args.push_back(
          builder.CreateLoad(arg.getType(), pointerAt(arg.getArgNo())));
    llvm::Value *result = builder.CreateCall(func, args);
    if (!result->getType()->isVoidTy())
      builder.CreateStore(result, pointerAt(func->arg_size()));
    builder.CreateRetVoid();
  }
}

/// Lowers `source` through nn-cpu-pipeline and LLVM to an object file for
/// the host CPU.
static absl::StatusOr<std::unique_ptr<llvm::MemoryBuffer>>
generateObject(ModuleOp source, const JitOptions &options) {
  bool gpu = isGPUDevice(options);
  absl::StatusOr<OwningOpRef<ModuleOp>> lowered =
      gpu ? lowerToLLVMDialectForGPU(source, options, options.gpuChip)
          : lowerToLLVMDialect(source, options);
  if (!lowered.ok())
    return lowered.status();
  absl::StatusOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createHostMachine(options.optLevel);
  if (!machine.ok())
    return machine.status();

  double start = now();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule;
  {
    DiagnosticCapture diagnostics(source.getContext());
    llvmModule = translateModuleToLLVMIR(**lowered, llvmContext);
    if (!llvmModule)
      return absl::InternalError("cannot translate to LLVM IR:\n" +
                                 diagnostics.formatWithLocations());
  }
  llvmModule->setDataLayout((*machine)->createDataLayout());
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  addPackedEntryPoints(*llvmModule);
  if (gpu) {
    hoistLaunchAllocas(*llvmModule);
    exportGPUInitializers(*llvmModule);
  }
  double optStart = now();
  if (llvm::Error error = optimizeModule(
          *llvmModule, std::min<unsigned>(options.optLevel, 3), machine->get()))
    return absl::InternalError("LLVM optimization failed: " +
                               llvm::toString(std::move(error)));
  double codegenStart = now();
  llvm::orc::SimpleCompiler compiler(**machine);
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> object =
      compiler(*llvmModule);
  if (!object)
    return absl::InternalError("code generation failed: " +
                               llvm::toString(object.takeError()));
  if (options.times) {
    options.times->translate += optStart - start;
    options.times->llvmOpt += codegenStart - optStart;
    options.times->codegen += now() - codegenStart;
  }
  return std::move(*object);
}

/// Loads the shared libraries the code may call into the process, for the
/// JIT's symbol lookups. Strided copies (slices, concatenation) call
/// memrefCopy from MLIR's C runner utilities, and bf16 rounding calls
/// __truncsfbf2, which Debian 12's libgcc lacks, from MLIR's float16
/// utilities; parallel loops are OpenMP's. A library that does not load
/// shows as a missing symbol when the code needs it.
static void loadRuntimeLibraries(unsigned numThreads) {
  static const std::string runnerUtils =
      std::string(NN_MLIR_LIBRARY_DIR) + "/libmlir_c_runner_utils.so";
  static const std::string float16Utils =
      std::string(NN_MLIR_LIBRARY_DIR) + "/libmlir_float16_utils.so";
  SmallVector<const std::string *> libraries = {&runnerUtils, &float16Utils};
  if (numThreads != 1)
    libraries.push_back(&getOpenMPLibrary());
  for (const std::string *library : libraries)
    (void)llvm::sys::DynamicLibrary::getPermanentLibrary(library->c_str());
}

/// A JIT that links objects with RuntimeDyld, as mlir::ExecutionEngine
/// did, announcing the code to gdb and perf (benchmarks/README.md).
static llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>> createJIT() {
  return llvm::orc::LLJITBuilder()
      .setObjectLinkingLayerCreator(
          [](llvm::orc::ExecutionSession &session)
              -> llvm::Expected<std::unique_ptr<llvm::orc::ObjectLayer>> {
            auto layer = std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
                session, [](const llvm::MemoryBuffer &) {
                  return std::make_unique<llvm::SectionMemoryManager>();
                });
            layer->registerJITEventListener(
                *llvm::JITEventListener::createGDBRegistrationListener());
            if (auto *perf =
                    llvm::JITEventListener::createPerfJITEventListener())
              layer->registerJITEventListener(*perf);
            else if (auto *intel =
                         llvm::JITEventListener::createIntelJITEventListener())
              layer->registerJITEventListener(*intel);
            return layer;
          })
      // The objects have no initializers (checkObjectFile), so no platform
      // needs to run them.
      .setPlatformSetUp(llvm::orc::setUpInactivePlatform)
      .create();
}

absl::Status JitModule::link(std::unique_ptr<llvm::MemoryBuffer> object,
                             const JitOptions &options) {
  if (absl::Status status = checkObjectFile(object->getBuffer()); !status.ok())
    return absl::InternalError(status.message());
  loadRuntimeLibraries(getEffectiveThreads(options));
  llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>> created = createJIT();
  if (!created)
    return absl::InternalError("cannot create the JIT: " +
                               llvm::toString(created.takeError()));
  llvm::orc::LLJIT &engine = **created;
  // Errors of linking (a missing symbol) go to the lookup's message, not
  // to stderr.
  auto linkErrors = std::make_shared<std::string>();
  engine.getExecutionSession().setErrorReporter(
      [linkErrors](llvm::Error error) {
        *linkErrors += "\n" + llvm::toString(std::move(error));
      });
  llvm::orc::JITDylib &main = engine.getMainJITDylib();
  main.addGenerator(
      cantFail(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
          engine.getDataLayout().getGlobalPrefix())));
  // Heap memory of the compiled code (finalize-memref-to-llvm's generic
  // allocation functions) comes from the caching allocator.
  llvm::orc::MangleAndInterner interner(engine.getExecutionSession(),
                                        engine.getDataLayout());
  llvm::orc::SymbolMap symbols;
  auto bind = [&](llvm::StringRef name, void *address) {
    symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                               llvm::JITSymbolFlags::Exported};
  };
  bind("_mlir_memref_to_llvm_alloc",
       reinterpret_cast<void *>(+[](size_t size) { return allocate(size); }));
  bind("_mlir_memref_to_llvm_aligned_alloc",
       reinterpret_cast<void *>(+[](size_t alignment, size_t size) {
         return allocate(size, alignment);
       }));
  bind("_mlir_memref_to_llvm_free", reinterpret_cast<void *>(&deallocate));
  // GPU code calls nn::aot_gpu_runtime, linked into this library.
  if (isGPUDevice(options))
    for (const nn_gpu_symbol *symbol = nn_gpu_symbols(); symbol->name; ++symbol)
      bind(symbol->name, symbol->address);
  if (llvm::Error error =
          main.define(llvm::orc::absoluteSymbols(std::move(symbols))))
    return absl::InternalError(llvm::toString(std::move(error)));
  if (llvm::Error error = engine.addObjectFile(std::move(object)))
    return absl::InternalError("cannot add the object to the JIT: " +
                               llvm::toString(std::move(error)));
  // The first lookup links the object; the entry points are looked up once
  // here, since a lookup by name on each call costs microseconds.
  for (auto func : source->getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    llvm::Expected<llvm::orc::ExecutorAddr> entry =
        engine.lookup(("_mlir__mlir_ciface_" + func.getSymName()).str());
    if (!entry)
      return absl::InternalError(
          "no compiled entry point for '" + func.getSymName().str() +
          "': " + llvm::toString(entry.takeError()) + *linkErrors);
    entryPoints[func.getSymName()] = entry->toPtr<void (*)(void **)>();
  }
  if (isGPUDevice(options)) {
    for (auto [name, function] : {std::pair(kGPULoadFunction, &gpuLoad),
                                  std::pair(kGPUUnloadFunction, &gpuUnload)}) {
      llvm::Expected<llvm::orc::ExecutorAddr> address = engine.lookup(name);
      if (!address)
        return absl::InternalError(std::string("no GPU kernel loader: ") +
                                   llvm::toString(address.takeError()) +
                                   *linkErrors);
      *function = address->toPtr<void (*)()>();
    }
  }
  jit = std::move(*created);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<JitModule>>
JitModule::compile(ModuleOp module, const JitOptions &options) {
  initializeJIT();
  std::unique_ptr<JitModule> executable(new JitModule());
  // The nn-level module of the functions asked for, after autodiff: the
  // signatures and shape rules that calls are checked against, and what
  // the compile cache keys on.
  executable->source = module.clone();
  if (absl::Status status = prepareModule(*executable->source, options);
      !status.ok())
    return status;
  executable->maxTensorBytes = options.maxTensorBytes;

  double start = now();
  std::optional<CacheSlot> slot = getCacheSlot(*executable->source, options);
  std::unique_ptr<llvm::MemoryBuffer> cached =
      slot ? slot->cache->load(slot->key) : nullptr;
  if (options.times)
    options.times->cache += now() - start;
  if (cached) {
    start = now();
    absl::Status status = executable->link(std::move(cached), options);
    if (options.times)
      options.times->codegen += now() - start;
    if (status.ok()) {
      executable->fromCache = true;
      if (absl::Status loaded = executable->loadKernels(); !loaded.ok())
        return loaded;
      return executable;
    }
    slot->cache->warn("cannot link entry " + slot->key.toHex() + " (" +
                      std::string(status.message()) + "); compiling again");
    executable->entryPoints.clear();
    executable->gpuLoad = executable->gpuUnload = nullptr;
    executable->jit.reset();
  }

  absl::StatusOr<std::unique_ptr<llvm::MemoryBuffer>> object =
      generateObject(*executable->source, options);
  if (!object.ok())
    return object.status();
  // Linked from a copy, so that only code that linked is stored.
  start = now();
  absl::Status status = executable->link(
      llvm::MemoryBuffer::getMemBufferCopy((*object)->getBuffer()), options);
  if (options.times)
    options.times->codegen += now() - start;
  if (!status.ok())
    return status;
  if (slot) {
    start = now();
    slot->cache->store(slot->key, (*object)->getBuffer(), slot->maxBytes);
    if (options.times)
      options.times->cache += now() - start;
  }
  if (absl::Status loaded = executable->loadKernels(); !loaded.ok())
    return loaded;
  return executable;
}

absl::Status JitModule::loadKernels() {
  if (!gpuLoad)
    return absl::OkStatus();
  // Compile errors came first; the driver is needed only from here.
  if (nn_gpu_init() != 0)
    return absl::FailedPreconditionError(nn_gpu_last_error());
  gpuLoad();
  kernelsLoaded = true;
  return takeDriverError();
}

absl::Status JitModule::takeDriverError() const {
  const char *error = gpuLoad ? nn_gpu_last_error() : nullptr;
  if (!error)
    return absl::OkStatus();
  absl::Status status = absl::InternalError(error);
  nn_gpu_clear_error();
  return status;
}

absl::StatusOr<std::shared_ptr<const std::vector<ref::Tensor>>>
JitModule::checkShapes(Operation *op, ArrayRef<TensorView> inputs) const {
  auto func = cast<func::FuncOp>(op);
  // The key: name, then per input its type, shape and rank-0 value.
  std::string key = func.getSymName().str();
  key.push_back('\0');
  for (const TensorView &input : inputs) {
    key.push_back(static_cast<char>(input.getDType()));
    int64_t rank = input.getRank();
    key.append(reinterpret_cast<const char *>(&rank), sizeof(rank));
    key.append(reinterpret_cast<const char *>(input.getShape().data()),
               rank * sizeof(int64_t));
    if (rank == 0 && input.getData())
      key.append(static_cast<const char *>(input.getData()),
                 getDTypeSize(input.getDType()));
  }
  {
    std::lock_guard<std::mutex> lock(shapeCache->mutex);
    auto it = shapeCache->verdicts.find(key);
    if (it != shapeCache->verdicts.end())
      return it->second;
  }

  // Every shape rule on the concrete shapes, before any compiled code runs.
  std::vector<ref::Tensor> shapes;
  for (const TensorView &input : inputs) {
    if (input.getRank() != 0) {
      shapes.push_back(
          ref::Tensor::shapeOnly(input.getDType(), input.getShape()));
      continue;
    }
    absl::StatusOr<ref::Tensor> scalar = ref::Tensor::fromBytes(
        input.getDType(), {}, input.getData(),
        input.getData() ? getDTypeSize(input.getDType()) : 0);
    if (!scalar.ok())
      return scalar.status();
    shapes.push_back(*std::move(scalar));
  }
  ref::RunOptions check;
  check.shapesOnly = true;
  check.rejectDynamicBroadcast = true;
  check.maxTensorBytes = maxTensorBytes;
  absl::StatusOr<std::vector<ref::Tensor>> results = ref::runFunction(
      func->getParentOfType<ModuleOp>(), func.getSymName(), shapes, check);
  if (!results.ok())
    return results.status();
  auto verdict =
      std::make_shared<const std::vector<ref::Tensor>>(*std::move(results));
  std::lock_guard<std::mutex> lock(shapeCache->mutex);
  if (shapeCache->verdicts.size() >= ShapeCache::kCapacity)
    shapeCache->verdicts.clear();
  shapeCache->verdicts[key] = verdict;
  return verdict;
}

absl::StatusOr<std::vector<Tensor>>
JitModule::call(llvm::StringRef name, ArrayRef<TensorView> inputs,
                ArrayRef<size_t> donated) const {
  auto func = source.get().lookupSymbol<func::FuncOp>(name);
  if (!func || func.isExternal())
    return absl::NotFoundError("no function '" + name.str() +
                               "' with a body in the module");
  if (absl::Status status = checkCallable(func, inputs); !status.ok())
    return status;
  absl::StatusOr<std::shared_ptr<const std::vector<ref::Tensor>>> resultTypes =
      checkShapes(func, inputs);
  if (!resultTypes.ok())
    return resultTypes.status();
  TiedResults tied;
  if (absl::Status status =
          prepareTiedResults(func, inputs, donated, **resultTypes, tied);
      !status.ok())
    return status;
  PackedArguments packed(func.getArgumentTypes(), inputs, tied, **resultTypes);
  auto entry = entryPoints.find(name);
  if (entry == entryPoints.end())
    return absl::InternalError("function '" + name.str() +
                               "' has no compiled entry point");
  entry->second(packed.data());
  absl::StatusOr<std::vector<Tensor>> results =
      takeResults(**resultTypes, packed, tied);
  // The runtime records a driver error instead of failing (the results
  // then hold no computed values); the process's first error fails the
  // call that sees it.
  if (absl::Status status = takeDriverError(); !status.ok())
    return status;
  return results;
}

absl::StatusOr<std::vector<ref::Tensor>>
JitModule::call(llvm::StringRef name, ArrayRef<ref::Tensor> inputs) const {
  std::vector<TensorView> views;
  views.reserve(inputs.size());
  for (const ref::Tensor &input : inputs)
    views.push_back(input.view());
  absl::StatusOr<std::vector<Tensor>> tensors = call(name, views);
  if (!tensors.ok())
    return tensors.status();
  std::vector<ref::Tensor> results;
  results.reserve(tensors->size());
  for (Tensor &tensor : *tensors)
    results.emplace_back(std::move(tensor));
  return results;
}

} // namespace nn::rt
