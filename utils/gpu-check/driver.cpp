//===- driver.cpp - The GPU check's generic test program ------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// utils/gpu-check.sh --prepare links this with every object nn-compile
// --device=cuda wrote for the checks and with entries.cpp, the table of
// their entry points it generates (entries.h). One program serves every
// check:
//
//   gpu-check list | info
//   gpu-check run ENTRY --name=NAME [--input=FILE.npy|gen:SEED]...
//             [--expected=FILE.npy]... [--rows=R0,R1,...] [--tol=T]
//             [--reps=N --flops=F --peak=fp32|tf32|bf16]
//   gpu-check generate ENTRY DIR [the flags of run]
//
// `run` calls the entry point on the inputs (an .npy file, or values made
// from a seed, gen:SEED[:SCALE]), compares each result with the
// interpreter's (|got - want| <= T * max(1, |want|); NaN matches NaN) and
// prints one line. With --rows
// the first expected file holds only those rows of the first result (the
// interpreter ran on those rows of the first input). With --reps it times
// that many more calls and prints the median with the TFLOP/s it makes and
// the fraction of the H200's peak. `generate` writes the seeded inputs of
// such a call (only the --rows rows of the first) for the interpreter:
// .npy, or raw .bin for bf16, which has no NumPy dtype.
//
// `list` prints the entry points, `info` the GPU (or why there is none).
// Plain C++ on nn's C interface: the program needs glibc and, to run
// kernels, libcuda.so.1 (loaded by nn::aot_gpu_runtime).
//
//===----------------------------------------------------------------------===//

#include "entries.h"

#include "nn/AOT/GPURuntime.h"
#include "nn/AOT/Runtime.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <sys/random.h>

/// libstdc++'s std::random_device, linked in statically through its
/// exception classes and never used here, refers to glibc 2.36's
/// arc4random: this definition keeps the program running on older glibc
/// (2.35, Ubuntu 22.04, is what libgcc's unwinder needs).
extern "C" uint32_t arc4random(void) {
  uint32_t value = 0;
  if (getrandom(&value, sizeof(value), 0) != sizeof(value))
    std::abort();
  return value;
}

namespace {

/// A tensor this program owns (an input, or an expected result).
struct Buffer {
  nn_tensor tensor{};
  std::vector<char> bytes;

  void point() { tensor.data = bytes.data(); }
};

//===----------------------------------------------------------------------===//
// .npy files
//===----------------------------------------------------------------------===//

/// An .npy file through the AOT runtime's reader (which validates it), into
/// memory of `buffer`'s own.
std::string readNpy(const std::string &path, Buffer &buffer) {
  nn_tensor read;
  if (nn_tensor_read_npy(path.c_str(), &read) != NN_OK)
    return nn_last_error();
  const char *data = static_cast<const char *>(read.data);
  buffer.tensor = read;
  buffer.tensor.owner = nullptr;
  buffer.bytes.assign(data, data + nn_tensor_num_elements(&read) *
                                       nn_dtype_size(read.dtype));
  buffer.point();
  nn_tensor_free(&read);
  return "";
}

//===----------------------------------------------------------------------===//
// Seeded inputs
//===----------------------------------------------------------------------===//

/// SplitMix64: element `index` of the stream `seed`, independent of the
/// others, so that a row of an input is made without the rows before it.
uint64_t hash(uint64_t seed, uint64_t index) {
  uint64_t z = seed * 0x9e3779b97f4a7c15ull + index + 1;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/// `value` rounded to the nearest bf16 (even on a tie).
uint16_t toBf16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  bits += 0x7fff + ((bits >> 16) & 1);
  return static_cast<uint16_t>(bits >> 16);
}

/// An f32 .npy input of a bf16 parameter holds bf16 values widened
/// (bf16 has no .npy form): narrowed back, exactly.
void narrowToBf16(Buffer &buffer) {
  int64_t count = nn_tensor_num_elements(&buffer.tensor);
  const float *wide = reinterpret_cast<const float *>(buffer.bytes.data());
  std::vector<char> bytes(std::max<int64_t>(count * 2, 1));
  for (int64_t k = 0; k < count; ++k) {
    uint16_t bits = toBf16(wide[k]);
    std::memcpy(bytes.data() + 2 * k, &bits, 2);
  }
  buffer.bytes = std::move(bytes);
  buffer.tensor.dtype = NN_BF16;
  buffer.point();
}

/// Floats are (k / 128 - 1) * scale for k in [0, 256) (exact in every float
/// type for a scale of 1); integers are in [0, 10), valid labels of ten
/// classes.
void generateElement(int32_t dtype, uint64_t h, float scale, char *out) {
  float value = (static_cast<float>(h >> 56) / 128.0f - 1.0f) * scale;
  int64_t integer = static_cast<int64_t>(h % 10);
  switch (dtype) {
  case NN_F32:
    std::memcpy(out, &value, 4);
    break;
  case NN_F64: {
    double wide = value;
    std::memcpy(out, &wide, 8);
    break;
  }
  case NN_BF16: {
    uint16_t bits = toBf16(value);
    std::memcpy(out, &bits, 2);
    break;
  }
  case NN_I1:
    *out = static_cast<char>(h & 1);
    break;
  case NN_I32: {
    int32_t narrow = static_cast<int32_t>(integer);
    std::memcpy(out, &narrow, 4);
    break;
  }
  case NN_I64:
    std::memcpy(out, &integer, 8);
    break;
  }
}

/// A seeded input: gen:SEED or gen:SEED:SCALE.
struct Seeded {
  uint64_t seed = 0;
  float scale = 1;
};

bool parseSeeded(const std::string &source, Seeded &seeded) {
  if (source.compare(0, 4, "gen:") != 0)
    return false;
  char *end;
  seeded.seed = std::strtoull(source.c_str() + 4, &end, 10);
  seeded.scale = *end == ':' ? std::strtof(end + 1, nullptr) : 1.0f;
  return true;
}

/// Input `input` of `entry` from `seed`; with `rows`, only those rows.
std::string generate(const nn_check_entry &entry, int64_t input,
                     const Seeded &seeded, const std::vector<int64_t> &rows,
                     Buffer &buffer) {
  nn_tensor &tensor = buffer.tensor;
  tensor.dtype = entry.inputDtype(input);
  tensor.rank = entry.inputRank(input);
  if (tensor.dtype == NN_F16 || tensor.rank < 0)
    return "input " + std::to_string(input) + ": no seeded values for it";
  for (int32_t d = 0; d < tensor.rank; ++d)
    if ((tensor.shape[d] = entry.inputDim(input, d)) < 0)
      return "input " + std::to_string(input) + " has a dynamic size";
  int64_t rowSize = tensor.rank ? nn_tensor_num_elements(&tensor) /
                                      std::max<int64_t>(tensor.shape[0], 1)
                                : 1;
  std::vector<int64_t> all;
  for (int64_t r = 0; rows.empty() && r < (tensor.rank ? tensor.shape[0] : 1);
       ++r)
    all.push_back(r);
  const std::vector<int64_t> &picked = rows.empty() ? all : rows;
  if (tensor.rank && !rows.empty())
    tensor.shape[0] = static_cast<int64_t>(rows.size());
  size_t size = nn_dtype_size(tensor.dtype);
  buffer.bytes.resize(std::max<size_t>(picked.size() * rowSize * size, 1));
  char *out = buffer.bytes.data();
  for (int64_t row : picked)
    for (int64_t k = 0; k < rowSize; ++k, out += size)
      generateElement(tensor.dtype, hash(seeded.seed, row * rowSize + k),
                      seeded.scale, out);
  buffer.point();
  return "";
}

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

double halfToDouble(uint16_t bits) {
  int exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  double sign = bits & 0x8000 ? -1 : 1;
  if (exponent == 0x1f)
    return mantissa ? NAN : sign * INFINITY;
  if (exponent == 0)
    return sign * std::ldexp(mantissa, -24);
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

double elementAt(const nn_tensor &tensor, int64_t k) {
  const char *data = static_cast<const char *>(tensor.data);
  switch (tensor.dtype) {
  case NN_F16:
    return halfToDouble(reinterpret_cast<const uint16_t *>(data)[k]);
  case NN_BF16: {
    uint32_t bits = uint32_t(reinterpret_cast<const uint16_t *>(data)[k]) << 16;
    float value;
    std::memcpy(&value, &bits, 4);
    return value;
  }
  case NN_F32:
    return reinterpret_cast<const float *>(data)[k];
  case NN_F64:
    return reinterpret_cast<const double *>(data)[k];
  case NN_I1:
    return data[k] != 0;
  case NN_I32:
    return reinterpret_cast<const int32_t *>(data)[k];
  default:
    return static_cast<double>(reinterpret_cast<const int64_t *>(data)[k]);
  }
}

std::string shapeString(const nn_tensor &tensor) {
  std::string text;
  for (int32_t d = 0; d < tensor.rank; ++d)
    text += std::to_string(tensor.shape[d]) + "x";
  return text + nn_dtype_name(tensor.dtype);
}

struct Comparison {
  bool compared = false;
  double maxError = 0;
  std::string mismatch; // the first element beyond the tolerance
};

/// Compares result `index` (its rows `rows`, if any) with `want`.
std::string compare(const nn_tensor &got, const nn_tensor &want, int index,
                    const std::vector<int64_t> &rows, double tol,
                    Comparison &result) {
  nn_tensor picked = got;
  if (!rows.empty() && got.rank)
    picked.shape[0] = static_cast<int64_t>(rows.size());
  // A bf16 result compares with f32 values: bf16 has no .npy form.
  if (picked.dtype == NN_BF16 && want.dtype == NN_F32)
    picked.dtype = NN_F32;
  if (shapeString(picked) != shapeString(want))
    return "result " + std::to_string(index) + " is " + shapeString(got) +
           ", expected " + shapeString(want);
  result.compared = true;
  int64_t count = nn_tensor_num_elements(&want);
  int64_t rowSize = want.rank && want.shape[0] ? count / want.shape[0] : count;
  for (int64_t k = 0; k < count; ++k) {
    int64_t source =
        rows.empty() ? k : rows[k / rowSize] * rowSize + k % rowSize;
    double a = elementAt(got, source), b = elementAt(want, k);
    if (std::isnan(a) && std::isnan(b))
      continue;
    double error = a == b ? 0 : std::fabs(a - b);
    if (std::isnan(error))
      error = INFINITY;
    result.maxError = std::max(result.maxError, error);
    if (error > tol * std::max(1.0, std::fabs(b)) && result.mismatch.empty()) {
      char text[160];
      std::snprintf(text, sizeof(text),
                    "result %d element %lld: got %.9g, expected %.9g", index,
                    static_cast<long long>(source), a, b);
      result.mismatch = text;
    }
  }
  return "";
}

//===----------------------------------------------------------------------===//
// The commands
//===----------------------------------------------------------------------===//

struct RunOptions {
  std::string name;
  std::vector<std::string> inputs, expected;
  std::vector<int64_t> rows;
  double tol = 1e-5;
  int reps = 0;
  double flops = 0;
  std::string peak = "fp32";
};

const nn_check_entry *findEntry(const std::string &name) {
  for (size_t i = 0; i < nn_check_num_entries; ++i)
    if (name == nn_check_entries[i].name)
      return &nn_check_entries[i];
  return nullptr;
}

std::vector<int64_t> parseRows(const std::string &text) {
  std::vector<int64_t> rows;
  for (const char *p = text.c_str(); *p;) {
    char *end;
    rows.push_back(std::strtoll(p, &end, 10));
    p = *end == ',' ? end + 1 : end + std::strlen(end);
  }
  return rows;
}

bool parseFlag(const std::string &arg, RunOptions &options) {
  auto value = [&](const char *flag) -> const char * {
    size_t length = std::strlen(flag);
    return arg.compare(0, length, flag) == 0 ? arg.c_str() + length : nullptr;
  };
  if (const char *v = value("--name="))
    options.name = v;
  else if (const char *v = value("--input="))
    options.inputs.push_back(v);
  else if (const char *v = value("--expected="))
    options.expected.push_back(v);
  else if (const char *v = value("--rows="))
    options.rows = parseRows(v);
  else if (const char *v = value("--tol="))
    options.tol = std::atof(v);
  else if (const char *v = value("--reps="))
    options.reps = std::atoi(v);
  else if (const char *v = value("--flops="))
    options.flops = std::atof(v);
  else if (const char *v = value("--peak="))
    options.peak = v;
  else
    return false;
  return true;
}

std::string loadInputs(const nn_check_entry &entry, const RunOptions &options,
                       std::vector<Buffer> &inputs) {
  if (static_cast<int64_t>(options.inputs.size()) != entry.numInputs())
    return std::to_string(options.inputs.size()) + " inputs given, " +
           std::to_string(entry.numInputs()) + " expected";
  inputs.resize(options.inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    Seeded seeded;
    std::string error = parseSeeded(options.inputs[i], seeded)
                            ? generate(entry, i, seeded, {}, inputs[i])
                            : readNpy(options.inputs[i], inputs[i]);
    if (error.empty() && inputs[i].tensor.dtype == NN_F32 &&
        entry.inputDtype(i) == NN_BF16)
      narrowToBf16(inputs[i]);
    if (!error.empty())
      return error;
  }
  return "";
}

/// One call; the GPU runtime's error, if any, wins over the call's.
std::string call(const nn_check_entry &entry, std::vector<Buffer> &inputs,
                 std::vector<nn_tensor> &outputs) {
  std::vector<nn_tensor> tensors;
  for (Buffer &input : inputs)
    tensors.push_back(input.tensor);
  outputs.assign(entry.numOutputs(), nn_tensor{});
  int status = entry.call(tensors.data(), tensors.size(), outputs.data(),
                          outputs.size());
  if (const char *error = nn_gpu_last_error())
    return std::string("gpu: ") + error;
  if (status != NN_OK)
    return nn_last_error();
  return "";
}

void freeAll(std::vector<nn_tensor> &outputs) {
  for (nn_tensor &output : outputs)
    nn_tensor_free(&output);
}

double peakTflops(const std::string &peak) {
  // The H200 SXM's dense peaks.
  return peak == "bf16" ? 989 : peak == "tf32" ? 494 : 67;
}

/// The median time of `reps` more calls, in seconds.
std::string timeCalls(const nn_check_entry &entry, std::vector<Buffer> &inputs,
                      int reps, double &median) {
  std::vector<double> times;
  for (int i = 0; i < reps; ++i) {
    std::vector<nn_tensor> outputs;
    auto start = std::chrono::steady_clock::now();
    std::string error = call(entry, inputs, outputs);
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
    freeAll(outputs);
    if (!error.empty())
      return error;
  }
  std::sort(times.begin(), times.end());
  median = times[times.size() / 2];
  return "";
}

std::string compareAll(const std::vector<nn_tensor> &outputs,
                       const RunOptions &options, Comparison &result) {
  if (options.expected.size() > outputs.size())
    return std::to_string(options.expected.size()) + " expected results, " +
           std::to_string(outputs.size()) + " computed";
  for (size_t i = 0; i < options.expected.size(); ++i) {
    Buffer want;
    std::string error = readNpy(options.expected[i], want);
    if (error.empty())
      error = compare(outputs[i], want.tensor, i,
                      i == 0 ? options.rows : std::vector<int64_t>{},
                      options.tol, result);
    if (!error.empty())
      return error;
  }
  return "";
}

std::string runCheck(const nn_check_entry &entry, const RunOptions &options,
                     Comparison &result, std::string &timing) {
  if (nn_check_uses_gpu && nn_gpu_init() != 0)
    return std::string("gpu: ") + nn_gpu_last_error();
  std::vector<Buffer> inputs;
  std::string error = loadInputs(entry, options, inputs);
  std::vector<nn_tensor> outputs;
  if (error.empty())
    error = call(entry, inputs, outputs);
  if (error.empty())
    error = compareAll(outputs, options, result);
  freeAll(outputs);
  double median = 0;
  if (error.empty() && options.reps > 0)
    error = timeCalls(entry, inputs, options.reps, median);
  if (error.empty() && options.reps > 0) {
    char text[160];
    double tflops = options.flops / median / 1e12;
    std::snprintf(text, sizeof(text),
                  "  %9.3f ms  %7.2f TFLOP/s  %5.1f%% of %s peak", median * 1e3,
                  tflops, 100 * tflops / peakTflops(options.peak),
                  options.peak.c_str());
    timing = text;
  }
  return error;
}

int runCommand(int argc, char **argv) {
  RunOptions options;
  for (int i = 3; i < argc; ++i)
    if (!parseFlag(argv[i], options))
      return std::fprintf(stderr, "gpu-check: unknown flag '%s'\n", argv[i]), 2;
  if (options.name.empty())
    options.name = argv[2];
  const nn_check_entry *entry = findEntry(argv[2]);
  Comparison result;
  std::string timing;
  std::string error = entry ? runCheck(*entry, options, result, timing)
                            : std::string("no entry point ") + argv[2];
  if (error.empty())
    error = result.mismatch;
  char maxError[32] = "-";
  if (result.compared)
    std::snprintf(maxError, sizeof(maxError), "%.3g", result.maxError);
  std::printf("%s  %-32s  max error %-9s%s%s%s\n",
              error.empty() ? "PASS" : "FAIL", options.name.c_str(), maxError,
              timing.c_str(), error.empty() ? "" : "  ", error.c_str());
  return error.empty() ? 0 : 1;
}

std::string writeInput(const Buffer &buffer, const std::string &path) {
  if (buffer.tensor.dtype != NN_BF16)
    return nn_tensor_write_npy(&buffer.tensor, (path + ".npy").c_str()) == NN_OK
               ? ""
               : nn_last_error();
  FILE *file = std::fopen((path + ".bin").c_str(), "wb");
  size_t size = nn_tensor_num_elements(&buffer.tensor) * 2;
  bool ok = file && std::fwrite(buffer.bytes.data(), 1, size, file) == size;
  if (file)
    ok = std::fclose(file) == 0 && ok;
  return ok ? "" : "cannot write " + path + ".bin";
}

/// Writes the seeded inputs (only the --rows rows of the first) to
/// DIR/in<i>.npy, or DIR/in<i>.bin for bf16.
int generateCommand(int argc, char **argv) {
  RunOptions options;
  for (int i = 4; i < argc; ++i)
    if (!parseFlag(argv[i], options))
      return std::fprintf(stderr, "gpu-check: unknown flag '%s'\n", argv[i]), 2;
  const nn_check_entry *entry = findEntry(argv[2]);
  if (!entry)
    return std::fprintf(stderr, "gpu-check: no entry point %s\n", argv[2]), 1;
  for (size_t i = 0; i < options.inputs.size(); ++i) {
    Seeded seeded;
    if (!parseSeeded(options.inputs[i], seeded))
      continue;
    Buffer buffer;
    std::string error =
        generate(*entry, i, seeded,
                 i == 0 ? options.rows : std::vector<int64_t>{}, buffer);
    if (error.empty())
      error =
          writeInput(buffer, std::string(argv[3]) + "/in" + std::to_string(i));
    if (!error.empty())
      return std::fprintf(stderr, "gpu-check: %s\n", error.c_str()), 1;
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "list" && argc == 2) {
    for (size_t i = 0; i < nn_check_num_entries; ++i)
      std::printf("%s\n", nn_check_entries[i].name);
    return 0;
  }
  if (command == "info" && argc == 2) {
    if (!nn_check_uses_gpu)
      return std::printf("device: this CPU (compiled with --device=cpu)\n"), 0;
    bool ready = nn_gpu_init() == 0;
    std::printf("device: %s\n",
                ready ? nn_gpu_device_name() : nn_gpu_last_error());
    return ready ? 0 : 1;
  }
  if (command == "run" && argc >= 3)
    return runCommand(argc, argv);
  if (command == "generate" && argc >= 4)
    return generateCommand(argc, argv);
  std::fprintf(stderr, "usage: gpu-check list | info | run ENTRY [flags...] | "
                       "generate ENTRY DIR [flags...]\n");
  return 2;
}
