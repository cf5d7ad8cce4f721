#include "codec/chunk_codec.hpp"

#include "codec/zigzag.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <iterator>
#include <limits>
#include <vector>

// Layout (after int_codec's 2-bit coding field, which is 3): 2 bits t; the
// bounds layout if t <= 2 (segment format version 2 and later), the window
// layout if t == 3 (version 3 and later; invalid in a version 2 blob).
//
// Bounds layout, t = order:
//   t >= 1: vint zz(x[0]);  t == 2: vint zz(x[1] - x[0]); requires n > t
//           y = the t-th differences of x: n - t values (mod 2^64)
//   3 bits  size code c: chunks of C = 8 << c values of y, the last one
//           possibly shorter
//   vint    zz(lo), lo = min y
//   vint    g = max y - min y, < 2^56
//   6 bits  shift s <= bit_width(g); q = g >> s
//   per chunk, in order:
//     tb(a, q + 1)           a = (chunk min - lo) >> s
//     tb(h - a, q - a + 1)   h = (chunk max - lo) >> s
//     per value: tb(y - lo - L, H - L + 1) with L = a << s and
//     H = min(g, h << s | (2^s - 1))
//
// Window layout (t == 3):
//   2 bits  order r <= 2 (3 is invalid); requires n > r
//   r >= 1: vint zz(x[0]);  r == 2: vint zz(x[1] - x[0])
//           y = the r-th differences of x: ny = n - r values (mod 2^64)
//   vint    zz(lo), lo = min y
//   vint    g = max y - min y, < 2^56
//   1 bit   one chunk: 1 = every y in one window of width W = g + 1 at lo;
//           then 2 bits G - 1 and the values (below); nothing else
//   otherwise:
//   tb(W - 1, g + 1)   window width W, 1 <= W <= g + 1
//   6 bits  shift s <= bit_width(g + 1 - W): offsets are multiples of
//           2^s, a window at offset a spans [lo + a 2^s, lo + a 2^s + W);
//           A = ceil((g + 1 - W) / 2^s) + 1 offsets a in [0, A)
//   tb(C - 1, ny)      chunk length C, 1 <= C <= ny
//   tb(F - 1, C)       first chunk length F, 1 <= F <= C; then chunks of C
//                      (the last one possibly shorter)
//   1 bit   predictor p - 1 (p = 1 or 2)
//   5 bits  Rice parameter k
//   2 bits  group size G - 1 (G = 1..4); W^G must be <= 2^56
//   per chunk j, in order:
//     j == 0: tb(a_0, A)
//     j >= 1: prediction e = a_{j-1} if p == 1 or j == 1, else
//             e = 2 a_{j-1} - a_{j-2}; z = zz(a_j - e) in Rice code: u =
//             z >> k (< 8) one bits, a zero bit, then the k low bits of
//             z; or 8 one bits (escape), then tb(a_j, A). a_j must be in
//             [0, A).
//     its values (below), each v = y - lo - a_j 2^s in [0, W)
//   Values, in groups of G in order (the chunk's last group possibly
//   smaller, of h values): each group v_0 .. v_{h-1} as one number
//   tb(v_0 + v_1 W + ... + v_{h-1} W^(h-1), W^h).
//
// tb(v, m) is the truncated binary code of v in [0, m) (b = ceil(log2 m),
// u = 2^b - m: v < u in b - 1 bits, else t = v + u as t / 2 in b - 1 bits
// then t % 2; nothing when m = 1); any bit pattern decodes to a value below
// m. `vint`: 7 bits length b, then b bits. So only t, r, g, s, G and the
// offsets a_j need checks; any other bits decode to valid fields.
//
// Bounds: with s = bit_width(g) every chunk spans [lo, lo + g]: one frame
// for the whole sequence without the power-of-two rounding. Smaller shifts
// give each chunk bounds of its own, so the code follows a level that
// drifts (a daily cycle) at the cost of two bounds a chunk.
//
// Window: every chunk is coded in a window of one width W, at an offset of
// its own that costs a few bits when it is near its prediction from the
// previous chunks: for a level that drifts or steps under noise of a
// constant spread. The encoder puts chunk boundaries (F, C) at the level's
// steps when it finds them (vs-vm: hourly, every 12 points). Groups code
// G values as one number: a truncated binary code wastes up to 0.086 bits
// (0.05 on average) a code, so G = 3 cuts that to about a third. The one
// chunk form is a frame of the whole sequence, 2 bits shorter than the
// bounds layout's, with groups.

namespace timeless::codec {

namespace {

using u64 = uint64_t;

/// y[i] for i in [from, to): the order-`order` differences of x (mod 2^64)
/// minus `base`, into `out`.
void diffs(const int64_t* x, unsigned order, size_t from, size_t to, u64 base,
           u64* out) {
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
void undiff(u64* out, size_t n, unsigned order, u64 first, u64 d) {
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

/// Chunks are cut into pieces of this many values for `diffs`.
constexpr size_t piece = 64;

/// The values a chunk whose bounds scaled by 2^s are [la, ha] may hold:
/// from la << s to (ha << s) + 2^s - 1, clipped at the range g.
inline u64 chunk_span(u64 la, u64 ha, unsigned s, u64 g) {
  return std::min(g, (ha << s) | ((u64{1} << s) - 1)) - (la << s) + 1;
}

/// 256 * (E(m) - (b - 1)) for m = 2^(b-1) * (1 + i/32), where E(m) is the
/// mean length of tb(v, m) over uniform v: b - u/m = b - 1 + 2f / (1 + f).
constexpr uint16_t tb_frac_q8[33] = {
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

/// The bounds layout's chunk size and shift that look cheapest, given the
/// extremes (minus min y) of the chunks of 8 values of y: `lo` and `hi`
/// (nc entries each, overwritten), and that estimate in 1/256 bits. `best`
/// comes with order, base and range set.
void estimate_bounds(size_t ny, u64* lo, u64* hi, size_t nc, chunk_plan& best,
                     u64& best_cost) {
  auto g = best.range;
  auto width = static_cast<unsigned>(std::bit_width(g));
  // One frame (s = width): chunk bounds cost nothing, whatever the chunk
  // size; the largest writes fastest.
  best.size_code = 7;
  best.shift = width;
  best_cost = ny * tb_cost_q8(g + 1);
  for (unsigned code = 0; code < 4; ++code) {
    size_t step = size_t{8} << code;
    if (code > 0) {
      if (nc == 1)
        break;
      size_t half = (nc + 1) / 2;
      for (size_t c = 0; c < half; ++c) {
        auto d = std::min(2 * c + 1, nc - 1);
        lo[c] = std::min(lo[2 * c], lo[d]);
        hi[c] = std::max(hi[2 * c], hi[d]);
      }
      nc = half;
    }
    // A shift near log2(typical chunk range / chunk size) balances the cost
    // of the bounds against the slack they leave; try it and its neighbours.
    u64 sum = 0;
    for (size_t c = 0; c < nc; ++c)
      sum += std::bit_width(hi[c] - lo[c]);
    auto guess = static_cast<int>((sum + nc / 2) / nc) - static_cast<int>(code);
    guess -= 2; // - log2(8) + 1
    for (int s = guess - 1; s <= guess + 1; ++s) {
      if (s < 0 || s >= static_cast<int>(width))
        continue;
      auto q = g >> s; // >= 1
      truncated_code first{q + 1};
      u64 bounds = 0, values = 0;
      for (size_t c = 0; c < nc; ++c) {
        auto la = lo[c] >> s;
        auto ha = hi[c] >> s;
        auto m = chunk_span(la, ha, s, g);
        bounds +=
            first.length(la) + bit_writer::truncated_bits(ha - la, q - la + 1);
        values += tb_cost_q8(m);
      }
      // Every chunk holds `step` values but the last.
      auto last = ny - (nc - 1) * step;
      auto cost = 256 * bounds + step * values -
                  (step - last) * tb_cost_q8(chunk_span(lo[nc - 1] >> s,
                                                        hi[nc - 1] >> s, s, g));
      if (cost < best_cost) {
        best_cost = cost;
        best.size_code = code;
        best.shift = static_cast<unsigned>(s);
      }
    }
  }
}

// -- window layout
// -------------------------------------------------------------

/// A unary quotient of this many one bits escapes: the offset follows as
/// tb(a, A) instead of a correction.
constexpr unsigned rice_escape = 8;

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
void chunk_extremes(const u64* v, size_t ny, size_t chunk, size_t first,
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

/// The mean bits a value of width W takes in groups of `group`, in 1/256
/// bits (exact for whole groups of uniform values).
inline u64 group_cost_q8(u64 width, unsigned group) {
  auto m = group_span(width, group);
  if (m <= 1)
    return 0;
  truncated_code code{m};
  auto bits = code.bits -
              static_cast<double>(code.short_count) / static_cast<double>(m);
  return static_cast<u64>(bits * 256 / group + 0.5);
}

/// The group size (1 to 4) whose mean cost a value of width W is lowest,
/// and that cost in 1/256 bits.
inline unsigned best_group(u64 width, u64& cost) {
  unsigned best = 1;
  cost = tb_cost_q8(width);
  if (width < 2)
    return best;
  cost = group_cost_q8(width, 1);
  for (unsigned group = 2; group <= max_window_group; ++group) {
    if (group_span(width, group) == 0)
      break;
    auto c = group_cost_q8(width, group);
    if (c < cost) {
      cost = c;
      best = group;
    }
  }
  return best;
}

/// The fewest values the window planner tries several chunks for: below,
/// their header and offsets rarely pay.
constexpr size_t window_min_values = 64;

/// Chunk lengths the window planner tries, in atoms of 4 values.
constexpr unsigned window_atoms[] = {1, 2, 3, 4, 6, 8, 12, 16};
constexpr size_t window_lengths = std::size(window_atoms);

/// Per atom (4 values of v), the extremes of the window_atoms[c] atoms from
/// it on; T is int32_t when the range is below 2^31 (the loops vectorize),
/// else u64. The arrays hold `padded(na)` atoms, empty past the last.
template <class T>
struct atom_table {
  std::vector<T> lo[window_lengths];
  std::vector<T> hi[window_lengths];
};

/// Every window_atoms length divides this period of the phase scan.
constexpr size_t phase_period = 48;

/// Atoms the arrays hold for na atoms: whole phase periods, and at least 16
/// empty atoms to merge windows with.
constexpr size_t padded(size_t na) {
  return (na + 16 + phase_period - 1) / phase_period * phase_period;
}

/// Scratch space of the planners, one per thread.
struct scratch {
  std::vector<u64> v; // y - min y
  atom_table<int32_t> a32;
  atom_table<u64> a64;
  std::vector<u64> mn, mx, z, lo8, hi8; // per chunk
  std::vector<u64> words;               // a stream written by the planner
};

scratch& scratch_space() {
  thread_local scratch s;
  return s;
}

/// v = y - min y for the order-`order` differences of x; sets order, base
/// and range of `p`. `known`, if not null, holds min y and max y.
void prepare(std::span<const int64_t> x, unsigned order, std::vector<u64>& v,
             chunk_plan& p, const diff_range* known = nullptr) {
  size_t ny = x.size() - order;
  v.resize(ny);
  int64_t lo, hi;
  if (known != nullptr) {
    lo = known->lo;
    hi = known->hi;
  } else {
    diffs(x.data(), order, 0, ny, 0, v.data());
    lo = static_cast<int64_t>(v[0]);
    hi = lo;
    for (size_t i = 1; i < ny; ++i) {
      lo = std::min(lo, static_cast<int64_t>(v[i]));
      hi = std::max(hi, static_cast<int64_t>(v[i]));
    }
  }
  p.order = order;
  p.base = lo;
  p.range = static_cast<u64>(hi) - static_cast<u64>(lo);
  diffs(x.data(), order, 0, ny, static_cast<u64>(lo), v.data());
}

/// Windows `to` as windows `from` merged with windows `other` `step` atoms
/// on.
template <class T>
void merge_atoms(size_t na, atom_table<T>& t, size_t to, size_t from,
                 size_t other, size_t step) {
  constexpr T empty_lo = std::numeric_limits<T>::max();
  {
    auto& lt = t.lo[to];
    auto& ht = t.hi[to];
    lt.assign(padded(na), empty_lo);
    ht.assign(padded(na), T{0});
    T* lw = lt.data();
    T* hw = ht.data();
    const T* lf = t.lo[from].data();
    const T* hf = t.hi[from].data();
    const T* l2 = t.lo[other].data() + step;
    const T* h2 = t.hi[other].data() + step;
    for (size_t i = 0; i < na; ++i) {
      lw[i] = std::min(lf[i], l2[i]);
      hw[i] = std::max(hf[i], h2[i]);
    }
  }
}

/// The extremes of the atoms of v and of windows of 2 atoms (what the
/// bounds layout needs); widen_atoms adds the other lengths.
template <class T>
void fill_atoms(const std::vector<u64>& v, atom_table<T>& t) {
  constexpr T empty_lo = std::numeric_limits<T>::max();
  size_t ny = v.size();
  size_t na = (ny + 3) / 4;
  auto& l = t.lo[0];
  auto& h = t.hi[0];
  l.assign(padded(na), empty_lo);
  h.assign(padded(na), T{0});
  size_t full = ny / 4;
  const u64* q = v.data();
  for (size_t a = 0; a < full; ++a, q += 4) {
    auto x0 = static_cast<T>(q[0]), x1 = static_cast<T>(q[1]);
    auto x2 = static_cast<T>(q[2]), x3 = static_cast<T>(q[3]);
    l[a] = std::min(std::min(x0, x1), std::min(x2, x3));
    h[a] = std::max(std::max(x0, x1), std::max(x2, x3));
  }
  for (size_t i = 4 * full; i < ny; ++i) {
    l[full] = std::min(l[full], static_cast<T>(v[i]));
    h[full] = std::max(h[full], static_cast<T>(v[i]));
  }
  merge_atoms(na, t, 1, 0, 0, 1); // 2 = 1 + 1
}

/// The windows of every window_atoms length from those of 1 and 2 atoms.
template <class T>
void widen_atoms(size_t na, atom_table<T>& t) {
  merge_atoms(na, t, 2, 1, 0, 2); // 3 = 2 + 1
  merge_atoms(na, t, 3, 1, 1, 2); // 4 = 2 + 2
  merge_atoms(na, t, 4, 2, 2, 3); // 6 = 3 + 3
  merge_atoms(na, t, 5, 3, 3, 4); // 8 = 4 + 4
  merge_atoms(na, t, 6, 4, 4, 6); // 12 = 6 + 6
  merge_atoms(na, t, 7, 5, 5, 8); // 16 = 8 + 8
}

/// The bounds layout from the atoms: chunks of 8 are pairs of atoms.
template <class T>
chunk_plan estimate_bounds_from_atoms(const chunk_plan& prepared, size_t ny,
                                      const atom_table<T>& t, scratch& sc,
                                      u64& cost) {
  size_t nc = (ny + 7) / 8;
  sc.lo8.resize(nc);
  sc.hi8.resize(nc);
  const T* l = t.lo[1].data(); // windows of 2 atoms
  const T* h = t.hi[1].data();
  for (size_t c = 0; c < nc; ++c) {
    sc.lo8[c] = static_cast<u64>(l[2 * c]);
    sc.hi8[c] = static_cast<u64>(h[2 * c]);
  }
  chunk_plan p = prepared;
  p.window = false;
  estimate_bounds(ny, sc.lo8.data(), sc.hi8.data(), nc, p, cost);
  return p;
}

/// The window cost estimate (1/256 bits) of chunks with extremes mn, mx at
/// shift s with `predictor`; sets width, shift and rice of `p`. UINT64_MAX
/// if the shift is too large for the width.
u64 window_cost(const u64* mn, const u64* mx, size_t nc, size_t ny, unsigned s,
                unsigned predictor, std::vector<u64>& z, chunk_plan& p) {
  auto g = p.range;
  auto width = window_width(mn, mx, nc, s);
  if (s > std::bit_width(g + 1 - width))
    return UINT64_MAX;
  auto count = offset_count(g, width, s);
  z.resize(nc);
  u64 sum = 0;
  u64 first = 0;
  walk(mn, mx, nc, width, s, count, predictor,
       [&](size_t j, int64_t a, int64_t pred) {
         if (j == 0)
           first = static_cast<u64>(a);
         auto c = zigzag_encode(static_cast<u64>(a - pred));
         z[j] = c;
         sum += std::min<u64>(c, u64{1} << 40);
       });
  // Rice parameters near log2 of the mean correction.
  auto mean = nc > 1 ? sum / (nc - 1) : 0;
  auto k0 = static_cast<int>(std::bit_width(mean));
  auto escape = rice_escape + std::bit_width(count);
  u64 best = UINT64_MAX;
  unsigned best_k = 0;
  for (int k = std::max(0, k0 - 2);
       k <= std::min(k0, static_cast<int>(max_window_rice)); ++k) {
    u64 bits = 0;
    for (size_t j = 1; j < nc; ++j) {
      auto q = z[j] >> k;
      bits += q < rice_escape ? q + 1 + static_cast<unsigned>(k) : escape;
    }
    if (bits < best) {
      best = bits;
      best_k = static_cast<unsigned>(k);
    }
  }
  best += bit_writer::truncated_bits(first, count);
  p.width = width;
  p.shift = s;
  p.predictor = predictor;
  p.rice = best_k;
  u64 per_value = 0;
  p.group = best_group(width, per_value);
  return ny * per_value + 256 * best;
}

/// Evaluates the window layout with chunks of `chunk` values, the first of
/// `first`, over shifts (climbing from a guess) and predictors; keeps the
/// cheapest in `best`.
template <class T>
void try_window(size_t ny, size_t c, size_t first, const atom_table<T>& t,
                scratch& sc, chunk_plan& best, u64& best_cost) {
  // Chunks of k atoms: the first one's extremes from the values, the others'
  // from the atom windows (empty atoms past the end).
  size_t k = window_atoms[c];
  size_t chunk = 4 * k;
  auto nc = chunk_total(ny, chunk, first);
  sc.mn.resize(nc);
  sc.mx.resize(nc);
  {
    u64 l = UINT64_MAX, h = 0;
    for (size_t i = 0; i < std::min(first, ny); ++i) {
      l = std::min(l, sc.v[i]);
      h = std::max(h, sc.v[i]);
    }
    sc.mn[0] = l;
    sc.mx[0] = h;
    const T* lc = t.lo[c].data() + first / 4;
    const T* hc = t.hi[c].data() + first / 4;
    for (size_t j = 1; j < nc; ++j) {
      sc.mn[j] = static_cast<u64>(lc[(j - 1) * k]);
      sc.mx[j] = static_cast<u64>(hc[(j - 1) * k]);
    }
  }
  const u64* mn = sc.mn.data();
  const u64* mx = sc.mx.data();
  chunk_plan p = best;
  p.window = true;
  p.chunk = chunk;
  p.first = first;
  // The fields a window of several chunks adds to the header.
  auto header = 256 * (std::bit_width(best.range) + std::bit_width(ny) +
                       std::bit_width(chunk) + 6 + 1 + 5);
  auto eval = [&](unsigned s, unsigned predictor) {
    auto cost = window_cost(mn, mx, nc, ny, s, predictor, sc.z, p);
    cost = cost == UINT64_MAX ? cost : cost + header;
    if (cost < best_cost) {
      best_cost = cost;
      best = p;
    }
    return cost;
  };
  // Start near the typical room a chunk leaves in the widest one.
  u64 widest = 0, sum = 0;
  for (size_t j = 0; j < nc; ++j) {
    widest = std::max(widest, mx[j] - mn[j]);
    sum += mx[j] - mn[j];
  }
  auto room = widest - sum / nc;
  unsigned predictor = nc >= 3 ? 2 : 1;
  auto s = static_cast<unsigned>(std::bit_width(room / 2));
  auto c0 = eval(s, predictor);
  auto up = eval(s + 1, predictor);
  if (up < c0) {
    ++s;
    c0 = up;
    for (;;) {
      auto c = eval(s + 1, predictor);
      if (c >= c0)
        break;
      c0 = c;
      ++s;
    }
  } else {
    while (s > 0) {
      auto c = eval(s - 1, predictor);
      if (c >= c0)
        break;
      c0 = c;
      --s;
    }
  }
  if (predictor == 2)
    eval(s, 1);
}

/// The window layout that looks cheapest for the prepared v, with its
/// estimate in 1/256 bits; needs fill_atoms' table, and widens it when it
/// looks at several chunks.
template <class T>
chunk_plan estimate_window(const chunk_plan& prepared, size_t ny,
                           atom_table<T>& t, scratch& sc, u64& best_cost,
                           u64 rival = UINT64_MAX) {
  auto g = prepared.range;
  // One chunk: one frame of width g + 1.
  chunk_plan best = prepared;
  best.window = true;
  best.width = g + 1;
  best.shift = 0;
  best.chunk = ny;
  best.first = ny;
  best.predictor = 1;
  best.rice = 0;
  u64 per_value = 0;
  best.group = best_group(g + 1, per_value);
  best_cost = ny * per_value;
  // Several chunks need enough values to pay for their header.
  if (ny < window_min_values || g == 0)
    return best;
  // And a window at least as wide as every atom (chunks are whole atoms):
  // skip them if even that cannot beat one chunk or the rival.
  size_t na = (ny + 3) / 4;
  u64 atom_range = 0;
  for (size_t i = 0; i < na; ++i)
    atom_range =
        std::max(atom_range, static_cast<u64>(t.hi[0][i] - t.lo[0][i]));
  u64 narrowest = 0;
  best_group(atom_range + 1, narrowest);
  if (ny * narrowest + 20 * 256 >= std::min(best_cost, rival))
    return best;
  widen_atoms(na, t);

  // Per chunk length, the phase whose widest chunk is narrowest; the length
  // whose estimate is lowest gets evaluated.
  u64 top_cost = UINT64_MAX;
  size_t top = window_lengths, top_first = 0;
  u64 widest[16];
  for (size_t c = 0; c < window_lengths; ++c) {
    auto k = window_atoms[c];
    if (8 * k > ny)
      break;
    const T* lc = t.lo[c].data();
    const T* hc = t.hi[c].data();
    // Widest window per atom modulo the period, then per phase (empty
    // atoms have hi - lo < 0 as int32_t and 1 as u64: at most one value
    // more than the truth).
    T acc[phase_period] = {};
    for (size_t i = 0; i < na; i += phase_period)
      for (size_t j = 0; j < phase_period; ++j)
        acc[j] = std::max(acc[j], static_cast<T>(hc[i + j] - lc[i + j]));
    for (size_t f = 0; f < k; ++f) {
      T m = 0;
      for (size_t j = f; j < phase_period; j += k)
        m = std::max(m, acc[j]);
      widest[f] = static_cast<u64>(m);
    }
    size_t phase = 0;
    for (size_t f = 1; f < k; ++f)
      if (widest[f] < widest[phase])
        phase = f;
    size_t chunk = 4 * k;
    size_t first = phase == 0 ? chunk : 4 * phase;
    // Values at the widest width, plus about 3 bits a chunk for offsets
    // and 30 for the header.
    auto cost = ny * tb_cost_q8(widest[phase] + 1) +
                (chunk_total(ny, chunk, first) * 3 + 30) * 256;
    if (cost < top_cost) {
      top_cost = cost;
      top = c;
      top_first = first;
    }
  }
  // Only worth a closer look if the rough estimate beats the rival's.
  if (top != window_lengths && top_cost < rival)
    try_window(ny, top, top_first, t, sc, best, best_cost);
  return best;
}

/// Writes `p` for x into sc.words (v prepared for p's order) and sets
/// p.bits.
void write_to_scratch(std::span<const int64_t> x, chunk_plan& p, scratch& sc) {
  size_t ny = x.size() - p.order;
  // At most: the header; 56 bits a value; per chunk 8 + 56 bits (window,
  // chunks of 1 or more) or 2 * 56 bits (bounds, chunks of 8 or more); and
  // the 8 bytes fast_writer stores beyond.
  sc.words.resize((1024 + ny * (56 + 64)) / 64 + 2);
  fast_writer w(reinterpret_cast<uint8_t*>(sc.words.data()));
  if (p.window) {
    if (p.first < ny) // else one chunk: no offsets
      chunk_extremes(sc.v.data(), ny, p.chunk, p.first, sc.mn, sc.mx);
    emit_window(x, p, sc.v.data(), sc.mn.data(), sc.mx.data(), w);
  } else {
    emit_bounds(x, p, w);
  }
  p.bits = w.finish();
}

} // namespace

chunk_plan plan_chunked(std::span<const int64_t> x,
                        std::span<const unsigned> orders) {
  assert(!orders.empty());
  chunk_plan best;
  u64 best_cost = UINT64_MAX;
  std::vector<u64> lo, hi, y(8);
  for (auto order : orders) {
    assert(order <= max_chunk_order && x.size() > order);
    size_t ny = x.size() - order;
    // Extremes of chunks of 8 (as signed y), then relative to min y.
    size_t nc = (ny + 7) / 8;
    lo.resize(nc);
    hi.resize(nc);
    for (size_t c = 0; c < nc; ++c) {
      auto k = std::min<size_t>(8, ny - c * 8);
      diffs(x.data(), order, c * 8, c * 8 + k, 0, y.data());
      auto l = static_cast<int64_t>(y[0]), h = l;
      for (size_t i = 1; i < k; ++i) {
        l = std::min(l, static_cast<int64_t>(y[i]));
        h = std::max(h, static_cast<int64_t>(y[i]));
      }
      lo[c] = static_cast<u64>(l);
      hi[c] = static_cast<u64>(h);
    }
    auto glo = *std::min_element(lo.begin(), lo.end(), [](u64 a, u64 b) {
      return static_cast<int64_t>(a) < static_cast<int64_t>(b);
    });
    auto ghi = *std::max_element(hi.begin(), hi.end(), [](u64 a, u64 b) {
      return static_cast<int64_t>(a) < static_cast<int64_t>(b);
    });
    for (size_t c = 0; c < nc; ++c) {
      lo[c] -= glo;
      hi[c] -= glo;
    }
    chunk_plan p;
    p.order = order;
    p.base = static_cast<int64_t>(glo);
    p.range = ghi - glo;
    u64 cost = 0;
    estimate_bounds(ny, lo.data(), hi.data(), nc, p, cost);
    // The order's own header fields (vint zz(x[0]), ...) are left out of
    // the estimate; they are small next to a block of values.
    if (cost < best_cost) {
      best_cost = cost;
      best = p;
    }
  }
  best.bits = chunked_bits(x, best);
  return best;
}

chunk_plan plan_window(std::span<const int64_t> x,
                       std::span<const unsigned> orders) {
  assert(!orders.empty());
  auto& sc = scratch_space();
  chunk_plan best;
  u64 best_cost = UINT64_MAX;
  for (auto order : orders) {
    assert(order <= max_chunk_order && x.size() > order);
    chunk_plan p;
    prepare(x, order, sc.v, p);
    u64 cost = 0;
    if (p.range < u64{1} << 31) {
      fill_atoms(sc.v, sc.a32);
      p = estimate_window(p, sc.v.size(), sc.a32, sc, cost);
    } else {
      fill_atoms(sc.v, sc.a64);
      p = estimate_window(p, sc.v.size(), sc.a64, sc, cost);
    }
    if (cost < best_cost) {
      best_cost = cost;
      best = p;
    }
  }
  best.bits = chunked_bits(x, best);
  return best;
}

chunk_plan plan_chunks(std::span<const int64_t> x,
                       std::span<const unsigned> orders,
                       std::vector<uint64_t>& stream,
                       std::span<const diff_range> ranges, bool window) {
  assert(!orders.empty());
  assert(ranges.empty() || ranges.size() == orders.size());
  auto& sc = scratch_space();
  chunk_plan best;
  u64 best_cost = UINT64_MAX;
  unsigned prepared = 0;
  for (size_t i = 0; i < orders.size(); ++i) {
    auto order = orders[i];
    assert(order <= max_chunk_order && x.size() > order);
    chunk_plan p;
    prepare(x, order, sc.v, p, ranges.empty() ? nullptr : &ranges[i]);
    prepared = order;
    size_t ny = sc.v.size();
    u64 cost = 0;
    chunk_plan b, wp;
    if (p.range < u64{1} << 31) {
      fill_atoms(sc.v, sc.a32);
      b = estimate_bounds_from_atoms(p, ny, sc.a32, sc, cost);
    } else {
      fill_atoms(sc.v, sc.a64);
      b = estimate_bounds_from_atoms(p, ny, sc.a64, sc, cost);
    }
    // One frame in the bounds layout is the window layout's one chunk with
    // a longer header and no groups: leave it to the window layout.
    // (Without the window layout, format version 2, it is the only frame.)
    if ((!window || b.shift < std::bit_width(b.range)) && cost < best_cost) {
      best_cost = cost;
      best = b;
    }
    if (!window)
      continue;
    if (p.range < u64{1} << 31)
      wp = estimate_window(p, ny, sc.a32, sc, cost, best_cost);
    else
      wp = estimate_window(p, ny, sc.a64, sc, cost, best_cost);
    if (cost < best_cost) {
      best_cost = cost;
      best = wp;
    }
  }
  if (best.order != prepared) {
    auto i = static_cast<size_t>(
        std::find(orders.begin(), orders.end(), best.order) - orders.begin());
    prepare(x, best.order, sc.v, best, ranges.empty() ? nullptr : &ranges[i]);
  }
  write_to_scratch(x, best, sc);
  stream.assign(sc.words.begin(),
                sc.words.begin() +
                    static_cast<ptrdiff_t>((best.bits + 63) / 64));
  // Keep scratch space for blocks of the usual size, not the largest.
  if (x.size() > 65536)
    sc = scratch{};
  return best;
}

size_t chunked_bits(std::span<const int64_t> x, const chunk_plan& plan) {
  bit_counter n;
  if (plan.window) {
    size_t ny = x.size() - plan.order;
    std::vector<u64> v(ny), mn, mx;
    diffs(x.data(), plan.order, 0, ny, static_cast<u64>(plan.base), v.data());
    chunk_extremes(v.data(), ny, plan.chunk, plan.first, mn, mx);
    emit_window(x, plan, v.data(), mn.data(), mx.data(), n);
  } else {
    emit_bounds(x, plan, n);
  }
  return n.bits();
}

void write_chunked(std::span<const int64_t> x, const chunk_plan& plan,
                   bit_writer& w) {
  [[maybe_unused]] auto start = w.bits();
  if (plan.window) {
    size_t ny = x.size() - plan.order;
    std::vector<u64> v(ny), mn, mx;
    diffs(x.data(), plan.order, 0, ny, static_cast<u64>(plan.base), v.data());
    chunk_extremes(v.data(), ny, plan.chunk, plan.first, mn, mx);
    emit_window(x, plan, v.data(), mn.data(), mx.data(), w);
  } else {
    emit_bounds(x, plan, w);
  }
  assert(w.bits() - start == plan.bits);
}

namespace {

/// Division by a fixed w >= 1 as a multiplication (exact for any t).
struct divider {
  u64 w;
  u64 m; // floor((2^64 - 1) / w): t * m / 2^64 is t / w or one below

  explicit divider(u64 d) : w(d), m(~u64{0} / d) {
    // nop
  }

  /// t / w; stores t % w in r.
  u64 div(u64 t, u64& r) const {
    __extension__ using u128 = unsigned __int128;
    auto q = static_cast<u64>((static_cast<u128>(t) * m) >> 64);
    r = t - q * w;
    auto more = static_cast<u64>(r >= w);
    r -= more * w;
    return q + more;
  }
};

/// Reads `len` values of width W in groups of `group` (as write_groups
/// wrote them) plus `off` into dst.
bool read_groups(bit_reader& r, size_t len, u64 width, unsigned group,
                 const divider& d, u64 off, u64* dst) {
  if (group == 1)
    return r.read_truncated_run(len, width,
                                [=](size_t i, u64 v) { dst[i] = off + v; });
  auto split = [&d, off](u64 t, unsigned n, u64* out) {
    for (unsigned e = 0; e + 1 < n; ++e) {
      u64 rem;
      t = d.div(t, rem);
      out[e] = off + rem;
    }
    out[n - 1] = off + t;
  };
  size_t full = len / group;
  if (!r.read_truncated_run(
          full, group_span(width, group),
          [&](size_t i, u64 t) { split(t, group, dst + i * group); }))
    return false;
  auto rest = static_cast<unsigned>(len - full * group);
  if (rest > 0)
    split(r.read_truncated(group_span(width, rest)), rest, dst + full * group);
  return r.ok();
}

/// The window layout after its escape (the order field's 3).
bool read_window(bit_reader& r, size_t n, uint64_t* out) {
  auto order = static_cast<unsigned>(r.read(2));
  if (order > max_chunk_order || n <= order)
    return false;
  u64 first = 0, d = 0;
  if (order >= 1)
    first = zigzag_decode(r.read_vint());
  if (order == 2)
    d = zigzag_decode(r.read_vint());
  auto base = zigzag_decode(r.read_vint());
  auto g = r.read_vint();
  if (!r.ok() || g >= u64{1} << 56)
    return false;
  size_t ny = n - order;
  u64* y = out + order;
  if (r.read(1) == 1) {
    // One chunk: one frame of width g + 1.
    auto group = static_cast<unsigned>(r.read(2)) + 1;
    if (!r.ok() || group_span(g + 1, group) == 0 ||
        !read_groups(r, ny, g + 1, group, divider(g + 1), base, y))
      return false;
    undiff(out, n, order, first, d);
    return true;
  }
  auto width = r.read_truncated(g + 1) + 1;
  auto s = static_cast<unsigned>(r.read(6));
  if (s > std::bit_width(g + 1 - width))
    return false;
  size_t chunk = r.read_truncated(ny) + 1;
  size_t head = r.read_truncated(chunk) + 1;
  auto predictor = static_cast<unsigned>(r.read(1)) + 1;
  auto k = static_cast<unsigned>(r.read(5));
  auto group = static_cast<unsigned>(r.read(2)) + 1;
  if (!r.ok() || group_span(width, group) == 0)
    return false;
  auto count = offset_count(g, width, s);
  divider by(width);
  int64_t prev = 0, prev2 = 0;
  for (size_t j = 0, at = 0; at < ny; ++j) {
    int64_t a;
    if (j == 0) {
      a = static_cast<int64_t>(r.read_truncated(count));
    } else {
      auto pred = predictor == 2 && j >= 2 ? 2 * prev - prev2 : prev;
      // Up to rice_escape one bits, then a zero (or the escape).
      auto ones = static_cast<unsigned>(std::countr_one(r.peek()));
      if (ones >= rice_escape) {
        r.skip(rice_escape);
        a = static_cast<int64_t>(r.read_truncated(count));
      } else {
        r.skip(ones + 1);
        auto z = u64{ones} << k | r.read(k);
        a = pred + static_cast<int64_t>(zigzag_decode(z));
        if (a < 0 || static_cast<u64>(a) >= count)
          return false;
      }
    }
    prev2 = prev;
    prev = a;
    auto len = std::min(ny - at, j == 0 ? head : chunk);
    auto off = base + (static_cast<u64>(a) << s);
    if (!read_groups(r, len, width, group, by, off, y + at))
      return false;
    at += len;
  }
  if (!r.ok())
    return false;
  undiff(out, n, order, first, d);
  return true;
}

} // namespace

bool read_chunked(bit_reader& r, size_t n, uint64_t* out, bool window) {
  auto order = static_cast<unsigned>(r.read(2));
  if (order == 3)
    return window && read_window(r, n, out);
  if (order > max_chunk_order || n <= order)
    return false;
  u64 first = 0, d = 0;
  if (order >= 1)
    first = zigzag_decode(r.read_vint());
  if (order == 2)
    d = zigzag_decode(r.read_vint());
  auto code = static_cast<unsigned>(r.read(3));
  auto base = zigzag_decode(r.read_vint());
  auto g = r.read_vint();
  auto s = static_cast<unsigned>(r.read(6));
  if (!r.ok() || g >= u64{1} << 56 || s > std::bit_width(g))
    return false;
  auto q = g >> s;
  size_t ny = n - order;
  size_t step = size_t{8} << code;
  u64* y = out + order;
  for (size_t a = 0; a < ny; a += step) {
    auto la = r.read_truncated(q + 1);
    auto ha = la + r.read_truncated(q - la + 1);
    auto m = chunk_span(la, ha, s, g);
    auto off = base + (la << s);
    u64* dst = y + a;
    if (!r.read_truncated_run(std::min(step, ny - a), m,
                              [=](size_t i, u64 v) { dst[i] = off + v; }))
      return false;
  }
  if (!r.ok())
    return false;
  undiff(out, n, order, first, d);
  return true;
}

} // namespace timeless::codec
