#include "apps/maintain_cmd.hpp"

#include <sstream>

#include "apps/store_flags.hpp"
#include "formats/time_parse.hpp"

namespace timeless::apps {

using formats::format_time_ms;

std::string format_rollup(const rollup_report& r) {
  std::ostringstream os;
  os << "timeless rollup\n"
     << "  segments read              " << r.segments << '\n'
     << "  points read                " << r.points << '\n'
     << "  tier rows written          " << r.rows << '\n';
  return os.str();
}

std::string rollup_json(const rollup_report& r) {
  std::ostringstream os;
  os << "{\"segments\":" << r.segments << ",\"points\":" << r.points
     << ",\"rows\":" << r.rows << '}';
  return os.str();
}

std::string format_retention_report(const retention_report& r) {
  std::ostringstream os;
  os << "timeless retention\n"
     << "  raw points deleted before  "
     << (r.raw_cutoff == INT64_MIN ? std::string{"(kept forever)"}
                                   : format_time_ms(r.raw_cutoff))
     << '\n'
     << "  segments deleted           " << r.segments << '\n'
     << "  tier rows deleted          " << r.tier_rows << '\n'
     << "  series removed             " << r.series << '\n'
     << "  bytes reclaimed            " << r.bytes_reclaimed << '\n';
  return os.str();
}

std::string retention_json(const retention_report& r) {
  std::ostringstream os;
  os << "{\"raw_cutoff\":"
     << (r.raw_cutoff == INT64_MIN ? std::string{"null"}
                                   : std::to_string(r.raw_cutoff))
     << ",\"segments\":" << r.segments << ",\"tier_rows\":" << r.tier_rows
     << ",\"series\":" << r.series
     << ",\"bytes_reclaimed\":" << r.bytes_reclaimed << '}';
  return os.str();
}

std::string format_compaction(const compaction_report& r) {
  std::ostringstream os;
  os << "timeless compact\n"
     << "  segments replaced          " << r.segments_replaced << '\n'
     << "  segments written           " << r.segments_written << '\n'
     << "  points in them             " << r.points << '\n';
  return os.str();
}

std::string compaction_json(const compaction_report& r) {
  std::ostringstream os;
  os << "{\"segments_replaced\":" << r.segments_replaced
     << ",\"segments_written\":" << r.segments_written
     << ",\"points\":" << r.points << '}';
  return os.str();
}

caf::error run_compact(const store_options& opts, bool json,
                       std::ostream& out) {
  auto store = open_existing_store(opts);
  if (!store)
    return store.error();
  auto report = (*store)->compact();
  if (!report)
    return report.error();
  out << (json ? compaction_json(*report) + "\n" : format_compaction(*report));
  return (*store)->close();
}

caf::error run_rollup(const store_options& opts, const std::string& tier,
                      bool json, std::ostream& out) {
  auto store = open_existing_store(opts);
  if (!store)
    return store.error();
  auto report = (*store)->rollup(tier);
  if (!report)
    return report.error();
  out << (json ? rollup_json(*report) + "\n" : format_rollup(*report));
  return (*store)->close();
}

caf::error run_retention(const store_options& opts, bool json,
                         std::ostream& out) {
  auto store = open_existing_store(opts);
  if (!store)
    return store.error();
  auto report = (*store)->enforce_retention();
  if (!report)
    return report.error();
  out << (json ? retention_json(*report) + "\n"
               : format_retention_report(*report));
  return (*store)->close();
}

} // namespace timeless::apps
