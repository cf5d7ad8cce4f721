#include "server/routes/chart_params.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "formats/duration.hpp"
#include "formats/error_text.hpp"
#include "formats/time_parse.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace {

constexpr std::array<std::string_view, 11> reserved = {
    "metric",    "from",  "to",     "start",     "end",  "step",
    "aggregate", "width", "height", "label_key", "theme"};

caf::error bad(std::string msg) {
  return make_error(errc::invalid_argument, std::move(msg));
}

caf::error bad_param(std::string_view name, std::string_view why) {
  return bad("bad " + std::string{name} + " parameter: " + std::string{why});
}

/// Reads the first of `a`, `b` given into `out`.
caf::error read_time(const request_params& p, std::string_view a,
                     std::string_view b, int64_t now_ms, int64_t& out) {
  for (auto name : {a, b})
    if (auto v = p.get(name)) {
      auto t = formats::parse_time_ms(*v, now_ms);
      if (!t)
        return bad_param(name, formats::error_text(t.error()));
      out = *t;
      return {};
    }
  return {};
}

caf::error read_size(const request_params& p, std::string_view name, int& out) {
  auto v = p.get(name);
  if (!v)
    return {};
  int x = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  if (ec != std::errc{} || end != v->data() + v->size() ||
      x < chart::min_size || x > chart::max_size)
    return bad_param(name, "'" + std::string{v->substr(0, 32)} +
                               "' is not a whole number of pixels from " +
                               std::to_string(chart::min_size) + " to " +
                               std::to_string(chart::max_size));
  out = x;
  return {};
}

} // namespace

int64_t default_chart_step(uint64_t span_ms) {
  constexpr int64_t s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;
  constexpr std::array<int64_t, 18> nice = {
      s,      2 * s,  5 * s,  10 * s, 15 * s, 30 * s, m,     2 * m,  5 * m,
      10 * m, 15 * m, 30 * m, h,      2 * h,  3 * h,  6 * h, 12 * h, d};
  auto want = span_ms / 200 + (span_ms % 200 != 0);
  for (auto n : nice)
    if (want <= static_cast<uint64_t>(n))
      return n;
  auto days = (want + d - 1) / d;
  return static_cast<int64_t>(days * d);
}

bool is_chart_reserved(std::string_view name) {
  if (!name.empty() && name.front() == '_')
    return true;
  return std::find(reserved.begin(), reserved.end(), name) != reserved.end();
}

caf::expected<chart_request> parse_chart_request(const request_params& p,
                                                 int64_t now_ms) {
  chart_request out;
  auto metric = p.get("metric");
  if (!metric)
    return bad("missing required parameter: metric");
  if (metric->empty())
    return bad("empty metric parameter");
  out.sel.metric = std::string{*metric};
  for (auto& [name, value] : p.pairs())
    if (!is_chart_reserved(name))
      out.sel.matchers.push_back({name, match_op::eq, value});
  out.from = now_ms - 3600 * 1000;
  out.to = now_ms;
  if (auto err = read_time(p, "start", "from", now_ms, out.from))
    return err;
  if (auto err = read_time(p, "end", "to", now_ms, out.to))
    return err;
  if (out.from > out.to)
    return bad("the range's start is after its end");
  // The span in ms; [from, to] within int64, so the difference fits in
  // uint64.
  auto span = static_cast<uint64_t>(out.to) - static_cast<uint64_t>(out.from);
  if (auto s = p.get("step")) {
    auto d = formats::parse_duration_ms(*s);
    if (!d)
      return bad_param("step", formats::error_text(d.error()));
    if (*d <= 0)
      return bad_param("step", "must be positive");
    out.step = *d;
  } else {
    out.step = default_chart_step(span);
  }
  if (span / static_cast<uint64_t>(out.step) >= max_chart_points)
    return bad_param("step", "the range would have more than " +
                                 std::to_string(max_chart_points) +
                                 " buckets per series; use a larger step");
  if (auto a = p.get("aggregate"); a && !parse_aggregate_fn(*a, out.fn))
    return bad_param("aggregate",
                     "'" + std::string{a->substr(0, 32)} +
                         "' is not one of avg, min, max, count, sum, "
                         "first, last, rate, increase");
  if (auto err = read_size(p, "width", out.opts.width))
    return err;
  if (auto err = read_size(p, "height", out.opts.height))
    return err;
  if (auto t = p.get("theme"); t && !chart::parse_theme(*t, out.opts.theme))
    return bad_param("theme", "'" + std::string{t->substr(0, 32)} +
                                  "' is not light, dark or auto");
  if (auto k = p.get("label_key"))
    out.opts.label_key = std::string{*k};
  return out;
}

} // namespace timeless::server
