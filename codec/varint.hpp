#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace timeless::codec {

/// Appends `v` as a LEB128 varint (7 bits a byte, low group first).
inline void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

enum class varint_status : uint8_t { ok, truncated, malformed };

/// Parses a varint at `p`, advancing it. Only the canonical (shortest)
/// encoding of a value below 2^64 is accepted.
inline varint_status get_varint(const uint8_t*& p, const uint8_t* end,
                                uint64_t& v) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (p == end)
      return varint_status::truncated;
    uint8_t b = *p++;
    if (shift == 63 && b > 1)
      return varint_status::malformed;
    v |= uint64_t{b & 0x7fu} << shift;
    if ((b & 0x80) == 0)
      return b == 0 && shift > 0 ? varint_status::malformed : varint_status::ok;
  }
  return varint_status::malformed;
}

} // namespace timeless::codec
