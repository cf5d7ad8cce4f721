// Metric metadata over HTTP (the store's catalog, timeless/catalog.hpp):
//
//   POST /api/v1/metadata  {"metric":"m","type":"counter","unit":"bytes",
//                          "description":"..."} (unit, description
//                          optional) -> 200 {"status":"ok"}; 400 naming
//                          the problem (bad JSON, a missing or non-string
//                          member, a bad metric name, a type not among
//                          counter gauge histogram gaugehistogram summary
//                          info stateset unknown).
//   GET  /api/v1/metadata  Prometheus' shape: {"status":"success","data":
//                          {"<metric>":[{"type":..,"help":..,"unit":..}]}}
//                          sorted by metric; `limit` (> 0) keeps that many
//                          metrics, `metric` just one. With `metric` the
//                          answer also carries the original's top-level
//                          "metric", "type", "unit" and "description"
//                          (for a metric without metadata: type "gauge",
//                          unit and description null, as the original).

#include <charconv>
#include <string>
#include <vector>

#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "server/http/response.hpp"
#include "server/routes/common.hpp"
#include "server/routes/json_body.hpp"
#include "server/routes/routes.hpp"

namespace timeless::server {

namespace {

response_type bad(std::string msg) {
  return error_response(http::status::bad_request, std::move(msg));
}

/// Reads the optional string member `name` into `out`; an error text if it
/// is there but not a string (null counts as absent).
std::string optional_string(const json_object& obj, const char* name,
                            std::string& out) {
  auto it = obj.find(name);
  if (it == obj.end() || it->second.type == json_member::kind::null)
    return {};
  if (it->second.type != json_member::kind::string)
    return std::string{"\""} + name + "\" must be a string, not " +
           kind_name(it->second.type);
  out = it->second.text;
  return {};
}

void post_metadata(const exchange_ptr& x) {
  json_object obj;
  if (auto err = parse_json_object(x->req.body(), obj); !err.empty()) {
    x->reply(bad("bad JSON body: " + err));
    return;
  }
  metric_metadata m;
  m.type.clear();
  for (auto [name, out] :
       {std::pair{"metric", &m.metric}, std::pair{"type", &m.type},
        std::pair{"unit", &m.unit}, std::pair{"description", &m.help}}) {
    if (auto err = optional_string(obj, name, *out); !err.empty()) {
      x->reply(bad(err));
      return;
    }
  }
  if (m.metric.empty()) {
    x->reply(bad("\"metric\" is required"));
    return;
  }
  if (m.type.empty()) {
    x->reply(bad("\"type\" is required (one of counter, gauge, histogram, "
                 "gaugehistogram, summary, info, stateset, unknown)"));
    return;
  }
  std::vector<metric_metadata> batch{std::move(m)};
  x->env.bridge.ask<caf::ok_atom>(
      x->ex,
      [x](caf::expected<caf::ok_atom> res) {
        if (!res) {
          x->reply(store_failure(res.error(), false));
          return;
        }
        x->reply(make_response(http::status::ok, "application/json",
                               "{\"status\":\"ok\"}\n"));
      },
      put_meta_atom::value, std::move(batch));
}

void append_nullable(std::string& out, const std::string& x) {
  if (x.empty())
    out += "null";
  else
    formats::append_json_string(out, x);
}

void get_metadata(const exchange_ptr& x) {
  auto metric_param = x->params.get("metric");
  std::string metric{metric_param.value_or("")};
  int64_t limit = 0;
  if (auto l = x->params.get("limit")) {
    auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
    if (ec != std::errc{} || p != l->data() + l->size()) {
      x->reply(prom_error_response(http::status::bad_request, "bad_data",
                                   "bad limit: '" + std::string{*l} +
                                       "' is not an integer"));
      return;
    }
  }
  bool one = metric_param.has_value() && !metric.empty();
  x->env.bridge.ask<std::vector<metric_metadata>>(
      x->ex,
      [x, one, metric, limit](caf::expected<std::vector<metric_metadata>> res) {
        if (!res) {
          x->reply(store_failure(res.error(), true));
          return;
        }
        std::string out = "{\"status\":\"success\",\"data\":{";
        size_t n = 0;
        for (auto& m : *res) {
          if (limit > 0 && n == static_cast<size_t>(limit))
            break;
          if (n++ != 0)
            out += ',';
          formats::append_json_string(out, m.metric);
          out += ":[{\"type\":";
          formats::append_json_string(out, m.type);
          out += ",\"help\":";
          formats::append_json_string(out, m.help);
          out += ",\"unit\":";
          formats::append_json_string(out, m.unit);
          out += "}]";
        }
        out += '}';
        if (one) {
          // The original's shape, beside Prometheus'.
          out += ",\"metric\":";
          formats::append_json_string(out, metric);
          out += ",\"type\":";
          formats::append_json_string(out,
                                      res->empty() ? "gauge" : (*res)[0].type);
          out += ",\"unit\":";
          append_nullable(out, res->empty() ? "" : (*res)[0].unit);
          out += ",\"description\":";
          append_nullable(out, res->empty() ? "" : (*res)[0].help);
        }
        out += "}\n";
        x->reply(make_response(http::status::ok, "application/json",
                               std::move(out)));
      },
      get_meta_atom::value, one ? metric : std::string{});
}

} // namespace

void add_metadata_routes(router& r) {
  r.add("/api/v1/metadata", {http::verb::get, http::verb::post},
        [](const exchange_ptr& x) {
          if (x->req.method() == http::verb::post)
            post_metadata(x);
          else
            get_metadata(x);
        });
}

} // namespace timeless::server
