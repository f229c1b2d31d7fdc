//===- Compile.cpp - Compiled modules and calls of the embedding API ------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The compiled code is nn::rt::JitModule's; this layer adds the compile
// cache, signatures and the checks of a call against the signature. Both
// layers speak nn::Tensor, so a call copies nothing.
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Compile.h"

#include "Impl.h"

#include "nn/IR/DType.h"
#include "nn/IR/Diagnostics.h"
#include "nn/IR/NNDialect.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Support/Sizes.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <functional>

using namespace mlir;

namespace nn {

namespace detail {

namespace {

/// The spec of a function argument or result, or why calls do not support
/// its type. The compiled calling convention passes ranked tensors as memref
/// descriptors and index arguments by value (as rank-0 i64 inputs); nothing
/// else.
absl::StatusOr<TensorSpec> getSpec(Type type, bool isArgument) {
  if (isArgument && type.isIndex())
    return TensorSpec(DType::I64, {});
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType)
    return absl::UnimplementedError("type " + formatType(type));
  std::optional<DType> element = getDType(tensorType.getElementType());
  if (!element)
    return absl::UnimplementedError("element type " +
                                    formatType(tensorType.getElementType()));
  std::vector<int64_t> shape;
  for (int64_t dim : tensorType.getShape())
    shape.push_back(ShapedType::isDynamic(dim) ? kDynamic : dim);
  return TensorSpec(*element, std::move(shape));
}

FunctionInfo getFunctionInfo(func::FuncOp func) {
  FunctionInfo info;
  info.name = func.getSymName().str();
  info.isPublic = func.isPublic();
  auto addSpecs = [&](TypeRange types, bool isArgument,
                      std::vector<TensorSpec> &specs) {
    for (auto [i, type] : llvm::enumerate(types)) {
      absl::StatusOr<TensorSpec> spec = getSpec(type, isArgument);
      if (spec.ok()) {
        specs.push_back(*std::move(spec));
      } else if (info.supported.ok()) {
        info.supported = absl::UnimplementedError(
            (isArgument ? "input " : "output ") + std::to_string(i) +
            " of function '" + info.name + "' has " +
            std::string(spec.status().message()) +
            ", which compiled calls do not support (they take ranked "
            "tensors of f16, bf16, f32, f64, i1, i32 or i64, and index "
            "inputs)");
      }
    }
  };
  addSpecs(func.getArgumentTypes(), /*isArgument=*/true, info.inputs);
  for (unsigned arg = 0; arg < func.getNumArguments(); ++arg) {
    auto tied =
        func.getArgAttrOfType<IntegerAttr>(arg, NNDialect::kTiedResultAttrName);
    info.tiedOutputs.push_back(tied ? tied.getInt() : -1);
  }
  addSpecs(func.getResultTypes(), /*isArgument=*/false, info.outputs);
  return info;
}

/// A shape as given, negative sizes included (formatTensorType would print
/// -1 as `?`).
std::string formatGivenType(const std::vector<int64_t> &shape, DType dtype) {
  std::string text;
  for (int64_t dim : shape)
    text += std::to_string(dim) + "x";
  return text + std::string(getDTypeName(dtype));
}

/// Checks input `index` against its spec.
absl::Status checkInput(const FunctionInfo &info, size_t index,
                        const TensorView &input) {
  const TensorSpec &spec = info.inputs[index];
  std::string prefix =
      "input " + std::to_string(index) + " of function '" + info.name + "'";
  std::string given = formatGivenType(input.getShape(), input.getDType());
  for (auto [d, size] : llvm::enumerate(input.getShape()))
    if (size < 0)
      return absl::InvalidArgumentError(prefix +
                                        " has a negative size in "
                                        "dimension " +
                                        std::to_string(d) + " (" + given + ")");
  if (input.getDType() != spec.getDType())
    return absl::InvalidArgumentError(
        prefix + " has dtype " + std::string(getDTypeName(input.getDType())) +
        " (" + given + ") but the function takes " +
        std::string(getDTypeName(spec.getDType())) + " (" +
        spec.getTypeString() + ")");
  if (input.getRank() != spec.getRank())
    return absl::InvalidArgumentError(
        prefix + " has rank " + std::to_string(input.getRank()) + " (" + given +
        ") but the function takes rank " + std::to_string(spec.getRank()) +
        " (" + spec.getTypeString() + ")");
  for (int64_t d = 0; d < spec.getRank(); ++d) {
    int64_t expected = spec.getShape()[d];
    int64_t size = input.getShape()[d];
    if (expected != kDynamic && expected != size)
      return absl::InvalidArgumentError(
          prefix + " has size " + std::to_string(size) + " in dimension " +
          std::to_string(d) + " (" + given + ") but the function takes " +
          std::to_string(expected) + " (" + spec.getTypeString() + ")");
  }
  // A view's shape is the caller's word: its size must not wrap.
  std::optional<int64_t> bytes =
      getByteSize(input.getShape(), getDTypeSize(input.getDType()));
  if (!bytes)
    return absl::InvalidArgumentError(prefix + " (" + given +
                                      ") needs over 2^63 bytes");
  if (*bytes > 0 && !input.getData())
    return absl::InvalidArgumentError(prefix + " (" + given +
                                      ") has a null data pointer");
  return absl::OkStatus();
}

} // namespace

absl::StatusOr<std::vector<Tensor>>
CompiledModule::call(const FunctionInfo &info,
                     llvm::ArrayRef<TensorView> inputs,
                     llvm::ArrayRef<size_t> donated) const {
  // rt::JitModule::call checks every shape rule first and is safe to call
  // from several threads: its diagnostics stay on the calling thread and
  // the JIT's initializers ran at compile time.
  return executable->call(info.name, inputs, donated);
}

} // namespace detail

//===----------------------------------------------------------------------===//
// Executable
//===----------------------------------------------------------------------===//

absl::StatusOr<Executable> Executable::compile(const Module &module,
                                               const CompileOptions &options) {
  if (absl::Status status = rt::checkCompileOptions(options); !status.ok())
    return status;
  detail::ContextImpl &context = *module.impl->context;
  detail::ContextCore &core = *context.core;

  // The key: the options and the module with its locations, which the
  // messages of compile errors and calls quote.
  std::string text =
      "nn-compile optLevel=" + std::to_string(options.optLevel) +
      " numThreads=" + std::to_string(options.numThreads) +
      " maxTensorBytes=" + std::to_string(options.maxTensorBytes) +
      " gpu=" + std::to_string(rt::isGPUDevice(options)) + "\n";
  {
    std::lock_guard<std::mutex> lock(core.mutex);
    llvm::raw_string_ostream os(text);
    module.impl->module->print(
        os, OpPrintingFlags().enableDebugInfo(/*enable=*/true,
                                              /*prettyForm=*/false));
  }
  llvm::XXH128_hash_t hash = llvm::xxh3_128bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(text.data()), text.size()));
  std::pair<uint64_t, uint64_t> key(hash.high64, hash.low64);
  {
    std::lock_guard<std::mutex> lock(context.cacheMutex);
    auto it = context.cache.find(key);
    if (it != context.cache.end())
      return Executable(it->second);
  }

  auto compiled = std::make_shared<detail::CompiledModule>();
  compiled->core = context.core;
  compiled->options = options;
  {
    std::lock_guard<std::mutex> lock(core.mutex);
    OwningOpRef<ModuleOp> checked(module.impl->module->clone());
    DiagnosticCapture diagnostics(&core.context);
    PassManager pm(&core.context);
    pm.addPass(nn::createNNAutodiff());
    if (failed(pm.run(*checked)))
      return absl::InvalidArgumentError(diagnostics.formatWithLocations());
    for (auto func : checked->getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      detail::FunctionInfo info = detail::getFunctionInfo(func);
      if (info.isPublic)
        compiled->publicNames.push_back(info.name);
      compiled->functions.emplace(info.name, std::move(info));
    }
  }

  // The compiled code gets a private context (see Impl.h), so it is
  // compiled from the text: IR cannot move between contexts. Compiling
  // takes no lock, so modules compile in parallel.
  compiled->runContext = std::make_unique<MLIRContext>(
      core.registry, MLIRContext::Threading::DISABLED);
  compiled->runContext->setThreadPool(core.threadPool);
  {
    DiagnosticCapture diagnostics(compiled->runContext.get());
    OwningOpRef<ModuleOp> copy =
        parseSourceString<ModuleOp>(llvm::StringRef(text).split('\n').second,
                                    ParserConfig(compiled->runContext.get()));
    if (!copy)
      return absl::InternalError("the printed module does not parse:\n" +
                                 diagnostics.formatWithLocations());
    rt::JitOptions rtOptions;
    static_cast<CompileOptions &>(rtOptions) = options;
    absl::StatusOr<std::unique_ptr<rt::JitModule>> executable =
        rt::JitModule::compile(*copy, rtOptions);
    if (!executable.ok())
      return executable.status();
    compiled->executable = *std::move(executable);
  }

  // Another thread may have compiled the same module meanwhile: all then
  // share the first one cached.
  std::shared_ptr<const detail::CompiledModule> result;
  {
    std::lock_guard<std::mutex> lock(context.cacheMutex);
    result = context.cache.try_emplace(key, compiled).first->second;
  }
  return Executable(std::move(result));
}

absl::StatusOr<Function> Executable::lookup(std::string_view name) const {
  auto it = compiled->functions.find(name);
  if (it == compiled->functions.end()) {
    std::string names;
    for (const std::string &candidate : compiled->publicNames)
      names += (names.empty() ? "" : ", ") + candidate;
    return absl::NotFoundError(
        "no function '" + std::string(name) + "' in the module" +
        (names.empty() ? " (it has no public functions)"
                       : " (public functions: " + names + ")"));
  }
  if (!it->second.supported.ok())
    return it->second.supported;
  return Function(compiled, &it->second);
}

std::vector<std::string> Executable::getFunctionNames() const {
  return compiled->publicNames;
}

const CompileOptions &Executable::getOptions() const {
  return compiled->options;
}

bool Executable::isFromDiskCache() const {
  return compiled->executable->isFromCache();
}

//===----------------------------------------------------------------------===//
// Function
//===----------------------------------------------------------------------===//

const std::string &Function::getName() const { return info->name; }
size_t Function::getNumInputs() const { return info->inputs.size(); }
size_t Function::getNumOutputs() const { return info->outputs.size(); }
const TensorSpec &Function::getInput(size_t i) const { return info->inputs[i]; }
const TensorSpec &Function::getOutput(size_t i) const {
  return info->outputs[i];
}
const std::vector<TensorSpec> &Function::getInputs() const {
  return info->inputs;
}
const std::vector<TensorSpec> &Function::getOutputs() const {
  return info->outputs;
}

int64_t Function::getTiedOutput(size_t i) const {
  return i < info->tiedOutputs.size() ? info->tiedOutputs[i] : -1;
}

namespace detail {
static std::string formatSignature(const FunctionInfo &info);
} // namespace detail

std::string Function::getSignatureString() const {
  return detail::formatSignature(*info);
}

namespace detail {

/// `(?x784xf32, 784x10xf32) -> (?x10xf32)`.
static std::string formatSignature(const FunctionInfo &info) {
  auto join = [](const std::vector<TensorSpec> &specs) {
    std::string text;
    for (const TensorSpec &spec : specs)
      text += (text.empty() ? "" : ", ") + spec.getTypeString();
    return "(" + text + ")";
  };
  return join(info.inputs) + " -> " + join(info.outputs);
}

/// Checks `inputs` and runs the function; its results own the memory the
/// compiled code wrote them to. Outputs written into donated inputs are
/// tensors over that memory, owning nothing; the caller replaces them.
static absl::StatusOr<std::vector<Tensor>>
callChecked(const CompiledModule &compiled, const FunctionInfo &info,
            const std::vector<TensorView> &inputs,
            llvm::ArrayRef<size_t> donated) {
  if (inputs.size() != info.inputs.size())
    return absl::InvalidArgumentError(
        "function '" + info.name + "' takes " +
        std::to_string(info.inputs.size()) + " inputs (" +
        formatSignature(info) + "), got " + std::to_string(inputs.size()));
  // The compiled code reads the caller's memory in place.
  for (auto [i, input] : llvm::enumerate(inputs))
    if (absl::Status status = checkInput(info, i, input); !status.ok())
      return status;
  return compiled.call(info, inputs, donated);
}

} // namespace detail

absl::StatusOr<std::vector<Tensor>>
Function::call(const std::vector<TensorView> &inputs) const {
  return detail::callChecked(*compiled, *info, inputs, /*donated=*/{});
}

absl::StatusOr<std::vector<Tensor>>
Function::callDonating(std::vector<Tensor> &inputs,
                       const std::vector<size_t> &donated) const {
  std::vector<TensorView> views;
  views.reserve(inputs.size());
  for (const Tensor &input : inputs)
    views.push_back(input.view());
  std::vector<std::pair<size_t, Tensor *>> tensors;
  for (size_t index : donated)
    tensors.push_back(
        {index, index < inputs.size() ? &inputs[index] : nullptr});
  return callDonating(views, tensors);
}

absl::StatusOr<std::vector<Tensor>> Function::callDonating(
    const std::vector<TensorView> &inputs,
    const std::vector<std::pair<size_t, Tensor *>> &donated) const {
  std::vector<bool> seen(inputs.size(), false);
  std::vector<size_t> indices;
  for (auto [index, tensor] : donated) {
    if (index >= inputs.size() || !tensor)
      return absl::InvalidArgumentError(
          "donated input " + std::to_string(index) + " of function '" +
          info->name + "' does not exist (" + std::to_string(inputs.size()) +
          " inputs given)");
    if (seen[index])
      return absl::InvalidArgumentError("input " + std::to_string(index) +
                                        " of function '" + info->name +
                                        "' is donated twice");
    if (inputs[index].getData() != tensor->getBytes())
      return absl::InvalidArgumentError(
          "donated input " + std::to_string(index) + " of function '" +
          info->name + "' is not a view of the donated tensor");
    seen[index] = true;
    indices.push_back(index);
  }
  absl::StatusOr<std::vector<Tensor>> outputs =
      detail::callChecked(*compiled, *info, inputs, indices);
  if (!outputs.ok())
    return outputs;
  // The outputs written into donated inputs are the donated tensors (the
  // runtime checked that each has a tied output).
  for (auto [index, tensor] : donated)
    (*outputs)[info->tiedOutputs[index]] = std::move(*tensor);
  return outputs;
}

absl::StatusOr<std::vector<Tensor>>
Function::call(const std::vector<Tensor> &inputs) const {
  std::vector<TensorView> views;
  views.reserve(inputs.size());
  for (const Tensor &input : inputs)
    views.push_back(input.view());
  return call(views);
}

} // namespace nn
