#pragma once

// The two layouts of the chunked codec as writers (codec/chunk_codec.cpp
// has the layout): the bounds layout's chunk bounds, the window layout's
// geometry (offsets, chunk starts, feasible offsets, the lazy path of
// offsets) and `emit_bounds` / `emit_window`, which write or count (with
// bit_counter) a planned sequence. Internal to codec/chunk_*.cpp.

#include "codec/chunk_bits.hpp"
#include "codec/chunk_codec.hpp"
#include "codec/zigzag.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace timeless::codec::chunk_detail {

// Internal linkage (an unnamed namespace), as when the codec was one file:
// each codec/chunk_*.cpp gets its own copy and the compiler inlines as it
// did then (with external linkage the encoder ran ~5 % slower).
namespace {

/// Chunks are cut into pieces of this many values for `diffs`.
inline constexpr size_t piece = 64;

/// The values a chunk whose bounds scaled by 2^s are [la, ha] may hold:
/// from la << s to (ha << s) + 2^s - 1, clipped at the range g.
inline u64 chunk_span(u64 la, u64 ha, unsigned s, u64 g) {
  return std::min(g, (ha << s) | ((u64{1} << s) - 1)) - (la << s) + 1;
}

// -- bounds layout
// -------------------------------------------------------------

/// Writes (or, with bit_counter, counts) `x` in the bounds layout.
template <class Out>
void emit_bounds(std::span<const int64_t> x, const chunk_plan& p, Out& w) {
  const int64_t* xp = x.data();
  auto put = [&w](u64 v) { w.write_vint(zigzag_encode(v)); };
  w.write(p.order, 2);
  if (p.order >= 1)
    put(static_cast<u64>(xp[0]));
  if (p.order == 2)
    put(static_cast<u64>(xp[1]) - static_cast<u64>(xp[0]));
  w.write(p.size_code, 3);
  put(static_cast<u64>(p.base));
  w.write_vint(p.range);
  w.write(p.shift, 6);
  auto base = static_cast<u64>(p.base);
  auto g = p.range;
  auto s = p.shift;
  auto q = g >> s;
  size_t ny = x.size() - p.order;
  size_t step = size_t{8} << p.size_code;
  u64 y[piece];
  for (size_t a = 0; a < ny; a += step) {
    size_t e = std::min(ny, a + step);
    u64 lo = g, hi = 0;
    for (size_t i = a; i < e; i += piece) {
      auto k = std::min(piece, e - i);
      diffs(xp, p.order, i, i + k, base, y);
      for (size_t j = 0; j < k; ++j) {
        lo = std::min(lo, y[j]);
        hi = std::max(hi, y[j]);
      }
    }
    auto la = lo >> s;
    auto ha = hi >> s;
    w.write_truncated(la, q + 1);
    w.write_truncated(ha - la, q - la + 1);
    auto from = la << s;
    auto m = chunk_span(la, ha, s, g);
    for (size_t i = a; i < e; i += piece) {
      auto k = std::min(piece, e - i);
      diffs(xp, p.order, i, i + k, base + from, y);
      w.write_truncated_run(y, k, m);
    }
  }
}

// -- window layout
// -------------------------------------------------------------

/// A unary quotient of this many one bits escapes: the offset follows as
/// tb(a, A) instead of a correction.
inline constexpr unsigned rice_escape = 8;

/// The number A of offsets a window may take: 0 .. A - 1, where A - 1 is the
/// first whose window reaches g.
inline u64 offset_count(u64 g, u64 width, unsigned s) {
  return ((g + 1 - width + (u64{1} << s) - 1) >> s) + 1;
}

/// Chunk j of the window layout starts at value chunk_start(j): the first
/// chunk has `first` values, every other one `chunk` (clipped at ny).
inline size_t chunk_start(size_t j, size_t chunk, size_t first) {
  return j == 0 ? 0 : first + (j - 1) * chunk;
}

/// The number of chunks of ny values.
inline size_t chunk_total(size_t ny, size_t chunk, size_t first) {
  return first >= ny ? 1 : 1 + (ny - first + chunk - 1) / chunk;
}

/// The offsets [lo, hi] a window of `width` at multiples of 2^s (offset a
/// at a << s) may take and still hold a chunk whose values (minus min y)
/// span [mn, mx]; empty (lo > hi) when none does.
inline void feasible(u64 mn, u64 mx, u64 width, unsigned s, u64 count,
                     int64_t& lo, int64_t& hi) {
  lo = mx >= width
           ? static_cast<int64_t>((mx + 1 - width + (u64{1} << s) - 1) >> s)
           : 0;
  hi = static_cast<int64_t>(std::min(mn >> s, count - 1));
}

/// The smallest width that holds every chunk at a multiple of 2^s.
inline u64 window_width(const u64* mn, const u64* mx, size_t nc, unsigned s) {
  u64 w = 0;
  for (size_t j = 0; j < nc; ++j)
    w = std::max(w, mx[j] - ((mn[j] >> s) << s));
  return w + 1;
}

/// The lazy path of offsets: chunk 0 takes the offset nearest the middle of
/// chunk 1's interval, every later chunk its prediction clamped into its
/// interval. Calls f(j, a_j, prediction_j) for every chunk (the prediction
/// of chunk 0 is unused). Every chunk must fit the width.
template <class F>
void walk(const u64* mn, const u64* mx, size_t nc, u64 width, unsigned s,
          u64 count, unsigned predictor, F&& f) {
  int64_t lo, hi;
  feasible(mn[0], mx[0], width, s, count, lo, hi);
  int64_t a = lo;
  if (nc > 1) {
    int64_t lo1, hi1;
    feasible(mn[1], mx[1], width, s, count, lo1, hi1);
    a = std::clamp(lo1 + (hi1 - lo1) / 2, lo, hi);
  }
  f(size_t{0}, a, a);
  int64_t prev = a, prev2 = a;
  for (size_t j = 1; j < nc; ++j) {
    feasible(mn[j], mx[j], width, s, count, lo, hi);
    auto pred = predictor == 2 && j >= 2 ? 2 * prev - prev2 : prev;
    a = std::clamp(pred, lo, hi);
    f(j, a, pred);
    prev2 = prev;
    prev = a;
  }
}

/// Extremes of the window layout's chunks of v.
inline void chunk_extremes(const u64* v, size_t ny, size_t chunk, size_t first,
                           std::vector<u64>& mn, std::vector<u64>& mx) {
  auto nc = chunk_total(ny, chunk, first);
  mn.resize(nc);
  mx.resize(nc);
  for (size_t j = 0; j < nc; ++j) {
    auto a = chunk_start(j, chunk, first);
    auto e = std::min(ny, chunk_start(j + 1, chunk, first));
    u64 l = v[a], h = v[a];
    for (size_t i = a + 1; i < e; ++i) {
      l = std::min(l, v[i]);
      h = std::max(h, v[i]);
    }
    mn[j] = l;
    mx[j] = h;
  }
}

/// Writes (or counts) the window layout of x, given v = y - min y (ny
/// values, overwritten) and the extremes of its chunks.
template <class Out>
void emit_window(std::span<const int64_t> x, const chunk_plan& p, u64* v,
                 const u64* mn, const u64* mx, Out& w) {
  const int64_t* xp = x.data();
  auto put = [&w](u64 z) { w.write_vint(zigzag_encode(z)); };
  w.write(3, 2); // the escape from the bounds layout's orders
  w.write(p.order, 2);
  if (p.order >= 1)
    put(static_cast<u64>(xp[0]));
  if (p.order == 2)
    put(static_cast<u64>(xp[1]) - static_cast<u64>(xp[0]));
  auto g = p.range;
  size_t ny = x.size() - p.order;
  put(static_cast<u64>(p.base));
  w.write_vint(g);
  if (p.first >= ny) {
    // One chunk: one frame of width g + 1.
    w.write(1, 1);
    w.write(p.group - 1, 2);
    write_groups(w, v, ny, g + 1, p.group);
    return;
  }
  w.write(0, 1);
  w.write_truncated(p.width - 1, g + 1);
  w.write(p.shift, 6);
  w.write_truncated(p.chunk - 1, ny);
  w.write_truncated(p.first - 1, p.chunk);
  w.write(p.predictor - 1, 1);
  w.write(p.rice, 5);
  w.write(p.group - 1, 2);
  auto count = offset_count(g, p.width, p.shift);
  auto k = p.rice;
  auto nc = chunk_total(ny, p.chunk, p.first);
  walk(mn, mx, nc, p.width, p.shift, count, p.predictor,
       [&](size_t j, int64_t a, int64_t pred) {
         auto ua = static_cast<u64>(a);
         if (j == 0) {
           w.write_truncated(ua, count);
         } else {
           auto z = zigzag_encode(static_cast<u64>(a - pred));
           auto q = z >> k;
           if (q < rice_escape) {
             w.write((u64{1} << q) - 1, static_cast<unsigned>(q) + 1);
             w.write(z & ((u64{1} << k) - 1), k);
           } else {
             w.write((u64{1} << rice_escape) - 1, rice_escape);
             w.write_truncated(ua, count);
           }
         }
         auto from = chunk_start(j, p.chunk, p.first);
         auto e = std::min(ny, chunk_start(j + 1, p.chunk, p.first));
         auto off = ua << p.shift;
         for (size_t i = from; i < e; ++i)
           v[i] -= off;
         write_groups(w, v + from, e - from, p.width, p.group);
       });
}

} // namespace

} // namespace timeless::codec::chunk_detail
