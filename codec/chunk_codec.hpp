#pragma once

// Chunked frame of reference in truncated binary: int coding 3 of
// codec/int_codec.hpp, segment format version 2. The layout is at the top of
// chunk_codec.cpp.

#include "codec/bit_reader.hpp"
#include "codec/bit_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace timeless::codec {

/// How `write_chunked` stores a sequence x: its differences of order
/// `order` (y), cut into chunks. Two layouts:
/// - bounds (window == false): chunks of 8 << size_code values, each with
///   its own bounds (multiples of 2^shift), each y coded uniformly between
///   them;
/// - window (window == true): chunks of `chunk` values (the first one
///   `first`), each y coded uniformly in a window of `width` values that
///   every chunk places at an offset of its own (a multiple of 2^shift),
///   coded as a correction of the offset predicted from the previous
///   chunks.
struct chunk_plan {
  unsigned order = 0;     ///< 0 the values, 1 deltas, 2 deltas of deltas
  unsigned size_code = 0; ///< bounds: chunks of 8 << size_code values of y
  unsigned shift = 0;     ///< chunk bounds (offsets) are multiples of 2^shift
  int64_t base = 0;       ///< min y
  uint64_t range = 0;     ///< max y - min y
  size_t bits = 0;        ///< everything `write_chunked` writes
  bool window = false;    ///< the window layout
  uint64_t width = 1;     ///< window: values a window spans, 1..range + 1
  size_t chunk = 1;       ///< window: values a chunk, 1..count - order
  size_t first = 1;       ///< window: values of the first chunk, 1..chunk
  unsigned predictor = 1; ///< window: 1 previous offset, 2 linear from two
  unsigned rice = 0;      ///< window: Rice parameter of the corrections
  unsigned group = 1;     ///< window: values a truncated binary code, 1..4
};

/// The highest difference order `plan_chunked` and `read_chunked` accept.
inline constexpr unsigned max_chunk_order = 2;

/// The largest Rice parameter of the window layout.
inline constexpr unsigned max_window_rice = 31;

/// The most values the window layout codes together (as one number below
/// W^group <= 2^56).
inline constexpr unsigned max_window_group = 4;

/// The difference order (one of `orders`), chunk size and shift that look
/// cheapest for `x`, with the exact size of the result. Requires every
/// order <= max_chunk_order and < x.size(), and every |x[i]| < 2^53.
chunk_plan plan_chunked(std::span<const int64_t> x,
                        std::span<const unsigned> orders);

/// The window layout (order one of `orders`, chunk length, first chunk,
/// width, shift, predictor, Rice parameter and group size) that looks
/// cheapest for `x`, with the exact size of the result. Same requirements
/// as `plan_chunked`.
chunk_plan plan_window(std::span<const int64_t> x,
                       std::span<const unsigned> orders);

/// The smallest and largest difference of some order of a sequence.
struct diff_range {
  int64_t lo;
  int64_t hi;
};

/// The cheaper of both layouts for `x` (orders as `plan_chunked`), by their
/// estimates, written into `stream` (whole 64-bit words, least significant
/// bit first; `plan.bits` bits): what `write_chunked(x, plan, w)` writes.
/// Faster than planning and then writing. `ranges`, if not empty, holds the
/// extremes of the differences of each order (saves a pass).
/// With `window` false (segment format version 2), only the bounds layout.
chunk_plan plan_chunks(std::span<const int64_t> x,
                       std::span<const unsigned> orders,
                       std::vector<uint64_t>& stream,
                       std::span<const diff_range> ranges = {},
                       bool window = true);

/// The exact bits `write_chunked(x, plan)` takes, for any plan whose order,
/// base and range match `x` (bounds: any size code, any shift <=
/// bit_width(range); window: any chunk, first, predictor, Rice parameter
/// <= max_window_rice, any width <= range + 1 that every chunk fits at a
/// multiple of 2^shift, shift <= bit_width(range + 1 - width), any group
/// with width^group <= 2^56; with one chunk (first >= count - order) the
/// width must be range + 1).
size_t chunked_bits(std::span<const int64_t> x, const chunk_plan& plan);

/// Writes `x` as `plan` (from `plan_chunked(x, ...)`, or any plan with
/// `bits` from `chunked_bits`) says; exactly `plan.bits` bits.
void write_chunked(std::span<const int64_t> x, const chunk_plan& plan,
                   bit_writer& w);

/// Reads `n >= 1` integers written by `write_chunked` (two's-complement
/// bits, arithmetic wrapping) into `out`. Returns false on a short or
/// invalid stream; `out` may then hold garbage. With `window` false (a
/// format version 2 blob) the window layout is invalid.
bool read_chunked(bit_reader& r, size_t n, uint64_t* out, bool window = true);

} // namespace timeless::codec
