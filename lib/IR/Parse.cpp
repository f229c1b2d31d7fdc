//===- Parse.cpp - Parsing IR text safely ---------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/Parse.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace {

/// A token of MLIR's syntax, as much of it as the scan needs: bare words
/// (`array`, `index`), `!`-prefixed type names, single punctuation and
/// everything else as "other". Strings and comments are skipped, so their
/// text never matches.
struct Token {
  enum Kind { Word, TypeName, Punct, Other, End } kind;
  llvm::StringRef text;
  size_t offset;
};

class Lexer {
public:
  explicit Lexer(llvm::StringRef text) : text(text) {}

  Token next() {
    skipSpaceAndComments();
    if (pos >= text.size())
      return {Token::End, {}, pos};
    size_t start = pos;
    char c = text[pos];
    if (c == '"') {
      skipString();
      return {Token::Other, text.slice(start, pos), start};
    }
    if (isWordStart(c) || isdigit(static_cast<unsigned char>(c))) {
      // A number (`2x3xindex` too) is one "other" token.
      while (pos < text.size() && isWordChar(text[pos]))
        ++pos;
      return {isWordStart(c) ? Token::Word : Token::Other,
              text.slice(start, pos), start};
    }
    if (llvm::StringRef("!%@^#").contains(c)) {
      // Sigils glue to their names: `%array` is no keyword.
      ++pos;
      while (pos < text.size() && (isWordChar(text[pos]) || text[pos] == '-'))
        ++pos;
      return {c == '!' ? Token::TypeName : Token::Other,
              text.slice(start + 1, pos), start};
    }
    ++pos;
    return {Token::Punct, text.slice(start, pos), start};
  }

private:
  static bool isWordStart(char c) {
    return isalpha(static_cast<unsigned char>(c)) || c == '_';
  }
  static bool isWordChar(char c) {
    return isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
           c == '.';
  }

  void skipSpaceAndComments() {
    while (pos < text.size()) {
      if (isspace(static_cast<unsigned char>(text[pos]))) {
        ++pos;
      } else if (text.substr(pos).starts_with("//")) {
        size_t end = text.find('\n', pos);
        pos = end == llvm::StringRef::npos ? text.size() : end;
      } else {
        return;
      }
    }
  }

  void skipString() {
    for (++pos; pos < text.size(); ++pos) {
      if (text[pos] == '\\')
        ++pos;
      else if (text[pos] == '"' || text[pos] == '\n')
        break;
    }
    pos = std::min(pos + 1, text.size());
  }

  llvm::StringRef text;
  size_t pos = 0;
};

} // namespace

llvm::SmallVector<size_t> nn::findIndexDenseArrays(llvm::StringRef text) {
  llvm::SmallVector<size_t> found;
  // Type aliases of index (`!i = index`, `!j = !i`), defined before use.
  llvm::StringSet<> indexAliases;
  auto isIndex = [&](const Token &token) {
    return (token.kind == Token::Word && token.text == "index") ||
           (token.kind == Token::TypeName && indexAliases.contains(token.text));
  };
  // The last three tokens: `array` `<` `index`, or `!name` `=` `index`.
  Lexer lexer(text);
  Token first{Token::End, {}, 0}, second = first;
  for (Token third = lexer.next(); third.kind != Token::End;
       third = lexer.next()) {
    bool opens = second.kind == Token::Punct && second.text == "<";
    if (opens && first.kind == Token::Word && first.text == "array" &&
        isIndex(third))
      found.push_back(first.offset);
    bool defines = second.kind == Token::Punct && second.text == "=";
    if (defines && first.kind == Token::TypeName && isIndex(third))
      indexAliases.insert(first.text);
    first = second;
    second = third;
  }
  return found;
}

/// Whether `digits` (decimal or 0x hexadecimal), negated if `negative`,
/// is an int64.
static bool isInt64(llvm::StringRef digits, bool negative) {
  uint64_t magnitude;
  unsigned radix = digits.consume_front("0x") ? 16 : 10;
  if (digits.empty() || !isxdigit(static_cast<unsigned char>(digits.front())) ||
      digits.getAsInteger(radix, magnitude))
    return false;
  uint64_t limit = static_cast<uint64_t>(INT64_MAX) + (negative ? 1 : 0);
  return magnitude <= limit;
}

/// Whether the tokens from `lexer` on are a dense i64 array as linalg's
/// parser wants it: `[` integers separated by `,` `]`, each within int64.
static bool isI64List(Lexer &lexer) {
  Token token = lexer.next();
  if (token.kind != Token::Punct || token.text != "[")
    return false;
  token = lexer.next();
  if (token.kind == Token::Punct && token.text == "]")
    return true;
  while (true) {
    bool negative = token.kind == Token::Punct && token.text == "-";
    if (negative)
      token = lexer.next();
    if (token.kind != Token::Other || !isInt64(token.text, negative))
      return false;
    token = lexer.next();
    if (token.kind == Token::Punct && token.text == "]")
      return true;
    if (token.kind != Token::Punct || token.text != ",")
      return false;
    token = lexer.next();
  }
}

llvm::SmallVector<size_t> nn::findMalformedLinalgArrays(llvm::StringRef text) {
  llvm::SmallVector<size_t> found;
  // The op whose custom syntax is being read: the last dotted bare word
  // (an op name) not right after `{` (linalg.reduce's `{ arith.addf }`).
  llvm::StringRef op;
  Token previous{Token::End, {}, 0};
  Lexer lexer(text);
  for (Token token = lexer.next(); token.kind != Token::End;
       previous = token, token = lexer.next()) {
    if (token.kind != Token::Word)
      continue;
    bool afterBrace = previous.kind == Token::Punct && previous.text == "{";
    if (token.text.contains('.') && !afterBrace) {
      op = token.text;
      continue;
    }
    // In an attribute dictionary the name follows `{` or `,`.
    bool inDictionary =
        afterBrace || (previous.kind == Token::Punct && previous.text == ",");
    bool keyword = (op == "linalg.transpose" && token.text == "permutation") ||
                   ((op == "linalg.broadcast" || op == "linalg.reduce") &&
                    token.text == "dimensions");
    if (!keyword || inDictionary)
      continue;
    Lexer rest = lexer;
    Token equal = rest.next();
    if (equal.kind != Token::Punct || equal.text != "=")
      continue;
    if (!isI64List(rest))
      found.push_back(token.offset);
  }
  return found;
}

LogicalResult nn::checkParserCrashes(const llvm::SourceMgr &sourceMgr,
                                     MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::StringRef text = buffer->getBuffer();
  llvm::SmallVector<size_t> offsets = findIndexDenseArrays(text);
  for (size_t offset : offsets) {
    auto [line, column] = sourceMgr.getLineAndColumn(
        llvm::SMLoc::getFromPointer(text.data() + offset));
    emitError(FileLineColLoc::get(context, buffer->getBufferIdentifier(), line,
                                  column))
        << "dense arrays of 'index' are not supported: MLIR 22's parser "
           "crashes on them (use i64)";
  }
  for (size_t offset : findMalformedLinalgArrays(text)) {
    auto [line, column] = sourceMgr.getLineAndColumn(
        llvm::SMLoc::getFromPointer(text.data() + offset));
    emitError(FileLineColLoc::get(context, buffer->getBufferIdentifier(), line,
                                  column))
        << "expected '= [' and a list of 64-bit integers ']' here: MLIR 22's "
           "linalg parser crashes on anything else";
    offsets.push_back(offset);
  }
  return success(offsets.empty());
}

/// Whether `op` holds a dense array of index anywhere: attributes,
/// properties, result and block argument types (an encoding may hold one).
static bool holdsIndexDenseArray(Operation *op) {
  bool found = false;
  auto visit = [&](DenseArrayAttr attr) {
    if (isa<IndexType>(attr.getElementType()))
      found = true;
  };
  op->getAttrDictionary().walk(visit);
  if (Attribute properties = op->getPropertiesAsAttribute())
    properties.walk(visit);
  for (Type type : op->getResultTypes())
    type.walk(visit);
  for (Region &region : op->getRegions())
    for (Block &block : region)
      for (Type type : block.getArgumentTypes())
        type.walk(visit);
  return found;
}

LogicalResult nn::checkIndexDenseArrays(Operation *root) {
  bool found = false;
  root->walk([&](Operation *op) {
    if (!holdsIndexDenseArray(op))
      return;
    // Not op->emitError: the diagnostic would print the op, and with it
    // the attribute that crashes the printer.
    emitError(op->getLoc())
        << "'" << op->getName() << "' holds a dense array of 'index', which "
        << "is not supported: MLIR 22 crashes on them (use i64)";
    found = true;
  });
  return failure(found);
}

OwningOpRef<ModuleOp> nn::parseModule(llvm::SourceMgr &sourceMgr,
                                      MLIRContext *context,
                                      bool verifyAfterParse) {
  if (failed(checkParserCrashes(sourceMgr, context)))
    return {};
  // Verified only after the check: a verifier's error prints the op, and
  // so any dense array of index in it (bytecode may hold one).
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(
      sourceMgr, ParserConfig(context, /*verifyAfterParse=*/false));
  if (!module || failed(checkIndexDenseArrays(*module)) ||
      (verifyAfterParse && failed(verify(*module))))
    return {};
  return module;
}
