//===- Internal.h - The recorder behind eager and traced arrays -*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What Array, Variable and the tracer share (private to lib/Eager and
// lib/Trace). Every op goes through emitOp: it builds the op with the
// dialect's own type inference and verifier (so errors carry the dialect's
// messages), then either records it into the innermost trace frame of this
// thread, or runs it at once: eager ops are built once per signature (op,
// attributes, operand types) into a cached prototype and evaluated by the
// reference interpreter.
//
// Frames. A trace frame is a block being filled: the body of a traced
// function, of an outlined loss, or of a control-flow region. Frames are
// isolated from each other as func.func is: a traced value of an enclosing
// frame, or a variable, used in a frame becomes one of its "external
// inputs", a block argument that the frame's owner binds at its call site.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_EAGER_INTERNAL_H
#define NN_LIB_EAGER_INTERNAL_H

#include "nn/Eager/Array.h"
#include "nn/Eager/Variable.h"
#include "nn/IR/DType.h"
#include "nn/Reference/Tensor.h"
#include "nn/Runtime/Runtime.h"

#include "mlir/IR/Block.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <variant>

namespace nn::detail {

struct Frame;
struct VariableImpl;

struct ArrayImpl {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  absl::Status error;
  /// Eager: the value (never changed once set).
  std::optional<Tensor> value;
  /// Traced: the SSA value in frame `frameId`.
  mlir::Value traced;
  uint64_t frameId = 0;
  /// Where the array was made, for messages.
  SourceSite site{"", 0};
};

struct ArraySlot {
  std::shared_ptr<ArrayImpl> impl;
};

struct VariableImpl {
  std::string name;
  Tensor value;
  bool trainable = true;
  uint64_t id = 0;
};

/// An external input of a frame: an outer traced array or a variable.
struct ExternalInput {
  std::shared_ptr<ArrayImpl> outer; // null for a variable
  std::shared_ptr<VariableImpl> variable;
};

/// A small eager array captured by a trace, baked in as a constant: the
/// handle, and what it held at trace time.
struct Capture {
  std::shared_ptr<ArraySlot> slot;
  std::shared_ptr<ArrayImpl> impl;
};

/// A value to print after each call (nn::print inside a trace).
struct PrintRequest {
  std::string label;
  size_t numArrays = 0;
  SourceSite site;
};

struct Frame {
  Frame(std::string function, Frame *parent);
  ~Frame();

  uint64_t id;
  std::string function;
  Frame *parent;
  /// The block being filled (owned until moved into an op or function).
  std::unique_ptr<mlir::Block> block;
  mlir::OpBuilder builder;
  /// Block arguments beyond the explicit ones, in order of first use.
  std::vector<ExternalInput> externals;
  llvm::DenseMap<ArrayImpl *, mlir::Value> liftedArrays;
  llvm::DenseMap<VariableImpl *, mlir::Value> variableArgs;
  /// Variables assigned in this frame, in order, with their last value.
  std::vector<
      std::pair<std::shared_ptr<VariableImpl>, std::shared_ptr<ArrayImpl>>>
      assignments;
  /// Only the top frame of a trace collects these.
  std::vector<Capture> captures;
  llvm::DenseMap<ArrayImpl *, mlir::Value> constants;
  std::vector<PrintRequest> prints;
  std::vector<std::shared_ptr<ArrayImpl>> printed;
  /// Whether variables may be created (a function's first trace) and
  /// assigned (top frames) here.
  bool mayCreateVariables = true;
  bool mayAssign = true;
  /// The number of random ops traced so far (their index in the graph).
  int64_t randomOps = 0;
  /// Top frames: per generator counter advanced by this trace, the value
  /// it had when the call started.
  std::vector<std::pair<VariableImpl *, std::shared_ptr<ArrayImpl>>>
      counterReads;
  /// The first error of the trace (an op on error operands, a bad read).
  absl::Status error;
  /// Top frames: detached functions outlined by nested frames, owned here
  /// until the traced module takes them, and a counter for their names.
  std::vector<mlir::Operation *> outlined;
  int64_t symbols = 0;
};

/// The front end's MLIR context and lock. Every use of the context (ops,
/// traces, eager prototypes) holds the lock; it is recursive, so that a
/// trace holds it for its whole length.
mlir::MLIRContext &getContext();
std::recursive_mutex &getLock();

/// This thread's innermost frame, or null outside traces.
Frame *currentFrame();
/// The top frame of the current trace (null outside traces).
Frame *topFrame();
void pushFrame(Frame *frame);
void popFrame(Frame *frame);
/// Whether frame `id` is live on this thread.
bool isLiveFrame(uint64_t id);

/// `model.cpp:12`, the file name without its directories.
std::string formatSite(SourceSite site);
mlir::Location toLocation(SourceSite site);
mlir::RankedTensorType toTensorType(DType dtype,
                                    const std::vector<int64_t> &shape);

/// An attribute of an op, built once the context is known.
using AttrValue =
    std::variant<bool, int64_t, double, std::string, std::vector<int64_t>>;
struct NamedAttr {
  std::string name;
  AttrValue value;
};

/// What an op needs besides its name, operands and attributes: the result
/// type when the op does not infer it.
struct OpSpec {
  const char *name;
  std::vector<NamedAttr> attrs;
  std::optional<std::pair<DType, std::vector<int64_t>>> resultType;
  /// Set for nn.constant: the value.
  const ref::Tensor *constant = nullptr;
};

/// Builds the op of `spec` on `operands` at the builder's insertion point,
/// with the dialect's type inference and verifier; on failure the op is
/// erased and the error carries the dialect's message and `site`.
absl::StatusOr<mlir::Operation *> buildOp(mlir::OpBuilder &builder,
                                          const OpSpec &spec,
                                          mlir::ValueRange operands,
                                          SourceSite site);
/// The key of an eager op signature: the op, its attributes and its
/// operand types.
std::string prototypeKey(const OpSpec &spec,
                         const std::vector<const Array *> &operands);
/// Tier 1 of eager ops: the op run by its compiled kernel, or nothing when
/// the kernel is not (yet) there.
std::optional<Array> runKernel(const OpSpec &spec,
                               const std::vector<const Array *> &operands,
                               SourceSite site);
void countInterpretedOp();

/// Runs or records one op; the result carries an error instead when an
/// operand does or the dialect rejects the op.
Array emitOp(const OpSpec &spec, const std::vector<const Array *> &operands,
             SourceSite site);
/// An error array.
Array errorArray(absl::Status status);
/// An eager array holding `value`.
Array eagerArray(Tensor value, SourceSite site);
Array eagerArray(const ref::Tensor &value, SourceSite site);
/// A traced array for `value` of `frame`.
Array tracedArray(mlir::Value value, Frame &frame, SourceSite site);

/// The value of `array` in `frame`: its own value, a block argument that
/// lifts an enclosing frame's value, or a constant for a small captured
/// eager array. Errors for error arrays, stale traced arrays and large
/// captures.
absl::StatusOr<mlir::Value> resolve(const Array &array, Frame &frame);
/// The block argument of `variable` in `frame` (created on first use).
mlir::Value variableArgument(const std::shared_ptr<VariableImpl> &variable,
                             Frame &frame);
/// The value of an external input in the parent frame, for the call site.
absl::StatusOr<mlir::Value> resolveExternal(const ExternalInput &input,
                                            Frame &parent);

/// Converts between the API's tensors and the interpreter's, which hold the
/// same packed elements: a copy of the bytes from a view, none from an
/// rvalue.
ref::Tensor toRef(const TensorView &view);
Tensor fromRef(const ref::Tensor &tensor);
Tensor fromRef(ref::Tensor &&tensor);
/// Equal dtypes, shapes and bytes.
bool sameTensor(const Tensor &a, const Tensor &b);

/// A compile on the background thread: the module `text` (nn IR) is
/// compiled in the front end's API context and `symbol` looked up.
struct CompiledSlot {
  /// 0 while compiling, 1 when `function` is ready, 2 on failure.
  std::atomic<int> state{0};
  std::optional<Function> function;
  std::string error;
};
std::shared_ptr<CompiledSlot> compileInBackground(std::string text,
                                                  std::string symbol,
                                                  CompileOptions options);
/// Compiles on this thread (the same, for JitSync); `counted` in the
/// eager statistics.
void compileNow(CompiledSlot &slot, bool counted, const std::string &text,
                const std::string &symbol, const CompileOptions &options);
/// The context compiled front-end code lives in.
Context &apiContext();

/// Hooks of the gradient tape (lib/Trace): called for each eager op.
struct TapeHooks {
  std::function<void(mlir::Operation *prototype,
                     const std::vector<std::shared_ptr<ArrayImpl>> &inputs,
                     const std::vector<std::shared_ptr<ArrayImpl>> &outputs)>
      recordOp;
  std::function<void(const std::shared_ptr<VariableImpl> &variable,
                     const std::shared_ptr<ArrayImpl> &read)>
      recordRead;
};
/// The active tape's hooks, or null.
TapeHooks *&activeTape();

/// Runs `body` with the diagnostics of the front end's context collected
/// into the returned text (this thread's only).
std::string captureDiagnostics(const std::function<void()> &body);

} // namespace nn::detail

#endif // NN_LIB_EAGER_INTERNAL_H
