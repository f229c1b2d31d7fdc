//===- FunctionTest.cpp - nn::function: traces, cache, explanations -------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The acceptance tests 1-8 of docs/Tracing.md (from the research note):
// one compile for a `?` batch, signatures, relaxation, static arguments,
// guard rails, side effects at trace time, variables in place, captured
// arrays.
//
//===----------------------------------------------------------------------===//

#include "nn/nn.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstdlib>

using ::testing::HasSubstr;

namespace {

nn::Tensor filled(std::vector<int64_t> shape, float start = 0.f) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  std::vector<float> values(n);
  for (int64_t i = 0; i < n; ++i)
    values[i] = start + 0.25f * static_cast<float>(i % 7) - 0.5f;
  return *nn::Tensor::create(shape, values);
}

std::vector<float> floats(const nn::Tensor &t) { return *t.toVector<float>(); }

/// Collects what the library logs during a test.
class LogCapture {
public:
  LogCapture() {
    nn::setLogger([this](const std::string &line) { lines.push_back(line); });
  }
  ~LogCapture() { nn::setLogger({}); }
  std::string all() const {
    std::string text;
    for (const std::string &line : lines)
      text += line + "\n";
    return text;
  }
  std::vector<std::string> lines;
};

std::vector<nn::Array> dense(const std::vector<nn::Array> &args) {
  return {nn::relu(nn::matmul(args[0], args[1]))};
}

// 1. A declared `?` batch: one trace, one compile, for every batch size;
// the results equal the eager ones (the interpreter).
TEST(FunctionTest, OneCompileForADynamicBatch) {
  nn::FunctionOptions options;
  options.name = "dense";
  options.signature = nn::Signature{nn::Spec(nn::DType::F32, {nn::kDynamic, 8}),
                                    nn::Spec(nn::DType::F32, {8, 3})};
  nn::TracedFunction f = nn::function(dense, options);
  nn::Tensor w = filled({8, 3}, 0.1f);
  for (int64_t batch : {32, 64, 7}) {
    nn::Tensor x = filled({batch, 8});
    absl::StatusOr<std::vector<nn::Tensor>> out = f({x, w});
    ASSERT_TRUE(out.ok()) << out.status();
    std::vector<float> expected =
        floats(*dense({nn::array(x), nn::array(w)})[0].toTensor());
    std::vector<float> got = floats((*out)[0]);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_NEAR(got[i], expected[i], 1e-5);
  }
  EXPECT_EQ(f.traceCount(), 1u);
  EXPECT_EQ(f.compileCount(), 1u);
  EXPECT_THAT(f.getIR(*options.signature), HasSubstr("tensor<?x8xf32>"));
}

// 2. A static signature rejects what does not fit; without one and
// without relaxation, the retrace is explained.
TEST(FunctionTest, SignatureRejectsAndRetracesAreExplained) {
  nn::FunctionOptions options;
  options.name = "dense";
  options.argNames = {"x", "w"};
  options.mode = nn::ExecutionMode::Interpreted;
  options.signature = nn::Signature{nn::Spec(nn::DType::F32, {4, 8}),
                                    nn::Spec(nn::DType::F32, {8, 3})};
  nn::TracedFunction fixed = nn::function(dense, options);
  absl::StatusOr<std::vector<nn::Tensor>> out =
      fixed({filled({6, 8}), filled({8, 3})});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(out.status().message()),
              HasSubstr("argument 0 'x' of 'dense' is 6x8xf32 but the "
                        "signature takes 4x8xf32 (dimension 0: 6 instead of "
                        "4)"));
  EXPECT_FALSE(fixed({filled({4, 8})}).ok()); // wrong count

  LogCapture log;
  options.signature.reset();
  options.relaxShapes = false;
  nn::TracedFunction f = nn::function(dense, options);
  ASSERT_TRUE(f({filled({32, 8}), filled({8, 3})}).ok());
  ASSERT_TRUE(f({filled({64, 8}), filled({8, 3})}).ok());
  EXPECT_EQ(f.traceCount(), 2u);
  EXPECT_THAT(log.all(), HasSubstr("retracing 'dense' (trace 2, "));
  EXPECT_THAT(log.all(),
              HasSubstr("argument 0 'x' is 64x8xf32, the closest trace took "
                        "32x8xf32 (dimension 0: 32 -> 64)"));
  EXPECT_EQ(f.traceLog().size(), 2u);
  EXPECT_EQ(f.traceLog()[0].reason, "first call");
}

// 3. Relaxation: a dimension seen with a second size becomes `?`.
TEST(FunctionTest, RelaxShapesTracesTwice) {
  LogCapture log;
  nn::FunctionOptions options;
  options.name = "relaxed";
  options.mode = nn::ExecutionMode::Interpreted;
  nn::TracedFunction f = nn::function(dense, options);
  for (int64_t batch : {32, 64, 128, 17})
    ASSERT_TRUE(f({filled({batch, 8}), filled({8, 3})}).ok());
  EXPECT_EQ(f.traceCount(), 2u);
  nn::Signature relaxed{nn::Spec(nn::DType::F32, {nn::kDynamic, 8}),
                        nn::Spec(nn::DType::F32, {8, 3})};
  EXPECT_THAT(f.getIR(relaxed), HasSubstr("tensor<?x8xf32>"));
  EXPECT_THAT(log.all(), HasSubstr("retracing with dimension 0 as ?"));
}

// 4. Static arguments are part of the key by value.
TEST(FunctionTest, StaticArgumentsByValue) {
  LogCapture log;
  nn::FunctionOptions options;
  options.name = "step";
  options.mode = nn::ExecutionMode::Interpreted;
  int traces = 0;
  nn::TracedFunction f = nn::function(
      [&](const std::vector<nn::Array> &args, const nn::StaticArgs &statics) {
        ++traces;
        bool training = std::get<bool>(statics.at("training"));
        return std::vector<nn::Array>{training ? args[0] * 2.0 : args[0]};
      },
      options);
  nn::Tensor x = filled({3});
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<std::vector<nn::Tensor>> a = f({x}, {{"training", true}});
    absl::StatusOr<std::vector<nn::Tensor>> b = f({x}, {{"training", false}});
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(floats((*a)[0])[0], 2 * floats(x)[0]);
    EXPECT_EQ(floats((*b)[0])[0], floats(x)[0]);
  }
  EXPECT_EQ(f.traceCount(), 2u);
  EXPECT_EQ(traces, 2);
  EXPECT_THAT(log.all(), HasSubstr("static argument 'training' is false, the "
                                   "closest trace took true"));
}

// 5. Guard rails: a function wrapped anew in a loop, the retrace limit,
// and no tracing at all.
TEST(FunctionTest, RetraceGuardRails) {
  LogCapture log;
  nn::FunctionOptions options;
  options.mode = nn::ExecutionMode::Interpreted;
  for (int i = 0; i < 3; ++i) {
    options.name = "loop";
    nn::TracedFunction f = nn::function(dense, options);
    ASSERT_TRUE(f({filled({2, 8}), filled({8, 3})}).ok());
  }
  EXPECT_THAT(log.all(), HasSubstr("'loop' is a new function object created "
                                   "at FunctionTest.cpp:"));
  EXPECT_THAT(log.all(), HasSubstr("where 2 others of that name traced "
                                   "before"));

  options.name = "shapes";
  options.relaxShapes = false;
  nn::TracedFunction g = nn::function(dense, options);
  absl::Status last;
  for (int64_t batch = 1; batch <= 17; ++batch) {
    auto out = g({filled({batch, 8}), filled({8, 3})});
    if (!out.ok()) {
      last = out.status();
      break;
    }
  }
  EXPECT_EQ(g.traceCount(), 16u);
  EXPECT_EQ(last.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(last.message()), HasSubstr("retraceLimit"));
  EXPECT_THAT(log.all(), HasSubstr("of the last"));

  setenv("NN_NO_TRACING", "1", 1);
  options.name = "frozen";
  nn::TracedFunction h = nn::function(dense, options);
  EXPECT_TRUE(h({filled({2, 8}), filled({8, 3})}).ok()); // first: allowed
  auto again = h({filled({3, 8}), filled({8, 3})});
  unsetenv("NN_NO_TRACING");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(again.status().message()),
              HasSubstr("NN_NO_TRACING=1"));

  nn::setTracingAllowed(false);
  options.name = "never";
  auto never = nn::function(dense, options)({filled({2, 8}), filled({8, 3})});
  nn::setTracingAllowed(true);
  EXPECT_EQ(never.status().code(), absl::StatusCode::kFailedPrecondition);
}

// 6. The C++ body runs only while tracing; nn::print at every call.
TEST(FunctionTest, SideEffectsHappenAtTraceTime) {
  int bodyRuns = 0;
  nn::FunctionOptions options;
  options.name = "printer";
  options.mode = nn::ExecutionMode::Interpreted;
  nn::TracedFunction f = nn::function(
      [&](const std::vector<nn::Array> &args) {
        ++bodyRuns;
        nn::print("x", {args[0]});
        return std::vector<nn::Array>{args[0] + 1.0};
      },
      options);
  testing::internal::CaptureStdout();
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(f({filled({2})}).ok());
  std::string printed = testing::internal::GetCapturedStdout();
  EXPECT_EQ(bodyRuns, 1);
  size_t lines = 0;
  for (size_t pos = 0;
       (pos = printed.find("x: 2xf32=", pos)) != std::string::npos; ++pos)
    ++lines;
  EXPECT_EQ(lines, 100u);
}

// 7. Variables: by reference, updated in place (donated), seen after an
// outside assign without a retrace; created only in a first trace.
TEST(FunctionTest, VariablesAreUpdatedInPlace) {
  nn::Tensor init = filled({16}, 1.0f);
  nn::Variable w = *nn::Variable::create("w", init);
  nn::Variable eager = *nn::Variable::create("w_eager", init);
  auto update = [](nn::Variable &v) {
    nn::Array value = v.read();
    nn::Array grad = value * value - 1.0;
    return v.assign(value - 0.1 * grad);
  };
  nn::FunctionOptions options;
  options.name = "sgd";
  nn::TracedFunction step = nn::function(
      [&](const std::vector<nn::Array> &) -> std::vector<nn::Array> {
        (void)update(w);
        return {};
      },
      options);
  ASSERT_TRUE(step({}).ok());
  const uint8_t *data = w.value().getBytes();
  ASSERT_TRUE(update(eager).ok());
  for (int i = 1; i < 10; ++i) {
    ASSERT_TRUE(step({}).ok());
    ASSERT_TRUE(update(eager).ok());
    EXPECT_EQ(w.value().getBytes(), data) << "the update was not in place";
  }
  std::vector<float> traced = floats(w.value()),
                     reference = floats(eager.value());
  for (size_t i = 0; i < traced.size(); ++i)
    EXPECT_NEAR(traced[i], reference[i], 1e-6);
  ASSERT_TRUE(w.assign(nn::zeros({16})).ok());
  ASSERT_TRUE(step({}).ok());
  EXPECT_FLOAT_EQ(floats(w.value())[0], 0.1f); // 0 - 0.1 * (0 - 1)
  EXPECT_EQ(step.traceCount(), 1u);

  options.name = "creator";
  options.mode = nn::ExecutionMode::Interpreted;
  absl::StatusOr<nn::Variable> created = absl::UnknownError("not run");
  nn::TracedFunction creator = nn::function(
      [&](const std::vector<nn::Array> &args) {
        created = nn::Variable::create("late", filled({1}));
        return std::vector<nn::Array>{args[0]};
      },
      options);
  ASSERT_TRUE(creator({filled({2})}).ok());
  EXPECT_TRUE(created.ok()) << created.status(); // in the first trace
  ASSERT_TRUE(creator({filled({5, 5})}).ok());   // a second trace
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(created.status().message()),
              HasSubstr("Variable 'late' is created in a later trace of "
                        "'creator'"));
}

// 8. Captured arrays: a small one is a constant of the trace that retraces
// when the handle is rebound; a large one is an error.
TEST(FunctionTest, CapturedArrays) {
  LogCapture log;
  nn::Array scale = nn::scalar(2.0);
  nn::FunctionOptions options;
  options.name = "scaled";
  options.mode = nn::ExecutionMode::Interpreted;
  nn::TracedFunction f = nn::function(
      [&](const std::vector<nn::Array> &args) {
        return std::vector<nn::Array>{args[0] * scale};
      },
      options);
  nn::Tensor x = filled({2});
  EXPECT_FLOAT_EQ(floats((*f({x}))[0])[0], 2 * floats(x)[0]);
  scale = nn::scalar(3.0);
  EXPECT_FLOAT_EQ(floats((*f({x}))[0])[0], 3 * floats(x)[0]);
  EXPECT_EQ(f.traceCount(), 2u);
  EXPECT_THAT(log.all(), HasSubstr("changed from f32=2 to f32=3"));
  scale = nn::scalar(3.0); // same value: no retrace
  ASSERT_TRUE(f({x}).ok());
  EXPECT_EQ(f.traceCount(), 2u);

  nn::Array big = nn::zeros({784, 400});
  options.name = "big";
  nn::TracedFunction g = nn::function(
      [&](const std::vector<nn::Array> &args) {
        return std::vector<nn::Array>{nn::matmul(args[0], big)};
      },
      options);
  auto out = g({filled({1, 784})});
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(std::string(out.status().message()),
              HasSubstr("'big' uses a 784x400xf32 array captured from outside "
                        "the function"));
  EXPECT_THAT(std::string(out.status().message()),
              HasSubstr("make it a Variable or an argument"));
}

TEST(FunctionTest, BadInputIsAStatus) {
  nn::FunctionOptions options;
  options.name = "bad";
  options.mode = nn::ExecutionMode::Interpreted;
  nn::TracedFunction f = nn::function(dense, options);
  auto out = f({filled({2, 8}), filled({7, 3})});
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(std::string(out.status().message()),
              HasSubstr("while tracing 'bad': FunctionTest.cpp:"));
  EXPECT_THAT(std::string(out.status().message()),
              HasSubstr("'nn.matmul' op contracting dimensions differ"));
  // Views no call can take.
  EXPECT_THAT(
      std::string(f.callViews({nn::TensorView(nn::DType::F32, {-1, 8}, nullptr),
                               filled({8, 3}).view()})
                      .status()
                      .message()),
      HasSubstr("argument 0 of 'bad' is a view with a negative size"));
  EXPECT_THAT(
      std::string(f.callViews({nn::TensorView(nn::DType::F32, {2, 8}, nullptr),
                               filled({8, 3}).view()})
                      .status()
                      .message()),
      HasSubstr("is a view of no memory"));
  // A value read inside a trace.
  nn::TracedFunction reader = nn::function(
      [&](const std::vector<nn::Array> &args) {
        absl::StatusOr<nn::Tensor> value = args[0].toTensor();
        EXPECT_FALSE(value.ok());
        EXPECT_THAT(std::string(value.status().message()),
                    HasSubstr("cannot read the value of a traced Array inside "
                              "'reader'"));
        return std::vector<nn::Array>{args[0]};
      },
      [] {
        nn::FunctionOptions o;
        o.name = "reader";
        o.mode = nn::ExecutionMode::Interpreted;
        return o;
      }());
  EXPECT_TRUE(reader({filled({2})}).ok());
  nn::TracedFunction itemReader = nn::function(
      [&](const std::vector<nn::Array> &args) {
        absl::StatusOr<double> value = nn::item(nn::reduceSum(args[0]));
        EXPECT_THAT(std::string(value.status().message()),
                    HasSubstr("FunctionTest.cpp:"));
        EXPECT_THAT(std::string(value.status().message()),
                    HasSubstr("nn::item reads a traced Array inside 'items'"));
        return std::vector<nn::Array>{args[0]};
      },
      [] {
        nn::FunctionOptions o;
        o.name = "items";
        o.mode = nn::ExecutionMode::Interpreted;
        return o;
      }());
  EXPECT_TRUE(itemReader({filled({2})}).ok());
  EXPECT_DOUBLE_EQ(*nn::item(nn::scalar(2.5)), 2.5);
  EXPECT_FALSE(nn::item(nn::ones({2})).ok());
  // A traced array kept past its trace.
  nn::Array kept;
  nn::TracedFunction keeper = nn::function(
      [&](const std::vector<nn::Array> &args) {
        kept = args[0];
        return std::vector<nn::Array>{args[0]};
      },
      options);
  ASSERT_TRUE(keeper({filled({2})}).ok());
  EXPECT_THAT(std::string((kept + 1.0).status().message()),
              HasSubstr("outside its trace"));
}

TEST(FunctionTest, CallArraysAndInlineTracing) {
  nn::FunctionOptions options;
  options.name = "inner";
  options.mode = nn::ExecutionMode::Interpreted;
  nn::TracedFunction inner = nn::function(
      [](const std::vector<nn::Array> &args) {
        return std::vector<nn::Array>{args[0] * 2.0};
      },
      options);
  std::vector<nn::Array> eager = inner.callArrays({nn::array({1, 2}, {2})});
  EXPECT_EQ(floats(*eager[0].toTensor()), (std::vector<float>{2, 4}));
  options.name = "outer";
  nn::TracedFunction outer = nn::function(
      [&](const std::vector<nn::Array> &args) {
        return inner.callArrays({args[0] + 1.0});
      },
      options);
  auto out = outer({*nn::Tensor::create({2}, std::vector<float>{1, 2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(floats((*out)[0]), (std::vector<float>{4, 6}));
  EXPECT_EQ(inner.traceCount(), 1u); // traced inline into 'outer'
}

} // namespace

namespace {
TEST(FunctionTest, TheCacheIsBounded) {
  nn::FunctionOptions options;
  options.name = "bounded";
  options.mode = nn::ExecutionMode::Interpreted;
  options.relaxShapes = false;
  options.maxCachedTraces = 2;
  options.explainRetraces = false;
  nn::TracedFunction f = nn::function(dense, options);
  for (int64_t batch : {1, 2, 3})
    ASSERT_TRUE(f({filled({batch, 8}), filled({8, 3})}).ok());
  nn::Signature first{nn::Spec(nn::DType::F32, {1, 8}),
                      nn::Spec(nn::DType::F32, {8, 3})};
  nn::Signature last{nn::Spec(nn::DType::F32, {3, 8}),
                     nn::Spec(nn::DType::F32, {8, 3})};
  EXPECT_EQ(f.getIR(first), ""); // the least recently used: dropped
  EXPECT_NE(f.getIR(last), "");
  ASSERT_TRUE(f({filled({1, 8}), filled({8, 3})}).ok()); // traced again
  EXPECT_EQ(f.traceCount(), 4u);
  f.clearCache();
  EXPECT_EQ(f.getIR(last), "");
}

TEST(FunctionTest, DumpDirHoldsEachPhase) {
  std::string dir = ::testing::TempDir() + "/nn-dump";
  std::string command = "mkdir -p " + dir;
  ASSERT_EQ(std::system(command.c_str()), 0);
  setenv("NN_DUMP_DIR", dir.c_str(), 1);
  nn::FunctionOptions options;
  options.name = "dumped";
  options.mode = nn::ExecutionMode::Interpreted;
  nn::TracedFunction f = nn::function(dense, options);
  auto out = f({filled({2, 8}), filled({8, 3})});
  unsetenv("NN_DUMP_DIR");
  ASSERT_TRUE(out.ok());
  for (const char *phase :
       {"/dumped.1.0.traced.mlir", "/dumped.1.1.optimized.mlir"}) {
    FILE *file = std::fopen((dir + phase).c_str(), "r");
    ASSERT_NE(file, nullptr) << phase;
    char text[256] = {0};
    size_t n = std::fread(text, 1, sizeof text - 1, file);
    std::fclose(file);
    EXPECT_THAT(std::string(text, n), HasSubstr("func.func @dumped"));
  }
}

TEST(FunctionTest, TracedFunctionsKeepTheirVariablesAlive) {
  nn::FunctionOptions options;
  options.name = "keeper";
  options.mode = nn::ExecutionMode::Interpreted;
  std::optional<nn::TracedFunction> f;
  {
    nn::Variable counter = *nn::Variable::create("counter", filled({1}));
    f = nn::function(
        [counter](const std::vector<nn::Array> &) mutable {
          (void)counter.assign(counter.read() + 1.0);
          return std::vector<nn::Array>{counter.read()};
        },
        options);
  } // the last outside handle is gone
  auto a = (*f)({});
  auto b = (*f)({});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FLOAT_EQ(floats((*b)[0])[0], floats((*a)[0])[0] + 1.0f);
}
} // namespace
