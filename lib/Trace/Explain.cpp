//===- Explain.cpp - Why a function traces again, and guard rails ---------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A cache miss is explained by the closest earlier trace (JAX's
// explain_cache_misses): traces are ranked by what differs, from the most
// to the least severe (static arguments, number of arguments, dtypes,
// ranks, sizes, captured arrays, variables), and only the closest one's
// first difference is told, with the fix.
//
//===----------------------------------------------------------------------===//

#include "TraceEntry.h"

#include "nn/Reference/TensorIO.h"

#include <fmt/format.h>

#include <array>
#include <cstdlib>

namespace nn::detail {

namespace {
constexpr size_t kRecentCalls = 16;

/// How far a trace is from a call, most severe difference first.
using Distance = std::array<size_t, 7>;

Distance distanceTo(const TraceEntry &entry,
                    const std::vector<TensorView> &args,
                    const StaticArgs &statics) {
  Distance d{};
  for (const auto &[name, value] : statics) {
    auto it = entry.statics.find(name);
    d[0] += it == entry.statics.end() || it->second != value;
  }
  d[0] += entry.statics.size() > statics.size();
  d[1] = entry.specs.size() != args.size();
  for (size_t i = 0; i < std::min(args.size(), entry.specs.size()); ++i) {
    const Spec &spec = entry.specs[i];
    d[2] += spec.getDType() != args[i].getDType();
    d[3] += spec.getRank() != args[i].getRank();
    if (spec.getRank() == args[i].getRank())
      d[4] += !spec.accepts(spec.getDType(), args[i].getShape());
  }
  d[5] = !capturesUnchanged(entry);
  d[6] = !variablesUnchanged(entry);
  return d;
}

const TraceEntry *closestTrace(const TracedFunctionImpl &impl,
                               const std::vector<TensorView> &args,
                               const StaticArgs &statics) {
  const TraceEntry *best = nullptr;
  Distance bestDistance{};
  for (const auto &entry : impl.entries) {
    Distance d = distanceTo(*entry, args, statics);
    if (!best || d < bestDistance) {
      best = entry.get();
      bestDistance = d;
    }
  }
  return best;
}

std::string describeStatics(const TraceEntry &entry,
                            const StaticArgs &statics) {
  for (const auto &[name, value] : statics) {
    auto it = entry.statics.find(name);
    if (it == entry.statics.end())
      return fmt::format("static argument '{}' is {}, the closest trace had "
                         "none",
                         name, formatStaticValue(value));
    if (it->second != value)
      return fmt::format(
          "static argument '{}' is {}, the closest trace took {} (each value "
          "of a static argument is a trace of its own)",
          name, formatStaticValue(value), formatStaticValue(it->second));
  }
  for (const auto &[name, value] : entry.statics)
    if (!statics.count(name))
      return fmt::format("static argument '{}' is missing, the closest trace "
                         "took {}",
                         name, formatStaticValue(value));
  return "";
}

std::string describeSizes(const TracedFunctionImpl &impl, size_t i,
                          const Spec &spec, const TensorView &arg,
                          const std::vector<Spec> &newSpecs) {
  std::string text =
      fmt::format("argument {}{} is {}, the closest trace took {}", i,
                  argumentName(impl, i), arg.getTypeString(), spec.toString());
  for (size_t d = 0; d < arg.getShape().size(); ++d) {
    int64_t was = spec.getShape()[d];
    if (was == kDynamic || was == arg.getShape()[d])
      continue;
    text += fmt::format(" (dimension {}: {} -> {})", d, was, arg.getShape()[d]);
    if (i < newSpecs.size() && newSpecs[i].getShape()[d] == kDynamic)
      return text + fmt::format("; retracing with dimension {} as ? "
                                "(relaxShapes), so later sizes reuse it",
                                d);
    return text + fmt::format(". Declare dimension {} as ? in the signature, "
                              "or keep relaxShapes on, to compile once",
                              d);
  }
  return text;
}

std::string describeArgs(const TracedFunctionImpl &impl,
                         const TraceEntry &entry,
                         const std::vector<TensorView> &args,
                         const std::vector<Spec> &newSpecs) {
  if (entry.specs.size() != args.size())
    return fmt::format("the call has {} arguments, the closest trace took {}",
                       args.size(), entry.specs.size());
  for (size_t i = 0; i < args.size(); ++i)
    if (entry.specs[i].getDType() != args[i].getDType() ||
        entry.specs[i].getRank() != args[i].getRank())
      return fmt::format("argument {}{} is {}, the closest trace took {}", i,
                         argumentName(impl, i), args[i].getTypeString(),
                         entry.specs[i].toString());
  for (size_t i = 0; i < args.size(); ++i)
    if (!entry.specs[i].accepts(args[i].getDType(), args[i].getShape()))
      return describeSizes(impl, i, entry.specs[i], args[i], newSpecs);
  return "";
}

std::string describeState(const TraceEntry &entry) {
  for (const Capture &capture : entry.captures) {
    const std::shared_ptr<ArrayImpl> &now = capture.slot->impl;
    if (now == capture.impl ||
        (now->value && sameTensor(*now->value, *capture.impl->value)))
      continue;
    std::string value = now->value
                            ? ref::formatTensor(toRef(now->value->view()))
                            : std::string("an error");
    return fmt::format(
        "an array captured from outside the function (made at {}) changed "
        "from {} to {}; captured arrays are constants of a trace: make it a "
        "Variable or an argument to change it without retracing",
        formatSite(capture.impl->site),
        ref::formatTensor(toRef(capture.impl->value->view())), value);
  }
  for (size_t k = 0; k < entry.variables.size(); ++k) {
    const Tensor &value = entry.variables[k]->value;
    if (value.getDType() != entry.variableSpecs[k].getDType() ||
        value.getShape() != entry.variableSpecs[k].getShape())
      return fmt::format("variable '{}' is now {}, the closest trace took {}",
                         entry.variables[k]->name, value.getTypeString(),
                         entry.variableSpecs[k].toString());
  }
  return "";
}

bool envIsSet(const char *name) {
  const char *value = std::getenv(name);
  return value && *value && std::string(value) != "0";
}
} // namespace

std::vector<Spec> specsForNewTrace(const TracedFunctionImpl &impl,
                                   const std::vector<TensorView> &args,
                                   const StaticArgs &statics) {
  if (impl.options.signature)
    return impl.options.signature->getSpecs();
  std::vector<Spec> exact;
  for (const TensorView &arg : args)
    exact.emplace_back(arg.getDType(), arg.getShape());
  if (!impl.options.relaxShapes)
    return exact;
  // Relax against the trace that differs in the fewest sizes only.
  const TraceEntry *base = nullptr;
  size_t fewest = 0;
  for (const auto &entry : impl.entries) {
    Distance d = distanceTo(*entry, args, statics);
    if (d[0] || d[1] || d[2] || d[3] || !d[4])
      continue;
    if (!base || d[4] < fewest) {
      base = entry.get();
      fewest = d[4];
    }
  }
  if (!base)
    return exact;
  std::vector<Spec> relaxed;
  for (size_t i = 0; i < args.size(); ++i) {
    std::vector<int64_t> shape = base->specs[i].getShape();
    for (size_t d = 0; d < shape.size(); ++d)
      if (shape[d] != args[i].getShape()[d])
        shape[d] = kDynamic;
    relaxed.emplace_back(args[i].getDType(), shape);
  }
  return relaxed;
}

std::string explainMiss(const TracedFunctionImpl &impl,
                        const std::vector<TensorView> &args,
                        const StaticArgs &statics,
                        const std::vector<Spec> &newSpecs) {
  const TraceEntry *closest = closestTrace(impl, args, statics);
  if (!closest)
    return "first call";
  std::string text = describeStatics(*closest, statics);
  if (text.empty())
    text = describeArgs(impl, *closest, args, newSpecs);
  if (text.empty())
    text = describeState(*closest);
  return text.empty() ? "no earlier trace fits" : text;
}

absl::Status checkMayTrace(TracedFunctionImpl &impl,
                           const std::string &reason) {
  std::string what = fmt::format("'{}' needs trace {} ({})", impl.options.name,
                                 impl.traces + 1, reason);
  if (!isTracingAllowed())
    return absl::FailedPreconditionError(
        what + ", but tracing is disallowed (nn::setTracingAllowed(false))");
  if (impl.traces > 0 && envIsSet("NN_NO_TRACING"))
    return absl::FailedPreconditionError(
        what + ", but retracing is disallowed (NN_NO_TRACING=1)");
  if (impl.options.retraceLimit > 0 &&
      impl.traces >= static_cast<size_t>(impl.options.retraceLimit))
    return absl::ResourceExhaustedError(fmt::format(
        "{}, but it was traced {} times, its retraceLimit: declare a "
        "signature with ? dimensions, or pass often-changing static "
        "arguments as tensors",
        what, impl.traces));
  return absl::OkStatus();
}

void noteCall(TracedFunctionImpl &impl, bool traced) {
  impl.recentCalls.push_back(traced);
  if (impl.recentCalls.size() > kRecentCalls)
    impl.recentCalls.pop_front();
  size_t count = 0;
  for (bool t : impl.recentCalls)
    count += t;
  if (!traced || impl.warnedOften || impl.options.retraceWarnAfter <= 0 ||
      count < static_cast<size_t>(impl.options.retraceWarnAfter))
    return;
  impl.warnedOften = true;
  double seconds = 0;
  for (const TraceRecord &record : impl.log)
    seconds += (record.traceMs + record.compileMs) / 1000.0;
  log(fmt::format("nn: {} of the last {} calls of '{}' traced ({:.1f} s so "
                  "far); see traceLog() for why",
                  count, impl.recentCalls.size(), impl.options.name, seconds));
}

namespace {
/// Warns when function objects of one name made at one call site keep
/// tracing: a function wrapped anew in a loop (a helper that builds two
/// differently named steps is not warned about).
void checkNewObjectAtSite(const TracedFunctionImpl &impl) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<uint64_t, int>> *objectsAtSite =
      new std::map<std::string, std::pair<uint64_t, int>>();
  std::string key = std::string(impl.site.file ? impl.site.file : "") + ":" +
                    std::to_string(impl.site.line) + ":" + impl.options.name;
  std::lock_guard<std::mutex> lock(mutex);
  auto &[last, count] = (*objectsAtSite)[key];
  if (last == impl.serial)
    return;
  last = impl.serial;
  if (++count < 2)
    return;
  log(fmt::format("nn: '{}' is a new function object created at {} where "
                  "{} other{} of that name traced before; create it once, "
                  "outside the loop, so that its traces are reused",
                  impl.options.name, formatSite(impl.site), count - 1,
                  count == 2 ? "" : "s"));
}
} // namespace

void recordTrace(TracedFunctionImpl &impl, const TraceEntry &entry,
                 const std::string &reason, double traceMs, double compileMs) {
  TraceRecord record;
  record.number = entry.number;
  record.signature = Signature(entry.specs);
  record.statics = entry.statics;
  record.reason = reason;
  record.traceMs = traceMs;
  record.compileMs = compileMs;
  impl.log.push_back(record);
  if (entry.number == 1 && impl.options.warnIfRecreated)
    checkNewObjectAtSite(impl);
  if ((entry.number > 1 && impl.options.explainRetraces) ||
      envIsSet("NN_LOG_COMPILES"))
    log(fmt::format("nn: {} '{}' (trace {}, {:.0f} ms): {}",
                    entry.number > 1 ? "retracing" : "tracing",
                    impl.options.name, entry.number, traceMs + compileMs,
                    reason));
}

} // namespace nn::detail
