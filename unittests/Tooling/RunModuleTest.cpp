//===- RunModuleTest.cpp - nn-run's logic ---------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn-run's logic without its flags: the checks of its options, the choice
// of the function, the tensor flags, the comparison with expected outputs,
// the benchmark statistics, and whole runs on both devices.
//
//===----------------------------------------------------------------------===//

#include "nn/Tooling/RunModule.h"

#include "nn/IR/NNDialect.h"
#include "nn/Reference/TensorIO.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace nn;
using namespace nn::tooling;

namespace {

std::string messageOf(const absl::Status &status) {
  return std::string(status.message());
}

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

struct OptionsCase {
  const char *name;
  std::function<void(RunModuleOptions &)> change;
  const char *message;
};

class CheckOptionsTest : public testing::TestWithParam<OptionsCase> {};

TEST_P(CheckOptionsTest, RejectsWithMessage) {
  RunModuleOptions options;
  GetParam().change(options);
  EXPECT_EQ(messageOf(checkOptions(options)), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Options, CheckOptionsTest,
    testing::Values(
        OptionsCase{"UnknownDevice",
                    [](RunModuleOptions &o) { o.device = "tpu"; },
                    "unknown device 'tpu' (expected cpu, ref or cuda)"},
        OptionsCase{"OptLevel", [](RunModuleOptions &o) { o.optLevel = 4; },
                    "--opt-level must be 0, 1, 2 or 3"},
        OptionsCase{"Benchmark", [](RunModuleOptions &o) { o.benchmark = -1; },
                    "--benchmark must be >= 0"},
        OptionsCase{"NegativeThreshold",
                    [](RunModuleOptions &o) { o.threshold = -0.5; },
                    "--expected_f32_threshold must be >= 0, got -0.5"},
        OptionsCase{"NaNThreshold",
                    [](RunModuleOptions &o) {
                      o.threshold = std::numeric_limits<double>::quiet_NaN();
                    },
                    "--expected_f32_threshold must be >= 0, got nan"}),
    [](const testing::TestParamInfo<OptionsCase> &info) {
      return std::string(info.param.name);
    });

TEST(CheckOptionsTest, AcceptsDefaultsAndBothDevices) {
  RunModuleOptions options;
  EXPECT_TRUE(checkOptions(options).ok());
  options.device = "ref";
  options.optLevel = 3;
  options.threshold = 0;
  EXPECT_TRUE(checkOptions(options).ok());
}

//===----------------------------------------------------------------------===//
// The function to run
//===----------------------------------------------------------------------===//

class PickFunctionTest : public testing::Test {
protected:
  PickFunctionTest() {
    context.loadDialect<NNDialect, mlir::func::FuncDialect>();
  }
  mlir::OwningOpRef<mlir::ModuleOp> parse(const char *text) {
    return mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  }
  mlir::MLIRContext context;
};

TEST_F(PickFunctionTest, TakesTheOnlyPublicFunction) {
  auto module = parse(R"mlir(
    func.func private @helper() { return }
    func.func @main() { return }
  )mlir");
  absl::StatusOr<std::string> name = pickFunction(*module, "", "m.mlir");
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(*name, "main");
  name = pickFunction(*module, "helper", "m.mlir");
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(*name, "helper");
}

TEST_F(PickFunctionTest, NamesTheCandidates) {
  auto module = parse(R"mlir(
    func.func @a() { return }
    func.func @b() { return }
    func.func private @decl()
  )mlir");
  EXPECT_EQ(messageOf(pickFunction(*module, "", "m.mlir").status()),
            "--function is required: m.mlir has 2 public functions (a, b)");
  EXPECT_EQ(messageOf(pickFunction(*module, "decl", "m.mlir").status()),
            "no function 'decl' with a body in m.mlir (public functions: a, "
            "b)");
  auto empty = parse("func.func private @decl()");
  EXPECT_EQ(messageOf(pickFunction(*empty, "", "e.mlir").status()),
            "e.mlir has no public function with a body; name the function "
            "to run with --function");
  EXPECT_EQ(messageOf(pickFunction(*empty, "f", "e.mlir").status()),
            "no function 'f' with a body in e.mlir");
}

//===----------------------------------------------------------------------===//
// Tensor and file flags
//===----------------------------------------------------------------------===//

TEST(TensorFlagsTest, ParsesInputsInOrder) {
  absl::StatusOr<std::vector<ref::Tensor>> inputs =
      parseInputs({"2xf32=1 2", "i64=7"}, 0);
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  ASSERT_EQ(inputs->size(), 2u);
  EXPECT_EQ((*inputs)[0].getShape(), (std::vector<int64_t>{2}));
  EXPECT_EQ((*inputs)[1].getInt(0), 7);
}

TEST(TensorFlagsTest, NamesTheWrongFlag) {
  absl::Status status = parseInputs({"f32=1", "2xf32=1 2 3"}, 0).status();
  EXPECT_EQ(messageOf(status).rfind("--input #1 ('2xf32=1 2 3'): ", 0), 0u)
      << status;
  status = parseExpectedOutputs({"2xq8=1 2"}).status();
  EXPECT_EQ(messageOf(status).rfind("--expected_output #0 ('2xq8=1 2'): ", 0),
            0u)
      << status;
  // The memory bound applies to inputs only.
  EXPECT_FALSE(parseInputs({"4xf32=1 2 3 4"}, 8).ok());
  EXPECT_TRUE(parseExpectedOutputs({"4xf32=1 2 3 4"}).ok());
}

TEST(TensorFlagsTest, OutputsArePaths) {
  absl::StatusOr<std::vector<std::string>> paths =
      parseOutputPaths({"@a.npy", "@dir/b.npy"});
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_EQ(*paths, (std::vector<std::string>{"a.npy", "dir/b.npy"}));
  EXPECT_EQ(messageOf(parseOutputPaths({"a.npy"}).status()),
            "--output must be @path.npy, got 'a.npy'");
  EXPECT_EQ(messageOf(parseOutputPaths({"@"}).status()),
            "--output must be @path.npy, got '@'");
}

struct CountsCase {
  size_t results, outputs, expected;
  const char *message; // Empty: accepted.
};

class ResultCountsTest : public testing::TestWithParam<CountsCase> {};

TEST_P(ResultCountsTest, ChecksAgainstTheSignature) {
  const CountsCase &c = GetParam();
  EXPECT_EQ(messageOf(checkResultCounts(c.results, c.outputs, c.expected)),
            c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Counts, ResultCountsTest,
    testing::Values(
        CountsCase{2, 0, 0, ""}, CountsCase{2, 2, 2, ""},
        CountsCase{2, 1, 0, ""},
        CountsCase{1, 2, 0, "2 --output flags for 1 results"},
        CountsCase{2, 0, 1, "1 --expected_output flags for 2 results"},
        CountsCase{1, 0, 3, "3 --expected_output flags for 1 results"}));

//===----------------------------------------------------------------------===//
// Comparison and benchmark statistics
//===----------------------------------------------------------------------===//

TEST(CompareResultsTest, ToleranceAndFirstMismatch) {
  std::vector<ref::Tensor> want = *parseInputs({"2xf32=1 2", "f32=3"}, 0);
  std::vector<ref::Tensor> close =
      *parseInputs({"2xf32=1 2.00001", "f32=3"}, 0);
  std::vector<ref::Tensor> far = *parseInputs({"2xf32=1 2", "f32=4"}, 0);
  EXPECT_TRUE(compareResults(want, close, 1e-4).ok());
  EXPECT_FALSE(compareResults(want, close, 1e-7).ok());
  absl::Status status = compareResults(want, far, 1e-4);
  EXPECT_EQ(messageOf(status).rfind("result 1 differs: ", 0), 0u) << status;
  // No expected outputs: nothing to compare.
  EXPECT_TRUE(compareResults({}, far, 0).ok());
}

TEST(BenchmarkTest, MedianMinMax) {
  BenchmarkStats odd = summarizeTimes({3, 1, 2});
  EXPECT_EQ(odd.median, 2);
  EXPECT_EQ(odd.min, 1);
  EXPECT_EQ(odd.max, 3);
  BenchmarkStats even = summarizeTimes({4, 1, 3, 2});
  EXPECT_EQ(even.median, 2.5);
  EXPECT_EQ(formatBenchmark(4, even),
            "benchmark: 4 runs, median 2.500 ms, min 1.000 ms, max 4.000 ms");
  EXPECT_EQ(summarizeTimes({0.25}).median, 0.25);
}

//===----------------------------------------------------------------------===//
// Whole runs
//===----------------------------------------------------------------------===//

class RunModuleTest : public testing::TestWithParam<const char *> {
protected:
  void SetUp() override {
    llvm::SmallString<128> path;
    ASSERT_FALSE(
        llvm::sys::fs::createTemporaryFile("run-module", "mlir", path));
    file = std::string(path);
    std::error_code error;
    llvm::raw_fd_ostream os(file, error);
    ASSERT_FALSE(error);
    os << R"mlir(
      func.func @scale(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
        %0 = nn.mul %x, %y : tensor<?xf32>, tensor<?xf32>
        return %0 : tensor<?xf32>
      }
    )mlir";
  }
  void TearDown() override { llvm::sys::fs::remove(file); }

  /// Runs with `options` on the device of the test; gives the exit status,
  /// stdout and stderr.
  std::tuple<int, std::string, std::string> run(RunModuleOptions options) {
    options.inputFile = file;
    options.device = GetParam();
    options.useCache = false;
    std::string out, errs;
    llvm::raw_string_ostream outStream(out), errsStream(errs);
    int status = runModule(options, outStream, errsStream);
    return {status, out, errs};
  }

  std::string file;
};

TEST_P(RunModuleTest, PrintsAndComparesResults) {
  RunModuleOptions options;
  options.inputs = {"3xf32=1 2 3", "3xf32=2 2 2"};
  options.expectedOutputs = {"3xf32=2 4 6"};
  options.benchmark = 2;
  auto [status, out, errs] = run(options);
  EXPECT_EQ(status, 0) << errs;
  EXPECT_EQ(out.rfind("3xf32=[2 4 6]\nbenchmark: 2 runs, median ", 0), 0u)
      << out;
  EXPECT_EQ(errs, "");
}

TEST_P(RunModuleTest, MismatchKeepsTheResultsOnStdout) {
  RunModuleOptions options;
  options.inputs = {"2xf32=1 2", "2xf32=1 1"};
  options.expectedOutputs = {"2xf32=1 3"};
  auto [status, out, errs] = run(options);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(out, "2xf32=[1 2]\n");
  EXPECT_EQ(errs.rfind("nn-run: error: result 0 differs: ", 0), 0u) << errs;
}

TEST_P(RunModuleTest, ChecksFlagsBeforeRunning) {
  RunModuleOptions options;
  options.inputs = {"2xf32=1 2", "3xf32=1 1 1"};
  options.outputs = {"@a.npy", "@b.npy"};
  auto [status, out, errs] = run(options);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(out, "");
  EXPECT_EQ(errs, "nn-run: error: 2 --output flags for 1 results\n");
}

TEST_P(RunModuleTest, ShapeErrorsAreErrors) {
  RunModuleOptions options;
  options.inputs = {"2xf32=1 2", "3xf32=1 1 1"};
  auto [status, out, errs] = run(options);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(out, "");
  EXPECT_NE(errs.find("'nn.mul' op"), std::string::npos) << errs;
}

INSTANTIATE_TEST_SUITE_P(Devices, RunModuleTest, testing::Values("ref", "cpu"));

TEST(RunModuleFileTest, MissingFile) {
  RunModuleOptions options;
  options.inputFile = "/nonexistent/nn-run-test.mlir";
  std::string out, errs;
  llvm::raw_string_ostream outStream(out), errsStream(errs);
  EXPECT_EQ(runModule(options, outStream, errsStream), 1);
  EXPECT_EQ(errs.rfind("nn-run: error: cannot open input file "
                       "'/nonexistent/nn-run-test.mlir'",
                       0),
            0u)
      << errs;
}

} // namespace
