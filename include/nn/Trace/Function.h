//===- Function.h - tf.function-style tracing -------------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn::function wraps a C++ callable over Arrays. A call whose arguments fit
// an existing trace runs its compiled code; otherwise the callable is run
// once on traced Arrays (its C++ side effects happen only then), its ops
// become a `func.func` of nn ops, which is optimized (nn-autodiff,
// canonicalize with constant folding, CSE, nn-fuse) and compiled by the JIT.
// Every retrace is explained in one line, naming the argument and the
// dimension that differ from the closest earlier trace, and the fix.
//
// The cache key of a trace: per argument its dtype, rank and sizes (`?`
// where declared or relaxed), static arguments by value, the variables the
// trace touches with their types, captured small arrays by value, and the
// compile options.
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRACE_FUNCTION_H
#define NN_TRACE_FUNCTION_H

#include "nn/Eager/Array.h"
#include "nn/Eager/Variable.h"
#include "nn/Runtime/Compile.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace nn {

/// The type of one argument: a dtype and sizes, kDynamic for `?`.
class Spec {
public:
  Spec(DType dtype, std::vector<int64_t> shape)
      : dtype(dtype), shape(std::move(shape)) {}
  DType getDType() const { return dtype; }
  const std::vector<int64_t> &getShape() const { return shape; }
  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  /// Whether a tensor of `dtype` and `shape` fits (`?` takes any size).
  bool accepts(DType dtype, const std::vector<int64_t> &shape) const;
  /// `?x784xf32`.
  std::string toString() const { return formatTensorType(shape, dtype); }
  bool operator==(const Spec &other) const {
    return dtype == other.dtype && shape == other.shape;
  }
  bool operator!=(const Spec &other) const { return !(*this == other); }

private:
  DType dtype;
  std::vector<int64_t> shape;
};

/// The types of a function's arguments, in order.
class Signature {
public:
  Signature() = default;
  Signature(std::initializer_list<Spec> specs) : specs(specs) {}
  explicit Signature(std::vector<Spec> specs) : specs(std::move(specs)) {}
  const std::vector<Spec> &getSpecs() const { return specs; }
  size_t size() const { return specs.size(); }
  const Spec &operator[](size_t i) const { return specs[i]; }
  /// `(?x784xf32, ?xi64)`.
  std::string toString() const;
  bool operator==(const Signature &other) const { return specs == other.specs; }

private:
  std::vector<Spec> specs;
};

/// Non-tensor arguments of a call, part of the cache key by value.
using StaticValue = std::variant<int64_t, double, bool, std::string>;
using StaticArgs = std::map<std::string, StaticValue>;
/// `3`, `0.5`, `true`, `"adam"`.
std::string formatStaticValue(const StaticValue &value);

/// Where a trace's code runs.
enum class ExecutionMode {
  /// The JIT (the default): compiled once per trace.
  Compiled,
  /// The reference interpreter: no compile latency, slow loops.
  Interpreted,
  /// The interpreter until the trace, compiled on a background thread, is
  /// ready: what eager gradients use (see nn/Eager/Eager.h).
  Tiered,
};

struct FunctionOptions {
  /// The function's name in the IR and in messages ("function" if empty).
  std::string name;
  /// Declared argument types: one trace for every call that fits (`?`
  /// takes any size); a call that does not fit is an InvalidArgumentError.
  std::optional<Signature> signature;
  /// A dimension seen with a second size is retraced as `?`.
  bool relaxShapes = true;
  /// Names of the arguments, for messages (`argument 0 'x'`).
  std::vector<std::string> argNames;
  /// A warning when this many of the last 16 calls traced; a call that
  /// would trace more than `retraceLimit` times is a
  /// ResourceExhaustedError.
  int retraceWarnAfter = 4;
  int retraceLimit = 16;
  /// The most traces kept (least recently used dropped first) and the most
  /// bytes of traced IR kept, a proxy of code size.
  size_t maxCachedTraces = 32;
  size_t maxCachedIRBytes = 64 << 20;
  /// Part of the cache key.
  CompileOptions compile;
  ExecutionMode mode = ExecutionMode::Compiled;
  /// Logs each retrace with its reason (see setLogger).
  bool explainRetraces = true;
  /// Warns when function objects of this name made at the same call site
  /// keep tracing (a function wrapped anew in a loop).
  bool warnIfRecreated = true;
  /// Runs the optimizing nn passes (autodiff is always run).
  bool optimize = true;
};

/// One trace of a function, as recorded in its log.
struct TraceRecord {
  size_t number = 0;
  Signature signature;
  StaticArgs statics;
  /// Why the function was traced ("first call", or the explanation).
  std::string reason;
  double traceMs = 0, compileMs = 0;
};

/// The C++ callables a function can trace: arguments (and static
/// arguments) to outputs.
using Traceable = std::function<std::vector<Array>(const std::vector<Array> &)>;
using TraceableWithStatics = std::function<std::vector<Array>(
    const std::vector<Array> &, const StaticArgs &)>;

namespace detail {
struct TracedFunctionImpl;
} // namespace detail

/// A traced function: cheap to copy (copies share the traces).
class TracedFunction {
public:
  /// Calls the function on host tensors, tracing first if no trace fits.
  /// Errors: InvalidArgumentError for a wrong number of arguments, a call
  /// that does not fit the declared signature, or an error of the traced
  /// ops (the dialect's message with the C++ call site);
  /// FailedPreconditionError when tracing is disallowed (NN_NO_TRACING=1);
  /// ResourceExhaustedError past the retrace limit.
  absl::StatusOr<std::vector<Tensor>>
  operator()(const std::vector<Tensor> &args,
             const StaticArgs &statics = {}) const;
  /// The same on views of the caller's memory (no copy).
  absl::StatusOr<std::vector<Tensor>>
  callViews(const std::vector<TensorView> &args,
            const StaticArgs &statics = {}) const;
  /// The same on Arrays: eager ones run the compiled code; inside another
  /// trace the function's ops are traced inline.
  std::vector<Array> callArrays(const std::vector<Array> &args,
                                const StaticArgs &statics = {}) const;

  /// Traces (and compiles) for `signature` ahead of the first call.
  absl::Status trace(const Signature &signature,
                     const StaticArgs &statics = {}) const;

  size_t traceCount() const;
  size_t compileCount() const;
  /// The traced nn IR of the trace for `signature` (the first one for it),
  /// before (or, with `optimized`, after) the nn passes; empty if there is
  /// none.
  std::string getIR(const Signature &signature, bool optimized = false) const;
  /// Every trace so far, oldest first.
  std::vector<TraceRecord> traceLog() const;
  /// Drops every trace (compiled code stays alive while in use).
  void clearCache() const;
  const std::string &name() const;

  const std::shared_ptr<detail::TracedFunctionImpl> &getImpl() const {
    return impl;
  }
  explicit TracedFunction(std::shared_ptr<detail::TracedFunctionImpl> impl)
      : impl(std::move(impl)) {}

private:
  std::shared_ptr<detail::TracedFunctionImpl> impl;
};

/// Wraps `fn` (call site recorded, for the message about functions that
/// are wrapped anew in a loop).
TracedFunction function(Traceable fn, FunctionOptions options = {}, NN_SITE);
TracedFunction function(TraceableWithStatics fn, FunctionOptions options = {},
                        NN_SITE);

/// Makes any new trace an error (as NN_NO_TRACING=1 does), for tests that
/// check that nothing retraces.
void setTracingAllowed(bool allowed);
/// Where retrace explanations and warnings go (default: stderr). Passing
/// an empty function restores the default.
void setLogger(std::function<void(const std::string &)> logger);

/// Prints the values of `arrays` each time the code runs (eagerly: at
/// once; traced: at every call of the compiled function, by the runtime
/// after the call). Returns its arguments, so that it can be chained.
std::vector<Array> print(const std::string &label,
                         const std::vector<Array> &arrays, NN_SITE);

} // namespace nn

#endif // NN_TRACE_FUNCTION_H
