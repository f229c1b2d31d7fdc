//===- CompileCacheTest.cpp - The persistent compile cache ----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The entry format, the cache directory's handling of bad entries, bad
// directories, eviction and concurrent writers, through rt::JitModule, and
// the embedding API's use of it. Each test has a cache directory of its own
// (so each directory's one warning is the test's).
//
//===----------------------------------------------------------------------===//

#include "nn/JIT/CompileCache.h"
#include "nn/IR/NNDialect.h"
#include "nn/JIT/JitModule.h"
#include "nn/Runtime/Runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

using namespace nn;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

namespace {

//===----------------------------------------------------------------------===//
// The entry format
//===----------------------------------------------------------------------===//

std::string messageOf(const absl::Status &status) {
  return std::string(status.message());
}

TEST(CacheEntryTest, RoundTrip) {
  rt::CacheKey key = rt::CacheKey::hash("a module");
  EXPECT_EQ(key.toHex().size(), 32u);
  EXPECT_FALSE(key == rt::CacheKey::hash("another module"));
  std::string entry = rt::encodeCacheEntry(key, "object bytes");
  absl::StatusOr<llvm::StringRef> payload = rt::decodeCacheEntry(entry, key);
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_EQ(*payload, "object bytes");
}

TEST(CacheEntryTest, EveryDamageIsCaught) {
  rt::CacheKey key = rt::CacheKey::hash("a module");
  std::string entry = rt::encodeCacheEntry(key, "object bytes");
  for (size_t i = 0; i < entry.size(); ++i) {
    std::string flipped = entry;
    flipped[i] ^= 0x10;
    EXPECT_FALSE(rt::decodeCacheEntry(flipped, key).ok()) << "byte " << i;
  }
  for (size_t size = 0; size < entry.size(); ++size)
    EXPECT_FALSE(rt::decodeCacheEntry(entry.substr(0, size), key).ok())
        << size << " bytes";
  EXPECT_THAT(
      messageOf(rt::decodeCacheEntry(entry.substr(0, 50), key).status()),
      HasSubstr("truncated"));
  EXPECT_THAT(messageOf(rt::decodeCacheEntry(entry + "x", key).status()),
              HasSubstr("truncated"));
  EXPECT_THAT(messageOf(rt::decodeCacheEntry("garbage", key).status()),
              HasSubstr("truncated"));
  EXPECT_THAT(
      messageOf(rt::decodeCacheEntry(std::string(64, 'x'), key).status()),
      HasSubstr("not a compile cache entry"));
  EXPECT_THAT(
      messageOf(
          rt::decodeCacheEntry(entry, rt::CacheKey::hash("other")).status()),
      HasSubstr("another key"));
  // Another format version, with its checksum right: still refused.
  std::string future = entry;
  future[16] = 2;
  EXPECT_THAT(messageOf(rt::decodeCacheEntry(future, key).status()),
              HasSubstr("entry format 2, expected 1"));
}

TEST(CacheEntryTest, OnlyHostObjectsWithoutInitializers) {
  EXPECT_THAT(messageOf(rt::checkObjectFile("object bytes")),
              HasSubstr("not an object file"));
  EXPECT_FALSE(rt::checkObjectFile(std::string(256, '\0')).ok());
}

//===----------------------------------------------------------------------===//
// The environment
//===----------------------------------------------------------------------===//

/// Sets environment variables for a scope, then restores them.
class ScopedEnv {
public:
  void set(const char *name, const char *value) {
    if (!saved.count(name)) {
      const char *old = std::getenv(name);
      saved[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    for (auto &[name, value] : saved)
      if (value)
        setenv(name.c_str(), value->c_str(), 1);
      else
        unsetenv(name.c_str());
  }

private:
  std::map<std::string, std::optional<std::string>> saved;
};

TEST(CacheEnvironmentTest, Directory) {
  ScopedEnv env;
  env.set("NN_CACHE_DIR", "/some/dir");
  EXPECT_EQ(rt::getDefaultCacheDir(), "/some/dir");
  env.set("NN_CACHE_DIR", "off");
  EXPECT_EQ(rt::getDefaultCacheDir(), std::nullopt);
  env.set("NN_CACHE_DIR", nullptr);
  env.set("XDG_CACHE_HOME", "/xdg");
  env.set("HOME", "/home/me");
  EXPECT_EQ(rt::getDefaultCacheDir(), "/xdg/nn");
  env.set("XDG_CACHE_HOME", "relative");
  EXPECT_EQ(rt::getDefaultCacheDir(), "/home/me/.cache/nn");
  env.set("XDG_CACHE_HOME", nullptr);
  EXPECT_EQ(rt::getDefaultCacheDir(), "/home/me/.cache/nn");
  env.set("HOME", nullptr);
  EXPECT_EQ(rt::getDefaultCacheDir(), std::nullopt);
}

TEST(CacheEnvironmentTest, MaxSize) {
  ScopedEnv env;
  env.set("NN_CACHE_MAX_SIZE", nullptr);
  EXPECT_EQ(rt::getDefaultCacheMaxBytes(), uint64_t(1) << 30);
  env.set("NN_CACHE_MAX_SIZE", "12345");
  EXPECT_EQ(rt::getDefaultCacheMaxBytes(), 12345u);
  env.set("NN_CACHE_MAX_SIZE", "64M");
  EXPECT_EQ(rt::getDefaultCacheMaxBytes(), uint64_t(64) << 20);
  env.set("NN_CACHE_MAX_SIZE", "2g");
  EXPECT_EQ(rt::getDefaultCacheMaxBytes(), uint64_t(2) << 30);
  testing::internal::CaptureStderr();
  env.set("NN_CACHE_MAX_SIZE", "lots");
  EXPECT_EQ(rt::getDefaultCacheMaxBytes(), uint64_t(1) << 30);
  env.set("NN_CACHE_MAX_SIZE", "99999999999999999999G");
  EXPECT_EQ(rt::getDefaultCacheMaxBytes(), uint64_t(1) << 30);
  EXPECT_THAT(testing::internal::GetCapturedStderr(),
              HasSubstr("NN_CACHE_MAX_SIZE='lots' is not a size"));
}

//===----------------------------------------------------------------------===//
// Compiling through the cache
//===----------------------------------------------------------------------===//

/// `@f(a) = a * factor` on tensor<4xf32>: modules that differ in a constant.
std::string getSource(float factor) {
  return "func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {\n"
         "  %c = nn.constant dense<" +
         std::to_string(factor) +
         "> : tensor<f32>\n"
         "  %b = nn.mul %a, %c : tensor<4xf32>, tensor<f32>\n"
         "  return %b : tensor<4xf32>\n}\n";
}

/// Compiled code and the context of its module, which must outlive it.
struct Compiled {
  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<rt::JitModule> executable;
  bool isFromCache() const { return executable->isFromCache(); }
};

class CompileCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("nn-cache-test", root));
    dir = (root + "/cache").str();
  }
  void TearDown() override { (void)llvm::sys::fs::remove_directories(root); }

  static std::unique_ptr<mlir::MLIRContext> makeContext() {
    mlir::DialectRegistry registry;
    registry.insert<NNDialect, mlir::func::FuncDialect,
                    mlir::arith::ArithDialect, mlir::tensor::TensorDialect>();
    return std::make_unique<mlir::MLIRContext>(registry);
  }

  /// Compiles getSource(factor) with the cache in `cacheDir`, and checks
  /// that the code computes what it should.
  static std::unique_ptr<Compiled>
  compile(float factor, const std::string &cacheDir, uint64_t maxBytes = 0,
          bool useCache = true, std::optional<bool> avx512 = {}) {
    auto compiled = std::make_unique<Compiled>();
    compiled->context = makeContext();
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(getSource(factor),
                                                compiled->context.get());
    EXPECT_TRUE(module);
    if (!module)
      return nullptr;
    rt::JitOptions options;
    options.numThreads = 1;
    options.diskCacheDir = cacheDir;
    options.cacheMaxBytes = maxBytes;
    options.useDiskCache = useCache;
    options.avx512 = avx512;
    absl::StatusOr<std::unique_ptr<rt::JitModule>> executable =
        rt::JitModule::compile(*module, options);
    EXPECT_TRUE(executable.ok()) << executable.status();
    if (!executable.ok())
      return nullptr;
    absl::StatusOr<Tensor> input =
        Tensor::create({4}, std::vector<float>{1, 2, 3, 4});
    absl::StatusOr<std::vector<Tensor>> results =
        (*executable)->call("f", {input->view()});
    EXPECT_TRUE(results.ok()) << results.status();
    if (results.ok())
      EXPECT_THAT(*(*results)[0].toVector<float>(),
                  ElementsAre(factor, 2 * factor, 3 * factor, 4 * factor));
    compiled->executable = std::move(*executable);
    return compiled;
  }

  /// The names of the files in the cache directory.
  std::vector<std::string> listFiles() const {
    std::vector<std::string> names;
    std::error_code error;
    for (llvm::sys::fs::directory_iterator it(dir, error), end;
         !error && it != end; it.increment(error))
      names.push_back(llvm::sys::path::filename(it->path()).str());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string entryPath(const std::string &name) const {
    return dir + "/" + name;
  }

  static std::string readFile(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void writeFile(const std::string &path, const std::string &bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }

  llvm::SmallString<128> root;
  std::string dir;
};

TEST_F(CompileCacheTest, MissThenHit) {
  std::unique_ptr<Compiled> cold = compile(2, dir);
  ASSERT_TRUE(cold);
  EXPECT_FALSE(cold->isFromCache());
  std::vector<std::string> files = listFiles();
  ASSERT_THAT(files, SizeIs(1));
  EXPECT_THAT(files[0], testing::EndsWith(".nnobj"));
  std::unique_ptr<Compiled> warm = compile(2, dir);
  ASSERT_TRUE(warm);
  EXPECT_TRUE(warm->isFromCache());
  // Another module, other options: other entries.
  EXPECT_FALSE(compile(3, dir)->isFromCache());
  EXPECT_THAT(listFiles(), SizeIs(2));
}

TEST_F(CompileCacheTest, KeyHasTheRegisterTileChoice) {
  // JitOptions::avx512 picks the register tiles: an entry compiled for one
  // choice is not the code of another (the host's answer, unset, is a third
  // key, whatever the host).
  EXPECT_FALSE(compile(2, dir, 0, true, true)->isFromCache());
  EXPECT_TRUE(compile(2, dir, 0, true, true)->isFromCache());
  EXPECT_FALSE(compile(2, dir, 0, true, false)->isFromCache());
  EXPECT_FALSE(compile(2, dir)->isFromCache());
  EXPECT_THAT(listFiles(), SizeIs(3));
}

TEST_F(CompileCacheTest, CorruptEntryIsRebuiltWithOneMessage) {
  ASSERT_TRUE(compile(2, dir));
  std::string path = entryPath(listFiles()[0]);
  std::string good = readFile(path);
  std::string bad = good;
  bad[bad.size() / 2] ^= 1;
  writeFile(path, bad);

  testing::internal::CaptureStderr();
  std::unique_ptr<Compiled> rebuilt = compile(2, dir);
  std::string messages = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(rebuilt);
  EXPECT_FALSE(rebuilt->isFromCache());
  EXPECT_THAT(messages, HasSubstr("nn: warning: compile cache '" + dir +
                                  "': ignoring entry "));
  EXPECT_THAT(messages, HasSubstr("checksum mismatch"));
  // The rebuilt entry replaced the bad one.
  EXPECT_EQ(readFile(path), good);
  EXPECT_TRUE(compile(2, dir)->isFromCache());

  // Once per directory: the next bad entry is rebuilt silently.
  writeFile(path, bad);
  testing::internal::CaptureStderr();
  EXPECT_FALSE(compile(2, dir)->isFromCache());
  EXPECT_THAT(testing::internal::GetCapturedStderr(), IsEmpty());
}

TEST_F(CompileCacheTest, TruncatedEntryIsRebuilt) {
  ASSERT_TRUE(compile(2, dir));
  std::string path = entryPath(listFiles()[0]);
  std::string good = readFile(path);
  writeFile(path, good.substr(0, good.size() / 2));
  testing::internal::CaptureStderr();
  std::unique_ptr<Compiled> rebuilt = compile(2, dir);
  EXPECT_THAT(testing::internal::GetCapturedStderr(), HasSubstr("truncated"));
  ASSERT_TRUE(rebuilt);
  EXPECT_FALSE(rebuilt->isFromCache());
  EXPECT_EQ(readFile(path), good);
}

TEST_F(CompileCacheTest, ForeignEntriesAreNeverLoaded) {
  ASSERT_TRUE(compile(2, dir));
  std::string two = entryPath(listFiles()[0]);
  ASSERT_TRUE(compile(3, dir));
  std::string three =
      entryPath(listFiles()[entryPath(listFiles()[0]) == two ? 1 : 0]);
  // The other module's entry under this one's name: a whole, valid entry
  // of another key.
  writeFile(two, readFile(three));
  testing::internal::CaptureStderr();
  EXPECT_FALSE(compile(2, dir)->isFromCache());
  EXPECT_TRUE(compile(3, dir)->isFromCache());
  EXPECT_THAT(testing::internal::GetCapturedStderr(),
              HasSubstr("the entry of another key"));
  // Garbage under an entry's name is replaced; other files are left alone.
  writeFile(two, "garbage");
  writeFile(entryPath("notes.txt"), "not the cache's");
  EXPECT_FALSE(compile(2, dir)->isFromCache());
  EXPECT_TRUE(compile(2, dir)->isFromCache());
  EXPECT_THAT(listFiles(), testing::Contains("notes.txt"));
}

TEST_F(CompileCacheTest, UnusableDirectoryOneMessage) {
  // A path under a regular file: no directory can be made there (also as
  // root, whom permissions do not stop).
  writeFile(root.str().str() + "/file", "");
  std::string unusable = root.str().str() + "/file/cache";
  testing::internal::CaptureStderr();
  std::unique_ptr<Compiled> first = compile(2, unusable);
  std::unique_ptr<Compiled> second = compile(2, unusable);
  std::unique_ptr<Compiled> third = compile(3, unusable);
  std::string messages = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(first && second && third);
  EXPECT_FALSE(second->isFromCache());
  // Reading the entry finds no directory first.
  EXPECT_THAT(messages, HasSubstr("nn: warning: compile cache '" + unusable +
                                  "': cannot read entry "));
  EXPECT_THAT(messages, HasSubstr("(Not a directory); compiling without the "
                                  "cache"));
  // Once: one line.
  EXPECT_EQ(std::count(messages.begin(), messages.end(), '\n'), 1) << messages;
}

TEST_F(CompileCacheTest, WriteErrorsLeaveNoFile) {
  // A full disk, as the kernel reports a file size limit: the write fails
  // part way. The cache alone, since the limit stops every file of the
  // process (the JIT's perf dump too).
  rt::CompileCache &cache = rt::CompileCache::get(dir);
  std::string payload(4096, 'x');
  rlimit old;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  void (*oldHandler)(int) = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  // Room for the message in the file that captures stderr, not the entry.
  small.rlim_cur = 2048;
  testing::internal::CaptureStderr();
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  cache.store(rt::CacheKey::hash("one"), payload, 1 << 20);
  cache.store(rt::CacheKey::hash("two"), payload, 1 << 20);
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, oldHandler);
  std::string messages = testing::internal::GetCapturedStderr();
  EXPECT_EQ(messages, "nn: warning: compile cache '" + dir +
                          "': cannot write an entry (File too large); "
                          "compiling without the cache\n");
  EXPECT_THAT(listFiles(), IsEmpty());
  EXPECT_EQ(cache.load(rt::CacheKey::hash("one")), nullptr);
}

TEST_F(CompileCacheTest, Off) {
  EXPECT_FALSE(compile(2, dir, 0, /*useCache=*/false)->isFromCache());
  EXPECT_FALSE(llvm::sys::fs::exists(dir));
  ScopedEnv env;
  env.set("NN_CACHE_DIR", "off");
  env.set("HOME", root.c_str());
  env.set("XDG_CACHE_HOME", root.c_str());
  EXPECT_FALSE(compile(2, "")->isFromCache());
  EXPECT_FALSE(compile(2, "")->isFromCache());
  EXPECT_FALSE(llvm::sys::fs::exists(root + "/nn"));
  EXPECT_FALSE(llvm::sys::fs::exists(root + "/.cache"));
  // Without NN_CACHE_DIR: $XDG_CACHE_HOME/nn.
  env.set("NN_CACHE_DIR", nullptr);
  EXPECT_FALSE(compile(2, "")->isFromCache());
  EXPECT_TRUE(compile(2, "")->isFromCache());
  EXPECT_TRUE(llvm::sys::fs::exists(root + "/nn"));
}

TEST_F(CompileCacheTest, EvictsLeastRecentlyUsed) {
  // The entries' sizes, from a scratch directory.
  std::string scratch = root.str().str() + "/scratch";
  uint64_t largest = 0, smallest = UINT64_MAX;
  for (float factor : {2, 3, 4}) {
    ASSERT_TRUE(compile(factor, scratch));
  }
  std::error_code error;
  for (llvm::sys::fs::directory_iterator it(scratch, error), end;
       !error && it != end; it.increment(error)) {
    uint64_t size = readFile(it->path()).size();
    largest = std::max(largest, size);
    smallest = std::min(smallest, size);
  }
  // Room for two entries, not three.
  uint64_t bound = 2 * largest + smallest / 2;
  ASSERT_TRUE(compile(2, dir, bound));
  auto firstFile = listFiles();
  ASSERT_THAT(firstFile, SizeIs(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(compile(3, dir, bound));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // A hit makes the first entry the most recently used.
  EXPECT_TRUE(compile(2, dir, bound)->isFromCache());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(compile(4, dir, bound));
  std::vector<std::string> files = listFiles();
  EXPECT_THAT(files, SizeIs(2));
  EXPECT_THAT(files, testing::Contains(firstFile[0]));
  EXPECT_TRUE(compile(2, dir, bound)->isFromCache());
  EXPECT_TRUE(compile(4, dir, bound)->isFromCache());
  EXPECT_FALSE(compile(3, dir, bound)->isFromCache());
  // An entry alone over the bound is not stored.
  EXPECT_FALSE(compile(5, dir, 100)->isFromCache());
  EXPECT_FALSE(compile(5, dir, 100)->isFromCache());
}

TEST_F(CompileCacheTest, ConcurrentCompilesOfOneModule) {
  std::vector<std::thread> threads;
  std::atomic<int> compiled{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      if (compile(2, dir))
        ++compiled;
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(compiled, 4);
  // One whole entry, no temporary file left.
  EXPECT_THAT(listFiles(), SizeIs(1));
  EXPECT_TRUE(compile(2, dir)->isFromCache());
}

//===----------------------------------------------------------------------===//
// The embedding API
//===----------------------------------------------------------------------===//

TEST_F(CompileCacheTest, EmbeddingAPI) {
  auto compileInNewContext = [&](bool useDiskCache) {
    nn::Context context;
    absl::StatusOr<nn::Module> module =
        nn::Module::fromString(context, getSource(2), "scale.mlir");
    EXPECT_TRUE(module.ok()) << module.status();
    nn::CompileOptions options;
    options.diskCacheDir = dir;
    options.useDiskCache = useDiskCache;
    absl::StatusOr<nn::Executable> executable =
        nn::Executable::compile(*module, options);
    EXPECT_TRUE(executable.ok()) << executable.status();
    absl::StatusOr<nn::Function> function = executable->lookup("f");
    absl::StatusOr<Tensor> input =
        Tensor::create({4}, std::vector<float>{1, 2, 3, 4});
    absl::StatusOr<std::vector<Tensor>> results =
        function->call(std::vector<Tensor>{*input});
    EXPECT_TRUE(results.ok()) << results.status();
    EXPECT_THAT(*(*results)[0].toVector<float>(), ElementsAre(2, 4, 6, 8));
    return executable->isFromDiskCache();
  };
  EXPECT_FALSE(compileInNewContext(/*useDiskCache=*/false));
  EXPECT_FALSE(llvm::sys::fs::exists(dir));
  EXPECT_FALSE(compileInNewContext(true));
  EXPECT_TRUE(compileInNewContext(true));
  EXPECT_THAT(listFiles(), SizeIs(1));
}

} // namespace
