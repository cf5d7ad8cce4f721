#include "codec/int_codec.hpp"

#include "codec/zigzag.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <utility>

// Layout: 2 bits coding, then
//   frame:  vint zz(min)                          6 bits width, n * width
//   delta:  vint zz(x0), vint zz(min delta),      6 bits width, (n-1) * width
//   delta2: vint zz(x0), vint zz(x1 - x0), vint zz(min dod),
//                                                 6 bits width, (n-2) * width
//   chunked: codec/chunk_codec.cpp, a bounds or a window layout (format
//            version 2 and later)
// (`vint`: 7 bits length b, then b bits; zz: zigzag.) delta needs n >= 2 and
// delta2 n >= 3; widths above 56 are invalid.

namespace timeless::codec {

namespace {

using u64 = uint64_t;

unsigned width_of(int64_t lo, int64_t hi) {
  return static_cast<unsigned>(
      std::bit_width(static_cast<u64>(hi) - static_cast<u64>(lo)));
}

size_t vb(int64_t v) {
  return bit_writer::vint_bits(zigzag_encode(static_cast<u64>(v)));
}

void put(bit_writer& w, int64_t v) {
  w.write_vint(zigzag_encode(static_cast<u64>(v)));
}

} // namespace

int_plan plan_ints(std::span<const int64_t> x, bool chunked, bool window) {
  auto n = x.size();
  assert(n > 0);
  int64_t lo = x[0], hi = x[0];
  int64_t dlo = INT64_MAX, dhi = INT64_MIN;
  int64_t ddlo = INT64_MAX, ddhi = INT64_MIN;
  for (size_t i = 1; i < n; ++i) {
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
    auto d = x[i] - x[i - 1];
    dlo = std::min(dlo, d);
    dhi = std::max(dhi, d);
  }
  for (size_t i = 2; i < n; ++i) {
    auto dd = (x[i] - x[i - 1]) - (x[i - 1] - x[i - 2]);
    ddlo = std::min(ddlo, dd);
    ddhi = std::max(ddhi, dd);
  }
  auto w = width_of(lo, hi);
  int_plan best{int_coding::frame, w, static_cast<u64>(lo),
                2 + vb(lo) + 6 + n * w};
  if (n >= 2) {
    w = width_of(dlo, dhi);
    auto bits = 2 + vb(x[0]) + vb(dlo) + 6 + (n - 1) * w;
    if (bits < best.bits)
      best = {int_coding::delta, w, static_cast<u64>(dlo), bits};
  }
  if (n >= 3) {
    w = width_of(ddlo, ddhi);
    auto bits = 2 + vb(x[0]) + vb(x[1] - x[0]) + vb(ddlo) + 6 + (n - 2) * w;
    if (bits < best.bits)
      best = {int_coding::delta2, w, static_cast<u64>(ddlo), bits};
  }
  // Chunks cannot beat packing at width 0 (a constant, a counter) by more
  // than a few header bits; otherwise try them.
  if (chunked && best.width > 0) {
    // Chunks of the values, or of the differences the packing chose.
    unsigned orders[] = {0, static_cast<unsigned>(best.coding)};
    std::span<const unsigned> os{orders, orders[1] == 0 ? 1u : 2u};
    const diff_range of_order[] = {{lo, hi}, {dlo, dhi}, {ddlo, ddhi}};
    const diff_range ranges[] = {of_order[0], of_order[orders[1]]};
    std::vector<uint64_t> stream;
    auto c = plan_chunks(x, os, stream, {ranges, os.size()}, window);
    if (2 + c.bits < best.bits)
      best = {int_coding::chunked, 0, 0, 2 + c.bits, c, std::move(stream)};
  }
  return best;
}

void write_ints(std::span<const int64_t> x, const int_plan& plan,
                bit_writer& w) {
  auto n = x.size();
  auto base = plan.base;
  auto width = plan.width;
  w.write(static_cast<u64>(plan.coding), 2);
  switch (plan.coding) {
    case int_coding::frame:
      put(w, static_cast<int64_t>(base));
      w.write(width, 6);
      for (size_t i = 0; i < n; ++i)
        w.write(static_cast<u64>(x[i]) - base, width);
      break;
    case int_coding::delta:
      put(w, x[0]);
      put(w, static_cast<int64_t>(base));
      w.write(width, 6);
      for (size_t i = 1; i < n; ++i)
        w.write(static_cast<u64>(x[i] - x[i - 1]) - base, width);
      break;
    case int_coding::delta2:
      put(w, x[0]);
      put(w, x[1] - x[0]);
      put(w, static_cast<int64_t>(base));
      w.write(width, 6);
      for (size_t i = 2; i < n; ++i) {
        auto dd = (x[i] - x[i - 1]) - (x[i - 1] - x[i - 2]);
        w.write(static_cast<u64>(dd) - base, width);
      }
      break;
    case int_coding::chunked:
      if (plan.stream.empty()) {
        write_chunked(x, plan.chunks, w);
      } else {
        auto bits = plan.chunks.bits;
        for (size_t i = 0; i < bits / 64; ++i)
          w.write(plan.stream[i], 64);
        if (auto rest = static_cast<unsigned>(bits % 64); rest != 0)
          w.write(plan.stream[bits / 64] & ((uint64_t{1} << rest) - 1), rest);
      }
      break;
  }
}

bool read_ints(bit_reader& r, size_t n, uint64_t* out, bool chunked,
               bool window) {
  auto coding = r.read(2);
  auto get = [&r] { return zigzag_decode(r.read_vint()); };
  switch (coding) {
    case static_cast<u64>(int_coding::frame): {
      auto base = get();
      auto width = static_cast<unsigned>(r.read(6));
      if (!r.ok() || width > max_int_width)
        return false;
      return r.read_packed(n, width,
                           [&](size_t i, u64 v) { out[i] = base + v; });
    }
    case static_cast<u64>(int_coding::delta): {
      auto acc = get();
      auto base = get();
      auto width = static_cast<unsigned>(r.read(6));
      if (!r.ok() || width > max_int_width || n < 2)
        return false;
      out[0] = acc;
      return r.read_packed(n - 1, width, [&](size_t i, u64 v) {
        acc += base + v;
        out[i + 1] = acc;
      });
    }
    case static_cast<u64>(int_coding::delta2): {
      auto acc = get();
      auto d = get();
      auto base = get();
      auto width = static_cast<unsigned>(r.read(6));
      if (!r.ok() || width > max_int_width || n < 3)
        return false;
      out[0] = acc;
      acc += d;
      out[1] = acc;
      return r.read_packed(n - 2, width, [&](size_t i, u64 v) {
        d += base + v;
        acc += d;
        out[i + 2] = acc;
      });
    }
    case static_cast<u64>(int_coding::chunked):
      return chunked && read_chunked(r, n, out, window);
    default:
      return false;
  }
}

} // namespace timeless::codec
