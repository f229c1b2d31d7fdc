//===- GradCheckTest.cpp - nn-autodiff against finite differences ---------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Checks the gradients that nn-autodiff generates, for every differentiable
// op and for compositions of them, against central finite differences taken
// through the reference interpreter. Everything runs in f64: with a step of
// 1e-6 the truncation error (~h^2) and the rounding error (~eps/h) both stay
// below 1e-9, far under the 1e-5 tolerance, while a wrong rule is off by
// O(1). Each op's results are reduced to the scalar loss by a weighted sum
// with fixed random weights, so that the gradient flowing into the op differs
// from element to element: an all-ones seed would hide transposed or
// mis-indexed gradients. Inputs are pseudo-random with a fixed seed and kept
// away from the points where an op is not differentiable.
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"
#include "nn/Reference/ConstantFold.h"
#include "nn/Reference/Interpreter.h"
#include "nn/Reference/TensorIO.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using namespace mlir;
using nn::DType;
using nn::ref::Tensor;

namespace {

using Shape = std::vector<int64_t>;

/// splitmix64: the same numbers on every platform, unlike the distributions
/// of <random>, so that a failure reproduces everywhere.
class Random {
public:
  explicit Random(uint64_t seed) : state(seed) {}

  /// Uniform in [0, 1).
  double next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * next(); }

private:
  uint64_t state;
};

struct CheckOptions {
  /// The finite-difference step, relative to max(1, |x|).
  double step = 1e-6;
  /// Passes when |autodiff - numeric| <= tolerance * (1 + |numeric|).
  double tolerance = 1e-5;
};

std::string formatDouble(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.12g", value);
  return buffer;
}

/// `pattern` with every occurrence of `key` replaced by `value`.
std::string substitute(StringRef pattern, StringRef key, StringRef value) {
  std::string result;
  while (true) {
    size_t at = pattern.find(key);
    result += pattern.take_front(at).str();
    if (at == StringRef::npos)
      return result;
    result += value.str();
    pattern = pattern.drop_front(at + key.size());
  }
}

class GradCheckTest : public ::testing::Test {
protected:
  GradCheckTest() : rng(0x5eed) {
    DialectRegistry registry;
    registry.insert<nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                    tensor::TensorDialect>();
    nn::registerConstantFolding(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  //===--------------------------------------------------------------------===//
  // Inputs
  //===--------------------------------------------------------------------===//

  Tensor uniform(const Shape &shape, double lo = -2, double hi = 2) {
    Tensor tensor(DType::F64, shape);
    for (int64_t i = 0; i < tensor.getNumElements(); ++i)
      tensor.setDouble(i, rng.uniform(lo, hi));
    return tensor;
  }
  /// Magnitudes in [0.2, 2] with random signs: away from the kinks of abs,
  /// relu and sign, and from the poles of div.
  Tensor awayFromZero(const Shape &shape) {
    Tensor tensor = uniform(shape, 0.2, 2);
    for (int64_t i = 0; i < tensor.getNumElements(); ++i)
      if (rng.next() < 0.5)
        tensor.setDouble(i, -tensor.getDouble(i));
    return tensor;
  }
  /// In [0.5, 2]: inside the domains of log, sqrt, rsqrt and a pow base.
  Tensor positive(const Shape &shape) { return uniform(shape, 0.5, 2); }
  /// i64 indices in [0, depth).
  Tensor indices(const Shape &shape, int64_t depth) {
    Tensor tensor(DType::I64, shape);
    for (int64_t i = 0; i < tensor.getNumElements(); ++i)
      tensor.setInt(i, static_cast<int64_t>(rng.next() * depth));
    return tensor;
  }

  //===--------------------------------------------------------------------===//
  // Compiling and running
  //===--------------------------------------------------------------------===//

  /// Parses `source`; the diagnostics land in `diagnostics`.
  OwningOpRef<ModuleOp> parse(StringRef source, bool verifyAfterParse = true) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      diagnostics += diag.str() + "\n";
      return success();
    });
    return parseSourceString<ModuleOp>(
        source, ParserConfig(&context, verifyAfterParse));
  }

  /// Runs nn-autodiff, then, with `simplify`, canonicalize and cse as
  /// nn-opt users do (folding must not change the gradients either).
  LogicalResult runPasses(ModuleOp module, bool simplify = false) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      diagnostics += diag.str() + "\n";
      return success();
    });
    PassManager pm(&context);
    pm.addPass(nn::createNNAutodiff());
    if (simplify) {
      pm.addPass(createCanonicalizerPass());
      pm.addPass(createCSEPass());
    }
    return pm.run(module);
  }

  std::optional<std::vector<Tensor>> run(ModuleOp module, StringRef name,
                                         ArrayRef<Tensor> inputs) {
    absl::StatusOr<std::vector<Tensor>> results =
        nn::ref::runFunction(module, name, inputs);
    if (!results.ok()) {
      ADD_FAILURE() << "running @" << name.str()
                    << " failed: " << results.status().message();
      return std::nullopt;
    }
    return *std::move(results);
  }

  /// The value of the scalar function @`loss` at `inputs`.
  std::optional<double> evaluate(ModuleOp module, StringRef loss,
                                 ArrayRef<Tensor> inputs) {
    std::optional<std::vector<Tensor>> results = run(module, loss, inputs);
    if (!results)
      return std::nullopt;
    return results->front().getDouble(0);
  }

  /// Central differences of @`loss` with respect to each argument of `wrt`.
  std::optional<std::vector<Tensor>>
  numericGradients(ModuleOp module, StringRef loss, std::vector<Tensor> inputs,
                   ArrayRef<int64_t> wrt, double step) {
    std::vector<Tensor> gradients;
    for (int64_t arg : wrt) {
      Tensor &x = inputs[arg];
      Tensor gradient(x.getElementType(), x.getShape());
      for (int64_t i = 0; i < x.getNumElements(); ++i) {
        double original = x.getDouble(i);
        double h = step * std::max(1.0, std::abs(original));
        // Divide by the steps actually taken, after rounding to the type.
        x.setDouble(i, original + h);
        double upper = x.getDouble(i);
        std::optional<double> up = evaluate(module, loss, inputs);
        x.setDouble(i, original - h);
        double lower = x.getDouble(i);
        std::optional<double> down = evaluate(module, loss, inputs);
        x.setDouble(i, original);
        if (!up || !down)
          return std::nullopt;
        gradient.setDouble(i, (*up - *down) / (upper - lower));
      }
      gradients.push_back(std::move(gradient));
    }
    return gradients;
  }

  /// Expects `actual` to have the type and shape of `expected` and elements
  /// within `tolerance`; one failure per tensor, naming the first few
  /// mismatches.
  void expectClose(const Tensor &expected, const Tensor &actual,
                   double tolerance, const std::string &what) {
    ASSERT_EQ(actual.getTypeString(), expected.getTypeString()) << what;
    std::string mismatches;
    int64_t count = 0;
    for (int64_t i = 0; i < expected.getNumElements(); ++i) {
      double e = expected.getDouble(i), a = actual.getDouble(i);
      // Written so that NaN fails.
      if (std::abs(a - e) <= tolerance * (1 + std::abs(e)))
        continue;
      if (++count <= 5)
        mismatches += "\n  element " + std::to_string(i) + ": autodiff gives " +
                      formatDouble(a) + ", finite differences give " +
                      formatDouble(e);
    }
    if (count)
      ADD_FAILURE() << what << ": " << count << " of "
                    << expected.getNumElements()
                    << " elements differ by more than " << tolerance
                    << mismatches;
  }

  /// Adds @`name`, which returns `nn.grad @loss` for every float argument;
  /// gives the indices of those arguments.
  SmallVector<int64_t> addGradFunction(ModuleOp module, StringRef loss,
                                       StringRef name) {
    auto f = module.lookupSymbol<func::FuncOp>(loss);
    if (!f) {
      ADD_FAILURE() << "no function @" << loss.str();
      return {};
    }
    OpBuilder b(&context);
    b.setInsertionPointToEnd(module.getBody());
    SmallVector<int64_t> wrt;
    SmallVector<Type> types;
    for (auto [i, type] : llvm::enumerate(f.getArgumentTypes()))
      if (isa<FloatType>(getElementTypeOrSelf(type))) {
        wrt.push_back(i);
        types.push_back(type);
      }
    auto g = func::FuncOp::create(
        b, f.getLoc(), name, b.getFunctionType(f.getArgumentTypes(), types));
    Block *body = g.addEntryBlock();
    b.setInsertionPointToStart(body);
    auto grad =
        nn::GradOp::create(b, f.getLoc(), types, loss, body->getArguments(),
                           b.getDenseI64ArrayAttr(wrt));
    func::ReturnOp::create(b, f.getLoc(), grad.getResults());
    return wrt;
  }

  /// Checks `nn.grad @f` with respect to every float argument against finite
  /// differences of @f, after nn-autodiff alone and after the simplifying
  /// pipeline.
  void checkModule(ModuleOp source, ArrayRef<Tensor> inputs,
                   const CheckOptions &options) {
    SmallVector<int64_t> wrt = addGradFunction(source, "f", "g");
    ASSERT_FALSE(wrt.empty()) << "@f has no float argument";
    ASSERT_TRUE(succeeded(verify(source)));
    std::optional<std::vector<Tensor>> numeric;
    for (bool simplify : {false, true}) {
      SCOPED_TRACE(simplify ? "nn-autodiff, canonicalize, cse" : "nn-autodiff");
      OwningOpRef<ModuleOp> module = source.clone();
      diagnostics.clear();
      ASSERT_TRUE(succeeded(runPasses(*module, simplify))) << diagnostics;
      // @f itself may hold nn.grad (second order): run it after the pass.
      if (!numeric) {
        numeric = numericGradients(
            *module, "f", std::vector<Tensor>(inputs.begin(), inputs.end()),
            wrt, options.step);
        ASSERT_TRUE(numeric);
      }
      std::optional<std::vector<Tensor>> gradients = run(*module, "g", inputs);
      ASSERT_TRUE(gradients);
      ASSERT_EQ(gradients->size(), wrt.size());
      for (auto [i, arg] : llvm::enumerate(wrt))
        expectClose((*numeric)[i], (*gradients)[i], options.tolerance,
                    "gradient of argument #" + std::to_string(arg));
    }
  }

  /// Checks the gradients of @f, a scalar loss, in `source`.
  void checkLoss(StringRef source, ArrayRef<Tensor> inputs,
                 const CheckOptions &options = {}) {
    OwningOpRef<ModuleOp> module = parse(source);
    ASSERT_TRUE(module) << diagnostics;
    checkModule(*module, inputs, options);
  }

  /// Checks the gradients of the ops of @y in `source`: @f, the loss, is @y
  /// followed by the sum of every result of @y times random weights. The
  /// results must be f64 tensors of static shape.
  void checkOp(StringRef source, ArrayRef<Tensor> inputs,
               const CheckOptions &options = {}) {
    OwningOpRef<ModuleOp> module = parse(source);
    ASSERT_TRUE(module) << diagnostics;
    auto y = module->lookupSymbol<func::FuncOp>("y");
    ASSERT_TRUE(y) << "no function @y";
    OpBuilder b(&context);
    b.setInsertionPointToEnd(module->getBody());
    Location loc = y.getLoc();
    auto scalar = RankedTensorType::get({}, b.getF64Type());
    auto f = func::FuncOp::create(
        b, loc, "f", b.getFunctionType(y.getArgumentTypes(), {scalar}));
    Block *body = f.addEntryBlock();
    b.setInsertionPointToStart(body);
    // Cloned rather than called, so that each op is differentiated in the
    // gradient function itself, not in a callee's VJP function.
    IRMapping mapping;
    Block &yBody = y.getBody().front();
    mapping.map(yBody.getArguments(), body->getArguments());
    for (Operation &op : yBody.without_terminator())
      b.clone(op, mapping);
    Value loss;
    for (Value result : yBody.getTerminator()->getOperands()) {
      auto type = cast<RankedTensorType>(result.getType());
      ASSERT_TRUE(type.hasStaticShape() && type.getElementType().isF64())
          << "results of @y must be static f64 tensors";
      Tensor weights = uniform(type.getShape().vec(), -1, 1);
      Value w = nn::ConstantOp::create(b, loc,
                                       nn::ref::attrFromTensor(weights, type));
      Value product = nn::MulOp::create(b, loc, mapping.lookup(result), w);
      Value term = nn::ReduceSumOp::create(b, loc, product);
      loss = loss ? Value(nn::AddOp::create(b, loc, loss, term)) : term;
    }
    func::ReturnOp::create(b, loc, loss);
    checkModule(*module, inputs, options);
  }

  /// Runs nn-autodiff on `source`, which must fail with a diagnostic that
  /// contains `message`.
  void expectPassError(StringRef source, StringRef message,
                       bool verifyAfterParse = true) {
    OwningOpRef<ModuleOp> module = parse(source, verifyAfterParse);
    ASSERT_TRUE(module) << diagnostics;
    diagnostics.clear();
    EXPECT_TRUE(failed(runPasses(*module)));
    EXPECT_NE(diagnostics.find(message.str()), std::string::npos)
        << "diagnostics:\n"
        << diagnostics << "expected: " << message.str();
  }

  MLIRContext context;
  Random rng;
  std::string diagnostics;
};

/// How a case of an op family draws its inputs.
enum class Draw {
  Uniform,
  /// Away from the kinks of abs and relu and from the poles of div.
  AwayFromZero,
  /// Inside the domains of log, sqrt and rsqrt.
  Positive,
  /// Uniform in [-4, 4]: both saturated ends of sigmoid.
  Wide,
};

/// One op of a family whose ops are checked on one pattern (`OP` stands
/// for the op's mnemonic), with inputs drawn as `draw` says.
struct OpCase {
  const char *op;
  Draw draw = Draw::Uniform;
};

std::string getOpCaseName(const ::testing::TestParamInfo<OpCase> &info) {
  return info.param.op;
}

class GradCheckOpTest : public GradCheckTest,
                        public ::testing::WithParamInterface<OpCase> {
protected:
  /// The family's pattern with this case's op.
  std::string getSource(StringRef pattern) {
    return substitute(pattern, "OP", GetParam().op);
  }
  Tensor draw(const Shape &shape) {
    switch (GetParam().draw) {
    case Draw::Uniform:
      return uniform(shape);
    case Draw::AwayFromZero:
      return awayFromZero(shape);
    case Draw::Positive:
      return positive(shape);
    case Draw::Wide:
      return uniform(shape, -4, 4);
    }
    return uniform(shape);
  }
};

//===----------------------------------------------------------------------===//
// The checker itself
//===----------------------------------------------------------------------===//

// The finite differences are much more accurate than the tolerance, and a
// gradient that is off by a relative 1e-4 fails: the check is not vacuous.
TEST_F(GradCheckTest, CheckerIsAccurateAndCatchesSmallErrors) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%x: tensor<2x3xf64>) -> tensor<f64> {
      %0 = nn.mul %x, %x : tensor<2x3xf64>, tensor<2x3xf64>
      %1 = nn.mul %0, %x : tensor<2x3xf64>, tensor<2x3xf64>
      %2 = nn.reduce_sum %1 : tensor<2x3xf64>
      return %2 : tensor<f64>
    }
    // 3x^2, and 3.0003x^2.
    func.func @right(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
      %c = nn.constant dense<3.0> : tensor<f64>
      %0 = nn.mul %x, %x : tensor<2x3xf64>, tensor<2x3xf64>
      %1 = nn.mul %0, %c : tensor<2x3xf64>, tensor<f64>
      return %1 : tensor<2x3xf64>
    }
    func.func @wrong(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
      %c = nn.constant dense<3.0003> : tensor<f64>
      %0 = nn.mul %x, %x : tensor<2x3xf64>, tensor<2x3xf64>
      %1 = nn.mul %0, %c : tensor<2x3xf64>, tensor<f64>
      return %1 : tensor<2x3xf64>
    }
  )mlir");
  ASSERT_TRUE(module) << diagnostics;
  std::vector<Tensor> inputs = {uniform({2, 3})};
  std::optional<std::vector<Tensor>> numeric =
      numericGradients(*module, "f", inputs, {0}, CheckOptions().step);
  ASSERT_TRUE(numeric);
  std::optional<std::vector<Tensor>> right = run(*module, "right", inputs);
  std::optional<std::vector<Tensor>> wrong = run(*module, "wrong", inputs);
  ASSERT_TRUE(right && wrong);
  expectClose(numeric->front(), right->front(), 1e-8, "3x^2");
  EXPECT_NONFATAL_FAILURE(expectClose(numeric->front(), wrong->front(),
                                      CheckOptions().tolerance, "3.0003x^2"),
                          "6 of 6 elements differ");
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops, broadcasting
//===----------------------------------------------------------------------===//

/// OP of a 2x3 matrix with a row vector, then of a column (as the lhs) with
/// that, then with a scalar; and of a column with a 1x3 row, where both
/// operands stretch.
constexpr const char *kBroadcastingBinary = R"mlir(
  func.func @y(%a: tensor<2x3xf64>, %b: tensor<3xf64>, %c: tensor<2x1xf64>,
               %s: tensor<f64>, %d: tensor<1x3xf64>)
      -> (tensor<2x3xf64>, tensor<2x3xf64>) {
    %0 = nn.OP %a, %b : tensor<2x3xf64>, tensor<3xf64>
    %1 = nn.OP %c, %0 : tensor<2x1xf64>, tensor<2x3xf64>
    %2 = nn.OP %1, %s : tensor<2x3xf64>, tensor<f64>
    %3 = nn.OP %c, %d : tensor<2x1xf64>, tensor<1x3xf64>
    return %2, %3 : tensor<2x3xf64>, tensor<2x3xf64>
  }
)mlir";

using BinaryGradCheckTest = GradCheckOpTest;

TEST_P(BinaryGradCheckTest, Broadcasting) {
  checkOp(getSource(kBroadcastingBinary),
          {draw({2, 3}), draw({3}), draw({2, 1}), draw({}), draw({1, 3})});
}

// Every divisor of div, %0 included, stays away from zero.
INSTANTIATE_TEST_SUITE_P(Ops, BinaryGradCheckTest,
                         ::testing::Values(OpCase{"add"}, OpCase{"sub"},
                                           OpCase{"mul"},
                                           OpCase{"div", Draw::AwayFromZero},
                                           OpCase{"maximum"},
                                           OpCase{"minimum"}),
                         getOpCaseName);

TEST_F(GradCheckTest, Pow) {
  // Positive bases (%a, %c, and so %0 and %1), exponents of both signs.
  checkOp(substitute(kBroadcastingBinary, "OP", "pow"),
          {positive({2, 3}), uniform({3}, -1.5, 1.5), positive({2, 1}),
           uniform({}, -1.5, 1.5), uniform({1, 3}, -1.5, 1.5)});
}

// max(x, x) = x: the tie rule must split the gradient so that it sums to 1.
TEST_F(GradCheckTest, MaximumAndMinimumOfAValueWithItself) {
  checkOp(R"mlir(
    func.func @y(%x: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>) {
      %0 = nn.maximum %x, %x : tensor<2x3xf64>, tensor<2x3xf64>
      %1 = nn.minimum %x, %x : tensor<2x3xf64>, tensor<2x3xf64>
      return %0, %1 : tensor<2x3xf64>, tensor<2x3xf64>
    }
  )mlir",
          {uniform({2, 3})});
}

TEST_F(GradCheckTest, Select) {
  // The condition comes from a compare (no gradient flows into it) and the
  // three operands broadcast; %a reaches the loss only through the mask, so
  // its gradient is zero.
  checkOp(R"mlir(
    func.func @y(%a: tensor<2x3xf64>, %b: tensor<3xf64>, %c: tensor<2x1xf64>,
                 %d: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>) {
      %m = nn.compare gt, %a, %b : tensor<2x3xf64>, tensor<3xf64>
      %0 = nn.select %m, %c, %b : tensor<2x3xi1>, tensor<2x1xf64>, tensor<3xf64>
      %1 = nn.select %m, %d, %c
          : tensor<2x3xi1>, tensor<2x3xf64>, tensor<2x1xf64>
      return %0, %1 : tensor<2x3xf64>, tensor<2x3xf64>
    }
  )mlir",
          {uniform({2, 3}), uniform({3}), uniform({2, 1}), uniform({2, 3})});
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

constexpr const char *kUnary = R"mlir(
  func.func @y(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
    %0 = nn.OP %x : tensor<2x3xf64>
    return %0 : tensor<2x3xf64>
  }
)mlir";

using UnaryGradCheckTest = GradCheckOpTest;

TEST_P(UnaryGradCheckTest, Elementwise) {
  checkOp(getSource(kUnary), {draw({2, 3})});
}

// sign alone has a zero gradient; its use through a product is below.
INSTANTIATE_TEST_SUITE_P(
    Ops, UnaryGradCheckTest,
    ::testing::Values(OpCase{"neg"}, OpCase{"abs", Draw::AwayFromZero},
                      OpCase{"exp"}, OpCase{"log", Draw::Positive},
                      OpCase{"sqrt", Draw::Positive},
                      OpCase{"rsqrt", Draw::Positive}, OpCase{"tanh"},
                      OpCase{"sigmoid", Draw::Wide},
                      OpCase{"relu", Draw::AwayFromZero},
                      OpCase{"sign", Draw::AwayFromZero}),
    getOpCaseName);

TEST_F(GradCheckTest, Sign) {
  // sign contributes nothing; through the product the gradient is sign(x).
  checkOp(R"mlir(
    func.func @y(%x: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>) {
      %0 = nn.sign %x : tensor<2x3xf64>
      %1 = nn.mul %0, %x : tensor<2x3xf64>, tensor<2x3xf64>
      return %0, %1 : tensor<2x3xf64>, tensor<2x3xf64>
    }
  )mlir",
          {awayFromZero({2, 3})});
}

TEST_F(GradCheckTest, Cast) {
  // The middle runs in f32, whose rounding (~6e-8 relative) divided by the
  // step is the noise of the finite differences: a step of 1e-2 keeps it
  // near 1e-5, and so does the truncation error, hence the tolerance of
  // 1e-3, still far below the O(1) error of a wrong rule.
  checkOp(R"mlir(
    func.func @y(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
      %0 = nn.cast %x : tensor<2x3xf64> to tensor<2x3xf32>
      %1 = nn.tanh %0 : tensor<2x3xf32>
      %2 = nn.mul %1, %0 : tensor<2x3xf32>, tensor<2x3xf32>
      %3 = nn.cast %2 : tensor<2x3xf32> to tensor<2x3xf64>
      return %3 : tensor<2x3xf64>
    }
  )mlir",
          {uniform({2, 3})}, CheckOptions{/*step=*/1e-2, /*tolerance=*/1e-3});
}

//===----------------------------------------------------------------------===//
// Contractions and windows
//===----------------------------------------------------------------------===//

TEST_F(GradCheckTest, MatmulAllTransposes) {
  // M = 2, K = 3, N = 4.
  for (bool transposeLhs : {false, true})
    for (bool transposeRhs : {false, true}) {
      SCOPED_TRACE("transpose_lhs = " + std::to_string(transposeLhs) +
                   ", transpose_rhs = " + std::to_string(transposeRhs));
      std::string lhs = transposeLhs ? "tensor<3x2xf64>" : "tensor<2x3xf64>";
      std::string rhs = transposeRhs ? "tensor<4x3xf64>" : "tensor<3x4xf64>";
      std::string source =
          "func.func @y(%a: " + lhs + ", %b: " + rhs +
          ") -> tensor<2x4xf64> {\n"
          "  %0 = nn.matmul %a, %b {transpose_lhs = " +
          (transposeLhs ? "true" : "false") +
          ", transpose_rhs = " + (transposeRhs ? "true" : "false") +
          "} : " + lhs + ", " + rhs +
          "\n"
          "  return %0 : tensor<2x4xf64>\n"
          "}\n";
      checkOp(source, {uniform(transposeLhs ? Shape{3, 2} : Shape{2, 3}),
                       uniform(transposeRhs ? Shape{4, 3} : Shape{3, 4})});
    }
}

TEST_F(GradCheckTest, MatmulBatched) {
  // A batch against a plain matrix; a batch of 1 against a batch of 2 with
  // both operands transposed; and rank 4 against rank 3.
  checkOp(R"mlir(
    func.func @y(%a: tensor<2x3x4xf64>, %b: tensor<4x5xf64>,
                 %c: tensor<1x4x3xf64>, %d: tensor<2x5x4xf64>,
                 %e: tensor<2x1x3x4xf64>, %f: tensor<3x4x2xf64>)
        -> (tensor<2x3x5xf64>, tensor<2x3x5xf64>, tensor<2x3x3x2xf64>) {
      %0 = nn.matmul %a, %b : tensor<2x3x4xf64>, tensor<4x5xf64>
      %1 = nn.matmul %c, %d {transpose_lhs = true, transpose_rhs = true}
          : tensor<1x4x3xf64>, tensor<2x5x4xf64>
      %2 = nn.matmul %e, %f : tensor<2x1x3x4xf64>, tensor<3x4x2xf64>
      return %0, %1, %2
          : tensor<2x3x5xf64>, tensor<2x3x5xf64>, tensor<2x3x3x2xf64>
    }
  )mlir",
          {uniform({2, 3, 4}), uniform({4, 5}), uniform({1, 4, 3}),
           uniform({2, 5, 4}), uniform({2, 1, 3, 4}), uniform({3, 4, 2})});
}

TEST_F(GradCheckTest, Conv2DStridedPadded) {
  // OH = OW = (5 + 2 - 3) / 2 + 1 = 3.
  checkOp(R"mlir(
    func.func @y(%x: tensor<1x5x5x2xf64>, %w: tensor<3x3x2x3xf64>)
        -> tensor<1x3x3x3xf64> {
      %0 = nn.conv2d %x, %w {strides = array<i64: 2, 2>,
                             padding = array<i64: 1, 1, 1, 1>}
          : tensor<1x5x5x2xf64>, tensor<3x3x2x3xf64>
      return %0 : tensor<1x3x3x3xf64>
    }
  )mlir",
          {uniform({1, 5, 5, 2}), uniform({3, 3, 2, 3})});
}

TEST_F(GradCheckTest, Conv2DDilatedAsymmetricPadding) {
  // OH = (5 + 3 - 4 - 1) + 1 = 4, OW = (5 + 1 - 4 - 1) + 1 = 2.
  checkOp(R"mlir(
    func.func @y(%x: tensor<1x5x5x2xf64>, %w: tensor<3x3x2x3xf64>)
        -> tensor<1x4x2x3xf64> {
      %0 = nn.conv2d %x, %w {dilations = array<i64: 2, 2>,
                             padding = array<i64: 2, 1, 0, 1>}
          : tensor<1x5x5x2xf64>, tensor<3x3x2x3xf64>
      return %0 : tensor<1x4x2x3xf64>
    }
  )mlir",
          {uniform({1, 5, 5, 2}), uniform({3, 3, 2, 3})});
}

TEST_F(GradCheckTest, Conv2DMixedStridesAndDilations) {
  // A batch of 2; OH = (5 + 1 - 2 - 1) / 2 + 1 = 2 (the last row is never
  // read: its gradient is zero), OW = (6 + 2 - 4 - 1) + 1 = 4.
  checkOp(R"mlir(
    func.func @y(%x: tensor<2x5x6x2xf64>, %w: tensor<3x3x2x3xf64>)
        -> tensor<2x2x4x3xf64> {
      %0 = nn.conv2d %x, %w {strides = array<i64: 2, 1>,
                             dilations = array<i64: 1, 2>,
                             padding = array<i64: 0, 1, 2, 0>}
          : tensor<2x5x6x2xf64>, tensor<3x3x2x3xf64>
      return %0 : tensor<2x2x4x3xf64>
    }
  )mlir",
          {uniform({2, 5, 6, 2}), uniform({3, 3, 2, 3})});
}

/// Three pooling configurations: overlapping 3x3 windows with stride 2 and
/// padding, the default strides (= window) over a batch, and a 2x3 window
/// with strides [1, 2] and asymmetric padding.
constexpr const char *kPools = R"mlir(
  func.func @y(%x: tensor<1x5x5x2xf64>, %z: tensor<2x4x6x3xf64>)
      -> (tensor<1x3x3x2xf64>, tensor<2x2x3x3xf64>, tensor<1x5x2x2xf64>) {
    %0 = nn.OP %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                   padding = array<i64: 1, 1, 1, 1>} : tensor<1x5x5x2xf64>
    %1 = nn.OP %z {window = array<i64: 2, 2>} : tensor<2x4x6x3xf64>
    %2 = nn.OP %x {window = array<i64: 2, 3>, strides = array<i64: 1, 2>,
                   padding = array<i64: 0, 1, 1, 0>} : tensor<1x5x5x2xf64>
    return %0, %1, %2
        : tensor<1x3x3x2xf64>, tensor<2x2x3x3xf64>, tensor<1x5x2x2xf64>
  }
)mlir";

using PoolGradCheckTest = GradCheckOpTest;

TEST_P(PoolGradCheckTest, Windows) {
  checkOp(getSource(kPools), {draw({1, 5, 5, 2}), draw({2, 4, 6, 3})});
}

INSTANTIATE_TEST_SUITE_P(Ops, PoolGradCheckTest,
                         ::testing::Values(OpCase{"max_pool2d"},
                                           OpCase{"avg_pool2d"}),
                         getOpCaseName);

//===----------------------------------------------------------------------===//
// Reductions and softmax
//===----------------------------------------------------------------------===//

constexpr const char *kReductions = R"mlir(
  func.func @y(%x: tensor<2x3x4xf64>)
      -> (tensor<f64>, tensor<2x4xf64>, tensor<1x3x1xf64>, tensor<2x3x1xf64>,
          tensor<3xf64>) {
    %0 = nn.OP %x : tensor<2x3x4xf64>
    %1 = nn.OP %x {axes = array<i64: 1>} : tensor<2x3x4xf64>
    %2 = nn.OP %x {axes = array<i64: 0, 2>, keep_dims = true}
        : tensor<2x3x4xf64>
    %3 = nn.OP %x {axes = array<i64: -1>, keep_dims = true}
        : tensor<2x3x4xf64>
    %4 = nn.OP %x {axes = array<i64: 0, -1>} : tensor<2x3x4xf64>
    return %0, %1, %2, %3, %4 : tensor<f64>, tensor<2x4xf64>,
        tensor<1x3x1xf64>, tensor<2x3x1xf64>, tensor<3xf64>
  }
)mlir";

using ReductionGradCheckTest = GradCheckOpTest;

TEST_P(ReductionGradCheckTest, Axes) {
  checkOp(getSource(kReductions), {draw({2, 3, 4})});
}

INSTANTIATE_TEST_SUITE_P(Ops, ReductionGradCheckTest,
                         ::testing::Values(OpCase{"reduce_sum"},
                                           OpCase{"reduce_mean"},
                                           OpCase{"reduce_max"},
                                           OpCase{"reduce_min"}),
                         getOpCaseName);

constexpr const char *kSoftmax = R"mlir(
  func.func @y(%x: tensor<3x4xf64>, %z: tensor<2x3x4xf64>)
      -> (tensor<3x4xf64>, tensor<3x4xf64>, tensor<2x3x4xf64>) {
    %0 = nn.OP %x {axis = 0 : i64} : tensor<3x4xf64>
    %1 = nn.OP %x {axis = -1 : i64} : tensor<3x4xf64>
    %2 = nn.OP %z {axis = 1 : i64} : tensor<2x3x4xf64>
    return %0, %1, %2 : tensor<3x4xf64>, tensor<3x4xf64>, tensor<2x3x4xf64>
  }
)mlir";

using SoftmaxGradCheckTest = GradCheckOpTest;

TEST_P(SoftmaxGradCheckTest, Axis) {
  checkOp(getSource(kSoftmax), {draw({3, 4}), draw({2, 3, 4})});
}

INSTANTIATE_TEST_SUITE_P(Ops, SoftmaxGradCheckTest,
                         ::testing::Values(OpCase{"softmax"},
                                           OpCase{"log_softmax"}),
                         getOpCaseName);

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

TEST_F(GradCheckTest, Reshape) {
  checkOp(R"mlir(
    func.func @y(%x: tensor<2x3x4xf64>)
        -> (tensor<6x4xf64>, tensor<24xf64>, tensor<4x3x2xf64>) {
      %0 = nn.reshape %x : tensor<2x3x4xf64> to tensor<6x4xf64>
      %1 = nn.reshape %x : tensor<2x3x4xf64> to tensor<24xf64>
      %2 = nn.reshape %x : tensor<2x3x4xf64> to tensor<4x3x2xf64>
      return %0, %1, %2 : tensor<6x4xf64>, tensor<24xf64>, tensor<4x3x2xf64>
    }
  )mlir",
          {uniform({2, 3, 4})});
}

TEST_F(GradCheckTest, Transpose) {
  checkOp(R"mlir(
    func.func @y(%x: tensor<2x3x4xf64>)
        -> (tensor<4x2x3xf64>, tensor<3x2x4xf64>) {
      %0 = nn.transpose %x, [2, 0, 1] : tensor<2x3x4xf64>
      %1 = nn.transpose %x, [1, 0, 2] : tensor<2x3x4xf64>
      return %0, %1 : tensor<4x2x3xf64>, tensor<3x2x4xf64>
    }
  )mlir",
          {uniform({2, 3, 4})});
}

TEST_F(GradCheckTest, BroadcastTo) {
  checkOp(R"mlir(
    func.func @y(%a: tensor<3xf64>, %b: tensor<2x1xf64>, %c: tensor<1x3x1xf64>)
        -> (tensor<2x4x3xf64>, tensor<2x3xf64>, tensor<2x3x4xf64>) {
      %0 = nn.broadcast_to %a : tensor<3xf64> to tensor<2x4x3xf64>
      %1 = nn.broadcast_to %b : tensor<2x1xf64> to tensor<2x3xf64>
      %2 = nn.broadcast_to %c : tensor<1x3x1xf64> to tensor<2x3x4xf64>
      return %0, %1, %2 : tensor<2x4x3xf64>, tensor<2x3xf64>, tensor<2x3x4xf64>
    }
  )mlir",
          {uniform({3}), uniform({2, 1}), uniform({1, 3, 1})});
}

TEST_F(GradCheckTest, Concat) {
  // %a feeds both concatenations: its gradient is the sum of two slices.
  checkOp(R"mlir(
    func.func @y(%a: tensor<2x3xf64>, %b: tensor<2x1xf64>, %c: tensor<2x2xf64>,
                 %d: tensor<1x3xf64>) -> (tensor<2x6xf64>, tensor<3x3xf64>) {
      %0 = nn.concat %a, %b, %c {axis = 1 : i64}
          : tensor<2x3xf64>, tensor<2x1xf64>, tensor<2x2xf64>
      %1 = nn.concat %a, %d {axis = -2 : i64} : tensor<2x3xf64>, tensor<1x3xf64>
      return %0, %1 : tensor<2x6xf64>, tensor<3x3xf64>
    }
  )mlir",
          {uniform({2, 3}), uniform({2, 1}), uniform({2, 2}), uniform({1, 3})});
}

TEST_F(GradCheckTest, Slice) {
  // Strided (elements skipped and a tail left over), plain, 3-D with
  // mixed strides, and empty.
  checkOp(R"mlir(
    func.func @y(%x: tensor<5x6xf64>, %z: tensor<2x5x4xf64>)
        -> (tensor<2x2xf64>, tensor<3x3xf64>, tensor<2x2x2xf64>,
            tensor<0x6xf64>) {
      %0 = nn.slice %x {start = array<i64: 1, 0>, limit = array<i64: 5, 6>,
                        strides = array<i64: 2, 3>} : tensor<5x6xf64>
      %1 = nn.slice %x {start = array<i64: 0, 2>, limit = array<i64: 3, 5>}
          : tensor<5x6xf64>
      %2 = nn.slice %z {start = array<i64: 0, 1, 1>,
                        limit = array<i64: 2, 5, 4>,
                        strides = array<i64: 1, 3, 2>} : tensor<2x5x4xf64>
      %3 = nn.slice %x {start = array<i64: 2, 0>, limit = array<i64: 2, 6>}
          : tensor<5x6xf64>
      return %0, %1, %2, %3
          : tensor<2x2xf64>, tensor<3x3xf64>, tensor<2x2x2xf64>, tensor<0x6xf64>
    }
  )mlir",
          {uniform({5, 6}), uniform({2, 5, 4})});
}

TEST_F(GradCheckTest, Pad) {
  // Interior padding and a nonzero value (which carries no gradient), then
  // plain edge padding in 3-D.
  checkOp(R"mlir(
    func.func @y(%x: tensor<2x3xf64>, %z: tensor<2x2x2xf64>)
        -> (tensor<4x9xf64>, tensor<3x2x5xf64>) {
      %0 = nn.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 2>,
                      interior = array<i64: 1, 2>, value = 1.5 : f64}
          : tensor<2x3xf64>
      %1 = nn.pad %z {low = array<i64: 0, 0, 2>, high = array<i64: 1, 0, 1>,
                      value = -2.0 : f64} : tensor<2x2x2xf64>
      return %0, %1 : tensor<4x9xf64>, tensor<3x2x5xf64>
    }
  )mlir",
          {uniform({2, 3}), uniform({2, 2, 2})});
}

//===----------------------------------------------------------------------===//
// Compositions
//===----------------------------------------------------------------------===//

TEST_F(GradCheckTest, MlpWithSoftmaxCrossEntropy) {
  checkLoss(R"mlir(
    func.func @f(%x: tensor<4x5xf64>, %labels: tensor<4xi64>,
                 %w1: tensor<5x6xf64>, %b1: tensor<6xf64>,
                 %w2: tensor<6x3xf64>, %b2: tensor<3xf64>) -> tensor<f64> {
      %h = nn.matmul %x, %w1 : tensor<4x5xf64>, tensor<5x6xf64>
      %a = nn.add %h, %b1 : tensor<4x6xf64>, tensor<6xf64>
      %r = nn.relu %a : tensor<4x6xf64>
      %l = nn.matmul %r, %w2 : tensor<4x6xf64>, tensor<6x3xf64>
      %z = nn.add %l, %b2 : tensor<4x3xf64>, tensor<3xf64>
      %p = nn.softmax %z : tensor<4x3xf64>
      %lp = nn.log %p : tensor<4x3xf64>
      %oh = nn.one_hot %labels {depth = 3 : i64}
          : tensor<4xi64> to tensor<4x3xf64>
      %t = nn.mul %lp, %oh : tensor<4x3xf64>, tensor<4x3xf64>
      %s = nn.reduce_sum %t {axes = array<i64: 1>} : tensor<4x3xf64>
      %m = nn.reduce_mean %s : tensor<4xf64>
      %loss = nn.neg %m : tensor<f64>
      return %loss : tensor<f64>
    }
  )mlir",
            {uniform({4, 5}, -1, 1), indices({4}, 3), uniform({5, 6}, -1, 1),
             uniform({6}, -0.5, 0.5), uniform({6, 3}, -1, 1),
             uniform({3}, -0.5, 0.5)});
}

TEST_F(GradCheckTest, FanOut) {
  // %x has four uses, %0 two, and %2 is both operands of one op.
  checkOp(R"mlir(
    func.func @y(%x: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<3xf64>) {
      %0 = nn.tanh %x : tensor<2x3xf64>
      %1 = nn.mul %x, %0 : tensor<2x3xf64>, tensor<2x3xf64>
      %2 = nn.add %1, %x : tensor<2x3xf64>, tensor<2x3xf64>
      %3 = nn.mul %2, %2 : tensor<2x3xf64>, tensor<2x3xf64>
      %4 = nn.reduce_sum %0 {axes = array<i64: 0>} : tensor<2x3xf64>
      %5 = nn.sub %4, %x : tensor<3xf64>, tensor<2x3xf64>
      %6 = nn.reduce_max %5 {axes = array<i64: 0>} : tensor<2x3xf64>
      return %3, %6 : tensor<2x3xf64>, tensor<3xf64>
    }
  )mlir",
          {uniform({2, 3})});
}

TEST_F(GradCheckTest, ThroughFunctionCalls) {
  // @layer is called twice (one VJP function serves both), calls @act in
  // turn, takes an integer argument and returns an integer result, and one
  // of its float results is unused at the second call site.
  checkOp(R"mlir(
    func.func @act(%x: tensor<2x4xf64>) -> tensor<2x4xf64> {
      %0 = nn.tanh %x : tensor<2x4xf64>
      return %0 : tensor<2x4xf64>
    }
    func.func @layer(%x: tensor<2x3xf64>, %w: tensor<3x4xf64>,
                     %b: tensor<4xf64>, %k: tensor<4xi64>)
        -> (tensor<2x4xf64>, tensor<f64>, tensor<2xi64>) {
      %0 = nn.matmul %x, %w : tensor<2x3xf64>, tensor<3x4xf64>
      %kf = nn.cast %k : tensor<4xi64> to tensor<4xf64>
      %1 = nn.mul %b, %kf : tensor<4xf64>, tensor<4xf64>
      %2 = nn.add %0, %1 : tensor<2x4xf64>, tensor<4xf64>
      %3 = func.call @act(%2) : (tensor<2x4xf64>) -> tensor<2x4xf64>
      %4 = nn.mul %w, %w : tensor<3x4xf64>, tensor<3x4xf64>
      %5 = nn.reduce_sum %4 : tensor<3x4xf64>
      %6 = nn.argmax %3 {axis = 1 : i64} : tensor<2x4xf64>
      return %3, %5, %6 : tensor<2x4xf64>, tensor<f64>, tensor<2xi64>
    }
    func.func @y(%x: tensor<2x3xf64>, %w1: tensor<3x4xf64>, %b: tensor<4xf64>,
                 %w2: tensor<3x4xf64>, %k: tensor<4xi64>)
        -> (tensor<2x4xf64>, tensor<f64>, tensor<2x4xf64>, tensor<2x4xf64>) {
      %a:3 = func.call @layer(%x, %w1, %b, %k)
          : (tensor<2x3xf64>, tensor<3x4xf64>, tensor<4xf64>, tensor<4xi64>)
          -> (tensor<2x4xf64>, tensor<f64>, tensor<2xi64>)
      %c:3 = func.call @layer(%x, %w2, %b, %k)
          : (tensor<2x3xf64>, tensor<3x4xf64>, tensor<4xf64>, tensor<4xi64>)
          -> (tensor<2x4xf64>, tensor<f64>, tensor<2xi64>)
      %oh = nn.one_hot %a#2 {depth = 4 : i64} : tensor<2xi64> to tensor<2x4xf64>
      %p = nn.mul %c#0, %oh : tensor<2x4xf64>, tensor<2x4xf64>
      return %a#0, %a#1, %c#0, %p
          : tensor<2x4xf64>, tensor<f64>, tensor<2x4xf64>, tensor<2x4xf64>
    }
  )mlir",
          {uniform({2, 3}, -1, 1), uniform({3, 4}, -1, 1), uniform({4}, -1, 1),
           uniform({3, 4}, -1, 1), indices({4}, 3)});
}

TEST_F(GradCheckTest, SecondOrder) {
  // The gradient of a function that itself takes a gradient: @h's gradient
  // function is differentiated through its call.
  checkOp(R"mlir(
    func.func @h(%x: tensor<2x3xf64>) -> tensor<f64> {
      %0 = nn.mul %x, %x : tensor<2x3xf64>, tensor<2x3xf64>
      %1 = nn.mul %0, %x : tensor<2x3xf64>, tensor<2x3xf64>
      %2 = nn.tanh %x : tensor<2x3xf64>
      %3 = nn.add %1, %2 : tensor<2x3xf64>, tensor<2x3xf64>
      %4 = nn.reduce_sum %3 : tensor<2x3xf64>
      return %4 : tensor<f64>
    }
    func.func @y(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
      %0 = nn.grad @h(%x) : (tensor<2x3xf64>) -> tensor<2x3xf64>
      return %0 : tensor<2x3xf64>
    }
  )mlir",
          {uniform({2, 3})});
}

TEST_F(GradCheckTest, ValueAndGradWithArgumentSubset) {
  // wrt lists the arguments out of order; a second request of the same
  // callee with another subset must get its own generated function.
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%a: tensor<2x3xf64>, %b: tensor<3xf64>, %c: tensor<2x1xf64>)
        -> tensor<f64> {
      %0 = nn.mul %a, %b : tensor<2x3xf64>, tensor<3xf64>
      %1 = nn.sub %0, %c : tensor<2x3xf64>, tensor<2x1xf64>
      %2 = nn.exp %1 : tensor<2x3xf64>
      %3 = nn.reduce_mean %2 : tensor<2x3xf64>
      return %3 : tensor<f64>
    }
    func.func @main(%a: tensor<2x3xf64>, %b: tensor<3xf64>, %c: tensor<2x1xf64>)
        -> (tensor<f64>, tensor<2x1xf64>, tensor<2x3xf64>, tensor<3xf64>) {
      %v, %g:2 = nn.value_and_grad @f(%a, %b, %c) {wrt = array<i64: 2, 0>}
          : (tensor<2x3xf64>, tensor<3xf64>, tensor<2x1xf64>)
          -> (tensor<f64>, tensor<2x1xf64>, tensor<2x3xf64>)
      %h = nn.grad @f(%a, %b, %c) {wrt = array<i64: 1>}
          : (tensor<2x3xf64>, tensor<3xf64>, tensor<2x1xf64>) -> tensor<3xf64>
      return %v, %g#0, %g#1, %h
          : tensor<f64>, tensor<2x1xf64>, tensor<2x3xf64>, tensor<3xf64>
    }
  )mlir");
  ASSERT_TRUE(module) << diagnostics;
  ASSERT_TRUE(succeeded(runPasses(*module))) << diagnostics;
  std::vector<Tensor> inputs = {uniform({2, 3}, -1, 1), uniform({3}, -1, 1),
                                uniform({2, 1}, -1, 1)};
  std::optional<std::vector<Tensor>> results = run(*module, "main", inputs);
  std::optional<std::vector<Tensor>> value = run(*module, "f", inputs);
  std::optional<std::vector<Tensor>> numeric =
      numericGradients(*module, "f", inputs, {2, 0, 1}, CheckOptions().step);
  ASSERT_TRUE(results && value && numeric);
  ASSERT_EQ(results->size(), 4u);
  // The value is the callee's, computed by the same ops: exactly equal.
  EXPECT_EQ((*results)[0], (*value)[0]);
  for (unsigned i = 0; i < 3; ++i)
    expectClose((*numeric)[i], (*results)[i + 1], CheckOptions().tolerance,
                "result #" + std::to_string(i + 1));
}

TEST_F(GradCheckTest, UnusedAndIntegerOnlyArgumentsGetZeros) {
  // @f returns an extra result after the loss; %u is unused (static and
  // dynamic) and %v reaches the loss only through an integer argmax.
  checkLoss(R"mlir(
    func.func @f(%x: tensor<2x3xf64>, %u: tensor<4xf64>, %d: tensor<?x2xf64>,
                 %v: tensor<2x3xf64>) -> (tensor<f64>, tensor<2x3xf64>) {
      %0 = nn.argmax %v {axis = 1 : i64} : tensor<2x3xf64>
      %1 = nn.one_hot %0 {depth = 3 : i64} : tensor<2xi64> to tensor<2x3xf64>
      %2 = nn.mul %x, %1 : tensor<2x3xf64>, tensor<2x3xf64>
      %3 = nn.exp %2 : tensor<2x3xf64>
      %4 = nn.reduce_sum %3 : tensor<2x3xf64>
      return %4, %x : tensor<f64>, tensor<2x3xf64>
    }
  )mlir",
            {uniform({2, 3}), uniform({4}), uniform({3, 2}), uniform({2, 3})});
}

TEST_F(GradCheckTest, DynamicBatch) {
  // A bias added over a dynamic batch and means over it, at batch sizes 4
  // and 1 (where a dynamic dimension of size 1 must not be mistaken for a
  // broadcast one).
  const char *source = R"mlir(
    func.func @f(%x: tensor<?x3xf64>, %b: tensor<3xf64>) -> tensor<f64> {
      %w = nn.constant dense<[0.5, -1.25, 2.0]> : tensor<3xf64>
      %0 = nn.add %x, %b : tensor<?x3xf64>, tensor<3xf64>
      %1 = nn.tanh %0 : tensor<?x3xf64>
      %2 = nn.reduce_mean %1 {axes = array<i64: 0>} : tensor<?x3xf64>
      %3 = nn.mul %2, %w : tensor<3xf64>, tensor<3xf64>
      %4 = nn.reduce_sum %3 : tensor<3xf64>
      %5 = nn.mul %1, %w : tensor<?x3xf64>, tensor<3xf64>
      %6 = nn.mul %5, %0 : tensor<?x3xf64>, tensor<?x3xf64>
      %7 = nn.reduce_mean %6 : tensor<?x3xf64>
      %8 = nn.add %4, %7 : tensor<f64>, tensor<f64>
      return %8 : tensor<f64>
    }
  )mlir";
  for (int64_t batch : {4, 1}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    checkLoss(source, {uniform({batch, 3}), uniform({3})});
  }
}

TEST_F(GradCheckTest, DynamicBatchThroughWindowsAndReductions) {
  // Windows, reshape, softmax along the dynamic axis, transpose and
  // extrema over a dynamic batch, at batch sizes 3 and 1.
  const char *source = R"mlir(
    func.func @f(%x: tensor<?x4x4x2xf64>, %k: tensor<3x3x2x3xf64>,
                 %w: tensor<12x5xf64>) -> tensor<f64> {
      %0 = nn.conv2d %x, %k {padding = array<i64: 1, 1, 1, 1>}
          : tensor<?x4x4x2xf64>, tensor<3x3x2x3xf64>
      %1 = nn.max_pool2d %0 {window = array<i64: 2, 2>} : tensor<?x4x4x3xf64>
      %2 = nn.avg_pool2d %0 {window = array<i64: 2, 2>} : tensor<?x4x4x3xf64>
      %3 = nn.sub %1, %2 : tensor<?x2x2x3xf64>, tensor<?x2x2x3xf64>
      %4 = nn.reshape %3 : tensor<?x2x2x3xf64> to tensor<?x12xf64>
      %5 = nn.matmul %4, %w : tensor<?x12xf64>, tensor<12x5xf64>
      %6 = nn.softmax %5 {axis = 0 : i64} : tensor<?x5xf64>
      %7 = nn.transpose %6, [1, 0] : tensor<?x5xf64>
      %8 = nn.reduce_max %7 {axes = array<i64: 1>} : tensor<5x?xf64>
      %9 = nn.reduce_sum %8 : tensor<5xf64>
      %10 = nn.log_softmax %5 : tensor<?x5xf64>
      %11 = nn.reduce_min %10 {axes = array<i64: 1>} : tensor<?x5xf64>
      %12 = nn.reduce_mean %11 : tensor<?xf64>
      %13 = nn.add %9, %12 : tensor<f64>, tensor<f64>
      return %13 : tensor<f64>
    }
  )mlir";
  for (int64_t batch : {3, 1}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    checkLoss(source, {uniform({batch, 4, 4, 2}), uniform({3, 3, 2, 3}),
                       uniform({12, 5})});
  }
}

TEST_F(GradCheckTest, DynamicDimensionsBroadcastAtRunTime) {
  // Static types cannot tell that %b (1x3) and %c (4x1) stretch at run time:
  // their gradients must still be summed back to their run-time shapes.
  checkLoss(R"mlir(
    func.func @f(%x: tensor<?x3xf64>, %b: tensor<?x3xf64>, %c: tensor<?x?xf64>)
        -> tensor<f64> {
      %w = nn.constant dense<[0.5, -1.25, 2.0]> : tensor<3xf64>
      %0 = nn.mul %x, %b : tensor<?x3xf64>, tensor<?x3xf64>
      %1 = nn.add %0, %c : tensor<?x3xf64>, tensor<?x?xf64>
      %2 = nn.mul %1, %w : tensor<?x3xf64>, tensor<3xf64>
      %3 = nn.reduce_sum %2 : tensor<?x3xf64>
      return %3 : tensor<f64>
    }
  )mlir",
            {uniform({4, 3}), uniform({1, 3}), uniform({4, 1})});
}

TEST_F(GradCheckTest, DynamicMatmulBatchBroadcastAtRunTime) {
  checkLoss(R"mlir(
    func.func @f(%a: tensor<?x2x3xf64>, %b: tensor<?x3x2xf64>) -> tensor<f64> {
      %w = nn.constant dense<[[0.5, -1.25], [2.0, 0.75]]> : tensor<2x2xf64>
      %0 = nn.matmul %a, %b : tensor<?x2x3xf64>, tensor<?x3x2xf64>
      %1 = nn.mul %0, %w : tensor<?x2x2xf64>, tensor<2x2xf64>
      %2 = nn.reduce_sum %1 : tensor<?x2x2xf64>
      return %2 : tensor<f64>
    }
  )mlir",
            {uniform({3, 2, 3}), uniform({1, 3, 2})});
}

TEST_F(GradCheckTest, BroadcastLikeAndUnbroadcast) {
  // The ops gradients are built from, differentiable for second order, with
  // dynamic shapes that hide which dimension stretches: %x and %z are 4x3,
  // %like and %v 1x3 at run time. Each of %x and %v has a single use, so
  // that a gradient of the wrong run-time shape is not rescued by
  // broadcasting in a later sum.
  checkLoss(
      R"mlir(
    func.func @f(%x: tensor<?x3xf64>, %like: tensor<?x3xf64>,
                 %v: tensor<?x3xf64>, %z: tensor<?x3xf64>) -> tensor<f64> {
      %w = nn.constant dense<[0.5, -1.25, 2.0]> : tensor<3xf64>
      %0 = nn.unbroadcast %x, %like
          : tensor<?x3xf64>, tensor<?x3xf64> -> tensor<?x3xf64>
      %1 = nn.mul %0, %w : tensor<?x3xf64>, tensor<3xf64>
      %2 = nn.reduce_sum %1 : tensor<?x3xf64>
      %3 = nn.broadcast_like %v, %z
          : tensor<?x3xf64>, tensor<?x3xf64> -> tensor<?x3xf64>
      %4 = nn.mul %3, %z : tensor<?x3xf64>, tensor<?x3xf64>
      %5 = nn.reduce_sum %4 : tensor<?x3xf64>
      %6 = nn.add %2, %5 : tensor<f64>, tensor<f64>
      return %6 : tensor<f64>
    }
  )mlir",
      {uniform({4, 3}), uniform({1, 3}), uniform({1, 3}), uniform({4, 3})});
}

TEST_F(GradCheckTest, SecondOrderDynamic) {
  // Differentiates @h's gradient function, whose nn.unbroadcast (of %b's
  // gradient) and run-time mean count must be differentiable in turn.
  checkLoss(R"mlir(
    func.func @h(%x: tensor<?x3xf64>, %b: tensor<?x3xf64>) -> tensor<f64> {
      %0 = nn.mul %x, %b : tensor<?x3xf64>, tensor<?x3xf64>
      %1 = nn.tanh %0 : tensor<?x3xf64>
      %2 = nn.reduce_mean %1 : tensor<?x3xf64>
      return %2 : tensor<f64>
    }
    func.func @f(%x: tensor<?x3xf64>, %b: tensor<?x3xf64>) -> tensor<f64> {
      %w = nn.constant dense<[0.5, -1.25, 2.0]> : tensor<3xf64>
      %g:2 = nn.grad @h(%x, %b)
          : (tensor<?x3xf64>, tensor<?x3xf64>)
          -> (tensor<?x3xf64>, tensor<?x3xf64>)
      %0 = nn.mul %g#0, %g#0 : tensor<?x3xf64>, tensor<?x3xf64>
      %1 = nn.reduce_sum %0 : tensor<?x3xf64>
      %2 = nn.mul %g#1, %w : tensor<?x3xf64>, tensor<3xf64>
      %3 = nn.reduce_sum %2 : tensor<?x3xf64>
      %4 = nn.add %1, %3 : tensor<f64>, tensor<f64>
      return %4 : tensor<f64>
    }
  )mlir",
            {uniform({4, 3}), uniform({1, 3})});
}

//===----------------------------------------------------------------------===//
// Errors: a diagnostic, never a crash
//===----------------------------------------------------------------------===//

TEST_F(GradCheckTest, RejectsARecursiveCallee) {
  expectPassError(R"mlir(
    func.func @f(%x: tensor<3xf64>) -> tensor<f64> {
      %0 = nn.exp %x : tensor<3xf64>
      %1 = func.call @f(%0) : (tensor<3xf64>) -> tensor<f64>
      return %1 : tensor<f64>
    }
    func.func @g(%x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.grad @f(%x) : (tensor<3xf64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir",
                  "cannot differentiate 'f': it is recursive");
}

TEST_F(GradCheckTest, RejectsMutuallyRecursiveCallees) {
  expectPassError(R"mlir(
    func.func @f(%x: tensor<3xf64>) -> tensor<f64> {
      %0 = func.call @h(%x) : (tensor<3xf64>) -> tensor<f64>
      return %0 : tensor<f64>
    }
    func.func @h(%x: tensor<3xf64>) -> tensor<f64> {
      %0 = nn.tanh %x : tensor<3xf64>
      %1 = func.call @f(%0) : (tensor<3xf64>) -> tensor<f64>
      return %1 : tensor<f64>
    }
    func.func @g(%x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.grad @f(%x) : (tensor<3xf64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir",
                  "cannot differentiate 'f': it is recursive");
}

TEST_F(GradCheckTest, RejectsAGradientOfItself) {
  expectPassError(R"mlir(
    func.func @f(%x: tensor<3xf64>) -> tensor<f64> {
      %0 = nn.grad @f(%x) : (tensor<3xf64>) -> tensor<3xf64>
      %1 = nn.reduce_sum %0 : tensor<3xf64>
      return %1 : tensor<f64>
    }
  )mlir",
                  "cannot differentiate 'f': it is recursive");
}

// The verifier rejects a callee whose first result is not a float scalar; the
// pass must also diagnose it on IR that skipped verification (built by a
// front end, say) instead of crashing or seeding a bogus gradient.
TEST_F(GradCheckTest, RejectsACalleeWhoseFirstResultIsNotAScalar) {
  const char *source = R"mlir(
    func.func @f(%x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.exp %x : tensor<3xf64>
      return %0 : tensor<3xf64>
    }
    func.func @g(%x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.grad @f(%x) : (tensor<3xf64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir";
  EXPECT_FALSE(parse(source));
  EXPECT_NE(diagnostics.find("has first result of type 'tensor<3xf64>'; it "
                             "must be a scalar float tensor"),
            std::string::npos)
      << diagnostics;
  expectPassError(source,
                  "cannot differentiate 'f': its first result has type "
                  "'tensor<3xf64>', but it must be a scalar float tensor",
                  /*verifyAfterParse=*/false);
}

TEST_F(GradCheckTest, RejectsACalleeWithAnIntegerOrNoResult) {
  expectPassError(R"mlir(
    func.func @f(%x: tensor<3xf64>) -> tensor<i64> {
      %0 = nn.argmax %x {axis = 0 : i64} : tensor<3xf64>
      return %0 : tensor<i64>
    }
    func.func @g(%x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.grad @f(%x) : (tensor<3xf64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir",
                  "its first result has type 'tensor<i64>', but it must be a "
                  "scalar float tensor",
                  /*verifyAfterParse=*/false);
  expectPassError(R"mlir(
    func.func @f(%x: tensor<3xf64>) {
      return
    }
    func.func @g(%x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.grad @f(%x) : (tensor<3xf64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir",
                  "cannot differentiate 'f': it has no result",
                  /*verifyAfterParse=*/false);
}

TEST_F(GradCheckTest, RejectsAGradOpThatDoesNotFitItsCallee) {
  // Unverified IR: a wrt index out of range, an integer argument in wrt,
  // and result types that are not the gradients' (replacing the op by the
  // call would otherwise break the IR or crash).
  const char *callee = R"mlir(
    func.func @f(%x: tensor<3xf64>, %n: tensor<3xi64>) -> tensor<f64> {
      %0 = nn.reduce_sum %x : tensor<3xf64>
      return %0 : tensor<f64>
    }
  )mlir";
  expectPassError(std::string(callee) + R"mlir(
    func.func @g(%x: tensor<3xf64>, %n: tensor<3xi64>) -> tensor<3xf64> {
      %0 = nn.grad @f(%x, %n) {wrt = array<i64: 2>}
          : (tensor<3xf64>, tensor<3xi64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir",
                  "cannot differentiate 'f' with respect to argument 2: it "
                  "is not a float tensor argument",
                  /*verifyAfterParse=*/false);
  expectPassError(std::string(callee) + R"mlir(
    func.func @g(%x: tensor<3xf64>, %n: tensor<3xi64>) -> tensor<3xi64> {
      %0 = nn.grad @f(%x, %n) {wrt = array<i64: 1>}
          : (tensor<3xf64>, tensor<3xi64>) -> tensor<3xi64>
      return %0 : tensor<3xi64>
    }
  )mlir",
                  "cannot differentiate 'f' with respect to argument 1: it "
                  "is not a float tensor argument",
                  /*verifyAfterParse=*/false);
  expectPassError(std::string(callee) + R"mlir(
    func.func @g(%x: tensor<3xf64>, %n: tensor<3xi64>) -> tensor<3xf64> {
      %0, %1 = nn.grad @f(%x, %n) {wrt = array<i64: 0>}
          : (tensor<3xf64>, tensor<3xi64>) -> (tensor<3xf64>, tensor<3xf64>)
      return %0 : tensor<3xf64>
    }
  )mlir",
                  "'nn.grad' op has type '(tensor<3xf64>, tensor<3xi64>) -> "
                  "(tensor<3xf64>, tensor<3xf64>)' but the gradient of 'f' "
                  "has type '(tensor<3xf64>, tensor<3xi64>) -> tensor<3xf64>'",
                  /*verifyAfterParse=*/false);
}

TEST_F(GradCheckTest, RejectsAnExternalCallee) {
  expectPassError(R"mlir(
    func.func private @ext(tensor<3xf64>) -> tensor<f64>
    func.func @f(%x: tensor<3xf64>) -> tensor<f64> {
      %0 = func.call @ext(%x) : (tensor<3xf64>) -> tensor<f64>
      return %0 : tensor<f64>
    }
    func.func @g(%x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.grad @f(%x) : (tensor<3xf64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir",
                  "cannot differentiate 'ext': it is not a function with a "
                  "body in this module");
}

// A known limitation, diagnosed: nn.slice has static bounds, so the
// gradient of a concatenation cannot be sliced out of a dynamic shape.
TEST_F(GradCheckTest, ReportsConcatOfDynamicShapes) {
  expectPassError(R"mlir(
    func.func @f(%a: tensor<?x3xf64>, %b: tensor<?x2xf64>) -> tensor<f64> {
      %0 = nn.concat %a, %b {axis = 1 : i64} : tensor<?x3xf64>, tensor<?x2xf64>
      %1 = nn.reduce_sum %0 : tensor<?x5xf64>
      return %1 : tensor<f64>
    }
    func.func @g(%a: tensor<?x3xf64>, %b: tensor<?x2xf64>) -> tensor<?x3xf64> {
      %0 = nn.grad @f(%a, %b) {wrt = array<i64: 0>}
          : (tensor<?x3xf64>, tensor<?x2xf64>) -> tensor<?x3xf64>
      return %0 : tensor<?x3xf64>
    }
  )mlir",
                  "'nn.concat' op gradient needs static shapes to slice the "
                  "gradient, but the operand has type 'tensor<?x5xf64>'");
}

TEST_F(GradCheckTest, RejectsANonDifferentiableOpOnThePath) {
  expectPassError(R"mlir(
    func.func @f(%x: tensor<3xf64>) -> tensor<f64> {
      %0 = nn.fusion "elementwise" (%x) : (tensor<3xf64>) -> tensor<3xf64> {
      ^bb0(%a: tensor<3xf64>):
        %1 = nn.exp %a : tensor<3xf64>
        nn.yield %1 : tensor<3xf64>
      }
      %2 = nn.reduce_sum %0 : tensor<3xf64>
      return %2 : tensor<f64>
    }
    func.func @g(%x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.grad @f(%x) : (tensor<3xf64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir",
                  "'nn.fusion' op is not differentiable");
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

/// A rank-0 i1 tensor, the predicate of nn.cond.
Tensor predicate(bool value) {
  Tensor tensor(DType::I1, {});
  tensor.setInt(0, value);
  return tensor;
}

// Each branch uses the inputs differently: the then branch both, the else
// branch only %x (so %w gets zeros there) and one result yields an input
// unchanged.
constexpr const char *kCond = R"mlir(
  func.func @y(%p: tensor<i1>, %x: tensor<2x3xf64>, %w: tensor<3xf64>)
      -> (tensor<2x3xf64>, tensor<2x3xf64>) {
    %0:2 = nn.cond %p (%x, %w) : (tensor<2x3xf64>, tensor<3xf64>)
        -> (tensor<2x3xf64>, tensor<2x3xf64>) {
    ^bb0(%a: tensor<2x3xf64>, %b: tensor<3xf64>):
      %1 = nn.mul %a, %b : tensor<2x3xf64>, tensor<3xf64>
      %2 = nn.tanh %1 : tensor<2x3xf64>
      nn.yield %2, %a : tensor<2x3xf64>, tensor<2x3xf64>
    } else {
    ^bb0(%a: tensor<2x3xf64>, %b: tensor<3xf64>):
      %1 = nn.exp %a : tensor<2x3xf64>
      %2 = nn.mul %1, %a : tensor<2x3xf64>, tensor<2x3xf64>
      nn.yield %1, %2 : tensor<2x3xf64>, tensor<2x3xf64>
    }
    return %0#0, %0#1 : tensor<2x3xf64>, tensor<2x3xf64>
  }
)mlir";

TEST_F(GradCheckTest, CondThenBranch) {
  checkOp(kCond, {predicate(true), uniform({2, 3}), uniform({3})});
}

TEST_F(GradCheckTest, CondElseBranch) {
  checkOp(kCond, {predicate(false), uniform({2, 3}), uniform({3})});
}

TEST_F(GradCheckTest, CondOnAComputedPredicate) {
  // The predicate depends on %x, but it is a mask: no gradient through it.
  // Both signs of the sum occur over the two inputs.
  constexpr const char *source = R"mlir(
    func.func @y(%x: tensor<4xf64>) -> tensor<4xf64> {
      %s = nn.reduce_sum %x : tensor<4xf64>
      %zero = nn.constant dense<0.0> : tensor<f64>
      %p = nn.compare gt, %s, %zero : tensor<f64>, tensor<f64>
      %0 = nn.cond %p (%x) : (tensor<4xf64>) -> tensor<4xf64> {
      ^bb0(%a: tensor<4xf64>):
        %1 = nn.sigmoid %a : tensor<4xf64>
        nn.yield %1 : tensor<4xf64>
      } else {
      ^bb0(%a: tensor<4xf64>):
        %1 = nn.mul %a, %a : tensor<4xf64>, tensor<4xf64>
        nn.yield %1 : tensor<4xf64>
      }
      return %0 : tensor<4xf64>
    }
  )mlir";
  Tensor positive = uniform({4}, 0.5, 1), negative = uniform({4}, -1, -0.5);
  checkOp(source, {positive});
  checkOp(source, {negative});
}

TEST_F(GradCheckTest, ForTanhRecurrence) {
  // x = tanh(x * w), three times: gradients for x and for the carried w.
  checkOp(R"mlir(
    func.func @y(%x: tensor<3xf64>, %w: tensor<3xf64>) -> tensor<3xf64> {
      %0:2 = nn.for 0 to 3 step 1 (%x, %w)
          : (tensor<3xf64>, tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>) {
      ^bb0(%i: tensor<i64>, %a: tensor<3xf64>, %b: tensor<3xf64>):
        %1 = nn.mul %a, %b : tensor<3xf64>, tensor<3xf64>
        %2 = nn.tanh %1 : tensor<3xf64>
        nn.yield %2, %b : tensor<3xf64>, tensor<3xf64>
      }
      return %0#0 : tensor<3xf64>
    }
  )mlir",
          {uniform({3}), uniform({3})});
}

TEST_F(GradCheckTest, ForWithMatmulInductionValueAndNestedCond) {
  // h = tanh(h @ w + i * u) for i = 1, 3, 5, where odd steps of the loop
  // (i = 3) square h instead; the accumulated loss s is carried too, and the
  // weights are carried unchanged. An empty loop passes its inits through.
  checkOp(
      R"mlir(
    func.func @y(%h: tensor<2x3xf64>, %w: tensor<3x3xf64>, %u: tensor<3xf64>)
        -> (tensor<2x3xf64>, tensor<f64>, tensor<3xf64>) {
      %zero = nn.constant dense<0.0> : tensor<f64>
      %0:4 = nn.for 1 to 6 step 2 (%h, %w, %u, %zero)
          : (tensor<2x3xf64>, tensor<3x3xf64>, tensor<3xf64>, tensor<f64>)
          -> (tensor<2x3xf64>, tensor<3x3xf64>, tensor<3xf64>, tensor<f64>) {
      ^bb0(%i: tensor<i64>, %a: tensor<2x3xf64>, %b: tensor<3x3xf64>,
           %c: tensor<3xf64>, %s: tensor<f64>):
        %1 = nn.matmul %a, %b : tensor<2x3xf64>, tensor<3x3xf64>
        %f = nn.cast %i : tensor<i64> to tensor<f64>
        %2 = nn.mul %c, %f : tensor<3xf64>, tensor<f64>
        %3 = nn.add %1, %2 : tensor<2x3xf64>, tensor<3xf64>
        %three = nn.constant dense<3> : tensor<i64>
        %p = nn.compare eq, %i, %three : tensor<i64>, tensor<i64>
        %4 = nn.cond %p (%3) : (tensor<2x3xf64>) -> tensor<2x3xf64> {
        ^bb0(%d: tensor<2x3xf64>):
          %5 = nn.mul %d, %d : tensor<2x3xf64>, tensor<2x3xf64>
          nn.yield %5 : tensor<2x3xf64>
        } else {
        ^bb0(%d: tensor<2x3xf64>):
          %5 = nn.tanh %d : tensor<2x3xf64>
          nn.yield %5 : tensor<2x3xf64>
        }
        %6 = nn.reduce_sum %4 : tensor<2x3xf64>
        %7 = nn.add %s, %6 : tensor<f64>, tensor<f64>
        nn.yield %4, %b, %c, %7
            : tensor<2x3xf64>, tensor<3x3xf64>, tensor<3xf64>, tensor<f64>
      }
      %8 = nn.for 4 to 2 step 1 (%u) : (tensor<3xf64>) -> tensor<3xf64> {
      ^bb0(%i: tensor<i64>, %a: tensor<3xf64>):
        %9 = nn.exp %a : tensor<3xf64>
        nn.yield %9 : tensor<3xf64>
      }
      return %0#0, %0#3, %8 : tensor<2x3xf64>, tensor<f64>, tensor<3xf64>
    }
  )mlir",
      {uniform({2, 3}, -1, 1), uniform({3, 3}, -1, 1), uniform({3}, -1, 1)});
}

TEST_F(GradCheckTest, SecondOrderThroughCondAndFor) {
  // The gradient of a gradient: the first VJPs are a cond and an unrolled
  // loop, which are differentiated again.
  checkOp(R"mlir(
    func.func @h(%p: tensor<i1>, %x: tensor<3xf64>) -> tensor<f64> {
      %0:2 = nn.for 0 to 2 step 1 (%x, %x)
          : (tensor<3xf64>, tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>) {
      ^bb0(%i: tensor<i64>, %a: tensor<3xf64>, %b: tensor<3xf64>):
        %1 = nn.mul %a, %b : tensor<3xf64>, tensor<3xf64>
        %2 = nn.tanh %1 : tensor<3xf64>
        nn.yield %2, %b : tensor<3xf64>, tensor<3xf64>
      }
      %3 = nn.cond %p (%0#0) : (tensor<3xf64>) -> tensor<3xf64> {
      ^bb0(%a: tensor<3xf64>):
        %4 = nn.mul %a, %a : tensor<3xf64>, tensor<3xf64>
        nn.yield %4 : tensor<3xf64>
      } else {
      ^bb0(%a: tensor<3xf64>):
        %4 = nn.exp %a : tensor<3xf64>
        nn.yield %4 : tensor<3xf64>
      }
      %5 = nn.reduce_sum %3 : tensor<3xf64>
      return %5 : tensor<f64>
    }
    func.func @y(%p: tensor<i1>, %x: tensor<3xf64>) -> tensor<3xf64> {
      %0 = nn.grad @h(%p, %x) {wrt = array<i64: 1>}
          : (tensor<i1>, tensor<3xf64>) -> tensor<3xf64>
      return %0 : tensor<3xf64>
    }
  )mlir",
          {predicate(true), uniform({3}, -1, 1)});
}

TEST_F(GradCheckTest, RejectsWhileOnThePath) {
  expectPassError(R"mlir(
    func.func @f(%x: tensor<f64>) -> tensor<f64> {
      %0 = nn.while (%x) : (tensor<f64>) -> tensor<f64> cond {
      ^bb0(%a: tensor<f64>):
        %c = nn.constant dense<10.0> : tensor<f64>
        %p = nn.compare lt, %a, %c : tensor<f64>, tensor<f64>
        nn.yield %p : tensor<i1>
      } do {
      ^bb0(%a: tensor<f64>):
        %b = nn.add %a, %a : tensor<f64>, tensor<f64>
        nn.yield %b : tensor<f64>
      }
      return %0 : tensor<f64>
    }
    func.func @g(%x: tensor<f64>) -> tensor<f64> {
      %0 = nn.grad @f(%x) : (tensor<f64>) -> tensor<f64>
      return %0 : tensor<f64>
    }
  )mlir",
                  "'nn.while' op cannot be reverse-differentiated");
}

} // namespace
