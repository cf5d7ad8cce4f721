// The decoder of the chunked codec (codec/chunk_codec.cpp has the layout):
// `read_chunked` for the bounds layout, the window layout and its groups.
// Every field read is checked before it is used (see the layout).

#include "codec/chunk_bits.hpp"
#include "codec/chunk_codec.hpp"
#include "codec/chunk_layout.hpp"
#include "codec/zigzag.hpp"

#include <algorithm>
#include <bit>

namespace timeless::codec {

using namespace chunk_detail;

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

/// Checks difference order `order` for n values and reads what undoing it
/// needs: x[0] (`first`, order >= 1) and x[1] - x[0] (`d`, order 2).
bool read_start(bit_reader& r, unsigned order, size_t n, u64& first, u64& d) {
  if (order > max_chunk_order || n <= order)
    return false;
  if (order >= 1)
    first = zigzag_decode(r.read_vint());
  if (order == 2)
    d = zigzag_decode(r.read_vint());
  return true;
}

/// The window layout after its escape (the order field's 3).
bool read_window(bit_reader& r, size_t n, uint64_t* out) {
  auto order = static_cast<unsigned>(r.read(2));
  u64 first = 0, d = 0;
  if (!read_start(r, order, n, first, d))
    return false;
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
  u64 first = 0, d = 0;
  if (!read_start(r, order, n, first, d))
    return false;
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
