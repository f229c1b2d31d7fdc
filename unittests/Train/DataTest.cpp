//===- DataTest.cpp - IDX, .npy and row operations ------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Data.h"

#include "TestFiles.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <numeric>

using namespace nn;
using ::testing::HasSubstr;

namespace {

class DataTest : public nn::testing::ScratchDir {
protected:
  /// An IDX file of unsigned bytes with `shape` and `data`.
  static std::string idx(const std::vector<uint32_t> &shape,
                         const std::string &data) {
    std::string bytes = {0, 0, 0x08, static_cast<char>(shape.size())};
    for (uint32_t dim : shape)
      for (int shift = 24; shift >= 0; shift -= 8)
        bytes += static_cast<char>((dim >> shift) & 0xff);
    return bytes + data;
  }

  static void writeGzip(const std::string &file, const std::string &bytes) {
    gzFile out = gzopen(file.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    ASSERT_EQ(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())),
              static_cast<int>(bytes.size()));
    ASSERT_EQ(gzclose(out), Z_OK);
  }

  /// Expects readIdx of `bytes` (as a plain file) to fail naming the file
  /// and `problem`.
  void expectRejected(const std::string &bytes, const std::string &problem) {
    std::string file = path("bad.idx");
    writeBytes(file, bytes);
    absl::StatusOr<Tensor> tensor = data::readIdx(file);
    ASSERT_FALSE(tensor.ok());
    EXPECT_EQ(tensor.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(tensor.status().message()), HasSubstr(file));
    EXPECT_THAT(std::string(tensor.status().message()), HasSubstr(problem));
  }

  /// Writes a small Fashion-MNIST look-alike (plain files) into the scratch
  /// directory: `count` samples per split, labels i % 10.
  void writeFakeFashionMnist(uint32_t count) {
    std::string pixels(count * 28 * 28, '\0');
    for (size_t i = 0; i < pixels.size(); ++i)
      pixels[i] = static_cast<char>(i % 256);
    std::string labels;
    for (uint32_t i = 0; i < count; ++i)
      labels += static_cast<char>(i % 10);
    for (const char *split : {"train", "t10k"}) {
      writeBytes(path(std::string(split) + "-images-idx3-ubyte"),
                 idx({count, 28, 28}, pixels));
      writeBytes(path(std::string(split) + "-labels-idx1-ubyte"),
                 idx({count}, labels));
    }
  }
};

TEST_F(DataTest, ReadsPlainImages) {
  writeBytes(path("images.idx"), idx({2, 2, 3}, std::string("\x00\x01\x02\x03"
                                                            "\x04\x05\x06\x07"
                                                            "\x08\x09\xfe\xff",
                                                            12)));
  absl::StatusOr<Tensor> tensor = data::readIdx(path("images.idx"));
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_EQ(tensor->getTypeString(), "2x2x3xf32");
  std::vector<float> values = *tensor->toVector<float>();
  EXPECT_EQ(values.front(), 0.0f);
  EXPECT_EQ(values[5], 5.0f);
  EXPECT_EQ(values.back(), 255.0f);
}

TEST_F(DataTest, ReadsGzipLabelsAsI64) {
  writeGzip(path("labels.gz"), idx({4}, std::string("\x03\x00\x09\x01", 4)));
  absl::StatusOr<Tensor> tensor = data::readIdx(path("labels.gz"));
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_EQ(*tensor->toVector<int64_t>(), (std::vector<int64_t>{3, 0, 9, 1}));
}

TEST_F(DataTest, ReadsOnlyTheFirstRows) {
  writeGzip(path("labels.gz"), idx({4}, std::string("\x03\x00\x09\x01", 4)));
  absl::StatusOr<Tensor> tensor = data::readIdx(path("labels.gz"), 2);
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_EQ(*tensor->toVector<int64_t>(), (std::vector<int64_t>{3, 0}));
}

TEST_F(DataTest, RejectsBadFiles) {
  expectRejected(idx({2, 3}, "12345"), "truncated IDX data");
  expectRejected(idx({2, 3}, "1234567"), "trailing data");
  expectRejected(std::string("\0\0", 2), "truncated IDX header");
  expectRejected(std::string("\0\0\x08\x03\0\0\0\x02", 8),
                 "truncated IDX header");
  expectRejected("\x89PNG\r\n\x1a\n rest", "not an IDX file");
  expectRejected(std::string("\0\0\x0d\x01\0\0\0\x01", 8) + "abcd",
                 "unsupported IDX element type 0x0d");
  expectRejected(std::string("\0\0\x08\x00", 4), "0 dimensions");
  // A header that claims terabytes must fail before anything is allocated.
  expectRejected(idx({0xffffffff, 0xffffffff, 0xffffffff}, ""), "too large");
  expectRejected(idx({0xffffff, 0xff}, "x"), "truncated IDX data");
}

TEST_F(DataTest, RejectsTruncatedAndCorruptGzip) {
  std::string data(4000, '\0');
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>((i * 7919) % 251);
  writeGzip(path("good.gz"), idx({40, 100}, data));
  std::string compressed = readBytes(path("good.gz"));
  ASSERT_TRUE(data::readIdx(path("good.gz")).ok());

  writeBytes(path("cut.gz"), compressed.substr(0, compressed.size() / 2));
  absl::StatusOr<Tensor> cut = data::readIdx(path("cut.gz"));
  ASSERT_FALSE(cut.ok());
  EXPECT_THAT(cut.status().message(), HasSubstr("cut.gz"));

  std::string flipped = compressed;
  flipped[flipped.size() / 2] ^= 0x55;
  writeBytes(path("flipped.gz"), flipped);
  absl::StatusOr<Tensor> corrupt = data::readIdx(path("flipped.gz"));
  ASSERT_FALSE(corrupt.ok());
  EXPECT_THAT(corrupt.status().message(), HasSubstr("flipped.gz"));
}

TEST_F(DataTest, MissingFileIsNotFound) {
  absl::StatusOr<Tensor> tensor = data::readIdx(path("none.idx"));
  EXPECT_EQ(tensor.status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<data::Dataset> dataset =
      data::loadFashionMnist(path("nowhere"));
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(dataset.status().message(), HasSubstr("train-images-idx3-ubyte"));
}

TEST_F(DataTest, LoadsPlainFilesWithALimit) {
  writeFakeFashionMnist(12);
  absl::StatusOr<data::Dataset> dataset = data::loadFashionMnist(dir, 5);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->xTrain.getTypeString(), "5x28x28xf32");
  EXPECT_EQ(dataset->yTest.getTypeString(), "5xi64");
  EXPECT_EQ(dataset->xTrain.data<float>()[255], 1.0f);
  EXPECT_EQ(*dataset->yTrain.toVector<int64_t>(),
            (std::vector<int64_t>{0, 1, 2, 3, 4}));
}

TEST_F(DataTest, RejectsLabelsOutOfRange) {
  writeFakeFashionMnist(3);
  writeBytes(path("train-labels-idx1-ubyte"), idx({3}, "\x01\x0a\x02"));
  absl::StatusOr<data::Dataset> dataset = data::loadFashionMnist(dir);
  ASSERT_FALSE(dataset.ok());
  EXPECT_THAT(dataset.status().message(), HasSubstr("label 1 is 10"));
}

TEST(FashionMnistTest, LoadsTheDebianDataSet) {
  if (!std::filesystem::exists(data::kFashionMnistDir))
    GTEST_SKIP() << data::kFashionMnistDir << " is missing "
                 << "(apt-get install dataset-fashion-mnist)";
  absl::StatusOr<data::Dataset> dataset = data::loadFashionMnist();
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->xTrain.getTypeString(), "60000x28x28xf32");
  EXPECT_EQ(dataset->yTrain.getTypeString(), "60000xi64");
  EXPECT_EQ(dataset->xTest.getTypeString(), "10000x28x28xf32");
  EXPECT_EQ(dataset->yTest.getTypeString(), "10000xi64");
  const float *pixels = dataset->xTrain.data<float>();
  auto [lo, hi] =
      std::minmax_element(pixels, pixels + dataset->xTrain.getNumElements());
  EXPECT_EQ(*lo, 0.0f);
  EXPECT_EQ(*hi, 1.0f);
  // Fashion-MNIST's training set is balanced: 6000 of each class.
  std::vector<int64_t> labels = *dataset->yTrain.toVector<int64_t>();
  EXPECT_EQ(std::count(labels.begin(), labels.end(), 9), 6000);

  absl::StatusOr<data::Dataset> small =
      data::loadFashionMnist(data::kFashionMnistDir, 100);
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_EQ(small->xTest.getTypeString(), "100x28x28xf32");
  EXPECT_EQ(*small->yTrain.toVector<int64_t>(),
            std::vector<int64_t>(labels.begin(), labels.begin() + 100));
}

TEST(OneHotTest, EncodesAndChecksLabels) {
  Tensor labels = *Tensor::create({3}, std::vector<int64_t>{2, 0, 1});
  absl::StatusOr<Tensor> encoded = data::oneHot(labels, 3);
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(encoded->getTypeString(), "3x3xf32");
  EXPECT_EQ(*encoded->toVector<float>(),
            (std::vector<float>{0, 0, 1, 1, 0, 0, 0, 1, 0}));

  Tensor bad = *Tensor::create({3}, std::vector<int32_t>{0, 1, 7});
  absl::StatusOr<Tensor> error = data::oneHot(bad, 3);
  ASSERT_FALSE(error.ok());
  EXPECT_THAT(error.status().message(), HasSubstr("label 7 (at index 2)"));
  Tensor negative = *Tensor::create({1}, std::vector<int64_t>{-1});
  EXPECT_FALSE(data::oneHot(negative, 3).ok());
  EXPECT_FALSE(data::oneHot(labels, 0).ok());
  Tensor floats = *Tensor::create({1}, std::vector<float>{1});
  EXPECT_THAT(data::oneHot(floats, 3).status().message(),
              HasSubstr("i32 or i64"));
}

TEST(RowsTest, TakesAndSlicesRows) {
  Tensor t = *Tensor::create({3, 2}, std::vector<int32_t>{0, 1, 2, 3, 4, 5});
  absl::StatusOr<Tensor> taken = data::takeRows(t, {2, 0, 2});
  ASSERT_TRUE(taken.ok()) << taken.status();
  EXPECT_EQ(*taken->toVector<int32_t>(),
            (std::vector<int32_t>{4, 5, 0, 1, 4, 5}));
  EXPECT_THAT(data::takeRows(t, {0, 3}).status().message(),
              HasSubstr("row index 3 (at position 1)"));
  absl::StatusOr<Tensor> sliced = data::sliceRows(t, 1, 3);
  ASSERT_TRUE(sliced.ok()) << sliced.status();
  EXPECT_EQ(sliced->getTypeString(), "2x2xi32");
  EXPECT_EQ(*sliced->toVector<int32_t>(), (std::vector<int32_t>{2, 3, 4, 5}));
  EXPECT_EQ(data::sliceRows(t, 2, 2)->getTypeString(), "0x2xi32");
  EXPECT_FALSE(data::sliceRows(t, 2, 1).ok());
  EXPECT_FALSE(data::sliceRows(t, 0, 4).ok());
  EXPECT_FALSE(data::takeRows(Tensor(), {0}).ok());
}

TEST(NormalizeTest, ScalesFloats) {
  Tensor t = *Tensor::create({2}, std::vector<float>{0, 255});
  EXPECT_EQ(*data::normalize(t, 0, 255)->toVector<float>(),
            (std::vector<float>{0, 1}));
  EXPECT_FALSE(data::normalize(t, 0, 0).ok());
  EXPECT_FALSE(
      data::normalize(*Tensor::create({1}, std::vector<int64_t>{1}), 0, 1)
          .ok());
}

TEST(ShuffleTest, IsADeterministicPermutation) {
  // Pinned: splitmix64 and Fisher-Yates are fixed, so this order must never
  // change from one machine or standard library to another.
  EXPECT_EQ(data::shuffledIndices(10, 42, 0),
            (std::vector<int64_t>{9, 4, 2, 8, 1, 3, 0, 6, 5, 7}));
  EXPECT_EQ(data::shuffledIndices(1000, 7, 3),
            data::shuffledIndices(1000, 7, 3));
  EXPECT_NE(data::shuffledIndices(1000, 7, 3),
            data::shuffledIndices(1000, 7, 4));
  EXPECT_NE(data::shuffledIndices(1000, 7, 3),
            data::shuffledIndices(1000, 8, 3));
  for (int64_t n : {0, 1, 2, 17, 1000}) {
    std::vector<int64_t> order = data::shuffledIndices(n, 123, 1);
    std::sort(order.begin(), order.end());
    std::vector<int64_t> identity(n);
    std::iota(identity.begin(), identity.end(), 0);
    EXPECT_EQ(order, identity) << "n = " << n;
  }
  EXPECT_TRUE(data::shuffledIndices(-3, 1, 1).empty());
}

TEST_F(DataTest, NpyRoundTrip) {
  Tensor t = *Tensor::create({2, 3}, std::vector<float>{1, 2, 3, 4, 5, 6.5});
  ASSERT_TRUE(data::writeNpy(path("t.npy"), t).ok());
  absl::StatusOr<Tensor> back = data::readNpy(path("t.npy"));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->getTypeString(), "2x3xf32");
  EXPECT_EQ(*back->toVector<float>(), *t.toVector<float>());

  Tensor labels = *Tensor::create({3}, std::vector<int64_t>{-1, 0, 1LL << 40});
  ASSERT_TRUE(data::writeNpy(path("l.npy"), labels).ok());
  EXPECT_EQ(*data::readNpy(path("l.npy"))->toVector<int64_t>(),
            *labels.toVector<int64_t>());

  std::string bytes = readBytes(path("t.npy"));
  writeBytes(path("cut.npy"), bytes.substr(0, bytes.size() - 1));
  absl::StatusOr<Tensor> cut = data::readNpy(path("cut.npy"));
  ASSERT_FALSE(cut.ok());
  EXPECT_THAT(cut.status().message(), HasSubstr("cut.npy"));

  Tensor bf16 = *Tensor::zeros(DType::BF16, {2});
  absl::Status status = data::writeNpy(path("b.npy"), bf16);
  EXPECT_THAT(status.message(), HasSubstr("bf16"));
  EXPECT_THAT(status.message(), HasSubstr("b.npy"));
}

} // namespace
