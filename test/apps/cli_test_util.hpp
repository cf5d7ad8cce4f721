#pragma once

// Helpers for the command tests: temporary stores and files.

#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "test/actors/test_dir.hpp"
#include "timeless/blocking_store.hpp"
#include "timeless/error.hpp"

namespace timeless::test {

/// Options of a small store in `dir` that keeps raw points forever.
inline store_options small_store(const std::string& dir) {
  store_options o;
  o.data_dir = dir;
  o.shards = 2;
  o.raw_retention_ms = retention_forever;
  o.retention_interval = std::chrono::milliseconds{0};
  o.rollup_interval = std::chrono::milliseconds{0};
  o.compaction_interval = std::chrono::milliseconds{0};
  return o;
}

/// Writes `text` to `path`.
inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream f{path, std::ios::binary};
  f << text;
}

/// Every point of the store's series matching `selector`.
inline std::vector<series_points> read_all(const store_options& o,
                                           const std::string& selector) {
  auto store = blocking_store::open(o);
  EXPECT_TRUE(store) << describe(store.error());
  if (!store)
    return {};
  auto sel = parse_selector(selector);
  EXPECT_TRUE(sel);
  auto r = (*store)->query(raw_query{*sel});
  EXPECT_TRUE(r) << describe(r.error());
  return r ? *r : std::vector<series_points>{};
}

} // namespace timeless::test
