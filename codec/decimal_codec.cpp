#include "codec/decimal_codec.hpp"

#include <bit>
#include <cassert>
#include <cmath>

namespace timeless::codec {

namespace {

constexpr double pow10[max_decimal_scale + 1] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

constexpr double two53 = 9007199254740992.0;

/// The mantissa of `x` at scale k if it round-trips, else false.
bool mantissa_at(double x, unsigned k, int64_t& m) {
  auto s = x * pow10[k];
  if (!(std::fabs(s) < two53))
    return false;
  // Round half away from zero, inline (nearbyint is a libm call without
  // SSE4.1); s - t is exact below 2^53. Any rounding works: it is verified.
  auto t = static_cast<int64_t>(s);
  auto f = s - static_cast<double>(t);
  m = t + (f >= 0.5) - (f <= -0.5);
  return std::bit_cast<uint64_t>(static_cast<double>(m) / pow10[k]) ==
         std::bit_cast<uint64_t>(x);
}

} // namespace

bool to_decimal(std::span<const double> v, int64_t* m, unsigned& k) {
  // Try the scale found so far first: a value exact at scale j is exact at
  // every larger scale whose mantissa stays below 2^53 (the division is
  // correctly rounded and the quotient is the same rational number).
  unsigned cur = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    auto x = v[i];
    if (!(std::fabs(x) < two53) || std::bit_cast<uint64_t>(x) == (1ull << 63))
      return false; // NaN, ±Inf, huge, -0.0
    auto need = cur;
    while (!mantissa_at(x, need, m[i])) {
      if (need == max_decimal_scale || !(std::fabs(x * pow10[need]) < two53))
        return false;
      ++need;
    }
    if (need != cur) {
      // 10^16 > 2^53: past that only zero mantissas can be rescaled.
      auto f = need - cur > 15 ? max_decimal_mantissa
                               : static_cast<int64_t>(pow10[need - cur]);
      auto lim = (max_decimal_mantissa + f - 1) / f;
      for (size_t j = 0; j < i; ++j) {
        if (m[j] >= lim || m[j] <= -lim)
          return false;
        m[j] *= f;
      }
      cur = need;
    }
  }
  k = cur;
  return true;
}

void from_decimal(const uint64_t* m, size_t n, unsigned k, double* out) {
  assert(k <= max_decimal_scale);
  auto p = pow10[k];
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<double>(static_cast<int64_t>(m[i])) / p;
}

} // namespace timeless::codec
