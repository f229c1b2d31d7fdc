//===- TensorIOTest.cpp - Tensor specs, .npy files and comparison ---------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/TensorIO.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

using namespace nn::ref;
using nn::DType;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Expects `status` to fail with `code` and a message containing `text`.
#define EXPECT_ERROR(STATUS, CODE, TEXT)                                       \
  do {                                                                         \
    absl::Status status_ = (STATUS);                                           \
    EXPECT_EQ(status_.code(), (CODE)) << status_;                              \
    EXPECT_NE(status_.message().find(TEXT), std::string_view::npos)            \
        << "message: " << status_.message() << "\nmissing: " << (TEXT);        \
  } while (false)

#define EXPECT_INVALID(STATUS, TEXT)                                           \
  EXPECT_ERROR(STATUS, absl::StatusCode::kInvalidArgument, TEXT)

/// Parses a spec that must be valid.
Tensor parse(std::string_view spec) {
  absl::StatusOr<Tensor> tensor = parseTensorSpec(spec);
  EXPECT_TRUE(tensor.ok()) << spec << ": " << tensor.status();
  return tensor.ok() ? *tensor : Tensor();
}

/// The status of parsing a spec that must be invalid.
absl::Status parseError(std::string_view spec) {
  absl::StatusOr<Tensor> tensor = parseTensorSpec(spec);
  EXPECT_FALSE(tensor.ok()) << spec << " parsed as " << formatTensor(*tensor);
  return tensor.status();
}

absl::Status npyError(std::string_view bytes) {
  absl::StatusOr<Tensor> tensor = parseNpy(bytes);
  EXPECT_FALSE(tensor.ok());
  return tensor.status();
}

Tensor makeFloats(DType type, std::vector<int64_t> shape,
                  const std::vector<double> &values) {
  Tensor tensor(type, std::move(shape));
  EXPECT_EQ(tensor.getNumElements(), static_cast<int64_t>(values.size()));
  for (size_t i = 0; i < values.size(); ++i)
    tensor.setDouble(i, values[i]);
  return tensor;
}

Tensor makeInts(DType type, std::vector<int64_t> shape,
                const std::vector<int64_t> &values) {
  Tensor tensor(type, std::move(shape));
  EXPECT_EQ(tensor.getNumElements(), static_cast<int64_t>(values.size()));
  for (size_t i = 0; i < values.size(); ++i)
    tensor.setInt(i, values[i]);
  return tensor;
}

/// A .npy file with the given version, header text and data, without the
/// padding a real writer adds (readers must not depend on it).
std::string npyFile(int major, std::string_view header, std::string_view data) {
  std::string bytes = "\x93NUMPY";
  bytes += static_cast<char>(major);
  bytes += '\0';
  char length[4];
  llvm::support::endian::write32le(length, header.size());
  bytes.append(length, major == 1 ? 2 : 4);
  bytes += header;
  bytes += data;
  return bytes;
}

std::string npyFile(std::string_view header, std::string_view data) {
  return npyFile(1, header, data);
}

/// The first Python on this machine that can import numpy ("" if none):
/// `python3` on PATH may be a separate installation without it.
std::string findNumpyPython() {
  for (const char *python : {"python3", "/usr/bin/python3"}) {
    std::string command =
        std::string(python) + " -c 'import numpy' >/dev/null 2>&1";
    if (std::system(command.c_str()) == 0)
      return python;
  }
  return "";
}

/// Gives each test a fresh temporary directory.
class TensorIOFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("nn-tensorio", dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  std::string path(const char *name) const {
    llvm::SmallString<128> result(dir);
    llvm::sys::path::append(result, name);
    return std::string(result);
  }

  void writeFile(const std::string &file, std::string_view bytes) {
    std::error_code error;
    llvm::raw_fd_ostream os(file, error);
    ASSERT_FALSE(error) << error.message();
    os << bytes;
  }

  llvm::SmallString<128> dir;
};

//===----------------------------------------------------------------------===//
// parseTensorSpec
//===----------------------------------------------------------------------===//

TEST(TensorSpecTest, FlatValues) {
  Tensor tensor = parse("2x3xf32=1 2 3 4 5 6");
  EXPECT_EQ(tensor.getElementType(), DType::F32);
  EXPECT_EQ(tensor.getShape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(tensor.toDoubles(), (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(TensorSpecTest, BracketsAndCommasAreSeparators) {
  Tensor expected = parse("2x3xf32=1 2 3 4 5 6");
  EXPECT_EQ(parse("2x3xf32=[1 2 3][4 5 6]"), expected);
  EXPECT_EQ(parse("2x3xf32=[[1, 2, 3], [4, 5, 6]]"), expected);
  EXPECT_EQ(parse("2x3xf32=1,2,3,4,5,6"), expected);
  EXPECT_EQ(parse("  2x3xf32 = \n[1\t2 3]\n[4 5 6]  "), expected);
}

TEST(TensorSpecTest, OneValueFillsTheTensor) {
  EXPECT_EQ(parse("2x3xf32=7").toDoubles(), std::vector<double>(6, 7.0));
  EXPECT_EQ(parse("2x2xi32=[-3]").toInts(), std::vector<int64_t>(4, -3));
}

TEST(TensorSpecTest, Scalars) {
  Tensor f = parse("f32=3.5");
  EXPECT_EQ(f.getRank(), 0);
  EXPECT_EQ(f.toDoubles(), std::vector<double>{3.5});
  Tensor i = parse("i64=-9223372036854775808");
  EXPECT_EQ(i.getShape(), std::vector<int64_t>{});
  EXPECT_EQ(i.toInts(), std::vector<int64_t>{INT64_MIN});
}

TEST(TensorSpecTest, FloatSpellings) {
  EXPECT_EQ(parse("7xf64=1e3 -2.5E-2 .5 5. +7 -0 1e+2").toDoubles(),
            (std::vector<double>{1000, -0.025, 0.5, 5, 7, 0, 100}));
  EXPECT_TRUE(std::signbit(parse("f64=-0").toDoubles()[0]));
  // Subnormal doubles underflow with ERANGE but are valid values.
  EXPECT_EQ(parse("f64=4.9406564584124654e-324").toDoubles()[0],
            std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(parse("f32=1e-60").toDoubles()[0], 0.0);
}

TEST(TensorSpecTest, NanAndInfinity) {
  Tensor tensor = parse("5xf32=nan inf -inf +inf NaN");
  const std::vector<double> &v = tensor.toDoubles();
  EXPECT_TRUE(std::isnan(v[0]));
  EXPECT_EQ(v[1], kInf);
  EXPECT_EQ(v[2], -kInf);
  EXPECT_EQ(v[3], kInf);
  EXPECT_TRUE(std::isnan(v[4]));
}

TEST(TensorSpecTest, ValuesRoundToTheElementType) {
  EXPECT_EQ(parse("f16=0.1").toDoubles()[0], roundToFloat(DType::F16, 0.1));
  EXPECT_EQ(parse("f32=0.1").toDoubles()[0], static_cast<double>(0.1f));
  // 1 + 2^-8 is halfway between two bf16 values; ties go to even.
  EXPECT_EQ(parse("bf16=1.00390625").toDoubles()[0], 1.0);
  EXPECT_EQ(parse("f16=65504").toDoubles()[0], 65504.0);
}

TEST(TensorSpecTest, Integers) {
  EXPECT_EQ(parse("3xi64=9223372036854775807 -9223372036854775808 +5").toInts(),
            (std::vector<int64_t>{INT64_MAX, INT64_MIN, 5}));
  EXPECT_EQ(parse("2xi32=2147483647,-2147483648").toInts(),
            (std::vector<int64_t>{2147483647, -2147483648LL}));
}

TEST(TensorSpecTest, Booleans) {
  EXPECT_EQ(parse("4xi1=true false 1 0").toInts(),
            (std::vector<int64_t>{1, 0, 1, 0}));
}

TEST(TensorSpecTest, ElementTypes) {
  EXPECT_EQ(parse("2xbf16=1 2").getElementType(), DType::BF16);
  EXPECT_EQ(parse("2xf16=1 2").getElementType(), DType::F16);
  EXPECT_EQ(parse("2xf64=1 2").getElementType(), DType::F64);
}

TEST(TensorSpecTest, ZeroSizedTensors) {
  Tensor tensor = parse("0x3xf32=");
  EXPECT_EQ(tensor.getShape(), (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(tensor.getNumElements(), 0);
  EXPECT_EQ(parse("0x3xf32=[]"), tensor);
  EXPECT_EQ(parse("0xi32=[ ]").getNumElements(), 0);
}

/// A spec parseTensorSpec rejects, and what its message says.
struct SpecError {
  const char *group;
  const char *spec;
  const char *message;
};

const SpecError kSpecErrors[] = {
    {"FloatOutOfRange", "f16=70000", "'70000': out of range for f16"},
    {"FloatOutOfRange", "f32=1e39", "out of range for f32"},
    {"FloatOutOfRange", "f64=-1e400", "'-1e400': out of range for f64"},
    {"IntegersMustBeIntegers", "2xi32=1 1.5",
     "bad i32 value #2 '1.5': not an integer"},
    {"IntegersMustBeIntegers", "i32=1e3", "'1e3': not an integer"},
    {"IntegersMustBeIntegers", "i64=+-5", "'+-5': not an integer"},
    {"IntegersMustBeIntegers", "i32=nan", "'nan': not an integer"},
    {"IntegersMustFit", "i32=2147483648", "'2147483648': out of range for i32"},
    {"IntegersMustFit", "i32=-2147483649", "out of range for i32"},
    {"IntegersMustFit", "i64=9223372036854775808", "out of range for i64"},
    {"Booleans", "i1=2", "bad i1 value #1 '2': expected true, false, 1 or 0"},
    {"Booleans", "2xi1=1 yes", "'yes'"},
    {"WrongNumberOfValues", "2x3xf32=1 2 3 4 5",
     "2x3xf32 needs 6 values but 5 were given"},
    {"WrongNumberOfValues", "2x3xf32=[1 2 3][4 5 6][7]",
     "2x3xf32 needs 6 values but 7 were given"},
    {"WrongNumberOfValues", "f32=", "f32 needs 1 value but 0 were given"},
    {"WrongNumberOfValues", "2xi32=[]", "2xi32 needs 2 values but 0"},
    {"BadTokens", "2xf32=1 abc", "bad f32 value #2 'abc': not a number"},
    // strtod would take these; the grammar does not.
    {"BadTokens", "2xf32=1 0x10", "'0x10'"},
    {"BadTokens", "f32=nan(1)", "'nan(1)'"},
    {"BadTokens", "2xf32=1;2", "'1;2'"},
    {"BadTokens", "2xf32=1 2e", "'2e'"},
    {"BadTokens", "2xf32=1 .", "'.'"},
    {"BadTokens", "2xf32=1 @x", "'@x'"},
    {"MissingEquals", "2x3xf32", "missing '=' in tensor spec '2x3xf32'"},
    {"MissingEquals", "   ", "empty tensor spec"},
    {"MissingEquals", "=1 2", "missing tensor type before '='"},
    {"BadDimensions",
     "-1x3xf32=", "bad dimension '-1' in '-1x3xf32': negative"},
    {"BadDimensions", "2xax3xf32=1",
     "bad dimension 'a' in '2xax3xf32': not a number"},
    {"BadDimensions", "2xxf32=1", "bad dimension '' in '2xxf32'"},
    {"BadDimensions", "+2xf32=1", "bad dimension '+2'"},
    {"BadDimensions", "99999999999999999999xf32=1",
     "bad dimension '99999999999999999999' in "
     "'99999999999999999999xf32': too large"},
    {"ElementCountOverflow", "4294967296x4294967296xf32=1",
     "4294967296x4294967296xf32 has too many elements"},
    // No overflow, but far too big to allocate for a one-value splat.
    {"ElementCountOverflow", "100000x100000x100000xf32=0",
     "has too many elements"},
    // Zero elements, but the other dimensions would still overflow the
    // strides.
    {"ElementCountOverflow",
     "0x4294967296x4294967296xf32=", "too many elements"},
    {"ElementTypes", "2xf8=1 2", "unknown element type 'f8'"},
    {"ElementTypes", "2xui8=1 2", "unknown element type 'ui8'"},
    {"ElementTypes", "2x3x=1", "missing element type in '2x3x'"},
    {"UnbalancedBrackets", "2xf32=[1 2",
     "unbalanced brackets: 1 '[' not closed"},
    {"UnbalancedBrackets", "2xf32=1 2]",
     "unbalanced brackets: ']' at offset 3"},
    {"UnbalancedBrackets", "2xf32=]1 2[", "no matching '['"},
};

void PrintTo(const SpecError &error, std::ostream *os) {
  *os << "'" << error.spec << "'";
}

class TensorSpecErrorTest : public ::testing::TestWithParam<SpecError> {};

TEST_P(TensorSpecErrorTest, IsInvalidWithItsMessage) {
  EXPECT_INVALID(parseError(GetParam().spec), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(TensorSpec, TensorSpecErrorTest,
                         ::testing::ValuesIn(kSpecErrors),
                         [](const ::testing::TestParamInfo<SpecError> &info) {
                           return info.param.group + std::to_string(info.index);
                         });

TEST(TensorSpecTest, NeverCrashesOnPrefixesAndGarbage) {
  // Every prefix of valid specs, plus bytes that are not text at all; only
  // the absence of a crash is checked for the prefixes.
  for (std::string_view spec :
       {"2x3xf32=[1 2 3][4 5.5e-3 -inf]", "4xi1=true false 1 0",
        "3xi32=-2147483648 0 +7", "@/nonexistent/x.npy"})
    for (size_t n = 0; n <= spec.size(); ++n)
      (void)parseTensorSpec(spec.substr(0, n));
  std::string garbage;
  for (int c = 0; c < 256; ++c)
    garbage += static_cast<char>(c);
  EXPECT_FALSE(parseTensorSpec(garbage).ok());
  EXPECT_FALSE(parseTensorSpec("2xf32=" + garbage).ok());
  EXPECT_FALSE(parseTensorSpec(std::string_view("2xf32=1\0 2", 10)).ok());
}

TEST_F(TensorIOFileTest, RawFile) {
  Tensor expected = parse("2x3xf32=1 2 3 4 5 -6.5");
  const nn::Tensor &bytes = expected.getTensor();
  std::string raw = path("raw.bin");
  writeFile(raw,
            std::string_view(reinterpret_cast<const char *>(bytes.getBytes()),
                             bytes.getByteSize()));
  EXPECT_EQ(parse("2x3xf32=@" + raw), expected);
  // The same 24 bytes are 3 doubles or 6 i32s, but not 2x3 doubles.
  EXPECT_EQ(parse("3xf64=@" + raw).getNumElements(), 3);
  EXPECT_INVALID(parseError("2x3xf64=@" + raw),
                 "2x3xf64 needs 48 bytes but '" + raw + "' has 24 bytes");
}

TEST_F(TensorIOFileTest, MissingFiles) {
  std::string missing = path("missing.bin");
  EXPECT_ERROR(parseError("2xf32=@" + missing), absl::StatusCode::kNotFound,
               missing);
  EXPECT_ERROR(parseError("@" + missing), absl::StatusCode::kNotFound, missing);
  EXPECT_ERROR(readNpy(missing).status(), absl::StatusCode::kNotFound,
               "cannot read '" + missing + "'");
  EXPECT_INVALID(parseError("@"), "missing file name after '@'");
  EXPECT_INVALID(parseError("2xf32=@"), "missing file name after '@'");
}

TEST_F(TensorIOFileTest, NpySpec) {
  Tensor expected = parse("2x2xi64=[1 -2][3 4]");
  std::string file = path("t.npy");
  ASSERT_TRUE(writeNpy(file, expected).ok());
  EXPECT_EQ(parse("@" + file), expected);
  // Errors from the file name it.
  writeFile(file, "not numpy");
  EXPECT_INVALID(parseError("@" + file), "'" + file + "': not a .npy file");
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

/// Tensors of every .npy type and the shapes (), (0,), (3,), (2, 3, 4), with
/// edge values where they fit.
std::vector<Tensor> npyTensors() {
  std::vector<Tensor> tensors;
  std::vector<std::vector<int64_t>> shapes = {{}, {0}, {3}, {2, 3, 4}};
  for (DType type :
       {DType::F16, DType::F32, DType::F64, DType::I1, DType::I32, DType::I64})
    for (const std::vector<int64_t> &shape : shapes) {
      Tensor tensor(type, shape);
      std::vector<double> floats = {-0.0, 0.1, kNaN, kInf, -kInf, 65504, 1e-7};
      std::vector<int64_t> ints = {-1, 2147483647, INT64_MIN, 7, 0};
      for (int64_t i = 0; i < tensor.getNumElements(); ++i) {
        if (tensor.isFloat())
          tensor.setDouble(i, i < 7 ? floats[i] : i * -1.25);
        else
          tensor.setInt(i, i < 5 ? ints[i] : i * 1000003);
      }
      tensors.push_back(tensor);
    }
  return tensors;
}

TEST(NpyTest, RoundTripsEveryType) {
  for (const Tensor &tensor : npyTensors()) {
    absl::StatusOr<std::string> bytes = serializeNpy(tensor);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    absl::StatusOr<Tensor> back = parseNpy(*bytes);
    ASSERT_TRUE(back.ok()) << tensor.getTypeString() << ": " << back.status();
    EXPECT_EQ(*back, tensor)
        << formatTensor(tensor) << " vs " << formatTensor(*back);
  }
}

TEST_F(TensorIOFileTest, NpyFileRoundTrip) {
  std::string file = path("round.npy");
  for (const Tensor &tensor : npyTensors()) {
    ASSERT_TRUE(writeNpy(file, tensor).ok());
    absl::StatusOr<Tensor> back = readNpy(file);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, tensor) << tensor.getTypeString();
  }
  EXPECT_ERROR(writeNpy(path("no/such/dir.npy"), npyTensors()[0]),
               absl::StatusCode::kNotFound, "cannot write");
}

TEST(NpyTest, ExactBytes) {
  absl::StatusOr<std::string> bytes =
      serializeNpy(parse("2x3xf32=1 2 3 4 5 6"));
  ASSERT_TRUE(bytes.ok());
  // 10 bytes of preamble + 59 of dict + '\n' pad to 128, as NumPy's own.
  std::string dict =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  ASSERT_EQ(bytes->size(), 128u + 24u);
  EXPECT_EQ(bytes->substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(llvm::support::endian::read16le(bytes->data() + 8), 128 - 10);
  EXPECT_EQ(bytes->substr(10, dict.size()), dict);
  EXPECT_EQ(bytes->substr(10 + dict.size(), 127 - 10 - dict.size()),
            std::string(127 - 10 - dict.size(), ' '));
  EXPECT_EQ((*bytes)[127], '\n');
  float third;
  std::memcpy(&third, bytes->data() + 128 + 8, 4);
  EXPECT_EQ(third, 3.0f);

  // The dict without its padding; the data always starts 64-aligned.
  auto dictOf = [](const Tensor &tensor) {
    std::string npy = *serializeNpy(tensor);
    size_t newline = npy.find('\n');
    EXPECT_EQ((newline + 1) % 64, 0u);
    EXPECT_EQ(npy.size(), newline + 1 + tensor.getTensor().getByteSize());
    return llvm::StringRef(npy).slice(10, newline).rtrim(' ').str();
  };
  EXPECT_EQ(dictOf(parse("i1=1")),
            "{'descr': '|b1', 'fortran_order': False, 'shape': (), }");
  EXPECT_EQ(dictOf(parse("3xi64=1 2 3")),
            "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }");
  EXPECT_EQ(dictOf(parse("1x0x2xf16=")),
            "{'descr': '<f2', 'fortran_order': False, 'shape': (1, 0, 2), }");
  EXPECT_EQ(dictOf(parse("f64=1")),
            "{'descr': '<f8', 'fortran_order': False, 'shape': (), }");
  EXPECT_EQ(dictOf(parse("i32=1")),
            "{'descr': '<i4', 'fortran_order': False, 'shape': (), }");
}

TEST_F(TensorIOFileTest, Bf16HasNoDtype) {
  Tensor tensor = parse("2xbf16=1 2");
  EXPECT_INVALID(serializeNpy(tensor).status(),
                 "cannot write 2xbf16 as .npy: bf16 has no NumPy dtype");
  std::string file = path("bf16.npy");
  EXPECT_INVALID(writeNpy(file, tensor), "bf16 has no NumPy dtype");
  EXPECT_FALSE(llvm::sys::fs::exists(file));
}

TEST(NpyTest, Version2ForLongHeaders) {
  // 22000 dimensions of size 1 need a header over 65535 bytes.
  Tensor tensor(DType::I32, std::vector<int64_t>(22000, 1));
  tensor.setInt(0, 42);
  absl::StatusOr<std::string> bytes = serializeNpy(tensor);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ((*bytes)[6], 2);
  EXPECT_EQ((*bytes)[7], 0);
  uint32_t headerLength = llvm::support::endian::read32le(bytes->data() + 8);
  EXPECT_GT(headerLength, 65535u);
  EXPECT_EQ((12 + headerLength) % 64, 0u);
  EXPECT_EQ(bytes->size(), 12 + headerLength + 4);
  absl::StatusOr<Tensor> back = parseNpy(*bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, tensor);
  // Every dimension but the outermost is bracketed.
  EXPECT_EQ(formatTensor(*back), tensor.getTypeString() + "=" +
                                     std::string(21999, '[') + "42" +
                                     std::string(21999, ']'));
}

TEST(NpyTest, ReadsVersions2And3) {
  std::string data(8, '\0');
  data[0] = 5;
  data[4] = -1;
  for (int major : {2, 3}) {
    absl::StatusOr<Tensor> tensor = parseNpy(npyFile(
        major, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }\n",
        data));
    ASSERT_TRUE(tensor.ok()) << tensor.status();
    EXPECT_EQ(tensor->toInts(), (std::vector<int64_t>{5, 255}));
  }
}

TEST(NpyTest, LenientHeaderSyntax) {
  std::string data(16, '\0');
  data[8] = 1;
  // Keys in any order, double quotes, no trailing comma, odd spacing,
  // Python 2 longs, '=' and '|' byte orders.
  for (std::string_view header :
       {"{\"shape\":(2,),'fortran_order' : False,'descr':'<i8'}",
        "  { 'fortran_order': False, 'descr': '=i8', 'shape': (2L,) }\n",
        "{'descr': '|i8', 'shape': (2), 'fortran_order': False, }"}) {
    absl::StatusOr<Tensor> tensor = parseNpy(npyFile(header, data));
    ASSERT_TRUE(tensor.ok()) << header << ": " << tensor.status();
    EXPECT_EQ(*tensor, parse("2xi64=0 1"));
  }
  absl::StatusOr<Tensor> flag = parseNpy(npyFile(
      "{'descr': '>b1', 'fortran_order': False, 'shape': (1, 1)}", "\x02"));
  ASSERT_TRUE(flag.ok()) << flag.status();
  EXPECT_EQ(*flag, parse("1x1xi1=1"));
}

TEST(NpyTest, BadMagicAndVersion) {
  EXPECT_INVALID(npyError(""), "not a .npy file (bad magic)");
  EXPECT_INVALID(npyError("\x93NUMPX\x01\x00\x00\x00"), "bad magic");
  EXPECT_INVALID(npyError("\x93NUMPY"), "truncated .npy file");
  EXPECT_INVALID(npyError(std::string("\x93NUMPY\x01\x00\x05", 9)),
                 "truncated .npy file: no header length");
  EXPECT_INVALID(npyError(npyFile(4, "{}", "")),
                 "unsupported .npy format version 4.0");
  std::string bytes = npyFile(1, "{}", "");
  bytes[7] = 1;
  EXPECT_INVALID(npyError(bytes), "unsupported .npy format version 1.1");
}

TEST(NpyTest, HeaderLengthPastTheEnd) {
  std::string bytes = npyFile(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", "abcd");
  bytes[8] = '\xff';
  bytes[9] = '\x7f';
  EXPECT_INVALID(npyError(bytes),
                 "header length 32767 runs past the end of the file");
  std::string v2 = npyFile(2, "{}", "");
  llvm::support::endian::write32le(v2.data() + 8, 0xffffffffu);
  EXPECT_INVALID(npyError(v2), "header length 4294967295 runs past the end");
}

TEST(NpyTest, GarbageHeaders) {
  for (std::string_view header :
       {"", "hello world", "{", "{'descr' '<f4'}", "{'descr': <f4}",
        "{'descr': '<f4", "{'descr': '<f\\x34'}", "{'shape': [2, 3]}",
        "{'shape': (2 3)}", "{'shape': (2,,)}", "{'fortran_order': false}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': ()} x",
        "{'descr': '<f4' 'fortran_order': False}"})
    EXPECT_INVALID(npyError(npyFile(header, "")), "malformed .npy header");
}

/// A .npy file, its header and the size of its data (zero bytes), that
/// parseNpy rejects, and what its message says.
struct NpyError {
  const char *group;
  std::string header;
  size_t dataBytes;
  const char *message;
};

/// A header with these values, as numpy writes it (a comma after the last).
std::string npyHeader(std::string descr, std::string shape,
                      std::string fortranOrder = "False") {
  return "{'descr': '" + descr + "', 'fortran_order': " + fortranOrder +
         ", 'shape': " + shape + ", }";
}

const NpyError kNpyErrors[] = {
    {"MissingAndUnexpectedKeys", "{'descr': '<f4', 'fortran_order': False}", 0,
     "missing key 'shape'"},
    {"MissingAndUnexpectedKeys", "{'shape': (), 'fortran_order': False}", 4,
     "missing key 'descr'"},
    {"MissingAndUnexpectedKeys", "{'descr': '<f4', 'shape': ()}", 0,
     "missing key 'fortran_order'"},
    {"MissingAndUnexpectedKeys",
     "{'descr': '<f4', 'fortran_order': False, 'shape': (), 'extra': 1}", 0,
     "unexpected key 'extra'"},
    {"MissingAndUnexpectedKeys",
     "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", 0,
     "duplicate key 'descr'"},
    {"GarbageHeaders", "{'shape': (2 3)}", 0,
     "malformed .npy header: expected ',' or ')' in 'shape' at offset 13 in "
     "'{'shape': (2 3)}'"},
    {"GarbageHeaders",
     "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}", 0,
     "structured dtypes are not supported"},
    {"FortranOrder", npyHeader("<f4", "(2, 3)", "True"), 24,
     "Fortran-order (column-major) .npy files are not supported"},
    {"UnsupportedDtypes", npyHeader(">f4", "(1,)"), 8,
     "big-endian dtype '>f4' is not supported"},
    {"UnsupportedDtypes", npyHeader(">i8", "(1,)"), 8,
     "big-endian dtype '>i8'"},
    {"UnsupportedDtypes", npyHeader("<u1", "(1,)"), 8,
     "unsupported dtype '<u1'"},
    {"UnsupportedDtypes", npyHeader("<c8", "(1,)"), 8,
     "unsupported dtype '<c8'"},
    {"UnsupportedDtypes", npyHeader("f4", "(1,)"), 8, "unsupported dtype 'f4'"},
    {"UnsupportedDtypes", npyHeader("", "(1,)"), 8, "unsupported dtype ''"},
    {"DataSizeMustMatch", npyHeader("<f4", "(2, 3)"), 20,
     "header says 2x3xf32 (24 bytes) but the file has 20 bytes of data"},
    {"DataSizeMustMatch", npyHeader("<f4", "(2, 3)"), 28,
     "header says 2x3xf32 (24 bytes) but the file has 28 bytes"},
    {"BadShapes", "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", 0,
     "negative dimension"},
    {"BadShapes", "{'descr': '<f4', 'fortran_order': False, 'shape': (a,)}", 0,
     "expected a dimension"},
    {"BadShapes",
     "{'descr': '<f4', 'fortran_order': False, 'shape': "
     "(99999999999999999999,)}",
     0, "dimension too large"},
    {"BadShapes",
     "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, "
     "4294967296)}",
     0, "4294967296x4294967296xf32 has too many elements"},
    {"BadShapes",
     "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4294967296, "
     "4294967296)}",
     0, "has too many elements"},
};

void PrintTo(const NpyError &error, std::ostream *os) {
  *os << error.header << " with " << error.dataBytes << " bytes of data";
}

class NpyErrorTest : public ::testing::TestWithParam<NpyError> {};

TEST_P(NpyErrorTest, IsInvalidWithItsMessage) {
  const NpyError &error = GetParam();
  EXPECT_INVALID(
      npyError(npyFile(error.header, std::string(error.dataBytes, '\0'))),
      error.message);
}

INSTANTIATE_TEST_SUITE_P(Npy, NpyErrorTest, ::testing::ValuesIn(kNpyErrors),
                         [](const ::testing::TestParamInfo<NpyError> &info) {
                           return info.param.group + std::to_string(info.index);
                         });

TEST(NpyTest, ExactDataAndEmptyHugeShapesAreValid) {
  // The data size of the header, and a huge shape with no element.
  EXPECT_TRUE(
      parseNpy(npyFile(npyHeader("<f4", "(2, 3)"), std::string(24, '\0')))
          .ok());
  EXPECT_TRUE(parseNpy(npyFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (0, 4294967296)}",
                               ""))
                  .ok());
}

TEST(NpyTest, NeverCrashesOnCorruptFiles) {
  std::string valid = *serializeNpy(parse("2x3xi32=1 2 3 4 5 6"));
  size_t dataStart = valid.size() - 24;
  // Every truncation is an error.
  for (size_t n = 0; n < valid.size(); ++n)
    EXPECT_FALSE(parseNpy(std::string_view(valid).substr(0, n)).ok()) << n;
  // Every byte replaced by a few values: no crash; only header bytes can
  // make it fail, and the data bytes only change values.
  for (size_t i = 0; i < valid.size(); ++i)
    for (char c : {'\0', '\x7f', '\xff', '(', '\'', '9', ' '}) {
      std::string corrupt = valid;
      corrupt[i] = c;
      absl::StatusOr<Tensor> tensor = parseNpy(corrupt);
      if (i >= dataStart)
        EXPECT_TRUE(tensor.ok()) << i << ": " << tensor.status();
    }
}

TEST_F(TensorIOFileTest, NumpyWritesWeRead) {
  std::string python = findNumpyPython();
  if (python.empty())
    GTEST_SKIP() << "no python3 with numpy";
  std::string command =
      python + " -c \"import numpy as np, os; d = '" + std::string(dir) +
      "'\n"
      "np.save(os.path.join(d, 'f32.npy'), np.array([[1.5, -2], [0.1, "
      "np.inf]], dtype=np.float32))\n"
      "np.save(os.path.join(d, 'f16.npy'), np.array(0.1, dtype=np.float16))\n"
      "np.save(os.path.join(d, 'f64.npy'), np.arange(6.0).reshape(3, 2) / 3)\n"
      "np.save(os.path.join(d, 'bool.npy'), np.array([True, False, True]))\n"
      "np.save(os.path.join(d, 'i32.npy'), np.array([[-1, 2**31 - 1]], "
      "dtype=np.int32))\n"
      "np.save(os.path.join(d, 'i64.npy'), np.zeros((0, 5), dtype=np.int64))\n"
      "np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray(np.ones((2, "
      "3))))\"";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  auto read = [&](const char *name) {
    absl::StatusOr<Tensor> tensor = readNpy(path(name));
    EXPECT_TRUE(tensor.ok()) << name << ": " << tensor.status();
    return tensor.ok() ? formatTensor(*tensor) : "";
  };
  EXPECT_EQ(read("f32.npy"), "2x2xf32=[1.5 -2][0.1 inf]");
  EXPECT_EQ(read("f16.npy"), "f16=0.1");
  EXPECT_EQ(
      read("f64.npy"),
      "3x2xf64=[0 0.3333333333333333][0.6666666666666666 1][1.3333333333333333 "
      "1.6666666666666667]");
  EXPECT_EQ(read("bool.npy"), "3xi1=[1 0 1]");
  EXPECT_EQ(read("i32.npy"), "1x2xi32=[-1 2147483647]");
  EXPECT_EQ(read("i64.npy"), "0x5xi64=[]");
  EXPECT_INVALID(readNpy(path("fortran.npy")).status(), "Fortran-order");
}

TEST_F(TensorIOFileTest, NumpyReadsWhatWeWrote) {
  std::string python = findNumpyPython();
  if (python.empty())
    GTEST_SKIP() << "no python3 with numpy";
  ASSERT_TRUE(
      writeNpy(path("f32.npy"), parse("2x3xf32=[1 2 3][4 5 0.1]")).ok());
  ASSERT_TRUE(writeNpy(path("f16.npy"), parse("f16=-0.5")).ok());
  ASSERT_TRUE(writeNpy(path("f64.npy"), parse("2xf64=nan -inf")).ok());
  ASSERT_TRUE(writeNpy(path("bool.npy"), parse("2xi1=true false")).ok());
  ASSERT_TRUE(writeNpy(path("i32.npy"), parse("0xi32=")).ok());
  ASSERT_TRUE(
      writeNpy(path("i64.npy"), parse("1x1x2xi64=-9223372036854775808 5"))
          .ok());
  // The script exits non-zero when any check fails.
  std::string command =
      python + " -c \"import numpy as np, os, sys; d = '" + std::string(dir) +
      "'\n"
      "def load(name): return np.load(os.path.join(d, name))\n"
      "a = load('f32.npy'); assert a.dtype == np.float32 and a.shape == (2, "
      "3)\n"
      "assert (a == np.array([[1, 2, 3], [4, 5, 0.1]], np.float32)).all()\n"
      "a = load('f16.npy'); assert a.dtype == np.float16 and a.shape == ()\n"
      "assert a == -0.5\n"
      "a = load('f64.npy'); assert a.dtype == np.float64\n"
      "assert np.isnan(a[0]) and a[1] == -np.inf\n"
      "a = load('bool.npy'); assert a.dtype == np.bool_\n"
      "assert a.tolist() == [True, False]\n"
      "a = load('i32.npy'); assert a.dtype == np.int32 and a.shape == (0,)\n"
      "a = load('i64.npy'); assert a.dtype == np.int64\n"
      "assert a.tolist() == [[[-2**63, 5]]]\"";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

//===----------------------------------------------------------------------===//
// formatTensor
//===----------------------------------------------------------------------===//

TEST(FormatTest, Shapes) {
  EXPECT_EQ(formatTensor(parse("2x3xf32=1 2 3 4 5 6")),
            "2x3xf32=[1 2 3][4 5 6]");
  EXPECT_EQ(formatTensor(parse("f32=3.5")), "f32=3.5");
  EXPECT_EQ(formatTensor(parse("3xi32=1 2 3")), "3xi32=[1 2 3]");
  EXPECT_EQ(formatTensor(parse("2x2x2xi64=1 2 3 4 5 6 7 8")),
            "2x2x2xi64=[[1 2][3 4]][[5 6][7 8]]");
  EXPECT_EQ(formatTensor(parse("1x1x1xf32=9")), "1x1x1xf32=[[9]]");
  EXPECT_EQ(formatTensor(parse("3x1xi32=1 2 3")), "3x1xi32=[1][2][3]");
  EXPECT_EQ(formatTensor(parse("0x3xf32=")), "0x3xf32=[]");
  EXPECT_EQ(formatTensor(parse("2x0xf32=")), "2x0xf32=[]");
  EXPECT_EQ(formatTensor(parse("0xi1=")), "0xi1=[]");
  EXPECT_EQ(formatTensor(parse("3xi1=true false 1")), "3xi1=[1 0 1]");
}

TEST(FormatTest, ShortestFloats) {
  auto format = [](DType type, double value) {
    return formatTensor(makeFloats(type, {}, {value}));
  };
  EXPECT_EQ(format(DType::F32, 0.1), "f32=0.1");
  EXPECT_EQ(format(DType::F32, 1.0 / 3), "f32=0.33333334");
  EXPECT_EQ(format(DType::F64, 1.0 / 3), "f64=0.3333333333333333");
  EXPECT_EQ(format(DType::F64, 0.1), "f64=0.1");
  EXPECT_EQ(format(DType::F16, 0.1), "f16=0.1");
  EXPECT_EQ(format(DType::F16, 1.0 / 3), "f16=0.3333");
  EXPECT_EQ(format(DType::BF16, 1.0 / 3), "bf16=0.334");
  EXPECT_EQ(format(DType::F32, 1), "f32=1");
  EXPECT_EQ(format(DType::F32, -2), "f32=-2");
  EXPECT_EQ(format(DType::F32, 100), "f32=100");
  EXPECT_EQ(format(DType::F16, 2048), "f16=2048");
  EXPECT_EQ(format(DType::F64, 123456789012345), "f64=123456789012345");
  EXPECT_EQ(format(DType::F32, 1e20), "f32=1e+20");
  EXPECT_EQ(format(DType::F64, 1.5e-7), "f64=1.5e-07");
  EXPECT_EQ(format(DType::F64, 0.00025), "f64=0.00025");
  EXPECT_EQ(format(DType::F64, -0.0), "f64=-0");
  EXPECT_EQ(format(DType::F64, 5e-324), "f64=5e-324");
  EXPECT_EQ(format(DType::F64, std::numeric_limits<double>::max()),
            "f64=1.7976931348623157e+308");
  EXPECT_EQ(format(DType::F32, kNaN), "f32=nan");
  EXPECT_EQ(format(DType::F32, kInf), "f32=inf");
  EXPECT_EQ(format(DType::BF16, -kInf), "bf16=-inf");
}

/// Every value of `type` whose bits are `bits` for bits in `patterns`.
Tensor fromBitPatterns(DType type, const std::vector<uint64_t> &patterns) {
  int64_t width = static_cast<int64_t>(nn::getDTypeSize(type));
  std::vector<uint8_t> bytes(patterns.size() * width);
  for (size_t i = 0; i < patterns.size(); ++i)
    for (int64_t b = 0; b < width; ++b)
      bytes[i * width + b] = static_cast<uint8_t>(patterns[i] >> (8 * b));
  return *Tensor::fromBytes(type, {static_cast<int64_t>(patterns.size())},
                            bytes.data(), bytes.size());
}

TEST(FormatTest, ParsesBackExactly) {
  std::vector<uint64_t> all16(1 << 16);
  for (uint64_t i = 0; i < all16.size(); ++i)
    all16[i] = i;
  // A spread of f32 / f64 bit patterns, from a fixed LCG.
  std::vector<uint64_t> random;
  uint64_t state = 12345;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    random.push_back(state);
  }
  std::vector<uint64_t> random32;
  for (uint64_t bits : random)
    random32.push_back(bits >> 32);
  std::vector<Tensor> tensors = {
      fromBitPatterns(DType::F16, all16),
      fromBitPatterns(DType::BF16, all16),
      fromBitPatterns(DType::F32, random32),
      fromBitPatterns(DType::F64, random),
      fromBitPatterns(DType::F32, {0x00000001, 0x7f7fffff, 0x80800000}),
      makeInts(DType::I1, {2, 2}, {1, 0, 0, 1}),
      makeInts(DType::I32, {3}, {INT32_MIN, INT32_MAX, 0}),
      makeInts(DType::I64, {1, 2}, {INT64_MIN, INT64_MAX}),
      makeFloats(DType::F64, {}, {-1e-300}),
      makeFloats(DType::F32, {0, 3}, {})};
  for (const Tensor &tensor : tensors) {
    std::string text = formatTensor(tensor);
    absl::StatusOr<Tensor> back = parseTensorSpec(text);
    ASSERT_TRUE(back.ok()) << back.status();
    if (*back == tensor)
      continue;
    for (int64_t i = 0; i < tensor.getNumElements(); ++i) {
      double want = tensor.getDouble(i), got = back->getDouble(i);
      ASSERT_TRUE(want == got || (std::isnan(want) && std::isnan(got)))
          << tensor.getTypeString() << " element " << i << ": " << want
          << " read back as " << got;
    }
    ADD_FAILURE() << text;
  }
}

//===----------------------------------------------------------------------===//
// compareTensors
//===----------------------------------------------------------------------===//

TEST(CompareTest, WithinThreshold) {
  Tensor expected = parse("2x2xf32=[1 2][100 0]");
  EXPECT_TRUE(compareTensors(expected, expected, 0).ok());
  // The allowed difference grows with |expected|: 0.01 * (1 + 100).
  EXPECT_TRUE(
      compareTensors(expected, parse("2x2xf32=[1.01 1.98][101 -0.01]"), 0.0101)
          .ok());
  EXPECT_FALSE(
      compareTensors(expected, parse("2x2xf32=[1 2][102 0]"), 0.0099).ok());
  EXPECT_TRUE(compareTensors(parse("0x2xf32="), parse("0x2xf32="), 0).ok());
}

TEST(CompareTest, NamesTheFirstDifference) {
  Tensor expected = parse("2x3xf32=[1 2 3][4 5 0.5]");
  EXPECT_INVALID(
      compareTensors(expected, parse("2x3xf32=[1 2 3][4 5 0.75]"), 1e-3),
      "element [1, 2]: expected 0.5 but got 0.75 (1 of 6 elements differ)");
  EXPECT_INVALID(
      compareTensors(expected, parse("2x3xf32=[1 2.5 3][4 6 0.5]"), 1e-3),
      "element [0, 1]: expected 2 but got 2.5 (2 of 6 elements differ)");
  EXPECT_INVALID(compareTensors(parse("f64=0.1"), parse("f64=0.2"), 0),
                 "element []: expected 0.1 but got 0.2");
  EXPECT_INVALID(compareTensors(parse("2x1x2xf16=1 2 3 4"),
                                parse("2x1x2xf16=1 2 3 5"), 0.1),
                 "element [1, 0, 1]: expected 4 but got 5");
}

TEST(CompareTest, TypesAndShapesMustMatch) {
  EXPECT_INVALID(compareTensors(parse("2x3xf32=0"), parse("2x3xf64=0"), 1),
                 "type mismatch: expected 2x3xf32 but got 2x3xf64");
  EXPECT_INVALID(compareTensors(parse("2x3xf32=0"), parse("3x2xf32=0"), 1),
                 "expected 2x3xf32 but got 3x2xf32");
  EXPECT_INVALID(compareTensors(parse("i32=0"), parse("1xi32=0"), 1),
                 "expected i32 but got 1xi32");
  EXPECT_INVALID(compareTensors(parse("f32=0"), parse("f32=0"), -1),
                 "threshold must be non-negative");
}

TEST(CompareTest, NanAndInfinity) {
  double huge = 1e300;
  auto compare = [](double e, double a, double threshold = 1e10) {
    return compareTensors(makeFloats(DType::F64, {}, {e}),
                          makeFloats(DType::F64, {}, {a}), threshold);
  };
  EXPECT_TRUE(compare(kNaN, kNaN).ok());
  EXPECT_INVALID(compare(kNaN, 1), "expected nan but got 1");
  EXPECT_INVALID(compare(1, kNaN), "expected 1 but got nan");
  EXPECT_TRUE(compare(kInf, kInf).ok());
  EXPECT_TRUE(compare(-kInf, -kInf).ok());
  EXPECT_INVALID(compare(kInf, -kInf), "expected inf but got -inf");
  EXPECT_INVALID(compare(kInf, huge), "expected inf but got 1e+300");
  EXPECT_INVALID(compare(huge, kInf), "expected 1e+300 but got inf");
  EXPECT_INVALID(compare(-huge, huge, 1), "expected -1e+300 but got 1e+300");
}

TEST(CompareTest, IntegersAreExact) {
  EXPECT_TRUE(
      compareTensors(parse("3xi32=1 2 3"), parse("3xi32=1 2 3"), 0).ok());
  EXPECT_INVALID(compareTensors(parse("3xi32=1 2 3"), parse("3xi32=1 2 4"), 10),
                 "element [2]: expected 3 but got 4");
  EXPECT_INVALID(compareTensors(parse("2xi1=1 0"), parse("2xi1=1 1"), 10),
                 "element [1]: expected 0 but got 1");
  EXPECT_INVALID(compareTensors(parse("i64=9223372036854775807"),
                                parse("i64=9223372036854775806"), 1),
                 "expected 9223372036854775807 but got 9223372036854775806");
}

} // namespace
