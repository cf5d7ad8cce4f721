#include "codec/chunk_codec.hpp"

#include "codec/zigzag.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <vector>

// Layout (after int_codec's 2-bit coding field, which is 3):
//   2 bits  order t: 0, 1 or 2 (3 is invalid); requires n > t
//   t >= 1: vint zz(x[0]);  t == 2: vint zz(x[1] - x[0])
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
// tb(v, m) is the truncated binary code of v in [0, m) (b = ceil(log2 m),
// u = 2^b - m: v < u in b - 1 bits, else t = v + u as t / 2 in b - 1 bits
// then t % 2; nothing when m = 1); any bit pattern decodes to a value below
// m, so only t, g and s need checks. `vint`: 7 bits length b, then b bits.
//
// With s = bit_width(g) every chunk spans [lo, lo + g]: one frame for the
// whole sequence without the power-of-two rounding. Smaller shifts give each
// chunk bounds of its own, so the code follows a level that drifts (a daily
// cycle) at the cost of two bounds a chunk.

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
  auto over = m - half; // in (0, half]
  auto i = b - 1 >= 5 ? over >> (b - 1 - 5) : over << (5 - (b - 1));
  return (b - 1) * 256 + tb_frac_q8[std::min<u64>(i, 32)];
}

/// Writes (or, with bit_counter, counts) `x` as `p` says.
template <class Out>
void emit(std::span<const int64_t> x, const chunk_plan& p, Out& w) {
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

/// The chunk size and shift that look cheapest for the order-`order`
/// differences of x, and that estimate in 1/256 bits.
chunk_plan estimate(std::span<const int64_t> x, unsigned order,
                    u64& best_cost) {
  size_t ny = x.size() - order;
  // Bounds of chunks of 8 (as signed y), merged pairwise for larger chunks.
  size_t nc = (ny + 7) / 8;
  std::vector<int64_t> lo(nc), hi(nc);
  u64 y[8];
  for (size_t c = 0; c < nc; ++c) {
    auto k = std::min<size_t>(8, ny - c * 8);
    diffs(x.data(), order, c * 8, c * 8 + k, 0, y);
    auto l = static_cast<int64_t>(y[0]), h = l;
    for (size_t i = 1; i < k; ++i) {
      l = std::min(l, static_cast<int64_t>(y[i]));
      h = std::max(h, static_cast<int64_t>(y[i]));
    }
    lo[c] = l;
    hi[c] = h;
  }
  auto glo = *std::min_element(lo.begin(), lo.end());
  auto ghi = *std::max_element(hi.begin(), hi.end());
  auto g = static_cast<u64>(ghi) - static_cast<u64>(glo);
  auto width = static_cast<unsigned>(std::bit_width(g));

  // One frame (s = width): chunk bounds cost nothing.
  chunk_plan best{order, 0, width, glo, g, 0};
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
      sum += std::bit_width(static_cast<u64>(hi[c]) - static_cast<u64>(lo[c]));
    auto guess = static_cast<int>((sum + nc / 2) / nc) - static_cast<int>(code);
    guess -= 2; // - log2(8) + 1
    for (int s = guess - 1; s <= guess + 1; ++s) {
      if (s < 0 || s >= static_cast<int>(width))
        continue;
      auto q = g >> s;
      u64 cost = 0;
      for (size_t c = 0; c < nc; ++c) {
        auto la = (static_cast<u64>(lo[c]) - static_cast<u64>(glo)) >> s;
        auto ha = (static_cast<u64>(hi[c]) - static_cast<u64>(glo)) >> s;
        auto m = chunk_span(la, ha, s, g);
        auto count = std::min(step, ny - c * step);
        cost += 256 * (bit_writer::truncated_bits(la, q + 1) +
                       bit_writer::truncated_bits(ha - la, q - la + 1));
        cost += count * tb_cost_q8(m);
      }
      if (cost < best_cost) {
        best_cost = cost;
        best.size_code = code;
        best.shift = static_cast<unsigned>(s);
      }
    }
  }
  return best;
}

} // namespace

chunk_plan plan_chunked(std::span<const int64_t> x,
                        std::span<const unsigned> orders) {
  assert(!orders.empty());
  chunk_plan best;
  u64 best_cost = UINT64_MAX;
  for (auto order : orders) {
    assert(order <= max_chunk_order && x.size() > order);
    u64 cost = 0;
    auto p = estimate(x, order, cost);
    // The order's own header fields (vint zz(x[0]), ...) are left out of the
    // estimate; they are small next to a block of values.
    if (cost < best_cost) {
      best_cost = cost;
      best = p;
    }
  }
  best.bits = chunked_bits(x, best);
  return best;
}

size_t chunked_bits(std::span<const int64_t> x, const chunk_plan& plan) {
  bit_counter n;
  emit(x, plan, n);
  return n.bits();
}

void write_chunked(std::span<const int64_t> x, const chunk_plan& plan,
                   bit_writer& w) {
  [[maybe_unused]] auto start = w.bits();
  emit(x, plan, w);
  assert(w.bits() - start == plan.bits);
}

bool read_chunked(bit_reader& r, size_t n, uint64_t* out) {
  auto order = static_cast<unsigned>(r.read(2));
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
  return true;
}

} // namespace timeless::codec
