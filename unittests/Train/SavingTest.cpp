//===- SavingTest.cpp - save, loadModel, and bit-exact resume -------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Acceptance tests 13 and 14: training 2 epochs, saving, loading and
// training 2 more gives bit for bit the weights, optimizer slots, moving
// statistics and generator counters of 4 epochs straight (Adam, Dropout,
// BatchNormalization, shuffling); a truncated, corrupted, incomplete or
// foreign file is rejected with a message naming the problem.
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Train.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>

using ::testing::HasSubstr;

namespace {

void data(nn::Tensor &x, nn::Tensor &y) {
  std::vector<float> xs;
  std::vector<int64_t> labels;
  for (int64_t i = 0; i < 96; ++i) {
    float sum = 0;
    for (int j = 0; j < 6; ++j) {
      float v = std::cos(0.31f * float(i * 6 + j));
      xs.push_back(v);
      sum += v * float(j % 3);
    }
    labels.push_back(sum > 0.5f ? 2 : sum > -0.5f ? 1 : 0);
  }
  x = *nn::Tensor::create({96, 6}, xs);
  y = *nn::Tensor::create({96}, labels);
}

nn::Sequential model() {
  nn::Sequential m;
  m.setSeed(5);
  m.add(nn::layers::Input({6}));
  m.add(nn::layers::Dense(16, "relu"));
  m.add(nn::layers::BatchNormalization());
  m.add(nn::layers::Dropout(0.25));
  m.add(nn::layers::Dense(3, "softmax"));
  EXPECT_TRUE(m.compile(nn::optimizers::Adam(0.01),
                        "sparse_categorical_crossentropy", {"accuracy"})
                  .ok());
  return m;
}

nn::FitOptions epochs(int64_t from, int64_t to) {
  nn::FitOptions options;
  options.initialEpoch = from;
  options.epochs = to;
  options.batchSize = 16;
  options.seed = 9;
  options.verbose = 0;
  return options;
}

std::vector<std::vector<uint8_t>> state(nn::Sequential &m) {
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<nn::Variable> all = m.weights();
  for (const nn::Variable &v : m.optimizer()->variables())
    all.push_back(v);
  all.push_back(m.generator().counterVariable());
  for (const nn::Variable &v : all)
    bytes.emplace_back(v.value().getBytes(),
                       v.value().getBytes() + v.value().getByteSize());
  return bytes;
}

std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "/" + name;
}

TEST(SavingTest, ResumeIsBitExact) {
  nn::Tensor x, y;
  data(x, y);
  nn::Sequential straight = model();
  absl::StatusOr<nn::History> all = straight.fit(x, y, epochs(0, 4));
  ASSERT_TRUE(all.ok()) << all.status();

  nn::Sequential first = model();
  ASSERT_TRUE(first.fit(x, y, epochs(0, 2)).ok());
  std::string path = tempPath("resume.safetensors");
  ASSERT_TRUE(first.save(path).ok());
  absl::StatusOr<nn::Sequential> resumed = nn::loadModel(path);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  absl::StatusOr<nn::History> rest = resumed->fit(x, y, epochs(2, 4));
  ASSERT_TRUE(rest.ok()) << rest.status();

  EXPECT_EQ(state(*resumed), state(straight));
  EXPECT_EQ(rest->values["loss"][1], all->values["loss"][3]);
  EXPECT_EQ(resumed->optimizer()->iterations().value().data<int64_t>()[0],
            4 * 6);
}

TEST(SavingTest, RoundTripKeepsArchitectureAndConfiguration) {
  nn::Tensor x, y;
  data(x, y);
  nn::Sequential m = model();
  ASSERT_TRUE(m.fit(x, y, epochs(0, 1)).ok());
  std::string path = tempPath("roundtrip.safetensors");
  ASSERT_TRUE(m.save(path).ok());
  absl::StatusOr<nn::Sequential> loaded = nn::loadModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->layers().size(), m.layers().size());
  for (size_t i = 0; i < m.layers().size(); ++i) {
    EXPECT_EQ(loaded->layers()[i]->className(), m.layers()[i]->className());
    EXPECT_EQ(loaded->layers()[i]->getConfig(), m.layers()[i]->getConfig());
  }
  EXPECT_EQ(loaded->optimizer()->className(), "Adam");
  EXPECT_EQ(loaded->optimizer()->getConfig(), m.optimizer()->getConfig());
  EXPECT_EQ(loaded->loss()->name, "sparse_categorical_crossentropy");
  absl::StatusOr<nn::Tensor> a = m.predict(x), b = loaded->predict(x);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a->toVector<float>(), *b->toVector<float>());
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// A model saved in a file, which the bad files are made from.
struct SavedModel {
  std::string path;
  std::string bytes;
  nn::io::Checkpoint checkpoint;
};

/// `saved`'s tensors without its first optimizer slot (named in `dropped`),
/// and its metadata without the checksum, which would no longer match.
std::pair<std::vector<std::pair<std::string, nn::Tensor>>,
          std::map<std::string, std::string>>
withoutASlot(const SavedModel &saved, std::string &dropped) {
  std::vector<std::pair<std::string, nn::Tensor>> fewer =
      saved.checkpoint.tensors;
  for (size_t i = 0; i < fewer.size(); ++i)
    if (fewer[i].first.rfind("optimizer/v/", 0) == 0) {
      dropped = fewer[i].first;
      fewer.erase(fewer.begin() + i);
      break;
    }
  EXPECT_FALSE(dropped.empty());
  std::map<std::string, std::string> metadata = saved.checkpoint.metadata;
  metadata.erase(nn::io::kChecksumKey);
  return {fewer, metadata};
}

/// A bad file: how to make it at `path` from a saved model, returning what
/// loadModel's message must contain ("": any failure), and the error code
/// when it matters.
struct BadFile {
  const char *name;
  std::function<std::string(const SavedModel &, const std::string &path)> make;
  std::optional<absl::StatusCode> code;
};

const BadFile kBadFiles[] = {
    {"Truncated",
     [](const SavedModel &saved, const std::string &path) {
       writeFile(path, saved.bytes.substr(0, saved.bytes.size() - 10));
       return std::string();
     }},
    {"Flipped",
     [](const SavedModel &saved, const std::string &path) {
       std::string changed = saved.bytes;
       changed[changed.size() - 3] ^= 0x40;
       writeFile(path, changed);
       return std::string("checksum");
     }},
    // Complete as a file, but missing an optimizer slot.
    {"Incomplete",
     [](const SavedModel &saved, const std::string &path) {
       std::string dropped;
       auto [fewer, metadata] = withoutASlot(saved, dropped);
       EXPECT_TRUE(nn::io::writeSafetensors(path, fewer, metadata).ok());
       return "missing '" + dropped + "'";
     }},
    // A foreign safetensors file: tensors, but no model description.
    {"Foreign",
     [](const SavedModel &, const std::string &path) {
       EXPECT_TRUE(
           nn::io::writeSafetensors(
               path, {{"w", *nn::Tensor::zeros(nn::DType::F32, {2})}}, {})
               .ok());
       return std::string("is not a model saved by nn");
     }},
    // A malformed description.
    {"Malformed",
     [](const SavedModel &saved, const std::string &path) {
       std::string dropped;
       auto [fewer, metadata] = withoutASlot(saved, dropped);
       metadata["nn.architecture"] = "{\"layers\": [{\"class\": \"Dense\"}]}";
       EXPECT_TRUE(nn::io::writeSafetensors(path, fewer, metadata).ok());
       return std::string("malformed model description");
     }},
    {"Absent",
     [](const SavedModel &, const std::string &) { return std::string(); },
     absl::StatusCode::kNotFound},
};

void PrintTo(const BadFile &file, std::ostream *os) { *os << file.name; }

class BadFileTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadFileTest, IsRejected) {
  nn::Sequential m = model();
  ASSERT_TRUE(m.build({6}).ok());
  ASSERT_TRUE(m.optimizer()->build(m.trainableWeights()).ok());
  SavedModel saved;
  saved.path = tempPath("good.safetensors");
  ASSERT_TRUE(m.save(saved.path).ok());
  saved.bytes = readFile(saved.path);
  absl::StatusOr<nn::io::Checkpoint> checkpoint =
      nn::io::readSafetensors(saved.path);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  saved.checkpoint = *std::move(checkpoint);

  std::string path = tempPath(std::string(GetParam().name) + ".safetensors");
  std::string expected = GetParam().make(saved, path);
  absl::Status status = nn::loadModel(path).status();
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr(expected));
  if (GetParam().code)
    EXPECT_EQ(status.code(), *GetParam().code) << status;
}

INSTANTIATE_TEST_SUITE_P(SavingTest, BadFileTest,
                         ::testing::ValuesIn(kBadFiles),
                         [](const ::testing::TestParamInfo<BadFile> &info) {
                           return std::string(info.param.name);
                         });

} // namespace

namespace {
TEST(SavingTest, AnUnbuiltModelRoundTrips) {
  nn::Sequential m;
  m.add(nn::layers::Dense(3));
  std::string path = tempPath("unbuilt.safetensors");
  ASSERT_TRUE(m.save(path).ok());
  absl::StatusOr<nn::Sequential> loaded = nn::loadModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->isBuilt());
  ASSERT_TRUE(loaded->build({4}).ok());
  EXPECT_EQ(loaded->getWeights().size(), 2u);
}
} // namespace
