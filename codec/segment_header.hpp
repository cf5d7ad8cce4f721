#pragma once

#include "codec/segment_codec.hpp"
#include "codec/timestamp_codec.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace timeless::codec {

/// How a segment's values are stored.
enum class value_mode : uint8_t {
  gorilla = 0, ///< XOR coding, any bit pattern
  decimal = 1, ///< scaled integers, see decimal_codec.hpp and int_codec.hpp
};

/// The fields of a segment blob's header (layout: segment_codec.cpp).
struct segment_header {
  uint8_t version = min_segment_version;
  ts_mode ts = ts_mode::regular;
  value_mode values = value_mode::gorilla;
  bool zstd = false;
  uint32_t count = 0;
  int64_t first_ts = 0;
  int64_t last_ts = 0;
  uint32_t raw_size = 0; ///< payload bytes before zstd (zstd only)
};

/// The largest payload (before zstd) a valid segment of `count` points has.
size_t payload_bound(uint32_t count);

/// Appends the header, its checksum (over the header and `payload`) and the
/// payload to `out`.
void write_segment(const segment_header& h, std::span<const uint8_t> payload,
                   std::vector<uint8_t>& out);

/// Parses and validates the header and the checksum of `blob`; on success
/// `payload` is the stored (possibly compressed) payload.
errc read_segment(std::span<const uint8_t> blob, segment_header& h,
                  std::span<const uint8_t>& payload);

/// Recomputes the checksum of `blob` in place, for tests and fuzzing.
/// Returns false if the header does not parse up to the checksum.
bool reseal(std::span<uint8_t> blob);

} // namespace timeless::codec
