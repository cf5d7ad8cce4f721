#include "server/routes/series_params.hpp"

#include <array>
#include <chrono>

#include "formats/error_text.hpp"
#include "formats/time_parse.hpp"
#include "promql/parse.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace {

constexpr std::array<std::string_view, 13> reserved = {
    "metric", "from",   "to",        "start", "end",     "step", "aggregate",
    "width",  "height", "label_key", "theme", "match[]", "match"};

bool is_reserved(std::string_view name) {
  for (auto r : reserved)
    if (r == name)
      return true;
  return false;
}

caf::error bad(const std::string& msg) {
  return make_error(errc::invalid_argument, msg);
}

/// Parses one `match[]` value as Prometheus' ParseMetricSelector does.
caf::expected<series_selector> parse_match(std::string_view text) {
  // A hostile selector may be megabytes long: quote at most 256 bytes.
  auto bad_match = [text](const std::string& why) {
    return bad("bad match[] selector '" + std::string{text.substr(0, 256)} +
               (text.size() > 256 ? "...': " : "': ") + why);
  };
  auto parsed = promql::parse(text);
  if (!parsed.ok())
    return bad_match(parsed.error);
  auto& e = *parsed.expression;
  if (e.k != promql::expr::kind::vector_selector || e.offset_ms != 0 ||
      e.at != promql::at_kind::none)
    return bad_match("not a series selector (a metric name and/or label "
                     "matchers in braces, without offset or @)");
  series_selector out;
  for (auto& m : e.matchers) {
    if (m.name != "__name__")
      out.matchers.push_back({m.name, to_store_op(m.kind), m.value});
    else if (m.kind == promql::matcher::op::eq && out.metric.empty() &&
             !m.value.empty())
      out.metric = m.value;
    else
      out.name_matchers.push_back(m);
  }
  return out;
}

/// Reads the first of `names` present into `out`; keeps `out` otherwise.
/// Sets `given` when one was present.
caf::error read_time(const request_params& p,
                     std::initializer_list<const char*> names, int64_t now_ms,
                     int64_t& out, bool& given) {
  for (auto name : names) {
    if (auto v = p.get(name)) {
      auto t = formats::parse_time_ms(*v, now_ms);
      if (!t)
        return bad(std::string{"bad "} + name + ": " +
                   formats::error_text(t.error()));
      out = *t;
      given = true;
      return {};
    }
  }
  return {};
}

} // namespace

int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

match_op to_store_op(promql::matcher::op k) {
  switch (k) {
    case promql::matcher::op::eq:
      return match_op::eq;
    case promql::matcher::op::ne:
      return match_op::neq;
    case promql::matcher::op::re:
      return match_op::re;
    case promql::matcher::op::nre:
      break;
  }
  return match_op::nre;
}

caf::expected<series_request>
parse_series_request(const request_params& p, int64_t now_ms, bool required) {
  series_request out;
  auto matches = p.all("match[]");
  for (auto m : p.all("match"))
    matches.push_back(m);
  if (!matches.empty()) {
    for (auto m : matches) {
      auto sel = parse_match(m);
      if (!sel)
        return std::move(sel.error());
      out.selectors.push_back(std::move(*sel));
    }
  } else if (auto metric = p.get("metric")) {
    if (metric->empty())
      return bad("empty metric parameter");
    series_selector sel;
    sel.metric = std::string{*metric};
    for (auto& [name, value] : p.pairs())
      if (!is_reserved(name))
        sel.matchers.push_back({name, match_op::eq, value});
    out.selectors.push_back(std::move(sel));
    out.from = now_ms - 3600 * 1000;
    out.to = now_ms;
  } else if (required) {
    return bad("missing match[] or metric parameter");
  }
  if (auto err = read_time(p, {"start", "from"}, now_ms, out.from, out.ranged))
    return err;
  if (auto err = read_time(p, {"end", "to"}, now_ms, out.to, out.ranged))
    return err;
  if (out.from > out.to)
    return bad("start is after end");
  return out;
}

bool needs_metric_names(const std::vector<series_selector>& sels) {
  for (auto& s : sels)
    if (s.metric.empty())
      return true;
  return false;
}

std::vector<selector>
expand_selectors(const std::vector<series_selector>& sels,
                 const std::vector<std::string>& metric_names) {
  std::vector<selector> out;
  auto accepts = [](const series_selector& s, const std::string& name) {
    for (auto& m : s.name_matchers)
      if (!m.matches(name))
        return false;
    return true;
  };
  for (auto& s : sels) {
    if (!s.metric.empty()) {
      if (accepts(s, s.metric))
        out.push_back(selector{s.metric, s.matchers});
      continue;
    }
    for (auto& name : metric_names)
      if (accepts(s, name))
        out.push_back(selector{name, s.matchers});
  }
  return out;
}

} // namespace timeless::server
