#include "apps/info_cmd.hpp"

#include <cstdio>
#include <sstream>

#include "apps/store_flags.hpp"
#include "formats/duration.hpp"
#include "formats/json_writer.hpp"
#include "formats/time_parse.hpp"
#include "timeless/version.hpp"

namespace timeless::apps {

using formats::append_json_string;
using formats::format_duration;
using formats::format_time_ms;

namespace {

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, x);
  return buf;
}

/// A retention as JSON: null for forever.
std::string json_retention(int64_t ms) {
  return ms == retention_forever ? "null" : std::to_string(ms);
}

} // namespace

std::string format_info(const store_info& x) {
  std::ostringstream os;
  os << "timeless store: " << x.data_dir << '\n'
     << "  series                     " << x.series << '\n'
     << "  stored points              " << x.stored_points << '\n'
     << "  buffered points            " << x.buffered_points << '\n'
     << "  segments                   " << x.segments << '\n'
     << "  segment bytes              " << x.segment_bytes << '\n'
     << "  bytes on disk              " << x.bytes_on_disk << '\n'
     << "  bytes per point            " << fixed(x.bytes_per_point, 3) << '\n'
     << "  shards                     " << x.shards << '\n'
     << "  raw retention              " << format_retention(x.raw_retention_ms)
     << '\n'
     << "  raw data since             "
     << (x.raw_horizon == INT64_MIN ? std::string{"(all kept)"}
                                    : format_time_ms(x.raw_horizon))
     << '\n'
     << "  schema version             " << x.schema_version << '\n'
     << "  segment format version     " << x.segment_format_version << '\n';
  if (x.tiers.empty())
    os << "  rollup tiers               none\n";
  for (auto& t : x.tiers) {
    std::string res = t.calendar_months ? std::string{"1 month"}
                                        : format_duration(t.resolution_ms);
    os << "  tier " << t.name
       << std::string(t.name.size() < 22 ? 22 - t.name.size() : 1, ' ')
       << t.rows << (t.rows == 1 ? " row, " : " rows, ") << res
       << " buckets, kept " << format_retention(t.retention_ms)
       << ", rolled up to segment " << t.watermark << '\n';
  }
  return os.str();
}

std::string info_json(const store_info& x) {
  std::ostringstream os;
  std::string dir;
  append_json_string(dir, x.data_dir);
  os << "{\"data_dir\":" << dir << ",\"series\":" << x.series
     << ",\"stored_points\":" << x.stored_points
     << ",\"buffered_points\":" << x.buffered_points
     << ",\"segments\":" << x.segments
     << ",\"segment_bytes\":" << x.segment_bytes
     << ",\"bytes_on_disk\":" << x.bytes_on_disk
     << ",\"bytes_per_point\":" << fixed(x.bytes_per_point, 6)
     << ",\"shards\":" << x.shards
     << ",\"refused_batches\":" << x.refused_batches
     << ",\"raw_retention_ms\":" << json_retention(x.raw_retention_ms)
     << ",\"raw_horizon\":"
     << (x.raw_horizon == INT64_MIN ? std::string{"null"}
                                    : std::to_string(x.raw_horizon))
     << ",\"segment_seq\":" << x.segment_seq
     << ",\"schema_version\":" << x.schema_version
     << ",\"segment_format_version\":" << x.segment_format_version
     << ",\"tiers\":[";
  for (size_t i = 0; i < x.tiers.size(); ++i) {
    auto& t = x.tiers[i];
    std::string name;
    append_json_string(name, t.name);
    os << (i > 0 ? "," : "") << "{\"name\":" << name
       << ",\"resolution_ms\":" << t.resolution_ms
       << ",\"calendar_months\":" << (t.calendar_months ? "true" : "false")
       << ",\"retention_ms\":" << json_retention(t.retention_ms)
       << ",\"watermark\":" << t.watermark << ",\"rows\":" << t.rows << '}';
  }
  os << "]}";
  return os.str();
}

std::string version_text() {
  std::ostringstream os;
  os << "timeless " << timeless::version << '\n'
     << "  segment format version     " << segment_format_version << " (reads "
     << min_segment_format_version << " to " << segment_format_version << ")\n"
     << "  SQLite schema version      " << timeless::schema_version << '\n'
     << "  write-ahead log version    " << wal_format_version << '\n';
  return os.str();
}

caf::error run_info(const store_options& opts, bool json, std::ostream& out) {
  auto store = open_existing_store(opts);
  if (!store)
    return store.error();
  auto info = (*store)->info();
  if (!info)
    return info.error();
  out << (json ? info_json(*info) + "\n" : format_info(*info));
  return {};
}

} // namespace timeless::apps
