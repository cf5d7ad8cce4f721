#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace timeless::codec {

/// The largest decimal scale: values are mantissa / 10^k, k in [0, 22]
/// (10^22 is the largest power of ten a double holds exactly).
inline constexpr unsigned max_decimal_scale = 22;

/// Mantissas stay below this in magnitude, so they convert to double exactly.
inline constexpr int64_t max_decimal_mantissa = int64_t{1} << 53;

/// Finds the smallest scale k such that every value is exactly
/// `double(m[i]) / 10^k` (bit for bit) with |m[i]| < 2^53, and stores the
/// mantissas in `m` (room for `v.size()`). Returns false if there is none:
/// NaN, ±Inf, -0.0, |v| >= 2^53, or too many significant digits.
bool to_decimal(std::span<const double> v, int64_t* m, unsigned& k);

/// out[i] = double(m[i]) / 10^k, the exact inverse of `to_decimal`.
/// Requires `k <= max_decimal_scale`.
void from_decimal(const uint64_t* m, size_t n, unsigned k, double* out);

} // namespace timeless::codec
