#include "codec/timestamp_codec.hpp"

#include "codec/zigzag.hpp"

#include <bit>

// Delta-of-delta classes, by the zigzag value z of dod = delta - prev_delta
// (prev_delta starts at 0, so the first class holds the first delta). The
// prefix is written least significant bit first:
//   z == 0          '0'                  1 bit
//   z < 2^7         '10'    + 7 bits     dod in [-64, 63]
//   z < 2^9         '110'   + 9 bits     dod in [-256, 255]
//   z < 2^12        '1110'  + 12 bits    dod in [-2048, 2047]
//   z < 2^32        '11110' + 32 bits
//   otherwise       '11111' + 64 bits
// Zigzag makes each class the exact two's-complement range of its width (the
// Elixir original used [-63, 64] in a 7-bit field and so wrapped +64 to -64).

namespace timeless::codec {

namespace {

void write_dod(uint64_t z, bit_writer& w) {
  if (z == 0)
    w.write(0, 1);
  else if (z < (uint64_t{1} << 7))
    w.write(0b01 | z << 2, 9);
  else if (z < (uint64_t{1} << 9))
    w.write(0b011 | z << 3, 12);
  else if (z < (uint64_t{1} << 12))
    w.write(0b0111 | z << 4, 16);
  else if (z < (uint64_t{1} << 32))
    w.write(0b01111 | z << 5, 37);
  else {
    w.write(0b11111, 5);
    w.write(z, 64);
  }
}

uint64_t read_dod(bit_reader& r) {
  auto ones = std::countr_one(r.peek() & 0x1f);
  switch (ones) {
    case 0:
      r.skip(1);
      return 0;
    case 1:
      r.skip(2);
      return r.read(7);
    case 2:
      r.skip(3);
      return r.read(9);
    case 3:
      r.skip(4);
      return r.read(12);
    case 4:
      r.skip(5);
      return r.read(32);
    default:
      r.skip(5);
      return r.read_long(64);
  }
}

} // namespace

ts_mode encode_timestamps(std::span<const int64_t> ts, bit_writer& w) {
  auto n = ts.size();
  if (n == 1)
    return ts_mode::regular;
  auto stride = static_cast<uint64_t>(ts[1]) - static_cast<uint64_t>(ts[0]);
  bool regular = true;
  for (size_t i = 2; i < n; ++i)
    regular &=
        static_cast<uint64_t>(ts[i]) - static_cast<uint64_t>(ts[i - 1]) ==
        stride;
  if (regular) {
    w.write_vint(zigzag_encode(stride));
    return ts_mode::regular;
  }
  uint64_t prev = static_cast<uint64_t>(ts[0]);
  uint64_t prev_delta = 0;
  for (size_t i = 1; i < n; ++i) {
    auto cur = static_cast<uint64_t>(ts[i]);
    auto delta = cur - prev;
    write_dod(zigzag_encode(delta - prev_delta), w);
    prev = cur;
    prev_delta = delta;
  }
  return ts_mode::delta2;
}

bool decode_timestamps(ts_mode mode, int64_t first, size_t n, bit_reader& r,
                       int64_t* out) {
  auto cur = static_cast<uint64_t>(first);
  out[0] = first;
  if (mode == ts_mode::regular) {
    if (n == 1)
      return true;
    auto stride = zigzag_decode(r.read_vint());
    for (size_t i = 1; i < n; ++i) {
      cur += stride;
      out[i] = static_cast<int64_t>(cur);
    }
    return r.ok();
  }
  uint64_t delta = 0;
  for (size_t i = 1; i < n; ++i) {
    delta += zigzag_decode(read_dod(r));
    cur += delta;
    out[i] = static_cast<int64_t>(cur);
  }
  return r.ok();
}

} // namespace timeless::codec
