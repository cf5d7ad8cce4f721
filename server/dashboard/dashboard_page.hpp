#pragma once

// The dashboard `GET /` serves: one self-contained HTML page (inline CSS
// and a little JavaScript, no external asset), as the original's
// Timeless.Dashboard: a header with the store's series, points and bytes
// and a badge of firing alerts; a range selector; the table of active
// alerts; one chart (an <img> of /chart) per metric. Every 60 s the page
// reloads its charts, adding a `_t=<ms>` cache-buster that /chart ignores
// (the original's /chart took `_t` for a label filter, so refreshed charts
// went empty), and refreshes its counters from /health and its alerts from
// /api/v1/alerts.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace timeless::server {

/// One pending or firing series of an alert rule, as the table shows it.
struct dashboard_alert {
  std::string rule;
  std::string metric;
  /// The series' labels, `k="v"` joined by commas.
  std::string series;
  /// "firing" or "pending".
  std::string state;
  double value = 0;
  /// "above" or "below".
  std::string condition;
  double threshold = 0;
};

/// What the page shows.
struct dashboard_view {
  uint64_t series = 0;
  uint64_t points = 0;
  uint64_t bytes = 0;
  /// Metric names, sorted; one chart each (at most `max_charts`).
  std::vector<std::string> metrics;
  std::vector<dashboard_alert> alerts;
  /// The range, as given (`-1h`, `now`, unix seconds, RFC 3339).
  std::string from = "-1h";
  std::string to = "now";
  /// Label filters from the page's URL, passed on to every chart.
  std::vector<std::pair<std::string, std::string>> filters;
  int refresh_seconds = 60;
  size_t max_charts = 200;
};

/// The whole page. Every text from the store or the URL is escaped.
std::string render_dashboard(const dashboard_view& v);

/// `x` with & < > " ' replaced by character references and what is not
/// UTF-8 replaced by U+FFFD (server/chart/xml_text.hpp).
std::string html_escape(std::string_view x);

/// `x` percent-encoded for a URL query component (all but A-Za-z0-9-._~).
std::string url_component(std::string_view x);

} // namespace timeless::server
