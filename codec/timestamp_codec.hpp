#pragma once

#include "codec/bit_reader.hpp"
#include "codec/bit_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace timeless::codec {

/// How a segment's timestamps after the first are stored.
enum class ts_mode : uint8_t {
  /// A constant stride: one `vint` (zigzag) if there are two or more points.
  regular = 0,
  /// Delta-of-delta, one prefix-coded zigzag value per point after the first.
  delta2 = 1,
};

/// Upper bound of the bits `encode_timestamps` writes for `n` points.
constexpr size_t timestamp_bound_bits(size_t n) {
  return 71 + n * 69;
}

/// Writes `ts[1..]` (the first timestamp lives in the segment header) and
/// returns the mode used. Any int64 values in any order; the arithmetic wraps
/// modulo 2^64, so every pattern round-trips. Requires `!ts.empty()`.
ts_mode encode_timestamps(std::span<const int64_t> ts, bit_writer& w);

/// Reads `n >= 1` timestamps, the first being `first`, into `out`. Returns
/// false if the stream is short (the reader then reports `!ok()`).
bool decode_timestamps(ts_mode mode, int64_t first, size_t n, bit_reader& r,
                       int64_t* out);

} // namespace timeless::codec
