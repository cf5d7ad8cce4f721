// The bounds layout's planner (codec/chunk_codec.cpp has the layout):
// chunk size and shift from the extremes of chunks of 8 values, and
// `plan_chunked`, which plans the bounds layout alone.

#include "codec/chunk_codec.hpp"
#include "codec/chunk_layout.hpp"
#include "codec/chunk_planner.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <vector>

namespace timeless::codec {

namespace chunk_detail {

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

template chunk_plan estimate_bounds_from_atoms(const chunk_plan&, size_t,
                                               const atom_table<int32_t>&,
                                               scratch&, u64&);
template chunk_plan estimate_bounds_from_atoms(const chunk_plan&, size_t,
                                               const atom_table<u64>&, scratch&,
                                               u64&);

} // namespace chunk_detail

using namespace chunk_detail;

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

} // namespace timeless::codec
