#pragma once

#include "codec/bit_reader.hpp"
#include "codec/bit_writer.hpp"
#include "codec/chunk_codec.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace timeless::codec {

/// How a sequence of integers is bit-packed.
enum class int_coding : uint8_t {
  /// Frame of reference: the minimum, then each x - min in `width` bits.
  frame = 0,
  /// x[0], then each delta minus the smallest delta in `width` bits.
  delta = 1,
  /// x[0], x[1] - x[0], then each delta-of-delta minus the smallest.
  delta2 = 2,
  /// Chunks with bounds of their own, or windows of one width at offsets
  /// of their own, in truncated binary (codec/chunk_codec.hpp); segment
  /// format version 2 and later only.
  chunked = 3,
};

/// The cheapest coding of a sequence and its exact size.
struct int_plan {
  int_coding coding;
  unsigned width;
  uint64_t base;       // the minimum of the packed quantity
  size_t bits;         // everything `write_ints` writes
  chunk_plan chunks{}; // the layout if coding == chunked
  /// If coding == chunked: the stream `write_ints` writes after the coding
  /// field, already written (`plan_chunks`); empty: write it then.
  std::vector<uint64_t> stream{};
};

/// The largest width `read_ints` accepts: enough for any coding of values
/// with magnitude below 2^53 (delta-of-delta ranges stay below 2^56).
inline constexpr unsigned max_int_width = 56;

/// Upper bound of `plan_ints(x).bits` for n values of magnitude below 2^53.
constexpr size_t int_bound_bits(size_t n) {
  return 2 + 3 * 71 + 6 + n * max_int_width;
}

/// Picks the smallest coding for `x`, int_coding::chunked only if `chunked`
/// (its window layout only if `window` too: segment format version 3).
/// Requires `!x.empty()` and every |x[i]| < 2^53.
int_plan plan_ints(std::span<const int64_t> x, bool chunked = false,
                   bool window = true);

/// Writes `x` as `plan` (from `plan_ints(x)`) says.
void write_ints(std::span<const int64_t> x, const int_plan& plan,
                bit_writer& w);

/// Reads `n >= 1` integers (as two's-complement bits, arithmetic wrapping)
/// into `out`. Returns false on a short or invalid stream, and on
/// int_coding::chunked unless `chunked` (its window layout unless `window`).
bool read_ints(bit_reader& r, size_t n, uint64_t* out, bool chunked = false,
               bool window = true);

} // namespace timeless::codec
