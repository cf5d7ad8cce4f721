#include "formats/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace timeless::formats {

namespace {

bool is_cont(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

/// Length of the leading run of ASCII bytes, eight at a time.
size_t ascii_prefix(std::string_view x) {
  size_t i = 0;
  for (; i + 8 <= x.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, x.data() + i, 8);
    if (w & 0x8080808080808080ull)
      break;
  }
  while (i < x.size() && static_cast<unsigned char>(x[i]) < 0x80)
    ++i;
  return i;
}

} // namespace

size_t utf8_sequence(std::string_view x, size_t* bad) {
  auto fail = [&](size_t n) -> size_t {
    if (bad)
      *bad = n;
    return 0;
  };
  if (x.empty())
    return fail(0);
  auto b0 = static_cast<unsigned char>(x[0]);
  if (b0 < 0x80)
    return 1;
  size_t len;
  // The allowed range of the second byte (the first continuation).
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0)
      lo = 0xA0; // overlong below U+0800
    else if (b0 == 0xED)
      hi = 0x9F; // surrogates U+D800..U+DFFF
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0)
      lo = 0x90; // overlong below U+10000
    else if (b0 == 0xF4)
      hi = 0x8F; // above U+10FFFF
  } else {
    return fail(1); // 80..C1 or F5..FF: never valid as a first byte
  }
  if (x.size() < 2)
    return fail(1);
  auto b1 = static_cast<unsigned char>(x[1]);
  if (b1 < lo || b1 > hi)
    return fail(1);
  for (size_t i = 2; i < len; ++i)
    if (i >= x.size() || !is_cont(static_cast<unsigned char>(x[i])))
      return fail(i);
  return len;
}

bool valid_utf8(std::string_view x) {
  size_t i = 0;
  while (i < x.size()) {
    i += ascii_prefix(x.substr(i));
    if (i == x.size())
      return true;
    auto n = utf8_sequence(x.substr(i));
    if (n == 0)
      return false;
    i += n;
  }
  return true;
}

void append_utf8_sanitized(std::string& out, std::string_view x) {
  while (!x.empty()) {
    auto a = ascii_prefix(x);
    out.append(x.substr(0, a));
    x.remove_prefix(a);
    if (x.empty())
      return;
    size_t bad = 0;
    if (auto n = utf8_sequence(x, &bad); n > 0) {
      out.append(x.substr(0, n));
      x.remove_prefix(n);
    } else {
      out.append(utf8_replacement);
      x.remove_prefix(bad);
    }
  }
}

void append_json_string_utf8(std::string& out, std::string_view x) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  while (!x.empty()) {
    auto u = static_cast<unsigned char>(x[0]);
    if (u >= 0x80) {
      size_t bad = 0;
      if (auto n = utf8_sequence(x, &bad); n > 0) {
        out.append(x.substr(0, n));
        x.remove_prefix(n);
      } else {
        out.append(utf8_replacement);
        x.remove_prefix(bad);
      }
      continue;
    }
    x.remove_prefix(1);
    switch (u) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 0xF];
        } else {
          out += static_cast<char>(u);
        }
    }
  }
  out += '"';
}

} // namespace timeless::formats
