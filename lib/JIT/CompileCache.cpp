//===- CompileCache.cpp - Compiled code kept on disk ----------------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/CompileCache.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace nn::rt {

namespace endian = llvm::support::endian;

namespace {

/// The header: magic, then an xxh3 checksum of everything after it, then
/// the format version, the header's size, the key and the payload's size
/// (little-endian). The checksum covers the header's fields too, so a
/// flipped bit anywhere but in the magic is caught by it.
constexpr char kMagic[8] = {'N', 'N', 'C', 'A', 'C', 'H', 'E', '\x1a'};
constexpr size_t kChecksumOffset = 8;
constexpr size_t kVersionOffset = 16;
constexpr size_t kHeaderSizeOffset = 20;
constexpr size_t kKeyOffset = 24;
constexpr size_t kPayloadSizeOffset = 40;
constexpr size_t kHeaderSize = 48;
/// Bumped whenever the header or the payload's meaning changes.
constexpr uint32_t kFormatVersion = 1;
constexpr llvm::StringLiteral kEntrySuffix = ".nnobj";
constexpr llvm::StringLiteral kTempPrefix = "tmp-";
/// A temporary file this old was left by a writer that died.
constexpr std::chrono::hours kStaleTempAge(1);
constexpr uint64_t kDefaultMaxBytes = uint64_t(1) << 30;

absl::Status badEntry(const llvm::Twine &why) {
  return absl::DataLossError(why.str());
}

/// With NN_CACHE_LOG set (and not 0), what the cache does goes to stderr,
/// a line each: hits, misses, stores and evictions.
void log(const llvm::Twine &event) {
  static const bool enabled = [] {
    const char *value = std::getenv("NN_CACHE_LOG");
    return value && *value && llvm::StringRef(value) != "0";
  }();
  if (enabled)
    llvm::errs() << "nn: compile cache: " << event << "\n";
}

/// `file size mtime` of the binary holding `address`, or `unknown`.
std::string describeBinary(const void *address) {
  Dl_info info;
  std::string path;
  if (dladdr(address, &info) && info.dli_fname)
    path = info.dli_fname;
  // The main program's name is as it was started, maybe relative.
  llvm::SmallString<256> real;
  if (path.empty() || llvm::sys::fs::real_path(path, real))
    real = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  llvm::sys::fs::file_status status;
  if (real.empty() || llvm::sys::fs::status(real, status))
    return "unknown";
  auto mtime = std::chrono::duration_cast<std::chrono::nanoseconds>(
      status.getLastModificationTime().time_since_epoch());
  return (real + " " + llvm::Twine(status.getSize()) + " " +
          llvm::Twine(static_cast<int64_t>(mtime.count())))
      .str();
}

/// The host's CPU features as `+name` or `-name`, sorted.
std::string describeCPUFeatures() {
  std::vector<std::string> features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features.push_back((feature.getValue() ? "+" : "-") +
                       feature.getKey().str());
  llvm::sort(features);
  return llvm::join(features, ",");
}

} // namespace

CacheKey CacheKey::hash(llvm::StringRef text) {
  llvm::XXH128_hash_t hash =
      llvm::xxh3_128bits(llvm::arrayRefFromStringRef(text));
  return {hash.high64, hash.low64};
}

std::string CacheKey::toHex() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format_hex_no_prefix(high, 16)
     << llvm::format_hex_no_prefix(low, 16);
  return text;
}

const std::string &getCompilerFingerprint(llvm::ArrayRef<const void *> code) {
  static const std::string fingerprint = [&] {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "nn-compile-cache format " << kFormatVersion << "\nnn " << NN_VERSION
       << "\nllvm " << LLVM_VERSION_STRING << "\n";
    // Statically linked libraries share a binary: each is named once.
    std::vector<std::string> binaries;
    for (const void *address : code) {
      std::string binary = describeBinary(address);
      if (!llvm::is_contained(binaries, binary))
        binaries.push_back(binary);
    }
    for (const std::string &binary : binaries)
      os << "binary " << binary << "\n";
    os << "triple " << llvm::sys::getProcessTriple() << "\ncpu "
       << llvm::sys::getHostCPUName() << "\nfeatures " << describeCPUFeatures()
       << "\n";
    return text;
  }();
  return fingerprint;
}

std::string encodeCacheEntry(const CacheKey &key, llvm::StringRef payload) {
  std::string entry(kHeaderSize, '\0');
  char *header = entry.data();
  std::copy(std::begin(kMagic), std::end(kMagic), header);
  endian::write32le(header + kVersionOffset, kFormatVersion);
  endian::write32le(header + kHeaderSizeOffset, kHeaderSize);
  endian::write64le(header + kKeyOffset, key.high);
  endian::write64le(header + kKeyOffset + 8, key.low);
  endian::write64le(header + kPayloadSizeOffset, payload.size());
  entry.append(payload.data(), payload.size());
  uint64_t checksum =
      llvm::xxh3_64bits(llvm::StringRef(entry).drop_front(kVersionOffset));
  endian::write64le(entry.data() + kChecksumOffset, checksum);
  return entry;
}

absl::StatusOr<llvm::StringRef> decodeCacheEntry(llvm::StringRef entry,
                                                 const CacheKey &key) {
  if (entry.size() < kHeaderSize)
    return badEntry("truncated: " + llvm::Twine(entry.size()) +
                    " bytes, shorter than the header");
  const char *header = entry.data();
  if (!std::equal(std::begin(kMagic), std::end(kMagic), header))
    return badEntry("not a compile cache entry");
  // Fields are checked one by one for a precise message; the checksum then
  // vouches for all of them.
  uint32_t version = endian::read32le(header + kVersionOffset);
  if (version != kFormatVersion ||
      endian::read32le(header + kHeaderSizeOffset) != kHeaderSize)
    return badEntry("entry format " + llvm::Twine(version) + ", expected " +
                    llvm::Twine(kFormatVersion));
  CacheKey stored{endian::read64le(header + kKeyOffset),
                  endian::read64le(header + kKeyOffset + 8)};
  if (!(stored == key))
    return badEntry("the entry of another key (" + stored.toHex() + ")");
  uint64_t size = endian::read64le(header + kPayloadSizeOffset);
  if (size != entry.size() - kHeaderSize)
    return badEntry("truncated: the header announces " + llvm::Twine(size) +
                    " bytes of code, the file holds " +
                    llvm::Twine(entry.size() - kHeaderSize));
  if (endian::read64le(header + kChecksumOffset) !=
      llvm::xxh3_64bits(entry.drop_front(kVersionOffset)))
    return badEntry("checksum mismatch (the file is corrupt)");
  return entry.drop_front(kHeaderSize);
}

absl::Status checkObjectFile(llvm::StringRef object) {
  llvm::Expected<std::unique_ptr<llvm::object::ObjectFile>> file =
      llvm::object::ObjectFile::createObjectFile(
          llvm::MemoryBufferRef(object, "compiled object"));
  if (!file)
    return badEntry("not an object file: " + toString(file.takeError()));
  if (!(*file)->isRelocatableObject())
    return badEntry("not a relocatable object file");
  if ((*file)->getArch() !=
      llvm::Triple(llvm::sys::getProcessTriple()).getArch())
    return badEntry("an object file for another architecture");
  for (const llvm::object::SectionRef &section : (*file)->sections()) {
    llvm::Expected<llvm::StringRef> name = section.getName();
    if (!name)
      return badEntry("a bad section name: " + toString(name.takeError()));
    if (name->starts_with(".init_array") || name->starts_with(".fini_array") ||
        name->starts_with(".ctors") || name->starts_with(".dtors"))
      return badEntry("the code has global constructors or destructors (" +
                      *name + "), which nn's JIT does not run");
  }
  return absl::OkStatus();
}

std::optional<std::string> getDefaultCacheDir() {
  auto get = [](const char *name) -> llvm::StringRef {
    const char *value = std::getenv(name);
    return value ? value : "";
  };
  if (llvm::StringRef dir = get("NN_CACHE_DIR"); !dir.empty())
    return dir == "off" ? std::nullopt : std::optional<std::string>(dir.str());
  // The XDG base directory spec ignores a relative XDG_CACHE_HOME.
  if (llvm::StringRef xdg = get("XDG_CACHE_HOME");
      !xdg.empty() && llvm::sys::path::is_absolute(xdg))
    return (xdg + "/nn").str();
  if (llvm::StringRef home = get("HOME"); !home.empty())
    return (home + "/.cache/nn").str();
  return std::nullopt;
}

uint64_t getDefaultCacheMaxBytes() {
  const char *value = std::getenv("NN_CACHE_MAX_SIZE");
  if (!value || !*value)
    return kDefaultMaxBytes;
  llvm::StringRef text = llvm::StringRef(value).trim();
  unsigned shift = 0;
  if (!text.empty()) {
    switch (llvm::toLower(text.back())) {
    case 'k':
      shift = 10;
      break;
    case 'm':
      shift = 20;
      break;
    case 'g':
      shift = 30;
      break;
    }
  }
  if (shift)
    text = text.drop_back();
  uint64_t number = 0;
  if (text.getAsInteger(10, number) || number > (UINT64_MAX >> shift)) {
    static std::once_flag once;
    std::call_once(once, [&] {
      llvm::errs() << "nn: warning: NN_CACHE_MAX_SIZE='" << value
                   << "' is not a size (bytes, or a number with K, M or G); "
                      "the compile cache keeps 1G\n";
    });
    return kDefaultMaxBytes;
  }
  return number << shift;
}

CompileCache &CompileCache::get(llvm::StringRef dir) {
  static std::mutex mutex;
  // Never destroyed: a compile may run while the process exits.
  static auto *caches = new llvm::StringMap<std::unique_ptr<CompileCache>>();
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<CompileCache> &cache = (*caches)[dir];
  if (!cache)
    cache.reset(new CompileCache(dir.str()));
  return *cache;
}

std::string CompileCache::getEntryPath(const CacheKey &key) const {
  return dir + "/" + key.toHex() + kEntrySuffix.str();
}

void CompileCache::warn(const llvm::Twine &problem) {
  if (warned.exchange(true))
    return;
  llvm::errs() << "nn: warning: compile cache '" << dir << "': " << problem
               << "\n";
}

std::unique_ptr<llvm::MemoryBuffer> CompileCache::load(const CacheKey &key) {
  std::string path = getEntryPath(key);
  llvm::Expected<llvm::sys::fs::file_t> file =
      llvm::sys::fs::openNativeFileForRead(path);
  if (!file) {
    std::error_code error = llvm::errorToErrorCode(file.takeError());
    if (error != llvm::errc::no_such_file_or_directory)
      warn("cannot read entry " + key.toHex() + kEntrySuffix + " (" +
           error.message() + "); compiling without the cache");
    log("miss " + key.toHex());
    return nullptr;
  }
  llvm::scope_exit close([&] { llvm::sys::fs::closeFile(*file); });
  // Read, not mapped: a file truncated under a mapping would fault.
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getOpenFile(*file, path, /*FileSize=*/-1,
                                      /*RequiresNullTerminator=*/false,
                                      /*IsVolatile=*/true);
  if (!buffer) {
    warn("cannot read entry " + key.toHex() + kEntrySuffix + " (" +
         buffer.getError().message() + "); compiling without the cache");
    log("miss " + key.toHex());
    return nullptr;
  }
  absl::StatusOr<llvm::StringRef> payload =
      decodeCacheEntry((*buffer)->getBuffer(), key);
  absl::Status status =
      payload.ok() ? checkObjectFile(*payload) : payload.status();
  if (!status.ok()) {
    warn("ignoring entry " + key.toHex() + kEntrySuffix + ": " +
         std::string(status.message()) + "; compiling again");
    log("miss " + key.toHex() + " (a bad entry)");
    return nullptr;
  }
  // The least recently used entries go first: a hit makes this one new.
  // Best effort: a read-only cache still serves hits.
  (void)llvm::sys::fs::setLastAccessAndModificationTime(
      *file, std::chrono::system_clock::now());
  log("hit " + key.toHex());
  return llvm::MemoryBuffer::getMemBufferCopy(*payload, path);
}

void CompileCache::store(const CacheKey &key, llvm::StringRef object,
                         uint64_t maxBytes) {
  std::string entry = encodeCacheEntry(key, object);
  // It would be the first entry evicted.
  if (entry.size() > maxBytes) {
    log("not stored " + key.toHex() + ": " + llvm::Twine(entry.size()) +
        " bytes, over the size bound");
    return;
  }
  if (std::error_code error = llvm::sys::fs::create_directories(dir)) {
    warn("cannot create the directory (" + error.message() +
         "); compiling without the cache");
    return;
  }
  // Written aside and renamed into place: readers see the whole entry or
  // none, and two processes storing the same key each rename a whole one.
  int fd = -1;
  llvm::SmallString<256> temp;
  if (std::error_code error = llvm::sys::fs::createUniqueFile(
          dir + "/" + kTempPrefix + "%%%%%%%%%%%%%%%%.part", fd, temp)) {
    warn("cannot write to it (" + error.message() +
         "); compiling without the cache");
    return;
  }
  std::error_code error;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << entry;
    os.close();
    error = os.error();
    os.clear_error();
  }
  std::string path = getEntryPath(key);
  if (!error)
    error = llvm::sys::fs::rename(temp, path);
  if (error) {
    (void)llvm::sys::fs::remove(temp);
    warn("cannot write an entry (" + error.message() +
         "); compiling without the cache");
    return;
  }
  log("stored " + key.toHex());
  evict(maxBytes, path);
}

void CompileCache::evict(uint64_t maxBytes, llvm::StringRef keep) {
  struct Entry {
    std::string path;
    uint64_t size;
    llvm::sys::TimePoint<> used;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  auto now = std::chrono::system_clock::now();
  std::error_code error;
  for (llvm::sys::fs::directory_iterator it(dir, error), end;
       !error && it != end; it.increment(error)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    llvm::ErrorOr<llvm::sys::fs::basic_file_status> status = it->status();
    if (!status || status->type() != llvm::sys::fs::file_type::regular_file)
      continue;
    if (name.starts_with(kTempPrefix)) {
      if (now - status->getLastModificationTime() > kStaleTempAge)
        (void)llvm::sys::fs::remove(it->path());
      continue;
    }
    // Other files are not the cache's to remove.
    if (!name.ends_with(kEntrySuffix))
      continue;
    entries.push_back(
        {it->path(), status->getSize(), status->getLastModificationTime()});
    total += status->getSize();
  }
  if (total <= maxBytes)
    return;
  llvm::sort(entries,
             [](const Entry &a, const Entry &b) { return a.used < b.used; });
  for (const Entry &entry : entries) {
    if (total <= maxBytes)
      break;
    if (entry.path == keep)
      continue;
    // Another process may have removed it already (remove() then succeeds
    // too): it counts no more either way.
    if (!llvm::sys::fs::remove(entry.path)) {
      total -= entry.size;
      log("evicted " + llvm::sys::path::filename(entry.path));
    }
  }
}

} // namespace nn::rt
