#pragma once

#include "codec/bit_reader.hpp"
#include "codec/bit_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace timeless::codec {

/// Upper bound of the bits `gorilla_encode` writes for `n` values.
constexpr size_t gorilla_bound_bits(size_t n) {
  return 64 + n * 77;
}

/// The exact number of bits `gorilla_encode(v, ...)` writes, or some number
/// above `limit` once the count passes it (for choosing an encoding).
size_t gorilla_cost_bits(std::span<const double> v, size_t limit = SIZE_MAX);

/// Gorilla XOR coding of any doubles, bit-exact (NaN payloads, -0.0, ...).
/// Requires `!v.empty()`.
void gorilla_encode(std::span<const double> v, bit_writer& w);

/// Reads `n >= 1` values into `out`. Returns false on a short or invalid
/// stream.
bool gorilla_decode(bit_reader& r, size_t n, double* out);

} // namespace timeless::codec
