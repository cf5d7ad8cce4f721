#include "codec/lz_probe.hpp"

#include <array>
#include <cstring>

namespace timeless::codec {

bool looks_compressible(std::span<const uint8_t> data) {
  auto n = data.size();
  if (n < 32)
    return false; // a zstd frame alone costs more than it could save
  // Last position (+1) of each hashed 4-byte sequence.
  std::array<uint32_t, 1024> last{};
  size_t matched = 0;
  const uint8_t* p = data.data();
  // Even positions only: half the work; misses repeats at odd distances.
  for (size_t i = 0; i + 4 <= n; i += 2) {
    uint32_t w;
    std::memcpy(&w, p + i, 4);
    auto h = (w * 2654435761u) >> 22;
    auto prev = last[h];
    last[h] = static_cast<uint32_t>(i + 1);
    if (prev != 0) {
      uint32_t v;
      std::memcpy(&v, p + prev - 1, 4);
      matched += v == w;
    }
  }
  // Each match stands for a few bytes zstd could replace by a reference.
  return matched * 64 >= n;
}

} // namespace timeless::codec
