#include "server/query/query_params.hpp"

#include <array>
#include <cmath>

#include "formats/duration.hpp"
#include "formats/error_text.hpp"
#include "formats/float_text.hpp"
#include "formats/time_parse.hpp"
#include "promql/labels.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace {

/// Largest maximum resolution, as Prometheus.
constexpr int64_t max_points_per_series = 11000;

/// The original's parameters that are not label filters.
constexpr std::array<std::string_view, 11> reserved = {
    "metric",    "from",  "to",     "start",     "end",  "step",
    "aggregate", "width", "height", "label_key", "theme"};

caf::error bad(std::string msg) {
  return make_error(errc::invalid_argument, std::move(msg));
}

std::string quoted(std::string_view s) {
  return promql::quote(s);
}

caf::error invalid_param(std::string_view name, const caf::error& err) {
  std::string msg = "invalid parameter \"";
  msg += name;
  msg += "\": ";
  msg += formats::error_text(err);
  return bad(std::move(msg));
}

/// Reads time parameter `name` into `out` if given.
caf::error read_time(const request_params& p, std::string_view name,
                     int64_t now_ms, int64_t& out, bool& given) {
  given = false;
  auto v = p.get(name);
  if (!v)
    return {};
  auto t = parse_prom_time(*v, now_ms);
  if (!t)
    return invalid_param(name, t.error());
  out = *t;
  given = true;
  return {};
}

/// The original's query_range form as a PromQL query.
caf::expected<std::string> original_query(const request_params& p,
                                          std::string_view metric,
                                          int64_t step_ms) {
  auto agg = p.get("aggregate").value_or("avg");
  std::string fn;
  if (agg == "avg" || agg == "min" || agg == "max" || agg == "sum" ||
      agg == "count" || agg == "last")
    fn = std::string{agg} + "_over_time";
  else if (agg == "rate")
    fn = "rate";
  else if (agg == "first")
    return bad("aggregate=first has no PromQL equivalent; give a query "
               "parameter instead");
  else
    return bad("unknown aggregate '" + std::string{agg} +
               "' (avg, min, max, sum, count, last or rate)");
  std::string sel;
  bool named = promql::is_metric_name(metric);
  if (named)
    sel = std::string{metric};
  sel += '{';
  bool first = true;
  if (!named) {
    sel += "__name__=" + quoted(metric);
    first = false;
  }
  for (auto& [name, value] : p.pairs()) {
    bool skip = false;
    for (auto r : reserved)
      skip = skip || r == name;
    if (skip)
      continue;
    if (!promql::is_label_name(name))
      return bad("bad label filter name '" + name + "'");
    if (!first)
      sel += ',';
    first = false;
    sel += name + "=" + quoted(value);
  }
  sel += '}';
  std::string range = step_ms % 1000 == 0 ? std::to_string(step_ms / 1000) + "s"
                                          : std::to_string(step_ms) + "ms";
  return fn + "(" + sel + "[" + range + "])";
}

caf::error check_range(const query_request& q) {
  if (q.end_ms < q.start_ms)
    return bad("invalid parameter \"end\": end timestamp must not be before "
               "start time");
  if (q.step_ms <= 0)
    return bad("invalid parameter \"step\": zero or negative query "
               "resolution step widths are not accepted. Try a positive "
               "integer");
  // end - start cannot overflow in unsigned: end >= start.
  auto span =
      static_cast<uint64_t>(q.end_ms) - static_cast<uint64_t>(q.start_ms);
  if (span / static_cast<uint64_t>(q.step_ms) >
      static_cast<uint64_t>(max_points_per_series))
    return bad("exceeded maximum resolution of 11,000 points per timeseries. "
               "Try decreasing the query resolution (?step=XX)");
  return {};
}

} // namespace

caf::expected<int64_t> parse_prom_time(std::string_view text, int64_t now_ms) {
  double secs = 0;
  if (formats::parse_float(text, secs) == formats::float_parse::ok) {
    // Within int64 milliseconds (about +-292 million years).
    if (std::isfinite(secs) && std::fabs(secs) < 9.2e15) {
      double whole = 0;
      double frac = std::modf(secs, &whole);
      return static_cast<int64_t>(whole) * 1000 +
             static_cast<int64_t>(std::round(frac * 1000));
    }
  } else if (auto t = formats::parse_time_ms(text, now_ms)) {
    return *t;
  }
  return bad("cannot parse \"" + std::string{text} + "\" to a valid timestamp");
}

caf::expected<int64_t> parse_prom_duration(std::string_view text) {
  double secs = 0;
  if (formats::parse_float(text, secs) == formats::float_parse::ok) {
    double ns = secs * 1e9;
    if (!std::isfinite(ns) || ns >= 9.223372036854775807e18 ||
        ns < -9.223372036854775808e18)
      return bad("cannot parse \"" + std::string{text} +
                 "\" to a valid duration. It overflows int64");
    return static_cast<int64_t>(ns) / 1000000;
  }
  if (auto d = formats::parse_duration_ms(text))
    return *d;
  return bad("cannot parse \"" + std::string{text} + "\" to a valid duration");
}

caf::expected<query_request> parse_query_request(const request_params& p,
                                                 bool range, int64_t now_ms) {
  query_request q;
  q.range = range;
  if (auto to = p.get("timeout")) {
    auto d = parse_prom_duration(*to);
    if (!d)
      return invalid_param("timeout", d.error());
    if (*d <= 0)
      return bad("invalid parameter \"timeout\": timeout must be positive");
    q.timeout = std::chrono::milliseconds{*d};
  }
  auto query = p.get("query");
  if (!range) {
    if (!query)
      return bad("missing required parameter: query (the original's metric= "
                 "form of /api/v1/query is not supported; /api/v1/export "
                 "reads raw points)");
    q.query = std::string{*query};
    bool given = false;
    q.start_ms = now_ms;
    if (auto err = read_time(p, "time", now_ms, q.start_ms, given))
      return err;
    q.end_ms = q.start_ms;
    return q;
  }
  q.step_ms = 60000;
  if (auto s = p.get("step")) {
    auto d = parse_prom_duration(*s);
    if (!d)
      return invalid_param("step", d.error());
    q.step_ms = *d;
  }
  if (query) {
    q.query = std::string{*query};
    bool given = false;
    q.end_ms = now_ms;
    if (auto err = read_time(p, "end", now_ms, q.end_ms, given))
      return err;
    q.start_ms = q.end_ms - 3600 * 1000;
    if (auto err = read_time(p, "start", now_ms, q.start_ms, given))
      return err;
  } else if (auto metric = p.get("metric"); metric && !metric->empty()) {
    // The original's form: its relative times (a bare -90 is 90 s ago).
    q.start_ms = now_ms - 3600 * 1000;
    q.end_ms = now_ms;
    auto orig_time = [&](const char* a, const char* b,
                         int64_t& out) -> caf::error {
      auto name = p.get(a) ? a : b;
      auto v = p.get(name);
      if (!v)
        return {};
      auto t = formats::parse_time_ms(*v, now_ms);
      if (!t)
        return invalid_param(name, t.error());
      out = *t;
      return {};
    };
    if (auto err = orig_time("start", "from", q.start_ms))
      return err;
    if (auto err = orig_time("end", "to", q.end_ms))
      return err;
    if (q.step_ms > 0) {
      auto text = original_query(p, *metric, q.step_ms);
      if (!text)
        return text.error();
      q.query = std::move(*text);
    }
  } else {
    return bad("missing required parameter: query");
  }
  if (auto err = check_range(q))
    return err;
  return q;
}

} // namespace timeless::server
