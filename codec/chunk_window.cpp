// The window layout's planner (codec/chunk_codec.cpp has the layout): the
// table of chunk extremes by atoms of 4 values, the group size, and the
// search over chunk lengths, phases, shifts and predictors.

#include "codec/chunk_codec.hpp"
#include "codec/chunk_layout.hpp"
#include "codec/chunk_planner.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <vector>

namespace timeless::codec::chunk_detail {

namespace {

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

} // namespace

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

template <class T>
chunk_plan estimate_window(const chunk_plan& prepared, size_t ny,
                           atom_table<T>& t, scratch& sc, u64& best_cost,
                           u64 rival) {
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

template void fill_atoms(const std::vector<u64>&, atom_table<int32_t>&);
template void fill_atoms(const std::vector<u64>&, atom_table<u64>&);
template chunk_plan estimate_window(const chunk_plan&, size_t,
                                    atom_table<int32_t>&, scratch&, u64&, u64);
template chunk_plan estimate_window(const chunk_plan&, size_t, atom_table<u64>&,
                                    scratch&, u64&, u64);

} // namespace timeless::codec::chunk_detail
