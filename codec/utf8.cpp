#include "codec/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace timeless::utf8 {

namespace {

bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

} // namespace

size_t sequence_length(std::string_view x) {
  if (x.empty())
    return 0;
  auto b = [&](size_t i) { return static_cast<unsigned char>(x[i]); };
  auto c0 = b(0);
  if (c0 < 0x80)
    return 1;
  if (c0 < 0xC2 || c0 > 0xF4)
    return 0; // a continuation byte, an overlong lead (C0, C1) or > U+10FFFF
  size_t n = c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4;
  if (x.size() < n)
    return 0;
  // The second byte's range depends on the lead (overlongs, surrogates and
  // the U+10FFFF limit); later bytes are plain continuations.
  auto c1 = b(1);
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c0 == 0xE0)
    lo = 0xA0;
  else if (c0 == 0xED)
    hi = 0x9F;
  else if (c0 == 0xF0)
    lo = 0x90;
  else if (c0 == 0xF4)
    hi = 0x8F;
  if (c1 < lo || c1 > hi)
    return 0;
  for (size_t i = 2; i < n; ++i)
    if (!continuation(b(i)))
      return 0;
  return n;
}

size_t first_invalid(std::string_view x) {
  size_t i = 0;
  while (i < x.size()) {
    // ASCII fast path: eight bytes at a time while none has its high bit.
    while (x.size() - i >= 8) {
      uint64_t word;
      std::memcpy(&word, x.data() + i, 8);
      if (word & 0x8080808080808080ull)
        break;
      i += 8;
    }
    if (i == x.size())
      break;
    auto n = sequence_length(x.substr(i));
    if (n == 0)
      return i;
    i += n;
  }
  return x.size();
}

} // namespace timeless::utf8
