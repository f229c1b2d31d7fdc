// Every form of the input grammar (iree-run-module's), for every element
// type. Each input goes through an identity function and comes back in the
// canonical printed form, so both the parse and the print are checked.

// Flat values, grouping brackets, commas and extra blanks all read the same.
// RUN: nn-run --device=ref %s --function=f32_2x3 --input="2x3xf32=1 2 3 4 5 6" | FileCheck %s --check-prefix=F32
// RUN: nn-run --device=ref %s --function=f32_2x3 --input="2x3xf32=[1 2 3][4 5 6]" | FileCheck %s --check-prefix=F32
// RUN: nn-run --device=ref %s --function=f32_2x3 --input="2x3xf32=[[1, 2, 3], [4, 5, 6]]" | FileCheck %s --check-prefix=F32
// RUN: nn-run --device=ref %s --function=f32_2x3 --input="  2x3xf32 =  1,2,3  4 5 6 " | FileCheck %s --check-prefix=F32
// F32: 2x3xf32=[1 2 3][4 5 6]{{$}}
func.func @f32_2x3(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %a : tensor<2x3xf32>
}

// One value fills the whole tensor.
// RUN: nn-run --device=ref %s --function=f32_2x3 --input="2x3xf32=7.5" | FileCheck %s --check-prefix=SPLAT
// RUN: nn-run --device=ref %s --function=f32_2x3 --input="2x3xf32=[7.5]" | FileCheck %s --check-prefix=SPLAT
// SPLAT: 2x3xf32=[7.5 7.5 7.5][7.5 7.5 7.5]{{$}}

// Scalars: a bare element type, then the value.
// RUN: nn-run --device=ref %s --function=scalars --input=f32=3.5 --input=i64=-12 --input=i1=true \
// RUN:   | FileCheck %s --check-prefix=SCALAR
// SCALAR:      f32=3.5{{$}}
// SCALAR-NEXT: i64=-12{{$}}
// SCALAR-NEXT: i1=1{{$}}
func.func @scalars(%a: tensor<f32>, %b: tensor<i64>, %c: tensor<i1>) -> (tensor<f32>, tensor<i64>, tensor<i1>) {
  return %a, %b, %c : tensor<f32>, tensor<i64>, tensor<i1>
}

// Float spellings: exponents, signs, nan, inf, infinity in any case; values
// round to the element type (0.1 prints as 0.1, the shortest f32 spelling).
// RUN: nn-run --device=ref %s --function=f32_8 --input="8xf32=1e3 -2.5E-2 +4 .5 nan -inf Infinity 0.1" \
// RUN:   | FileCheck %s --check-prefix=SPELL
// SPELL: 8xf32=[1000 -0.025 4 0.5 nan -inf inf 0.1]{{$}}
func.func @f32_8(%a: tensor<8xf32>) -> tensor<8xf32> {
  return %a : tensor<8xf32>
}

// Every element type, in and out.
// RUN: nn-run --device=ref %s --function=all_types \
// RUN:   --input="4xi1=true false 1 0" \
// RUN:   --input="3xi32=-2147483648 0 2147483647" \
// RUN:   --input="3xi64=-9223372036854775808 9007199254740993 9223372036854775807" \
// RUN:   --input="4xf16=0.1 65504 -0.00006103515625 1e-7" \
// RUN:   --input="3xbf16=0.1 3.14159 -1e38" \
// RUN:   --input="3xf64=0.1 1e-300 -1.7976931348623157e308" \
// RUN:   | FileCheck %s --check-prefix=TYPES
// TYPES:      4xi1=[1 0 1 0]{{$}}
// TYPES-NEXT: 3xi32=[-2147483648 0 2147483647]{{$}}
// TYPES-NEXT: 3xi64=[-9223372036854775808 9007199254740993 9223372036854775807]{{$}}
// TYPES-NEXT: 4xf16=[0.1 65504 -6.104e-05 1e-07]{{$}}
// TYPES-NEXT: 3xbf16=[0.1 3.14 -1e+38]{{$}}
// TYPES-NEXT: 3xf64=[0.1 1e-300 -1.7976931348623157e+308]{{$}}
func.func @all_types(%a: tensor<4xi1>, %b: tensor<3xi32>, %c: tensor<3xi64>, %d: tensor<4xf16>, %e: tensor<3xbf16>, %f: tensor<3xf64>) -> (tensor<4xi1>, tensor<3xi32>, tensor<3xi64>, tensor<4xf16>, tensor<3xbf16>, tensor<3xf64>) {
  return %a, %b, %c, %d, %e, %f : tensor<4xi1>, tensor<3xi32>, tensor<3xi64>, tensor<4xf16>, tensor<3xbf16>, tensor<3xf64>
}

// .npy files of every NumPy dtype nn-run knows (written by NumPy itself).
// RUN: nn-run --device=ref %s --function=f32_2x3 --input=@%S/Inputs/f32-2x3.npy | FileCheck %s --check-prefix=F32
// RUN: nn-run --device=ref %s --function=npy_types \
// RUN:   --input=@%S/Inputs/i1-4.npy --input=@%S/Inputs/i32-2x2.npy \
// RUN:   --input=@%S/Inputs/i64-3.npy --input=@%S/Inputs/f16-3.npy \
// RUN:   --input=@%S/Inputs/f64-2.npy --input=@%S/Inputs/f32-scalar.npy \
// RUN:   | FileCheck %s --check-prefix=NPY
// NPY:      4xi1=[1 0 0 1]{{$}}
// NPY-NEXT: 2x2xi32=[-1 2147483647][0 -2147483648]{{$}}
// NPY-NEXT: 3xi64=[9007199254740993 -5 0]{{$}}
// NPY-NEXT: 3xf16=[0.1 -65504 inf]{{$}}
// NPY-NEXT: 2xf64=[0.1 -1e+300]{{$}}
// NPY-NEXT: f32=2.5{{$}}
func.func @npy_types(%a: tensor<4xi1>, %b: tensor<2x2xi32>, %c: tensor<3xi64>, %d: tensor<3xf16>, %e: tensor<2xf64>, %f: tensor<f32>) -> (tensor<4xi1>, tensor<2x2xi32>, tensor<3xi64>, tensor<3xf16>, tensor<2xf64>, tensor<f32>) {
  return %a, %b, %c, %d, %e, %f : tensor<4xi1>, tensor<2x2xi32>, tensor<3xi64>, tensor<3xf16>, tensor<2xf64>, tensor<f32>
}

// A .npy file written by nn-run --output reads back the same, for every type
// .npy has.
// RUN: nn-run --device=ref %s --function=all_types \
// RUN:   --input="4xi1=true false 1 0" \
// RUN:   --input="3xi32=-2147483648 0 2147483647" \
// RUN:   --input="3xi64=-9223372036854775808 9007199254740993 9223372036854775807" \
// RUN:   --input="4xf16=0.1 65504 -0.00006103515625 1e-7" \
// RUN:   --input="3xbf16=0.1 3.14159 -1e38" \
// RUN:   --input="3xf64=0.1 1e-300 -1.7976931348623157e308" \
// RUN:   --output=@%t.i1.npy --output=@%t.i32.npy --output=@%t.i64.npy \
// RUN:   --output=@%t.f16.npy
// RUN: nn-run --device=ref %s --function=round_trip \
// RUN:   --input=@%t.i1.npy --input=@%t.i32.npy --input=@%t.i64.npy --input=@%t.f16.npy \
// RUN:   | FileCheck %s --check-prefix=TYPES
func.func @round_trip(%a: tensor<4xi1>, %b: tensor<3xi32>, %c: tensor<3xi64>, %d: tensor<4xf16>) -> (tensor<4xi1>, tensor<3xi32>, tensor<3xi64>, tensor<4xf16>, tensor<3xbf16>, tensor<3xf64>) {
  %e = nn.constant dense<[0.1, 3.14159, -1.0e38]> : tensor<3xbf16>
  %f = nn.constant dense<[0.1, 1.0e-300, -1.7976931348623157e308]> : tensor<3xf64>
  return %a, %b, %c, %d, %e, %f : tensor<4xi1>, tensor<3xi32>, tensor<3xi64>, tensor<4xf16>, tensor<3xbf16>, tensor<3xf64>
}

// Raw little-endian bytes: a checked-in file of six f32, and bytes written
// by printf (octal escapes, which every printf has).
// RUN: nn-run --device=ref %s --function=f32_2x3 --input=2x3xf32=@%S/Inputs/f32-2x3.bin | FileCheck %s --check-prefix=F32
// RUN: printf '\001\000\000\000\376\377\377\377' > %t.i32.bin
// RUN: printf '\000\074\000\300\000\174\377\377' > %t.f16.bin
// RUN: printf '\200\077\000\300' > %t.bf16.bin
// RUN: printf '\001\000\002' > %t.i1.bin
// RUN: printf '\377\377\377\377\377\377\377\377' > %t.i64.bin
// RUN: printf '\232\231\231\231\231\231\271\077' > %t.f64.bin
// RUN: nn-run --device=ref %s --function=raw --input=2xi32=@%t.i32.bin --input=4xf16=@%t.f16.bin \
// RUN:   --input=2xbf16=@%t.bf16.bin --input=3xi1=@%t.i1.bin --input=i64=@%t.i64.bin \
// RUN:   --input=f64=@%t.f64.bin | FileCheck %s --check-prefix=RAW
// RAW:      2xi32=[1 -2]{{$}}
// RAW-NEXT: 4xf16=[1 -2 inf nan]{{$}}
// RAW-NEXT: 2xbf16=[1 -2]{{$}}
// RAW-NEXT: 3xi1=[1 0 1]{{$}}
// RAW-NEXT: i64=-1{{$}}
// RAW-NEXT: f64=0.1{{$}}
func.func @raw(%a: tensor<2xi32>, %b: tensor<4xf16>, %c: tensor<2xbf16>, %d: tensor<3xi1>, %e: tensor<i64>, %f: tensor<f64>) -> (tensor<2xi32>, tensor<4xf16>, tensor<2xbf16>, tensor<3xi1>, tensor<i64>, tensor<f64>) {
  return %a, %b, %c, %d, %e, %f : tensor<2xi32>, tensor<4xf16>, tensor<2xbf16>, tensor<3xi1>, tensor<i64>, tensor<f64>
}

// Empty tensors: no values at all (or brackets around nothing).
// RUN: nn-run --device=ref %s --function=empty --input="0x3xf32=" --input="2x0xi32=[]" \
// RUN:   | FileCheck %s --check-prefix=EMPTY
// EMPTY:      0x3xf32=[]{{$}}
// EMPTY-NEXT: 2x0xi32=[]{{$}}
func.func @empty(%a: tensor<?x3xf32>, %b: tensor<2x?xi32>) -> (tensor<?x3xf32>, tensor<2x?xi32>) {
  return %a, %b : tensor<?x3xf32>, tensor<2x?xi32>
}

// Index arguments take rank-0 i64 tensors.
// RUN: nn-run --device=ref %s --function=index_arg --input="3x2xf32=1 2 3 4 5 6" --input=i64=1 \
// RUN:   | FileCheck %s --check-prefix=INDEX
// INDEX: i64=2{{$}}
func.func @index_arg(%a: tensor<?x2xf32>, %i: index) -> index {
  %0 = tensor.dim %a, %i : tensor<?x2xf32>
  return %0 : index
}
