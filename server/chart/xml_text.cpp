#include "server/chart/xml_text.hpp"

namespace timeless::chart {

namespace {

/// U+FFFD in UTF-8.
constexpr std::string_view replacement = "\xEF\xBF\xBD";

/// U+2026 in UTF-8.
constexpr std::string_view ellipsis = "\xE2\x80\xA6";

/// One decoded unit of the input: a valid code point (`len` bytes) or an
/// invalid byte (`cp` = -1, `len` = 1).
struct unit {
  int32_t cp;
  size_t len;
};

bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

/// Decodes the unit at `s[i]` (i < s.size()) by the table of well-formed
/// UTF-8 byte sequences (Unicode 15, table 3-7).
unit decode(std::string_view s, size_t i) {
  auto b = [&](size_t k) -> unsigned char {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  unsigned char c = b(0);
  if (c < 0x80)
    return {c, 1};
  if (c >= 0xC2 && c <= 0xDF && continuation(b(1)))
    return {((c & 0x1F) << 6) | (b(1) & 0x3F), 2};
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    if (b(1) >= lo && b(1) <= hi && continuation(b(2)))
      return {((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F), 3};
    return {-1, 1};
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    if (b(1) >= lo && b(1) <= hi && continuation(b(2)) && continuation(b(3)))
      return {((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
                  ((b(2) & 0x3F) << 6) | (b(3) & 0x3F),
              4};
  }
  return {-1, 1};
}

/// True if XML 1.0's Char production admits `cp` (a valid scalar value).
bool xml_char(int32_t cp) {
  if (cp < 0x20)
    return cp == 0x09 || cp == 0x0A || cp == 0x0D;
  return cp != 0xFFFE && cp != 0xFFFF;
}

void append_unit(std::string& out, std::string_view s, size_t i, unit u) {
  if (u.cp < 0 || !xml_char(u.cp)) {
    out += replacement;
    return;
  }
  switch (u.cp) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    case '\t':
      out += "&#9;";
      break;
    case '\n':
      out += "&#10;";
      break;
    case '\r':
      out += "&#13;";
      break;
    default:
      out.append(s.substr(i, u.len));
  }
}

/// Code points of `s`, each invalid byte counting as one.
size_t units(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += decode(s, i).len)
    ++n;
  return n;
}

} // namespace

void append_xml_text(std::string& out, std::string_view raw, size_t max_chars) {
  if (max_chars == 0)
    return;
  auto total = units(raw);
  bool cut = total > max_chars;
  auto keep = cut ? max_chars - 1 : total;
  size_t i = 0;
  for (size_t n = 0; n < keep; ++n) {
    auto u = decode(raw, i);
    append_unit(out, raw, i, u);
    i += u.len;
  }
  if (cut)
    out += ellipsis;
}

std::string xml_text(std::string_view raw, size_t max_chars) {
  std::string out;
  out.reserve(raw.size());
  append_xml_text(out, raw, max_chars);
  return out;
}

size_t text_length(std::string_view raw, size_t max_chars) {
  auto n = units(raw);
  return n < max_chars ? n : max_chars;
}

void append_comment_text(std::string& out, std::string_view raw) {
  auto start = out.size();
  append_xml_text(out, raw);
  for (auto i = start; i < out.size(); ++i)
    if (out[i] == '-')
      out[i] = '_';
}

} // namespace timeless::chart
