#include "codec/chunk_codec.hpp"
#include "codec/chunk_layout.hpp"
#include "codec/chunk_planner.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <vector>

// Where the codec lives: this file has the layout and the public planners
// and writers; codec/chunk_bounds.cpp and codec/chunk_window.cpp estimate
// each layout; codec/chunk_read.cpp decodes; codec/chunk_bits.hpp and
// codec/chunk_layout.hpp hold the bit-level coding and the layouts' writers
// that the encoder and the planners share.
//
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

namespace chunk_detail {

scratch& scratch_space() {
  thread_local scratch s;
  return s;
}

} // namespace chunk_detail

using namespace chunk_detail;

namespace {

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

namespace {

/// Writes (or, with bit_counter, counts) `x` as `plan` says, from x alone.
template <class Out>
void emit(std::span<const int64_t> x, const chunk_plan& plan, Out& w) {
  if (plan.window) {
    size_t ny = x.size() - plan.order;
    std::vector<u64> v(ny), mn, mx;
    diffs(x.data(), plan.order, 0, ny, static_cast<u64>(plan.base), v.data());
    chunk_extremes(v.data(), ny, plan.chunk, plan.first, mn, mx);
    emit_window(x, plan, v.data(), mn.data(), mx.data(), w);
  } else {
    emit_bounds(x, plan, w);
  }
}

} // namespace

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

} // namespace timeless::codec
