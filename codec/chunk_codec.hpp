#pragma once

// Chunked frame of reference in truncated binary: int coding 3 of
// codec/int_codec.hpp, segment format version 2. The layout is at the top of
// chunk_codec.cpp.

#include "codec/bit_reader.hpp"
#include "codec/bit_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace timeless::codec {

/// How `write_chunked` stores a sequence x: its differences of order
/// `order` (y), cut into chunks of 8 << size_code values, each chunk with
/// its own bounds (multiples of 2^shift) and each y coded uniformly between
/// them.
struct chunk_plan {
  unsigned order = 0;     ///< 0 the values, 1 deltas, 2 deltas of deltas
  unsigned size_code = 0; ///< chunks of 8 << size_code values of y
  unsigned shift = 0;     ///< chunk bounds are multiples of 2^shift
  int64_t base = 0;       ///< min y
  uint64_t range = 0;     ///< max y - min y
  size_t bits = 0;        ///< everything `write_chunked` writes
};

/// The highest difference order `plan_chunked` and `read_chunked` accept.
inline constexpr unsigned max_chunk_order = 2;

/// The difference order (one of `orders`), chunk size and shift that look
/// cheapest for `x`, with the exact size of the result. Requires every
/// order <= max_chunk_order and < x.size(), and every |x[i]| < 2^53.
chunk_plan plan_chunked(std::span<const int64_t> x,
                        std::span<const unsigned> orders);

/// The exact bits `write_chunked(x, plan)` takes, for any plan whose order,
/// base and range match `x` (any size code, any shift <= bit_width(range)).
size_t chunked_bits(std::span<const int64_t> x, const chunk_plan& plan);

/// Writes `x` as `plan` (from `plan_chunked(x, ...)`, or any plan with
/// `bits` from `chunked_bits`) says; exactly `plan.bits` bits.
void write_chunked(std::span<const int64_t> x, const chunk_plan& plan,
                   bit_writer& w);

/// Reads `n >= 1` integers written by `write_chunked` (two's-complement
/// bits, arithmetic wrapping) into `out`. Returns false on a short or
/// invalid stream; `out` may then hold garbage.
bool read_chunked(bit_reader& r, size_t n, uint64_t* out);

} // namespace timeless::codec
