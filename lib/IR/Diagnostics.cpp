//===- Diagnostics.cpp - Diagnostic capture and formatting ----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/IR/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace nn {

std::string formatLocation(Location loc) {
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc))
    return (fileLoc.getFilename().str() + ":" +
            std::to_string(fileLoc.getLine()) + ":" +
            std::to_string(fileLoc.getColumn()));
  if (auto nameLoc = dyn_cast<NameLoc>(loc))
    return formatLocation(nameLoc.getChildLoc());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return formatLocation(fused.getLocations().front());
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return formatLocation(callSite.getCallee());
  std::string text;
  llvm::raw_string_ostream os(text);
  os << loc;
  return text;
}

std::string formatType(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

std::string formatTypes(TypeRange types) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '(';
  llvm::interleaveComma(types, os);
  os << ')';
  return text;
}

DiagnosticCapture::DiagnosticCapture(MLIRContext *context, Keep keep)
    : keep(keep), owner(std::this_thread::get_id()),
      handler(context, [this](Diagnostic &diag) {
        if (std::this_thread::get_id() != owner)
          return failure();
        if (this->keep == Keep::All ||
            diag.getSeverity() == DiagnosticSeverity::Error)
          captured.push_back(capture(diag));
        return success();
      }) {}

DiagnosticCapture::Captured DiagnosticCapture::capture(Diagnostic &diag) {
  Captured result{diag.getSeverity(), diag.getLocation(), diag.str(), {}};
  for (Diagnostic &note : diag.getNotes())
    result.notes.push_back(capture(note));
  return result;
}

std::string DiagnosticCapture::getFirstError() const {
  for (const Captured &diag : captured)
    if (diag.severity == DiagnosticSeverity::Error)
      return diag.message;
  return "";
}

static StringRef getSeverityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

std::string DiagnosticCapture::formatWithLocations() const {
  std::string text;
  auto append = [&](const Captured &diag) {
    if (!text.empty())
      text += "\n";
    text += formatLocation(diag.loc) + ": " +
            getSeverityName(diag.severity).str() + ": " + diag.message;
  };
  for (const Captured &diag : captured) {
    append(diag);
    llvm::for_each(diag.notes, append);
  }
  return text;
}

std::string DiagnosticCapture::formatMessages() const {
  std::string text;
  for (const Captured &diag : captured) {
    if (!text.empty())
      text += "\n";
    text += diag.message;
    for (const Captured &note : diag.notes)
      text += "\nnote: " + note.message;
  }
  return text;
}

} // namespace nn
