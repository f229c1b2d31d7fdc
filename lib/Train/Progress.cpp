//===- Progress.cpp - Keras's progress bar --------------------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The format of keras/src/utils/progbar.py: `step/steps`, a 20-wide bar of
// ━, the ETA while running (the elapsed seconds when done), the time per
// step, then ` - name: value` in name order. The first step (which traces
// and compiles) is left out of the time per step, as Keras does. On a
// terminal the line is redrawn in place (at most every 50 ms); otherwise
// one line per epoch.
//
//===----------------------------------------------------------------------===//

#include "ModelImpl.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <unistd.h>

namespace nn {

namespace {
double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string formatValue(double value) {
  if (value != 0.0 && std::fabs(value) < 1e-3)
    return fmt::format("{:.4e}", value);
  return fmt::format("{:.4f}", value);
}

std::string formatPerStep(double seconds) {
  if (seconds >= 1.0 || seconds == 0.0)
    return fmt::format("{:.0f}s/step", seconds);
  if (seconds >= 1e-3)
    return fmt::format("{:.0f}ms/step", seconds * 1e3);
  return fmt::format("{:.0f}us/step", seconds * 1e6);
}

std::string formatEta(double seconds) {
  auto s = static_cast<int64_t>(seconds);
  if (s > 3600)
    return fmt::format("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60);
  if (s > 60)
    return fmt::format("{}:{:02}", s / 60, s % 60);
  return fmt::format("{}s", s);
}

std::string formatLogs(const Logs &logs) {
  std::string text;
  for (const auto &[name, value] : logs)
    text += fmt::format(" - {}: {}", name, formatValue(value));
  return text;
}
} // namespace

ProgressBar::ProgressBar(FILE *out, int verbose, int64_t steps)
    : out(out), verbose(verbose), steps(steps), tty(isatty(fileno(out)) != 0),
      start(now()) {}

std::string ProgressBar::format(int64_t step, int64_t steps, double seconds,
                                double secondsPerStep, bool done,
                                const Logs &logs, bool color) {
  int digits = static_cast<int>(std::to_string(steps).size());
  std::string counter = fmt::format("{:>{}}/{}", step, digits, steps);
  std::string text = color ? "\x1b[1m" + counter + "\x1b[0m " : counter + " ";
  int64_t filled = steps > 0 ? 20 * step / steps : 20;
  std::string done_, rest;
  for (int64_t i = 0; i < 20; ++i)
    (i < filled ? done_ : rest) += "━";
  text += color ? "\x1b[32m" + done_ + "\x1b[0m\x1b[37m" + rest + "\x1b[0m"
                : done_ + rest;
  double eta = secondsPerStep * static_cast<double>(steps - step);
  text += " " + (done ? fmt::format("{}s", static_cast<int64_t>(seconds))
                      : formatEta(eta));
  text += " " + formatPerStep(secondsPerStep);
  return text + formatLogs(logs);
}

void ProgressBar::update(int64_t step, const Logs &logs) {
  double t = now();
  if (step == 1)
    firstStepEnd = t;
  if (verbose != 1 || !tty || step == steps ||
      (lastDraw >= 0 && t - lastDraw < 0.05))
    return;
  lastDraw = t;
  double perStep = step > 1 ? (t - firstStepEnd) / double(step - 1) : t - start;
  fmt::print(out, "\r{}\x1b[K",
             format(step, steps, t - start, perStep, false, logs, true));
  fflush(out);
}

void ProgressBar::finish(const Logs &logs, const std::string &suffix) {
  if (verbose == 0)
    return;
  double t = now();
  double perStep = steps > 1 && firstStepEnd >= 0
                       ? (t - firstStepEnd) / double(steps - 1)
                       : t - start;
  if (verbose == 2) {
    fmt::print(out, "{}/{} - {}s - {}{}{}\n", steps, steps,
               static_cast<int64_t>(t - start), formatPerStep(perStep),
               formatLogs(logs), suffix);
  } else {
    fmt::print(out, "{}{}{}\n", tty ? "\r" : "",
               format(steps, steps, t - start, perStep, true, logs, tty),
               suffix);
  }
  fflush(out);
}

} // namespace nn
