// Validation of the catalog's inputs (see actors/catalog/catalog.hpp).

#include "actors/catalog/catalog.hpp"

#include <algorithm>
#include <cmath>

#include "codec/utf8.hpp"
#include "timeless/error.hpp"
#include "timeless/labels.hpp"

namespace timeless::detail {

namespace {

constexpr size_t max_unit_bytes = 256;
constexpr size_t max_help_bytes = 64 * 1024;

std::string entry(const metric_metadata& x, size_t index) {
  return "metadata entry " + std::to_string(index) + " (metric '" +
         x.metric.substr(0, 64) + "'): ";
}

caf::error check_text(const std::string& what, const std::string& x,
                      size_t max) {
  if (x.size() > max)
    return make_error(errc::invalid_argument,
                      what + " has " + std::to_string(x.size()) +
                          " bytes, at most " + std::to_string(max) +
                          " are allowed");
  if (auto bad = utf8::first_invalid(x); bad != x.size())
    return make_error(errc::invalid_argument, what +
                                                  " is not valid UTF-8 (byte " +
                                                  std::to_string(bad) + ")");
  return {};
}

} // namespace

const std::vector<std::string>& metric_types() {
  static const std::vector<std::string> types{
      "counter", "gauge", "histogram", "gaugehistogram",
      "summary", "info",  "stateset",  "unknown"};
  return types;
}

caf::error validate_metadata(const metric_metadata& x, size_t index) {
  label_set none;
  if (auto err = canonicalize(x.metric, none, name_limits{}))
    return make_error(errc::invalid_argument, entry(x, index) + describe(err));
  auto& types = metric_types();
  if (std::ranges::find(types, x.type) == types.end()) {
    std::string list;
    for (auto& t : types)
      list += (list.empty() ? "" : ", ") + t;
    return make_error(errc::invalid_argument, entry(x, index) + "type '" +
                                                  x.type.substr(0, 64) +
                                                  "' is not one of " + list);
  }
  if (auto err = check_text("unit", x.unit, max_unit_bytes))
    return make_error(errc::invalid_argument, entry(x, index) + describe(err));
  if (auto err = check_text("help", x.help, max_help_bytes))
    return make_error(errc::invalid_argument, entry(x, index) + describe(err));
  return {};
}

caf::error validate_rule(alert_rule& x) {
  auto bad = [](std::string msg) {
    return make_error(errc::invalid_argument, "alert rule: " + std::move(msg));
  };
  if (x.name.empty())
    return bad("name is required");
  if (auto err = check_text("name", x.name, max_unit_bytes))
    return bad(describe(err));
  if (x.metric.empty())
    return bad("metric is required");
  if (auto err = canonicalize(x.metric, x.labels, name_limits{}))
    return bad("metric or labels: " + describe(err));
  if (!std::isfinite(x.threshold))
    return bad("threshold must be a finite number");
  if (x.duration < 0)
    return bad("duration must be >= 0 ms, got " + std::to_string(x.duration));
  if (!x.webhook_url.empty() && !x.webhook_url.starts_with("http://"))
    return bad("webhook_url must be empty or start with http://, got '" +
               x.webhook_url.substr(0, 64) + "'");
  if (auto err = check_text("webhook_url", x.webhook_url, 4096))
    return bad(describe(err));
  if (x.condition != alert_condition::above &&
      x.condition != alert_condition::below)
    return bad("condition must be above or below");
  if (static_cast<uint8_t>(x.aggregate) >
      static_cast<uint8_t>(aggregate_fn::increase))
    return bad("unknown aggregate");
  return {};
}

} // namespace timeless::detail
