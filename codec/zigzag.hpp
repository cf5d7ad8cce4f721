#pragma once

#include <cstdint>

namespace timeless::codec {

/// Maps a two's-complement int64 (as its uint64 bits) to an unsigned value
/// that is small when the signed value is near zero: 0, -1, 1, -2, ... become
/// 0, 1, 2, 3, ... Total over all 64-bit patterns.
constexpr uint64_t zigzag_encode(uint64_t v) {
  return (v << 1) ^ (uint64_t{0} - (v >> 63));
}

/// Inverse of `zigzag_encode`.
constexpr uint64_t zigzag_decode(uint64_t z) {
  return (z >> 1) ^ (uint64_t{0} - (z & 1));
}

} // namespace timeless::codec
