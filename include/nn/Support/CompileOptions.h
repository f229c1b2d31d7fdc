//===- CompileOptions.h - How to compile a module ---------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The options of a compile as the embedding API takes them
// (nn/Runtime/Compile.h): the one set of options that every compile of nn
// shares. The JIT's own options (rt::JitOptions, nn/JIT/JitModule.h) extend
// them with what only tools and benchmarks set. In the bottom library, as a
// plain struct, so that the JIT extends it without an include pointing down
// the layers.
//
// This is a public header of the embedding API: it must include nothing
// from MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NN_SUPPORT_COMPILEOPTIONS_H
#define NN_SUPPORT_COMPILEOPTIONS_H

#include <cstdint>
#include <string>

namespace nn {

/// How to compile a module. optLevel and numThreads are part of the keys of
/// both compile caches (the context's, in memory, and the persistent one).
struct CompileOptions {
  /// LLVM optimization level of the generated code, 0 to 3. 2 compiles in
  /// about 60 % of the time of 3 and gives code as fast or faster.
  int optLevel = 2;
  /// Threads of the compiled code's parallel loops (the column panels of
  /// matmuls): 0 for every core (or OMP_NUM_THREADS), 1 for sequential code,
  /// at most 4 per core of this machine.
  int numThreads = 0;
  /// The largest tensor the module may make, in bytes; 0 for this machine's
  /// physical memory. Static shapes are checked when compiling, dynamic
  /// ones by each call with new shapes, before anything is allocated.
  std::uint64_t maxTensorBytes = 0;
  /// The persistent compile cache (docs/CompileCache.md): compiled code is
  /// kept on disk, so that another process compiling the same module with
  /// the same options on the same machine and nn build loads it instead
  /// (milliseconds instead of about half a second for an MLP training
  /// step). Whether to use it, and its directory: empty for $NN_CACHE_DIR
  /// (`off` turns the cache off), else $XDG_CACHE_HOME/nn, else
  /// ~/.cache/nn. A cache that cannot be used never fails a compile: the
  /// first problem is reported on stderr, once.
  bool useDiskCache = true;
  std::string diskCacheDir;
  /// Where the compiled code runs: "cpu" (this machine's CPU), or "cuda"
  /// ("gpu" is the same) for kernels on an NVIDIA GPU (sm_90) run through
  /// the CUDA driver, loaded when the module is compiled (docs/GPU.md).
  /// Inputs and results are host tensors either way: a call copies its
  /// inputs to the device and its results back. Without a driver a
  /// compile fails with "no CUDA driver: libcuda.so.1 not found".
  std::string device = "cpu";
};

} // namespace nn

#endif // NN_SUPPORT_COMPILEOPTIONS_H
