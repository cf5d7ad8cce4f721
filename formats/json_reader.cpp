#include "formats/json_reader.hpp"

#include <charconv>

#include "codec/utf8.hpp"

namespace timeless::formats {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

} // namespace

char json_reader::peek() {
  while (pos_ < text_.size()) {
    auto c = text_[pos_];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
      return c;
    ++pos_;
  }
  return '\0';
}

bool json_reader::consume(char c) {
  if (peek() != c || pos_ >= text_.size())
    return false;
  ++pos_;
  return true;
}

bool json_reader::consume_word(std::string_view word) {
  peek();
  if (text_.substr(pos_, word.size()) != word)
    return false;
  pos_ += word.size();
  return true;
}

const char* json_reader::read_hex4(uint32_t& out) {
  if (text_.size() - pos_ < 4)
    return "truncated \\u escape";
  out = 0;
  for (size_t i = 0; i < 4; ++i) {
    auto c = text_[pos_ + i];
    uint32_t d = 0;
    if (c >= '0' && c <= '9')
      d = static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      d = static_cast<uint32_t>(c - 'A' + 10);
    else
      return "expected 4 hex digits after \\u";
    out = out * 16 + d;
  }
  pos_ += 4;
  return nullptr;
}

const char* json_reader::read_string(std::string& out) {
  out.clear();
  if (peek() != '"')
    return "expected a string";
  ++pos_;
  while (pos_ < text_.size()) {
    auto start = pos_;
    bool ascii = true;
    while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\' &&
           static_cast<unsigned char>(text_[pos_]) >= 0x20) {
      ascii = ascii && static_cast<unsigned char>(text_[pos_]) < 0x80;
      ++pos_;
    }
    auto run = text_.substr(start, pos_ - start);
    // JSON text is UTF-8 (RFC 8259). A run ends at an ASCII byte, which
    // no multi-byte sequence contains, so each run is checked alone.
    if (!ascii) {
      auto bad = utf8::first_invalid(run);
      if (bad != run.size()) {
        pos_ = start + bad;
        return "string is not valid UTF-8";
      }
    }
    out.append(run);
    if (pos_ >= text_.size())
      break;
    auto c = text_[pos_];
    if (c == '"') {
      ++pos_;
      return nullptr;
    }
    if (c != '\\')
      return "control character in a string (escape it)";
    if (++pos_ >= text_.size())
      break;
    auto e = text_[pos_++];
    switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (auto err = read_hex4(cp))
          return err;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
          return "unpaired low surrogate in a \\u escape";
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo = 0;
          if (text_.substr(pos_, 2) != "\\u")
            return "unpaired high surrogate in a \\u escape";
          pos_ += 2;
          if (auto err = read_hex4(lo))
            return err;
          if (lo < 0xDC00 || lo > 0xDFFF)
            return "unpaired high surrogate in a \\u escape";
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        append_utf8(out, cp);
        break;
      }
      default:
        --pos_;
        return "unknown escape in a string";
    }
  }
  return "unterminated string";
}

const char* json_reader::read_number(std::string_view& out) {
  peek();
  auto start = pos_;
  auto at = [&](size_t i) { return i < text_.size() ? text_[i] : '\0'; };
  if (at(pos_) == '-')
    ++pos_;
  if (at(pos_) == '0') {
    ++pos_;
  } else if (is_digit(at(pos_))) {
    while (is_digit(at(pos_)))
      ++pos_;
  } else {
    return "expected a number";
  }
  if (at(pos_) == '.') {
    ++pos_;
    if (!is_digit(at(pos_)))
      return "expected digits after '.'";
    while (is_digit(at(pos_)))
      ++pos_;
  }
  if (at(pos_) == 'e' || at(pos_) == 'E') {
    ++pos_;
    if (at(pos_) == '+' || at(pos_) == '-')
      ++pos_;
    if (!is_digit(at(pos_)))
      return "expected digits in the exponent";
    while (is_digit(at(pos_)))
      ++pos_;
  }
  out = text_.substr(start, pos_ - start);
  return nullptr;
}

const char* json_reader::read_int64(int64_t& out) {
  std::string_view num;
  auto start = pos_;
  if (auto err = read_number(num))
    return err;
  if (num.find_first_of(".eE") != std::string_view::npos) {
    pos_ = start;
    peek();
    return "expected an integer";
  }
  auto res = std::from_chars(num.data(), num.data() + num.size(), out);
  if (res.ec != std::errc{}) {
    pos_ = start;
    peek();
    return "integer out of range";
  }
  return nullptr;
}

const char* json_reader::skip_value(int depth) {
  if (depth >= max_depth)
    return "nested too deeply";
  auto c = peek();
  if (c == '"') {
    std::string scratch;
    return read_string(scratch);
  }
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    ++pos_;
    if (consume(close))
      return nullptr;
    for (;;) {
      if (c == '{') {
        std::string key;
        if (auto err = read_string(key))
          return err;
        if (!consume(':'))
          return "expected ':' after the key";
      }
      if (auto err = skip_value(depth + 1))
        return err;
      if (consume(close))
        return nullptr;
      if (!consume(','))
        return c == '{' ? "expected ',' or '}'" : "expected ',' or ']'";
    }
  }
  if (consume_word("null") || consume_word("true") || consume_word("false"))
    return nullptr;
  std::string_view num;
  return read_number(num);
}

} // namespace timeless::formats
