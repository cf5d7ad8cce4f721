#include "apps/backup_cmd.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "apps/export.hpp"
#include "formats/error_text.hpp"
#include "test/apps/cli_test_util.hpp"

using namespace timeless;
namespace fs = std::filesystem;

namespace {

/// A closed store with three series, some points in open segments.
store_options filled_store(const std::string& dir) {
  auto o = test::small_store(dir);
  auto store = blocking_store::open(o);
  EXPECT_TRUE(store) << describe(store.error());
  std::vector<sample> pts;
  for (int h = 0; h < 3; ++h)
    for (int i = 0; i < 2000; ++i)
      pts.push_back(sample{"cpu",
                           {{"host", "h" + std::to_string(h)}},
                           1'600'000'000'000 + int64_t{i} * 15'000,
                           h * 100.0 + i * 0.5});
  EXPECT_TRUE((*store)->write(pts));
  EXPECT_FALSE((*store)->close());
  return o;
}

std::string export_all(const std::string& dir) {
  apps::export_config cfg;
  cfg.store = test::small_store(dir);
  std::ostringstream out;
  auto r = apps::run_export(cfg, out);
  EXPECT_TRUE(r) << describe(r.error());
  return out.str();
}

} // namespace

TEST(backup_cmd, backup_of_a_closed_store_restores_to_an_identical_export) {
  test_dir data;
  test_dir out;
  filled_store(data.path);
  auto before = export_all(data.path);
  ASSERT_NE(before.find("\"h2\""), std::string::npos) << before;
  std::ostringstream text;
  auto dest = out.path + "/b";
  auto err = apps::run_backup(data.path, dest, false, text);
  ASSERT_FALSE(err) << describe(err);
  EXPECT_EQ(text.str().rfind("timeless backup\n  directory                  " +
                                 dest + "\n  files                      2\n",
                             0),
            0u)
      << text.str();
  std::ostringstream json;
  auto restored = out.path + "/r";
  err = apps::run_restore(dest, restored, true, json);
  ASSERT_FALSE(err) << describe(err);
  EXPECT_EQ(json.str().rfind("{\"path\":\"" + restored + "\",\"files\":2,", 0),
            0u)
      << json.str();
  EXPECT_EQ(export_all(restored), before);
  // The source is untouched by the backup.
  EXPECT_EQ(export_all(data.path), before);
}

TEST(backup_cmd, backup_refuses_a_non_empty_destination) {
  test_dir data;
  test_dir out;
  filled_store(data.path);
  test::write_file(out.path + "/x", "x");
  std::ostringstream text;
  auto err = apps::run_backup(data.path, out.path, false, text);
  ASSERT_TRUE(err);
  EXPECT_NE(
      formats::error_text(err).find(out.path + " exists and is not empty"),
      std::string::npos)
      << formats::error_text(err);
  EXPECT_TRUE(text.str().empty());
}

TEST(backup_cmd, backup_of_a_missing_store_fails_without_creating_one) {
  test_dir out;
  std::ostringstream text;
  auto err = apps::run_backup(out.path + "/none", out.path + "/b", false, text);
  ASSERT_TRUE(err);
  EXPECT_NE(formats::error_text(err).find("no store in"), std::string::npos);
  EXPECT_FALSE(fs::exists(out.path + "/none"));
  EXPECT_FALSE(fs::exists(out.path + "/b"));
}

TEST(backup_cmd, restore_refuses_a_damaged_backup_and_a_non_empty_target) {
  test_dir data;
  test_dir out;
  filled_store(data.path);
  std::ostringstream text;
  auto dest = out.path + "/b";
  ASSERT_FALSE(apps::run_backup(data.path, dest, true, text));
  // A non-empty target.
  auto err = apps::run_restore(dest, data.path, false, text);
  ASSERT_TRUE(err);
  EXPECT_NE(
      formats::error_text(err).find(data.path + " exists and is not empty"),
      std::string::npos)
      << formats::error_text(err);
  // A flipped byte.
  {
    std::fstream f{dest + "/timeless.db",
                   std::ios::in | std::ios::out | std::ios::binary};
    f.seekg(5000);
    char c = 0;
    f.get(c);
    f.seekp(5000);
    f.put(static_cast<char>(c ^ 0x10));
  }
  err = apps::run_restore(dest, out.path + "/r", false, text);
  ASSERT_TRUE(err);
  EXPECT_EQ(code_of(err), errc::corruption);
  EXPECT_NE(formats::error_text(err).find("timeless.db: CRC-32C mismatch"),
            std::string::npos)
      << formats::error_text(err);
  EXPECT_FALSE(fs::exists(out.path + "/r"));
}
