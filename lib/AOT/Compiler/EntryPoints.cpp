//===- EntryPoints.cpp - The C interface of nn-compile's objects ----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Per function, a constant NNAotFunction (lib/AOT/ABI.h) and thin entry
// points that hand it to the runtime: `nn_<fn>` and the `nn_<fn>_*`
// signature queries. The calls themselves (checks, descriptors, results)
// are generic code in the runtime, so the object holds little besides the
// compiled function and its shape checks.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "nn/IR/DType.h"
#include "nn/IR/Diagnostics.h"
#include "nn/IR/NNDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"

#include "nn/AOT/Runtime.h"

using namespace mlir;

namespace nn::aot {

/// The spec of an argument or result type, or why calls cannot take it.
static absl::StatusOr<ArgSpec> getArgSpec(Type type, bool isArgument) {
  if (isArgument && type.isIndex())
    return ArgSpec{DType::I64, {}, /*isIndex=*/true, /*tied=*/-1};
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return absl::UnimplementedError("type " + formatType(type));
  std::optional<DType> dtype = getDType(tensor.getElementType());
  if (!dtype)
    return absl::UnimplementedError("element type " +
                                    formatType(tensor.getElementType()));
  if (tensor.getRank() > NN_MAX_RANK)
    return absl::UnimplementedError("rank " + std::to_string(tensor.getRank()) +
                                    " (NN_MAX_RANK is " +
                                    std::to_string(NN_MAX_RANK) + ")");
  ArgSpec spec{*dtype, {}, /*isIndex=*/false, /*tied=*/-1};
  for (int64_t size : tensor.getShape())
    spec.dims.push_back(ShapedType::isDynamic(size) ? kDynamic : size);
  return spec;
}

/// Whether `name` can follow `nn_` in a C identifier.
static bool isCIdentifier(llvm::StringRef name) {
  return !name.empty() && !llvm::isDigit(name.front()) &&
         llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

absl::StatusOr<FunctionSignature> getSignature(func::FuncOp func) {
  FunctionSignature signature;
  signature.name = func.getSymName().str();
  std::string prefix =
      formatLocation(func.getLoc()) + ": function '" + signature.name + "'";
  if (!isCIdentifier(signature.name))
    return absl::InvalidArgumentError(
        prefix + " has no C name: its entry point would be nn_" +
        signature.name + " (rename it to letters, digits and '_')");
  auto addSpecs = [&](TypeRange types, bool isArgument,
                      std::vector<ArgSpec> &specs) -> absl::Status {
    for (auto [i, type] : llvm::enumerate(types)) {
      absl::StatusOr<ArgSpec> spec = getArgSpec(type, isArgument);
      if (!spec.ok())
        return absl::UnimplementedError(
            prefix + " has " + (isArgument ? "input " : "output ") +
            std::to_string(i) + " of " + std::string(spec.status().message()) +
            ", which compiled calls do not support (they take ranked "
            "tensors of f16, bf16, f32, f64, i1, i32 or i64 of rank at "
            "most 8, and index inputs)");
      specs.push_back(*std::move(spec));
    }
    return absl::OkStatus();
  };
  if (absl::Status status =
          addSpecs(func.getArgumentTypes(), true, signature.inputs);
      !status.ok())
    return status;
  if (absl::Status status =
          addSpecs(func.getResultTypes(), false, signature.outputs);
      !status.ok())
    return status;
  // The verifier checked that a tied output has its input's type.
  for (unsigned arg = 0; arg < func.getNumArguments(); ++arg)
    if (auto tied = func.getArgAttrOfType<IntegerAttr>(
            arg, NNDialect::kTiedResultAttrName)) {
      signature.inputs[arg].tied = tied.getInt();
      signature.outputs[tied.getInt()].tied = arg;
    }
  auto format = [](const std::vector<ArgSpec> &specs) {
    std::string text;
    for (const ArgSpec &spec : specs)
      text +=
          (text.empty() ? "" : ", ") + formatTensorType(spec.dims, spec.dtype);
    return "(" + text + ")";
  };
  signature.text =
      format(signature.inputs) + " -> " + format(signature.outputs);
  return signature;
}

namespace {

/// Builds the constants of one function's table.
class TableBuilder {
public:
  explicit TableBuilder(llvm::Module &module)
      : module(module), context(module.getContext()), b(context) {}

  llvm::Constant *string(llvm::StringRef text) {
    return b.CreateGlobalString(text, ".nn.string", 0, &module);
  }

  llvm::Constant *global(llvm::Constant *value) {
    return new llvm::GlobalVariable(module, value->getType(),
                                    /*isConstant=*/true,
                                    llvm::GlobalValue::PrivateLinkage, value,
                                    ".nn.table");
  }

  /// A constant array of specs: {i32 dtype, i32 rank, i32 isIndex, i32 tied,
  /// ptr dims}.
  llvm::Constant *specs(const std::vector<ArgSpec> &specs) {
    auto *i32 = b.getInt32Ty();
    auto *specType =
        llvm::StructType::get(context, {i32, i32, i32, i32, b.getPtrTy()});
    std::vector<llvm::Constant *> elements;
    for (const ArgSpec &spec : specs) {
      llvm::Constant *dims = llvm::ConstantPointerNull::get(b.getPtrTy());
      if (!spec.dims.empty())
        dims = global(llvm::ConstantDataArray::get(
            context, llvm::ArrayRef<uint64_t>(
                         reinterpret_cast<const uint64_t *>(spec.dims.data()),
                         spec.dims.size())));
      elements.push_back(llvm::ConstantStruct::get(
          specType, {b.getInt32(static_cast<int32_t>(spec.dtype)),
                     b.getInt32(spec.dims.size()), b.getInt32(spec.isIndex),
                     b.getInt32(spec.tied), dims}));
    }
    if (elements.empty())
      return llvm::ConstantPointerNull::get(b.getPtrTy());
    return global(llvm::ConstantArray::get(
        llvm::ArrayType::get(specType, elements.size()), elements));
  }

  llvm::Module &module;
  llvm::LLVMContext &context;
  llvm::IRBuilder<> b;
};

/// Defines `name`, an exported function that returns `callee(leading...,
/// its own arguments...)`.
void defineForwarder(llvm::Module &module, llvm::StringRef name,
                     llvm::FunctionType *type, llvm::StringRef callee,
                     llvm::ArrayRef<llvm::Value *> leading) {
  llvm::SmallVector<llvm::Type *> calleeParams;
  for (llvm::Value *value : leading)
    calleeParams.push_back(value->getType());
  llvm::append_range(calleeParams, type->params());
  llvm::FunctionCallee target = module.getOrInsertFunction(
      callee, llvm::FunctionType::get(type->getReturnType(), calleeParams,
                                      /*isVarArg=*/false));
  auto *function = llvm::Function::Create(
      type, llvm::GlobalValue::ExternalLinkage, name, module);
  llvm::IRBuilder<> b(
      llvm::BasicBlock::Create(module.getContext(), "", function));
  llvm::SmallVector<llvm::Value *> args(leading.begin(), leading.end());
  for (llvm::Argument &arg : function->args())
    args.push_back(&arg);
  llvm::CallInst *call = b.CreateCall(target, args);
  call->setTailCall();
  b.CreateRet(call);
}

} // namespace

std::vector<std::string>
getEntryPointNames(const FunctionSignature &signature) {
  std::string base = "nn_" + signature.name;
  std::vector<std::string> names = {base, base + "_num_inputs",
                                    base + "_num_outputs", base + "_signature"};
  for (const char *side : {"_input", "_output"})
    for (const char *query : {"_rank", "_dtype", "_dim"})
      names.push_back(base + side + query);
  return names;
}

void emitEntryPoints(const FunctionSignature &signature, llvm::Function *check,
                     llvm::Module &module) {
  TableBuilder tables(module);
  llvm::IRBuilder<> &b = tables.b;
  llvm::Type *ptr = b.getPtrTy(), *i64 = b.getInt64Ty(), *i32 = b.getInt32Ty();
  // The packed interface of the function's C interface, defined by the
  // compiled module this one is linked with.
  llvm::FunctionCallee entry = module.getOrInsertFunction(
      "_mlir__mlir_ciface_" + signature.name,
      llvm::FunctionType::get(b.getVoidTy(), {ptr}, /*isVarArg=*/false));
  auto *tableType = llvm::StructType::get(
      tables.context, {ptr, ptr, i64, i64, ptr, ptr, ptr, ptr});
  llvm::Constant *table = tables.global(llvm::ConstantStruct::get(
      tableType,
      {tables.string(signature.name), tables.string(signature.text),
       b.getInt64(signature.inputs.size()),
       b.getInt64(signature.outputs.size()), tables.specs(signature.inputs),
       tables.specs(signature.outputs), check,
       llvm::cast<llvm::Constant>(entry.getCallee())}));

  std::string base = "nn_" + signature.name;
  auto type = [&](llvm::Type *result, llvm::ArrayRef<llvm::Type *> params) {
    return llvm::FunctionType::get(result, params, /*isVarArg=*/false);
  };
  defineForwarder(module, base, type(i32, {ptr, i64, ptr, i64}), "nn_aot_call",
                  {table});
  defineForwarder(module, base + "_num_inputs", type(i64, {}),
                  "nn_aot_num_inputs", {table});
  defineForwarder(module, base + "_num_outputs", type(i64, {}),
                  "nn_aot_num_outputs", {table});
  defineForwarder(module, base + "_signature", type(ptr, {}),
                  "nn_aot_signature", {table});
  for (int isOutput = 0; isOutput < 2; ++isOutput) {
    std::string side = base + (isOutput ? "_output" : "_input");
    llvm::Value *flag = b.getInt32(isOutput);
    defineForwarder(module, side + "_rank", type(i32, {i64}), "nn_aot_rank",
                    {table, flag});
    defineForwarder(module, side + "_dtype", type(i32, {i64}), "nn_aot_dtype",
                    {table, flag});
    defineForwarder(module, side + "_dim", type(i64, {i64, i64}), "nn_aot_dim",
                    {table, flag});
  }
}

} // namespace nn::aot
