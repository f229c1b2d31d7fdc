//===- Fuse.cpp - Group producer-consumer chains into nn.fusion -----------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Greedy producer-consumer grouping over the ops of a function body, in
// program order. Each op lands in at most one group, so nothing is ever
// recomputed: a value of a group that is also needed outside becomes one of
// the fusion's results. Each op's role is declared on it in ODS: the
// elementwise traits, ContractionOpInterface (matmul, conv2d) and the
// Reduction trait (reduce_*, softmax, log_softmax). The policy
// (docs/Fusion.md):
//
//  * A contraction starts an `epilogue` group; elementwise ops whose result
//    has the contraction's shape join it.
//  * A reduction joins the elementwise group that produces its operand,
//    making it a `reduction` group, or starts one; elementwise consumers of
//    the reduction or of its operand's shape join.
//  * Elementwise ops join the group of a producer when their result has that
//    group's iteration shape, and otherwise start an `elementwise` group.
//  * At most one contraction or reduction per group; no op joins a group it
//    reaches through an op outside the group (that would be a cycle); calls
//    and every other op stay outside.
//
//===----------------------------------------------------------------------===//

#include "nn/Transforms/Passes.h"

#include "nn/IR/NNOps.h"

#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace nn {
#define GEN_PASS_DEF_NNFUSE
#include "nn/Transforms/Passes.h.inc"
} // namespace nn

using namespace mlir;
using namespace nn;

namespace {

enum class Role { None, Elementwise, Contraction, Reduction };

Role roleOf(Operation *op) {
  if (op->hasTrait<nn::OpTrait::BroadcastingElementwise>() ||
      op->hasTrait<mlir::OpTrait::Elementwise>())
    return Role::Elementwise;
  if (isa<ContractionOpInterface>(op))
    return Role::Contraction;
  if (op->hasTrait<nn::OpTrait::Reduction>())
    return Role::Reduction;
  return Role::None;
}

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

struct Group {
  llvm::SetVector<Operation *> ops;
  /// The op that gives the group its kind (a contraction or a reduction).
  Operation *root = nullptr;
  /// Shapes an elementwise op may have to join: the iteration shapes of the
  /// group's loop nest.
  SmallVector<SmallVector<int64_t>> shapes;

  StringRef kind() const {
    if (!root)
      return "elementwise";
    return roleOf(root) == Role::Contraction ? "epilogue" : "reduction";
  }
  bool hasShape(ArrayRef<int64_t> shape) const {
    return llvm::any_of(shapes, [&](const SmallVector<int64_t> &s) {
      return ArrayRef<int64_t>(s) == shape;
    });
  }
};

class Fuser {
public:
  void run(Block &block);

private:
  /// Whether `value` depends on an op of `group` through ops outside it.
  bool reachesGroup(Value value, const Group &group);
  bool canJoin(Operation *op, const Group &group);
  void join(Operation *op, Group &group);
  void materialize(Group &group);

  std::vector<std::unique_ptr<Group>> groups;
  DenseMap<Operation *, Group *> groupOf;
};

bool Fuser::reachesGroup(Value value, const Group &group) {
  SmallVector<Operation *> worklist;
  DenseSet<Operation *> visited;
  if (Operation *def = value.getDefiningOp())
    worklist.push_back(def);
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (!visited.insert(op).second)
      continue;
    if (group.ops.contains(op))
      return true;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        if (def->getBlock() == op->getBlock())
          worklist.push_back(def);
  }
  return false;
}

bool Fuser::canJoin(Operation *op, const Group &group) {
  Role role = roleOf(op);
  if (role == Role::Contraction)
    return false; // Contractions only start groups.
  if (role == Role::Reduction) {
    // A reduction joins only a plain elementwise producer chain whose
    // iteration shape is the reduction's input.
    if (group.root || !group.hasShape(shapeOf(op->getOperand(0))))
      return false;
  } else if (!group.hasShape(shapeOf(op->getResult(0)))) {
    return false;
  }
  for (Value operand : op->getOperands()) {
    Operation *def = operand.getDefiningOp();
    if (def && group.ops.contains(def))
      continue;
    if (reachesGroup(operand, group))
      return false;
  }
  return true;
}

void Fuser::join(Operation *op, Group &group) {
  group.ops.insert(op);
  groupOf[op] = &group;
  Role role = roleOf(op);
  if (role == Role::Contraction || role == Role::Reduction) {
    group.root = op;
    group.shapes.clear();
    // A contraction's epilogue runs on its result; a reduction's consumers
    // run on its input shape (softmax, x - max) or its result shape (mean).
    if (role == Role::Reduction)
      group.shapes.push_back(llvm::to_vector(shapeOf(op->getOperand(0))));
  }
  SmallVector<int64_t> shape = llvm::to_vector(shapeOf(op->getResult(0)));
  if (!group.hasShape(shape))
    group.shapes.push_back(shape);
}

void Fuser::run(Block &block) {
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (roleOf(&op) == Role::None || op.getNumResults() != 1)
      continue;
    Group *target = nullptr;
    for (Value operand : op.getOperands()) {
      Operation *def = operand.getDefiningOp();
      auto it = def ? groupOf.find(def) : groupOf.end();
      if (it != groupOf.end() && canJoin(&op, *it->second)) {
        target = it->second;
        break;
      }
    }
    if (!target) {
      groups.push_back(std::make_unique<Group>());
      target = groups.back().get();
    }
    join(&op, *target);
  }
  for (auto &group : groups)
    materialize(*group);
  // Fusions sit where their last op was; ops outside a group that use an
  // early value of it may now come first. Grouping made no cycles, so a
  // topological sort restores dominance.
  sortTopologically(&block);
}

/// A constant cheap enough to copy into every fusion that reads it.
bool isSplatConstant(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  auto dense = constant ? dyn_cast<DenseElementsAttr>(constant.getValue())
                        : DenseElementsAttr();
  return dense && dense.isSplat();
}

void Fuser::materialize(Group &group) {
  llvm::SetVector<Value> inputs, outputs;
  for (Operation *op : group.ops) {
    for (Value operand : op->getOperands()) {
      Operation *def = operand.getDefiningOp();
      if ((!def || !group.ops.contains(def)) && !isSplatConstant(operand))
        inputs.insert(operand);
    }
    for (Value result : op->getResults())
      if (llvm::any_of(result.getUsers(), [&](Operation *user) {
            return !group.ops.contains(user);
          }))
        outputs.insert(result);
  }

  Operation *last = group.ops.back();
  OpBuilder builder(last);
  auto fusion = FusionOp::create(
      builder, last->getLoc(), TypeRange(ValueRange(outputs.getArrayRef())),
      inputs.getArrayRef(), builder.getStringAttr(group.kind()));
  Block *body = builder.createBlock(&fusion.getBody());
  IRMapping mapping;
  llvm::SetVector<Operation *> copiedConstants;
  for (Value input : inputs)
    mapping.map(input, body->addArgument(input.getType(), input.getLoc()));
  builder.setInsertionPointToEnd(body);
  for (Operation *op : group.ops) {
    for (Value operand : op->getOperands())
      if (!mapping.contains(operand) && isSplatConstant(operand)) {
        copiedConstants.insert(operand.getDefiningOp());
        mapping.map(operand,
                    builder.clone(*operand.getDefiningOp())->getResult(0));
      }
    builder.clone(*op, mapping);
  }
  SmallVector<Value> yielded;
  for (Value output : outputs)
    yielded.push_back(mapping.lookup(output));
  YieldOp::create(builder, last->getLoc(), yielded);

  for (auto [output, result] : llvm::zip(outputs, fusion.getResults()))
    Value(output).replaceUsesWithIf(result, [&](OpOperand &use) {
      return !group.ops.contains(use.getOwner());
    });
  for (Operation *op : llvm::reverse(group.ops))
    op->erase();
  // Constants now copied into every fusion that reads them.
  for (Operation *constant : copiedConstants)
    if (constant->use_empty())
      constant->erase();
}

struct NNFusePass : public nn::impl::NNFuseBase<NNFusePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Fuser().run(func.getBody().front());
  }
};

} // namespace
