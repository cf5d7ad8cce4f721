#pragma once

// The route table: path patterns, the methods each takes, and handlers.
// A pattern is a path whose segments are literal or `<name>` (one segment,
// captured). Every route is also served under the `/prometheus` prefix, as
// VictoriaMetrics does. Lookups: the first pattern matching the path wins;
// a path no pattern matches is 404, a matching path with another method is
// 405 with the route's methods in `Allow`.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include "server/routes/exchange.hpp"

namespace timeless::server {

using handler_fn = std::function<void(const exchange_ptr&)>;

struct route {
  /// The pattern, e.g. "/api/v1/label/<name>/values"; also the metrics'
  /// route label.
  std::string pattern;
  std::vector<http::verb> methods;
  handler_fn handler;
  /// The route reads `Content-Encoding: snappy` bodies itself (the
  /// connection passes them on compressed instead of answering 415).
  bool snappy_body = false;
  /// Its POST form only reads (a query sent as a form body): a read-only
  /// token may use it (server/http/auth.hpp).
  bool post_reads = false;
};

/// The outcome of a lookup.
struct route_match {
  enum class kind : uint8_t { found, not_found, bad_method };
  kind status = kind::not_found;
  const route* r = nullptr;
  /// With bad_method: the methods the path takes, e.g. "GET, POST".
  std::string allow;
  /// With found: the captured segments in pattern order.
  std::vector<std::string> captures;
};

class router {
 public:
  void add(std::string pattern, std::vector<http::verb> methods,
           handler_fn handler, bool snappy_body = false);

  /// Adds a route whose every method only reads, POST included.
  void add_reader(std::string pattern, std::vector<http::verb> methods,
                  handler_fn handler);

  /// Finds the route of `path` (already without its query string).
  route_match match(http::verb method, std::string_view path) const;

  const std::vector<route>& routes() const { return routes_; }

 private:
  std::vector<route> routes_;
};

/// `path` without a leading "/prometheus" segment.
std::string_view strip_prometheus_prefix(std::string_view path);

} // namespace timeless::server
