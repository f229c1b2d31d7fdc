//===- TensorTest.cpp - Tensors of the embedding API ----------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Runtime/Tensor.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstring>

using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

TEST(TensorTest, DTypes) {
  EXPECT_EQ(nn::getDTypeName(nn::DType::BF16), "bf16");
  EXPECT_EQ(nn::getDTypeName(nn::DType::I1), "i1");
  EXPECT_EQ(nn::getDTypeSize(nn::DType::F16), 2u);
  EXPECT_EQ(nn::getDTypeSize(nn::DType::I1), 1u);
  EXPECT_EQ(nn::getDTypeSize(nn::DType::I64), 8u);
  EXPECT_EQ(nn::formatTensorType({nn::kDynamic, 784}, nn::DType::F32),
            "?x784xf32");
  EXPECT_EQ(nn::formatTensorType({}, nn::DType::F64), "f64");
}

TEST(TensorTest, CreateAndRead) {
  absl::StatusOr<nn::Tensor> tensor =
      nn::Tensor::create({2, 3}, std::vector<float>{1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_EQ(tensor->getDType(), nn::DType::F32);
  EXPECT_THAT(tensor->getShape(), ElementsAre(2, 3));
  EXPECT_EQ(tensor->getNumElements(), 6);
  EXPECT_EQ(tensor->getByteSize(), 24u);
  EXPECT_EQ(tensor->getTypeString(), "2x3xf32");
  ASSERT_NE(tensor->data<float>(), nullptr);
  EXPECT_EQ(tensor->data<float>()[4], 5.0f);
  tensor->data<float>()[4] = 7.0f;
  absl::StatusOr<std::vector<float>> values = tensor->toVector<float>();
  ASSERT_TRUE(values.ok());
  EXPECT_THAT(*values, ElementsAre(1, 2, 3, 4, 7, 6));

  // Each C++ element type gives its dtype.
  EXPECT_EQ(nn::Tensor::create({1}, std::vector<double>{1})->getDType(),
            nn::DType::F64);
  EXPECT_EQ(nn::Tensor::create({1}, std::vector<int32_t>{1})->getDType(),
            nn::DType::I32);
  EXPECT_EQ(nn::Tensor::create({1}, std::vector<int64_t>{1})->getDType(),
            nn::DType::I64);
  EXPECT_EQ(nn::Tensor::create({}, std::vector<uint8_t>{1})->getDType(),
            nn::DType::I1);
}

TEST(TensorTest, TypedAccessChecksTheDType) {
  nn::Tensor tensor = *nn::Tensor::create({2}, std::vector<double>{1, 2});
  EXPECT_EQ(tensor.data<float>(), nullptr);
  EXPECT_EQ(tensor.data<int64_t>(), nullptr);
  EXPECT_NE(tensor.data<double>(), nullptr);
  absl::StatusOr<std::vector<float>> wrong = tensor.toVector<float>();
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(wrong.status().message()),
              HasSubstr("a 2xf64 tensor cannot be read as float"));
}

TEST(TensorTest, CreateErrors) {
  absl::StatusOr<nn::Tensor> count =
      nn::Tensor::create({2, 3}, std::vector<float>{1, 2, 3, 4, 5});
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(count.status().message()),
              HasSubstr("a 2x3xf32 tensor has 6 elements, got 5 values"));

  absl::StatusOr<nn::Tensor> negative =
      nn::Tensor::zeros(nn::DType::F32, {2, -3});
  ASSERT_FALSE(negative.ok());
  EXPECT_THAT(std::string(negative.status().message()),
              HasSubstr("shape 2x-3 has a negative size in dimension 1"));

  uint8_t bytes[6] = {};
  absl::StatusOr<nn::Tensor> size =
      nn::Tensor::fromBytes(nn::DType::F16, {2, 2}, bytes, sizeof(bytes));
  ASSERT_FALSE(size.ok());
  EXPECT_THAT(std::string(size.status().message()),
              HasSubstr("a 2x2xf16 tensor has 8 bytes, got 6"));

  absl::StatusOr<nn::Tensor> null =
      nn::Tensor::fromBytes(nn::DType::I32, {1}, nullptr, 4);
  ASSERT_FALSE(null.ok());
  EXPECT_THAT(std::string(null.status().message()),
              HasSubstr("null data pointer"));
}

TEST(TensorTest, BytesAndViews) {
  // f16 tensors come from their bits: 1.0 and -2.0.
  uint16_t halves[2] = {0x3c00, 0xc000};
  absl::StatusOr<nn::Tensor> half =
      nn::Tensor::fromBytes(nn::DType::F16, {2}, halves, sizeof(halves));
  ASSERT_TRUE(half.ok()) << half.status();
  ASSERT_NE(half->data<uint16_t>(), nullptr);
  EXPECT_EQ(half->data<uint16_t>()[1], 0xc000);
  EXPECT_EQ(half->data<float>(), nullptr);

  // i1 bytes are normalized to 0 and 1.
  nn::Tensor flags = *nn::Tensor::create({3}, std::vector<uint8_t>{0, 7, 1});
  EXPECT_THAT(*flags.toVector<uint8_t>(), ElementsAre(0, 1, 1));
  EXPECT_TRUE(flags.data<bool>()[1]);

  std::vector<int32_t> buffer = {1, 2, 3, 4, 5, 6};
  nn::TensorView view({3, 2}, buffer.data());
  EXPECT_EQ(view.getDType(), nn::DType::I32);
  EXPECT_EQ(view.getNumElements(), 6);
  EXPECT_EQ(view.getTypeString(), "3x2xi32");
  EXPECT_EQ(view.getData(), buffer.data());
  absl::StatusOr<nn::Tensor> copy = nn::Tensor::copyOf(view);
  ASSERT_TRUE(copy.ok()) << copy.status();
  buffer[0] = 100;
  EXPECT_THAT(*copy->toVector<int32_t>(), ElementsAre(1, 2, 3, 4, 5, 6));

  nn::TensorView own = copy->view();
  EXPECT_EQ(own.getData(), copy->getBytes());
  EXPECT_EQ(own.getTypeString(), "3x2xi32");

  nn::Tensor scalar;
  EXPECT_EQ(scalar.getTypeString(), "f32");
  EXPECT_EQ(*scalar.data<float>(), 0.0f);
}

TEST(TensorTest, CopiesAreDeepAndMovesLeaveEmptyTensors) {
  nn::Tensor original = *nn::Tensor::create({2}, std::vector<float>{1, 2});
  nn::Tensor copy = original;
  copy.data<float>()[0] = 5;
  EXPECT_THAT(*original.toVector<float>(), ElementsAre(1, 2));
  EXPECT_NE(copy.getBytes(), original.getBytes());
  nn::Tensor assigned;
  assigned = copy;
  EXPECT_THAT(*assigned.toVector<float>(), ElementsAre(5, 2));

  const uint8_t *bytes = original.getBytes();
  nn::Tensor moved = std::move(original);
  EXPECT_EQ(moved.getBytes(), bytes);
  EXPECT_THAT(*moved.toVector<float>(), ElementsAre(1, 2));
  // NOLINTNEXTLINE(bugprone-use-after-move): moved-from tensors are valid.
  EXPECT_EQ(original.getNumElements(), 0);
  EXPECT_EQ(original.getByteSize(), 0u);
  original = std::move(moved);
  EXPECT_THAT(*original.toVector<float>(), ElementsAre(1, 2));
}

} // namespace
