//===- Diagnostics.h - Diagnostic capture and formatting --------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// How every layer turns MLIR diagnostics, locations and types into the text
// of an absl::Status or an exception: one capture of a context's
// diagnostics, one location format and one type format, so that the
// interpreter, the JIT, the embedding API and the front end word their
// errors alike.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_DIAGNOSTICS_H
#define NN_IR_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/TypeRange.h"

#include <string>
#include <thread>
#include <vector>

namespace nn {

/// `file:line:col` of a location (the first file location inside names,
/// fusions and call sites), as error messages print it; MLIR's own form for
/// any other location.
std::string formatLocation(mlir::Location loc);

/// A type as it is written in IR, without the quotes that diagnostics put
/// around a streamed type: `tensor<2x?xf32>`.
std::string formatType(mlir::Type type);

/// `(t1, t2)`: a type list as the control-flow messages print it.
std::string formatTypes(mlir::TypeRange types);

/// Captures the diagnostics that this thread emits on a context while the
/// capture lives, and keeps them from reaching the context's other handlers.
/// Diagnostics of other threads pass on untouched: compiles, interpreter
/// runs and call checks may share one context across threads.
class DiagnosticCapture {
public:
  enum class Keep {
    /// Errors (with their notes) only; other diagnostics are swallowed.
    Errors,
    /// Every diagnostic.
    All,
  };

  explicit DiagnosticCapture(mlir::MLIRContext *context,
                             Keep keep = Keep::Errors);

  /// No diagnostic kept so far.
  bool empty() const { return captured.empty(); }
  /// Forgets what was kept.
  void clear() { captured.clear(); }

  /// The message of the first error kept, without its location; empty if
  /// none.
  std::string getFirstError() const;

  /// Every diagnostic kept, one `file:line:col: error: message` line each,
  /// its notes after it as `file:line:col: note: message` lines.
  std::string formatWithLocations() const;

  /// Every diagnostic kept, its message only, each note after it on a
  /// `note: message` line.
  std::string formatMessages() const;

private:
  struct Captured {
    mlir::DiagnosticSeverity severity;
    mlir::Location loc;
    std::string message;
    std::vector<Captured> notes;
  };
  static Captured capture(mlir::Diagnostic &diag);

  Keep keep;
  std::thread::id owner;
  std::vector<Captured> captured;
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace nn

#endif // NN_IR_DIAGNOSTICS_H
