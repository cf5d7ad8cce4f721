#include "timeless/selector.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <memory>

#include <re2/re2.h>

#include "timeless/error.hpp"

namespace timeless {

namespace {

bool is_alpha_(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (is_digit(c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

/// A recursive-descent parser over `text_`. Every `parse_*` function returns
/// false after recording the first error in `err_`.
class parser {
 public:
  explicit parser(std::string_view text) : text_(text) {
    // nop
  }

  caf::expected<selector> run() {
    selector result;
    skip_ws();
    if (pos_ < text_.size() && (is_alpha_(text_[pos_]) || text_[pos_] == ':'))
      result.metric = read_name(true);
    skip_ws();
    if (consume('{') && !parse_matchers(result))
      return std::move(err_);
    skip_ws();
    if (pos_ != text_.size()) {
      fail(result.metric.empty() ? "a metric name or '{'"
                                 : "'{' or the end of the selector");
      return std::move(err_);
    }
    if (result.metric.empty())
      return make_error(errc::invalid_argument,
                        "selector '" + std::string{text_} +
                            "' names no metric: give a metric name or a "
                            "__name__=\"...\" matcher");
    return result;
  }

 private:
  bool parse_matchers(selector& result) {
    for (;;) {
      skip_ws();
      if (consume('}'))
        return true;
      label_matcher m;
      if (!parse_matcher(m))
        return false;
      if (m.name == "__name__" && !set_metric(result, m))
        return false;
      if (m.name != "__name__")
        result.matchers.push_back(std::move(m));
      skip_ws();
      if (consume('}'))
        return true;
      if (!consume(','))
        return fail("',' or '}'");
    }
  }

  bool set_metric(selector& result, label_matcher& m) {
    if (m.op != match_op::eq)
      return fail_at(name_pos_, "a __name__ matcher with '=' (the metric "
                                "name must be given exactly)");
    if (!result.metric.empty())
      return fail_at(name_pos_, "no second metric name");
    auto valid = !m.value.empty() &&
                 (is_alpha_(m.value[0]) || m.value[0] == ':') &&
                 std::all_of(m.value.begin(), m.value.end(), [](char c) {
                   return is_alpha_(c) || is_digit(c) || c == ':';
                 });
    if (!valid)
      return fail_at(value_pos_, "a metric name matching "
                                 "[a-zA-Z_:][a-zA-Z0-9_:]* as __name__ value");
    result.metric = std::move(m.value);
    return true;
  }

  bool parse_matcher(label_matcher& m) {
    name_pos_ = pos_;
    if (pos_ == text_.size() || !is_alpha_(text_[pos_]))
      return fail("a label name");
    m.name = read_name(false);
    skip_ws();
    if (consume('=')) {
      m.op = consume('~') ? match_op::re : match_op::eq;
    } else if (consume('!')) {
      if (consume('='))
        m.op = match_op::neq;
      else if (consume('~'))
        m.op = match_op::nre;
      else
        return fail("'=' or '~' after '!'");
    } else {
      return fail("'=', '!=', '=~' or '!~'");
    }
    skip_ws();
    value_pos_ = pos_;
    return parse_string(m.value);
  }

  bool parse_string(std::string& out) {
    if (pos_ == text_.size())
      return fail("a quoted string");
    auto quote = text_[pos_];
    if (quote != '"' && quote != '\'' && quote != '`')
      return fail("a quoted string");
    auto start = pos_++;
    for (;;) {
      if (pos_ == text_.size())
        return fail("a closing " + std::string(1, quote) +
                    " for the string that starts at position " +
                    std::to_string(start) + ",");
      auto c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return true;
      }
      if (quote == '`') {
        out += c;
        ++pos_;
      } else if (c == '\n') {
        return fail("an escape sequence instead of a line feed in a string");
      } else if (c == '\\') {
        if (!parse_escape(out))
          return false;
      } else {
        out += c;
        ++pos_;
      }
    }
  }

  /// Parses an escape sequence at `pos_` (a backslash).
  bool parse_escape(std::string& out) {
    auto start = pos_++;
    if (pos_ == text_.size())
      return fail("an escape sequence after '\\'");
    auto c = text_[pos_++];
    switch (c) {
      case 'a':
        out += '\a';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'v':
        out += '\v';
        return true;
      case '\\':
      case '\'':
      case '"':
        out += c;
        return true;
      case 'x':
        return parse_hex(2, start, out, false);
      case 'u':
        return parse_hex(4, start, out, true);
      case 'U':
        return parse_hex(8, start, out, true);
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      uint32_t v = static_cast<uint32_t>(c - '0');
      for (int i = 0; i < 2; ++i) {
        if (pos_ == text_.size() || text_[pos_] < '0' || text_[pos_] > '7')
          return fail_at(start, "an octal escape of 3 digits");
        v = v * 8 + static_cast<uint32_t>(text_[pos_++] - '0');
      }
      if (v > 0xff)
        return fail_at(start, "an octal escape of at most \\377");
      out += static_cast<char>(v);
      return true;
    }
    return fail_at(start, "a known escape sequence (\\a \\b \\f \\n \\r \\t "
                          "\\v \\\\ \\' \\\" \\xHH \\NNN \\uHHHH \\UHHHHHHHH)");
  }

  bool parse_hex(int digits, size_t start, std::string& out, bool unicode) {
    uint32_t v = 0;
    for (int i = 0; i < digits; ++i) {
      auto d = pos_ < text_.size() ? hex_value(text_[pos_]) : -1;
      if (d < 0)
        return fail_at(start, "an escape with " + std::to_string(digits) +
                                  " hex digits");
      v = v * 16 + static_cast<uint32_t>(d);
      ++pos_;
    }
    if (!unicode) {
      out += static_cast<char>(v);
      return true;
    }
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
      return fail_at(start, "a Unicode escape of a valid code point");
    append_utf8(out, v);
    return true;
  }

  std::string read_name(bool metric) {
    auto start = pos_;
    while (pos_ < text_.size() &&
           (is_alpha_(text_[pos_]) || is_digit(text_[pos_]) ||
            (metric && text_[pos_] == ':')))
      ++pos_;
    return std::string{text_.substr(start, pos_ - start)};
  }

  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool fail(const std::string& expected) { return fail_at(pos_, expected); }

  /// Records "expected X at position N (found ...)" for the first error.
  bool fail_at(size_t pos, const std::string& expected) {
    std::string found = pos < text_.size()
                            ? "found '" + std::string(1, text_[pos]) + "'"
                            : "found the end of the selector";
    err_ = make_error(errc::invalid_argument,
                      "selector '" + std::string{text_} + "': expected " +
                          expected + " at position " + std::to_string(pos) +
                          ", " + found);
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t name_pos_ = 0;
  size_t value_pos_ = 0;
  caf::error err_;
};

} // namespace

std::string to_string(match_op x) {
  switch (x) {
    case match_op::eq:
      return "=";
    case match_op::neq:
      return "!=";
    case match_op::re:
      return "=~";
    case match_op::nre:
      return "!~";
  }
  return "?";
}

std::string to_string(const selector& x) {
  std::string out = x.metric;
  if (x.matchers.empty())
    return out;
  out += '{';
  for (auto& m : x.matchers) {
    if (out.back() != '{')
      out += ',';
    out += m.name;
    out += to_string(m.op);
    append_quoted(out, m.value);
  }
  out += '}';
  return out;
}

caf::expected<selector> parse_selector(std::string_view text) {
  return parser{text}.run();
}

/// How a compiled matcher tests a value (before negation).
enum class test_kind : uint8_t {
  /// Equal to one of `literals` (`=`/`!=`, and regexes without
  /// metacharacters other than '|', such as "a|b|c").
  one_of,
  /// Any value without a line feed (the regex ".*").
  any_line,
  /// A non-empty value without a line feed (the regex ".+").
  nonempty_line,
  /// A full match of `re` (RE2::FullMatch anchors at both ends).
  regex,
};

struct series_matcher::compiled {
  std::string name;
  bool negate = false;
  test_kind kind = test_kind::one_of;
  std::vector<std::string> literals;
  std::unique_ptr<RE2> re;

  bool test(const std::string& value) const {
    auto no_line_feed = [&] { return value.find('\n') == std::string::npos; };
    switch (kind) {
      case test_kind::one_of:
        return std::find(literals.begin(), literals.end(), value) !=
               literals.end();
      case test_kind::any_line:
        return no_line_feed();
      case test_kind::nonempty_line:
        return !value.empty() && no_line_feed();
      case test_kind::regex:
        return RE2::FullMatch(value, *re);
    }
    return false;
  }
};

namespace {

/// Splits a regex made only of literal characters and '|' into its
/// alternatives; returns false if it has any other metacharacter.
bool split_literal_alternatives(std::string_view pattern,
                                std::vector<std::string>& out) {
  if (pattern.find_first_of("\\^$.?*+()[]{}") != std::string_view::npos)
    return false;
  for (;;) {
    auto bar = pattern.find('|');
    out.emplace_back(pattern.substr(0, bar));
    if (bar == std::string_view::npos)
      return true;
    pattern.remove_prefix(bar + 1);
  }
}

} // namespace

caf::expected<series_matcher> series_matcher::make(const selector& sel) {
  if (sel.metric.empty())
    return make_error(errc::invalid_argument,
                      "selector '" + to_string(sel) + "' names no metric");
  auto matchers = std::make_shared<std::vector<compiled>>();
  matchers->reserve(sel.matchers.size());
  for (auto& m : sel.matchers) {
    auto& c = matchers->emplace_back();
    c.name = m.name;
    c.negate = m.op == match_op::neq || m.op == match_op::nre;
    if (m.op == match_op::eq || m.op == match_op::neq) {
      c.literals.push_back(m.value);
    } else if (m.value == ".*") {
      c.kind = test_kind::any_line;
    } else if (m.value == ".+") {
      c.kind = test_kind::nonempty_line;
    } else if (!split_literal_alternatives(m.value, c.literals)) {
      c.kind = test_kind::regex;
      // Go's (and Prometheus') syntax: RE2 with '.' not matching a line
      // feed. Linear time in the value's length whatever the pattern, and
      // bounded memory: a hostile selector cannot stall or crash a reader.
      RE2::Options opts;
      opts.set_log_errors(false);
      c.re = std::make_unique<RE2>(m.value, opts);
      if (!c.re->ok()) {
        // At most 256 bytes of each part: a hostile pattern must not come
        // back whole in the error (RE2's message quotes it too).
        auto cut = [](const std::string& x) {
          return x.size() > 256 ? x.substr(0, 256) + "..." : x;
        };
        return make_error(errc::invalid_argument,
                          "regular expression '" + cut(m.value) +
                              "' of label '" + m.name + "' in selector '" +
                              cut(to_string(sel)) +
                              "' is invalid: " + cut(c.re->error()));
      }
    }
  }
  series_matcher result;
  result.metric_ = sel.metric;
  result.matchers_ = std::move(matchers);
  return result;
}

bool series_matcher::matches(const label_set& labels) const {
  assert(std::is_sorted(
      labels.begin(), labels.end(),
      [](const label& x, const label& y) { return x.name < y.name; }));
  if (!matchers_)
    return true;
  static const std::string empty;
  for (auto& m : *matchers_) {
    auto it = std::lower_bound(
        labels.begin(), labels.end(), m.name,
        [](const label& l, const std::string& name) { return l.name < name; });
    const auto& value =
        it != labels.end() && it->name == m.name ? it->value : empty;
    if (m.test(value) == m.negate)
      return false;
  }
  return true;
}

} // namespace timeless
