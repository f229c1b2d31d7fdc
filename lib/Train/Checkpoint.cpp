//===- Checkpoint.cpp - Named tensors in safetensors files ----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The library is built without exceptions, where nlohmann-json aborts
// instead of throwing: so the JSON is parsed with allow_exceptions = false,
// every value's type is checked before it is read, and strings are checked
// to be UTF-8 before they are serialized.
//
//===----------------------------------------------------------------------===//

#include "nn/Train/Checkpoint.h"

#include "IOSupport.h"

#include "fmt/format.h"
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>
#include <tuple>

namespace nn::io {
namespace {

using Json = nlohmann::ordered_json;

/// A header larger than this is refused before it is read (safetensors'
/// own limit).
constexpr uint64_t kMaxHeaderBytes = 100'000'000;
/// Largest file read at all, so that a bogus size is refused up front.
constexpr uint64_t kMaxFileBytes = uint64_t{1} << 40;
constexpr const char *kMetadataKey = "__metadata__";

struct DTypeName {
  DType dtype;
  const char *name;
};
constexpr DTypeName kDTypeNames[] = {{DType::F16, "F16"}, {DType::BF16, "BF16"},
                                     {DType::F32, "F32"}, {DType::F64, "F64"},
                                     {DType::I1, "BOOL"}, {DType::I32, "I32"},
                                     {DType::I64, "I64"}};

const char *safetensorsName(DType dtype) {
  for (const DTypeName &entry : kDTypeNames)
    if (entry.dtype == dtype)
      return entry.name;
  return "?";
}

/// One tensor of a header, checked against the dtype and the shape.
struct Entry {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
  /// The position in the header, which orders empty tensors at one offset.
  size_t index;
};

absl::Status invalid(const std::string &path, const std::string &problem) {
  return absl::InvalidArgumentError(fmt::format("'{}': {}", path, problem));
}

/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or
/// code points past U+10FFFF), as JSON requires.
bool isUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<uint8_t>(text[i]);
    // The number of continuation bytes the lead byte announces.
    int extra = -1;
    if (c < 0x80)
      extra = 0;
    else if ((c >> 5) == 6)
      extra = 1;
    else if ((c >> 4) == 14)
      extra = 2;
    else if ((c >> 3) == 30)
      extra = 3;
    if (extra < 0 || i + extra >= text.size())
      return false;
    uint32_t code = extra == 0 ? c : c & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      auto next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xc0) != 0x80)
        return false;
      code = (code << 6) | (next & 0x3f);
    }
    static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10ffff ||
        (code >= 0xd800 && code <= 0xdfff))
      return false;
    i += extra + 1;
  }
  return true;
}

/// A JSON unsigned integer no larger than `limit`, or nothing.
bool getUnsigned(const Json &value, uint64_t limit, uint64_t &out) {
  if (!value.is_number_unsigned())
    return false;
  out = value.get<uint64_t>();
  return out <= limit;
}

absl::StatusOr<DType> parseDType(const Json &entry, const std::string &where) {
  auto it = entry.find("dtype");
  if (it == entry.end() || !it->is_string())
    return absl::InvalidArgumentError(where + " has no string \"dtype\"");
  const std::string &name = it->get_ref<const std::string &>();
  for (const DTypeName &known : kDTypeNames)
    if (name == known.name)
      return known.dtype;
  return absl::InvalidArgumentError(
      fmt::format("{} has unsupported dtype {} (supported: F16, BF16, F32, "
                  "F64, BOOL, I32, I64)",
                  where, detail::quoteForMessage(name)));
}

/// Parses one tensor entry and checks that its offsets span exactly the
/// bytes its dtype and shape need, inside a data section of `dataSize`.
absl::StatusOr<Entry> parseEntry(const std::string &name, const Json &value,
                                 uint64_t dataSize) {
  std::string where = "tensor " + detail::quoteForMessage(name);
  if (!value.is_object())
    return absl::InvalidArgumentError(where + " is not a JSON object");
  for (const auto &item : value.items())
    if (item.key() != "dtype" && item.key() != "shape" &&
        item.key() != "data_offsets")
      return absl::InvalidArgumentError(
          fmt::format("{} has unexpected key {}", where,
                      detail::quoteForMessage(item.key())));
  absl::StatusOr<DType> dtype = parseDType(value, where);
  if (!dtype.ok())
    return dtype.status();
  Entry entry{name, *dtype, {}, 0, 0, 0};
  auto shape = value.find("shape");
  if (shape == value.end() || !shape->is_array())
    return absl::InvalidArgumentError(where + " has no \"shape\" array");
  for (const Json &dim : *shape) {
    uint64_t size;
    if (!getUnsigned(dim, std::numeric_limits<int64_t>::max(), size))
      return absl::InvalidArgumentError(
          fmt::format("{} has shape {}, expected non-negative integers", where,
                      detail::quoteForMessage(shape->dump())));
    entry.shape.push_back(static_cast<int64_t>(size));
  }
  auto offsets = value.find("data_offsets");
  if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 ||
      !getUnsigned((*offsets)[0], dataSize, entry.begin) ||
      !getUnsigned((*offsets)[1], dataSize, entry.end) ||
      entry.begin > entry.end)
    return absl::InvalidArgumentError(fmt::format(
        "{} has data_offsets {}, expected [begin, end] with begin <= end <= "
        "{} (the size of the data)",
        where,
        detail::quoteForMessage(offsets == value.end() ? "none"
                                                       : offsets->dump()),
        dataSize));
  absl::StatusOr<detail::CheckedSize> size = detail::checkedSize(
      entry.shape, getDTypeSize(entry.dtype), kMaxFileBytes, where);
  if (!size.ok())
    return size.status();
  if (size->bytes != entry.end - entry.begin)
    return absl::InvalidArgumentError(fmt::format(
        "{} is {} ({} bytes) but its data_offsets [{}, {}] span {} bytes",
        where, formatTensorType(entry.shape, entry.dtype), size->bytes,
        entry.begin, entry.end, entry.end - entry.begin));
  return entry;
}

absl::Status parseMetadata(const Json &value,
                           std::map<std::string, std::string> &metadata) {
  if (!value.is_object())
    return absl::InvalidArgumentError("__metadata__ is not a JSON object");
  for (const auto &item : value.items()) {
    if (!item.value().is_string())
      return absl::InvalidArgumentError(
          fmt::format("__metadata__ value of {} is not a string",
                      detail::quoteForMessage(item.key())));
    metadata[item.key()] = item.value().get<std::string>();
  }
  return absl::OkStatus();
}

/// Sorts the entries by offset and checks that they tile the data section:
/// no overlap, no gap, nothing left over.
absl::Status checkLayout(std::vector<Entry> &entries, uint64_t dataSize) {
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
    return std::tie(a.begin, a.end, a.index) <
           std::tie(b.begin, b.end, b.index);
  });
  uint64_t covered = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry &entry = entries[i];
    if (entry.begin < covered)
      return absl::InvalidArgumentError(fmt::format(
          "tensor {} (bytes [{}, {})) overlaps tensor {} (ending at {})",
          detail::quoteForMessage(entry.name), entry.begin, entry.end,
          detail::quoteForMessage(entries[i - 1].name), covered));
    if (entry.begin > covered)
      return absl::InvalidArgumentError(
          fmt::format("bytes [{}, {}) of the data belong to no tensor", covered,
                      entry.begin));
    covered = entry.end;
  }
  if (covered != dataSize)
    return absl::InvalidArgumentError(
        fmt::format("the data section has {} bytes but the tensors cover {}",
                    dataSize, covered));
  return absl::OkStatus();
}

std::string checksumOf(std::string_view data) {
  uLong crc =
      crc32_z(0L, reinterpret_cast<const Bytef *>(data.data()), data.size());
  return fmt::format("{:08x}", static_cast<uint32_t>(crc));
}

/// Parses and checks the JSON header against a data section of `dataSize`.
absl::Status parseHeader(std::string_view header, uint64_t dataSize,
                         std::vector<Entry> &entries,
                         std::map<std::string, std::string> &metadata) {
  Json json = Json::parse(header, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded())
    return absl::InvalidArgumentError("the header is not valid JSON: " +
                                      detail::quoteForMessage(header));
  if (!json.is_object())
    return absl::InvalidArgumentError("the header is not a JSON object");
  for (const auto &item : json.items()) {
    if (item.key() == kMetadataKey) {
      if (absl::Status status = parseMetadata(item.value(), metadata);
          !status.ok())
        return status;
      continue;
    }
    absl::StatusOr<Entry> entry =
        parseEntry(item.key(), item.value(), dataSize);
    if (!entry.ok())
      return entry.status();
    entry->index = entries.size();
    entries.push_back(std::move(*entry));
  }
  return checkLayout(entries, dataSize);
}

absl::Status
checkTensorNames(const std::vector<std::pair<std::string, Tensor>> &tensors,
                 const std::map<std::string, std::string> &metadata) {
  std::set<std::string_view> seen;
  for (const auto &[name, tensor] : tensors) {
    if (name.empty() || name == kMetadataKey || !isUtf8(name))
      return absl::InvalidArgumentError(fmt::format(
          "invalid tensor name {} (names are non-empty UTF-8 other than "
          "__metadata__)",
          detail::quoteForMessage(name)));
    if (!seen.insert(name).second)
      return absl::InvalidArgumentError("duplicate tensor name " +
                                        detail::quoteForMessage(name));
  }
  for (const auto &[key, value] : metadata)
    if (!isUtf8(key) || !isUtf8(value))
      return absl::InvalidArgumentError(
          "metadata " + detail::quoteForMessage(key) + " is not UTF-8");
  return absl::OkStatus();
}

} // namespace

absl::Status
writeSafetensors(const std::string &path,
                 const std::vector<std::pair<std::string, Tensor>> &tensors,
                 std::map<std::string, std::string> metadata) {
  if (absl::Status status = checkTensorNames(tensors, metadata); !status.ok())
    return invalid(path, std::string(status.message()));
  std::string data;
  Json entries = Json::object();
  for (const auto &[name, tensor] : tensors) {
    uint64_t begin = data.size();
    data.append(reinterpret_cast<const char *>(tensor.getBytes()),
                tensor.getByteSize());
    entries[name] = {{"dtype", safetensorsName(tensor.getDType())},
                     {"shape", tensor.getShape()},
                     {"data_offsets", {begin, uint64_t{data.size()}}}};
  }
  metadata[kChecksumKey] = checksumOf(data);
  metadata[kFormatVersionKey] = kFormatVersion;
  Json header = Json::object();
  header[kMetadataKey] = metadata;
  for (const auto &item : entries.items())
    header[item.key()] = item.value();
  std::string text =
      header.dump(-1, ' ', false, Json::error_handler_t::replace);
  // Pad with spaces, as safetensors does, so that the data is 8-aligned.
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string file(8, '\0');
  for (int i = 0; i < 8; ++i)
    file[i] = static_cast<char>((uint64_t{text.size()} >> (8 * i)) & 0xff);
  file += text;
  file += data;
  return detail::writeFileAtomically(path, file);
}

absl::StatusOr<Checkpoint> readSafetensors(const std::string &path) {
  absl::StatusOr<std::string> bytes =
      detail::readWholeFile(path, kMaxFileBytes);
  if (!bytes.ok())
    return bytes.status();
  if (bytes->size() < 8)
    return invalid(path, fmt::format("truncated: {} bytes, a safetensors file "
                                     "starts with an 8-byte header length",
                                     bytes->size()));
  uint64_t headerLength = 0;
  for (int i = 7; i >= 0; --i)
    headerLength = (headerLength << 8) | static_cast<uint8_t>((*bytes)[i]);
  if (headerLength > kMaxHeaderBytes)
    return invalid(path, fmt::format("header length {} exceeds the limit of "
                                     "{} bytes",
                                     headerLength, kMaxHeaderBytes));
  if (headerLength > bytes->size() - 8)
    return invalid(path, fmt::format("header length {} runs past the end of "
                                     "the file ({} bytes)",
                                     headerLength, bytes->size()));
  std::string_view all(*bytes);
  std::string_view data = all.substr(8 + headerLength);
  Checkpoint checkpoint;
  std::vector<Entry> entries;
  if (absl::Status status =
          parseHeader(all.substr(8, headerLength), data.size(), entries,
                      checkpoint.metadata);
      !status.ok())
    return invalid(path, std::string(status.message()));
  auto checksum = checkpoint.metadata.find(kChecksumKey);
  if (checksum != checkpoint.metadata.end()) {
    std::string actual = checksumOf(data);
    std::string expected = checksum->second;
    std::transform(expected.begin(), expected.end(), expected.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (expected != actual)
      return invalid(
          path, fmt::format("checksum mismatch: the metadata says "
                            "{}, the data has {}",
                            detail::quoteForMessage(checksum->second), actual));
  }
  for (Entry &entry : entries) {
    absl::StatusOr<Tensor> tensor =
        Tensor::fromBytes(entry.dtype, std::move(entry.shape),
                          data.data() + entry.begin, entry.end - entry.begin);
    if (!tensor.ok())
      return invalid(path, std::string(tensor.status().message()));
    checkpoint.tensors.emplace_back(std::move(entry.name), std::move(*tensor));
  }
  return checkpoint;
}

} // namespace nn::io
