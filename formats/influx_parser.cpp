#include "formats/influx_parser.hpp"

#include <charconv>
#include <limits>

#include "formats/float_text.hpp"
#include "timeless/options.hpp"

namespace timeless::formats {

/// A cursor over one line; every read checks the end.
struct influx_cursor {
  std::string_view s;
  size_t pos = 0;

  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  void skip_spaces() {
    while (!done() && s[pos] == ' ')
      ++pos;
  }
  /// Advances to the first unescaped byte that `stop` accepts, or to the
  /// end; a backslash makes the byte after it literal. Returns the raw
  /// text passed.
  template <class Stop>
  std::string_view until(Stop stop) {
    auto start = pos;
    while (!done()) {
      auto c = s[pos];
      if (c == '\\') {
        pos = pos + 2 <= s.size() ? pos + 2 : s.size();
        continue;
      }
      if (stop(c))
        break;
      ++pos;
    }
    return s.substr(start, pos - start);
  }
};

namespace {

/// Appends `raw` with `\ `, `\,`, `\=` and `\\` decoded; other
/// backslashes stay.
void append_unescaped(std::string& out, std::string_view raw) {
  for (;;) {
    auto bs = raw.find('\\');
    if (bs == std::string_view::npos || bs + 1 >= raw.size()) {
      out.append(raw);
      return;
    }
    out.append(raw.substr(0, bs));
    auto c = raw[bs + 1];
    if (c != ' ' && c != ',' && c != '=' && c != '\\')
      out += '\\';
    out += c;
    raw.remove_prefix(bs + 2);
  }
}

bool is_true(std::string_view v) {
  return v == "t" || v == "T" || v == "true" || v == "True" || v == "TRUE";
}

bool is_false(std::string_view v) {
  return v == "f" || v == "F" || v == "false" || v == "False" || v == "FALSE";
}

/// A whole-text integer (optional '-' for signed types).
template <class T>
std::errc read_integer(std::string_view t, T& out) {
  if (t.empty())
    return std::errc::invalid_argument;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec != std::errc{})
    return ec;
  return ptr == t.data() + t.size() ? std::errc{} : std::errc::invalid_argument;
}

/// The value of an unquoted field; false with `reason` if unreadable.
bool read_value(std::string_view v, double& out, const char*& reason) {
  auto last = v.back();
  if (last == 'i' || last == 'u') {
    auto digits = v.substr(0, v.size() - 1);
    std::errc ec;
    if (last == 'i') {
      int64_t i = 0;
      ec = read_integer(digits, i);
      out = static_cast<double>(i);
    } else {
      uint64_t u = 0;
      ec = read_integer(digits, u);
      out = static_cast<double>(u);
    }
    if (ec == std::errc{})
      return true;
    if (ec == std::errc::result_out_of_range)
      reason = last == 'i' ? "integer field value out of range"
                           : "unsigned field value out of range";
    else
      reason = last == 'i' ? "invalid integer field value (expected digits "
                             "before 'i')"
                           : "invalid unsigned field value (expected digits "
                             "before 'u')";
    return false;
  }
  if (is_true(v)) {
    out = 1;
    return true;
  }
  if (is_false(v)) {
    out = 0;
    return true;
  }
  switch (parse_float(v, out)) {
    case float_parse::ok:
      return true;
    case float_parse::out_of_range:
      reason = "field value out of range";
      return false;
    default:
      reason = "invalid field value (expected a float, an integer like 1i or "
               "1u, a boolean or a quoted string)";
      return false;
  }
}

/// `x * mul` or false on overflow.
bool scale(int64_t x, int64_t mul, int64_t& out) {
  return !__builtin_mul_overflow(x, mul, &out);
}

} // namespace

bool parse_influx_precision(std::string_view text, influx_precision& out) {
  using p = influx_precision;
  if (text.empty())
    out = p::guess;
  else if (text == "ns" || text == "n")
    out = p::ns;
  else if (text == "us" || text == "u" || text == "\xC2\xB5")
    out = p::us;
  else if (text == "ms")
    out = p::ms;
  else if (text == "s")
    out = p::s;
  else if (text == "m")
    out = p::m;
  else if (text == "h")
    out = p::h;
  else
    return false;
  return true;
}

line_result influx_parser::parse_tags(influx_cursor& c) {
  size_t n = 0;
  while (c.peek() == ',') {
    ++c.pos;
    auto key = c.until([](char x) { return x == '=' || x == ',' || x == ' '; });
    if (c.peek() != '=')
      return line_result::error("expected '=' after the tag key", c.pos);
    ++c.pos;
    auto value = c.until([](char x) { return x == ',' || x == ' '; });
    if (key.empty() || value.empty())
      continue; // dropped, as in VictoriaMetrics
    if (n == labels_.size())
      labels_.emplace_back();
    auto& l = labels_[n++];
    l.name.clear();
    append_unescaped(l.name, key);
    l.value.clear();
    append_unescaped(l.value, value);
  }
  if (!opts_.db.empty()) {
    bool has_db = false;
    for (size_t i = 0; i < n; ++i)
      has_db = has_db || labels_[i].name == "db";
    if (!has_db) {
      if (n == labels_.size())
        labels_.emplace_back();
      labels_[n].name.assign("db");
      labels_[n++].value.assign(opts_.db);
    }
  }
  labels_.resize(n);
  return line_result::ok();
}

line_result influx_parser::parse_fields(influx_cursor& c) {
  size_t n = 0;
  for (;;) {
    auto at = c.pos;
    auto key = c.until([](char x) { return x == '=' || x == ',' || x == ' '; });
    if (c.peek() != '=')
      return line_result::error("expected '=' after the field key", c.pos);
    if (key.empty())
      return line_result::error("empty field key", at);
    ++c.pos;
    at = c.pos;
    double value = 0;
    bool numeric = true;
    if (c.peek() == '"') {
      ++c.pos;
      auto text = c.until([](char x) { return x == '"'; });
      if (c.done())
        return line_result::error("unterminated string field value (missing "
                                  "'\"'; a raw line feed inside it splits "
                                  "the line)",
                                  at);
      ++c.pos;
      if (!c.done() && c.peek() != ',' && c.peek() != ' ')
        return line_result::error(
            "expected ',' or ' ' after the string field value", c.pos);
      numeric = parse_float(text, value) == float_parse::ok;
    } else {
      while (!c.done() && c.peek() != ',' && c.peek() != ' ')
        ++c.pos;
      auto text = c.s.substr(at, c.pos - at);
      if (text.empty())
        return line_result::error("missing field value", at);
      const char* reason = "";
      if (!read_value(text, value, reason))
        return line_result::error(reason, at);
    }
    if (numeric) {
      if (n == fields_.size())
        fields_.emplace_back();
      auto& f = fields_[n++];
      f.metric.assign(measurement_);
      if (!measurement_.empty())
        f.metric += '_';
      append_unescaped(f.metric, key);
      f.value = value;
    }
    if (c.peek() != ',')
      break;
    ++c.pos;
  }
  size_ = n;
  return line_result::ok();
}

line_result influx_parser::parse_timestamp(influx_cursor& c) {
  using p = influx_precision;
  auto precision = opts_.precision;
  int64_t raw = 0;
  c.skip_spaces();
  if (!c.done()) {
    auto at = c.pos;
    while (!c.done() && c.peek() != ' ')
      ++c.pos;
    auto ec = read_integer(c.s.substr(at, c.pos - at), raw);
    if (ec == std::errc::result_out_of_range)
      return line_result::error("timestamp out of range", at);
    if (ec != std::errc{})
      return line_result::error("invalid timestamp (expected an integer)", at);
    c.skip_spaces();
    if (!c.done())
      return line_result::error("unexpected text after the timestamp", c.pos);
    if (raw != 0 && precision == p::guess) {
      if (raw >= 100'000'000'000'000'000)
        precision = p::ns;
      else if (raw >= 100'000'000'000'000)
        precision = p::us;
      else if (raw >= 100'000'000'000)
        precision = p::ms;
      else
        precision = p::s;
    }
    if (raw != 0) {
      bool ok = true;
      switch (precision) {
        case p::ns:
          ts_ = raw / 1'000'000;
          break;
        case p::us:
          ts_ = raw / 1'000;
          break;
        case p::guess:
        case p::ms:
          ts_ = raw;
          break;
        case p::s:
          ok = scale(raw, 1'000, ts_);
          break;
        case p::m:
          ok = scale(raw, 60'000, ts_);
          break;
        case p::h:
          ok = scale(raw, 3'600'000, ts_);
          break;
      }
      if (!ok || ts_ == now_timestamp)
        return line_result::error("timestamp out of range", at);
      return line_result::ok();
    }
  }
  // No timestamp, or 0: now, in whole units of a coarse precision.
  int64_t unit = precision == p::s   ? 1'000
                 : precision == p::m ? 60'000
                 : precision == p::h ? 3'600'000
                                     : 1;
  ts_ = opts_.now - ((opts_.now % unit) + unit) % unit;
  return line_result::ok();
}

line_result influx_parser::parse(std::string_view line) {
  size_ = 0;
  while (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  influx_cursor c{line};
  if (line.empty() || line[0] == '#')
    return line_result::skip();
  if (line.find_first_not_of(' ') == std::string_view::npos)
    return line_result::skip();
  auto measurement = c.until([](char x) { return x == ',' || x == ' '; });
  measurement_.clear();
  append_unescaped(measurement_, measurement);
  if (auto r = parse_tags(c); r.status != line_status::ok)
    return r;
  if (c.done())
    return line_result::error("missing fields (expected ' ' and "
                              "field=value after the measurement and tags)",
                              c.pos);
  c.skip_spaces();
  if (c.done())
    return line_result::error("missing fields (expected field=value)", c.pos);
  if (auto r = parse_fields(c); r.status != line_status::ok) {
    size_ = 0;
    return r;
  }
  if (auto r = parse_timestamp(c); r.status != line_status::ok) {
    size_ = 0;
    return r;
  }
  return size_ == 0 ? line_result::skip() : line_result::ok();
}

line_result influx_parser::parse(std::string_view line,
                                 std::vector<sample>& out) {
  auto r = parse(line);
  if (r.status != line_status::ok)
    return r;
  for (size_t i = 0; i < size_; ++i)
    get(i, out.emplace_back());
  return r;
}

void influx_parser::get(size_t i, sample& out) const {
  out.metric.assign(fields_[i].metric);
  out.labels.resize(labels_.size());
  for (size_t k = 0; k < labels_.size(); ++k) {
    out.labels[k].name.assign(labels_[k].name);
    out.labels[k].value.assign(labels_[k].value);
  }
  out.ts = ts_;
  out.value = fields_[i].value;
}

} // namespace timeless::formats
