//===- NNOps.td - nn dialect operations ----------------------*- tablegen -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The ops of contract v1 (docs/Contract.md) and those added since. Op names,
// operand and result order and attribute names of the contract's ops are
// fixed by it.
//
// Shape rules live in ShapeInference.cpp, shared by the verifiers (through
// InferTypeOpInterface) and by the interpreter's evaluators at run time.
// docs/OpStatus.md maps each op to its verifier, folder, VJP, evaluator,
// lowering and tests.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_NNOPS_TD
#define NN_IR_NNOPS_TD

include "nn/IR/NNBase.td"
include "nn/IR/NNInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

// The op states its vector-Jacobian product (NNAutodiffRules.cpp).
def NN_Differentiable
    : DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>;

//===----------------------------------------------------------------------===//
// nn.constant
//===----------------------------------------------------------------------===//

def NN_ConstantOp : NN_Op<"constant",
    [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "A constant tensor";
  let description = [{
    Produces the tensor held by `value`, a dense or `dense_resource`
    elements attribute whose type is the result type.

    ```mlir
    %0 = nn.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (broadcasting)
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, Type operandType, string doc,
                  list<Trait> traits = []>
    : NN_Op<mnemonic, traits # [Pure, NN_BroadcastingElementwise,
                                InferTypeOpAdaptor, NN_Differentiable]> {
  let summary = "Elementwise " # doc # ", broadcasting";
  let description = [{
    Computes `}] # doc # [{` of `lhs` and `rhs` element by element. The two
    operands have the same element type and broadcast numpy-style; the
    result has the broadcast shape.

    ```mlir
    %0 = nn.}] # mnemonic # [{ %a, %b : tensor<4x3xf32>, tensor<3xf32>
    ```
  }];
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs operandType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }];
  let hasFolder = 1;
}

def NN_AddOp : NN_BinaryOp<"add", NN_NumericTensor, "lhs + rhs",
                           [Commutative]>;
def NN_SubOp : NN_BinaryOp<"sub", NN_NumericTensor, "lhs - rhs">;
def NN_MulOp : NN_BinaryOp<"mul", NN_NumericTensor, "lhs * rhs",
                           [Commutative]>;
def NN_DivOp : NN_BinaryOp<"div", NN_NumericTensor,
    "lhs / rhs (integer division rounds toward zero)">;
def NN_PowOp : NN_BinaryOp<"pow", NN_FloatTensor, "lhs ^ rhs">;
def NN_MaximumOp : NN_BinaryOp<"maximum", NN_NumericTensor,
    "max(lhs, rhs) (NaN if either is NaN)", [Commutative]>;
def NN_MinimumOp : NN_BinaryOp<"minimum", NN_NumericTensor,
    "min(lhs, rhs) (NaN if either is NaN)", [Commutative]>;

def NN_CompareOp : NN_Op<"compare",
    [Pure, NN_BroadcastingElementwise, InferTypeOpAdaptor]> {
  let summary = "Elementwise comparison, broadcasting";
  let description = [{
    Compares `lhs` and `rhs` element by element with `direction`, one of
    `eq`, `ne`, `lt`, `le`, `gt`, `ge`, and yields an `i1` tensor of the
    broadcast shape. Float comparisons are ordered (false on NaN) except
    `ne`, which is true on NaN.

    ```mlir
    %0 = nn.compare gt, %a, %b : tensor<4x3xf32>, tensor<f32>
    // generic form: "nn.compare"(%a, %b) {direction = "gt"} : ...
    ```
  }];
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs, StrAttr:$direction);
  let results = (outs NN_BoolTensor:$result);
  let assemblyFormat = [{
    custom<Direction>($direction) `,` $lhs `,` $rhs attr-dict `:`
    type($lhs) `,` type($rhs)
  }];
}

def NN_SelectOp : NN_Op<"select",
    [Pure, NN_BroadcastingElementwise, InferTypeOpAdaptor, NN_Differentiable]> {
  let summary = "Elementwise choice, broadcasting";
  let description = [{
    Yields `on_true` where `cond` is true and `on_false` elsewhere. All three
    operands broadcast numpy-style to the result shape.

    ```mlir
    %0 = nn.select %c, %x, %y : tensor<4x3xi1>, tensor<4x3xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins NN_BoolTensor:$cond, NN_Tensor:$on_true,
                       NN_Tensor:$on_false);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = [{
    $cond `,` $on_true `,` $on_false attr-dict `:` type($cond) `,`
    type($on_true) `,` type($on_false)
  }];  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class NN_UnaryOp<string mnemonic, Type type, string doc,
                 list<Trait> traits = []>
    : NN_Op<mnemonic, traits # [Pure, Elementwise,
                                SameOperandsAndResultType, NN_Differentiable]> {
  let summary = "Elementwise " # doc;
  let description = [{
    Computes `}] # doc # [{` of every element of `operand`.

    ```mlir
    %0 = nn.}] # mnemonic # [{ %x : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins type:$operand);
  let results = (outs type:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
}

def NN_NegOp : NN_UnaryOp<"neg", NN_NumericTensor, "-x", [Involution]>;
def NN_AbsOp : NN_UnaryOp<"abs", NN_NumericTensor, "|x|", [Idempotent]>;
def NN_ExpOp : NN_UnaryOp<"exp", NN_FloatTensor, "e^x">;
def NN_LogOp : NN_UnaryOp<"log", NN_FloatTensor, "ln(x)">;
def NN_SqrtOp : NN_UnaryOp<"sqrt", NN_FloatTensor, "sqrt(x)">;
def NN_RsqrtOp : NN_UnaryOp<"rsqrt", NN_FloatTensor, "1 / sqrt(x)">;
def NN_TanhOp : NN_UnaryOp<"tanh", NN_FloatTensor, "tanh(x)">;
def NN_SigmoidOp : NN_UnaryOp<"sigmoid", NN_FloatTensor, "1 / (1 + e^-x)">;
def NN_ReluOp : NN_UnaryOp<"relu", NN_NumericTensor, "max(x, 0)",
                           [Idempotent]>;
def NN_SignOp : NN_UnaryOp<"sign", NN_NumericTensor,
    "sign(x): -1, 0 or 1 (NaN stays NaN)", [Idempotent]>;

def NN_CastOp : NN_Op<"cast", [Pure, NN_Differentiable, Elementwise, SameOperandsAndResultShape]> {
  let summary = "Element type conversion";
  let description = [{
    Converts every element to the result's element type: floats round to
    nearest even, float to integer truncates toward zero, integers
    sign-extend or truncate, and `i1` converts to and from 0 and 1 (any
    non-zero value becomes true).

    ```mlir
    %0 = nn.cast %x : tensor<4xf32> to tensor<4xf16>
    ```
  }];
  let arguments = (ins NN_Tensor:$operand);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `to` type($result)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contractions and windows
//===----------------------------------------------------------------------===//

// The op is a contraction (NNInterfaces.td): nn-fuse and constant folding
// read its role and cost from it.
def NN_Contraction
    : DeclareOpInterfaceMethods<NN_ContractionOpInterface>;

def NN_MatmulOp : NN_Op<"matmul",
    [Pure, NN_Differentiable, NN_Contraction, InferTypeOpAdaptor]> {
  let summary = "Batched matrix product";
  let description = [{
    Multiplies the last two dimensions of `lhs` (`M x K`, or `K x M` with
    `transpose_lhs`) and `rhs` (`K x N`, or `N x K` with `transpose_rhs`).
    Both operands have rank at least 2; their leading dimensions are batch
    dimensions and broadcast numpy-style.

    ```mlir
    %0 = nn.matmul %a, %b : tensor<8x128x64xf32>, tensor<64x32xf32>
    %1 = nn.matmul %a, %c {transpose_rhs = true}
        : tensor<8x128x64xf32>, tensor<32x64xf32>
    ```
  }];
  let arguments = (ins NN_NumericTensor:$lhs, NN_NumericTensor:$rhs,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_lhs,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_rhs);
  let results = (outs NN_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }];
}

def NN_Conv2DOp : NN_Op<"conv2d",
    [Pure, NN_Differentiable, NN_Contraction, InferTypeOpAdaptor]> {
  let summary = "2-D convolution, NHWC input and HWIO filter";
  let description = [{
    Convolves `input` (`N x H x W x C`) with `filter` (`KH x KW x C x F`)
    into `N x OH x OW x F`, where

    `OH = (H + pad_top + pad_bottom - dh * (KH - 1) - 1) / sh + 1`

    and likewise for `OW`. `padding` is `[top, bottom, left, right]`, in
    elements of zeros. "same" and "valid" are the front end's business.

    ```mlir
    %0 = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
        : tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>
    ```
  }];
  let arguments = (ins NN_NumericTensor:$input, NN_NumericTensor:$filter,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding);
  let results = (outs NN_NumericTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter attr-dict `:` type($input) `,` type($filter)
  }];
}

class NN_Pool2DOp<string mnemonic, string doc> : NN_Op<mnemonic,
    [Pure, NN_Differentiable, InferTypeOpAdaptor]> {
  let summary = doc # " pooling over NHWC windows";
  let description = [{
    Slides a `window` of `[KH, KW]` over the spatial dimensions of `input`
    (`N x H x W x C`) with `strides` (default: the window), after padding by
    `padding` (`[top, bottom, left, right]`).
    Output sizes follow the convolution arithmetic without dilation.
    }] # !if(!eq(mnemonic, "avg_pool2d"),
      "The average counts only elements inside the input, never padding.",
      "Padding never wins: it acts as negative infinity.") # [{

    ```mlir
    %0 = nn.}] # mnemonic # [{ %x {window = array<i64: 2, 2>}
        : tensor<?x28x28x8xf32>
    ```
  }];
  let arguments = (ins NN_NumericTensor:$input,
      DenseI64ArrayAttr:$window,
      OptionalAttr<DenseI64ArrayAttr>:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding);
  let results = (outs NN_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDeclaration = [{
    /// The strides, which default to the window.
    ::llvm::ArrayRef<int64_t> getEffectiveStrides() {
      if (auto strides = getStridesAttr())
        return strides.asArrayRef();
      return getWindow();
    }
  }];
}

def NN_MaxPool2DOp : NN_Pool2DOp<"max_pool2d", "Max">;
def NN_AvgPool2DOp : NN_Pool2DOp<"avg_pool2d", "Average">;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class NN_ReduceOp<string mnemonic, Type type, string doc>
    : NN_Op<mnemonic, [Pure, NN_Differentiable, NN_Reduction,
                       InferTypeOpAdaptor]> {
  let summary = doc # " over axes";
  let description = [{
    Reduces `operand` over `axes` (negative axes count from the end; an
    empty list means all axes) with }] # doc # [{. With `keep_dims` the
    reduced dimensions stay, with size 1.

    ```mlir
    %0 = nn.}] # mnemonic # [{ %x {axes = array<i64: -1>, keep_dims = true}
        : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins type:$operand,
      DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$axes,
      DefaultValuedAttr<BoolAttr, "false">:$keep_dims);
  let results = (outs type:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
}

def NN_ReduceSumOp : NN_ReduceOp<"reduce_sum", NN_NumericTensor, "the sum">;
def NN_ReduceMeanOp : NN_ReduceOp<"reduce_mean", NN_FloatTensor,
                                  "the arithmetic mean">;
def NN_ReduceMaxOp : NN_ReduceOp<"reduce_max", NN_NumericTensor,
                                 "the maximum">;
def NN_ReduceMinOp : NN_ReduceOp<"reduce_min", NN_NumericTensor,
                                 "the minimum">;

def NN_ArgmaxOp : NN_Op<"argmax", [Pure, InferTypeOpAdaptor]> {
  let summary = "Index of the first maximum along an axis";
  let description = [{
    Yields, as `i64`, the index of the first maximal element of `operand`
    along `axis` (negative counts from the end). With `keep_dims` the axis
    stays, with size 1.

    ```mlir
    %0 = nn.argmax %logits {axis = 1 : i64} : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_NumericTensor:$operand, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$keep_dims);
  let results = (outs NN_I64Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
}

class NN_SoftmaxOpBase<string mnemonic, string doc>
    : NN_Op<mnemonic, [Pure, NN_Differentiable, NN_Reduction,
                       SameOperandsAndResultType]> {
  let summary = doc # " along an axis";
  let description = [{
    Computes }] # doc # [{ of `operand` along `axis` (default -1), with the
    maximum subtracted first so that it never overflows.

    ```mlir
    %0 = nn.}] # mnemonic # [{ %logits : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$operand,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
  let hasVerifier = 1;
}

def NN_SoftmaxOp : NN_SoftmaxOpBase<"softmax", "the softmax">;
def NN_LogSoftmaxOp : NN_SoftmaxOpBase<"log_softmax", "the log-softmax">;

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def NN_ReshapeOp : NN_Op<"reshape", [Pure, NN_Differentiable]> {
  let summary = "Reshape, in row-major order";
  let description = [{
    Reinterprets `operand` with the shape of the result type, keeping the
    row-major order of elements. At most one result dimension is dynamic; it
    is resolved from the element count at run time.

    ```mlir
    %0 = nn.reshape %x : tensor<?x28x28xf32> to tensor<?x784xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$operand);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_TransposeOp : NN_Op<"transpose", [Pure, NN_Differentiable, InferTypeOpAdaptor]> {
  let summary = "Permutation of dimensions";
  let description = [{
    Result dimension `i` is operand dimension `perm[i]`.

    ```mlir
    %0 = nn.transpose %x, [1, 0] : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$operand, DenseI64ArrayAttr:$perm);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$operand `,` $perm attr-dict `:` type($operand)";
  let hasFolder = 1;
}

def NN_BroadcastToOp : NN_Op<"broadcast_to", [Pure, NN_Differentiable]> {
  let summary = "Numpy broadcast to the result shape";
  let description = [{
    Broadcasts `operand` numpy-style to the shape of the result type.

    ```mlir
    %0 = nn.broadcast_to %b : tensor<10xf32> to tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$operand);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_ConcatOp : NN_Op<"concat", [Pure, NN_Differentiable, InferTypeOpAdaptor]> {
  let summary = "Concatenation along an axis";
  let description = [{
    Concatenates `inputs` (at least one, all of one element type and rank,
    equal in every dimension but `axis`) along `axis` (negative counts from
    the end).

    ```mlir
    %0 = nn.concat %a, %b {axis = 1 : i64} : tensor<2x3xf32>, tensor<2x5xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs)";
  let hasFolder = 1;
}

def NN_SliceOp : NN_Op<"slice", [Pure, NN_Differentiable, InferTypeOpAdaptor]> {
  let summary = "Strided slice with static bounds";
  let description = [{
    Takes, along each dimension `d`, the elements `start[d]`,
    `start[d] + strides[d]`, ... below `limit[d]`. `strides` defaults to
    ones. Bounds satisfy `0 <= start <= limit <= size` and strides are
    positive.

    ```mlir
    %0 = nn.slice %x {start = array<i64: 0, 1>, limit = array<i64: 4, 3>}
        : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$operand, DenseI64ArrayAttr:$start,
                       DenseI64ArrayAttr:$limit,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
  let extraClassDeclaration = [{
    /// The strides, which default to ones.
    ::llvm::SmallVector<int64_t> getEffectiveStrides();
  }];
  let hasFolder = 1;
}

def NN_PadOp : NN_Op<"pad", [Pure, NN_Differentiable, InferTypeOpAdaptor]> {
  let summary = "Constant padding";
  let description = [{
    Pads every dimension `d` of `operand` with `low[d]` elements before,
    `high[d]` after and, optionally, `interior[d]` between every two
    elements (all non-negative), all equal to `value`. Interior padding is an
    extension of contract v1 (default: none); it expresses the gradient of a
    strided slice.

    ```mlir
    %0 = nn.pad %x {low = array<i64: 0, 1>, high = array<i64: 0, 1>}
        : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$operand, DenseI64ArrayAttr:$low,
                       DenseI64ArrayAttr:$high,
                       DefaultValuedAttr<F64Attr, "0.0">:$value,
                       OptionalAttr<DenseI64ArrayAttr>:$interior);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
  let extraClassDeclaration = [{
    /// The interior padding, which defaults to zeros.
    ::llvm::SmallVector<int64_t> getEffectiveInterior();
  }];
  let hasFolder = 1;
}

def NN_OneHotOp : NN_Op<"one_hot", [Pure]> {
  let summary = "One-hot encoding along a new last axis";
  let description = [{
    Yields a tensor of shape `indices.shape + [depth]` that is 1 where the
    last index equals the index in `indices` and 0 elsewhere (all 0 for an
    index outside `[0, depth)`). The result type picks the element type.

    ```mlir
    %0 = nn.one_hot %labels {depth = 10 : i64} : tensor<?xi64> to tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_IntTensor:$indices, I64Attr:$depth);
  let results = (outs NN_NumericTensor:$result);
  let assemblyFormat = "$indices attr-dict `:` type($indices) `to` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Stateless random numbers
//===----------------------------------------------------------------------===//

class NN_RandomOp<string mnemonic, string doc, dag params>
    : NN_Op<mnemonic, [Pure]> {
  let summary = doc # ", stateless";
  let description = [{
    Fills the result with }] # doc # [{ numbers computed from `seed` by a
    counter-based generator: the same seed gives the same numbers on every
    backend and every run. The dynamic dimensions of the result type are
    given, in order, by the `dynamic_sizes` operands, as `tensor.empty`
    does.

    ```mlir
    %0 = nn.}] # mnemonic # [{ %seed[%n] : tensor<?x128xf32>
    ```
  }];
  let arguments = !con((ins NN_SeedTensor:$seed,
                            Variadic<Index>:$dynamic_sizes), params);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $seed (`[` $dynamic_sizes^ `]`)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def NN_RandomUniformOp : NN_RandomOp<"random_uniform",
    "uniformly distributed in [low, high)",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$low,
         DefaultValuedAttr<F64Attr, "1.0">:$high)>;
def NN_RandomNormalOp : NN_RandomOp<"random_normal",
    "normally distributed (mean, stddev)",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$mean,
         DefaultValuedAttr<F64Attr, "1.0">:$stddev)>;

//===----------------------------------------------------------------------===//
// Ops that gradients are built from (not in contract v1)
//===----------------------------------------------------------------------===//

def NN_BroadcastLikeOp : NN_Op<"broadcast_like", [Pure, NN_Differentiable]> {
  let summary = "Numpy broadcast to the run-time shape of another tensor";
  let description = [{
    Broadcasts `operand` numpy-style to the shape that `like` has at run
    time; only the shape of `like` is read. Unlike `nn.broadcast_to`, the
    target's dynamic dimensions need not be known from the operand, which is
    what the gradient of a reduction over a dynamic batch needs.

    ```mlir
    %0 = nn.broadcast_like %g, %x : tensor<1x10xf32>, tensor<?x10xf32> -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$operand, NN_Tensor:$like);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $like attr-dict `:` type($operand) `,` type($like) `->`
    type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_UnbroadcastOp : NN_Op<"unbroadcast", [Pure, NN_Differentiable]> {
  let summary = "Sums a broadcast gradient back to the run-time shape of a tensor";
  let description = [{
    The adjoint of broadcasting: sums `operand` over its leading dimensions
    that `like` lacks and over the dimensions where `like` has size 1 at run
    time, giving a tensor of `like`'s shape; only the shape of `like` is
    read. Autodiff emits it where static shapes cannot tell whether an
    operand was broadcast.

    ```mlir
    %0 = nn.unbroadcast %g, %b : tensor<?x10xf32>, tensor<?x10xf32> -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_NumericTensor:$operand, NN_Tensor:$like);
  let results = (outs NN_NumericTensor:$result);
  let assemblyFormat = [{
    $operand `,` $like attr-dict `:` type($operand) `,` type($like) `->`
    type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

class NN_WindowGradOp<string mnemonic, string doc, string like>
    : NN_Op<mnemonic, [Pure, AllTypesMatch<[like, "result"]>]> {
  let summary = doc;
  let results = (outs NN_FloatTensor:$result);
  let hasVerifier = 1;
}

def NN_Conv2DInputGradOp : NN_WindowGradOp<"conv2d_input_grad",
    "Gradient of nn.conv2d with respect to its input", "input"> {
  let description = [{
    Given `grad`, the gradient of an `nn.conv2d` result, and that
    convolution's `filter` and attributes, yields the gradient with respect
    to its input (a transposed convolution). `input` is the original input;
    only its shape is read.

    ```mlir
    %0 = nn.conv2d_input_grad %x, %w, %g {padding = array<i64: 1, 1, 1, 1>}
        : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<?x8x8x4xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$filter,
      NN_FloatTensor:$grad,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding);
  let assemblyFormat = [{
    $input `,` $filter `,` $grad attr-dict `:` type($input) `,` type($filter)
    `,` type($grad)
  }];
  let builders = [OpBuilder<(ins "::mlir::Value":$input,
      "::mlir::Value":$filter, "::mlir::Value":$grad,
      "::nn::Conv2DOp":$forward), [{
    build($_builder, $_state, input, filter, grad,
          forward.getStridesAttr(), forward.getDilationsAttr(),
          forward.getPaddingAttr());
  }]>];
}

def NN_Conv2DFilterGradOp : NN_WindowGradOp<"conv2d_filter_grad",
    "Gradient of nn.conv2d with respect to its filter", "filter"> {
  let description = [{
    Given `grad`, the gradient of an `nn.conv2d` result, and that
    convolution's `input` and attributes, yields the gradient with respect
    to its filter. `filter` is the original filter; only its shape is read.

    ```mlir
    %0 = nn.conv2d_filter_grad %x, %w, %g
        : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<?x6x6x4xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$filter,
      NN_FloatTensor:$grad,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding);
  let assemblyFormat = [{
    $input `,` $filter `,` $grad attr-dict `:` type($input) `,` type($filter)
    `,` type($grad)
  }];
  let builders = [OpBuilder<(ins "::mlir::Value":$input,
      "::mlir::Value":$filter, "::mlir::Value":$grad,
      "::nn::Conv2DOp":$forward), [{
    build($_builder, $_state, input, filter, grad,
          forward.getStridesAttr(), forward.getDilationsAttr(),
          forward.getPaddingAttr());
  }]>];
}

class NN_PoolGradOp<string mnemonic, string forward, string rule>
    : NN_WindowGradOp<mnemonic, "Gradient of nn." # forward, "input"> {
  let description = [{
    Given `grad`, the gradient of an `nn.}] # forward # [{` result, and that
    op's `input` and attributes, yields the gradient with respect to the
    input. }] # rule # [{

    ```mlir
    %0 = nn.}] # mnemonic # [{ %x, %g {window = array<i64: 2, 2>}
        : tensor<?x8x8x3xf32>, tensor<?x4x4x3xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$grad,
      DenseI64ArrayAttr:$window,
      OptionalAttr<DenseI64ArrayAttr>:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding);
  let assemblyFormat = [{
    $input `,` $grad attr-dict `:` type($input) `,` type($grad)
  }];
  let extraClassDeclaration = [{
    ::llvm::ArrayRef<int64_t> getEffectiveStrides() {
      if (auto strides = getStridesAttr())
        return strides.asArrayRef();
      return getWindow();
    }
  }];
}

def NN_MaxPool2DGradOp : NN_PoolGradOp<"max_pool2d_grad", "max_pool2d",
    "Each window's gradient goes to the first maximal element of the window "
    "(row-major order); ties do not share it.">;
def NN_AvgPool2DGradOp : NN_PoolGradOp<"avg_pool2d_grad", "avg_pool2d",
    "Each window's gradient is shared equally by the input elements of the "
    "window (padding excluded).">;

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

def NN_FusionOp : NN_Op<"fusion", [
    IsolatedFromAbove, SingleBlock, RecursiveMemoryEffects]> {
  let summary = "A group of ops that runs as one kernel";
  let description = [{
    The body computes the results from the operands, which are the body's
    block arguments, and ends with `nn.yield`. `nn-fuse` forms these groups;
    each becomes one loop nest when lowered. `kind` says what was fused:
    `elementwise` (a chain of elementwise ops), `epilogue` (a matmul or
    convolution with its elementwise epilogue), or `reduction` (a reduction
    with its elementwise producers and consumers, such as softmax).

    ```mlir
    %0 = nn.fusion "elementwise" (%x, %b) : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32> {
    ^bb0(%a: tensor<?x10xf32>, %c: tensor<10xf32>):
      %1 = nn.add %a, %c : tensor<?x10xf32>, tensor<10xf32>
      %2 = nn.relu %1 : tensor<?x10xf32>
      nn.yield %2 : tensor<?x10xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, StrAttr:$kind);
  let results = (outs Variadic<NN_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $kind `(` $inputs `)` attr-dict `:` functional-type($inputs, $results)
    $body
  }];
  let hasVerifier = 1;  let hasCanonicalizer = 1;
}

def NN_YieldOp : NN_Op<"yield", [Pure, Terminator, ReturnLike,
    ParentOneOf<["FusionOp", "CondOp", "WhileOp", "ForOp"]>]> {
  let summary = "Ends a region of nn.fusion, nn.cond, nn.while or nn.for";
  let description = [{
    Yields the values of the enclosing region: the results of an
    `nn.fusion` body or of an `nn.cond` branch, the predicate of an
    `nn.while` condition, or the next loop-carried values of an `nn.while`
    or `nn.for` body.
  }];
  let arguments = (ins Variadic<NN_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

// The predicate of nn.cond: a rank-0 i1 tensor. Buildable, so the custom
// assembly needs no type for it.
def NN_PredTensor : 0DTensorOf<[I1]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI1Type())"> {
  let summary = "rank-0 tensor<i1>";
}

def NN_CondOp : NN_Op<"cond", [IsolatedFromAbove, RecursiveMemoryEffects]> {
  let summary = "Runs one of two regions, chosen by a predicate";
  let description = [{
    Runs `then_region` if `pred` (a `tensor<i1>`) is true and `else_region`
    otherwise, on `inputs`, and yields that region's values. Both regions
    are isolated from above: every value they read is an input, passed as
    the block arguments, which have the types of `inputs`. Both end with
    `nn.yield` of values of exactly the result types.

    `nn-autodiff` differentiates it: the gradient is an `nn.cond` on the
    same predicate whose branches compute the gradients of each branch.
    `canonicalize` replaces a cond on a constant predicate by the ops of
    the branch it takes.

    ```mlir
    %r = nn.cond %p (%x, %w) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> {
    ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
      %0 = nn.mul %a, %b : tensor<3xf32>, tensor<3xf32>
      nn.yield %0 : tensor<3xf32>
    } else {
    ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
      nn.yield %a : tensor<3xf32>
    }
    ```
  }];
  let arguments = (ins NN_PredTensor:$pred, Variadic<NN_Tensor>:$inputs);
  let results = (outs Variadic<NN_Tensor>:$results);
  let regions = (region SizedRegion<1>:$then_region,
                        SizedRegion<1>:$else_region);
  let assemblyFormat = [{
    $pred ` ` `(` $inputs `)` attr-dict `:` functional-type($inputs, $results)
    $then_region `else` $else_region
  }];
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
}

def NN_WhileOp : NN_Op<"while", [IsolatedFromAbove, RecursiveMemoryEffects]> {
  let summary = "A loop while a condition holds";
  let description = [{
    Starts with the loop-carried values `inits`; while `cond_region` yields
    true (a `tensor<i1>`) for the current values, replaces them by the
    values `body_region` yields; the results are the final values. Both
    regions take the carried values as block arguments, and the carried
    types never change: the results, the block arguments and the values
    the body yields all have the types of `inits`. Both regions are
    isolated from above.

    Its trip count depends on the data, so `nn-autodiff` cannot reverse it;
    use `nn.for` with static bounds for a loop to be differentiated.

    ```mlir
    %r = nn.while (%x) : (tensor<f32>) -> tensor<f32> cond {
    ^bb0(%a: tensor<f32>):
      %c = nn.constant dense<100.0> : tensor<f32>
      %0 = nn.compare lt, %a, %c : tensor<f32>, tensor<f32>
      nn.yield %0 : tensor<i1>
    } do {
    ^bb0(%a: tensor<f32>):
      %0 = nn.add %a, %a : tensor<f32>, tensor<f32>
      nn.yield %0 : tensor<f32>
    }
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inits);
  let results = (outs Variadic<NN_Tensor>:$results);
  let regions = (region SizedRegion<1>:$cond_region,
                        SizedRegion<1>:$body_region);
  let assemblyFormat = [{
    ` ` `(` $inits `)` attr-dict `:` functional-type($inits, $results)
    `cond` $cond_region `do` $body_region
  }];
  let hasRegionVerifier = 1;
}

def NN_ForOp : NN_Op<"for", [IsolatedFromAbove, RecursiveMemoryEffects]> {
  let summary = "A loop with static bounds";
  let description = [{
    Runs `body` for the induction values `lower`, `lower + step`, ... below
    `upper` (`step` is positive; no iteration if `upper <= lower`, else
    `ceil((upper - lower) / step)`), starting from the loop-carried values
    `inits`. The body's block takes the induction value as a `tensor<i64>`,
    then the carried values, and yields the next carried values; the
    results are the final ones. The carried types never change. The body is
    isolated from above: a value it reads, such as a weight, is carried
    (and yielded unchanged).

    The trip count is static, so `nn-autodiff` differentiates it (by
    unrolling the reverse pass; see docs/Autodiff.md). `canonicalize`
    replaces a loop without iterations by its inits, and inlines the body
    of a loop with one.

    ```mlir
    %r:2 = nn.for 0 to 3 step 1 (%x, %w)
        : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
    ^bb0(%i: tensor<i64>, %a: tensor<4xf32>, %b: tensor<4xf32>):
      %0 = nn.mul %a, %b : tensor<4xf32>, tensor<4xf32>
      %1 = nn.tanh %0 : tensor<4xf32>
      nn.yield %1, %b : tensor<4xf32>, tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inits, I64Attr:$lower,
                       I64Attr:$upper, I64Attr:$step);
  let results = (outs Variadic<NN_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $lower `to` $upper `step` $step ` ` `(` $inits `)` attr-dict `:`
    functional-type($inits, $results) $body
  }];
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// The bounds as signed values (the accessors of I64Attr return
    /// uint64_t); 0 where an unverified op lacks the attribute.
    int64_t getLowerBound();
    int64_t getUpperBound();
    int64_t getStepSize();
    /// The number of iterations: ceil((upper - lower) / step), 0 if
    /// upper <= lower; 0 for an invalid step (the verifier rejects it).
    int64_t getTripCount();
    /// The induction value of iteration `k`, lower + k * step (wrapping as
    /// 64-bit code would).
    int64_t getInductionValue(int64_t k);
  }];
}

//===----------------------------------------------------------------------===//
// Gradients
//===----------------------------------------------------------------------===//

class NN_GradOpBase<string mnemonic, string doc>
    : NN_Op<mnemonic, [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = doc;
  let description = [{
    Calls for }] # doc # [{ of `callee` at `args`, with respect to the
    arguments listed in `wrt` (default: all), in that order. The callee's
    first result is a float scalar (`tensor<f32>`, say); every listed
    argument is a float tensor, and its gradient has its type. The
    `nn-autodiff` pass replaces this op by a call of a generated function.
    With `has_aux` (value_and_grad only), the callee's other results follow
    the value, as auxiliary outputs computed by the same forward pass (a
    training step's predictions, batch statistics); they get no gradient.

    ```mlir
    %}] # !if(!eq(mnemonic, "grad"), "g", "v, %g") # [{ = nn.}] # mnemonic #
    [{ @loss(%w, %x) {wrt = array<i64: 0>}
        : (tensor<3xf32>, tensor<3xf32>) -> }] #
    !if(!eq(mnemonic, "grad"), "tensor<3xf32>", "(tensor<f32>, tensor<3xf32>)")
    # [{
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$args,
                       OptionalAttr<DenseI64ArrayAttr>:$wrt,
                       UnitAttr:$has_aux);
  let results = (outs Variadic<AnyType>:$results);
  let assemblyFormat = [{
    $callee `(` $args `)` attr-dict `:` functional-type($args, $results)
  }];
  let extraClassDeclaration = [{
    /// The argument indices the gradients are taken with respect to.
    ::llvm::SmallVector<int64_t> getEffectiveWrt();
  }];
}

def NN_GradOp : NN_GradOpBase<"grad", "the gradients">;
def NN_ValueAndGradOp : NN_GradOpBase<"value_and_grad",
                                      "the value and the gradients">;

#endif // NN_IR_NNOPS_TD
