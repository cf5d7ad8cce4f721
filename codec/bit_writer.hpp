#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>

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
  size_t bits() const { return bits_; }

 private:
  size_t bits_ = 0;
};

} // namespace timeless::codec
