//===- Compiler.cpp - Ahead-of-time compilation for the CPU ---------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The compiled functions go exactly the JIT's way (Executable::compile and
// its generateObject): prepareModule, nn-cpu-pipeline to the
// LLVM dialect, translation, the packed interfaces, LLVM's optimizer with
// the host's target machine, code generation by the same target machine.
// Only the relocation model differs (position-independent code, for
// executables and shared libraries alike), which changes how addresses are
// formed, not what is computed: results are bit-identical to the JIT's.
//
// The entry points, signature tables and shape checks are a second LLVM
// module, optimized on its own and linked in afterwards, so that the
// compiled functions' module is the one the JIT optimizes. Everything but
// the entry points is then made internal: objects of several models link
// into one application.
//
//===----------------------------------------------------------------------===//

#include "nn/AOT/Compiler.h"

#include "Internal.h"

#include "nn/JIT/Lowering.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Linker/Linker.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <set>

using namespace mlir;

namespace nn::aot {

/// The functions to compile: the ones asked for, or every public one.
static absl::StatusOr<std::vector<std::string>>
pickFunctions(ModuleOp module, const AotOptions &options) {
  std::vector<std::string> publicNames;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal() && func.isPublic())
      publicNames.push_back(func.getSymName().str());
  std::string list;
  for (const std::string &name : publicNames)
    list += (list.empty() ? "" : ", ") + name;
  if (options.functions.empty()) {
    if (publicNames.empty())
      return absl::InvalidArgumentError(
          "the module has no public function with a body; name the "
          "functions to compile with --function");
    return publicNames;
  }
  std::vector<std::string> names;
  for (const std::string &name : options.functions) {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    if (!func || func.isExternal())
      return absl::NotFoundError(
          "no function '" + name + "' with a body in the module" +
          (list.empty() ? "" : " (public functions: " + list + ")"));
    if (!llvm::is_contained(names, name))
      names.push_back(name);
  }
  return names;
}

/// The target machine of the JIT (see the file comment), or of `cpu`.
static absl::StatusOr<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(llvm::StringRef cpu) {
  absl::StatusOr<llvm::orc::JITTargetMachineBuilder> builder =
      rt::describeHost();
  if (!builder.ok())
    return builder.status();
  if (!cpu.empty() && cpu != "host") {
    std::string error;
    const llvm::Target *target =
        llvm::TargetRegistry::lookupTarget(builder->getTargetTriple(), error);
    std::unique_ptr<llvm::MCSubtargetInfo> info(
        target
            ? target->createMCSubtargetInfo(builder->getTargetTriple(), cpu, "")
            : nullptr);
    if (!info || !info->isCPUStringValid(cpu))
      return absl::InvalidArgumentError("unknown CPU '" + cpu.str() + "' for " +
                                        builder->getTargetTriple().str() +
                                        " (llc-22 -mcpu=help lists them)");
    builder->setCPU(cpu.str());
    builder->getFeatures() = llvm::SubtargetFeatures();
  }
  builder->setRelocationModel(llvm::Reloc::PIC_);
  // The JIT emulates thread-local storage; an object needs no runtime for
  // that (compiled code has no thread-locals anyway).
  builder->getOptions().EmulatedTLS = false;
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      builder->createTargetMachine();
  if (!machine)
    return absl::InternalError("cannot target the CPU: " +
                               llvm::toString(machine.takeError()));
  return std::move(*machine);
}

/// Makes every definition internal but the entry points.
static void internalize(llvm::Module &module,
                        const std::set<std::string> &exports) {
  auto hide = [&](llvm::GlobalValue &value) {
    if (value.isDeclaration() || value.hasLocalLinkage() ||
        value.getName().starts_with("llvm.") ||
        exports.count(value.getName().str()))
      return;
    value.setLinkage(llvm::GlobalValue::InternalLinkage);
  };
  for (llvm::Function &function : module)
    hide(function);
  for (llvm::GlobalVariable &variable : module.globals())
    hide(variable);
}

static absl::StatusOr<std::string> emitObject(llvm::Module &module,
                                              llvm::TargetMachine &machine) {
  llvm::SmallString<0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return absl::InternalError("the target cannot write object files");
  passes.run(module);
  return std::string(buffer.str());
}

static std::string printModule(llvm::Module &module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os, nullptr);
  return text;
}

/// `NN_AOT_MLP_H` for `out/mlp.h`.
static std::string getIncludeGuard(llvm::StringRef headerName) {
  std::string guard = "NN_AOT_";
  for (char c : llvm::sys::path::filename(headerName))
    guard += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  return guard;
}

/// Fails when an entry point of `signature` would have the name of
/// another's (`f_num_inputs` and `f`'s query) or of the runtime's C API.
static absl::Status claimEntryPoints(const FunctionSignature &signature,
                                     std::set<std::string> &claimed) {
  for (const std::string &name : getEntryPointNames(signature)) {
    // The C API of nn/AOT/Runtime.h, and the runtime's internal names.
    static const char *const runtimeNames[] = {
        "nn_last_error",       "nn_tensor_free",     "nn_tensor_num_elements",
        "nn_tensor_write_npy", "nn_tensor_read_npy", "nn_dtype_name",
        "nn_dtype_size"};
    bool isRuntime = llvm::StringRef(name).starts_with("nn_aot_") ||
                     llvm::is_contained(runtimeNames, name);
    if (isRuntime || !claimed.insert(name).second)
      return absl::InvalidArgumentError(
          "function '" + signature.name + "' would define '" + name +
          "', which is " +
          (isRuntime ? "a name of nn's AOT runtime"
                     : "another entry point of this object") +
          "; rename the function");
  }
  return absl::OkStatus();
}

/// The entry points' module: per function, its shape checks (from the
/// nn-level function), its table and its C entry points.
static absl::Status
emitEntryPointModule(ModuleOp source, llvm::ArrayRef<std::string> names,
                     llvm::Module &module,
                     std::vector<FunctionSignature> &signatures) {
  std::set<std::string> claimed;
  for (const std::string &name : names) {
    auto func = source.lookupSymbol<func::FuncOp>(name);
    absl::StatusOr<FunctionSignature> signature = getSignature(func);
    if (!signature.ok())
      return signature.status();
    if (absl::Status status = claimEntryPoints(*signature, claimed);
        !status.ok())
      return status;
    absl::StatusOr<llvm::Function *> check =
        emitShapeChecks(func, module, "__nn_check_" + name);
    if (!check.ok())
      return check.status();
    emitEntryPoints(*signature, *check, module);
    signatures.push_back(*std::move(signature));
  }
  return absl::OkStatus();
}

absl::StatusOr<AotResult> compileAheadOfTime(ModuleOp module,
                                             const AotOptions &options) {
  if (absl::Status status = rt::checkCompileOptions(options); !status.ok())
    return status;
  absl::StatusOr<std::vector<std::string>> names =
      pickFunctions(module, options);
  if (!names.ok())
    return names.status();
  rt::JitOptions jit;
  static_cast<CompileOptions &>(jit) = options;
  jit.configure = options.configure;
  jit.functions = *names;
  OwningOpRef<ModuleOp> source = module.clone();
  if (absl::Status status = rt::prepareModule(*source, jit); !status.ok())
    return status;

  // The entry points first: a function nn-compile cannot call fails
  // before the long part of the compile.
  llvm::LLVMContext context;
  auto entryPoints = std::make_unique<llvm::Module>("nn-aot", context);
  std::vector<FunctionSignature> signatures;
  if (absl::Status status =
          emitEntryPointModule(*source, *names, *entryPoints, signatures);
      !status.ok())
    return status;
  absl::StatusOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(options.cpu);
  if (!machine.ok())
    return machine.status();
  bool gpu = rt::isGPUDevice(options);
  jit.avx512 = (*machine)->getMCSubtargetInfo()->checkFeatures("+avx512f");
  absl::StatusOr<OwningOpRef<ModuleOp>> lowered =
      gpu ? rt::lowerToLLVMDialectForGPU(*source, jit, options.gpuChip)
          : rt::lowerToLLVMDialect(*source, jit);
  if (!lowered.ok())
    return lowered.status();

  std::unique_ptr<llvm::Module> compiled =
      translateModuleToLLVMIR(**lowered, context);
  if (!compiled)
    return absl::InternalError("cannot translate the module to LLVM IR");
  for (llvm::Module *m : {compiled.get(), entryPoints.get()}) {
    m->setDataLayout((*machine)->createDataLayout());
    m->setTargetTriple((*machine)->getTargetTriple());
  }
  rt::addPackedEntryPoints(*compiled);
  if (gpu)
    rt::hoistLaunchAllocas(*compiled);
  if (llvm::Error error = rt::optimizeModule(
          *compiled, static_cast<unsigned>(options.optLevel), machine->get()))
    return absl::InternalError(llvm::toString(std::move(error)));
  if (llvm::Error error = rt::optimizeModule(*entryPoints, 2, machine->get()))
    return absl::InternalError(llvm::toString(std::move(error)));
  if (llvm::Linker::linkModules(*compiled, std::move(entryPoints)))
    return absl::InternalError("cannot link the entry points");

  AotResult result;
  result.needsGPURuntime = gpu;
  for (const FunctionSignature &signature : signatures)
    llvm::append_range(result.entryPoints, getEntryPointNames(signature));
  internalize(*compiled, std::set<std::string>(result.entryPoints.begin(),
                                               result.entryPoints.end()));
  for (llvm::Function &function : *compiled)
    result.needsOpenMP |=
        function.isDeclaration() && function.getName().starts_with("__kmpc_");
  absl::StatusOr<std::string> object = options.emitLLVM
                                           ? printModule(*compiled)
                                           : emitObject(*compiled, **machine);
  if (!object.ok())
    return object.status();
  result.object = *std::move(object);
  result.header = emitHeader(signatures, getIncludeGuard(options.headerName),
                             options.sourceName, result.needsOpenMP,
                             result.needsGPURuntime);
  return result;
}

} // namespace nn::aot
