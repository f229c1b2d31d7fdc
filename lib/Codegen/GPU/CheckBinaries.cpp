//===- CheckBinaries.cpp - PTX that calls undefined functions -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "llvm/ADT/SetVector.h"

namespace nn {
#define GEN_PASS_DEF_NNGPUCHECKBINARIES
#include "nn/Codegen/GPU/Passes.h.inc"
} // namespace nn

using namespace mlir;

namespace {

/// The functions `ptx` declares `.extern .func` (the name after the
/// optional return parameter list).
llvm::SetVector<StringRef> getExternFunctions(StringRef ptx) {
  llvm::SetVector<StringRef> names;
  constexpr StringRef kExtern = ".extern .func";
  for (size_t at = ptx.find(kExtern); at != StringRef::npos;
       at = ptx.find(kExtern, at + kExtern.size())) {
    StringRef rest = ptx.drop_front(at + kExtern.size()).ltrim();
    if (rest.starts_with("(")) // the return value
      rest =
          rest.drop_until([](char c) { return c == ')'; }).drop_front().ltrim();
    StringRef name = rest.take_while(
        [](char c) { return isalnum(c) || c == '_' || c == '$' || c == '.'; });
    if (!name.empty())
      names.insert(name);
  }
  return names;
}

struct NNGPUCheckBinariesPass
    : public nn::impl::NNGPUCheckBinariesBase<NNGPUCheckBinariesPass> {
  void runOnOperation() override {
    getOperation().walk([&](gpu::BinaryOp binary) {
      for (Attribute attr : binary.getObjects()) {
        auto object = dyn_cast<gpu::ObjectAttr>(attr);
        if (!object || object.getFormat() != gpu::CompilationTarget::Assembly)
          continue;
        llvm::SetVector<StringRef> names =
            getExternFunctions(object.getObject().getValue());
        if (names.empty())
          continue;
        std::string list;
        for (StringRef name : names)
          list += (list.empty() ? "" : ", ") + name.str();
        binary.emitError()
            << "kernels of @" << binary.getSymName() << " call " << list
            << ", which the PTX does not define: libdevice was not linked "
               "(no CUDA toolkit with nvvm/libdevice found; set CUDA_HOME or "
               "the pipeline's cuda-path)";
        signalPassFailure();
      }
    });
  }
};

} // namespace
