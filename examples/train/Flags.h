//===- Flags.h - The flags every training example takes ---------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// --epochs=N --batch-size=N --seed=N --data-dir=DIR --output-dir=DIR
// --limit=N (first N examples of each split: small runs, CI), plus the
// example's own --name=value flags. A malformed or unknown flag is a
// message and exit code 1.
//
//===----------------------------------------------------------------------===//

#ifndef NN_EXAMPLES_TRAIN_FLAGS_H
#define NN_EXAMPLES_TRAIN_FLAGS_H

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace examples {

struct Flags {
  int64_t epochs;
  int64_t batchSize;
  uint64_t seed = 0;
  int64_t limit = 0;
  std::string dataDir = "/usr/share/datasets/fashion-mnist";
  std::string outputDir = ".";
  /// The example's own flags, with their defaults.
  std::map<std::string, std::string> extra;
};

inline bool parseInt(const std::string &text, int64_t &out) {
  char *end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < 0)
    return false;
  out = value;
  return true;
}

/// Parses argv into `flags` (whose fields hold the defaults); prints the
/// problem and exits 1 on a bad flag.
inline void parseFlags(int argc, char **argv, Flags &flags) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) {
      std::fprintf(stderr, "%s: expected --name=value, got '%s'\n", argv[0],
                   arg.c_str());
      std::exit(1);
    }
    std::string name = arg.substr(2, eq - 2), value = arg.substr(eq + 1);
    int64_t number = 0;
    bool ok = true;
    if (name == "epochs")
      ok = parseInt(value, flags.epochs);
    else if (name == "batch-size")
      ok = parseInt(value, flags.batchSize) && flags.batchSize > 0;
    else if (name == "seed")
      ok = parseInt(value, number), flags.seed = static_cast<uint64_t>(number);
    else if (name == "limit")
      ok = parseInt(value, flags.limit);
    else if (name == "data-dir")
      flags.dataDir = value;
    else if (name == "output-dir")
      flags.outputDir = value;
    else if (flags.extra.count(name))
      flags.extra[name] = value;
    else {
      std::fprintf(stderr, "%s: unknown flag --%s\n", argv[0], name.c_str());
      std::exit(1);
    }
    if (!ok) {
      std::fprintf(stderr, "%s: bad value '%s' for --%s\n", argv[0],
                   value.c_str(), name.c_str());
      std::exit(1);
    }
  }
}

/// Prints `status` and exits 1 when it is an error.
template <typename S> void check(const S &status, const char *what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what,
                 std::string(status.message()).c_str());
    std::exit(1);
  }
}

} // namespace examples

#endif // NN_EXAMPLES_TRAIN_FLAGS_H
