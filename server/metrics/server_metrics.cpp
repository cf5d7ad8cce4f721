#include "server/metrics/server_metrics.hpp"

#include "formats/float_text.hpp"

namespace timeless::server {

namespace {

void append_route(std::string& out, const std::string& route) {
  out += "route=\"";
  for (auto c : route) {
    if (c == '\\' || c == '"')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += '"';
}

} // namespace

void server_metrics::request(const std::string& route, unsigned code,
                             std::chrono::nanoseconds latency) {
  auto seconds = std::chrono::duration<double>(latency).count();
  std::lock_guard guard{mtx_};
  ++requests_[{route, code}];
  auto& l = latency_[route];
  for (size_t i = 0; i < std::size(latency_bounds); ++i)
    if (seconds <= latency_bounds[i])
      ++l.buckets[i];
  ++l.count;
  l.sum += seconds;
}

void server_metrics::ingest(const std::string& route, uint64_t points,
                            uint64_t rejected) {
  std::lock_guard guard{mtx_};
  auto& x = ingest_[route];
  x.points += points;
  x.rejected += rejected;
}

void server_metrics::render(std::string& out) const {
  out += "# HELP timeless_http_requests_in_flight Requests read and not yet "
         "answered.\n# TYPE timeless_http_requests_in_flight gauge\n"
         "timeless_http_requests_in_flight " +
         std::to_string(in_flight()) + '\n';
  std::lock_guard guard{mtx_};
  out += "# HELP timeless_http_requests_total HTTP requests answered, by "
         "route and status code.\n"
         "# TYPE timeless_http_requests_total counter\n";
  for (auto& [key, n] : requests_) {
    out += "timeless_http_requests_total{";
    append_route(out, key.first);
    out += ",code=\"" + std::to_string(key.second) + "\"} ";
    out += std::to_string(n) + '\n';
  }
  out += "# HELP timeless_http_request_duration_seconds Time from a "
         "request's last byte read to its answer's first byte written.\n"
         "# TYPE timeless_http_request_duration_seconds histogram\n";
  for (auto& [route, l] : latency_) {
    for (size_t i = 0; i < std::size(latency_bounds); ++i) {
      out += "timeless_http_request_duration_seconds_bucket{";
      append_route(out, route);
      out += ",le=\"";
      formats::append_float(out, latency_bounds[i]);
      out += "\"} " + std::to_string(l.buckets[i]) + '\n';
    }
    out += "timeless_http_request_duration_seconds_bucket{";
    append_route(out, route);
    out += ",le=\"+Inf\"} " + std::to_string(l.count) + '\n';
    out += "timeless_http_request_duration_seconds_sum{";
    append_route(out, route);
    out += "} ";
    formats::append_float(out, l.sum);
    out += "\ntimeless_http_request_duration_seconds_count{";
    append_route(out, route);
    out += "} " + std::to_string(l.count) + '\n';
  }
  out += "# HELP timeless_ingested_points_total Points stored by imports, "
         "by route.\n"
         "# TYPE timeless_ingested_points_total counter\n";
  for (auto& [route, x] : ingest_) {
    out += "timeless_ingested_points_total{";
    append_route(out, route);
    out += "} " + std::to_string(x.points) + '\n';
  }
  out += "# HELP timeless_rejected_lines_total Import lines rejected "
         "(malformed or refused by the store), by route.\n"
         "# TYPE timeless_rejected_lines_total counter\n";
  for (auto& [route, x] : ingest_) {
    out += "timeless_rejected_lines_total{";
    append_route(out, route);
    out += "} " + std::to_string(x.rejected) + '\n';
  }
}

} // namespace timeless::server
