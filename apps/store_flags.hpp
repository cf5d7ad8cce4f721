#pragma once

// The store options every subcommand that opens a store takes, as text from
// the command line, and opening a store for the subcommands.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "timeless/blocking_store.hpp"
#include "timeless/options.hpp"

namespace timeless::apps {

/// Store options as given on the command line; `apply` checks them.
struct store_flags {
  std::string data_dir = "./data";
  uint32_t shards = 0;
  std::string segment_duration = "4h";
  std::string flush_interval = "1s";
  /// "async" or "sync".
  std::string durability = "async";
  /// A duration ("7d", "100y") or "forever".
  std::string raw_retention = "7d";
  /// How often rollups, retention and compaction run in the background: a
  /// duration or "off" (then only on demand).
  std::string rollup_interval = "60s";
  std::string retention_interval = "1h";
  std::string compaction_interval = "5m";
  /// Points per stored block (store_options::block_points).
  uint32_t block_points = 4096;

  /// Fills the matching fields of `o`. Fails with `errc::invalid_argument`
  /// naming the flag and the problem.
  caf::error apply(store_options& o) const;
};

/// Parses a retention: "forever" (`retention_forever`) or a positive
/// duration.
caf::expected<int64_t> parse_retention_ms(std::string_view text);

/// Parses a background interval: "off" (0) or a positive duration.
caf::expected<int64_t> parse_interval_ms(std::string_view flag,
                                         std::string_view text);

/// Returns "forever" or the retention as `format_duration` writes it.
std::string format_retention(int64_t ms);

/// Opens the store in `o.data_dir`, which must already hold one: fails
/// with `errc::invalid_argument` ("no store in D: D/timeless.db does not
/// exist") instead of creating an empty store. Other failures are the
/// store's (`errc::locked` when another process has it open). Commands that
/// only read never enforce retention (`retention_interval` 0).
caf::expected<std::unique_ptr<blocking_store>>
open_existing_store(store_options o);

} // namespace timeless::apps
