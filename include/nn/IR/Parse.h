//===- Parse.h - Parsing IR text safely -------------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every reader of user-written IR (nn-opt, nn-run, the embedding API, the
// fuzz targets) parses through here: MLIR 22's parser crashes on some
// inputs (docs/UpstreamBugs.md), which are found by a scan of the text
// first and reported as located errors instead.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_PARSE_H
#define NN_IR_PARSE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/SourceMgr.h"

namespace nn {

/// The offsets in `text` of each `array<index ...>` attribute (also through
/// a type alias of `index`, with any whitespace or comments between the
/// tokens; not inside strings or comments), which MLIR 22's dense-array
/// parser crashes on. Linear in the size of `text`.
llvm::SmallVector<size_t> findIndexDenseArrays(llvm::StringRef text);

/// The offsets in `text` of each `permutation` of a `linalg.transpose` and
/// `dimensions` of a `linalg.broadcast` or `linalg.reduce` in custom syntax
/// whose `= [...]` is not a well-formed list of 64-bit integers: MLIR 22's
/// linalg parser stores the failed array as a null attribute and crashes
/// (docs/UpstreamBugs.md). Linear in the size of `text`.
llvm::SmallVector<size_t> findMalformedLinalgArrays(llvm::StringRef text);

/// Emits an error (in `context`, at its line and column) for each construct
/// of `sourceMgr`'s main buffer that MLIR 22's parser would crash on;
/// failure if there is one.
mlir::LogicalResult checkParserCrashes(const llvm::SourceMgr &sourceMgr,
                                       mlir::MLIRContext *context);

/// Emits an error at each op of `root` (itself included) that holds a dense
/// array of index elements, in an attribute or in a type; failure if there
/// is one. The bytecode reader accepts them, and MLIR 22 crashes on them
/// later (printing one, for a start).
mlir::LogicalResult checkIndexDenseArrays(mlir::Operation *root);

/// parseSourceFile<ModuleOp> of `sourceMgr`'s main buffer between
/// checkParserCrashes and checkIndexDenseArrays (for bytecode): null, with
/// the diagnostics emitted, on any error.
mlir::OwningOpRef<mlir::ModuleOp> parseModule(llvm::SourceMgr &sourceMgr,
                                              mlir::MLIRContext *context,
                                              bool verifyAfterParse = true);

} // namespace nn

#endif // NN_IR_PARSE_H
