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

/// Reads a JSON array: `not_array` if it does not start with '[', then
/// `item()` for each element (its error ends the array), `bad_separator`
/// if an element is followed by neither ',' nor ']'.
template <class Item>
line_result read_array(json_reader& r, const char* not_array,
                       const char* bad_separator, Item&& item) {
  if (!r.consume('['))
    return fail(not_array, r);
  if (r.consume(']'))
    return line_result::ok();
  for (;;) {
    if (auto res = item(); res.status != line_status::ok)
      return res;
    if (r.consume(']'))
      return line_result::ok();
    if (!r.consume(','))
      return fail(bad_separator, r);
  }
}

/// Reads the members of a JSON object whose '{' is consumed: each key into
/// `key`, then `member(at)` (at: where the key starts) reads its value (its
/// error ends the object); `bad_separator` if a member is followed by
/// neither ',' nor '}'.
template <class Member>
line_result read_members(json_reader& r, std::string& key,
                         const char* bad_separator, Member&& member) {
  if (r.consume('}'))
    return line_result::ok();
  for (;;) {
    auto at = r.pos();
    if (auto err = r.read_string(key))
      return fail(err, r);
    if (!r.consume(':'))
      return fail("expected ':' after the key", r);
    if (auto res = member(at); res.status != line_status::ok)
      return res;
    if (r.consume('}'))
      return line_result::ok();
    if (!r.consume(','))
      return fail(bad_separator, r);
  }
}

} // namespace

line_result jsonl_parser::parse_metric(json_reader& r) {
  if (!r.consume('{'))
    return fail("\"metric\" must be an object", r);
  metric_.clear();
  bool named = false;
  size_t n = 0;
  auto start = r.pos();
  auto res = read_members(
      r, key_, "expected ',' or '}' in \"metric\"", [&](size_t at) {
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
        return line_result::ok();
      });
  if (res.status != line_status::ok)
    return res;
  labels_.resize(n);
  if (!named)
    return line_result::error("\"metric\" has no \"__name__\"", start);
  return line_result::ok();
}

line_result jsonl_parser::parse_values(json_reader& r) {
  values_.clear();
  return read_array(
      r, "\"values\" must be an array", "expected ',' or ']' in \"values\"",
      [&] {
        auto c = r.peek();
        double v = 0;
        if (c == '"') {
          auto at = r.pos();
          if (auto err = r.read_string(scratch_))
            return fail(err, r);
          if (!special_value(scratch_, v))
            return line_result::error(
                "a string value must be NaN, Inf, Infinity, -Inf or -Infinity",
                at);
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
        return line_result::ok();
      });
}

line_result jsonl_parser::parse_timestamps(json_reader& r) {
  ts_.clear();
  return read_array(r, "\"timestamps\" must be an array",
                    "expected ',' or ']' in \"timestamps\"", [&] {
                      int64_t t = 0;
                      auto at = r.pos();
                      if (auto err = r.read_int64(t))
                        return fail(err, r);
                      if (t == now_timestamp)
                        return line_result::error("timestamp out of range", at);
                      ts_.push_back(t);
                      return line_result::ok();
                    });
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
  auto once = [](bool& seen) {
    bool first = !seen;
    seen = true;
    return first;
  };
  auto res = read_members(r, key_, "expected ',' or '}'", [&](size_t at) {
    if (key_ == "metric") {
      if (!once(seen_metric))
        return line_result::error("\"metric\" given twice", at);
      return parse_metric(r);
    }
    if (key_ == "values") {
      if (!once(seen_values))
        return line_result::error("\"values\" given twice", at);
      return parse_values(r);
    }
    if (key_ == "timestamps") {
      if (!once(seen_ts))
        return line_result::error("\"timestamps\" given twice", at);
      return parse_timestamps(r);
    }
    if (auto err = r.skip_value())
      return fail(err, r);
    return line_result::ok();
  });
  if (res.status != line_status::ok)
    return res;
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
