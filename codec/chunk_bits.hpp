#pragma once

// Bit-level pieces of the chunked codec (codec/chunk_codec.cpp has the
// layout): differences of x and back, the planner's branch-free bit writer,
// the cost of a truncated binary code, and values coded in groups. Internal
// to codec/chunk_*.cpp.

#include "codec/truncated_code.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace timeless::codec::chunk_detail {

// Internal linkage (an unnamed namespace), as when the codec was one file:
// each codec/chunk_*.cpp gets its own copy and the compiler inlines as it
// did then (with external linkage the encoder ran ~5 % slower).
namespace {

using u64 = uint64_t;

/// y[i] for i in [from, to): the order-`order` differences of x (mod 2^64)
/// minus `base`, into `out`.
inline void diffs(const int64_t* x, unsigned order, size_t from, size_t to,
                  u64 base, u64* out) {
  auto v = [x](size_t i) { return static_cast<u64>(x[i]); };
  switch (order) {
    case 0:
      for (size_t i = from; i < to; ++i)
        *out++ = v(i) - base;
      break;
    case 1:
      for (size_t i = from; i < to; ++i)
        *out++ = v(i + 1) - v(i) - base;
      break;
    default:
      for (size_t i = from; i < to; ++i)
        *out++ = v(i + 2) - 2 * v(i + 1) + v(i) - base;
      break;
  }
}

/// Turns out[order..n) from differences of order `order` back into values,
/// given x[0] (`first`) and x[1] - x[0] (`d`).
inline void undiff(u64* out, size_t n, unsigned order, u64 first, u64 d) {
  if (order == 1) {
    out[0] = first;
    for (size_t i = 1; i < n; ++i)
      out[i] += out[i - 1];
  } else if (order == 2) {
    out[0] = first;
    out[1] = first + d;
    for (size_t i = 2; i < n; ++i) {
      d += out[i];
      out[i] = out[i - 1] + d;
    }
  }
}

/// A bit writer for the planner's own stream: the same bits as bit_writer,
/// without branches. Each write stores 8 bytes at the current byte, so the
/// buffer needs 8 bytes beyond the last bit.
class fast_writer {
  using u64 = uint64_t;

 public:
  explicit fast_writer(uint8_t* buf) : start_(buf), out_(buf) {
    // nop
  }

  /// Writes the low `n <= 64` bits of `v` (the bits above n are zero).
  void write(uint64_t v, unsigned n) {
    if (n > 56) {
      put(v & ((uint64_t{1} << 32) - 1), 32);
      v >>= 32;
      n -= 32;
    }
    put(v, n);
  }

  void write_vint(uint64_t v) {
    auto b = static_cast<unsigned>(std::bit_width(v));
    put(b, 7);
    write(v, b);
  }

  void write_truncated(uint64_t v, uint64_t m) {
    write_truncated_run(&v, 1, m);
  }

  void write_truncated_run(const uint64_t* v, size_t count, uint64_t m) {
    if (m <= 1)
      return;
    truncated_code code{m};
    auto b = code.bits;
    auto u = code.short_count;
    for (size_t i = 0; i < count; ++i) {
      // Branch free: the long codes are as frequent as the short ones.
      auto x = v[i];
      auto wide = static_cast<u64>(x >= u);
      auto t = x + u;
      auto longer = (t >> 1) | (t & 1) << (b - 1);
      auto mask = u64{0} - wide;
      put((x & ~mask) | (longer & mask), b - 1 + static_cast<unsigned>(wide));
    }
  }

  size_t bits() const { return static_cast<size_t>(out_ - start_) * 8 + fill_; }

  /// Zeroes the bits after the last one up to the end of its 8-byte word
  /// (and a little further); returns bits().
  size_t finish() {
    std::memcpy(out_, &acc_, 8);
    return bits();
  }

 private:
  /// n <= 56.
  void put(uint64_t v, unsigned n) {
    acc_ |= v << fill_; // fill_ <= 7
    fill_ += n;         // <= 63
    std::memcpy(out_, &acc_, 8);
    auto bytes = fill_ >> 3;
    out_ += bytes;
    acc_ >>= 8 * bytes;
    fill_ &= 7;
  }

  uint8_t* start_;
  uint8_t* out_;
  uint64_t acc_ = 0;
  unsigned fill_ = 0;
};

/// 256 * (E(m) - (b - 1)) for m = 2^(b-1) * (1 + i/32), where E(m) is the
/// mean length of tb(v, m) over uniform v: b - u/m = b - 1 + 2f / (1 + f).
inline constexpr uint16_t tb_frac_q8[33] = {
    0,   16,  30,  44,  57,  69,  81,  92,  102, 112, 122,
    131, 140, 148, 156, 163, 171, 178, 184, 191, 197, 203,
    209, 214, 219, 225, 230, 234, 239, 243, 248, 252, 256};

/// The mean bits of tb(v, m) over uniform v, in 1/256 bits (estimate).
inline u64 tb_cost_q8(u64 m) {
  if (m <= 1)
    return 0;
  auto b = static_cast<unsigned>(std::bit_width(m - 1));
  auto half = u64{1} << (b - 1);
  auto i = ((m - half) << 5) >> (b - 1); // in (0, 32]; m < 2^57
  return (b - 1) * 256 + tb_frac_q8[i];
}

/// W^g if it is at most 2^56, else 0.
inline u64 group_span(u64 width, unsigned group) {
  u64 m = 1;
  for (unsigned i = 0; i < group; ++i) {
    if (m > (u64{1} << 56) / width)
      return 0;
    m *= width;
  }
  return m;
}

/// Writes the `len` values at v (each below `width`) in groups of `group`
/// (the last one possibly smaller): each group as one truncated binary
/// code of v0 + v1 W + v2 W^2 + ... in [0, W^group).
template <class Out>
void write_groups(Out& w, const u64* v, size_t len, u64 width, unsigned group) {
  if (group == 1) {
    w.write_truncated_run(v, len, width);
    return;
  }
  u64 t[64];
  size_t full = len / group;
  auto m = group_span(width, group);
  for (size_t i = 0; i < full;) {
    auto k = std::min<size_t>(64, full - i);
    for (size_t j = 0; j < k; ++j, ++i) {
      const u64* g = v + i * group;
      u64 x = g[group - 1];
      for (unsigned e = group - 1; e-- > 0;)
        x = x * width + g[e];
      t[j] = x;
    }
    w.write_truncated_run(t, k, m);
  }
  auto rest = static_cast<unsigned>(len - full * group);
  if (rest > 0) {
    const u64* g = v + full * group;
    u64 x = g[rest - 1];
    for (unsigned e = rest - 1; e-- > 0;)
      x = x * width + g[e];
    w.write_truncated(x, group_span(width, rest));
  }
}

} // namespace

} // namespace timeless::codec::chunk_detail
