//===- CheckpointTest.cpp - safetensors files -----------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Checkpoint.h"

#include "TestFiles.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstring>
#include <filesystem>

using namespace nn;
using ::testing::HasSubstr;

namespace {

class CheckpointTest : public nn::testing::ScratchDir {
protected:
  /// A safetensors file: the 8-byte length of `header`, then `header` and
  /// `data`.
  static std::string safetensors(const std::string &header,
                                 const std::string &data) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
      bytes[i] = static_cast<char>((uint64_t{header.size()} >> (8 * i)) & 0xff);
    return bytes + header + data;
  }

  /// A tensor of `dtype` and `shape` whose bytes count up (bools 0/1).
  static Tensor pattern(DType dtype, std::vector<int64_t> shape) {
    Tensor tensor = *Tensor::zeros(dtype, std::move(shape));
    for (size_t i = 0; i < tensor.getByteSize(); ++i)
      tensor.getBytes()[i] =
          static_cast<uint8_t>(dtype == DType::I1 ? i % 2 : i * 37 + 1);
    return tensor;
  }

  /// Expects reading `bytes` to fail naming the file and `problem`.
  void expectRejected(const std::string &bytes, const std::string &problem) {
    std::string file = path("bad.safetensors");
    writeBytes(file, bytes);
    absl::StatusOr<io::Checkpoint> checkpoint = io::readSafetensors(file);
    ASSERT_FALSE(checkpoint.ok()) << "accepted: " << problem;
    EXPECT_EQ(checkpoint.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(checkpoint.status().message()), HasSubstr(file));
    EXPECT_THAT(std::string(checkpoint.status().message()), HasSubstr(problem));
  }

  std::string writeTwoTensors() {
    std::string file = path("two.safetensors");
    absl::Status status =
        io::writeSafetensors(file, {{"w", pattern(DType::F32, {2, 2})},
                                    {"b", pattern(DType::F32, {2})}});
    EXPECT_TRUE(status.ok()) << status;
    return file;
  }
};

TEST_F(CheckpointTest, RoundTripsEveryDType) {
  std::vector<std::pair<std::string, Tensor>> tensors = {
      {"f16", pattern(DType::F16, {3})},
      {"bf16", pattern(DType::BF16, {2, 2})},
      {"f32", pattern(DType::F32, {2, 3})},
      {"f64", pattern(DType::F64, {})},
      {"bool", pattern(DType::I1, {5})},
      {"i32", pattern(DType::I32, {1, 1, 2})},
      {"i64", pattern(DType::I64, {2})},
      {"empty", pattern(DType::F32, {0, 4})},
      {"dense/kernel:0 ü", pattern(DType::F32, {1})}};
  std::string file = path("all.safetensors");
  ASSERT_TRUE(io::writeSafetensors(file, tensors, {{"epoch", "3"}}).ok());
  EXPECT_FALSE(
      std::filesystem::exists(file + ".tmp." + std::to_string(getpid())));
  absl::StatusOr<io::Checkpoint> checkpoint = io::readSafetensors(file);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  ASSERT_EQ(checkpoint->tensors.size(), tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    const auto &[name, tensor] = checkpoint->tensors[i];
    EXPECT_EQ(name, tensors[i].first);
    EXPECT_EQ(tensor.getTypeString(), tensors[i].second.getTypeString());
    ASSERT_EQ(tensor.getByteSize(), tensors[i].second.getByteSize());
    // memcmp may not be given the null data of an empty tensor, even for
    // zero bytes (UBSan).
    if (tensor.getByteSize() != 0)
      EXPECT_EQ(std::memcmp(tensor.getBytes(), tensors[i].second.getBytes(),
                            tensor.getByteSize()),
                0)
          << name;
  }
  EXPECT_EQ(checkpoint->metadata.at("epoch"), "3");
  EXPECT_EQ(checkpoint->metadata.at(io::kFormatVersionKey), "1");
  EXPECT_EQ(checkpoint->metadata.at(io::kChecksumKey).size(), 8u);
  // The data is 8-byte aligned, as safetensors writers do.
  std::string bytes = readBytes(file);
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]) % 8, 0);
}

TEST_F(CheckpointTest, RejectsBadNames) {
  Tensor t = pattern(DType::F32, {1});
  EXPECT_THAT(io::writeSafetensors(path("x"), {{"a", t}, {"a", t}}).message(),
              HasSubstr("duplicate tensor name \"a\""));
  EXPECT_FALSE(io::writeSafetensors(path("x"), {{"__metadata__", t}}).ok());
  EXPECT_FALSE(io::writeSafetensors(path("x"), {{"", t}}).ok());
  EXPECT_FALSE(io::writeSafetensors(path("x"), {{"\xff", t}}).ok());
  EXPECT_EQ(io::writeSafetensors(path("no/such/dir/x"), {{"a", t}}).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CheckpointTest, RejectsDamagedFiles) {
  std::string bytes = readBytes(writeTwoTensors());
  expectRejected(bytes.substr(0, bytes.size() - 1), "data_offsets");
  expectRejected(bytes.substr(0, 5), "truncated");
  std::string flipped = bytes;
  flipped[flipped.size() - 3] ^= 0x01;
  expectRejected(flipped, "checksum mismatch");
  std::string huge = bytes;
  huge[7] = 0x7f;
  expectRejected(huge, "exceeds the limit");
  std::string past = bytes;
  past[0] = static_cast<char>(0xf0), past[1] = 0x01;
  expectRejected(past, "runs past the end");
  EXPECT_EQ(io::readSafetensors(path("missing")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CheckpointTest, RejectsBadHeaders) {
  std::string data(16, '\1');
  auto entry = [](const std::string &name, const std::string &offsets,
                  const std::string &shape = "[2]") {
    return "\"" + name + R"(": {"dtype": "F32", "shape": )" + shape +
           R"(, "data_offsets": )" + offsets + "}";
  };
  expectRejected(safetensors("{" + entry("a", "[0, 8]") + ", " +
                                 entry("b", "[4, 12]") + ", " +
                                 entry("c", "[12, 16]", "[1]") + "}",
                             data),
                 "overlaps");
  expectRejected(safetensors("{" + entry("a", "[0, 8]") + ", " +
                                 entry("b", "[12, 20]") + "}",
                             data),
                 "data_offsets");
  expectRejected(safetensors("{" + entry("a", "[0, 8]") + ", " +
                                 entry("b", "[8, 12]") + "}",
                             data),
                 "span 4 bytes");
  expectRejected(safetensors("{" + entry("a", "[0, 8]") + "}", data),
                 "the tensors cover 8");
  expectRejected(
      safetensors("{" + entry("a", "[8, 16]") + "}", std::string(16, '\0')),
      "bytes [0, 8) of the data belong to no tensor");
  expectRejected(safetensors("{" + entry("a", "[0, -8]") + "}", data),
                 "data_offsets");
  expectRejected(
      safetensors("{" + entry("a", "[0, 16]", "[2, -2]") + "}", data),
      "non-negative integers");
  expectRejected(safetensors("this is not json", data), "not valid JSON");
  expectRejected(safetensors("[1, 2]", data), "not a JSON object");
  expectRejected(safetensors(R"({"a": {"dtype": "U8", "shape": [16], )"
                             R"("data_offsets": [0, 16]}})",
                             data),
                 "unsupported dtype \"U8\"");
  expectRejected(safetensors(R"({"__metadata__": {"k": 1}})", ""),
                 "is not a string");
  expectRejected(
      safetensors("{" + entry("a", "[0, 16]", "[4294967296, 4294967296]") + "}",
                  data),
      "too large");
}

TEST_F(CheckpointTest, ReadsForeignFilesWithoutChecksum) {
  // As the Python safetensors package writes it: keys sorted, padding.
  std::string header =
      R"({"__metadata__":{"format":"pt"},"bias":{"dtype":"I64","shape":[1],)"
      R"("data_offsets":[0,8]},"weight":{"dtype":"F64","shape":[1,1],)"
      R"("data_offsets":[8,16]}})";
  header.append((8 - header.size() % 8) % 8, ' ');
  std::string data = std::string("\x05\0\0\0\0\0\0\0", 8) +
                     std::string("\0\0\0\0\0\0\xf0\x3f", 8);
  writeBytes(path("foreign.safetensors"), safetensors(header, data));
  absl::StatusOr<io::Checkpoint> checkpoint =
      io::readSafetensors(path("foreign.safetensors"));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  ASSERT_EQ(checkpoint->tensors.size(), 2u);
  EXPECT_EQ(checkpoint->tensors[0].first, "bias");
  EXPECT_EQ(*checkpoint->tensors[0].second.toVector<int64_t>(),
            std::vector<int64_t>{5});
  EXPECT_EQ(*checkpoint->tensors[1].second.toVector<double>(),
            std::vector<double>{1.0});
  EXPECT_EQ(checkpoint->metadata.at("format"), "pt");
  EXPECT_EQ(checkpoint->metadata.count(io::kChecksumKey), 0u);
}

} // namespace
