#pragma once

// Encoding remote_write 1.0 bodies (see remote_write.hpp for the format),
// with libprotobuf's generated code for remote_write.proto: for tests,
// which check the hand-written decoder against it, and for a replay
// benchmark client.

#include <span>
#include <string>

#include "formats/remote_write.hpp"
#include "timeless/messages.hpp"

namespace timeless::formats {

/// A serialized WriteRequest: one TimeSeries per series (its `__name__`
/// label first, then its labels as given, then its samples), then the
/// metadata.
std::string encode_write_request(std::span<const rw_series> series,
                                 std::span<const rw_metadata> metadata = {});

/// As above, grouping `samples`: each run of consecutive samples with the
/// same metric and labels becomes one TimeSeries.
std::string encode_write_request(std::span<const sample> samples);

/// Compresses `bytes` in snappy's block format: a remote_write body.
std::string snappy_compress(std::string_view bytes);

} // namespace timeless::formats
