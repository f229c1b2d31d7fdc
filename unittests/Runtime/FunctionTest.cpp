//===- FunctionTest.cpp - Compiling and calling with the embedding API ----===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Runtime.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <random>
#include <thread>

using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

constexpr const char *kSource = R"mlir(
func.func @affine(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>,
                  %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %h = nn.matmul %x, %w : tensor<?x4xf32>, tensor<4x3xf32>
  %y = nn.add %h, %b : tensor<?x3xf32>, tensor<3xf32>
  return %y : tensor<?x3xf32>
}
func.func @add(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %s = nn.add %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
  return %s : tensor<?x4xf32>
}
func.func @square(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = nn.mul %x, %x : tensor<?xf64>, tensor<?xf64>
  return %y : tensor<?xf64>
}
func.func @choose(%c: tensor<4xi1>, %a: tensor<4xi32>, %b: tensor<4xi32>)
    -> (tensor<4xi32>, tensor<4xi1>) {
  %r = nn.select %c, %a, %b : tensor<4xi1>, tensor<4xi32>, tensor<4xi32>
  %g = nn.compare gt, %a, %b : tensor<4xi32>, tensor<4xi32>
  return %r, %g : tensor<4xi32>, tensor<4xi1>
}
func.func @sumsq(%w: tensor<3xf32>) -> tensor<f32> {
  %q = nn.mul %w, %w : tensor<3xf32>, tensor<3xf32>
  %s = nn.reduce_sum %q : tensor<3xf32>
  return %s : tensor<f32>
}
func.func @grad_sumsq(%w: tensor<3xf32>) -> tensor<3xf32> {
  %g = nn.grad @sumsq(%w) : (tensor<3xf32>) -> tensor<3xf32>
  return %g : tensor<3xf32>
}
func.func private @bytes(%x: tensor<4xi8>) -> tensor<4xi8> {
  return %x : tensor<4xi8>
}
func.func @in_place_candidates(%x: tensor<?x4xf32>)
    -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  %r = nn.relu %x : tensor<?x4xf32>
  %n = nn.neg %r : tensor<?x4xf32>
  return %n, %x, %n : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}
)mlir";

std::string messageOf(const absl::Status &status) {
  return std::string(status.message());
}

/// x * w + b, in double.
std::vector<double> affine(const std::vector<float> &x,
                           const std::vector<float> &w,
                           const std::vector<float> &b, int64_t batch) {
  std::vector<double> y(batch * 3);
  for (int64_t i = 0; i < batch; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      double sum = b[j];
      for (int64_t k = 0; k < 4; ++k)
        sum += double(x[i * 4 + k]) * w[k * 3 + j];
      y[i * 3 + j] = sum;
    }
  return y;
}

/// Empty when `output` is `expected` up to float rounding, else what
/// differs.
std::string compare(const nn::Tensor &output,
                    const std::vector<double> &expected,
                    const std::vector<int64_t> &shape) {
  if (output.getShape() != shape)
    return "shape " + output.getTypeString();
  const float *data = output.data<float>();
  if (!data)
    return "dtype of " + output.getTypeString();
  for (size_t i = 0; i < expected.size(); ++i)
    if (std::abs(data[i] - expected[i]) > 1e-4 * (1 + std::abs(expected[i])))
      return "element " + std::to_string(i) + ": " + std::to_string(data[i]) +
             " instead of " + std::to_string(expected[i]);
  return "";
}

std::vector<float> randomFloats(size_t count, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> distribution(-1, 1);
  std::vector<float> values(count);
  for (float &value : values)
    value = distribution(generator);
  return values;
}

/// One compiled module for all tests (compiling takes a second).
class FunctionTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    context = new nn::Context();
    absl::StatusOr<nn::Module> module =
        nn::Module::fromString(*context, kSource, "functions.mlir");
    ASSERT_TRUE(module.ok()) << module.status();
    absl::StatusOr<nn::Executable> compiled = nn::Executable::compile(*module);
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    executable = new nn::Executable(*compiled);
  }
  static void TearDownTestSuite() {
    delete executable;
    delete context;
  }

  void SetUp() override { ASSERT_NE(executable, nullptr); }

  nn::Function lookup(const char *name) {
    absl::StatusOr<nn::Function> function = executable->lookup(name);
    EXPECT_TRUE(function.ok()) << function.status();
    return *function;
  }

  static nn::Context *context;
  static nn::Executable *executable;

  std::vector<float> w = randomFloats(12, 1), b = randomFloats(3, 2);
};

nn::Context *FunctionTest::context = nullptr;
nn::Executable *FunctionTest::executable = nullptr;

TEST_F(FunctionTest, Signature) {
  EXPECT_THAT(executable->getFunctionNames(),
              ElementsAre("affine", "add", "square", "choose", "sumsq",
                          "grad_sumsq", "in_place_candidates"));
  EXPECT_EQ(executable->getOptions().optLevel, 2);
  nn::Function function = lookup("affine");
  EXPECT_EQ(function.getName(), "affine");
  ASSERT_EQ(function.getNumInputs(), 3u);
  ASSERT_EQ(function.getNumOutputs(), 1u);
  EXPECT_EQ(function.getInput(0).getDType(), nn::DType::F32);
  EXPECT_THAT(function.getInput(0).getShape(), ElementsAre(nn::kDynamic, 4));
  EXPECT_TRUE(function.getInput(0).isDynamicDim(0));
  EXPECT_FALSE(function.getInput(0).isDynamicDim(1));
  EXPECT_EQ(function.getInput(0).getTypeString(), "?x4xf32");
  EXPECT_EQ(function.getInput(1).getTypeString(), "4x3xf32");
  EXPECT_EQ(function.getOutput(0).getTypeString(), "?x3xf32");
  EXPECT_EQ(function.getSignatureString(),
            "(?x4xf32, 4x3xf32, 3xf32) -> (?x3xf32)");
  EXPECT_EQ(lookup("sumsq").getSignatureString(), "(3xf32) -> (f32)");
  EXPECT_EQ(lookup("choose").getSignatureString(),
            "(4xi1, 4xi32, 4xi32) -> (4xi32, 4xi1)");
}

TEST_F(FunctionTest, UnknownFunction) {
  absl::StatusOr<nn::Function> function = executable->lookup("affin");
  ASSERT_FALSE(function.ok());
  EXPECT_EQ(function.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(messageOf(function.status()),
              HasSubstr("no function 'affin' in the module (public "
                        "functions: affine, add, square, choose, sumsq, "
                        "grad_sumsq, in_place_candidates)"));
}

TEST_F(FunctionTest, UnsupportedSignature) {
  absl::StatusOr<nn::Function> function = executable->lookup("bytes");
  ASSERT_FALSE(function.ok());
  EXPECT_EQ(function.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(messageOf(function.status()),
              HasSubstr("input 0 of function 'bytes' has element type i8"));
}

TEST_F(FunctionTest, CallWithTensors) {
  std::vector<float> x = randomFloats(2 * 4, 3);
  nn::Function function = lookup("affine");
  absl::StatusOr<std::vector<nn::Tensor>> outputs = function.call(
      {*nn::Tensor::create({2, 4}, x), *nn::Tensor::create({4, 3}, w),
       *nn::Tensor::create({3}, b)});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  ASSERT_EQ(outputs->size(), 1u);
  EXPECT_EQ(compare((*outputs)[0], affine(x, w, b, 2), {2, 3}), "");
}

TEST_F(FunctionTest, CallWithViews) {
  nn::Function function = lookup("affine");
  for (int64_t batch : {1, 7, 128}) {
    std::vector<float> x = randomFloats(batch * 4, batch);
    absl::StatusOr<std::vector<nn::Tensor>> outputs = function.call(
        {nn::TensorView({batch, 4}, x.data()), nn::TensorView({4, 3}, w.data()),
         nn::TensorView({3}, b.data())});
    ASSERT_TRUE(outputs.ok()) << outputs.status();
    ASSERT_EQ(outputs->size(), 1u);
    EXPECT_EQ(compare((*outputs)[0], affine(x, w, b, batch), {batch, 3}), "")
        << "batch " << batch;
  }
}

TEST_F(FunctionTest, OtherDTypes) {
  std::vector<double> x = {1.5, -2, 0.25};
  absl::StatusOr<std::vector<nn::Tensor>> squares =
      lookup("square").call({nn::TensorView({3}, x.data())});
  ASSERT_TRUE(squares.ok()) << squares.status();
  EXPECT_THAT(*(*squares)[0].toVector<double>(), ElementsAre(2.25, 4, 0.0625));

  absl::StatusOr<std::vector<nn::Tensor>> chosen = lookup("choose").call(
      {*nn::Tensor::create({4}, std::vector<uint8_t>{1, 0, 0, 1}),
       *nn::Tensor::create({4}, std::vector<int32_t>{1, 2, 3, 4}),
       *nn::Tensor::create({4}, std::vector<int32_t>{4, 3, 2, 1})});
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  ASSERT_EQ(chosen->size(), 2u);
  EXPECT_THAT(*(*chosen)[0].toVector<int32_t>(), ElementsAre(1, 3, 2, 4));
  EXPECT_THAT(*(*chosen)[1].toVector<uint8_t>(), ElementsAre(0, 0, 1, 1));
}

TEST_F(FunctionTest, Gradient) {
  std::vector<float> weights = {1, -2, 0.5};
  absl::StatusOr<std::vector<nn::Tensor>> outputs =
      lookup("grad_sumsq").call({nn::TensorView({3}, weights.data())});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  EXPECT_THAT(*(*outputs)[0].toVector<float>(), ElementsAre(2, -4, 1));
  absl::StatusOr<std::vector<nn::Tensor>> value =
      lookup("sumsq").call({nn::TensorView({3}, weights.data())});
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ((*value)[0].getTypeString(), "f32");
  EXPECT_EQ(*(*value)[0].data<float>(), 5.25f);
}

TEST_F(FunctionTest, InputsAreReadInPlaceAndNeverWritten) {
  // Bufferization could compute relu and neg in the input's buffer, and a
  // returned input could alias it: neither may touch the caller's memory,
  // and every output is its own tensor.
  std::vector<float> x = randomFloats(3 * 4, 9);
  std::vector<float> original = x;
  absl::StatusOr<std::vector<nn::Tensor>> outputs =
      lookup("in_place_candidates").call({nn::TensorView({3, 4}, x.data())});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  ASSERT_EQ(outputs->size(), 3u);
  EXPECT_EQ(x, original);
  for (nn::Tensor &output : *outputs)
    EXPECT_NE(output.getBytes(), reinterpret_cast<uint8_t *>(x.data()));
  EXPECT_NE((*outputs)[0].getBytes(), (*outputs)[2].getBytes());
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ((*outputs)[0].data<float>()[i], -std::max(x[i], 0.0f));
    EXPECT_EQ((*outputs)[1].data<float>()[i], x[i]);
  }
  (*outputs)[1].data<float>()[0] = 42;
  (*outputs)[0].data<float>()[0] = 43;
  EXPECT_EQ(x, original);
  EXPECT_EQ((*outputs)[2].data<float>()[0], -std::max(x[0], 0.0f));
}

TEST_F(FunctionTest, ShapeChecksAreCachedOnlyWhenTheyPass) {
  nn::Function add = lookup("add");
  std::vector<float> a(3 * 4, 1), c(5 * 4, 2);
  for (int round = 0; round < 2; ++round) {
    absl::StatusOr<std::vector<nn::Tensor>> good = add.call(
        {nn::TensorView({3, 4}, a.data()), nn::TensorView({3, 4}, a.data())});
    ASSERT_TRUE(good.ok()) << good.status();
    EXPECT_EQ((*good)[0].getTypeString(), "3x4xf32");
    absl::StatusOr<std::vector<nn::Tensor>> bad = add.call(
        {nn::TensorView({3, 4}, a.data()), nn::TensorView({5, 4}, c.data())});
    ASSERT_FALSE(bad.ok()) << "round " << round;
    EXPECT_THAT(messageOf(bad.status()), HasSubstr("'nn.add' op"));
  }
}

//===----------------------------------------------------------------------===//
// Every mismatch is an error that says what was expected and what came.
//===----------------------------------------------------------------------===//

class CallErrorTest : public FunctionTest {
protected:
  absl::Status callAffine(std::vector<nn::TensorView> inputs) {
    absl::StatusOr<std::vector<nn::Tensor>> outputs =
        lookup("affine").call(inputs);
    EXPECT_FALSE(outputs.ok());
    return outputs.status();
  }

  std::vector<float> x = randomFloats(5 * 4, 4);
};

TEST_F(CallErrorTest, NumberOfInputs) {
  absl::Status status = callAffine(
      {nn::TensorView({5, 4}, x.data()), nn::TensorView({4, 3}, w.data())});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(messageOf(status), "function 'affine' takes 3 inputs "
                               "((?x4xf32, 4x3xf32, 3xf32) -> (?x3xf32)), "
                               "got 2");
}

/// A call of `affine` whose input `index` is replaced by a wrong one.
struct BadInput {
  const char *name;
  size_t index;
  nn::DType dtype;
  std::vector<int64_t> shape;
  bool nullData;
  const char *message;
};

class BadInputTest : public CallErrorTest,
                     public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadInputTest, SaysWhatWasExpected) {
  const BadInput &bad = GetParam();
  std::vector<double> wrong(64);
  std::vector<nn::TensorView> inputs = {nn::TensorView({5, 4}, x.data()),
                                        nn::TensorView({4, 3}, w.data()),
                                        nn::TensorView({3}, b.data())};
  inputs[bad.index] = nn::TensorView(bad.dtype, bad.shape,
                                     bad.nullData ? nullptr : wrong.data());
  absl::Status status = callAffine(inputs);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(messageOf(status), bad.message);
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, BadInputTest,
    ::testing::Values(
        BadInput{"DType",
                 1,
                 nn::DType::F64,
                 {4, 3},
                 false,
                 "input 1 of function 'affine' has dtype f64 (4x3xf64) but "
                 "the function takes f32 (4x3xf32)"},
        BadInput{"Rank",
                 0,
                 nn::DType::F32,
                 {20},
                 false,
                 "input 0 of function 'affine' has rank 1 (20xf32) but the "
                 "function takes rank 2 (?x4xf32)"},
        BadInput{"StaticDimension",
                 0,
                 nn::DType::F32,
                 {4, 5},
                 false,
                 "input 0 of function 'affine' has size 5 in dimension 1 "
                 "(4x5xf32) but the function takes 4 (?x4xf32)"},
        BadInput{"NegativeSize",
                 0,
                 nn::DType::F32,
                 {-5, 4},
                 false,
                 "input 0 of function 'affine' has a negative size in "
                 "dimension 0 (-5x4xf32)"},
        BadInput{"NullPointer",
                 1,
                 nn::DType::F32,
                 {4, 3},
                 true,
                 "input 1 of function 'affine' (4x3xf32) has a null data "
                 "pointer"}),
    [](const ::testing::TestParamInfo<BadInput> &info) {
      return std::string(info.param.name);
    });

TEST_F(CallErrorTest, ContradictoryDynamicDimensions) {
  std::vector<float> y(3 * 4);
  absl::StatusOr<std::vector<nn::Tensor>> outputs = lookup("add").call(
      {nn::TensorView({5, 4}, x.data()), nn::TensorView({3, 4}, y.data())});
  ASSERT_FALSE(outputs.ok());
  EXPECT_EQ(outputs.status().code(), absl::StatusCode::kInvalidArgument);
  // The interpreter's shape check, located in the module's source.
  EXPECT_THAT(messageOf(outputs.status()),
              HasSubstr("functions.mlir:9:8: 'nn.add' op"));
  EXPECT_THAT(messageOf(outputs.status()), HasSubstr("5x4"));
  EXPECT_THAT(messageOf(outputs.status()), HasSubstr("3x4"));
}

TEST_F(CallErrorTest, DynamicBroadcast) {
  // Compiled code cannot stretch a dynamic dimension of size 1.
  std::vector<float> y(1 * 4);
  absl::StatusOr<std::vector<nn::Tensor>> outputs = lookup("add").call(
      {nn::TensorView({5, 4}, x.data()), nn::TensorView({1, 4}, y.data())});
  ASSERT_FALSE(outputs.ok());
  EXPECT_EQ(outputs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(messageOf(outputs.status()),
              HasSubstr("is dynamic and has size 1, which broadcasts to 5"));
}

//===----------------------------------------------------------------------===//
// Threads, lifetimes, options and the compile cache.
//===----------------------------------------------------------------------===//

TEST_F(FunctionTest, ConcurrentCalls) {
  constexpr int kThreads = 4;
  constexpr int kCalls = 40;
  nn::Function function = lookup("affine");
  nn::Function add = lookup("add");
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls && failures[t].empty(); ++i) {
        // Every fifth call is wrong, to check that failing shape checks do
        // not disturb the calls around them.
        if (i % 5 == 4) {
          std::vector<float> a(2 * 4), c(3 * 4);
          absl::StatusOr<std::vector<nn::Tensor>> outputs =
              add.call({nn::TensorView({2, 4}, a.data()),
                        nn::TensorView({3, 4}, c.data())});
          if (outputs.ok() || messageOf(outputs.status()).find("'nn.add' op") ==
                                  std::string::npos)
            failures[t] = "a wrong call gave " +
                          (outputs.ok() ? std::string("no error")
                                        : messageOf(outputs.status()));
          continue;
        }
        int64_t batch = 1 + (t * 37 + i * 11) % 128;
        std::vector<float> x = randomFloats(batch * 4, t * 1000 + i);
        absl::StatusOr<std::vector<nn::Tensor>> outputs = function.call(
            {nn::TensorView({batch, 4}, x.data()),
             nn::TensorView({4, 3}, w.data()), nn::TensorView({3}, b.data())});
        if (!outputs.ok()) {
          failures[t] = messageOf(outputs.status());
          continue;
        }
        std::string difference =
            compare((*outputs)[0], affine(x, w, b, batch), {batch, 3});
        if (!difference.empty())
          failures[t] = "batch " + std::to_string(batch) + ": " + difference;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(failures[t], "") << "thread " << t;
}

TEST(CompileTest, ThreadCountsAgree) {
  // Matmuls run their column panels on OpenMP threads unless numThreads is
  // 1; sizes that are not multiples of the 4x16 tiles pad.
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, R"mlir(
func.func @mm(%a: tensor<?x45xf32>, %b: tensor<45x70xf32>) -> tensor<?x70xf32> {
  %c = nn.matmul %a, %b : tensor<?x45xf32>, tensor<45x70xf32>
  return %c : tensor<?x70xf32>
}
)mlir");
  ASSERT_TRUE(module.ok()) << module.status();
  std::vector<float> a = randomFloats(33 * 45, 5), b = randomFloats(45 * 70, 6);
  std::vector<double> expected(33 * 70, 0);
  for (int i = 0; i < 33; ++i)
    for (int j = 0; j < 70; ++j)
      for (int k = 0; k < 45; ++k)
        expected[i * 70 + j] += double(a[i * 45 + k]) * b[k * 70 + j];
  for (int threads : {0, 1, 2, 3}) {
    nn::CompileOptions options;
    options.numThreads = threads;
    absl::StatusOr<nn::Executable> executable =
        nn::Executable::compile(*module, options);
    ASSERT_TRUE(executable.ok()) << executable.status();
    absl::StatusOr<std::vector<nn::Tensor>> outputs =
        executable->lookup("mm")->call({nn::TensorView({33, 45}, a.data()),
                                        nn::TensorView({45, 70}, b.data())});
    ASSERT_TRUE(outputs.ok()) << outputs.status();
    const float *c = (*outputs)[0].data<float>();
    for (size_t i = 0; i < expected.size(); ++i)
      ASSERT_NEAR(c[i], expected[i], 1e-4 * (1 + std::abs(expected[i])))
          << "element " << i << " with " << threads << " threads";
  }
  nn::CompileOptions negative;
  negative.numThreads = -1;
  EXPECT_FALSE(nn::Executable::compile(*module, negative).ok());
}

TEST(DonationTest, TiedOutputsReuseDonatedTensors) {
  // Parameters updated in place, step after step: the output takes the
  // donated tensor's memory over. Without donation the input is untouched.
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, R"mlir(
func.func @step(%w: tensor<64x16xf32> {nn.tied_result = 0 : i64},
                %g: tensor<64x16xf32>) -> (tensor<64x16xf32>, tensor<f32>) {
  %lr = nn.constant dense<0.5> : tensor<f32>
  %s = nn.mul %g, %lr : tensor<64x16xf32>, tensor<f32>
  %n = nn.sub %w, %s : tensor<64x16xf32>, tensor<64x16xf32>
  %norm = nn.reduce_sum %w : tensor<64x16xf32>
  return %n, %norm : tensor<64x16xf32>, tensor<f32>
}
func.func @resize(%w: tensor<?xf32> {nn.tied_result = 0 : i64},
                  %b: tensor<?xf32>) -> tensor<?xf32> {
  return %b : tensor<?xf32>
}
)mlir");
  ASSERT_TRUE(module.ok()) << module.status();
  absl::StatusOr<nn::Executable> executable = nn::Executable::compile(*module);
  ASSERT_TRUE(executable.ok()) << executable.status();
  absl::StatusOr<nn::Function> step = executable->lookup("step");
  ASSERT_TRUE(step.ok());
  EXPECT_EQ(step->getTiedOutput(0), 0);
  EXPECT_EQ(step->getTiedOutput(1), -1);

  std::vector<float> start = randomFloats(64 * 16, 11);
  nn::Tensor weights = *nn::Tensor::create({64, 16}, start);
  nn::Tensor gradient =
      *nn::Tensor::create({64, 16}, std::vector<float>(64 * 16, 1.0f));

  // Not donated: a new output, the input as it was.
  absl::StatusOr<std::vector<nn::Tensor>> copied =
      step->call({weights, gradient});
  ASSERT_TRUE(copied.ok()) << copied.status();
  EXPECT_EQ(*weights.toVector<float>(), start);
  EXPECT_NE((*copied)[0].getBytes(), weights.getBytes());

  std::vector<nn::Tensor> inputs = {weights, gradient};
  const uint8_t *memory = inputs[0].getBytes();
  for (int i = 1; i <= 3; ++i) {
    absl::StatusOr<std::vector<nn::Tensor>> outputs =
        step->callDonating(inputs, {0});
    ASSERT_TRUE(outputs.ok()) << outputs.status();
    EXPECT_EQ((*outputs)[0].getBytes(), memory) << "step " << i;
    EXPECT_EQ(inputs[0].getNumElements(), 0);
    EXPECT_EQ(*inputs[1].toVector<float>(), *gradient.toVector<float>());
    double sum = 0;
    for (size_t k = 0; k < start.size(); ++k) {
      EXPECT_EQ((*outputs)[0].data<float>()[k], start[k] - 0.5f * i);
      sum += start[k] - 0.5f * (i - 1);
    }
    // The sum reads the weights before the update overwrote them.
    EXPECT_NEAR(*(*outputs)[1].data<float>(), sum, 1e-3);
    inputs[0] = std::move((*outputs)[0]);
  }

  // Errors, which leave the inputs as they were.
  auto donate = [&](std::vector<size_t> donated) {
    absl::Status status = step->callDonating(inputs, donated).status();
    EXPECT_EQ(inputs[0].getBytes(), memory);
    return status;
  };
  EXPECT_THAT(messageOf(donate({2})),
              HasSubstr("donated input 2 of function 'step' does not exist"));
  EXPECT_THAT(messageOf(donate({0, 0})), HasSubstr("is donated twice"));
  EXPECT_THAT(messageOf(donate({1})),
              HasSubstr("input 1 of function 'step' is donated but no "
                        "output is tied to it"));
  absl::StatusOr<nn::Function> resize = executable->lookup("resize");
  ASSERT_TRUE(resize.ok());
  std::vector<nn::Tensor> sizes = {
      *nn::Tensor::create({3}, std::vector<float>{1, 2, 3}),
      *nn::Tensor::create({5}, std::vector<float>{1, 2, 3, 4, 5})};
  absl::StatusOr<std::vector<nn::Tensor>> tooSmall =
      resize->callDonating(sizes, {0});
  ASSERT_FALSE(tooSmall.ok());
  EXPECT_EQ(messageOf(tooSmall.status()),
            "output 0 of function 'resize' is written into input 0 (3) but "
            "has shape 5");
}

TEST(CompileTest, OptionsAreChecked) {
  nn::Context context;
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, "");
  ASSERT_TRUE(module.ok());
  nn::CompileOptions options;
  options.optLevel = 4;
  absl::StatusOr<nn::Executable> executable =
      nn::Executable::compile(*module, options);
  ASSERT_FALSE(executable.ok());
  EXPECT_EQ(executable.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(messageOf(executable.status()),
            "CompileOptions::optLevel must be 0, 1, 2 or 3, got 4");
}

TEST(CompileTest, CompileErrorHasLocation) {
  nn::Context context;
  // A gradient of a recursive function: nn-autodiff rejects it.
  absl::StatusOr<nn::Module> module = nn::Module::fromString(context, R"mlir(
func.func @f(%x: tensor<f32>) -> tensor<f32> {
  %y = func.call @f(%x) : (tensor<f32>) -> tensor<f32>
  return %y : tensor<f32>
}
func.func @g(%x: tensor<f32>) -> tensor<f32> {
  %d = nn.grad @f(%x) : (tensor<f32>) -> tensor<f32>
  return %d : tensor<f32>
}
)mlir",
                                                             "recursive.mlir");
  ASSERT_TRUE(module.ok()) << module.status();
  absl::StatusOr<nn::Executable> executable = nn::Executable::compile(*module);
  ASSERT_FALSE(executable.ok());
  EXPECT_EQ(executable.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(messageOf(executable.status()), HasSubstr("recursive.mlir:"));
  EXPECT_THAT(messageOf(executable.status()), HasSubstr("error:"));
  EXPECT_EQ(context.getCompileCacheSize(), 0u);
}

constexpr const char *kSmallSource = R"mlir(
func.func @scale(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %p = nn.mul %x, %y : tensor<?xf32>, tensor<?xf32>
  %r = nn.relu %p : tensor<?xf32>
  return %r : tensor<?xf32>
}
)mlir";

/// Calls @scale on [1, -2, 3] * [2, 2, 2]: [2, 0, 6].
std::optional<std::vector<float>> callScale(const nn::Executable &executable) {
  absl::StatusOr<nn::Function> function = executable.lookup("scale");
  if (!function.ok())
    return std::nullopt;
  std::vector<float> x = {1, -2, 3}, y = {2, 2, 2};
  absl::StatusOr<std::vector<nn::Tensor>> outputs = function->call(
      {nn::TensorView({3}, x.data()), nn::TensorView({3}, y.data())});
  if (!outputs.ok())
    return std::nullopt;
  return *(*outputs)[0].toVector<float>();
}

TEST(CompileTest, Cache) {
  nn::Context context;
  auto compile = [&](const char *source, int optLevel, double *seconds) {
    absl::StatusOr<nn::Module> module = nn::Module::fromString(context, source);
    EXPECT_TRUE(module.ok()) << module.status();
    nn::CompileOptions options;
    options.optLevel = optLevel;
    auto start = std::chrono::steady_clock::now();
    absl::StatusOr<nn::Executable> executable =
        nn::Executable::compile(*module, options);
    *seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    EXPECT_TRUE(executable.ok()) << executable.status();
    return *executable;
  };
  double first, second, other;
  nn::Executable a = compile(kSmallSource, 1, &first);
  // Parsed again from the same text: the same printed module.
  nn::Executable b = compile(kSmallSource, 1, &second);
  EXPECT_TRUE(a.sharesCodeWith(b));
  EXPECT_EQ(context.getCompileCacheSize(), 1u);
  EXPECT_LT(second * 10, first)
      << "first " << first << " s, second " << second << " s";
  // Other options are other code.
  nn::Executable c = compile(kSmallSource, 0, &other);
  EXPECT_FALSE(a.sharesCodeWith(c));
  EXPECT_EQ(context.getCompileCacheSize(), 2u);
  EXPECT_EQ(c.getOptions().optLevel, 0);

  // Clearing the cache keeps the executables working; compiling again
  // gives new code.
  context.clearCompileCache();
  EXPECT_EQ(context.getCompileCacheSize(), 0u);
  EXPECT_THAT(callScale(a), ::testing::Optional(ElementsAre(2, 0, 6)));
  nn::Executable d = compile(kSmallSource, 1, &second);
  EXPECT_FALSE(a.sharesCodeWith(d));
  EXPECT_THAT(callScale(d), ::testing::Optional(ElementsAre(2, 0, 6)));

  // Another context has its own cache.
  nn::Context another;
  absl::StatusOr<nn::Module> module =
      nn::Module::fromString(another, kSmallSource);
  ASSERT_TRUE(module.ok());
  nn::CompileOptions options;
  options.optLevel = 1;
  absl::StatusOr<nn::Executable> e = nn::Executable::compile(*module, options);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->sharesCodeWith(d));
}

TEST(CompileTest, ExecutableOutlivesContextAndModule) {
  std::optional<nn::Function> function;
  {
    nn::Context context;
    absl::StatusOr<nn::Module> module =
        nn::Module::fromString(context, kSmallSource);
    ASSERT_TRUE(module.ok());
    nn::CompileOptions options;
    options.optLevel = 0;
    absl::StatusOr<nn::Executable> executable =
        nn::Executable::compile(*module, options);
    ASSERT_TRUE(executable.ok()) << executable.status();
    absl::StatusOr<nn::Function> scale = executable->lookup("scale");
    ASSERT_TRUE(scale.ok());
    function = *scale;
  }
  std::vector<float> x = {1, -2, 3}, y = {2, 2, 2};
  absl::StatusOr<std::vector<nn::Tensor>> outputs = function->call(
      {nn::TensorView({3}, x.data()), nn::TensorView({3}, y.data())});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  EXPECT_THAT(*(*outputs)[0].toVector<float>(), ElementsAre(2, 0, 6));
}

} // namespace
