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
// Results are buffers the callee allocated with nn::rt::allocate (bound to
// finalize-memref-to-llvm's generic allocation functions) and the caller
// owns: the buffer deallocation pipeline clones anything it does not own.
// Arguments are marked non-writable for bufferization, so the compiled code
// reads the caller's memory in place and never writes to it. Calls go
// through `_mlir__mlir_ciface_<name>(void **args)`, a packed entry point
// added to the LLVM module, which loads each argument through its pointer.
//
// The module is compiled to an object file, which a JIT of the Executable's
// own links (RuntimeDyld, with the runtime's symbols): the same way whether
// the object was just compiled or comes from the persistent compile cache
// (CompileCache.h), which is keyed on the nn-level module after autodiff, so
// that a hit skips nn-cpu-pipeline, LLVM's optimizer and code generation.
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Executable.h"

#include "nn/Runtime/Allocator.h"
#include "nn/Runtime/Lowering.h"
#include "nn/Runtime/CompileCache.h"
#include "nn/Support/TensorAccess.h"

#include "nn/Conversion/Passes.h"
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
#include "llvm/ADT/SmallPtrSet.h"
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
#include <cstring>
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

void initializeLLVMTargets() {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
}

} // namespace

/// Checked shapes per function: the key is the input shapes (and the
/// values of rank-0 inputs, which index arguments carry), the value the
/// result shapes. Bounded: cleared when full.
struct Executable::ShapeCache {
  std::mutex mutex;
  llvm::StringMap<std::shared_ptr<const std::vector<ref::Tensor>>> verdicts;
  static constexpr size_t kCapacity = 1024;
};

Executable::Executable() : shapeCache(std::make_unique<ShapeCache>()) {}
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
static unsigned getEffectiveThreads(const CompileOptions &options) {
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

/// Runs the phases of nn-cpu-pipeline on `module` up to and including
/// `last`, dumping each as asked. `module` is modified in place.
static absl::Status runPhases(ModuleOp module, CPUPhase last,
                              const CompileOptions &options) {
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

absl::Status prepareModule(ModuleOp source, const CompileOptions &options) {
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
                                             const CompileOptions &options) {
  // A hit runs no pass: a dump would not be written, and a plugin's code
  // is not part of the key.
  if (!options.useCache || !options.dumpPhasesTo.empty() ||
      !options.passPlugins.empty())
    return std::nullopt;
  std::optional<std::string> dir = options.cacheDir.empty()
                                       ? getDefaultCacheDir()
                                       : std::optional(options.cacheDir);
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
     << "\n";
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
lowerToLLVMDialect(ModuleOp module, const CompileOptions &options) {
  registerLoweringDialects(module.getContext());
  OwningOpRef<ModuleOp> lowered = module.clone();
  exposeFunctions(*lowered);
  if (absl::Status status = runPhases(*lowered, CPUPhase::LLVM, options);
      !status.ok())
    return status;
  return lowered;
}

absl::StatusOr<llvm::orc::JITTargetMachineBuilder> describeHost() {
  initializeLLVMTargets();
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
generateObject(ModuleOp source, const CompileOptions &options) {
  absl::StatusOr<OwningOpRef<ModuleOp>> lowered =
      lowerToLLVMDialect(source, options);
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
  double optStart = now();
  if (llvm::Error error = optimizeModule(
          *llvmModule, std::min(options.optLevel, 3u), machine->get()))
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

absl::Status Executable::link(std::unique_ptr<llvm::MemoryBuffer> object,
                              const CompileOptions &options) {
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
  jit = std::move(*created);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, const CompileOptions &options) {
  initializeLLVMTargets();
  std::unique_ptr<Executable> executable(new Executable());
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
      return executable;
    }
    slot->cache->warn("cannot link entry " + slot->key.toHex() + " (" +
                      std::string(status.message()) + "); compiling again");
    executable->entryPoints.clear();
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
  return executable;
}

absl::StatusOr<std::shared_ptr<const std::vector<ref::Tensor>>>
Executable::checkShapes(Operation *op, ArrayRef<TensorView> inputs) const {
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

/// The results of a call as tensors, from the descriptors the callee filled
/// in: each owns its allocation, and a result that shares one with an
/// earlier result (the same value returned twice) gets a copy. Results tied
/// to an input are the caller's memory where it donated the input (owning
/// nothing), else the copies made for them.
static absl::StatusOr<std::vector<Tensor>> takeResults(
    llvm::ArrayRef<ref::Tensor> resultTypes,
    llvm::ArrayRef<int64_t> resultWords, llvm::ArrayRef<size_t> resultOffsets,
    llvm::ArrayRef<int64_t> tiedArgument, llvm::ArrayRef<bool> isDonated,
    llvm::ArrayRef<void *> tiedBuffers, std::vector<Tensor> &tiedCopies) {
  std::vector<Tensor> results;
  results.reserve(resultOffsets.size());
  llvm::SmallPtrSet<void *, 4> owned;
  auto copies = tiedCopies.begin();
  for (auto [i, expected] : llvm::enumerate(resultTypes)) {
    DType dtype = expected.getElementType();
    size_t width = getDTypeSize(dtype);
    if (int64_t arg = tiedArgument[i]; arg >= 0) {
      if (isDonated[arg])
        results.push_back(detail::TensorAccess::adopt(
            dtype, expected.getShape(), tiedBuffers[arg],
            expected.getNumElements() * width, nullptr, nullptr));
      else
        results.push_back(std::move(*copies++));
      continue;
    }
    const int64_t *descriptor = resultWords.data() + resultOffsets[i];
    int64_t rank = expected.getRank();
    std::vector<int64_t> shape(descriptor + 3, descriptor + 3 + rank);
    int64_t count = 1;
    for (int64_t size : shape)
      count *= size;
    size_t bytes = count * width;
    auto *allocated = reinterpret_cast<void *>(descriptor[0]);
    auto *data =
        reinterpret_cast<uint8_t *>(descriptor[1]) + descriptor[2] * width;
    if (allocated && !owned.insert(allocated).second) {
      void *copy = allocate(std::max<size_t>(bytes, 1));
      if (!copy)
        return absl::ResourceExhaustedError("out of memory for a result");
      std::memcpy(copy, data, bytes);
      allocated = copy;
      data = static_cast<uint8_t *>(copy);
    }
    results.push_back(detail::TensorAccess::adopt(
        dtype, std::move(shape), data, bytes, allocated, &deallocate));
  }
  return results;
}

absl::StatusOr<std::vector<Tensor>>
Executable::call(llvm::StringRef name, ArrayRef<TensorView> inputs,
                 ArrayRef<size_t> donated) const {
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
  for (const TensorView &input : inputs) {
    if (input.getNumElements() > 0 && !input.getData())
      return absl::InvalidArgumentError("an input of function '" + name.str() +
                                        "' has a null data pointer");
  }
  absl::StatusOr<std::shared_ptr<const std::vector<ref::Tensor>>> resultTypes =
      checkShapes(func, inputs);
  if (!resultTypes.ok())
    return resultTypes.status();

  // Results tied to an argument (nn.tied_result) are written into its
  // buffer: the caller's memory where it donated the input, else a copy of
  // the input that the result then owns.
  SmallVector<int64_t, 4> tiedArgument((*resultTypes)->size(), -1);
  for (unsigned arg = 0; arg < func.getNumArguments(); ++arg)
    if (auto tied = func.getArgAttrOfType<IntegerAttr>(
            arg, NNDialect::kTiedResultAttrName))
      tiedArgument[tied.getInt()] = arg;
  SmallVector<bool, 8> isDonated(inputs.size(), false);
  for (size_t input : donated) {
    if (input >= inputs.size())
      return absl::InvalidArgumentError(
          "donated input " + std::to_string(input) + " of function '" +
          name.str() + "' does not exist (it takes " +
          std::to_string(inputs.size()) + " inputs)");
    if (!llvm::is_contained(tiedArgument, static_cast<int64_t>(input)))
      return absl::InvalidArgumentError(
          "input " + std::to_string(input) + " of function '" + name.str() +
          "' is donated but no output is tied to it (nn.tied_result)");
    isDonated[input] = true;
  }
  SmallVector<void *, 4> tiedBuffers(inputs.size(), nullptr);
  std::vector<Tensor> tiedCopies;
  for (auto [result, arg] : llvm::enumerate(tiedArgument)) {
    if (arg < 0)
      continue;
    const ref::Tensor &expected = (**resultTypes)[result];
    const TensorView &input = inputs[arg];
    // Same static type by the verifier; dynamic sizes must agree too, or
    // the result would not fit the buffer.
    if (expected.getShape() != input.getShape()) {
      auto format = [](llvm::ArrayRef<int64_t> shape) {
        std::string text;
        for (int64_t size : shape)
          text += (text.empty() ? "" : "x") + std::to_string(size);
        return text.empty() ? std::string("a scalar") : text;
      };
      return absl::InvalidArgumentError(
          "output " + std::to_string(result) + " of function '" + name.str() +
          "' is written into input " + std::to_string(arg) + " (" +
          format(input.getShape()) + ") but has shape " +
          format(expected.getShape()));
    }
    if (isDonated[arg]) {
      tiedBuffers[arg] = const_cast<void *>(input.getData());
      continue;
    }
    size_t bytes = expected.getNumElements() * getDTypeSize(input.getDType());
    void *copy = allocate(std::max<size_t>(bytes, 1));
    if (!copy)
      return absl::ResourceExhaustedError("out of memory for a result");
    if (bytes)
      std::memcpy(copy, input.getData(), bytes);
    tiedBuffers[arg] = copy;
    tiedCopies.push_back(detail::TensorAccess::adopt(
        input.getDType(), input.getShape(), copy, bytes, copy, &deallocate));
  }

  // One descriptor per tensor argument, over the caller's memory (the code
  // does not write to it, except where the caller donated it); index
  // arguments by value.
  ArrayRef<Type> argTypes = func.getArgumentTypes();
  size_t numWords = 0;
  for (const TensorView &input : inputs)
    numWords += 3 + 2 * input.getRank();
  SmallVector<int64_t, 64> words(numWords, 0);
  SmallVector<int64_t, 8> scalars(inputs.size(), 0);
  SmallVector<void *, 8> pointers(inputs.size(), nullptr);
  size_t next = 0;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    if (argTypes[i].isIndex()) {
      scalars[i] = *static_cast<const int64_t *>(input.getData());
      continue;
    }
    int64_t *descriptor = words.data() + next;
    int64_t rank = input.getRank();
    next += 3 + 2 * rank;
    auto data = reinterpret_cast<int64_t>(tiedBuffers[i] ? tiedBuffers[i]
                                                         : input.getData());
    descriptor[0] = data;
    descriptor[1] = data;
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      descriptor[3 + d] = input.getShape()[d];
      descriptor[3 + rank + d] = stride;
      stride *= input.getShape()[d];
    }
    pointers[i] = descriptor;
  }

  // The results, one descriptor each, laid out as the struct the callee
  // fills in.
  SmallVector<int64_t, 32> resultWords;
  SmallVector<size_t, 4> resultOffsets;
  for (auto [i, result] : llvm::enumerate(**resultTypes)) {
    resultOffsets.push_back(resultWords.size());
    if (tiedArgument[i] < 0) // Tied results are not returned.
      resultWords.resize(resultWords.size() + 3 + 2 * result.getRank(), 0);
  }
  void *resultPointer = resultWords.data();

  SmallVector<void *, 8> args;
  if (!resultWords.empty())
    args.push_back(&resultPointer);
  for (auto [i, type] : llvm::enumerate(argTypes))
    args.push_back(type.isIndex() ? static_cast<void *>(&scalars[i])
                                  : static_cast<void *>(&pointers[i]));
  auto entry = entryPoints.find(name);
  if (entry == entryPoints.end())
    return absl::InternalError("function '" + name.str() +
                               "' has no compiled entry point");
  entry->second(args.data());

  return takeResults(**resultTypes, resultWords, resultOffsets, tiedArgument,
                     isDonated, tiedBuffers, tiedCopies);
}

absl::StatusOr<std::vector<ref::Tensor>>
Executable::call(llvm::StringRef name, ArrayRef<ref::Tensor> inputs) const {
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
