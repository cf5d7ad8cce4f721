// GET /health: the store's info as JSON.
// GET /metrics: the server's counters and the store's gauges in the
// Prometheus text format.

#include <string>

#include "formats/error_text.hpp"
#include "formats/float_text.hpp"
#include "formats/json_writer.hpp"
#include "server/http/response.hpp"
#include "server/metrics/prom_text.hpp"
#include "server/routes/routes.hpp"

namespace timeless::server {

namespace {

void field(std::string& out, const char* name, uint64_t x) {
  out += ",\"";
  out += name;
  out += "\":" + std::to_string(x);
}

std::string health_json(const store_info& i) {
  std::string out = "{\"status\":\"ok\"";
  field(out, "series", i.series);
  field(out, "points", i.stored_points + i.buffered_points);
  field(out, "stored_points", i.stored_points);
  field(out, "buffered_points", i.buffered_points);
  field(out, "segments", i.segments);
  field(out, "segment_bytes", i.segment_bytes);
  field(out, "storage_bytes", i.bytes_on_disk);
  out += ",\"bytes_per_point\":";
  formats::append_json_value(out, i.bytes_per_point);
  field(out, "shards", i.shards);
  field(out, "refused_batches", i.refused_batches);
  field(out, "segment_seq", i.segment_seq);
  field(out, "catalog_damaged_rows", i.catalog_damaged_rows);
  out += ",\"data_dir\":";
  formats::append_json_string(out, i.data_dir);
  out += ",\"tiers\":[";
  for (size_t k = 0; k < i.tiers.size(); ++k) {
    auto& t = i.tiers[k];
    out += k == 0 ? "{\"name\":" : ",{\"name\":";
    formats::append_json_string(out, t.name);
    field(out, "rows", t.rows);
    field(out, "watermark", t.watermark);
    out += '}';
  }
  out += "]}\n";
  return out;
}

void gauge(std::string& out, const char* name, const char* help,
           const char* type, double x) {
  append_metric_header(out, name, help, type);
  out += name;
  out += ' ';
  formats::append_float(out, x);
  out += '\n';
}

std::string store_metrics(const store_info& i) {
  std::string out;
  auto d = [](uint64_t x) { return static_cast<double>(x); };
  gauge(out, "timeless_store_series", "Series in the store.", "gauge",
        d(i.series));
  gauge(out, "timeless_store_stored_points",
        "Points in closed, checkpointed segments.", "gauge",
        d(i.stored_points));
  gauge(out, "timeless_store_buffered_points",
        "Points only in memory and the write-ahead log (buffer depth).",
        "gauge", d(i.buffered_points));
  gauge(out, "timeless_store_segments", "Stored segments.", "gauge",
        d(i.segments));
  gauge(out, "timeless_store_bytes_on_disk",
        "Bytes of every file in the data directory.", "gauge",
        d(i.bytes_on_disk));
  gauge(out, "timeless_store_refused_batches_total",
        "Write batches refused for backpressure since the store opened.",
        "counter", d(i.refused_batches));
  return out;
}

void health(const exchange_ptr& x) {
  x->env.bridge.ask<store_info>(
      x->ex,
      [x](caf::expected<store_info> info) {
        if (!info) {
          x->reply(error_response(http::status::service_unavailable,
                                  "store unavailable: " +
                                      formats::error_text(info.error())));
          return;
        }
        x->reply(make_response(http::status::ok, "application/json",
                               health_json(*info)));
      },
      info_atom::value);
}

void metrics(const exchange_ptr& x) {
  x->env.bridge.ask<store_info>(
      x->ex,
      [x](caf::expected<store_info> info) {
        std::string out;
        x->env.metrics.render(out);
        if (x->env.alerts)
          x->env.alerts->metrics().render(out);
        if (info)
          out += store_metrics(*info);
        else
          gauge(out, "timeless_store_up", "1 if the store answered.", "gauge",
                0);
        x->reply(make_response(http::status::ok,
                               "text/plain; version=0.0.4; charset=utf-8",
                               std::move(out)));
      },
      info_atom::value);
}

} // namespace

void add_health_routes(router& r) {
  r.add("/health", {http::verb::get}, health);
  r.add("/metrics", {http::verb::get}, metrics);
}

} // namespace timeless::server
