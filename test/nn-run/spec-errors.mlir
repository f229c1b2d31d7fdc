// Malformed input SPECs and files: each is an error naming the input, the
// problem and, where there is one, the offending piece; never a crash.

// RUN: not nn-run --device=ref %s --input="2x3xf32=1 2 3 4 5" 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: nn-run: error: --input #0 ('2x3xf32=1 2 3 4 5'): 2x3xf32 needs 6 values but 5 were given
// RUN: not nn-run --device=ref %s --input="2x3xf32=1 2 3 4 5 6 7" 2>&1 | FileCheck %s --check-prefix=COUNT7
// COUNT7: nn-run: error: --input #0 ('2x3xf32=1 2 3 4 5 6 7'): 2x3xf32 needs 6 values but 7 were given
// RUN: not nn-run --device=ref %s --input="2x3xf32=" 2>&1 | FileCheck %s --check-prefix=COUNT0
// COUNT0: nn-run: error: --input #0 ('2x3xf32='): 2x3xf32 needs 6 values but 0 were given

// Bad dimensions.
// RUN: not nn-run --device=ref %s --input="2xQxf32=1" 2>&1 | FileCheck %s --check-prefix=DIMQ
// DIMQ: nn-run: error: --input #0 ('2xQxf32=1'): bad dimension 'Q' in '2xQxf32': not a number
// RUN: not nn-run --device=ref %s --input="-2x3xf32=1" 2>&1 | FileCheck %s --check-prefix=DIMNEG
// DIMNEG: nn-run: error: --input #0 ('-2x3xf32=1'): bad dimension '-2' in '-2x3xf32': negative
// RUN: not nn-run --device=ref %s --input="2xx3xf32=1" 2>&1 | FileCheck %s --check-prefix=DIMEMPTY
// DIMEMPTY: nn-run: error: --input #0 ('2xx3xf32=1'): bad dimension '' in '2xx3xf32': not a number
// RUN: not nn-run --device=ref %s --input="99999999999999999999x3xf32=1" 2>&1 | FileCheck %s --check-prefix=DIMBIG
// DIMBIG: bad dimension '99999999999999999999' in '99999999999999999999x3xf32': too large
// RUN: not nn-run --device=ref %s --input="100000x100000x100000xf32=0" 2>&1 | FileCheck %s --check-prefix=DIMHUGE
// DIMHUGE: nn-run: error: --input #0 ('100000x100000x100000xf32=0'): 100000x100000x100000xf32 has too many elements

// Bad element types and a missing '='.
// RUN: not nn-run --device=ref %s --input="2x3xi8=1" 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: nn-run: error: --input #0 ('2x3xi8=1'): unknown element type 'i8' (expected one of f16, bf16, f32, f64, i1, i32, i64)
// RUN: not nn-run --device=ref %s --input="2x3x=1" 2>&1 | FileCheck %s --check-prefix=NOTYPE
// NOTYPE: nn-run: error: --input #0 ('2x3x=1'): missing element type in '2x3x'
// RUN: not nn-run --device=ref %s --input="=1" 2>&1 | FileCheck %s --check-prefix=NOTENSORTYPE
// NOTENSORTYPE: nn-run: error: --input #0 ('=1'): missing tensor type before '=' in '=1'
// RUN: not nn-run --device=ref %s --input="2x3xf32" 2>&1 | FileCheck %s --check-prefix=NOEQ
// NOEQ: nn-run: error: --input #0 ('2x3xf32'): missing '=' in tensor spec '2x3xf32'
// RUN: not nn-run --device=ref %s --input= 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: nn-run: error: --input #0 (''): empty tensor spec

// Bad values, by position, for every kind of element type.
// RUN: not nn-run --device=ref %s --input="2x3xf32=1 abc 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: nn-run: error: --input #0 ('2x3xf32=1 abc 3 4 5 6'): bad f32 value #2 'abc': not a number
// RUN: not nn-run --device=ref %s --input="2xf32=0x10 1" 2>&1 | FileCheck %s --check-prefix=HEX
// HEX: bad f32 value #1 '0x10': not a number
// RUN: not nn-run --device=ref %s --input="2xf32=1;2" 2>&1 | FileCheck %s --check-prefix=SEMI
// SEMI: bad f32 value #1 '1;2': not a number
// RUN: not nn-run --device=ref %s --input="f16=70000" 2>&1 | FileCheck %s --check-prefix=F16RANGE
// F16RANGE: bad f16 value #1 '70000': out of range for f16
// RUN: not nn-run --device=ref %s --input="f32=1e39" 2>&1 | FileCheck %s --check-prefix=F32RANGE
// F32RANGE: bad f32 value #1 '1e39': out of range for f32
// RUN: not nn-run --device=ref %s --input="2xi32=1 2147483648" 2>&1 | FileCheck %s --check-prefix=I32RANGE
// I32RANGE: bad i32 value #2 '2147483648': out of range for i32
// RUN: not nn-run --device=ref %s --input="i64=9223372036854775808" 2>&1 | FileCheck %s --check-prefix=I64RANGE
// I64RANGE: bad i64 value #1 '9223372036854775808': out of range for i64
// RUN: not nn-run --device=ref %s --input="2xi32=1 2.5" 2>&1 | FileCheck %s --check-prefix=INTFRAC
// INTFRAC: bad i32 value #2 '2.5': not an integer
// RUN: not nn-run --device=ref %s --input="i32=nan" 2>&1 | FileCheck %s --check-prefix=INTNAN
// INTNAN: bad i32 value #1 'nan': not an integer
// RUN: not nn-run --device=ref %s --input="2xi1=1 2" 2>&1 | FileCheck %s --check-prefix=I1
// I1: bad i1 value #2 '2': expected true, false, 1 or 0

// Brackets must balance.
// RUN: not nn-run --device=ref %s --input="2x3xf32=[1 2 3][4 5 6" 2>&1 | FileCheck %s --check-prefix=OPEN
// OPEN: nn-run: error: --input #0 ('2x3xf32=[1 2 3][4 5 6'): unbalanced brackets: 1 '[' not closed
// RUN: not nn-run --device=ref %s --input="2x3xf32=1 2 3] 4 5 6" 2>&1 | FileCheck %s --check-prefix=CLOSE
// CLOSE: unbalanced brackets: ']' at offset 5 of the values has no matching '['

// The n-th input is named.
// RUN: not nn-run --device=ref %s --input="f32=1" --input="f32=x" 2>&1 | FileCheck %s --check-prefix=SECOND
// SECOND: nn-run: error: --input #1 ('f32=x'): bad f32 value #1 'x': not a number

// .npy files: missing, not .npy, truncated data, a header that lies about the
// shape or its own length, Fortran order, big-endian data.
// RUN: not nn-run --device=ref %s --input=@%t.missing.npy 2>&1 | FileCheck %s --check-prefix=NPYMISSING
// NPYMISSING: nn-run: error: --input #0 ('@{{.*}}missing.npy'): cannot read '{{.*}}missing.npy': No such file or directory
// RUN: not nn-run --device=ref %s --input=@ 2>&1 | FileCheck %s --check-prefix=NPYNONAME
// NPYNONAME: nn-run: error: --input #0 ('@'): missing file name after '@'
// RUN: not nn-run --device=ref %s --input=@%S/Inputs/not-npy.npy 2>&1 | FileCheck %s --check-prefix=NPYMAGIC
// NPYMAGIC: nn-run: error: --input #0 ('@{{.*}}not-npy.npy'): '{{.*}}not-npy.npy': not a .npy file (bad magic)
// RUN: not nn-run --device=ref %s --input=@%S/Inputs/truncated.npy 2>&1 | FileCheck %s --check-prefix=NPYTRUNC
// NPYTRUNC: '{{.*}}truncated.npy': header says 2x3xf32 (24 bytes) but the file has 19 bytes of data
// RUN: not nn-run --device=ref %s --input=@%S/Inputs/lying-header.npy 2>&1 | FileCheck %s --check-prefix=NPYLIE
// NPYLIE: '{{.*}}lying-header.npy': header says 3x3xf32 (36 bytes) but the file has 24 bytes of data
// RUN: not nn-run --device=ref %s --input=@%S/Inputs/lying-header-length.npy 2>&1 | FileCheck %s --check-prefix=NPYLEN
// NPYLEN: '{{.*}}lying-header-length.npy': header length 32767 runs past the end of the file (152 bytes)
// RUN: not nn-run --device=ref %s --input=@%S/Inputs/fortran.npy 2>&1 | FileCheck %s --check-prefix=NPYFORTRAN
// NPYFORTRAN: '{{.*}}fortran.npy': Fortran-order (column-major) .npy files are not supported
// RUN: not nn-run --device=ref %s --input=@%S/Inputs/big-endian.npy 2>&1 | FileCheck %s --check-prefix=NPYBIG
// NPYBIG: '{{.*}}big-endian.npy': big-endian dtype '>f4' is not supported
// The file cut anywhere in its header is an error too.
// RUN: head -c 7 %S/Inputs/f32-2x3.npy > %t.cut7.npy
// RUN: not nn-run --device=ref %s --input=@%t.cut7.npy 2>&1 | FileCheck %s --check-prefix=CUT7
// CUT7: truncated .npy file: no format version
// RUN: head -c 9 %S/Inputs/f32-2x3.npy > %t.cut9.npy
// RUN: not nn-run --device=ref %s --input=@%t.cut9.npy 2>&1 | FileCheck %s --check-prefix=CUT9
// CUT9: truncated .npy file: no header length
// RUN: head -c 40 %S/Inputs/f32-2x3.npy > %t.cut40.npy
// RUN: not nn-run --device=ref %s --input=@%t.cut40.npy 2>&1 | FileCheck %s --check-prefix=CUT40
// CUT40: header length 118 runs past the end of the file (40 bytes)

// Raw files: missing, or not the size the type needs.
// RUN: not nn-run --device=ref %s --input=2x3xf32=@%t.missing.bin 2>&1 | FileCheck %s --check-prefix=RAWMISSING
// RAWMISSING: nn-run: error: --input #0 ('2x3xf32=@{{.*}}missing.bin'): cannot read '{{.*}}missing.bin': No such file or directory
// RUN: printf 'abcde' > %t.5bytes.bin
// RUN: not nn-run --device=ref %s --input=2x3xf32=@%t.5bytes.bin 2>&1 | FileCheck %s --check-prefix=RAWSIZE
// RAWSIZE: nn-run: error: --input #0 ('2x3xf32=@{{.*}}5bytes.bin'): 2x3xf32 needs 24 bytes but '{{.*}}5bytes.bin' has 5 bytes
// RUN: not nn-run --device=ref %s --input=2x2xf32=@%S/Inputs/f32-2x3.bin 2>&1 | FileCheck %s --check-prefix=RAWBIG
// RAWBIG: 2x2xf32 needs 16 bytes but '{{.*}}f32-2x3.bin' has 24 bytes
// RUN: not nn-run --device=ref %s --input=2x3xf32=@ 2>&1 | FileCheck %s --check-prefix=RAWNONAME
// RAWNONAME: nn-run: error: --input #0 ('2x3xf32=@'): missing file name after '@'

// The same SPEC errors in --expected_output, found before the function runs.
// RUN: not nn-run --device=ref %s --input="2x3xf32=1" --expected_output="2x3xf32=1 2" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXPECTED
// EXPECTED: nn-run: error: --expected_output #0 ('2x3xf32=1 2'): 2x3xf32 needs 6 values but 2 were given
// RUN: not nn-run --device=ref %s --input="2x3xf32=1" --expected_output=@%S/Inputs/truncated.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXPECTEDNPY
// EXPECTEDNPY: nn-run: error: --expected_output #0 ('@{{.*}}truncated.npy'): '{{.*}}truncated.npy': header says 2x3xf32 (24 bytes)

func.func @id(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %a : tensor<2x3xf32>
}
