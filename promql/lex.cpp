#include "promql/lex.hpp"

#include <cstdint>
#include <limits>

namespace timeless::promql {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_val(char c) {
  if (is_digit(c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return c - 'A' + 10;
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

class lexer {
 public:
  explicit lexer(std::string_view in) : in_(in) {
    // nop
  }

  lex_result run() {
    lex_result res;
    while (true) {
      skip_space();
      token t;
      t.pos = pos_;
      if (pos_ >= in_.size()) {
        res.tokens.push_back(std::move(t));
        return res;
      }
      if (!next(t)) {
        res.ok = false;
        res.error_pos = err_pos_;
        res.error = std::move(err_);
        return res;
      }
      res.tokens.push_back(std::move(t));
    }
  }

 private:
  void skip_space() {
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < in_.size() && in_[pos_] != '\n')
          ++pos_;
      } else {
        break;
      }
    }
  }

  bool fail(size_t pos, std::string msg) {
    err_pos_ = pos;
    err_ = std::move(msg);
    return false;
  }

  char peek(size_t off = 0) const {
    return pos_ + off < in_.size() ? in_[pos_ + off] : '\0';
  }

  bool next(token& t) {
    char c = in_[pos_];
    auto one = [&](token_kind k, size_t n) {
      t.kind = k;
      t.text = std::string{in_.substr(pos_, n)};
      pos_ += n;
      return true;
    };
    switch (c) {
      case '{':
        return one(token_kind::lbrace, 1);
      case '}':
        return one(token_kind::rbrace, 1);
      case '(':
        return one(token_kind::lparen, 1);
      case ')':
        return one(token_kind::rparen, 1);
      case '[':
        return one(token_kind::lbracket, 1);
      case ']':
        return one(token_kind::rbracket, 1);
      case ',':
        return one(token_kind::comma, 1);
      case '@':
        return one(token_kind::at, 1);
      case '+':
        return one(token_kind::add, 1);
      case '-':
        return one(token_kind::sub, 1);
      case '*':
        return one(token_kind::mul, 1);
      case '/':
        return one(token_kind::div, 1);
      case '%':
        return one(token_kind::mod, 1);
      case '^':
        return one(token_kind::pow, 1);
      case '=':
        if (peek(1) == '=')
          return one(token_kind::eql, 2);
        if (peek(1) == '~')
          return one(token_kind::eql_regex, 2);
        return one(token_kind::assign, 1);
      case '!':
        if (peek(1) == '=')
          return one(token_kind::neq, 2);
        if (peek(1) == '~')
          return one(token_kind::neq_regex, 2);
        return fail(pos_, "unexpected character after '!': " +
                              describe_char(peek(1)));
      case '<':
        if (peek(1) == '=')
          return one(token_kind::lte, 2);
        return one(token_kind::lss, 1);
      case '>':
        if (peek(1) == '=')
          return one(token_kind::gte, 2);
        return one(token_kind::gtr, 1);
      case '"':
      case '\'':
        return lex_string(t, c);
      case '`':
        return lex_raw(t);
      case ':':
        if (!is_alpha(peek(1)) && peek(1) != ':')
          return one(token_kind::colon, 1);
        return lex_ident(t);
      default:
        break;
    }
    if (is_digit(c) || (c == '.' && is_digit(peek(1))))
      return lex_number(t);
    if (is_alpha(c))
      return lex_ident(t);
    return fail(pos_, "unexpected character: " + describe_char(c));
  }

  static std::string describe_char(char c) {
    if (c == '\0')
      return "end of input";
    if (static_cast<unsigned char>(c) < 0x20 ||
        static_cast<unsigned char>(c) >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%02x",
                    static_cast<unsigned>(static_cast<unsigned char>(c)));
      return buf;
    }
    return std::string{"'"} + c + "'";
  }

  bool lex_ident(token& t) {
    size_t start = pos_;
    while (pos_ < in_.size() &&
           (is_alpha(in_[pos_]) || is_digit(in_[pos_]) || in_[pos_] == ':'))
      ++pos_;
    t.kind = token_kind::identifier;
    t.text = std::string{in_.substr(start, pos_ - start)};
    return true;
  }

  bool lex_number(token& t) {
    size_t start = pos_;
    bool hex = false;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X') &&
        is_hex(peek(2))) {
      hex = true;
      pos_ += 2;
      while (is_hex(peek()))
        ++pos_;
    } else {
      while (is_digit(peek()))
        ++pos_;
      // A duration: digits directly followed by a unit.
      if (pos_ > start && is_alpha(peek()) && peek() != 'e' && peek() != 'E') {
        while (is_alpha(peek()) || is_digit(peek()))
          ++pos_;
        t.kind = token_kind::duration;
        t.text = std::string{in_.substr(start, pos_ - start)};
        int64_t ms = 0;
        if (!parse_duration(t.text, ms))
          return fail(start, "bad duration syntax: " + quote_text(t.text));
        return true;
      }
      if (peek() == '.') {
        ++pos_;
        while (is_digit(peek()))
          ++pos_;
      }
      if (peek() == 'e' || peek() == 'E') {
        size_t save = pos_;
        ++pos_;
        if (peek() == '+' || peek() == '-')
          ++pos_;
        if (!is_digit(peek())) {
          pos_ = save;
        } else {
          while (is_digit(peek()))
            ++pos_;
        }
      }
    }
    if (is_alpha(peek()) || is_digit(peek()) || peek() == ':' ||
        peek() == '.' || (hex && peek() == '.'))
      return fail(start, "bad number or duration syntax: " +
                             quote_text(in_.substr(start, pos_ + 1 - start)));
    t.kind = token_kind::number;
    t.text = std::string{in_.substr(start, pos_ - start)};
    return true;
  }

  static std::string quote_text(std::string_view s) {
    return "\"" + std::string{s} + "\"";
  }

  bool lex_raw(token& t) {
    size_t start = pos_++;
    while (pos_ < in_.size() && in_[pos_] != '`')
      ++pos_;
    if (pos_ >= in_.size())
      return fail(start, "unterminated raw string");
    t.kind = token_kind::string;
    t.text = std::string{in_.substr(start + 1, pos_ - start - 1)};
    ++pos_;
    return true;
  }

  bool lex_string(token& t, char q) {
    size_t start = pos_++;
    std::string out;
    while (true) {
      if (pos_ >= in_.size() || in_[pos_] == '\n')
        return fail(start, "unterminated quoted string");
      char c = in_[pos_++];
      if (c == q)
        break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= in_.size())
        return fail(start, "unterminated quoted string");
      size_t esc = pos_ - 1;
      char e = in_[pos_++];
      switch (e) {
        case 'a':
          out += '\a';
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
        case 'v':
          out += '\v';
          break;
        case '\\':
          out += '\\';
          break;
        case 'x':
        case 'u':
        case 'U': {
          size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          uint32_t cp = 0;
          for (size_t i = 0; i < n; ++i) {
            if (pos_ >= in_.size() || !is_hex(in_[pos_]))
              return fail(esc, "invalid escape sequence in string");
            cp = cp * 16 + static_cast<uint32_t>(hex_val(in_[pos_++]));
          }
          if (e == 'x')
            out += static_cast<char>(cp);
          else if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
            return fail(esc, "invalid unicode code point in escape sequence");
          else
            append_utf8(out, cp);
          break;
        }
        default:
          if (e == q) {
            out += e;
          } else if (e >= '0' && e <= '7') {
            uint32_t v = static_cast<uint32_t>(e - '0');
            for (int i = 0; i < 2; ++i) {
              if (pos_ >= in_.size() || in_[pos_] < '0' || in_[pos_] > '7')
                return fail(esc, "invalid escape sequence in string");
              v = v * 8 + static_cast<uint32_t>(in_[pos_++] - '0');
            }
            if (v > 255)
              return fail(esc, "octal escape value > 255");
            out += static_cast<char>(v);
          } else {
            return fail(esc, "unknown escape sequence " + describe_char(e));
          }
      }
    }
    t.kind = token_kind::string;
    t.text = std::move(out);
    return true;
  }

  std::string_view in_;
  size_t pos_ = 0;
  size_t err_pos_ = 0;
  std::string err_;
};

} // namespace

lex_result lex(std::string_view input) {
  return lexer{input}.run();
}

bool parse_duration(std::string_view s, int64_t& ms) {
  if (s == "0") {
    ms = 0;
    return true;
  }
  struct unit {
    std::string_view name;
    int64_t ms;
  };
  static constexpr unit units[] = {
      {"y", 365LL * 24 * 3600 * 1000},
      {"w", 7LL * 24 * 3600 * 1000},
      {"d", 24LL * 3600 * 1000},
      {"h", 3600LL * 1000},
      {"m", 60LL * 1000},
      {"s", 1000},
      {"ms", 1},
  };
  size_t next_unit = 0;
  size_t i = 0;
  int64_t total = 0;
  if (s.empty())
    return false;
  while (i < s.size()) {
    if (!is_digit(s[i]))
      return false;
    int64_t n = 0;
    while (i < s.size() && is_digit(s[i])) {
      if (n > (std::numeric_limits<int64_t>::max() - 9) / 10)
        return false;
      n = n * 10 + (s[i] - '0');
      ++i;
    }
    size_t j = i;
    while (j < s.size() && is_alpha(s[j]))
      ++j;
    auto name = s.substr(i, j - i);
    i = j;
    bool found = false;
    for (; next_unit < std::size(units); ++next_unit) {
      if (units[next_unit].name == name) {
        if (n > std::numeric_limits<int64_t>::max() / units[next_unit].ms)
          return false;
        int64_t add = n * units[next_unit].ms;
        if (total > std::numeric_limits<int64_t>::max() - add)
          return false;
        total += add;
        ++next_unit;
        found = true;
        break;
      }
    }
    if (!found)
      return false;
  }
  ms = total;
  return true;
}

std::string format_duration(int64_t ms) {
  if (ms == 0)
    return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  struct unit {
    const char* name;
    int64_t ms;
  };
  static constexpr unit units[] = {
      {"y", 365LL * 24 * 3600 * 1000},
      {"w", 7LL * 24 * 3600 * 1000},
      {"d", 24LL * 3600 * 1000},
      {"h", 3600LL * 1000},
      {"m", 60LL * 1000},
      {"s", 1000},
      {"ms", 1},
  };
  for (auto& u : units) {
    if (ms >= u.ms) {
      out += std::to_string(ms / u.ms);
      out += u.name;
      ms %= u.ms;
    }
  }
  return out;
}

std::string_view describe(token_kind k) {
  switch (k) {
    case token_kind::eof:
      return "end of input";
    case token_kind::identifier:
      return "identifier";
    case token_kind::number:
      return "number";
    case token_kind::duration:
      return "duration";
    case token_kind::string:
      return "string";
    case token_kind::lbrace:
      return "\"{\"";
    case token_kind::rbrace:
      return "\"}\"";
    case token_kind::lparen:
      return "\"(\"";
    case token_kind::rparen:
      return "\")\"";
    case token_kind::lbracket:
      return "\"[\"";
    case token_kind::rbracket:
      return "\"]\"";
    case token_kind::comma:
      return "\",\"";
    case token_kind::colon:
      return "\":\"";
    case token_kind::at:
      return "\"@\"";
    case token_kind::assign:
      return "\"=\"";
    case token_kind::eql:
      return "\"==\"";
    case token_kind::neq:
      return "\"!=\"";
    case token_kind::lss:
      return "\"<\"";
    case token_kind::lte:
      return "\"<=\"";
    case token_kind::gtr:
      return "\">\"";
    case token_kind::gte:
      return "\">=\"";
    case token_kind::eql_regex:
      return "\"=~\"";
    case token_kind::neq_regex:
      return "\"!~\"";
    case token_kind::add:
      return "\"+\"";
    case token_kind::sub:
      return "\"-\"";
    case token_kind::mul:
      return "\"*\"";
    case token_kind::div:
      return "\"/\"";
    case token_kind::mod:
      return "\"%\"";
    case token_kind::pow:
      return "\"^\"";
  }
  return "token";
}

} // namespace timeless::promql
