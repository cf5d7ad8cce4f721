#pragma once

// Metric metadata learned from what clients send: the `# TYPE`, `# HELP`
// and `# UNIT` lines of the Prometheus text format and OpenMetrics,
//
//   # TYPE <metric> counter|gauge|histogram|summary|untyped|gaugehistogram|
//                   info|stateset|unknown
//   # HELP <metric> <text, escaping \\ and \n (and \" in OpenMetrics)>
//   # UNIT <metric> <unit>
//
// ("untyped" is stored as "unknown"), and the `metadata` of a remote_write
// request. Lines that do not fit (another comment, a bad metric name, an
// unknown type, a help text that is not UTF-8 or over 64 KiB, a unit over
// 256 bytes) are ignored: metadata never makes an import fail.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "formats/remote_write.hpp"
#include "timeless/catalog.hpp"

namespace timeless::formats {

/// Gathers the metadata of one request, one entry per metric; a later line
/// about the same metric and field wins.
class metadata_collector {
 public:
  /// Reads `line` (without its line feed) if it is a TYPE, HELP or UNIT
  /// line that fits; returns whether it was used.
  bool add_line(std::string_view line);

  /// Adds a remote_write metadata entry (if its family name is valid).
  bool add(const rw_metadata& m);

  bool empty() const { return by_metric_.empty(); }

  /// The entries sorted by metric (empty unit or help: not given; type
  /// "unknown": not given); the collector is empty afterwards.
  std::vector<metric_metadata> take();

 private:
  metric_metadata& entry(std::string_view metric);

  std::map<std::string, metric_metadata, std::less<>> by_metric_;
};

} // namespace timeless::formats
