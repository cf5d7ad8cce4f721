#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "codec/truncated_code.hpp"

namespace timeless::codec {

/// Reads bits, least significant first, as `bit_writer` wrote them. Every
/// read is checked against the end of the input; reading past it consumes
/// the rest, returns zero and sets a sticky failure flag. The `size` bytes at
/// `data` must be followed by 8 readable padding bytes (the reader loads whole
/// unaligned words and masks them).
class bit_reader {
 public:
  bit_reader(const uint8_t* data, size_t size) : data_(data), end_(size * 8) {
    // nop
  }

  /// Reads `n <= 56` bits.
  uint64_t read(unsigned n) {
    assert(n <= 56);
    if (n > end_ - pos_)
      return fail();
    auto w = load(pos_);
    pos_ += n;
    return w & mask(n);
  }

  /// Reads `n <= 64` bits.
  uint64_t read_long(unsigned n) {
    if (n <= 56)
      return read(n);
    auto lo = read(32);
    auto hi = read(n - 32);
    return lo | hi << 32;
  }

  /// Reads a value written by `bit_writer::write_vint`.
  uint64_t read_vint() {
    auto b = static_cast<unsigned>(read(7));
    if (b > 64)
      return fail();
    return read_long(b);
  }

  /// The next 56 bits without consuming them (zeros past the end).
  uint64_t peek() const { return pos_ < end_ ? load(pos_) : 0; }

  /// Consumes `n` bits.
  void skip(unsigned n) {
    if (n > end_ - pos_)
      fail();
    else
      pos_ += n;
  }

  /// Reads `count` values of `width <= 56` bits each and passes them to
  /// `f(index, value)`. Returns false (consuming nothing) if the input is
  /// too short.
  template <class F>
  bool read_packed(size_t count, unsigned width, F&& f) {
    assert(width <= 56);
    if (width > 0 && count > (end_ - pos_) / width) {
      fail();
      return false;
    }
    auto m = mask(width);
    auto p = pos_;
    for (size_t i = 0; i < count; ++i) {
      f(i, load(p) & m);
      p += width;
    }
    pos_ = p;
    return true;
  }

  /// Reads a value in [0, m) written by `bit_writer::write_truncated`;
  /// requires 1 <= m <= 2^56. Every bit pattern decodes to a value below m.
  uint64_t read_truncated(uint64_t m) {
    assert(m >= 1 && m <= uint64_t{1} << 56);
    uint64_t v = 0;
    read_truncated_run(1, m, [&v](size_t, uint64_t x) { v = x; });
    return v;
  }

  /// Reads `count` values in [0, m) (as `read_truncated`) and passes them to
  /// `f(index, value)`. Returns false (and fails the stream) if the input
  /// ends first; `f` may have been called for a prefix then.
  template <class F>
  bool read_truncated_run(size_t count, uint64_t m, F&& f) {
    assert(m >= 1 && m <= uint64_t{1} << 56);
    if (m == 1) {
      for (size_t i = 0; i < count; ++i)
        f(i, uint64_t{0});
      return true;
    }
    truncated_code code{m};
    auto b = code.bits;
    auto low = mask(b - 1);
    auto p = pos_;
    for (size_t i = 0; i < count; ++i) {
      if (p > end_) // load() may start at most at end_
        break;
      auto w = load(p);
      auto x = w & low;
      p += code.length(x);
      f(i,
        x >= code.short_count ? code.value_of_long(x, (w >> (b - 1)) & 1) : x);
    }
    if (p > end_) {
      fail();
      return false;
    }
    pos_ = p;
    return true;
  }

  /// False once a read ran past the end or a caller called `fail()`.
  bool ok() const { return ok_; }

  /// Marks the stream as bad and consumes the rest; returns 0.
  uint64_t fail() {
    ok_ = false;
    pos_ = end_;
    return 0;
  }

  /// Bits not consumed yet.
  size_t bits_left() const { return end_ - pos_; }

 private:
  static uint64_t mask(unsigned n) { return (uint64_t{1} << n) - 1; }

  /// 57 or more valid bits starting at bit `pos` (pos <= end_).
  uint64_t load(size_t pos) const {
    uint64_t w;
    std::memcpy(&w, data_ + (pos >> 3), 8);
    return w >> (pos & 7);
  }

  const uint8_t* data_;
  size_t pos_ = 0;
  size_t end_;
  bool ok_ = true;
};

} // namespace timeless::codec
