#pragma once

#include <bit>
#include <cassert>
#include <cstdint>

namespace timeless::codec {

/// The truncated binary code of [0, m), 2 <= m <= 2^56: with b = ceil(log2 m)
/// and u = 2^b - m, a value v < u takes b - 1 bits (v itself); any other
/// takes b bits: t = v + u as t / 2 in b - 1 bits, then t % 2. Within 0.09
/// bits of log2 m on uniform values; every bit pattern decodes to a value
/// below m. One place for the arithmetic of `bit_writer`, `bit_counter` and
/// `bit_reader`.
struct truncated_code {
  unsigned bits;        ///< b
  uint64_t short_count; ///< u: the values that take b - 1 bits

  explicit constexpr truncated_code(uint64_t m)
      : bits(static_cast<unsigned>(std::bit_width(m - 1))),
        short_count((uint64_t{1} << bits) - m) {
    assert(m >= 2 && m <= uint64_t{1} << 56);
  }

  /// The bits v takes.
  constexpr unsigned length(uint64_t v) const {
    return bits - 1 + (v >= short_count);
  }

  /// The `length(v)` bits of v, least significant written first.
  constexpr uint64_t pattern(uint64_t v) const {
    auto t = v + short_count;
    return v < short_count ? v : (t >> 1) | (t & 1) << (bits - 1);
  }

  /// The value of a long code whose first b - 1 bits are `high` (>= u) and
  /// whose last bit is `last`.
  constexpr uint64_t value_of_long(uint64_t high, uint64_t last) const {
    return 2 * high - short_count + last;
  }
};

} // namespace timeless::codec
