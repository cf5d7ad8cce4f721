#include "formats/prometheus_parser.hpp"

#include <charconv>
#include <limits>

#include "formats/float_text.hpp"

namespace timeless::formats {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// A cursor over one line; every read checks the end.
struct cursor {
  std::string_view s;
  size_t pos = 0;

  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  void skip_spaces() {
    while (!done() && is_space(s[pos]))
      ++pos;
  }
  /// Advances over [a-zA-Z_][a-zA-Z0-9_]* (plus ':' if `colon`); returns it.
  std::string_view name(bool colon) {
    auto start = pos;
    while (!done()) {
      auto c = s[pos];
      bool ok =
          is_alpha(c) || (colon && c == ':') || (pos > start && is_digit(c));
      if (!ok)
        break;
      ++pos;
    }
    return s.substr(start, pos - start);
  }
  /// Advances to the next space or the end; returns what it passed.
  std::string_view token() {
    auto start = pos;
    while (!done() && !is_space(s[pos]))
      ++pos;
    return s.substr(start, pos - start);
  }
};

/// Reads a double-quoted label value (the cursor is on the opening quote)
/// into `out`, decoding escapes.
line_result read_label_value(cursor& c, std::string& out) {
  out.clear();
  ++c.pos; // the opening quote
  while (!c.done()) {
    auto start = c.pos;
    while (!c.done() && c.s[c.pos] != '"' && c.s[c.pos] != '\\')
      ++c.pos;
    out.append(c.s.substr(start, c.pos - start));
    if (c.done())
      break;
    if (c.s[c.pos] == '"') {
      ++c.pos;
      return line_result::ok();
    }
    // A backslash.
    if (c.pos + 1 >= c.s.size())
      break;
    switch (c.s[c.pos + 1]) {
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case 'n':
        out += '\n';
        break;
      default:
        return line_result::error(
            "unknown escape in the label value (use \\\\, \\\" or \\n)", c.pos);
    }
    c.pos += 2;
  }
  return line_result::error("unterminated label value (missing '\"')",
                            c.s.size());
}

/// Reads `{...}` (the cursor is on '{') into `labels`.
line_result read_labels(cursor& c, label_set& labels) {
  ++c.pos;
  size_t n = 0;
  for (;;) {
    c.skip_spaces();
    if (c.peek() == '}') {
      ++c.pos;
      break;
    }
    auto at = c.pos;
    auto name = c.name(false);
    if (name.empty())
      return line_result::error(c.done()
                                    ? "unterminated label set (missing '}')"
                                    : "expected a label name or '}'",
                                at);
    if (n == labels.size())
      labels.emplace_back();
    auto& l = labels[n++];
    l.name.assign(name);
    c.skip_spaces();
    if (c.peek() != '=')
      return line_result::error("expected '=' after the label name", c.pos);
    ++c.pos;
    c.skip_spaces();
    if (c.peek() != '"')
      return line_result::error("expected '\"' to open the label value", c.pos);
    if (auto r = read_label_value(c, l.value); r.status != line_status::ok)
      return r;
    c.skip_spaces();
    if (c.peek() == ',') {
      ++c.pos;
      continue;
    }
    if (c.peek() == '}') {
      ++c.pos;
      break;
    }
    return line_result::error(c.done()
                                  ? "unterminated label set (missing '}')"
                                  : "expected ',' or '}' after the label value",
                              c.pos);
  }
  labels.resize(n);
  return line_result::ok();
}

/// Integer milliseconds, optionally negative; INT64_MIN is reserved.
bool parse_timestamp(std::string_view t, int64_t& out, bool& out_of_range) {
  out_of_range = false;
  if (t.empty() || (t[0] != '-' && !is_digit(t[0])))
    return false;
  auto res = std::from_chars(t.data(), t.data() + t.size(), out);
  if (res.ec == std::errc::result_out_of_range) {
    out_of_range = true;
    return false;
  }
  if (res.ec != std::errc{} || res.ptr != t.data() + t.size())
    return false;
  if (out == std::numeric_limits<int64_t>::min()) {
    out_of_range = true; // `now_timestamp`
    return false;
  }
  return true;
}

} // namespace

line_result parse_prometheus_line(std::string_view line, sample& out) {
  while (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  cursor c{line};
  c.skip_spaces();
  if (c.done() || c.peek() == '#')
    return line_result::skip();
  auto at = c.pos;
  auto metric = c.name(true);
  if (metric.empty())
    return line_result::error("expected a metric name", at);
  out.metric.assign(metric);
  at = c.pos;
  c.skip_spaces();
  if (c.peek() == '{') {
    if (auto r = read_labels(c, out.labels); r.status != line_status::ok)
      return r;
    at = c.pos;
    c.skip_spaces();
  } else {
    out.labels.clear();
  }
  if (c.done())
    return line_result::error("missing value", c.pos);
  if (c.pos == at)
    return line_result::error("expected a space before the value", c.pos);
  at = c.pos;
  if (auto r = parse_float(c.token(), out.value); r != float_parse::ok)
    return line_result::error(r == float_parse::out_of_range
                                  ? "value out of range"
                                  : "invalid value (expected a float, NaN, "
                                    "+Inf or -Inf)",
                              at);
  bool range = false;
  c.skip_spaces();
  if (c.done()) {
    out.ts = now_timestamp;
    return line_result::ok();
  }
  at = c.pos;
  if (!parse_timestamp(c.token(), out.ts, range))
    return line_result::error(range ? "timestamp out of range"
                                    : "invalid timestamp (expected integer "
                                      "milliseconds)",
                              at);
  c.skip_spaces();
  if (!c.done())
    return line_result::error("unexpected text after the timestamp", c.pos);
  return line_result::ok();
}

} // namespace timeless::formats
