#include "server/routes/router.hpp"

namespace timeless::server {

namespace {

/// Matches `path` against `pattern`, appending captures to `out`.
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<std::string>& out) {
  out.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/')
      return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto pe = pattern.find('/');
    auto xe = path.find('/');
    auto pseg = pattern.substr(0, pe);
    auto xseg = path.substr(0, xe);
    if (pseg.size() >= 2 && pseg.front() == '<' && pseg.back() == '>') {
      if (xseg.empty())
        return false;
      out.emplace_back(xseg);
    } else if (pseg != xseg) {
      return false;
    }
    pattern.remove_prefix(pseg.size());
    path.remove_prefix(xseg.size());
  }
  return true;
}

} // namespace

void router::add(std::string pattern, std::vector<http::verb> methods,
                 handler_fn handler, bool snappy_body) {
  routes_.push_back({std::move(pattern), std::move(methods), std::move(handler),
                     snappy_body});
}

void router::add_reader(std::string pattern, std::vector<http::verb> methods,
                        handler_fn handler) {
  add(std::move(pattern), std::move(methods), std::move(handler));
  routes_.back().post_reads = true;
}

route_match router::match(http::verb method, std::string_view path) const {
  route_match result;
  path = strip_prometheus_prefix(path);
  std::vector<std::string> captures;
  for (auto& r : routes_) {
    if (!match_pattern(r.pattern, path, captures))
      continue;
    for (auto m : r.methods) {
      if (m == method) {
        result.status = route_match::kind::found;
        result.r = &r;
        result.captures = std::move(captures);
        result.allow.clear();
        return result;
      }
    }
    result.status = route_match::kind::bad_method;
    for (auto m : r.methods) {
      auto name = http::to_string(m);
      if (result.allow.find(name) != std::string::npos)
        continue;
      if (!result.allow.empty())
        result.allow += ", ";
      result.allow.append(name.data(), name.size());
    }
  }
  return result;
}

std::string_view strip_prometheus_prefix(std::string_view path) {
  constexpr std::string_view prefix = "/prometheus";
  if (path.starts_with(prefix) &&
      (path.size() == prefix.size() || path[prefix.size()] == '/'))
    path.remove_prefix(prefix.size());
  return path;
}

} // namespace timeless::server
