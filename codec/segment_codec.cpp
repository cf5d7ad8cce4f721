// Segment blob, format versions 1, 2 and 3. All multi-byte integers are
// little-endian; "varint" is LEB128 (7 bits a byte, low group first,
// shortest form only); "zz" is zigzag (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...)
// on the 64-bit two's-complement pattern.
//
//   offset  size     field
//   0       1        version, 1, 2 or 3: 2 if the values use int coding 3
//                    in its bounds layout, 3 if in its window layout
//   1       1        flags: bit 0 timestamp mode (0 regular, 1 delta2),
//                    bit 1 value mode (0 gorilla, 1 decimal), bit 2 payload
//                    zstd-compressed; bits 3-7 zero; all zero if count == 0
//   2       1-3      varint count, <= max_segment_points (2^20)
//   .       1-10     varint zz(first_ts)              } only if count > 0
//   .       1-10     varint zz(last_ts - first_ts)    } (mod 2^64)
//   .       1-5      varint raw payload size          } only if zstd
//   .       4        CRC32C of every other byte of the blob: the header
//                    bytes before it, then the stored payload
//   .       rest     payload: the bit stream, or one zstd frame of it
//
// The payload is a bit stream read least significant bit first, zero-padded
// to a whole byte, and must be consumed exactly (fewer than 8 zero bits
// left). "vint" in it is 7 bits b, then b bits of value. It holds:
//   1. timestamps after the first (codec/timestamp_codec.cpp):
//      regular: vint zz(stride) if count >= 2, nothing if count == 1;
//      delta2: one prefix-coded zz(delta-of-delta) per point;
//      the last decoded timestamp must equal last_ts.
//   2. values:
//      gorilla (codec/gorilla_codec.cpp): the XOR stream, any doubles;
//      decimal: 5 bits scale k <= 22, then the mantissas m (values are
//      double(m) / 10^k exactly) as 2 bits int coding and its fields
//      (codec/int_codec.cpp): 0 frame of reference, 1 delta, 2 delta of
//      delta, each bit-packed at one width; 3 (version 2 and later; an error in
//      a version-1 blob) chunked, codec/chunk_codec.cpp, then 2 bits t:
//      t <= 2, the bounds layout:
//        order t (count > t); t >= 1: vint zz(m[0]); t == 2:
//        vint zz(m[1] - m[0]); y = the t-th differences of m (count - t
//        values); 3 bits c: chunks of C = 8 << c values of y (the last may
//        be shorter); vint zz(lo = min y); vint g = max y - lo < 2^56;
//        6 bits shift s <= bit_width(g), q = g >> s; then per chunk
//        tb(a, q + 1), tb(h - a, q - a + 1) with a, h the chunk's
//        (min - lo) >> s and (max - lo) >> s, and each of its y as
//        tb(y - lo - L, H - L + 1), L = a << s, H = min(g, h << s | 2^s - 1).
//      t == 3 (version 3 only), the window layout: 2 bits order r <= 2 (count >
//      r), x[0]
//        and x[1] - x[0] as above, vint zz(lo), vint g < 2^56; 1 bit one
//        chunk (then 2 bits G - 1 and every y in [lo, lo + g] in groups);
//        else tb(W - 1, g + 1) window width, 6 bits shift s <=
//        bit_width(g + 1 - W), tb(C - 1, count - r) chunk length,
//        tb(F - 1, C) first chunk length, 1 bit predictor, 5 bits Rice
//        parameter, 2 bits G - 1 (W^G <= 2^56); per chunk its offset a in
//        [0, A), A = ceil((g + 1 - W) / 2^s) + 1 (the first in tb(a, A),
//        the others as a Rice-coded correction of a prediction from the
//        previous one or two, or an escape and tb(a, A)), then its values
//        y - lo - a 2^s in [0, W), G at a time as one truncated binary
//        number below W^G. Every field is in codec/chunk_codec.cpp.
//      tb(v, m) is the truncated binary code of v in [0, m): b = ceil(log2
//      m), u = 2^b - m; v < u in b - 1 bits, else w = v + u as w >> 1 in
//      b - 1 bits, then w & 1; nothing when m == 1. It costs within 0.09
//      bits of log2(m) on uniform values (bit-packing: up to 1 bit more),
//      and chunk bounds follow a level that drifts (a daily cycle).
// The encoder takes decimal when every value is an exact decimal with a
// mantissa below 2^53 (so never for NaN, ±Inf, -0.0 or |v| >= 2^53) and it
// is smaller than gorilla; of the int codings the smallest (chunked: of the
// values, or of the differences the best packed coding used; the bounds
// layout with chunk size 8..64 and the shift an estimate finds cheapest, or
// the window layout with the chunk length (4..64, at the phase whose chunks
// are narrowest), shift, predictor, Rice parameter and group size an
// estimate finds cheapest, or its one chunk form, whichever estimate is
// lower); version 2 only when it picks the bounds layout, 3 only when it
// picks the window layout (and only up to the max_version it was
// constructed with, 3 by default). It takes zstd only when the blob gets
// smaller.

#include "codec/segment_codec.hpp"

#include "codec/bit_reader.hpp"
#include "codec/bit_writer.hpp"
#include "codec/decimal_codec.hpp"
#include "codec/gorilla_codec.hpp"
#include "codec/int_codec.hpp"
#include "codec/lz_probe.hpp"
#include "codec/segment_header.hpp"
#include "codec/timestamp_codec.hpp"
#include "codec/varint.hpp"

#include <zstd.h>

#include <cassert>
#include <cstring>
#include <utility>

namespace timeless::codec {

namespace {

constexpr int zstd_level = 3;

/// Grows `v` to at least `n` elements; never shrinks (scratch reuse).
template <class T>
void ensure(std::vector<T>& v, size_t n) {
  if (v.size() < n)
    v.resize(n);
}

size_t varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

} // namespace

const char* to_string(errc e) {
  switch (e) {
    case errc::ok:
      return "ok";
    case errc::truncated:
      return "truncated";
    case errc::bad_version:
      return "bad_version";
    case errc::bad_checksum:
      return "bad_checksum";
    case errc::bad_header:
      return "bad_header";
    case errc::bad_encoding:
      return "bad_encoding";
    case errc::decompress_failed:
      return "decompress_failed";
    case errc::too_large:
      return "too_large";
  }
  return "unknown";
}

// -- encoder ------------------------------------------------------------------

segment_encoder::segment_encoder(uint8_t max_version)
    : cctx_(ZSTD_createCCtx()), max_version_(max_version) {
  assert(max_version >= min_segment_version && max_version <= segment_version);
}

segment_encoder::~segment_encoder() {
  ZSTD_freeCCtx(cctx_);
}

segment_encoder::segment_encoder(segment_encoder&& other) noexcept
    : cctx_(std::exchange(other.cctx_, nullptr)),
      max_version_(other.max_version_), payload_(std::move(other.payload_)),
      packed_(std::move(other.packed_)), header_(std::move(other.header_)),
      mantissas_(std::move(other.mantissas_)) {
  // nop
}

segment_encoder& segment_encoder::operator=(segment_encoder&& other) noexcept {
  std::swap(cctx_, other.cctx_);
  std::swap(max_version_, other.max_version_);
  payload_.swap(other.payload_);
  packed_.swap(other.packed_);
  header_.swap(other.header_);
  mantissas_.swap(other.mantissas_);
  return *this;
}

void segment_encoder::encode(std::span<const int64_t> ts,
                             std::span<const double> values,
                             std::vector<uint8_t>& out) {
  assert(ts.size() == values.size());
  assert(ts.size() <= max_segment_points);
  auto n = ts.size();
  segment_header h;
  h.count = static_cast<uint32_t>(n);
  if (n == 0) {
    write_segment(h, {}, out);
    return;
  }
  h.first_ts = ts.front();
  h.last_ts = ts.back();
  // Whole words plus one spare: bit_writer stores 8 bytes at a time.
  ensure(payload_, payload_bound(h.count) + 16);
  bit_writer w(payload_.data());
  h.ts = encode_timestamps(ts, w);

  ensure(mantissas_, n);
  unsigned scale = 0;
  bool decimal = to_decimal(values, mantissas_.data(), scale);
  int_plan plan{};
  if (decimal) {
    plan =
        plan_ints({mantissas_.data(), n}, max_version_ >= 2, max_version_ >= 3);
    decimal = 5 + plan.bits < gorilla_cost_bits(values, 5 + plan.bits);
  }
  if (decimal) {
    h.values = value_mode::decimal;
    if (plan.coding == int_coding::chunked)
      h.version = plan.chunks.window ? 3 : 2;
    w.write(scale, 5);
    write_ints({mantissas_.data(), n}, plan, w);
  } else {
    h.values = value_mode::gorilla;
    gorilla_encode(values, w);
  }
  auto raw = w.finish();
  std::span<const uint8_t> payload{payload_.data(), raw};

  if (looks_compressible(payload)) {
    ensure(packed_, ZSTD_compressBound(raw));
    auto z = ZSTD_compressCCtx(cctx_, packed_.data(), packed_.size(),
                               payload_.data(), raw, zstd_level);
    if (!ZSTD_isError(z) && z + varint_size(raw) < raw) {
      h.zstd = true;
      h.raw_size = static_cast<uint32_t>(raw);
      payload = {packed_.data(), z};
    }
  }
  write_segment(h, payload, out);
}

// -- decoder ------------------------------------------------------------------

segment_decoder::segment_decoder() : dctx_(ZSTD_createDCtx()) {
  // nop
}

segment_decoder::~segment_decoder() {
  ZSTD_freeDCtx(dctx_);
}

segment_decoder::segment_decoder(segment_decoder&& other) noexcept
    : dctx_(std::exchange(other.dctx_, nullptr)),
      payload_(std::move(other.payload_)), ints_(std::move(other.ints_)) {
  // nop
}

segment_decoder& segment_decoder::operator=(segment_decoder&& other) noexcept {
  std::swap(dctx_, other.dctx_);
  payload_.swap(other.payload_);
  ints_.swap(other.ints_);
  return *this;
}

errc segment_decoder::peek(std::span<const uint8_t> blob, segment_info& info) {
  segment_header h;
  std::span<const uint8_t> payload;
  if (auto e = read_segment(blob, h, payload); e != errc::ok)
    return e;
  info = {h.count, h.first_ts, h.last_ts};
  return errc::ok;
}

errc segment_decoder::decode(std::span<const uint8_t> blob,
                             std::vector<int64_t>& ts,
                             std::vector<double>& values) {
  segment_header h;
  std::span<const uint8_t> stored;
  if (auto e = read_segment(blob, h, stored); e != errc::ok)
    return e;
  size_t n = h.count;
  if (n == 0)
    return errc::ok;

  // The bit reader needs 8 readable bytes past the payload.
  size_t raw = h.zstd ? h.raw_size : stored.size();
  ensure(payload_, raw + 8);
  if (h.zstd) {
    if (dctx_ == nullptr)
      return errc::decompress_failed;
    auto got = ZSTD_decompressDCtx(dctx_, payload_.data(), raw, stored.data(),
                                   stored.size());
    if (ZSTD_isError(got) || got != raw)
      return errc::decompress_failed;
  } else {
    std::memcpy(payload_.data(), stored.data(), raw);
  }
  std::memset(payload_.data() + raw, 0, 8);

  bit_reader r(payload_.data(), raw);
  auto old = ts.size();
  ts.resize(old + n);
  values.resize(old + n);
  auto* tp = ts.data() + old;
  auto* vp = values.data() + old;
  bool good =
      decode_timestamps(h.ts, h.first_ts, n, r, tp) && tp[n - 1] == h.last_ts;
  if (good && h.values == value_mode::decimal) {
    auto scale = static_cast<unsigned>(r.read(5));
    ensure(ints_, n);
    good = scale <= max_decimal_scale &&
           read_ints(r, n, ints_.data(), h.version >= 2, h.version >= 3);
    if (good)
      from_decimal(ints_.data(), n, scale, vp);
  } else if (good) {
    good = gorilla_decode(r, n, vp);
  }
  // Exactly consumed: only the zero padding of the last byte may remain.
  auto left = static_cast<unsigned>(r.bits_left());
  good = good && r.ok() && left < 8 && r.read(left) == 0;
  if (!good) {
    ts.resize(old);
    values.resize(old);
    return r.ok() ? errc::bad_encoding : errc::truncated;
  }
  return errc::ok;
}

} // namespace timeless::codec
