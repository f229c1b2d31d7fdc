//===- TensorIO.cpp - Reading, writing and comparing host tensors ---------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Everything here reads untrusted text or bytes, so every parser checks
// bounds and arithmetic itself and reports a Status instead of asserting.
// Numbers go through std::from_chars (integers) and std::strtod on a
// pre-validated token (floats), which never throw.
//
//===----------------------------------------------------------------------===//

#include "nn/Reference/TensorIO.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Support/Sizes.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace nn::ref {
namespace {

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

/// The most elements a parsed tensor may have: a one-value splat such as
/// `100000x100000x100000xf32=0` must fail cleanly instead of aborting in the
/// allocator (there are no exceptions to catch bad_alloc).
constexpr int64_t kMaxElements = int64_t{1} << 32;

/// Checks that `shape` is non-negative and small enough for Tensor. The limit
/// applies to the product of the non-zero dimensions: Tensor multiplies the
/// dimensions in several orders (its constructor, getStrides), and none of
/// those partial products may overflow even when a later dimension is 0.
absl::Status checkShape(const std::vector<int64_t> &shape, DType type) {
  int64_t product = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return absl::InvalidArgumentError("negative dimension " +
                                        std::to_string(dim) + " in " +
                                        formatTensorType(shape, type));
    if (dim == 0)
      continue;
    if (__builtin_mul_overflow(product, dim, &product) ||
        product > kMaxElements)
      return absl::InvalidArgumentError(
          formatTensorType(shape, type) +
          " has too many elements (the limit is " +
          std::to_string(kMaxElements) + ")");
  }
  return absl::OkStatus();
}

/// The element count of a shape that passed checkShape (so no overflow).
int64_t countElements(const std::vector<int64_t> &shape) {
  return getElementCount(shape).value_or(0);
}

/// Quotes a piece of untrusted input for an error message: long tokens are
/// shortened and control bytes replaced, so the message stays readable.
std::string quote(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (text.size() > kMaxShown)
    out += "...";
  return out + "'";
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool allDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), isDigit);
}

absl::StatusOr<std::unique_ptr<llvm::MemoryBuffer>>
readFile(const std::string &path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (std::error_code error = buffer.getError()) {
    std::string message = "cannot read '" + path + "': " + error.message();
    if (error == std::errc::no_such_file_or_directory)
      return absl::NotFoundError(message);
    return absl::InvalidArgumentError(message);
  }
  return std::move(*buffer);
}

/// Reads at most `limit` bytes of `path`: the size a caller expects plus
/// one, so that a file that is too long is detected, and a device or pipe
/// that never ends (/dev/zero) is not read until memory runs out.
absl::StatusOr<std::string> readFilePrefix(const std::string &path,
                                           uint64_t limit) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file) {
    std::string message = "cannot read '" + path + "': " + std::strerror(errno);
    if (errno == ENOENT)
      return absl::NotFoundError(message);
    return absl::InvalidArgumentError(message);
  }
  std::string bytes;
  char chunk[1 << 16];
  while (bytes.size() < limit) {
    size_t want = std::min<uint64_t>(sizeof(chunk), limit - bytes.size());
    size_t got = std::fread(chunk, 1, want, file);
    bytes.append(chunk, got);
    if (got < want)
      break;
  }
  bool failed = std::ferror(file);
  std::fclose(file);
  if (failed)
    return absl::InvalidArgumentError("cannot read '" + path + "'");
  return bytes;
}

/// The memory limit: `maxTensorBytes`, or this machine's memory for 0.
uint64_t resolveLimit(uint64_t maxTensorBytes) {
  return maxTensorBytes ? maxTensorBytes : getDefaultMaxTensorBytes();
}

/// Checks a tensor about to be read or made against the memory limit.
absl::Status checkFits(const std::vector<int64_t> &shape, DType type,
                       uint64_t maxTensorBytes) {
  std::optional<int64_t> bytes = getByteSize(shape, getDTypeSize(type));
  uint64_t limit = resolveLimit(maxTensorBytes);
  if (bytes && static_cast<uint64_t>(*bytes) <= limit)
    return absl::OkStatus();
  return absl::InvalidArgumentError(
      formatTensorType(shape, type) + " needs " +
      (bytes ? std::to_string(*bytes) : std::string("over 2^63")) +
      " bytes; a tensor may have at most " + std::to_string(limit) +
      " (the memory limit)");
}

//===----------------------------------------------------------------------===//
// Element values
//===----------------------------------------------------------------------===//

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return llvm::StringRef(a).equals_insensitive(b);
}

/// Accepts exactly the float spellings of the grammar: an optional sign,
/// then `nan`, `inf`, `infinity` or a decimal with an optional exponent.
/// strtod alone would also take hex floats, `nan(...)` and leading blanks.
bool isFloatLiteral(std::string_view token, bool &isInf) {
  isInf = false;
  size_t i = 0;
  if (i < token.size() && (token[i] == '+' || token[i] == '-'))
    ++i;
  std::string_view body = token.substr(i);
  if (equalsIgnoringCase(body, "nan"))
    return true;
  if (equalsIgnoringCase(body, "inf") || equalsIgnoringCase(body, "infinity"))
    return isInf = true;
  size_t digits = 0;
  while (i < token.size() && isDigit(token[i]))
    ++i, ++digits;
  if (i < token.size() && token[i] == '.') {
    ++i;
    while (i < token.size() && isDigit(token[i]))
      ++i, ++digits;
  }
  if (digits == 0)
    return false;
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-'))
      ++i;
    if (i == token.size() || !isDigit(token[i]))
      return false;
    while (i < token.size() && isDigit(token[i]))
      ++i;
  }
  return i == token.size();
}

/// Parses one value of a float tensor, rounded to the element type.
absl::StatusOr<double> parseFloatValue(DType type, std::string_view token,
                                       size_t index) {
  std::string what = "bad " + std::string(getDTypeName(type)) + " value #" +
                     std::to_string(index + 1) + " " + quote(token);
  bool isInf;
  if (!isFloatLiteral(token, isInf))
    return absl::InvalidArgumentError(what + ": not a number");
  std::string text(token);
  errno = 0;
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size())
    return absl::InvalidArgumentError(what + ": not a number");
  // Underflow (ERANGE with a tiny result) just rounds, like any other value;
  // a finite literal that becomes infinite is almost surely a mistake.
  double rounded = roundToFloat(type, value);
  if (std::isinf(rounded) && !isInf)
    return absl::InvalidArgumentError(what + ": out of range for " +
                                      std::string(getDTypeName(type)));
  return rounded;
}

/// Parses one value of an integer tensor; it must fit the element type.
absl::StatusOr<int64_t> parseIntValue(DType type, std::string_view token,
                                      size_t index) {
  std::string name(getDTypeName(type));
  std::string what = "bad " + name + " value #" + std::to_string(index + 1) +
                     " " + quote(token);
  if (type == DType::I1) {
    if (token == "true" || token == "True" || token == "1")
      return 1;
    if (token == "false" || token == "False" || token == "0")
      return 0;
    return absl::InvalidArgumentError(what + ": expected true, false, 1 or 0");
  }
  std::string_view digits = token;
  // from_chars takes '-' but not '+'; strip a '+' only before a digit so
  // that "+-5" stays an error.
  if (digits.size() >= 2 && digits[0] == '+' && isDigit(digits[1]))
    digits.remove_prefix(1);
  int64_t value = 0;
  auto [ptr, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range)
    return absl::InvalidArgumentError(what + ": out of range for " + name);
  if (ec != std::errc() || ptr != digits.data() + digits.size())
    return absl::InvalidArgumentError(what + ": not an integer");
  if (type == DType::I32 && (value < std::numeric_limits<int32_t>::min() ||
                             value > std::numeric_limits<int32_t>::max()))
    return absl::InvalidArgumentError(what + ": out of range for " + name);
  return value;
}

/// The shortest text that reads back (via strtod and roundToFloat) to exactly
/// `value` in the float type `type`, spelled like Python's repr but without
/// the trailing ".0": fixed notation for exponents in [-4, 16), scientific
/// otherwise.
std::string formatFloat(DType type, double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  auto readsBack = [&](const char *text) {
    return roundToFloat(type, std::strtod(text, nullptr)) == value;
  };
  char scientific[64];
  // 17 significant digits identify every double, so the loop always returns.
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(scientific, sizeof(scientific), "%.*e", digits - 1, value);
    if (!readsBack(scientific))
      continue;
    const char *e = std::strchr(scientific, 'e');
    int exponent = e ? std::atoi(e + 1) : 0;
    if (exponent < -4 || exponent >= 16)
      return scientific;
    // Same significant digits in fixed notation; |value| < 1e16 here, so
    // the text fits easily.
    char fixed[64];
    std::snprintf(fixed, sizeof(fixed), "%.*f",
                  std::max(0, digits - 1 - exponent), value);
    return readsBack(fixed) ? fixed : scientific;
  }
  std::snprintf(scientific, sizeof(scientific), "%.17g", value);
  return scientific;
}

std::string formatElement(const Tensor &tensor, int64_t i) {
  if (tensor.isFloat())
    return formatFloat(tensor.getElementType(), tensor.getDouble(i));
  return std::to_string(tensor.getInt(i));
}

//===----------------------------------------------------------------------===//
// Tensor specs
//===----------------------------------------------------------------------===//

/// Parses the `2x3xf32` before the '='.
absl::Status parseTensorType(llvm::StringRef text, DType &type,
                             std::vector<int64_t> &shape) {
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, 'x');
  if (parts.back().empty())
    return absl::InvalidArgumentError("missing element type in " + quote(text));
  absl::StatusOr<DType> parsedType = parseElementType(parts.back());
  if (!parsedType.ok())
    return parsedType.status();
  type = *parsedType;
  parts.pop_back();
  for (llvm::StringRef part : parts) {
    std::string prefix = "bad dimension " + quote(part) + " in " + quote(text);
    if (part.size() >= 2 && part[0] == '-' && allDigits(part.drop_front()))
      return absl::InvalidArgumentError(prefix + ": negative");
    if (!allDigits(part))
      return absl::InvalidArgumentError(prefix + ": not a number");
    int64_t dim = 0;
    auto [ptr, ec] = std::from_chars(part.begin(), part.end(), dim);
    if (ec != std::errc() || ptr != part.end())
      return absl::InvalidArgumentError(prefix + ": too large");
    shape.push_back(dim);
  }
  return checkShape(shape, type);
}

/// Splits the values after the '=' into tokens, dropping separators and the
/// grouping brackets after checking that they balance.
absl::Status tokenize(llvm::StringRef values,
                      std::vector<std::string_view> &tokens) {
  int64_t depth = 0;
  for (size_t i = 0; i < values.size();) {
    char c = values[i];
    if (c == '[') {
      ++depth;
      ++i;
    } else if (c == ']') {
      if (depth-- == 0)
        return absl::InvalidArgumentError(
            "unbalanced brackets: ']' at offset " + std::to_string(i) +
            " of the values has no matching '['");
      ++i;
    } else if (isSpace(c) || c == ',') {
      ++i;
    } else {
      size_t start = i;
      while (i < values.size() && !isSpace(values[i]) && values[i] != ',' &&
             values[i] != '[' && values[i] != ']')
        ++i;
      tokens.push_back(std::string_view(values.data() + start, i - start));
    }
  }
  if (depth != 0)
    return absl::InvalidArgumentError(
        "unbalanced brackets: " + std::to_string(depth) + " '[' not closed");
  return absl::OkStatus();
}

absl::StatusOr<Tensor> readRawFile(DType type, std::vector<int64_t> shape,
                                   const std::string &path) {
  int64_t expected =
      countElements(shape) * static_cast<int64_t>(getDTypeSize(type));
  absl::StatusOr<std::string> bytes = readFilePrefix(path, expected + 1);
  if (!bytes.ok())
    return bytes.status();
  uint64_t actual = bytes->size(), fileSize = 0;
  // A regular file's size is known without reading it all.
  if (actual > static_cast<uint64_t>(expected) &&
      !llvm::sys::fs::file_size(path, fileSize) && fileSize > actual)
    actual = fileSize;
  if (actual != static_cast<uint64_t>(expected))
    return absl::InvalidArgumentError(
        formatTensorType(shape, type) + " needs " + std::to_string(expected) +
        " bytes but '" + path + "' has " +
        (actual == bytes->size() && actual > static_cast<uint64_t>(expected)
             ? "more"
             : std::to_string(actual)) +
        " bytes");
  return Tensor::fromBytes(type, std::move(shape),
                           reinterpret_cast<const uint8_t *>(bytes->data()),
                           bytes->size());
}

//===----------------------------------------------------------------------===//
// .npy headers
//===----------------------------------------------------------------------===//

constexpr char kNpyMagic[] = "\x93NUMPY";
constexpr size_t kNpyMagicSize = 6;
/// NumPy aligns the data of .npy files to 64 bytes.
constexpr size_t kNpyAlign = 64;

/// The .npy dtype of an element type; null for bf16, which has none.
const char *npyDescr(DType type) {
  switch (type) {
  case DType::F16:
    return "<f2";
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I1:
    return "|b1";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::BF16:
    return nullptr;
  }
  return nullptr;
}

absl::StatusOr<DType> parseDescr(std::string_view descr) {
  static const struct {
    const char *kind;
    DType type;
  } kKinds[] = {{"f2", DType::F16}, {"f4", DType::F32}, {"f8", DType::F64},
                {"b1", DType::I1},  {"i4", DType::I32}, {"i8", DType::I64}};
  std::string supported =
      " (supported: <f2, <f4, <f8, |b1, <i4, <i8, little-endian or "
      "byte-order free)";
  if (descr.size() >= 2 && std::strchr("<>|=", descr[0])) {
    std::string_view kind = descr.substr(1);
    for (const auto &entry : kKinds) {
      if (kind != entry.kind)
        continue;
      // '=' is the writer's native order; like NumPy on the hosts we run on,
      // take it as little-endian. Byte order means nothing for bool.
      if (descr[0] == '>' && entry.type != DType::I1)
        return absl::InvalidArgumentError("big-endian dtype " + quote(descr) +
                                          " is not supported" + supported);
      return entry.type;
    }
  }
  return absl::InvalidArgumentError("unsupported dtype " + quote(descr) +
                                    supported);
}

/// Parses the Python dict literal of a .npy header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`. Only the
/// three keys NumPy writes are allowed, each once, in any order.
class NpyHeaderParser {
public:
  explicit NpyHeaderParser(std::string_view text) : text(text) {}

  absl::Status parse(DType &type, std::vector<int64_t> &shape) {
    std::string descr;
    bool haveDescr = false, haveFortran = false, haveShape = false;
    bool fortranOrder = false;
    skipSpace();
    if (!consume('{'))
      return error("expected '{'");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (absl::Status status = parseString(key); !status.ok())
        return status;
      skipSpace();
      if (!consume(':'))
        return error("expected ':' after key " + quote(key));
      skipSpace();
      if (key == "descr") {
        if (haveDescr)
          return error("duplicate key 'descr'");
        haveDescr = true;
        if (peek() == '[')
          return absl::InvalidArgumentError(
              "structured dtypes are not supported");
        if (absl::Status status = parseString(descr); !status.ok())
          return status;
      } else if (key == "fortran_order") {
        if (haveFortran)
          return error("duplicate key 'fortran_order'");
        haveFortran = true;
        if (consumeWord("True"))
          fortranOrder = true;
        else if (consumeWord("False"))
          fortranOrder = false;
        else
          return error("expected True or False for 'fortran_order'");
      } else if (key == "shape") {
        if (haveShape)
          return error("duplicate key 'shape'");
        haveShape = true;
        if (absl::Status status = parseShape(shape); !status.ok())
          return status;
      } else {
        return error("unexpected key " + quote(key));
      }
      skipSpace();
      if (consume(','))
        continue;
      if (consume('}'))
        break;
      return error("expected ',' or '}'");
    }
    skipSpace();
    if (pos != text.size())
      return error("unexpected text after '}'");
    for (auto [have, name] : {std::pair{haveDescr, "descr"},
                              std::pair{haveFortran, "fortran_order"},
                              std::pair{haveShape, "shape"}})
      if (!have)
        return absl::InvalidArgumentError(
            std::string("malformed .npy header: missing key '") + name +
            "' in " + quote(text));
    absl::StatusOr<DType> parsedType = parseDescr(descr);
    if (!parsedType.ok())
      return parsedType.status();
    type = *parsedType;
    if (fortranOrder)
      return absl::InvalidArgumentError(
          "Fortran-order (column-major) .npy files are not supported");
    return absl::OkStatus();
  }

private:
  char peek() const { return pos < text.size() ? text[pos] : '\0'; }

  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  bool consumeWord(std::string_view word) {
    if (text.substr(pos, word.size()) != word)
      return false;
    pos += word.size();
    return true;
  }

  void skipSpace() {
    while (pos < text.size() && isSpace(text[pos]))
      ++pos;
  }

  absl::Status error(const std::string &message) const {
    return absl::InvalidArgumentError("malformed .npy header: " + message +
                                      " at offset " + std::to_string(pos) +
                                      " in " + quote(text));
  }

  /// A '...' or "..." literal; escapes never occur in NumPy's keys and
  /// dtypes, so a backslash is an error rather than something to decode.
  absl::Status parseString(std::string &out) {
    char quoteChar = peek();
    if (quoteChar != '\'' && quoteChar != '"')
      return error("expected a string");
    size_t start = ++pos;
    while (pos < text.size() && text[pos] != quoteChar) {
      if (text[pos] == '\\')
        return error("unsupported escape in string");
      ++pos;
    }
    if (pos == text.size())
      return error("unterminated string");
    out.assign(text.substr(start, pos - start));
    ++pos;
    return absl::OkStatus();
  }

  /// A tuple of non-negative integers: `()`, `(3,)`, `(2, 3)`. Python 2's
  /// long suffix (`3L`) is accepted, and so is `(3)`, which Python would
  /// read as a plain int but can only mean a shape here.
  absl::Status parseShape(std::vector<int64_t> &shape) {
    if (!consume('('))
      return error("expected a tuple for 'shape'");
    while (true) {
      skipSpace();
      if (consume(')'))
        return absl::OkStatus();
      if (peek() == '-')
        return error("negative dimension in 'shape'");
      size_t start = pos;
      while (pos < text.size() && isDigit(text[pos]))
        ++pos;
      if (pos == start)
        return error("expected a dimension in 'shape'");
      int64_t dim = 0;
      auto [ptr, ec] =
          std::from_chars(text.data() + start, text.data() + pos, dim);
      if (ec != std::errc() || ptr != text.data() + pos)
        return error("dimension too large in 'shape'");
      shape.push_back(dim);
      consume('L');
      skipSpace();
      if (consume(','))
        continue;
      if (consume(')'))
        return absl::OkStatus();
      return error("expected ',' or ')' in 'shape'");
    }
  }

  std::string_view text;
  size_t pos = 0;
};

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

absl::StatusOr<Tensor> parseTensorSpec(std::string_view spec,
                                       uint64_t maxTensorBytes) {
  llvm::StringRef text = llvm::StringRef(spec).trim();
  if (text.empty())
    return absl::InvalidArgumentError("empty tensor spec");
  if (text.starts_with("@")) {
    llvm::StringRef path = text.drop_front();
    if (path.empty())
      return absl::InvalidArgumentError("missing file name after '@'");
    return readNpy(path.str(), maxTensorBytes);
  }
  size_t equals = text.find('=');
  if (equals == llvm::StringRef::npos)
    return absl::InvalidArgumentError(
        "missing '=' in tensor spec " + quote(text) +
        " (expected e.g. 2x3xf32=1 2 3 4 5 6 or @file.npy)");
  llvm::StringRef typeText = text.take_front(equals).trim();
  llvm::StringRef values = text.drop_front(equals + 1).trim();
  if (typeText.empty())
    return absl::InvalidArgumentError("missing tensor type before '=' in " +
                                      quote(text));
  DType type;
  std::vector<int64_t> shape;
  if (absl::Status status = parseTensorType(typeText, type, shape);
      !status.ok())
    return status;
  if (absl::Status status = checkFits(shape, type, maxTensorBytes);
      !status.ok())
    return status;

  if (values.starts_with("@")) {
    llvm::StringRef path = values.drop_front();
    if (path.empty())
      return absl::InvalidArgumentError("missing file name after '@'");
    return readRawFile(type, std::move(shape), path.str());
  }

  std::vector<std::string_view> tokens;
  if (absl::Status status = tokenize(values, tokens); !status.ok())
    return status;
  // Check every token before the count: a bad separator such as ';' makes
  // the count wrong too, and the bad token is the more useful message.
  std::vector<double> floats;
  std::vector<int64_t> ints;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (isFloat(type)) {
      absl::StatusOr<double> value = parseFloatValue(type, tokens[i], i);
      if (!value.ok())
        return value.status();
      floats.push_back(*value);
    } else {
      absl::StatusOr<int64_t> value = parseIntValue(type, tokens[i], i);
      if (!value.ok())
        return value.status();
      ints.push_back(*value);
    }
  }
  int64_t numElements = countElements(shape);
  int64_t count = static_cast<int64_t>(tokens.size());
  if (count != 1 && count != numElements)
    return absl::InvalidArgumentError(
        formatTensorType(shape, type) + " needs " +
        std::to_string(numElements) +
        (numElements == 1 ? " value" : " values") + " but " +
        std::to_string(count) + " were given");
  // Allocate only now, after the input has proven well-formed.
  Tensor tensor(type, std::move(shape));
  for (int64_t i = 0; i < numElements; ++i) {
    int64_t from = count == 1 ? 0 : i;
    if (tensor.isFloat())
      tensor.setDouble(i, floats[from]);
    else
      tensor.setInt(i, ints[from]);
  }
  return tensor;
}

absl::StatusOr<Tensor> readNpy(const std::string &path,
                               uint64_t maxTensorBytes) {
  // The header first (NumPy's own limit on its length is far below this);
  // its shape then bounds the read: one byte past it tells a longer file.
  constexpr uint64_t kMaxHeader = 1 << 20;
  absl::StatusOr<std::string> head = readFilePrefix(path, kMaxHeader);
  if (!head.ok())
    return head.status();
  uint64_t limit = kMaxHeader;
  DType type;
  std::vector<int64_t> shape;
  size_t dataStart;
  if (parseNpyHeader(*head, type, shape, dataStart).ok()) {
    if (absl::Status status = checkFits(shape, type, maxTensorBytes);
        !status.ok())
      return absl::Status(status.code(),
                          "'" + path + "': " + std::string(status.message()));
    limit = dataStart + countElements(shape) * getDTypeSize(type) + 1;
  }
  absl::StatusOr<std::string> bytes =
      limit <= head->size() ? head : readFilePrefix(path, limit);
  if (!bytes.ok())
    return bytes.status();
  absl::StatusOr<Tensor> tensor = parseNpy(*bytes);
  if (!tensor.ok())
    return absl::Status(tensor.status().code(),
                        "'" + path +
                            "': " + std::string(tensor.status().message()));
  return tensor;
}

absl::StatusOr<Tensor> parseNpy(std::string_view bytes) {
  DType type;
  std::vector<int64_t> shape;
  size_t dataStart;
  if (absl::Status status = parseNpyHeader(bytes, type, shape, dataStart);
      !status.ok())
    return status;
  int64_t expected =
      countElements(shape) * static_cast<int64_t>(getDTypeSize(type));
  std::string_view data = bytes.substr(dataStart);
  if (data.size() != static_cast<uint64_t>(expected))
    return absl::InvalidArgumentError(
        "header says " + formatTensorType(shape, type) + " (" +
        std::to_string(expected) + " bytes) but the file has " +
        std::to_string(data.size()) + " bytes of data");
  return Tensor::fromBytes(type, std::move(shape),
                           reinterpret_cast<const uint8_t *>(data.data()),
                           data.size());
}

absl::Status parseNpyHeader(std::string_view bytes, DType &type,
                            std::vector<int64_t> &shape, size_t &dataStart) {
  if (bytes.size() < kNpyMagicSize ||
      bytes.substr(0, kNpyMagicSize) !=
          std::string_view(kNpyMagic, kNpyMagicSize))
    return absl::InvalidArgumentError("not a .npy file (bad magic)");
  if (bytes.size() < kNpyMagicSize + 2)
    return absl::InvalidArgumentError("truncated .npy file: no format version");
  unsigned major = static_cast<uint8_t>(bytes[6]);
  unsigned minor = static_cast<uint8_t>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    return absl::InvalidArgumentError("unsupported .npy format version " +
                                      std::to_string(major) + "." +
                                      std::to_string(minor));
  // Version 1.0 has a 2-byte header length, 2.0 and 3.0 a 4-byte one.
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t headerStart = kNpyMagicSize + 2 + lengthSize;
  if (bytes.size() < headerStart)
    return absl::InvalidArgumentError("truncated .npy file: no header length");
  const char *lengthBytes = bytes.data() + kNpyMagicSize + 2;
  uint64_t headerLength = major == 1
                              ? llvm::support::endian::read16le(lengthBytes)
                              : llvm::support::endian::read32le(lengthBytes);
  if (headerLength > bytes.size() - headerStart)
    return absl::InvalidArgumentError("header length " +
                                      std::to_string(headerLength) +
                                      " runs past the end of the file (" +
                                      std::to_string(bytes.size()) + " bytes)");

  NpyHeaderParser parser(bytes.substr(headerStart, headerLength));
  if (absl::Status status = parser.parse(type, shape); !status.ok())
    return status;
  if (absl::Status status = checkShape(shape, type); !status.ok())
    return status;
  dataStart = headerStart + headerLength;
  return absl::OkStatus();
}

absl::StatusOr<std::string> serializeNpy(const Tensor &tensor) {
  const char *descr = npyDescr(tensor.getElementType());
  if (!descr)
    return absl::InvalidArgumentError("cannot write " + tensor.getTypeString() +
                                      " as .npy: bf16 has no NumPy dtype");
  // Python's repr of the shape tuple: (), (3,), (2, 3).
  std::string dict = "{'descr': '" + std::string(descr) +
                     "', 'fortran_order': False, 'shape': (";
  const std::vector<int64_t> &shape = tensor.getShape();
  for (size_t i = 0; i < shape.size(); ++i)
    dict += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1)
    dict += ",";
  dict += "), }";

  // Pad with spaces and end with '\n' so that the data starts at a multiple
  // of 64 bytes; version 2.0 only when the length overflows 16 bits.
  unsigned major = 1;
  size_t prefixSize = kNpyMagicSize + 2 + 2;
  size_t headerLength =
      llvm::alignTo(prefixSize + dict.size() + 1, kNpyAlign) - prefixSize;
  if (headerLength > std::numeric_limits<uint16_t>::max()) {
    major = 2;
    prefixSize = kNpyMagicSize + 2 + 4;
    headerLength =
        llvm::alignTo(prefixSize + dict.size() + 1, kNpyAlign) - prefixSize;
    if (headerLength > std::numeric_limits<uint32_t>::max())
      return absl::InvalidArgumentError("cannot write " +
                                        tensor.getTypeString() +
                                        " as .npy: the header is too long");
  }

  // The elements are already packed as .npy wants them.
  const nn::Tensor &data = tensor.getTensor();
  std::string out(kNpyMagic, kNpyMagicSize);
  out += static_cast<char>(major);
  out += '\0';
  char length[4];
  if (major == 1)
    llvm::support::endian::write16le(length,
                                     static_cast<uint16_t>(headerLength));
  else
    llvm::support::endian::write32le(length,
                                     static_cast<uint32_t>(headerLength));
  out.append(length, major == 1 ? 2 : 4);
  out += dict;
  out.append(headerLength - dict.size() - 1, ' ');
  out += '\n';
  out.append(reinterpret_cast<const char *>(data.getBytes()),
             data.getByteSize());
  return out;
}

absl::Status writeNpy(const std::string &path, const Tensor &tensor) {
  absl::StatusOr<std::string> bytes = serializeNpy(tensor);
  if (!bytes.ok())
    return bytes.status();
  std::error_code error;
  llvm::raw_fd_ostream os(path, error, llvm::sys::fs::OF_None);
  if (error) {
    std::string message = "cannot write '" + path + "': " + error.message();
    if (error == std::errc::no_such_file_or_directory)
      return absl::NotFoundError(message);
    return absl::InvalidArgumentError(message);
  }
  os << *bytes;
  os.close();
  if (os.has_error()) {
    std::string message =
        "cannot write '" + path + "': " + os.error().message();
    // raw_fd_ostream aborts in its destructor on an unchecked error.
    os.clear_error();
    return absl::InvalidArgumentError(message);
  }
  return absl::OkStatus();
}

std::string formatTensor(const Tensor &tensor) {
  std::string out = tensor.getTypeString() + "=";
  int64_t rank = tensor.getRank();
  int64_t numElements = tensor.getNumElements();
  if (rank == 0)
    return out + formatElement(tensor, 0);
  if (numElements == 0)
    return out + "[]";
  // block[d]: the number of elements in one slice along dimension d. Every
  // dimension but the outermost gets brackets (a vector keeps its own), so
  // 2x3 prints as [1 2 3][4 5 6]. Iterative, as the rank may be large.
  const std::vector<int64_t> &shape = tensor.getShape();
  std::vector<int64_t> block(rank);
  int64_t size = 1;
  for (int64_t d = rank - 1; d >= 0; --d)
    block[d] = size *= shape[d];
  int64_t firstBracketed = rank == 1 ? 0 : 1;
  int64_t row = block[rank - 1];
  for (int64_t i = 0; i < numElements; ++i) {
    if (i % row != 0)
      out += ' ';
    else
      for (int64_t d = firstBracketed; d < rank; ++d)
        if (i % block[d] == 0)
          out += '[';
    out += formatElement(tensor, i);
    if ((i + 1) % row == 0)
      for (int64_t d = rank - 1; d >= firstBracketed; --d)
        if ((i + 1) % block[d] == 0)
          out += ']';
  }
  return out;
}

absl::Status compareTensors(const Tensor &expected, const Tensor &actual,
                            double threshold) {
  if (expected.getElementType() != actual.getElementType() ||
      expected.getShape() != actual.getShape())
    return absl::InvalidArgumentError("type mismatch: expected " +
                                      expected.getTypeString() + " but got " +
                                      actual.getTypeString());
  if (!(threshold >= 0))
    return absl::InvalidArgumentError("the threshold must be non-negative");
  auto differs = [&](int64_t i) {
    if (!expected.isFloat())
      return expected.getInt(i) != actual.getInt(i);
    double e = expected.getDouble(i), a = actual.getDouble(i);
    if (std::isnan(e) || std::isnan(a))
      return !(std::isnan(e) && std::isnan(a));
    if (std::isinf(e) || std::isinf(a))
      return e != a;
    return !(std::fabs(a - e) <= threshold * (1 + std::fabs(e)));
  };
  int64_t numElements = expected.getNumElements();
  int64_t first = -1, count = 0;
  for (int64_t i = 0; i < numElements; ++i) {
    if (!differs(i))
      continue;
    if (first < 0)
      first = i;
    ++count;
  }
  if (count == 0)
    return absl::OkStatus();

  std::string index = "[";
  int64_t rest = first;
  std::vector<int64_t> strides = expected.getStrides();
  for (size_t d = 0; d < strides.size(); ++d) {
    index += (d ? ", " : "") + std::to_string(rest / strides[d]);
    rest %= strides[d];
  }
  index += "]";
  return absl::InvalidArgumentError(
      "element " + index + ": expected " + formatElement(expected, first) +
      " but got " + formatElement(actual, first) + " (" +
      std::to_string(count) + " of " + std::to_string(numElements) +
      " elements differ)");
}

} // namespace nn::ref
