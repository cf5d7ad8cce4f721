#pragma once

// Prometheus remote_write 1.0 request bodies (POST /api/v1/write):
// a protobuf `prometheus.WriteRequest` compressed in snappy's block format
// (not the framed stream format).
//
// Messages read, by field number (see remote_write.proto):
//
//   WriteRequest   1: TimeSeries (repeated)   3: MetricMetadata (repeated)
//   TimeSeries     1: Label (repeated)        2: Sample (repeated)
//                  3: exemplars, 4: native histograms (skipped, counted)
//   Label          1: name (string)           2: value (string)
//   Sample         1: value (double, fixed64) 2: timestamp (int64 ms, varint)
//   MetricMetadata 1: type (enum varint)      2: metric_family_name
//                  4: help                    5: unit
//
// Decoding validates every byte: a varint longer than 10 bytes or past the
// end, a length past the end of its message, wire types 3 and 4 (groups)
// and a known field with the wrong wire type are errors naming the byte
// offset in the uncompressed body. Unknown fields are skipped as protobuf
// requires. Each series must have exactly one non-empty `__name__` label
// (it becomes the metric; the other labels stay in the order sent; the
// store sorts and validates them); its timestamps must not be INT64_MIN
// (reserved for "now"). Strings are taken as bytes, not checked for UTF-8
// (as Prometheus and VictoriaMetrics do). A metadata type beyond STATESET reads
// as unknown (protobuf enums are open). Series without samples (histogram-only
// series) are left out.
//
// Speed: decoded by hand rather than with libprotobuf's generated parser
// (remote_write.proto), which with a reused message plus the copy into
// these structures took 2.5x the CPU time on 2000 series of 1 sample (6
// labels each; 1.9 M vs 0.75 M points/s) and 1.36x on 100 series of 100
// samples (29 M vs 21 M points/s), on a loaded 2-core machine
// (test/bench/wire_bench.cpp, BM_remote_write_decode vs
// BM_remote_write_decode_libprotobuf). A decoder allocates nothing per
// point once its buffers have grown.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <caf/error.hpp>

#include "timeless/labels.hpp"

namespace timeless::formats {

/// One series of a write request: its name and labels once, then its
/// points in the order sent.
struct rw_series {
  std::string metric;
  label_set labels;
  std::vector<int64_t> ts;
  std::vector<double> values;
};

/// prometheus.MetricMetadata.MetricType.
enum class rw_metric_type : uint8_t {
  unknown,
  counter,
  gauge,
  histogram,
  gaugehistogram,
  summary,
  info,
  stateset,
};

/// One metadata entry of a write request.
struct rw_metadata {
  rw_metric_type type = rw_metric_type::unknown;
  std::string family;
  std::string help;
  std::string unit;
};

/// Decodes remote_write bodies. Keeps its series, metadata and buffers
/// between requests, so that a long-lived decoder allocates only when a
/// request is larger than any before.
class remote_write_decoder {
 public:
  /// Decompresses and decodes `body`. Errors (errc::invalid_argument) say
  /// what was wrong: "snappy: corrupt input", "decompressed body over N
  /// bytes" (checked from the length in the snappy header, before
  /// allocating), "protobuf: ... at byte N", "series {...} has no
  /// __name__ label". After an error the accessors are empty.
  caf::error decode(std::string_view body, size_t max_decompressed);

  /// Decodes an uncompressed WriteRequest.
  caf::error decode_uncompressed(std::string_view bytes);

  std::span<const rw_series> series() const {
    return {series_.data(), n_series_};
  }
  std::span<const rw_metadata> metadata() const {
    return {metadata_.data(), n_metadata_};
  }
  /// Samples in all series.
  size_t points() const { return points_; }
  /// Series left out because they had no samples.
  size_t series_without_samples() const { return empty_series_; }

 private:
  void clear();

  std::string buf_;
  std::vector<rw_series> series_;
  size_t n_series_ = 0;
  std::vector<rw_metadata> metadata_;
  size_t n_metadata_ = 0;
  size_t points_ = 0;
  size_t empty_series_ = 0;
};

} // namespace timeless::formats
