//===- CompileCache.h - Compiled code kept on disk --------------*- C++ -*-===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The persistent compile cache (docs/CompileCache.md): the object code of a
// compiled module, stored in a directory under a 128-bit hash of everything
// the code depends on, so that another process compiling the same module
// links the stored object instead of running the MLIR pipeline, LLVM's
// optimizer and code generation.
//
// An entry is one file, `<key in hex>.nnobj`: a 48-byte header (magic,
// format version, key, payload size, an xxh3 checksum of header and
// payload), then the object file. Entries are written to a temporary file
// and renamed into place, so a reader never sees a partial one; any entry
// that fails its checks is ignored (and replaced by the next store), never
// linked. The directory is kept under a size bound by removing the entries
// used least recently (a hit updates an entry's modification time).
//
// Problems (a directory that cannot be created or written, a full disk, a
// bad entry) never fail a compile: the compile goes on without the cache,
// and the first problem with a directory is reported on stderr, once per
// process. NN_CACHE_LOG=1 also reports every hit, miss, store and eviction.
//
//===----------------------------------------------------------------------===//

#ifndef NN_JIT_COMPILECACHE_H
#define NN_JIT_COMPILECACHE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include "absl/status/statusor.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace nn::rt {

/// A 128-bit xxh3 hash of the key text. Collisions are not a practical
/// concern at 128 bits, so the text itself is not stored.
struct CacheKey {
  uint64_t high = 0;
  uint64_t low = 0;

  static CacheKey hash(llvm::StringRef text);
  /// 32 lowercase hex digits: the entry's file name without its suffix.
  std::string toHex() const;
  bool operator==(const CacheKey &other) const {
    return high == other.high && low == other.low;
  }
};

/// The first lines of every key: the entry format, nn's version, LLVM's,
/// the file, size and modification time of each binary in `code` (the
/// addresses of functions of the compiler's libraries, so that a rebuilt
/// compiler does not load code an older one made), and the host's target
/// triple, CPU and CPU features. Computed once per process.
const std::string &getCompilerFingerprint(llvm::ArrayRef<const void *> code);

/// The entry file's bytes for `payload` (an object file) under `key`.
std::string encodeCacheEntry(const CacheKey &key, llvm::StringRef payload);

/// The payload of `entry` if it is a whole entry of this format for `key`
/// whose checksum matches; else why not. Reads nothing outside `entry`.
absl::StatusOr<llvm::StringRef> decodeCacheEntry(llvm::StringRef entry,
                                                 const CacheKey &key);

/// Checks that `object` is a relocatable object file for the host's
/// architecture without constructors or destructors (the JIT links objects
/// but does not run their initializers).
absl::Status checkObjectFile(llvm::StringRef object);

/// The cache directory the environment asks for: $NN_CACHE_DIR (`off` or
/// an empty value: none), else $XDG_CACHE_HOME/nn, else $HOME/.cache/nn;
/// nullopt when the cache is off or no directory is known.
std::optional<std::string> getDefaultCacheDir();

/// The size bound the environment asks for: $NN_CACHE_MAX_SIZE in bytes,
/// with an optional K, M or G suffix (binary units), else 1 GiB.
uint64_t getDefaultCacheMaxBytes();

/// One cache directory. Thread-safe; processes share a directory safely.
class CompileCache {
public:
  /// The cache of `dir`, one per directory and process (so that each
  /// directory's first problem is reported once).
  static CompileCache &get(llvm::StringRef dir);

  /// The checked object of `key`, or null: no entry, or a bad one (which is
  /// reported). A hit marks the entry as used now.
  std::unique_ptr<llvm::MemoryBuffer> load(const CacheKey &key);

  /// Stores `object` under `key` (unless it alone exceeds `maxBytes`), then
  /// removes the least recently used entries while all exceed `maxBytes`.
  void store(const CacheKey &key, llvm::StringRef object, uint64_t maxBytes);

  /// Reports a problem on stderr, if it is this directory's first one.
  void warn(const llvm::Twine &problem);

  const std::string &getDirectory() const { return dir; }
  std::string getEntryPath(const CacheKey &key) const;

private:
  explicit CompileCache(std::string dir) : dir(std::move(dir)) {}
  void evict(uint64_t maxBytes, llvm::StringRef keep);

  std::string dir;
  std::atomic<bool> warned{false};
};

} // namespace nn::rt

#endif // NN_JIT_COMPILECACHE_H
