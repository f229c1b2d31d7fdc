//===- TraceEntry.h - The trace cache of a traced function ------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_TRACE_TRACEENTRY_H
#define NN_LIB_TRACE_TRACEENTRY_H

#include "TraceInternal.h"

#include "nn/Runtime/Runtime.h"

#include <deque>

namespace nn::detail {

/// One trace: its key, and its code.
struct TraceEntry {
  size_t number = 0;
  /// The key: argument specs, static arguments, captured small arrays and
  /// the variables read or assigned, with their types at trace time.
  std::vector<Spec> specs;
  StaticArgs statics;
  std::vector<Capture> captures;
  std::vector<std::shared_ptr<VariableImpl>> variables;
  std::vector<Spec> variableSpecs;
  /// The variables the trace assigns, in the order of their results.
  std::vector<std::shared_ptr<VariableImpl>> assignedOrder;
  size_t numOutputs = 0;
  std::vector<PrintRequest> prints;
  std::string tracedIR, optimizedIR;
  /// The code: compiled, or the module the interpreter runs.
  std::optional<Function> function;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// Tiered: the module text to compile once the trace is used again, and
  /// the compile in the background.
  std::string pendingText;
  std::shared_ptr<CompiledSlot> slot;
  size_t uses = 0;
  uint64_t lastUse = 0;
};

struct TracedFunctionImpl {
  TracedFunctionImpl(TraceableWithStatics fn, FunctionOptions options,
                     SourceSite site);

  TraceableWithStatics fn;
  FunctionOptions options;
  /// The symbol of the traced function in its module.
  std::string symbol;
  /// Where nn::function was called, and a number unique to this object.
  SourceSite site;
  uint64_t serial;

  std::recursive_mutex mutex;
  std::list<std::unique_ptr<TraceEntry>> entries;
  size_t traces = 0, compiles = 0;
  std::vector<TraceRecord> log;
  /// Whether each of the last calls traced.
  std::deque<bool> recentCalls;
  uint64_t clock = 0;
  bool warnedOften = false;
};

/// Where messages go (see nn::setLogger).
void log(const std::string &message);
bool isTracingAllowed();

/// ` 'x'` when argument `i` has a name, else empty.
std::string argumentName(const TracedFunctionImpl &impl, size_t i);
bool fits(const TraceEntry &entry, const std::vector<TensorView> &args,
          const StaticArgs &statics);
bool capturesUnchanged(const TraceEntry &entry);
bool variablesUnchanged(const TraceEntry &entry);

/// Explain.cpp: the specs of a new trace (relaxed where allowed), why it
/// is needed, whether it may happen, and its record.
std::vector<Spec> specsForNewTrace(const TracedFunctionImpl &impl,
                                   const std::vector<TensorView> &args,
                                   const StaticArgs &statics);
std::string explainMiss(const TracedFunctionImpl &impl,
                        const std::vector<TensorView> &args,
                        const StaticArgs &statics,
                        const std::vector<Spec> &newSpecs);
absl::Status checkMayTrace(TracedFunctionImpl &impl, const std::string &reason);
void noteCall(TracedFunctionImpl &impl, bool traced);
void recordTrace(TracedFunctionImpl &impl, const TraceEntry &entry,
                 const std::string &reason, double traceMs, double compileMs);

absl::StatusOr<TraceEntry *> traceNew(TracedFunctionImpl &impl,
                                      std::vector<Spec> specs,
                                      const StaticArgs &statics,
                                      const std::string &reason);

} // namespace nn::detail

#endif // NN_LIB_TRACE_TRACEENTRY_H
