#pragma once

#include <cstdint>
#include <span>

namespace timeless::codec {

/// A cheap guess (about a tenth of zstd's time) of whether zstd could shrink
/// `data`: true if enough of it repeats earlier 4-byte sequences (at
/// even offsets and distances). Bit-packed
/// noise says no, so the encoder skips the zstd attempt.
bool looks_compressible(std::span<const uint8_t> data);

} // namespace timeless::codec
