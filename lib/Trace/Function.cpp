//===- Function.cpp - tf.function-style tracing ---------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The cache of traces of one function, the call path, and tracing itself.
// Explanations of cache misses are in Explain.cpp.
//
//===----------------------------------------------------------------------===//

#include "TraceEntry.h"

#include "nn/IR/NNOps.h"
#include "nn/Reference/TensorIO.h"

#include "mlir/IR/Verifier.h"

#include <chrono>
#include <cstdlib>
#include <fstream>

using namespace mlir;

namespace nn {

//===----------------------------------------------------------------------===//
// Spec and Signature
//===----------------------------------------------------------------------===//

bool Spec::accepts(DType otherType, const std::vector<int64_t> &sizes) const {
  if (otherType != dtype || sizes.size() != shape.size())
    return false;
  for (size_t i = 0; i < sizes.size(); ++i)
    if (shape[i] != kDynamic && shape[i] != sizes[i])
      return false;
  return true;
}

std::string Signature::toString() const {
  std::string text = "(";
  for (size_t i = 0; i < specs.size(); ++i)
    text += (i ? ", " : "") + specs[i].toString();
  return text + ")";
}

std::string formatStaticValue(const StaticValue &value) {
  if (auto *i = std::get_if<int64_t>(&value))
    return std::to_string(*i);
  if (auto *d = std::get_if<double>(&value)) {
    std::string text = std::to_string(*d);
    return text;
  }
  if (auto *b = std::get_if<bool>(&value))
    return *b ? "true" : "false";
  return "\"" + std::get<std::string>(value) + "\"";
}

namespace detail {

//===----------------------------------------------------------------------===//
// Process-wide settings
//===----------------------------------------------------------------------===//

namespace {
std::atomic<bool> tracingAllowed{true};

struct Logger {
  std::mutex mutex;
  std::function<void(const std::string &)> sink;
};
Logger &getLogger() {
  static Logger *logger = new Logger();
  return *logger;
}

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

/// A valid symbol name for `name`.
std::string toSymbol(const std::string &name) {
  std::string symbol;
  for (char c : name)
    symbol += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (symbol.empty() || std::isdigit(static_cast<unsigned char>(symbol[0])))
    symbol = "function" + symbol;
  return symbol;
}
} // namespace

void log(const std::string &message) {
  Logger &logger = getLogger();
  std::lock_guard<std::mutex> lock(logger.mutex);
  if (logger.sink)
    logger.sink(message);
  else
    fprintf(stderr, "%s\n", message.c_str());
}

bool isTracingAllowed() { return tracingAllowed; }

TracedFunctionImpl::TracedFunctionImpl(TraceableWithStatics fn,
                                       FunctionOptions options, SourceSite site)
    : fn(std::move(fn)), options(std::move(options)), site(site) {
  static std::atomic<uint64_t> nextSerial{1};
  serial = nextSerial++;
  symbol = toSymbol(this->options.name);
  if (this->options.name.empty())
    this->options.name = "function";
}

//===----------------------------------------------------------------------===//
// Matching calls against traces
//===----------------------------------------------------------------------===//

bool capturesUnchanged(const TraceEntry &entry) {
  for (const Capture &capture : entry.captures) {
    const std::shared_ptr<ArrayImpl> &now = capture.slot->impl;
    if (now == capture.impl)
      continue;
    if (!now->value || !sameTensor(*now->value, *capture.impl->value))
      return false;
  }
  return true;
}

bool variablesUnchanged(const TraceEntry &entry) {
  for (size_t i = 0; i < entry.variables.size(); ++i) {
    const Tensor &value = entry.variables[i]->value;
    if (value.getDType() != entry.variableSpecs[i].getDType() ||
        value.getShape() != entry.variableSpecs[i].getShape())
      return false;
  }
  return true;
}

bool fits(const TraceEntry &entry, const std::vector<TensorView> &args,
          const StaticArgs &statics) {
  if (entry.specs.size() != args.size() || entry.statics != statics)
    return false;
  for (size_t i = 0; i < args.size(); ++i)
    if (!entry.specs[i].accepts(args[i].getDType(), args[i].getShape()))
      return false;
  return capturesUnchanged(entry) && variablesUnchanged(entry);
}

namespace {
size_t numDynamic(const TraceEntry &entry) {
  size_t count = 0;
  for (const Spec &spec : entry.specs)
    for (int64_t size : spec.getShape())
      count += size == kDynamic;
  return count;
}
} // namespace

/// The most specific trace that `args` fit, or null.
TraceEntry *findTrace(TracedFunctionImpl &impl,
                      const std::vector<TensorView> &args,
                      const StaticArgs &statics) {
  TraceEntry *best = nullptr;
  for (auto &entry : impl.entries)
    if (fits(*entry, args, statics) &&
        (!best || numDynamic(*entry) < numDynamic(*best)))
      best = entry.get();
  return best;
}

/// Views that no call can take (a negative size, no memory for its
/// elements) are errors before anything traces or runs.
absl::Status checkViews(const TracedFunctionImpl &impl,
                        const std::vector<TensorView> &args) {
  for (size_t i = 0; i < args.size(); ++i) {
    bool negative = false;
    for (int64_t size : args[i].getShape())
      negative |= size < 0;
    if (negative || (!args[i].getData() && args[i].getNumElements() != 0))
      return absl::InvalidArgumentError(
          "argument " + std::to_string(i) + argumentName(impl, i) + " of '" +
          impl.options.name + "' is " +
          (negative ? "a view with a negative size, " + args[i].getTypeString()
                    : std::string("a view of no memory")));
  }
  return absl::OkStatus();
}

/// Checks `args` against a declared signature.
absl::Status checkSignature(const TracedFunctionImpl &impl,
                            const std::vector<TensorView> &args) {
  const Signature &signature = *impl.options.signature;
  if (args.size() != signature.size())
    return absl::InvalidArgumentError("'" + impl.options.name + "' takes " +
                                      std::to_string(signature.size()) +
                                      " arguments " + signature.toString() +
                                      ", got " + std::to_string(args.size()));
  for (size_t i = 0; i < args.size(); ++i) {
    const Spec &spec = signature[i];
    const TensorView &arg = args[i];
    std::string what = "argument " + std::to_string(i) + argumentName(impl, i) +
                       " of '" + impl.options.name + "' is " +
                       arg.getTypeString() + " but the signature takes " +
                       spec.toString();
    if (arg.getDType() != spec.getDType() || arg.getRank() != spec.getRank())
      return absl::InvalidArgumentError(what);
    for (size_t d = 0; d < spec.getShape().size(); ++d)
      if (spec.getShape()[d] != kDynamic &&
          spec.getShape()[d] != arg.getShape()[d])
        return absl::InvalidArgumentError(
            what + " (dimension " + std::to_string(d) + ": " +
            std::to_string(arg.getShape()[d]) + " instead of " +
            std::to_string(spec.getShape()[d]) + ")");
  }
  return absl::OkStatus();
}

std::string argumentName(const TracedFunctionImpl &impl, size_t i) {
  if (i < impl.options.argNames.size() && !impl.options.argNames[i].empty())
    return " '" + impl.options.argNames[i] + "'";
  return "";
}

//===----------------------------------------------------------------------===//
// Tracing
//===----------------------------------------------------------------------===//

namespace {
using TypeList = std::vector<std::pair<DType, std::vector<int64_t>>>;

/// The value a variable is assigned, of the variable's own type (a `?` the
/// trace could not resolve becomes the variable's static size).
absl::StatusOr<Value> assignedValue(Frame &frame, VariableImpl &variable,
                                    const std::shared_ptr<ArrayImpl> &value) {
  absl::StatusOr<Value> resolved = resolve(Array(value), frame);
  if (!resolved.ok())
    return resolved;
  Type type =
      toTensorType(variable.value.getDType(), variable.value.getShape());
  if (resolved->getType() == type)
    return resolved;
  return nn::ReshapeOp::create(frame.builder, resolved->getLoc(), type,
                               *resolved)
      .getResult();
}

/// The outputs of a finished trace: the function's, the printed arrays,
/// and the new values of assigned variables, in that order.
absl::StatusOr<SmallVector<Value>>
collectResults(Frame &frame, const std::vector<Array> &outputs,
               TraceEntry &entry) {
  SmallVector<Value> results;
  for (const Array &output : outputs) {
    absl::StatusOr<Value> value = resolve(output, frame);
    if (!value.ok())
      return value.status();
    results.push_back(*value);
  }
  for (const auto &printed : frame.printed) {
    absl::StatusOr<Value> value = resolve(Array(printed), frame);
    if (!value.ok())
      return value.status();
    results.push_back(*value);
  }
  for (auto &[variable, value] : frame.assignments) {
    (void)variableArgument(variable, frame); // The donated input.
    absl::StatusOr<Value> assigned = assignedValue(frame, *variable, value);
    if (!assigned.ok())
      return assigned.status();
    results.push_back(*assigned);
    entry.assignedOrder.push_back(variable);
  }
  return results;
}

/// Moves the traced function and the functions it outlined into a module,
/// and ties assigned variables' arguments to their results.
OwningOpRef<ModuleOp> buildModule(Frame &frame, TraceEntry &entry,
                                  ValueRange results, llvm::StringRef symbol) {
  for (const ExternalInput &input : frame.externals) {
    entry.variables.push_back(input.variable);
    entry.variableSpecs.emplace_back(input.variable->value.getDType(),
                                     input.variable->value.getShape());
  }
  func::FuncOp func = finishFunction(frame, symbol, results);
  size_t firstTied = results.size() - entry.assignedOrder.size();
  for (size_t j = 0; j < entry.assignedOrder.size(); ++j) {
    Value arg = frame.variableArgs.lookup(entry.assignedOrder[j].get());
    func.setArgAttr(mlir::cast<BlockArgument>(arg).getArgNumber(),
                    "nn.tied_result",
                    IntegerAttr::get(IntegerType::get(func.getContext(), 64),
                                     firstTied + j));
  }
  OwningOpRef<ModuleOp> module =
      ModuleOp::create(UnknownLoc::get(func.getContext()));
  module->push_back(func);
  for (Operation *op : frame.outlined)
    module->push_back(op);
  frame.outlined.clear();
  return module;
}

void dumpIR(const TracedFunctionImpl &impl, const TraceEntry &entry) {
  const char *dir = std::getenv("NN_DUMP_DIR");
  if (!dir || !*dir)
    return;
  std::string stem =
      std::string(dir) + "/" + impl.symbol + "." + std::to_string(entry.number);
  std::ofstream(stem + ".0.traced.mlir") << entry.tracedIR;
  std::ofstream(stem + ".1.optimized.mlir") << entry.optimizedIR;
}

/// Runs the C++ body on traced arguments of `entry.specs` and builds the
/// optimized module.
absl::StatusOr<OwningOpRef<ModuleOp>> traceBody(TracedFunctionImpl &impl,
                                                TraceEntry &entry) {
  std::lock_guard<std::recursive_mutex> lock(getLock());
  Frame frame(impl.options.name, nullptr);
  frame.mayCreateVariables = impl.traces == 0;
  TypeList types;
  for (const Spec &spec : entry.specs)
    types.push_back({spec.getDType(), spec.getShape()});
  std::vector<Array> args = addArguments(frame, types, impl.site);
  std::vector<Array> outputs;
  {
    FrameScope scope(frame);
    outputs = impl.fn(args, entry.statics);
  }
  if (!frame.error.ok())
    return frame.error;
  absl::StatusOr<SmallVector<Value>> results =
      collectResults(frame, outputs, entry);
  if (!results.ok())
    return results.status();
  entry.numOutputs = outputs.size();
  entry.prints = frame.prints;
  entry.captures = frame.captures;
  OwningOpRef<ModuleOp> module =
      buildModule(frame, entry, *results, impl.symbol);
  std::string diagnostics = captureDiagnostics([&] { (void)verify(*module); });
  if (!diagnostics.empty())
    return absl::InvalidArgumentError(diagnostics);
  entry.tracedIR = printModule(*module, /*withLocations=*/false);
  bool compiled = impl.options.mode == ExecutionMode::Compiled;
  if (absl::Status status =
          runFrontendPasses(*module, impl.options.optimize, compiled);
      !status.ok())
    return status;
  entry.optimizedIR = printModule(*module, /*withLocations=*/false);
  dumpIR(impl, entry);
  return module;
}

absl::Status compileEntry(TracedFunctionImpl &impl, TraceEntry &entry,
                          OwningOpRef<ModuleOp> module) {
  std::string text;
  {
    std::lock_guard<std::recursive_mutex> lock(getLock());
    text = printModule(*module, /*withLocations=*/true);
  }
  switch (impl.options.mode) {
  case ExecutionMode::Interpreted:
    entry.module = std::move(module);
    return absl::OkStatus();
  case ExecutionMode::Tiered:
    // Compiled when used again (runTrace): a trace used once never costs a
    // compile.
    entry.module = std::move(module);
    entry.pendingText = std::move(text);
    return absl::OkStatus();
  case ExecutionMode::Compiled:
    break;
  }
  absl::StatusOr<Module> parsed =
      Module::fromString(apiContext(), text, impl.options.name);
  if (!parsed.ok())
    return parsed.status();
  absl::StatusOr<Executable> executable =
      Executable::compile(*parsed, impl.options.compile);
  if (!executable.ok())
    return executable.status();
  absl::StatusOr<Function> function = executable->lookup(impl.symbol);
  if (!function.ok())
    return function.status();
  entry.function = *std::move(function);
  ++impl.compiles;
  return absl::OkStatus();
}

/// Drops the least recently used traces beyond the bounds, keeping `keep`.
void evict(TracedFunctionImpl &impl, const TraceEntry *keep) {
  auto total = [&] {
    size_t bytes = 0;
    for (auto &entry : impl.entries)
      bytes += entry->tracedIR.size() + entry->optimizedIR.size();
    return bytes;
  };
  while (impl.entries.size() > 1 &&
         (impl.entries.size() > impl.options.maxCachedTraces ||
          total() > impl.options.maxCachedIRBytes)) {
    auto oldest = impl.entries.end();
    for (auto it = impl.entries.begin(); it != impl.entries.end(); ++it)
      if (it->get() != keep &&
          (oldest == impl.entries.end() || (*it)->lastUse < (*oldest)->lastUse))
        oldest = it;
    if (oldest == impl.entries.end())
      return;
    impl.entries.erase(oldest);
  }
}
} // namespace

absl::StatusOr<TraceEntry *> traceNew(TracedFunctionImpl &impl,
                                      std::vector<Spec> specs,
                                      const StaticArgs &statics,
                                      const std::string &reason) {
  if (absl::Status status = checkMayTrace(impl, reason); !status.ok())
    return status;
  auto entry = std::make_unique<TraceEntry>();
  entry->number = impl.traces + 1;
  entry->specs = std::move(specs);
  entry->statics = statics;
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<OwningOpRef<ModuleOp>> module = traceBody(impl, *entry);
  ++impl.traces;
  if (!module.ok())
    return absl::Status(module.status().code(),
                        "while tracing '" + impl.options.name +
                            "': " + std::string(module.status().message()));
  double traceMs = millisecondsSince(start);
  start = std::chrono::steady_clock::now();
  if (absl::Status status = compileEntry(impl, *entry, *std::move(module));
      !status.ok())
    return absl::Status(status.code(),
                        "while compiling '" + impl.options.name +
                            "': " + std::string(status.message()));
  recordTrace(impl, *entry, reason, traceMs, millisecondsSince(start));
  TraceEntry *result = entry.get();
  impl.entries.push_back(std::move(entry));
  evict(impl, result);
  return result;
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

namespace {
void printValues(const TraceEntry &entry, std::vector<Tensor> &outputs) {
  size_t next = entry.numOutputs;
  for (const PrintRequest &request : entry.prints) {
    std::string line = request.label + ":";
    for (size_t i = 0; i < request.numArrays; ++i, ++next)
      line += " " + ref::formatTensor(toRef(outputs[next].view()));
    printf("%s\n", line.c_str());
  }
  fflush(stdout);
}
} // namespace

absl::StatusOr<std::vector<Tensor>> runTrace(TracedFunctionImpl &impl,
                                             TraceEntry &entry,
                                             std::vector<TensorView> args) {
  std::vector<std::pair<size_t, Tensor *>> donated;
  size_t numExplicit = args.size();
  for (size_t k = 0; k < entry.variables.size(); ++k) {
    Tensor &value = entry.variables[k]->value;
    args.push_back(value.view());
    for (const auto &assigned : entry.assignedOrder)
      if (assigned == entry.variables[k])
        donated.push_back({numExplicit + k, &value});
  }
  if (++entry.uses == 2 && !entry.pendingText.empty()) {
    entry.slot = compileInBackground(std::move(entry.pendingText), impl.symbol,
                                     impl.options.compile);
    entry.pendingText.clear();
    ++impl.compiles;
  }
  const Function *function = entry.function ? &*entry.function : nullptr;
  if (entry.slot && entry.slot->state.load(std::memory_order_acquire) == 1)
    function = &*entry.slot->function;
  absl::StatusOr<std::vector<Tensor>> results =
      function ? function->callDonating(args, donated)
               : interpret(*entry.module, impl.symbol, args);
  if (!results.ok())
    return absl::Status(results.status().code(),
                        "calling '" + impl.options.name +
                            "': " + std::string(results.status().message()));
  printValues(entry, *results);
  size_t firstTied = results->size() - entry.assignedOrder.size();
  for (size_t j = 0; j < entry.assignedOrder.size(); ++j)
    entry.assignedOrder[j]->value = std::move((*results)[firstTied + j]);
  results->resize(entry.numOutputs);
  return results;
}

absl::StatusOr<std::vector<Tensor>>
callTraced(TracedFunctionImpl &impl, const std::vector<TensorView> &args,
           const StaticArgs &statics) {
  std::lock_guard<std::recursive_mutex> lock(impl.mutex);
  if (absl::Status status = checkViews(impl, args); !status.ok())
    return status;
  if (impl.options.signature)
    if (absl::Status status = checkSignature(impl, args); !status.ok())
      return status;
  TraceEntry *entry = findTrace(impl, args, statics);
  noteCall(impl, entry == nullptr);
  if (!entry) {
    std::vector<Spec> specs = specsForNewTrace(impl, args, statics);
    std::string reason = explainMiss(impl, args, statics, specs);
    absl::StatusOr<TraceEntry *> traced =
        traceNew(impl, specs, statics, reason);
    if (!traced.ok())
      return traced.status();
    entry = *traced;
  }
  entry->lastUse = ++impl.clock;
  return runTrace(impl, *entry, args);
}

} // namespace detail

//===----------------------------------------------------------------------===//
// TracedFunction
//===----------------------------------------------------------------------===//

using detail::TracedFunctionImpl;

absl::StatusOr<std::vector<Tensor>>
TracedFunction::operator()(const std::vector<Tensor> &args,
                           const StaticArgs &statics) const {
  std::vector<TensorView> views;
  views.reserve(args.size());
  for (const Tensor &arg : args)
    views.push_back(arg.view());
  return detail::callTraced(*impl, views, statics);
}

absl::StatusOr<std::vector<Tensor>>
TracedFunction::callViews(const std::vector<TensorView> &args,
                          const StaticArgs &statics) const {
  return detail::callTraced(*impl, args, statics);
}

std::vector<Array> TracedFunction::callArrays(const std::vector<Array> &args,
                                              const StaticArgs &statics) const {
  {
    std::lock_guard<std::recursive_mutex> lock(detail::getLock());
    if (detail::currentFrame())
      return impl->fn(args, statics); // Traced inline into the caller.
  }
  // Eager values never change: the call reads them in place.
  std::vector<TensorView> views;
  for (const Array &arg : args) {
    if (!arg.ok() || arg.isTraced())
      return {detail::errorArray(arg.ok() ? arg.toTensor().status()
                                          : arg.status())};
    views.push_back(arg.getImpl()->value->view());
  }
  absl::StatusOr<std::vector<Tensor>> results = callViews(views, statics);
  if (!results.ok())
    return {detail::errorArray(results.status())};
  std::vector<Array> arrays;
  for (Tensor &result : *results)
    arrays.push_back(detail::eagerArray(std::move(result), SourceSite::here()));
  return arrays;
}

absl::Status TracedFunction::trace(const Signature &signature,
                                   const StaticArgs &statics) const {
  std::lock_guard<std::recursive_mutex> lock(impl->mutex);
  for (auto &entry : impl->entries)
    if (entry->specs == signature.getSpecs() && entry->statics == statics)
      return absl::OkStatus();
  return detail::traceNew(*impl, signature.getSpecs(), statics,
                          "traced ahead of a call for " + signature.toString())
      .status();
}

size_t TracedFunction::traceCount() const {
  std::lock_guard<std::recursive_mutex> lock(impl->mutex);
  return impl->traces;
}
size_t TracedFunction::compileCount() const {
  std::lock_guard<std::recursive_mutex> lock(impl->mutex);
  return impl->compiles;
}

std::string TracedFunction::getIR(const Signature &signature,
                                  bool optimized) const {
  std::lock_guard<std::recursive_mutex> lock(impl->mutex);
  for (auto &entry : impl->entries)
    if (entry->specs == signature.getSpecs())
      return optimized ? entry->optimizedIR : entry->tracedIR;
  return "";
}

std::vector<TraceRecord> TracedFunction::traceLog() const {
  std::lock_guard<std::recursive_mutex> lock(impl->mutex);
  return impl->log;
}

void TracedFunction::clearCache() const {
  std::lock_guard<std::recursive_mutex> lock(impl->mutex);
  impl->entries.clear();
}

const std::string &TracedFunction::name() const { return impl->options.name; }

TracedFunction function(TraceableWithStatics fn, FunctionOptions options,
                        SourceSite site) {
  return TracedFunction(std::make_shared<TracedFunctionImpl>(
      std::move(fn), std::move(options), site));
}

TracedFunction function(Traceable fn, FunctionOptions options,
                        SourceSite site) {
  return function(
      TraceableWithStatics(
          [fn = std::move(fn)](const std::vector<Array> &args,
                               const StaticArgs &) { return fn(args); }),
      std::move(options), site);
}

void setTracingAllowed(bool allowed) { detail::tracingAllowed = allowed; }

void setLogger(std::function<void(const std::string &)> logger) {
  detail::Logger &state = detail::getLogger();
  std::lock_guard<std::mutex> lock(state.mutex);
  state.sink = std::move(logger);
}

std::vector<Array> print(const std::string &label,
                         const std::vector<Array> &arrays, SourceSite site) {
  std::lock_guard<std::recursive_mutex> lock(detail::getLock());
  detail::Frame *frame = detail::currentFrame();
  if (!frame) {
    std::string line = label + ":";
    for (const Array &a : arrays) {
      absl::StatusOr<Tensor> tensor = a.toTensor();
      line +=
          " " + (tensor.ok() ? ref::formatTensor(detail::toRef(tensor->view()))
                             : std::string(tensor.status().message()));
    }
    printf("%s\n", line.c_str());
    fflush(stdout);
    return arrays;
  }
  // Printed after each call: the arrays become extra results of the
  // traced function.
  detail::Frame *top = detail::topFrame();
  if (frame != top)
    return {detail::errorArray(absl::UnimplementedError(
        detail::formatSite(site) + ": nn::print inside '" + frame->function +
        "' (a loss or a branch) is not supported; print in the traced "
        "function itself"))};
  top->prints.push_back({label, arrays.size(), site});
  for (const Array &a : arrays)
    top->printed.push_back(a.getImpl());
  return arrays;
}

} // namespace nn
