#include "server/routes/series_params.hpp"

#include <array>
#include <chrono>

#include "formats/error_text.hpp"
#include "formats/time_parse.hpp"
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

/// Reads the first of `names` present into `out`; keeps `out` otherwise.
caf::error read_time(const request_params& p,
                     std::initializer_list<const char*> names, int64_t now_ms,
                     int64_t& out) {
  for (auto name : names) {
    if (auto v = p.get(name)) {
      auto t = formats::parse_time_ms(*v, now_ms);
      if (!t)
        return bad(std::string{"bad "} + name + ": " +
                   formats::error_text(t.error()));
      out = *t;
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

caf::expected<series_request>
parse_series_request(const request_params& p, int64_t now_ms, bool required) {
  series_request out;
  auto matches = p.all("match[]");
  for (auto m : p.all("match"))
    matches.push_back(m);
  if (!matches.empty()) {
    for (auto m : matches) {
      auto sel = parse_selector(m);
      if (!sel)
        return bad("bad match[] selector '" + std::string{m.substr(0, 256)} +
                   (m.size() > 256 ? "...': " : "': ") +
                   formats::error_text(sel.error()));
      out.selectors.push_back(std::move(*sel));
    }
  } else if (auto metric = p.get("metric")) {
    if (metric->empty())
      return bad("empty metric parameter");
    selector sel;
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
  if (auto err = read_time(p, {"start", "from"}, now_ms, out.from))
    return err;
  if (auto err = read_time(p, {"end", "to"}, now_ms, out.to))
    return err;
  if (out.from > out.to)
    return bad("start is after end");
  for (auto name : {"start", "end", "from", "to"})
    if (p.get(name))
      out.windowed = true;
  return out;
}

} // namespace timeless::server
