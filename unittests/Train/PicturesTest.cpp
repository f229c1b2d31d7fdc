//===- PicturesTest.cpp - PNG pictures ------------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Pictures.h"

#include "TestFiles.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <png.h>

#include <cmath>
#include <cstring>

using namespace nn;
using ::testing::HasSubstr;

namespace {

class PicturesTest : public nn::testing::ScratchDir {
protected:
  /// Checks the PNG signature and the IHDR chunk's width and height.
  void expectPng(const std::string &file, uint32_t width, uint32_t height) {
    std::string bytes = readBytes(file);
    ASSERT_GE(bytes.size(), 24u) << file;
    EXPECT_EQ(bytes.substr(0, 8), "\x89PNG\r\n\x1a\n");
    EXPECT_EQ(bytes.substr(12, 4), "IHDR");
    auto be32 = [&](size_t at) {
      uint32_t value = 0;
      for (size_t i = at; i < at + 4; ++i)
        value = (value << 8) | static_cast<uint8_t>(bytes[i]);
      return value;
    };
    EXPECT_EQ(be32(16), width);
    EXPECT_EQ(be32(20), height);
  }

  /// Decodes `file` with libpng as `format` pixels.
  static std::vector<uint8_t> decode(const std::string &file, uint32_t format) {
    png_image image;
    std::memset(&image, 0, sizeof(image));
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, file.c_str()))
      return {};
    image.format = format;
    std::vector<uint8_t> pixels(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr))
      return {};
    return pixels;
  }
};

TEST_F(PicturesTest, WritesGreyAndRgbPngs) {
  std::vector<uint8_t> grey = {0, 50, 100, 150, 200, 250};
  ASSERT_TRUE(pictures::writePng(path("g.png"), 3, 2, 1, grey).ok());
  expectPng(path("g.png"), 3, 2);
  EXPECT_EQ(decode(path("g.png"), PNG_FORMAT_GRAY), grey);

  std::vector<uint8_t> rgb(4 * 5 * 3);
  for (size_t i = 0; i < rgb.size(); ++i)
    rgb[i] = static_cast<uint8_t>(i * 3);
  ASSERT_TRUE(pictures::writePng(path("c.png"), 4, 5, 3, rgb).ok());
  expectPng(path("c.png"), 4, 5);
  EXPECT_EQ(decode(path("c.png"), PNG_FORMAT_RGB), rgb);
}

TEST_F(PicturesTest, RejectsBadPngArguments) {
  EXPECT_THAT(pictures::writePng(path("x.png"), 3, 2, 1, {1, 2}).message(),
              HasSubstr("needs 6 bytes"));
  EXPECT_FALSE(pictures::writePng(path("x.png"), 1, 1, 2, {1, 2}).ok());
  EXPECT_FALSE(pictures::writePng(path("x.png"), 0, 1, 1, {}).ok());
  EXPECT_FALSE(pictures::writePng(path("x.png"), int64_t{1} << 40,
                                  int64_t{1} << 40, 1, {})
                   .ok());
  EXPECT_EQ(pictures::writePng(path("no/dir/x.png"), 1, 1, 1, {0}).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PicturesTest, WritesImageGrids) {
  Tensor images = *Tensor::zeros(DType::F32, {5, 4, 3});
  float *values = images.data<float>();
  for (int64_t i = 0; i < images.getNumElements(); ++i)
    values[i] = static_cast<float>(i % 7) / 6;
  values[0] = NAN;
  values[1] = 7;
  ASSERT_TRUE(pictures::writeImageGrid(path("grid.png"), images, 3, 2).ok());
  // 3 columns of 3-pixel images and 2 rows of 4-pixel ones, scaled by 2,
  // with 1-pixel borders.
  expectPng(path("grid.png"), 3 * 4 * 2 + 2, 2 * 5 * 2 + 2);
  std::vector<uint8_t> pixels = decode(path("grid.png"), PNG_FORMAT_GRAY);
  ASSERT_FALSE(pixels.empty());
  EXPECT_EQ(pixels[2 * 26 + 2], 0);   // NaN as black
  EXPECT_EQ(pixels[2 * 26 + 4], 255); // clamped to white

  EXPECT_FALSE(pictures::writeImageGrid(path("g.png"), images, 0).ok());
  EXPECT_FALSE(pictures::writeImageGrid(path("g.png"), images, 2, 0).ok());
  EXPECT_FALSE(pictures::writeImageGrid(path("g.png"),
                                        *Tensor::zeros(DType::F32, {2, 2}), 1)
                   .ok());
  EXPECT_FALSE(pictures::writeImageGrid(
                   path("g.png"), *Tensor::zeros(DType::F32, {100000, 1, 1}), 1)
                   .ok());
}

TEST_F(PicturesTest, WritesHeatmaps) {
  Tensor matrix = *Tensor::create(
      {3, 4}, std::vector<float>{-1, 0, 1, 0.5, 0, 0, 0, 0, 2, -2, NAN, 0});
  ASSERT_TRUE(pictures::writeHeatmap(path("h.png"), matrix, 2).ok());
  expectPng(path("h.png"), 8, 6);
  std::vector<uint8_t> pixels = decode(path("h.png"), PNG_FORMAT_RGB);
  ASSERT_EQ(pixels.size(), 8u * 6 * 3);
  // Zero is white on the diverging ramp; NaN black.
  EXPECT_EQ(pixels[(0 * 8 + 2) * 3], 255);
  EXPECT_EQ(pixels[(4 * 8 + 4) * 3 + 1], 0);

  Tensor positive = *Tensor::create({1, 2}, std::vector<double>{1, 2});
  ASSERT_TRUE(pictures::writeHeatmap(path("p.png"), positive).ok());
  expectPng(path("p.png"), 2, 1);
  EXPECT_FALSE(pictures::writeHeatmap(path("x.png"),
                                      *Tensor::zeros(DType::F32, {1, 2, 3}))
                   .ok());
  EXPECT_FALSE(
      pictures::writeHeatmap(path("x.png"), *Tensor::zeros(DType::I32, {2, 2}))
          .ok());
}

TEST_F(PicturesTest, DrawsCurves) {
  std::map<std::string, std::vector<double>> history = {
      {"loss", {2.3, 1.1, 0.7, 0.52, 0.45}},
      {"val_loss", {2.0, 1.2, 0.8, NAN, 0.6}},
      {"accuracy", {0.1, 0.6, 0.75, 0.81, 0.84}},
      {"val_accuracy", {0.12, 0.58, 0.74, 0.8, 0.82}}};
  ASSERT_TRUE(
      pictures::writeCurves(path("curves.png"), history, "Fashion-MNIST MLP")
          .ok());
  expectPng(path("curves.png"), pictures::kCurvesWidth,
            pictures::kCurvesHeight);
  EXPECT_FALSE(decode(path("curves.png"), PNG_FORMAT_RGB).empty());

  // One epoch, a flat series and huge values still draw.
  ASSERT_TRUE(
      pictures::writeCurves(path("one.png"), {{"loss", {1.0}}}, "").ok());
  ASSERT_TRUE(pictures::writeCurves(path("wide.png"),
                                    {{"a", {-1e300, 1e300}}, {"b", {5, 5}}},
                                    "wide")
                  .ok());
  EXPECT_THAT(pictures::writeCurves(path("x.png"), {}, "none").message(),
              HasSubstr("no finite value"));
  EXPECT_FALSE(
      pictures::writeCurves(path("x.png"), {{"loss", {NAN}}}, "nan").ok());
}

} // namespace
