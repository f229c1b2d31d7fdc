//===- NNBase.td - nn dialect definition and type constraints -*- tablegen -*-//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_NNBASE_TD
#define NN_IR_NNBASE_TD

include "mlir/IR/OpBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::nn";
  let summary = "Tensor-level operations of neural networks";
  let description = [{
    The `nn` dialect is the graph IR of the nn compiler: the tracer records
    into it, the graph passes (folding, fusion, autodiff) transform it, and
    `convert-nn-to-linalg` lowers it. Values are builtin ranked tensors whose
    dimensions may be dynamic (`?`); element types are `f32`, `f64`, `f16`,
    `bf16` for floating-point math, `i1` for masks and `i32`/`i64` for
    indices and labels. Functions are `func.func`.

    Binary elementwise ops and `nn.select` broadcast numpy-style: shapes
    align on the right, a dimension of size 1 stretches, and missing leading
    dimensions count as 1. Verifiers check every rule that static shapes
    allow; the rest is checked at run time.

    A function argument may carry `nn.tied_result = N`: the argument's
    buffer holds result `N` when the function returns (an updated
    parameter written in place). The argument and the result have the same
    type; each result is tied to at most one argument. Compiled calls then
    write the result into that input's memory when the caller donates it,
    and into a copy of it otherwise.
  }];
  let hasConstantMaterializer = 1;
  let hasRegionArgAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The name of the argument attribute that ties an argument to a result.
    static constexpr ::llvm::StringLiteral kTiedResultAttrName =
        "nn.tied_result";
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def NN_Float : AnyTypeOf<[F16, BF16, F32, F64], "floating-point">;
def NN_Int : AnyTypeOf<[I32, I64], "32- or 64-bit signless integer">;
def NN_Numeric : AnyTypeOf<[NN_Float, NN_Int], "number">;
def NN_Element : AnyTypeOf<[NN_Numeric, I1], "nn element">;

def NN_Tensor : RankedTensorOf<[NN_Element]>;
def NN_NumericTensor : RankedTensorOf<[NN_Numeric]>;
def NN_FloatTensor : RankedTensorOf<[NN_Float]>;
def NN_IntTensor : RankedTensorOf<[NN_Int]>;
def NN_BoolTensor : RankedTensorOf<[I1]>;
def NN_I64Tensor : RankedTensorOf<[I64]>;

// The seed of the stateless random ops: a rank-0 i64 tensor. Buildable, so
// the custom assembly needs no type for it.
def NN_SeedTensor : 0DTensorOf<[I64]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI64Type())">;

//===----------------------------------------------------------------------===//
// Traits
//===----------------------------------------------------------------------===//

// Marks elementwise ops whose operands broadcast numpy-style to the result
// (the upstream `Elementwise` trait requires equal shapes).
def NN_BroadcastingElementwise : NativeOpTrait<"BroadcastingElementwise"> {
  let cppNamespace = "::nn::OpTrait";
}

// Marks the reductions that nn-fuse makes the root of a `reduction` group:
// reduce_*, softmax and log_softmax. argmax reduces too, but yields indices,
// which no fused loop nest carries; it stays outside fusions.
def NN_Reduction : NativeOpTrait<"Reduction"> {
  let cppNamespace = "::nn::OpTrait";
}

#endif // NN_IR_NNBASE_TD
