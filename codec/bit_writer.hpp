#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "codec/truncated_code.hpp"

namespace timeless::codec {

static_assert(std::endian::native == std::endian::little,
              "the bit streams assume a little-endian host");

/// Appends bits, least significant first, to a caller-sized buffer, one
/// 64-bit word at a time. Writes are not bounds-checked: the caller sizes the
/// buffer from a worst-case bound, rounded up to whole 8-byte words.
class bit_writer {
 public:
  explicit bit_writer(uint8_t* buf) : buf_(buf) {
    // nop
  }

  /// Writes the low `n` bits of `v`; `n <= 64` and the bits of `v` above `n`
  /// must be zero.
  void write(uint64_t v, unsigned n) {
    assert(n <= 64);
    assert(n == 64 || (v >> n) == 0);
    acc_ |= v << fill_; // fill_ < 64 here
    fill_ += n;
    if (fill_ >= 64) {
      std::memcpy(buf_ + bytes_, &acc_, 8);
      bytes_ += 8;
      fill_ -= 64;
      acc_ = fill_ == 0 ? 0 : v >> (n - fill_);
    }
  }

  /// Writes `v` as a 7-bit bit length `b` followed by `b` bits.
  void write_vint(uint64_t v) {
    auto b = static_cast<unsigned>(std::bit_width(v));
    write(b, 7);
    write(v, b);
  }

  /// Writes `v < m` (m <= 2^56) in the truncated binary code of [0, m)
  /// (codec/truncated_code.hpp); nothing for m == 1.
  void write_truncated(uint64_t v, uint64_t m) {
    write_truncated_run(&v, 1, m);
  }

  /// `write_truncated(v[i], m)` for each of the `count` values at `v`.
  void write_truncated_run(const uint64_t* v, size_t count, uint64_t m) {
    assert(m >= 1 && m <= uint64_t{1} << 56);
    if (m <= 1)
      return;
    truncated_code code{m};
    for (size_t i = 0; i < count; ++i) {
      assert(v[i] < m);
      write(code.pattern(v[i]), code.length(v[i]));
    }
  }

  /// The bits `write_truncated(v, m)` takes.
  static constexpr unsigned truncated_bits(uint64_t v, uint64_t m) {
    return m <= 1 ? 0 : truncated_code{m}.length(v);
  }

  /// Bits written so far.
  size_t bits() const { return bytes_ * 8 + fill_; }

  /// Stores the last partial word (zero-padded) and returns the bytes used.
  size_t finish() {
    if (fill_ > 0)
      std::memcpy(buf_ + bytes_, &acc_, 8);
    return bytes_ + (fill_ + 7) / 8;
  }

  /// The bits `write_vint(v)` takes.
  static constexpr size_t vint_bits(uint64_t v) {
    return 7 + static_cast<size_t>(std::bit_width(v));
  }

 private:
  uint8_t* buf_;
  size_t bytes_ = 0;
  uint64_t acc_ = 0;
  unsigned fill_ = 0;
};

/// Counts the bits a writer would take, for choosing between encodings.
class bit_counter {
 public:
  void write(uint64_t, unsigned n) { bits_ += n; }
  void write_vint(uint64_t v) { bits_ += bit_writer::vint_bits(v); }
  void write_truncated(uint64_t v, uint64_t m) {
    bits_ += bit_writer::truncated_bits(v, m);
  }
  void write_truncated_run(const uint64_t* v, size_t count, uint64_t m) {
    if (m <= 1)
      return;
    truncated_code code{m};
    for (size_t i = 0; i < count; ++i)
      bits_ += code.length(v[i]);
  }
  size_t bits() const { return bits_; }

 private:
  size_t bits_ = 0;
};

} // namespace timeless::codec
