//===- Interpreter.h - The reference interpreter ----------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Runs functions of nn ops on host tensors with plain, obviously correct
// kernels: the oracle that the JIT, the eager mode and the tests are checked
// against. Dynamic dimensions are resolved from the inputs, and every shape
// rule a dynamic dimension could break is checked again on the concrete
// shapes; a violation is an error, never undefined behaviour.
//
//===----------------------------------------------------------------------===//

#ifndef NN_REFERENCE_INTERPRETER_H
#define NN_REFERENCE_INTERPRETER_H

#include "nn/Reference/Tensor.h"

#include "mlir/IR/Block.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Operation.h"

#include "absl/status/statusor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nn::ref {

struct RunOptions {
  /// Propagates shapes only (give shape-only inputs, except rank-0 integer
  /// values that set sizes): checks every shape rule of a call and gives
  /// the result shapes in microseconds, without computing anything.
  bool shapesOnly = false;
  /// Rejects a dynamic dimension that has size 1 at run time and broadcasts
  /// to a larger size, which compiled code does not support.
  bool rejectDynamicBroadcast = false;
  /// The largest tensor a function may make, in bytes; 0 for this
  /// machine's physical memory. Sizes are checked on shapes before
  /// anything is allocated (a full run propagates shapes first), so that a
  /// tensor<200000000000xf32> is an error at its op, not a failed
  /// allocation.
  uint64_t maxTensorBytes = 0;
};

/// The interpreter as an op's evaluator (EvaluableOpInterface) sees it: the
/// mode it runs in, its errors, and the regions it can run. The walk, the
/// values, calls and diagnostics stay inside the interpreter.
class Interpreter {
public:
  virtual ~Interpreter();

  /// Whether values are shape-only tensors (RunOptions::shapesOnly, or the
  /// shape pass before every run): an evaluator then checks the shape rules
  /// and gives shape-only results, reading data only from the operands that
  /// have it (rank-0 sizes and predicates computed from constants).
  virtual bool isShapesOnly() const = 0;
  /// RunOptions::rejectDynamicBroadcast.
  virtual bool rejectsDynamicBroadcast() const = 0;

  /// An error at `op`, prefixed with its location: the message of the shape
  /// rule that failed there (a ShapeErrorEmitter at the op's location), if
  /// one did, else `message`.
  virtual absl::Status error(mlir::Operation *op,
                             const std::string &message) = 0;
  /// An error at `op` for shapes that depend on data, in shape-only mode (a
  /// region chosen by a predicate computed from a tensor): a full run can
  /// still check them op by op, so runFunction goes on to run the call.
  virtual absl::Status undecidable(mlir::Operation *op,
                                   const std::string &message) = 0;

  /// Runs `block` (of an op being evaluated) on `arguments`, giving the
  /// operands of its terminator.
  virtual absl::StatusOr<std::vector<Tensor>>
  runBlock(mlir::Block &block, llvm::ArrayRef<Tensor> arguments) = 0;
};

/// What maxTensorBytes = 0 stands for: this machine's physical memory.
uint64_t getDefaultMaxTensorBytes();

/// The interpreter's message for a result of `op` of type `shape`x`type`
/// over `maxTensorBytes` (or whose size overflows); nullopt if it fits.
std::optional<std::string> checkTensorSize(mlir::Operation *op,
                                           llvm::ArrayRef<int64_t> shape,
                                           DType type, uint64_t maxTensorBytes);

/// Checks every statically shaped tensor an op under `root` makes (a
/// constant, say) against `maxTensorBytes` (0: this machine's memory), with
/// the interpreter's message and the op's location: compilers call it
/// before they embed or allocate anything.
absl::Status checkStaticTensorSizes(mlir::Operation *root,
                                    uint64_t maxTensorBytes = 0);

/// Runs the function `name` of `module` on `inputs`. Index arguments take
/// rank-0 i64 tensors. Functions may call each other (`func.call`) and hold
/// `nn.fusion`, `nn.cond`, `nn.while` and `nn.for` regions; `nn.grad` must
/// have been lowered by `nn-autodiff`. In shapesOnly mode a predicate
/// computed from a shape-only tensor has no value: both branches of a cond
/// are checked (their shapes must agree), and one iteration of a while loop
/// (its carried shapes must stay the same); otherwise the call fails, since
/// the shapes would depend on data.
absl::StatusOr<std::vector<Tensor>> runFunction(mlir::ModuleOp module,
                                                llvm::StringRef name,
                                                llvm::ArrayRef<Tensor> inputs,
                                                const RunOptions &options = {});

/// Evaluates one op on the given operand values (used by constant folding).
/// Ops with regions or symbol uses are not supported here.
absl::StatusOr<std::vector<Tensor>> evaluateOp(mlir::Operation *op,
                                               llvm::ArrayRef<Tensor> operands);

/// Converts between constant attributes (dense or dense_resource) and host
/// tensors.
absl::StatusOr<Tensor> tensorFromAttr(mlir::ElementsAttr attr);
mlir::DenseElementsAttr attrFromTensor(const Tensor &tensor,
                                       mlir::RankedTensorType type);

} // namespace nn::ref

#endif // NN_REFERENCE_INTERPRETER_H
