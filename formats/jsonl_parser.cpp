#include "formats/jsonl_parser.hpp"

#include <cmath>
#include <limits>

#include "formats/float_text.hpp"
#include "formats/json_reader.hpp"

namespace timeless::formats {

namespace {

line_result fail(const char* reason, const json_reader& r) {
  return line_result::error(reason, r.pos());
}

/// A value given as a string, as VictoriaMetrics writes the special ones.
bool special_value(std::string_view s, double& out) {
  if (s == "null" || s == "Null") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  // Only the names: "1.5" as a string is not a value.
  auto name = s;
  if (!name.empty() && (name[0] == '+' || name[0] == '-'))
    name.remove_prefix(1);
  if (name.empty() || (name[0] >= '0' && name[0] <= '9') || name[0] == '.')
    return false;
  return parse_float(s, out) == float_parse::ok;
}

} // namespace

line_result jsonl_parser::parse_metric(json_reader& r) {
  if (!r.consume('{'))
    return fail("\"metric\" must be an object", r);
  metric_.clear();
  bool named = false;
  size_t n = 0;
  auto start = r.pos();
  if (!r.consume('}')) {
    for (;;) {
      auto at = r.pos();
      if (auto err = r.read_string(key_))
        return fail(err, r);
      if (!r.consume(':'))
        return fail("expected ':' after the key", r);
      if (r.peek() != '"')
        return fail("label values must be strings", r);
      if (key_ == "__name__") {
        if (named)
          return line_result::error("\"__name__\" given twice", at);
        named = true;
        if (auto err = r.read_string(metric_))
          return fail(err, r);
      } else {
        if (n == labels_.size())
          labels_.emplace_back();
        auto& l = labels_[n++];
        l.name.swap(key_);
        if (auto err = r.read_string(l.value))
          return fail(err, r);
      }
      if (r.consume('}'))
        break;
      if (!r.consume(','))
        return fail("expected ',' or '}' in \"metric\"", r);
    }
  }
  labels_.resize(n);
  if (!named)
    return line_result::error("\"metric\" has no \"__name__\"", start);
  return line_result::ok();
}

line_result jsonl_parser::parse_values(json_reader& r) {
  values_.clear();
  if (!r.consume('['))
    return fail("\"values\" must be an array", r);
  if (r.consume(']'))
    return line_result::ok();
  for (;;) {
    auto c = r.peek();
    double v = 0;
    if (c == '"') {
      auto at = r.pos();
      if (auto err = r.read_string(scratch_))
        return fail(err, r);
      if (!special_value(scratch_, v))
        return line_result::error(
            "a string value must be NaN, Inf, Infinity, -Inf or -Infinity", at);
    } else if (r.consume_word("null")) {
      v = std::numeric_limits<double>::quiet_NaN();
    } else {
      auto at = r.pos();
      std::string_view num;
      if (auto err = r.read_number(num))
        return fail(err, r);
      if (parse_float(num, v) != float_parse::ok)
        return line_result::error("value out of range", at);
    }
    values_.push_back(v);
    if (r.consume(']'))
      return line_result::ok();
    if (!r.consume(','))
      return fail("expected ',' or ']' in \"values\"", r);
  }
}

line_result jsonl_parser::parse_timestamps(json_reader& r) {
  ts_.clear();
  if (!r.consume('['))
    return fail("\"timestamps\" must be an array", r);
  if (r.consume(']'))
    return line_result::ok();
  for (;;) {
    int64_t t = 0;
    auto at = r.pos();
    if (auto err = r.read_int64(t))
      return fail(err, r);
    if (t == now_timestamp)
      return line_result::error("timestamp out of range", at);
    ts_.push_back(t);
    if (r.consume(']'))
      return line_result::ok();
    if (!r.consume(','))
      return fail("expected ',' or ']' in \"timestamps\"", r);
  }
}

line_result jsonl_parser::parse(std::string_view line,
                                std::vector<sample>& out) {
  auto r = parse(line);
  if (r.status != line_status::ok)
    return r;
  out.reserve(out.size() + values_.size());
  for (size_t i = 0; i < values_.size(); ++i)
    out.push_back(sample{metric_, labels_, ts_[i], values_[i]});
  return r;
}

line_result jsonl_parser::parse(std::string_view line) {
  while (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  json_reader r{line};
  if (r.at_end())
    return line_result::skip();
  if (!r.consume('{'))
    return fail("expected '{' (one JSON object per line)", r);
  bool seen_metric = false, seen_values = false, seen_ts = false;
  if (!r.consume('}')) {
    for (;;) {
      auto at = r.pos();
      if (auto err = r.read_string(key_))
        return fail(err, r);
      if (!r.consume(':'))
        return fail("expected ':' after the key", r);
      auto once = [&](bool& seen) {
        bool first = !seen;
        seen = true;
        return first;
      };
      line_result res;
      if (key_ == "metric") {
        if (!once(seen_metric))
          return line_result::error("\"metric\" given twice", at);
        res = parse_metric(r);
      } else if (key_ == "values") {
        if (!once(seen_values))
          return line_result::error("\"values\" given twice", at);
        res = parse_values(r);
      } else if (key_ == "timestamps") {
        if (!once(seen_ts))
          return line_result::error("\"timestamps\" given twice", at);
        res = parse_timestamps(r);
      } else if (auto err = r.skip_value()) {
        res = fail(err, r);
      }
      if (res.status != line_status::ok)
        return res;
      if (r.consume('}'))
        break;
      if (!r.consume(','))
        return fail("expected ',' or '}'", r);
    }
  }
  if (!r.at_end())
    return fail("unexpected text after the object", r);
  if (!seen_metric)
    return line_result::error("missing \"metric\"", 0);
  if (!seen_values)
    return line_result::error("missing \"values\"", 0);
  if (!seen_ts)
    return line_result::error("missing \"timestamps\"", 0);
  if (values_.size() != ts_.size())
    return line_result::error("\"values\" and \"timestamps\" differ in length",
                              0);
  if (values_.empty())
    return line_result::error("\"values\" and \"timestamps\" are empty", 0);
  return line_result::ok();
}

} // namespace timeless::formats
