//===- FitTest.cpp - Sequential models: compile, fit, evaluate, predict ---===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Data.h"
#include "nn/Train/Model.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>

using ::testing::HasSubstr;

namespace {

/// y = 2x + 1 on 64 points in [-1, 1].
void line(nn::Tensor &x, nn::Tensor &y, int64_t n = 64) {
  std::vector<float> xs, ys;
  for (int64_t i = 0; i < n; ++i) {
    xs.push_back(-1.f +
                 2.f * static_cast<float>(i) / static_cast<float>(n - 1));
    ys.push_back(2.f * xs.back() + 1.f);
  }
  x = *nn::Tensor::create({n, 1}, xs);
  y = *nn::Tensor::create({n, 1}, ys);
}

TEST(FitTest, LinearRegressionLearnsSlopeAndOffset) {
  nn::Sequential model;
  model.add(nn::layers::Dense(1));
  ASSERT_TRUE(model.compile(nn::optimizers::SGD(0.1), "mse").ok());
  nn::Tensor x, y;
  line(x, y);
  nn::FitOptions options;
  options.epochs = 60;
  options.batchSize = 16;
  options.verbose = 0;
  absl::StatusOr<nn::History> history = model.fit(x, y, options);
  ASSERT_TRUE(history.ok()) << history.status();
  std::vector<nn::Tensor> w = model.layers()[0]->getWeights();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].getShape(), (std::vector<int64_t>{1, 1}));
  EXPECT_NEAR(w[0].data<float>()[0], 2.0f, 1e-2);
  EXPECT_NEAR(w[1].data<float>()[0], 1.0f, 1e-2);
  EXPECT_EQ(history->values["loss"].size(), 60u);
  EXPECT_LT(history->values["loss"].back(), 1e-3);
  // One trace of the train step, whatever the last batch's size.
  EXPECT_EQ(model.traceCount(), 1u);
}

} // namespace

namespace {

/// Two classes: the sign of the sum of 4 features.
void blobs(nn::Tensor &x, nn::Tensor &y, int64_t n, bool sparse) {
  std::vector<float> xs;
  std::vector<int64_t> labels;
  std::vector<float> onehot;
  for (int64_t i = 0; i < n; ++i) {
    float sum = 0;
    for (int j = 0; j < 4; ++j) {
      float v = std::sin(0.37f * float(i * 4 + j) + 0.1f * float(j));
      xs.push_back(v);
      sum += v;
    }
    int64_t label = sum > 0 ? 1 : 0;
    labels.push_back(label);
    onehot.push_back(label == 0);
    onehot.push_back(label == 1);
  }
  x = *nn::Tensor::create({n, 4}, xs);
  y = sparse ? *nn::Tensor::create({n}, labels)
             : *nn::Tensor::create({n, 2}, onehot);
}

nn::Tensor rows(const nn::Tensor &t, int64_t begin, int64_t end) {
  return *nn::data::sliceRows(t, begin, end);
}

nn::Sequential classifier() {
  nn::Sequential model;
  model.add(nn::layers::Input({4}));
  model.add(nn::layers::Dense(8, "relu"));
  model.add(nn::layers::Dense(2, "softmax"));
  return model;
}

TEST(FitTest, ValidationAccuracyAndTwoTraces) {
  nn::Sequential model = classifier();
  ASSERT_TRUE(model
                  .compile(nn::optimizers::Adam(0.05),
                           "sparse_categorical_crossentropy", {"accuracy"})
                  .ok());
  nn::Tensor x, y;
  blobs(x, y, 100, true);
  nn::FitOptions options;
  options.epochs = 20;
  options.batchSize = 16; // 90 / 16: a last, smaller batch
  options.validationSplit = 0.1;
  options.verbose = 0;
  absl::StatusOr<nn::History> history = model.fit(x, y, options);
  ASSERT_TRUE(history.ok()) << history.status();
  for (const char *name : {"loss", "accuracy", "val_loss", "val_accuracy"})
    EXPECT_EQ(history->values[name].size(), 20u) << name;
  EXPECT_GT(history->values["accuracy"].back(), 0.9);
  // Train and test steps, traced once each in epoch 1.
  EXPECT_EQ(model.traceCount(), 2u);
  // The validation data is the last 10 examples, before shuffling.
  absl::StatusOr<std::map<std::string, double>> last10 =
      model.evaluate(rows(x, 90, 100), rows(y, 90, 100));
  ASSERT_TRUE(last10.ok()) << last10.status();
  EXPECT_NEAR(last10->at("loss"), history->values["val_loss"].back(), 1e-5);
  EXPECT_EQ(model.traceCount(), 2u);
  absl::StatusOr<nn::Tensor> p = model.predict(x);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->getShape(), (std::vector<int64_t>{100, 2}));
}

TEST(FitTest, EarlyStoppingRestoresTheBestWeights) {
  nn::Sequential model = classifier();
  ASSERT_TRUE(model
                  .compile(nn::optimizers::SGD(5.0), "categorical_crossentropy",
                           {"accuracy"})
                  .ok());
  nn::Tensor x, y;
  blobs(x, y, 64, false);
  auto stopper = std::make_shared<nn::callbacks::EarlyStopping>("loss", 0.0, 2,
                                                                "auto", true);
  std::vector<double> losses;
  std::vector<std::vector<nn::Tensor>> weights;
  auto recorder = std::make_shared<nn::callbacks::LambdaCallback>();
  nn::Sequential *self = &model;
  recorder->onEpochEndFn = [&](int64_t, const nn::Logs &logs) {
    losses.push_back(logs.at("loss"));
    weights.push_back(self->getWeights());
  };
  nn::FitOptions options;
  options.epochs = 40;
  options.batchSize = 64;
  options.verbose = 0;
  options.callbacks = {recorder, stopper};
  ASSERT_TRUE(model.fit(x, y, options).ok());
  // A learning rate this large oscillates: it stops early, and the
  // weights are those of the best epoch.
  ASSERT_GE(stopper->stoppedEpoch(), 0);
  EXPECT_LT(losses.size(), 40u);
  size_t best = std::min_element(losses.begin(), losses.end()) - losses.begin();
  std::vector<nn::Tensor> now = model.getWeights();
  for (size_t i = 0; i < now.size(); ++i)
    EXPECT_EQ(*now[i].toVector<float>(), *weights[best][i].toVector<float>());
}

TEST(FitTest, ProgressLines) {
  nn::Sequential model = classifier();
  ASSERT_TRUE(
      model.compile("rmsprop", "categorical_crossentropy", {"accuracy"}).ok());
  nn::Tensor x, y;
  blobs(x, y, 40, false);
  FILE *out = std::tmpfile();
  nn::FitOptions options;
  options.epochs = 2;
  options.batchSize = 10;
  options.verbose = 1;
  options.out = out;
  ASSERT_TRUE(model.fit(x, y, options).ok());
  options.verbose = 2;
  ASSERT_TRUE(model.fit(x, y, options).ok());
  std::rewind(out);
  std::string text;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, out))
    text.append(buffer, n);
  std::fclose(out);
  // Not a terminal: one line per epoch, Keras's format.
  EXPECT_THAT(text, ::testing::ContainsRegex(
                        "Epoch 1/2\n4/4 ━━━━━━━━━━━━━━━━━━━━ [0-9]+s "
                        "[0-9]+(ms|us|s)/step - accuracy: [01]\\.[0-9]{4} - "
                        "loss: [0-9]\\.[0-9]{4}\n"));
  // verbose=2: the step counts, and no retrace in a second fit.
  EXPECT_THAT(text, ::testing::ContainsRegex(
                        "4/4 - [0-9]+s - [0-9]+(ms|us|s)/step - accuracy: "
                        "[0-9.]+ - loss: [0-9.]+ - traces: 1 - compiles: 1\n"));
}

TEST(FitTest, BadInputIsAStatus) {
  nn::Sequential model = classifier();
  nn::Tensor x, y;
  blobs(x, y, 10, true);
  EXPECT_EQ(model.fit(x, y).status().code(),
            absl::StatusCode::kFailedPrecondition); // not compiled
  EXPECT_THAT(std::string(model.compile("adamax", "mse").message()),
              HasSubstr("unknown optimizer 'adamax'"));
  EXPECT_THAT(std::string(model.compile("adam", "hinge").message()),
              HasSubstr("unknown loss 'hinge'"));
  EXPECT_THAT(std::string(model.compile("adam", "mse", {"f1"}).message()),
              HasSubstr("unknown metric 'f1'"));
  ASSERT_TRUE(model.compile("adam", "sparse_categorical_crossentropy").ok());
  nn::FitOptions quiet;
  quiet.verbose = 0;
  nn::Tensor shortY = rows(y, 0, 5);
  EXPECT_THAT(std::string(model.fit(x, shortY, quiet).status().message()),
              HasSubstr("different numbers of examples: 10"));
  nn::Tensor badLabels = *nn::Tensor::create(
      {10}, std::vector<int64_t>{0, 1, 2, 0, 1, 0, 1, 0, 1, 0});
  EXPECT_THAT(std::string(model.fit(x, badLabels, quiet).status().message()),
              HasSubstr("label 2 of example 2 is out of range for 2 classes"));
  nn::Tensor wrongFeatures = *nn::Tensor::zeros(nn::DType::F32, {10, 5});
  EXPECT_THAT(
      std::string(model.fit(wrongFeatures, y, quiet).status().message()),
      HasSubstr("inputs of shape (4), given (5)"));
  std::vector<nn::Tensor> weights = model.getWeights();
  std::vector<nn::Tensor> wrong = weights;
  wrong.back() = *nn::Tensor::zeros(nn::DType::F32, {3});
  EXPECT_THAT(std::string(model.setWeights(wrong).message()),
              HasSubstr("is 2xf32, given 3xf32"));
  EXPECT_FALSE(model.setWeights({}).ok());
  // Nothing was half-applied.
  std::vector<nn::Tensor> after = model.getWeights();
  for (size_t i = 0; i < after.size(); ++i)
    EXPECT_EQ(*after[i].toVector<float>(), *weights[i].toVector<float>());
  quiet.validationSplit = 0.95;
  EXPECT_THAT(std::string(model.fit(x, y, quiet).status().message()),
              HasSubstr("leaves one side empty"));
}

TEST(FitTest, Summary) {
  nn::Sequential model = classifier();
  ASSERT_TRUE(model.build({4}).ok());
  std::string text = model.summary();
  EXPECT_THAT(text, HasSubstr("(Dense)"));
  EXPECT_THAT(text, HasSubstr("(None, 8)"));
  EXPECT_THAT(text, HasSubstr("Total params: 58")); // 4*8+8 + 8*2+2
  EXPECT_THAT(text, HasSubstr("Trainable params: 58"));
}

} // namespace
