//===- Passes.td - Graph passes of nn ------------------------*- tablegen -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRANSFORMS_PASSES_TD
#define NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNAutodiff : Pass<"nn-autodiff", "::mlir::ModuleOp"> {
  let summary = "Reverse-mode automatic differentiation";
  let description = [{
    Replaces every `nn.grad` and `nn.value_and_grad` by a call of a generated
    function that computes the callee's first result and, in reverse mode,
    the gradients with respect to the `wrt` arguments. Each op states its
    vector-Jacobian product through `DifferentiableOpInterface`; gradients
    that fan in are summed; a `func.call` on the differentiated path gets a
    generated VJP function of its callee (recursion is an error). Only the
    values between the `wrt` arguments and the loss are differentiated.
    Generated functions are private and reused for equal requests; run
    `canonicalize` and `cse` afterwards to remove what the gradients do not
    need.

    ```mlir
    %g = nn.grad @loss(%w, %x) {wrt = array<i64: 0>} : (...) -> tensor<3xf32>
    // becomes
    %g = call @loss__grad_w0(%w, %x) : (...) -> tensor<3xf32>
    ```
  }];
  let dependentDialects = ["::nn::NNDialect", "::mlir::func::FuncDialect"];
}

def NNFuse : Pass<"nn-fuse", "::mlir::func::FuncOp"> {
  let summary = "Groups producer-consumer chains into nn.fusion ops";
  let description = [{
    Forms `nn.fusion` regions, each of which lowers to one loop nest:
    chains of elementwise ops (`elementwise`), a matmul or convolution with
    the elementwise ops that consume it (`epilogue`), and a reduction with
    its elementwise producers and consumers (`reduction`, e.g. softmax).
    The policy is in docs/Fusion.md: an op with several consumers is fused
    into them only when it is cheap to recompute (elementwise), never when
    it is a contraction or a reduction; nothing crosses a `func.call`; the
    pass is idempotent, and fusing never changes results.
  }];
  let dependentDialects = ["::nn::NNDialect"];
}

#endif // NN_TRANSFORMS_PASSES_TD
