#pragma once

// The Prometheus text format's metric header, shared by the writers of
// GET /metrics (server_metrics, alert_metrics, the store's gauges).

#include <string>
#include <string_view>

namespace timeless::server {

/// Appends "# HELP <name> <help>\n# TYPE <name> <type>\n".
void append_metric_header(std::string& out, std::string_view name,
                          std::string_view help, std::string_view type);

} // namespace timeless::server
