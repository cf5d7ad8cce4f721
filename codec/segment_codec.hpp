#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace timeless::codec {

/// Why a blob did not decode.
enum class errc : uint8_t {
  ok = 0,
  truncated,
  bad_version,
  bad_checksum,
  bad_header,
  bad_encoding,
  decompress_failed,
  too_large,
};

/// A short English name of `e`, e.g. "bad_checksum".
const char* to_string(errc e);

/// Summary read from a blob's header without decoding the payload.
struct segment_info {
  uint32_t count;
  int64_t first_ts;
  int64_t last_ts;
};

/// The newest segment format version. Version 2 adds int coding 3
/// (chunked, its bounds layout) to decimal values, version 3 its window
/// layout; the decoder reads versions 1 to 3.
inline constexpr uint8_t segment_version = 3;

/// The oldest segment format version the decoder reads.
inline constexpr uint8_t min_segment_version = 1;

/// The most points one segment holds; `encode` requires n <= this.
inline constexpr uint32_t max_segment_points = 1u << 20;

/// Reusable encoder: owns a zstd context and scratch buffers; one per
/// thread or actor. Not thread-safe.
class segment_encoder {
 public:
  /// Writes blobs of format version at most `max_version` (between
  /// min_segment_version and segment_version); each blob gets the lowest
  /// version its encoding needs, so version-1 readers decode most blobs.
  /// Pass 1 to write only blobs they decode.
  explicit segment_encoder(uint8_t max_version = segment_version);
  ~segment_encoder();
  segment_encoder(segment_encoder&& other) noexcept;
  segment_encoder& operator=(segment_encoder&& other) noexcept;
  segment_encoder(const segment_encoder&) = delete;
  segment_encoder& operator=(const segment_encoder&) = delete;

  /// Appends the encoded blob of n = ts.size() points to `out`. Requires
  /// ts.size() == values.size() <= max_segment_points. Any int64 timestamps
  /// in any order (callers normally pass them sorted), any double bit
  /// pattern; n may be 0.
  void encode(std::span<const int64_t> ts, std::span<const double> values,
              std::vector<uint8_t>& out);

 private:
  ZSTD_CCtx_s* cctx_;
  uint8_t max_version_;
  std::vector<uint8_t> payload_;
  std::vector<uint8_t> packed_;
  std::vector<uint8_t> header_;
  std::vector<int64_t> mantissas_;
};

/// Reusable decoder: owns a zstd context and scratch buffers. Not
/// thread-safe.
class segment_decoder {
 public:
  segment_decoder();
  ~segment_decoder();
  segment_decoder(segment_decoder&& other) noexcept;
  segment_decoder& operator=(segment_decoder&& other) noexcept;
  segment_decoder(const segment_decoder&) = delete;
  segment_decoder& operator=(const segment_decoder&) = delete;

  /// Appends the decoded points to ts/values (exact bit patterns, original
  /// order). On error appends nothing and returns the error. Never reads
  /// outside `blob`; allocates at most max_segment_points points.
  errc decode(std::span<const uint8_t> blob, std::vector<int64_t>& ts,
              std::vector<double>& values);

  /// Validates the header and the checksum (which covers the whole blob)
  /// only, and fills `info` on success.
  static errc peek(std::span<const uint8_t> blob, segment_info& info);

 private:
  ZSTD_DCtx_s* dctx_;
  std::vector<uint8_t> payload_;
  std::vector<uint64_t> ints_;
};

} // namespace timeless::codec
