#include "apps/store_flags.hpp"

#include <filesystem>

#include "codec/segment_codec.hpp"
#include "formats/duration.hpp"
#include "formats/error_text.hpp"
#include "timeless/error.hpp"

namespace timeless::apps {

using formats::error_text;
using formats::format_duration;
using formats::parse_duration_ms;

namespace {

caf::error flag_error(std::string_view flag, const std::string& what) {
  return make_error(errc::invalid_argument, std::string{flag} + ": " + what);
}

/// A positive duration for `flag`.
caf::expected<int64_t> positive(std::string_view flag, std::string_view text) {
  auto ms = parse_duration_ms(text);
  if (!ms)
    return flag_error(flag, error_text(ms.error()));
  if (*ms <= 0)
    return flag_error(flag, "must be positive");
  return *ms;
}

} // namespace

caf::expected<int64_t> parse_retention_ms(std::string_view text) {
  if (text == "forever")
    return retention_forever;
  return positive("--raw-retention", text);
}

caf::expected<int64_t> parse_interval_ms(std::string_view flag,
                                         std::string_view text) {
  if (text == "off")
    return int64_t{0};
  return positive(flag, text);
}

std::string format_retention(int64_t ms) {
  return ms == retention_forever ? "forever" : format_duration(ms);
}

caf::error store_flags::apply(store_options& o) const {
  if (data_dir.empty())
    return flag_error("--data-dir", "must not be empty");
  if (durability != "async" && durability != "sync")
    return flag_error("--durability", "must be async or sync");
  auto seg = positive("--segment-duration", segment_duration);
  if (!seg)
    return seg.error();
  auto flush = positive("--flush-interval", flush_interval);
  if (!flush)
    return flush.error();
  auto retention = parse_retention_ms(raw_retention);
  if (!retention)
    return retention.error();
  auto rollup_every = parse_interval_ms("--rollup-interval", rollup_interval);
  if (!rollup_every)
    return rollup_every.error();
  auto retention_every =
      parse_interval_ms("--retention-interval", retention_interval);
  if (!retention_every)
    return retention_every.error();
  if (block_points == 0 || block_points > codec::max_segment_points)
    return flag_error("--block-points",
                      "must be between 1 and " +
                          std::to_string(codec::max_segment_points));
  auto compaction_every =
      parse_interval_ms("--compaction-interval", compaction_interval);
  if (!compaction_every)
    return compaction_every.error();
  o.data_dir = data_dir;
  o.compaction_interval = std::chrono::milliseconds{*compaction_every};
  o.block_points = block_points;
  o.rollup_interval = std::chrono::milliseconds{*rollup_every};
  o.retention_interval = std::chrono::milliseconds{*retention_every};
  o.shards = shards;
  o.segment_duration_ms = *seg;
  o.flush_interval = std::chrono::milliseconds{*flush};
  o.mode = durability == "sync" ? durability::sync : durability::async;
  o.raw_retention_ms = *retention;
  return {};
}

caf::expected<std::unique_ptr<blocking_store>>
open_existing_store(store_options o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto db = fs::path{o.data_dir} / "timeless.db";
  if (!fs::is_directory(o.data_dir, ec))
    return make_error(errc::invalid_argument,
                      "no store in " + o.data_dir +
                          ": the directory does not exist");
  if (!fs::exists(db, ec))
    return make_error(errc::invalid_argument, "no store in " + o.data_dir +
                                                  ": " + db.string() +
                                                  " does not exist");
  o.retention_interval = std::chrono::milliseconds{0};
  return blocking_store::open(std::move(o));
}

} // namespace timeless::apps
