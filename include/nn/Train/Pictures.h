//===- Pictures.h - PNG images and training curves --------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Pictures of training: grids of (generated) images, heat maps of matrices
// such as weight masks, and loss/metric curves, written as PNG through
// libpng. The curves are drawn here (axes, ticks, lines and a legend in a
// small built-in bitmap font) rather than by matplotlib, so that they need
// no Python at run time and come out the same on every machine.
//
// Files are written atomically (`path.tmp.<pid>`, then renamed).
//
// This is a public header: it includes nothing from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_PICTURES_H
#define NN_TRAIN_PICTURES_H

#include "nn/Runtime/Tensor.h"

#include "absl/status/status.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nn::pictures {

/// The largest width or height written (PNG allows more; nothing here needs
/// it, and it bounds the memory a bad argument can ask for).
constexpr int64_t kMaxPngSide = 16384;

/// The size of the pictures writeCurves draws.
constexpr int64_t kCurvesWidth = 800;
constexpr int64_t kCurvesHeight = 500;

/// Writes an 8-bit PNG of `width` x `height` pixels with 1 (grey) or 3
/// (RGB) channels; `pixels` holds the rows top to bottom, each pixel's
/// channels together (width * height * channels bytes).
absl::Status writePng(const std::string &path, int64_t width, int64_t height,
                      int channels, const std::vector<uint8_t> &pixels);

/// Writes the images of `images` (f32, N x H x W grey or N x H x W x C with
/// C = 1 or 3; values in [0, 1], clamped, NaN as 0) as a grid of `columns`
/// columns, each pixel drawn as a `scale` x `scale` square, the cells
/// separated by dark grey lines.
absl::Status writeImageGrid(const std::string &path, const Tensor &images,
                            int64_t columns, int scale = 2);

/// Writes a 2-D f32 or f64 matrix as colours, each element a `scale` x
/// `scale` square: values of both signs on a diverging ramp (blue, white at
/// 0, red, symmetric in the largest magnitude), otherwise on a
/// viridis-like ramp from the smallest to the largest value. Non-finite
/// values are black.
absl::Status writeHeatmap(const std::string &path, const Tensor &matrix,
                          int scale = 1);

/// Draws training curves (one value per epoch, epochs numbered from 1) as a
/// kCurvesWidth x kCurvesHeight PNG with `title`, axes, ticks and a legend.
/// A series named `val_<name>` next to `<name>` gets its colour, dashed.
/// Non-finite values leave a gap. At least one finite value is required.
absl::Status
writeCurves(const std::string &path,
            const std::map<std::string, std::vector<double>> &series,
            const std::string &title);

} // namespace nn::pictures

#endif // NN_TRAIN_PICTURES_H
