//===- TraceInternal.h - What the tracer's files share ----------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_TRACE_TRACEINTERNAL_H
#define NN_LIB_TRACE_TRACEINTERNAL_H

#include "Eager/Internal.h"

#include "nn/Trace/Function.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <list>
#include <mutex>

namespace nn::detail {

/// Runs `body` with `frame` as this thread's innermost frame.
class FrameScope {
public:
  explicit FrameScope(Frame &frame) : frame(frame) { pushFrame(&frame); }
  ~FrameScope() { popFrame(&frame); }
  FrameScope(const FrameScope &) = delete;
  FrameScope &operator=(const FrameScope &) = delete;

private:
  Frame &frame;
};

/// Adds block arguments of `specs` to `frame` and wraps them as arrays.
std::vector<Array>
addArguments(Frame &frame,
             const std::vector<std::pair<DType, std::vector<int64_t>>> &types,
             SourceSite site);

/// The values of `arrays` in `frame` (see resolve).
absl::StatusOr<llvm::SmallVector<mlir::Value>>
resolveAll(const std::vector<Array> &arrays, Frame &frame);

/// Makes `frame`'s block the body of a new, detached function `name`
/// returning `results` (values of the frame).
mlir::func::FuncOp finishFunction(Frame &frame, llvm::StringRef name,
                                  mlir::ValueRange results);

/// Functions that nested frames of a trace outline (losses of
/// valueAndGrad): kept detached until the traced module is built.
std::vector<mlir::Operation *> &outlinedFunctions(Frame &top);
void dropOutlinedFunctions(Frame &top);
/// A symbol name for a new outlined function of the trace.
std::string newSymbolName(Frame &top, llvm::StringRef stem);

/// nn-autodiff, then (with `optimize`) canonicalize with constant folding,
/// CSE and nn-fuse. The diagnostics on failure.
absl::Status runFrontendPasses(mlir::ModuleOp module, bool optimize, bool fuse);

/// Runs `name` of `module` with the interpreter on host tensors.
absl::StatusOr<std::vector<Tensor>>
interpret(mlir::ModuleOp module, llvm::StringRef name,
          const std::vector<TensorView> &inputs);

/// The module as text, with or without locations.
std::string printModule(mlir::ModuleOp module, bool withLocations);

/// Whether `value` depends on the block argument `arg`.
bool dependsOn(mlir::Value value, mlir::BlockArgument arg);

} // namespace nn::detail

#endif // NN_LIB_TRACE_TRACEINTERNAL_H
