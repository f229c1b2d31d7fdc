//===- Pictures.cpp - PNG images and training curves ----------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// PNG encoding goes through libpng's simplified API (png_image), which
// reports errors in the image's message instead of longjmp-ing through C++
// frames. Curves are rasterized on a small RGB canvas with Bresenham lines
// and a 3x5 bitmap font drawn for this file.
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Pictures.h"

#include "IOSupport.h"

#include "fmt/format.h"
#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

namespace nn::pictures {
namespace {

using Colour = std::array<uint8_t, 3>;

absl::Status invalid(const std::string &path, const std::string &problem) {
  return absl::InvalidArgumentError(
      fmt::format("cannot write '{}': {}", path, problem));
}

absl::Status checkScale(const std::string &path, int scale) {
  if (scale < 1 || scale > 64)
    return invalid(path, fmt::format("scale {} is not in [1, 64]", scale));
  return absl::OkStatus();
}

//===----------------------------------------------------------------------===//
// Canvas and font
//===----------------------------------------------------------------------===//

/// 3x5 glyphs, rows top to bottom, '#' set. Letters have one (capital-like)
/// shape for both cases; characters not listed are drawn as '?'.
struct Glyph {
  char c;
  const char *rows;
};
constexpr Glyph kFont[] = {{'0', "####.##.##.####"}, {'1', ".#.##..#..#.###"},
                           {'2', "###..#####..###"}, {'3', "###..#.##..####"},
                           {'4', "#.##.####..#..#"}, {'5', "####..###..####"},
                           {'6', "####..####.####"}, {'7', "###..#..#.#..#."},
                           {'8', "####.#####.####"}, {'9', "####.####..####"},
                           {'a', ".#.#.#####.##.#"}, {'b', "##.#.###.#.###."},
                           {'c', ".###..#..#...##"}, {'d', "##.#.##.##.###."},
                           {'e', "####..##.#..###"}, {'f', "####..##.#..#.."},
                           {'g', ".###..#.##.#.##"}, {'h', "#.##.#####.##.#"},
                           {'i', "###.#..#..#.###"}, {'j', "..#..#..##.#.#."},
                           {'k', "#.##.###.#.##.#"}, {'l', "#..#..#..#..###"},
                           {'m', "#.########.##.#"}, {'n', "##.#.##.##.##.#"},
                           {'o', ".#.#.##.##.#.#."}, {'p', "##.#.###.#..#.."},
                           {'q', ".#.#.##.###..##"}, {'r', "##.#.###.#.##.#"},
                           {'s', ".###...#...###."}, {'t', "###.#..#..#..#."},
                           {'u', "#.##.##.##.####"}, {'v', "#.##.##.##.#.#."},
                           {'w', "#.##.########.#"}, {'x', "#.##.#.#.#.##.#"},
                           {'y', "#.##.#.#..#..#."}, {'z', "###..#.#.#..###"},
                           {'.', ".............#."}, {'-', "......###......"},
                           {'+', "....#.###.#...."}, {'_', "............###"},
                           {':', "....#.....#...."}, {'(', "..#.#..#..#...#"},
                           {')', "#...#..#..#.#.."}, {'/', "..#..#.#.#..#.."},
                           {'%', "#.#..#.#.#..#.#"}, {'=', "...###...###..."},
                           {',', "..........#.#.."}, {'?', "###..#.#.....#."},
                           {' ', "..............."}};
constexpr int kGlyphWidth = 3, kGlyphHeight = 5;

constexpr bool isFontWellFormed() {
  for (const Glyph &glyph : kFont) {
    int length = 0;
    while (glyph.rows[length])
      ++length;
    if (length != kGlyphWidth * kGlyphHeight)
      return false;
  }
  return true;
}
static_assert(isFontWellFormed(), "every glyph has 5 rows of 3 pixels");

const char *glyphRows(char c) {
  char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (const Glyph &glyph : kFont)
    if (glyph.c == lower)
      return glyph.rows;
  return glyphRows('?');
}

/// An RGB image being drawn; writes outside it are dropped.
struct Canvas {
  int64_t width, height;
  std::vector<uint8_t> pixels;

  Canvas(int64_t width, int64_t height, Colour background)
      : width(width), height(height), pixels(width * height * 3) {
    for (int64_t i = 0; i < width * height; ++i)
      std::copy(background.begin(), background.end(), &pixels[i * 3]);
  }

  void fill(int64_t x, int64_t y, int64_t w, int64_t h, Colour colour) {
    for (int64_t yy = std::max<int64_t>(y, 0); yy < std::min(y + h, height);
         ++yy)
      for (int64_t xx = std::max<int64_t>(x, 0); xx < std::min(x + w, width);
           ++xx)
        std::copy(colour.begin(), colour.end(), &pixels[(yy * width + xx) * 3]);
  }

  /// A Bresenham line of `thickness`; `dash` > 0 draws `dash` pixels on,
  /// then as many off, counted by `phase` across calls.
  void line(int64_t x0, int64_t y0, int64_t x1, int64_t y1, Colour colour,
            int thickness, int dash, int64_t &phase) {
    int64_t dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
    int64_t sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
    while (true) {
      if (dash == 0 || (phase / dash) % 2 == 0)
        fill(x0 - thickness / 2, y0 - thickness / 2, thickness, thickness,
             colour);
      ++phase;
      if (x0 == x1 && y0 == y1)
        return;
      int64_t twice = 2 * error;
      if (twice >= dy) {
        error += dy;
        x0 += sx;
      }
      if (twice <= dx) {
        error += dx;
        y0 += sy;
      }
    }
  }

  /// Draws `text` with its top-left corner at (x, y), glyph pixels
  /// `scale` x `scale`; returns the width drawn.
  int64_t text(int64_t x, int64_t y, const std::string &text, Colour colour,
               int scale) {
    for (size_t i = 0; i < text.size(); ++i) {
      const char *rows = glyphRows(text[i]);
      int64_t left = x + static_cast<int64_t>(i) * (kGlyphWidth + 1) * scale;
      for (int r = 0; r < kGlyphHeight; ++r)
        for (int c = 0; c < kGlyphWidth; ++c)
          if (rows[r * kGlyphWidth + c] == '#')
            fill(left + c * scale, y + r * scale, scale, scale, colour);
    }
    return textWidth(text, scale);
  }

  static int64_t textWidth(const std::string &text, int scale) {
    return static_cast<int64_t>(text.size()) * (kGlyphWidth + 1) * scale;
  }
};

//===----------------------------------------------------------------------===//
// Colour ramps
//===----------------------------------------------------------------------===//

Colour mix(Colour a, Colour b, double t) {
  Colour out;
  for (int i = 0; i < 3; ++i)
    out[i] = static_cast<uint8_t>(std::lround(a[i] + (b[i] - a[i]) * t));
  return out;
}

/// A viridis-like ramp through five of viridis' colours, t in [0, 1].
Colour sequential(double t) {
  static constexpr Colour kStops[] = {{68, 1, 84},
                                      {59, 82, 139},
                                      {33, 145, 140},
                                      {94, 201, 98},
                                      {253, 231, 37}};
  double scaled = std::clamp(t, 0.0, 1.0) * 4;
  int index = std::min(static_cast<int>(scaled), 3);
  return mix(kStops[index], kStops[index + 1], scaled - index);
}

/// Blue (-1), white (0), red (+1).
Colour diverging(double t) {
  t = std::clamp(t, -1.0, 1.0);
  return t < 0 ? mix({255, 255, 255}, {59, 76, 192}, -t)
               : mix({255, 255, 255}, {180, 4, 38}, t);
}

/// tab10, matplotlib's default cycle.
constexpr Colour kPalette[] = {{31, 119, 180},  {255, 127, 14},  {44, 160, 44},
                               {214, 39, 40},   {148, 103, 189}, {140, 86, 75},
                               {227, 119, 194}, {127, 127, 127}, {188, 189, 34},
                               {23, 190, 207}};

} // namespace

//===----------------------------------------------------------------------===//
// PNG files
//===----------------------------------------------------------------------===//

absl::Status writePng(const std::string &path, int64_t width, int64_t height,
                      int channels, const std::vector<uint8_t> &pixels) {
  if (width < 1 || height < 1 || width > kMaxPngSide || height > kMaxPngSide)
    return invalid(path, fmt::format("{} x {} pixels, expected 1 to {} on "
                                     "each side",
                                     width, height, kMaxPngSide));
  if (channels != 1 && channels != 3)
    return invalid(path, fmt::format("{} channels, expected 1 (grey) or 3 "
                                     "(RGB)",
                                     channels));
  uint64_t expected = static_cast<uint64_t>(width * height) * channels;
  if (pixels.size() != expected)
    return invalid(path, fmt::format("{} x {} x {} needs {} bytes of pixels, "
                                     "got {}",
                                     width, height, channels, expected,
                                     pixels.size()));
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  // A first call with no buffer computes the size of the encoded file.
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0,
                                 nullptr))
    return invalid(path, fmt::format("libpng: {}", image.message));
  std::string encoded(size, '\0');
  if (!png_image_write_to_memory(&image, encoded.data(), &size, 0,
                                 pixels.data(), 0, nullptr))
    return invalid(path, fmt::format("libpng: {}", image.message));
  encoded.resize(size);
  return detail::writeFileAtomically(path, encoded);
}

absl::Status writeImageGrid(const std::string &path, const Tensor &images,
                            int64_t columns, int scale) {
  if (absl::Status status = checkScale(path, scale); !status.ok())
    return status;
  const std::vector<int64_t> &shape = images.getShape();
  int64_t channels = shape.size() == 4 ? shape[3] : 1;
  if (images.getDType() != DType::F32 ||
      (shape.size() != 3 && shape.size() != 4) ||
      (channels != 1 && channels != 3) || shape[0] < 1)
    return invalid(path, fmt::format("expected N x H x W or N x H x W x C "
                                     "(C = 1 or 3) f32 images with N >= 1, "
                                     "got {}",
                                     images.getTypeString()));
  if (columns < 1)
    return invalid(path,
                   fmt::format("{} columns, expected at least 1", columns));
  int64_t count = shape[0], h = shape[1], w = shape[2];
  columns = std::min(columns, count);
  int64_t rows = (count + columns - 1) / columns;
  // Cells of h x w pixels scaled, with a one-pixel (scaled) border around
  // each; checked in doubles first so that nothing below can overflow.
  double width = static_cast<double>(columns) * (w + 1) * scale + scale;
  double height = static_cast<double>(rows) * (h + 1) * scale + scale;
  if (width > kMaxPngSide || height > kMaxPngSide)
    return invalid(path, fmt::format("a grid of {} x {} images of {} x {} "
                                     "at scale {} exceeds {} pixels a side",
                                     rows, columns, h, w, scale, kMaxPngSide));
  Canvas canvas(static_cast<int64_t>(width), static_cast<int64_t>(height),
                {64, 64, 64});
  const float *values = images.data<float>();
  for (int64_t n = 0; n < count; ++n) {
    int64_t left = ((n % columns) * (w + 1) + 1) * scale;
    int64_t top = ((n / columns) * (h + 1) + 1) * scale;
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x) {
        Colour colour;
        for (int64_t c = 0; c < 3; ++c) {
          float v = values[((n * h + y) * w + x) * channels +
                           (channels == 3 ? c : 0)];
          v = std::isnan(v) ? 0.0f : std::clamp(v, 0.0f, 1.0f);
          colour[c] = static_cast<uint8_t>(std::lround(v * 255));
        }
        canvas.fill(left + x * scale, top + y * scale, scale, scale, colour);
      }
  }
  return writePng(path, canvas.width, canvas.height, 3, canvas.pixels);
}

absl::Status writeHeatmap(const std::string &path, const Tensor &matrix,
                          int scale) {
  if (absl::Status status = checkScale(path, scale); !status.ok())
    return status;
  DType dtype = matrix.getDType();
  if (matrix.getRank() != 2 || (dtype != DType::F32 && dtype != DType::F64))
    return invalid(path, fmt::format("expected a 2-D f32 or f64 matrix, got {}",
                                     matrix.getTypeString()));
  int64_t rows = matrix.getShape()[0], columns = matrix.getShape()[1];
  if (rows < 1 || columns < 1 || rows > kMaxPngSide / scale ||
      columns > kMaxPngSide / scale)
    return invalid(path,
                   fmt::format("{} at scale {} is not 1 to {} pixels "
                               "a side",
                               matrix.getTypeString(), scale, kMaxPngSide));
  auto at = [&](int64_t i) {
    return dtype == DType::F32 ? static_cast<double>(matrix.data<float>()[i])
                               : matrix.data<double>()[i];
  };
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int64_t i = 0; i < rows * columns; ++i)
    if (std::isfinite(at(i))) {
      lo = std::min(lo, at(i));
      hi = std::max(hi, at(i));
    }
  bool bothSigns = lo < 0 && hi > 0;
  double magnitude = std::max(std::abs(lo), std::abs(hi));
  Canvas canvas(columns * scale, rows * scale, {0, 0, 0});
  for (int64_t i = 0; i < rows * columns; ++i) {
    double v = at(i);
    if (!std::isfinite(v))
      continue;
    Colour colour = bothSigns ? diverging(v / magnitude)
                    : hi > lo ? sequential((v - lo) / (hi - lo))
                              : sequential(0.5);
    canvas.fill((i % columns) * scale, (i / columns) * scale, scale, scale,
                colour);
  }
  return writePng(path, canvas.width, canvas.height, 3, canvas.pixels);
}

//===----------------------------------------------------------------------===//
// Curves
//===----------------------------------------------------------------------===//

namespace {

/// The plot area inside the picture; the rest holds the title and labels.
constexpr int64_t kPlotLeft = 90, kPlotRight = kCurvesWidth - 20;
constexpr int64_t kPlotTop = 50, kPlotBottom = kCurvesHeight - 50;
constexpr Colour kBlack = {0, 0, 0}, kGrid = {225, 225, 225};
constexpr Colour kWhite = {255, 255, 255}, kBorder = {160, 160, 160};

/// An axis from lo to hi with ticks every `step` (ticks + 1 of them).
struct Axis {
  double lo, hi, step;
  int64_t ticks;
};

/// A step of 1, 2 or 5 times a power of ten, at least `raw`.
double niceStep(double raw) {
  double base = std::pow(10.0, std::floor(std::log10(raw)));
  double fraction = raw / base;
  return base * (fraction <= 1   ? 1
                 : fraction <= 2 ? 2
                 : fraction <= 5 ? 5
                                 : 10);
}

/// Rounds [lo, hi] outwards to nice ticks, about `wanted` of them. A flat
/// range is widened first; a range too wide for doubles gets no ticks.
Axis makeAxis(double lo, double hi, double wanted, bool integral) {
  if (hi <= lo) {
    double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  double step = niceStep((hi - lo) / wanted);
  if (integral)
    step = std::max(1.0, step);
  if (!std::isfinite(step) || step <= 0)
    return {lo, hi, hi - lo, 0};
  double first = std::floor(lo / step) * step;
  double last = std::ceil(hi / step) * step;
  if (integral)
    first = std::max(first, lo), last = std::max(last, first + step);
  int64_t ticks = std::llround((last - first) / step);
  return {first, last, step, std::clamp<int64_t>(ticks, 0, 50)};
}

/// A pixel coordinate for `value` on `axis` mapped to [from, to], clamped
/// far outside the picture so that the cast cannot overflow.
int64_t toPixel(const Axis &axis, double value, int64_t from, int64_t to) {
  double t = (value - axis.lo) / (axis.hi - axis.lo);
  return static_cast<int64_t>(
      std::lround(std::clamp(from + t * (to - from), -1e6, 1e6)));
}

struct Style {
  Colour colour;
  int dash;
};

/// tab10 colours in the map's order; `val_<name>` shares `<name>`'s colour,
/// dashed, so that training and validation read as a pair.
std::map<std::string, Style>
assignStyles(const std::map<std::string, std::vector<double>> &series) {
  std::map<std::string, Style> styles;
  size_t next = 0;
  for (const auto &[name, values] : series)
    if (name.rfind("val_", 0) != 0 || !series.count(name.substr(4)))
      styles[name] = {kPalette[next++ % std::size(kPalette)], 0};
  for (const auto &[name, values] : series)
    if (!styles.count(name))
      styles[name] = {styles[name.substr(4)].colour, 8};
  return styles;
}

void drawFrame(Canvas &canvas, const Axis &x, const Axis &y,
               const std::string &title) {
  for (int64_t i = 0; i <= y.ticks; ++i) {
    double value = y.lo + i * y.step;
    int64_t py = toPixel(y, value, kPlotBottom, kPlotTop);
    canvas.fill(kPlotLeft, py, kPlotRight - kPlotLeft, 1, kGrid);
    std::string label = fmt::format("{:.4g}", value);
    canvas.text(kPlotLeft - 8 - Canvas::textWidth(label, 2), py - 5, label,
                kBlack, 2);
  }
  for (int64_t i = 0; i <= x.ticks; ++i) {
    double value = x.lo + i * x.step;
    int64_t px = toPixel(x, value, kPlotLeft, kPlotRight);
    canvas.fill(px, kPlotBottom, 1, 6, kBlack);
    std::string label = fmt::format("{:.6g}", value);
    canvas.text(px - Canvas::textWidth(label, 2) / 2, kPlotBottom + 10, label,
                kBlack, 2);
  }
  canvas.fill(kPlotLeft, kPlotTop, kPlotRight - kPlotLeft + 1, 1, kBlack);
  canvas.fill(kPlotLeft, kPlotBottom, kPlotRight - kPlotLeft + 1, 1, kBlack);
  canvas.fill(kPlotLeft, kPlotTop, 1, kPlotBottom - kPlotTop, kBlack);
  canvas.fill(kPlotRight, kPlotTop, 1, kPlotBottom - kPlotTop, kBlack);
  canvas.text((kCurvesWidth - Canvas::textWidth("epoch", 2)) / 2,
              kCurvesHeight - 20, "epoch", kBlack, 2);
  canvas.text((kCurvesWidth - Canvas::textWidth(title, 3)) / 2, 14, title,
              kBlack, 3);
}

void drawSeries(Canvas &canvas, const Axis &x, const Axis &y,
                const std::vector<double> &values, Style style) {
  int64_t phase = 0;
  bool havePrevious = false;
  int64_t px0 = 0, py0 = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      havePrevious = false;
      continue;
    }
    int64_t px = toPixel(x, static_cast<double>(i + 1), kPlotLeft, kPlotRight);
    int64_t py = toPixel(y, values[i], kPlotBottom, kPlotTop);
    if (havePrevious)
      canvas.line(px0, py0, px, py, style.colour, 2, style.dash, phase);
    canvas.fill(px - 2, py - 2, 5, 5, style.colour);
    px0 = px, py0 = py, havePrevious = true;
  }
}

void drawLegend(Canvas &canvas, const std::map<std::string, Style> &styles) {
  int64_t width = 0;
  for (const auto &[name, style] : styles)
    width = std::max(width, Canvas::textWidth(name, 2));
  width += 48;
  int64_t height = static_cast<int64_t>(styles.size()) * 16 + 8;
  int64_t left = kPlotRight - width - 8, top = kPlotTop + 8;
  canvas.fill(left - 1, top - 1, width + 2, height + 2, kBorder);
  canvas.fill(left, top, width, height, kWhite);
  int64_t row = top + 6;
  for (const auto &[name, style] : styles) {
    int64_t phase = 0;
    canvas.line(left + 6, row + 5, left + 30, row + 5, style.colour, 2,
                style.dash ? 4 : 0, phase);
    canvas.text(left + 38, row, name, kBlack, 2);
    row += 16;
  }
}

} // namespace

absl::Status
writeCurves(const std::string &path,
            const std::map<std::string, std::vector<double>> &series,
            const std::string &title) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  size_t epochs = 0;
  for (const auto &[name, values] : series) {
    epochs = std::max(epochs, values.size());
    for (double value : values)
      if (std::isfinite(value)) {
        lo = std::min(lo, value);
        hi = std::max(hi, value);
      }
  }
  if (lo > hi)
    return invalid(path, "no finite value to plot in any series");
  Axis x = makeAxis(1, static_cast<double>(std::max<size_t>(epochs, 2)), 10,
                    /*integral=*/true);
  Axis y = makeAxis(lo, hi, 6, /*integral=*/false);
  Canvas canvas(kCurvesWidth, kCurvesHeight, kWhite);
  drawFrame(canvas, x, y, title);
  std::map<std::string, Style> styles = assignStyles(series);
  for (const auto &[name, values] : series)
    drawSeries(canvas, x, y, values, styles[name]);
  drawLegend(canvas, styles);
  return writePng(path, canvas.width, canvas.height, 3, canvas.pixels);
}

} // namespace nn::pictures
