#pragma once

// The server's own counters, rendered in the Prometheus text format by
// `GET /metrics`:
//
//   timeless_http_requests_total{route="/api/v1/import",code="204"} 12
//   timeless_http_request_duration_seconds_bucket{route="...",le="0.01"} 7
//   timeless_http_request_duration_seconds_sum{route="..."} 0.42
//   timeless_http_request_duration_seconds_count{route="..."} 12
//   timeless_ingested_points_total{route="/api/v1/import"} 120000
//   timeless_rejected_lines_total{route="/api/v1/import"} 3
//   timeless_http_requests_in_flight 1
//
// Routes are the router's route names (the path pattern, without the
// `/prometheus` prefix); requests no route takes count under "unknown".
// Thread-safe: one mutex, taken once per request.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace timeless::server {

class server_metrics {
 public:
  /// Upper bounds (seconds) of the latency histogram's buckets.
  static constexpr double latency_bounds[] = {0.001, 0.005, 0.01, 0.05, 0.1,
                                              0.5,   1,     5,    10,   30};

  /// A request was read and handed to its route.
  void begin_request() { ++in_flight_; }

  /// A request handed to a route started its answer.
  void end_request() { --in_flight_; }

  /// Requests handed to routes and not yet answered.
  size_t in_flight() const { return in_flight_.load(); }

  /// Counts one answered request.
  void request(const std::string& route, unsigned code,
               std::chrono::nanoseconds latency);

  /// Counts points stored and lines rejected by an import.
  void ingest(const std::string& route, uint64_t points, uint64_t rejected);

  /// Appends every counter in the Prometheus text format.
  void render(std::string& out) const;

 private:
  struct latency {
    uint64_t buckets[std::size(latency_bounds)] = {};
    uint64_t count = 0;
    double sum = 0;
  };
  struct ingest_counts {
    uint64_t points = 0;
    uint64_t rejected = 0;
  };

  std::atomic<size_t> in_flight_{0};
  mutable std::mutex mtx_;
  std::map<std::pair<std::string, unsigned>, uint64_t> requests_;
  std::map<std::string, latency> latency_;
  std::map<std::string, ingest_counts> ingest_;
};

} // namespace timeless::server
