#include "codec/gorilla_codec.hpp"

#include <algorithm>
#include <bit>
#include <type_traits>

// Stream: the first value's 64 bits, then per value the XOR x with the
// previous one, prefix bits least significant first:
//   '0'                               x == 0
//   '10' + window bits                x fits the current window: its
//                                     64 - lead - trail meaningful bits
//   '11' + 5 bits lead + 6 bits len-1 + len bits
//                                     a new window: lead = min(clz(x), 31),
//                                     len = 64 - lead - ctz(x) in [1, 64]
// The window is kept and reused until a value does not fit it, or fits it
// wastefully (more than 11 bits wasted, what a new window header costs).
// Before the first window the decoder's window is the whole word.

namespace timeless::codec {

namespace {

constexpr unsigned no_window = 32; // lead is at most 31

template <class Sink>
void run(std::span<const double> v, Sink& s, size_t limit = SIZE_MAX) {
  auto prev = std::bit_cast<uint64_t>(v[0]);
  s.write(prev, 64);
  unsigned lead = no_window;
  unsigned trail = 0;
  for (size_t i = 1; i < v.size(); ++i) {
    if constexpr (std::is_same_v<Sink, bit_counter>)
      if ((i & 31) == 0 && s.bits() > limit)
        return;
    auto cur = std::bit_cast<uint64_t>(v[i]);
    auto x = cur ^ prev;
    prev = cur;
    if (x == 0) {
      s.write(0, 1);
      continue;
    }
    auto l = std::min(static_cast<unsigned>(std::countl_zero(x)), 31u);
    auto t = static_cast<unsigned>(std::countr_zero(x));
    if (l >= lead && t >= trail && (l - lead) + (t - trail) <= 11) {
      s.write(0b01, 2);
      s.write(x >> trail, 64 - lead - trail);
      continue;
    }
    lead = l;
    trail = t;
    auto len = 64 - l - t;
    s.write(0b11 | l << 2 | (len - 1) << 7, 13);
    s.write(x >> t, len);
  }
}

} // namespace

size_t gorilla_cost_bits(std::span<const double> v, size_t limit) {
  bit_counter c;
  run(v, c, limit);
  return c.bits();
}

void gorilla_encode(std::span<const double> v, bit_writer& w) {
  run(v, w);
}

bool gorilla_decode(bit_reader& r, size_t n, double* out) {
  auto prev = r.read_long(64);
  out[0] = std::bit_cast<double>(prev);
  unsigned lead = 0;
  unsigned trail = 0;
  for (size_t i = 1; i < n && r.ok(); ++i) {
    auto p = r.peek();
    if ((p & 1) == 0) {
      r.skip(1);
    } else if ((p & 2) == 0) {
      r.skip(2);
      prev ^= r.read_long(64 - lead - trail) << trail;
    } else {
      r.skip(2);
      auto hdr = static_cast<unsigned>(r.read(11));
      auto l = hdr & 31;
      auto len = (hdr >> 5) + 1;
      if (l + len > 64)
        return r.fail(), false;
      lead = l;
      trail = 64 - l - len;
      prev ^= r.read_long(len) << trail;
    }
    out[i] = std::bit_cast<double>(prev);
  }
  return r.ok();
}

} // namespace timeless::codec
