#include "codec/segment_header.hpp"

#include "codec/crc32c.hpp"
#include "codec/decimal_codec.hpp"
#include "codec/gorilla_codec.hpp"
#include "codec/int_codec.hpp"
#include "codec/varint.hpp"
#include "codec/zigzag.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace timeless::codec {

namespace {

constexpr uint8_t flag_delta2 = 1;
constexpr uint8_t flag_decimal = 2;
constexpr uint8_t flag_zstd = 4;
constexpr uint8_t flags_known = 7;

/// Parses everything before the checksum; `crc_at` is its offset.
errc parse_fields(std::span<const uint8_t> blob, segment_header& h,
                  size_t& crc_at) {
  const uint8_t* p = blob.data();
  const uint8_t* end = p + blob.size();
  if (p == end)
    return errc::truncated;
  uint8_t version = *p++;
  if (version < min_segment_version || version > segment_version)
    return errc::bad_version;
  if (p == end)
    return errc::truncated;
  uint8_t flags = *p++;
  if ((flags & ~flags_known) != 0)
    return errc::bad_header;
  auto field = [&](uint64_t& v) {
    switch (get_varint(p, end, v)) {
      case varint_status::ok:
        return errc::ok;
      case varint_status::truncated:
        return errc::truncated;
      default:
        return errc::bad_header;
    }
  };
  uint64_t count = 0;
  if (auto e = field(count); e != errc::ok)
    return e;
  if (count > max_segment_points)
    return errc::too_large;
  if (count == 0 && flags != 0)
    return errc::bad_header;
  h = segment_header{};
  h.version = version;
  h.count = static_cast<uint32_t>(count);
  h.ts = flags & flag_delta2 ? ts_mode::delta2 : ts_mode::regular;
  h.values = flags & flag_decimal ? value_mode::decimal : value_mode::gorilla;
  h.zstd = (flags & flag_zstd) != 0;
  if (count > 0) {
    uint64_t first = 0;
    uint64_t span = 0;
    if (auto e = field(first); e != errc::ok)
      return e;
    if (auto e = field(span); e != errc::ok)
      return e;
    first = zigzag_decode(first);
    h.first_ts = static_cast<int64_t>(first);
    h.last_ts = static_cast<int64_t>(first + zigzag_decode(span));
  }
  if (h.zstd) {
    uint64_t raw = 0;
    if (auto e = field(raw); e != errc::ok)
      return e;
    if (raw == 0)
      return errc::bad_header;
    if (raw > payload_bound(h.count))
      return errc::too_large;
    h.raw_size = static_cast<uint32_t>(raw);
  }
  if (end - p < 4)
    return errc::truncated;
  crc_at = static_cast<size_t>(p - blob.data());
  return errc::ok;
}

uint32_t checksum(std::span<const uint8_t> blob, size_t crc_at) {
  auto c = crc32c(blob.data(), crc_at);
  return crc32c(blob.data() + crc_at + 4, blob.size() - crc_at - 4, c);
}

} // namespace

size_t payload_bound(uint32_t count) {
  if (count == 0)
    return 0;
  auto values = std::max(gorilla_bound_bits(count), 5 + int_bound_bits(count));
  return (timestamp_bound_bits(count) + values + 7) / 8;
}

void write_segment(const segment_header& h, std::span<const uint8_t> payload,
                   std::vector<uint8_t>& out) {
  auto start = out.size();
  assert(h.version >= min_segment_version && h.version <= segment_version);
  out.push_back(h.version);
  uint8_t flags = 0;
  if (h.count > 0) {
    flags |= h.ts == ts_mode::delta2 ? flag_delta2 : 0;
    flags |= h.values == value_mode::decimal ? flag_decimal : 0;
    flags |= h.zstd ? flag_zstd : 0;
  }
  out.push_back(flags);
  put_varint(out, h.count);
  if (h.count > 0) {
    auto first = static_cast<uint64_t>(h.first_ts);
    put_varint(out, zigzag_encode(first));
    put_varint(out, zigzag_encode(static_cast<uint64_t>(h.last_ts) - first));
  }
  if (h.zstd)
    put_varint(out, h.raw_size);
  auto crc_at = out.size();
  auto c = crc32c(out.data() + start, crc_at - start);
  c = crc32c(payload.data(), payload.size(), c);
  uint8_t le[4] = {static_cast<uint8_t>(c), static_cast<uint8_t>(c >> 8),
                   static_cast<uint8_t>(c >> 16),
                   static_cast<uint8_t>(c >> 24)};
  out.insert(out.end(), le, le + 4);
  out.insert(out.end(), payload.begin(), payload.end());
}

errc read_segment(std::span<const uint8_t> blob, segment_header& h,
                  std::span<const uint8_t>& payload) {
  size_t crc_at = 0;
  if (auto e = parse_fields(blob, h, crc_at); e != errc::ok)
    return e;
  const uint8_t* q = blob.data() + crc_at;
  uint32_t stored = uint32_t{q[0]} | uint32_t{q[1]} << 8 |
                    uint32_t{q[2]} << 16 | uint32_t{q[3]} << 24;
  if (stored != checksum(blob, crc_at))
    return errc::bad_checksum;
  payload = blob.subspan(crc_at + 4);
  if (h.count == 0)
    return payload.empty() ? errc::ok : errc::bad_header;
  if (payload.empty())
    return errc::truncated;
  if (!h.zstd && payload.size() > payload_bound(h.count))
    return errc::too_large;
  return errc::ok;
}

bool reseal(std::span<uint8_t> blob) {
  segment_header h;
  size_t crc_at = 0;
  if (parse_fields(blob, h, crc_at) != errc::ok)
    return false;
  auto c = checksum(blob, crc_at);
  for (int i = 0; i < 4; ++i)
    blob[crc_at + i] = static_cast<uint8_t>(c >> (8 * i));
  return true;
}

} // namespace timeless::codec
