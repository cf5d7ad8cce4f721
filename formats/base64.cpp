#include "formats/base64.hpp"

#include <cstdint>

namespace timeless::formats {

namespace {

int sextet(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

} // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0)
    return std::nullopt;
  size_t pad = 0;
  if (!text.empty() && text.back() == '=')
    pad = text[text.size() - 2] == '=' ? 2 : 1;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    uint32_t group = 0;
    for (size_t k = 0; k < 4; ++k) {
      auto c = text[i + k];
      int v;
      if (c == '=' && last && k >= 4 - pad) {
        v = 0;
      } else {
        v = sextet(c);
        if (v < 0)
          return std::nullopt;
      }
      group = (group << 6) | static_cast<uint32_t>(v);
    }
    size_t bytes = last ? 3 - pad : 3;
    // Canonical form: the bits the padding stands for are zero.
    if (last && pad > 0 && (group & ((1u << (8 * pad)) - 1)) != 0)
      return std::nullopt;
    for (size_t k = 0; k < bytes; ++k)
      out += static_cast<char>((group >> (16 - 8 * k)) & 0xff);
  }
  return out;
}

} // namespace timeless::formats
