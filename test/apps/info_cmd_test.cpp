#include "apps/info_cmd.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "codec/segment_codec.hpp"
#include "db/database.hpp"
#include "db/schema.hpp"
#include "formats/error_text.hpp"
#include "test/apps/cli_test_util.hpp"

using namespace timeless;

namespace {

store_info sample_info() {
  store_info x;
  x.series = 2;
  x.stored_points = 100;
  x.buffered_points = 5;
  x.segments = 3;
  x.segment_bytes = 200;
  x.bytes_on_disk = 4096;
  x.bytes_per_point = 4096.0 / 105;
  x.shards = 2;
  x.data_dir = "/d";
  x.raw_retention_ms = 7 * 86'400'000LL;
  x.segment_seq = 3;
  // Not this build's versions, so the tests see the fields printed.
  x.schema_version = 9;
  x.segment_format_version = 7;
  x.tiers = {{"hourly", 3'600'000, false, 30 * 86'400'000LL, 3, 10},
             {"monthly", 0, true, retention_forever, 3, 1}};
  return x;
}

} // namespace

TEST(info_cmd, text) {
  EXPECT_EQ(apps::format_info(sample_info()),
            "timeless store: /d\n"
            "  series                     2\n"
            "  stored points              100\n"
            "  buffered points            5\n"
            "  segments                   3\n"
            "  segment bytes              200\n"
            "  bytes on disk              4096\n"
            "  bytes per point            39.010\n"
            "  shards                     2\n"
            "  raw retention              7d\n"
            "  raw data since             (all kept)\n"
            "  schema version             9\n"
            "  segment format version     7\n"
            "  tier hourly                10 rows, 1h buckets, kept 30d, "
            "rolled up to segment 3\n"
            "  tier monthly               1 row, 1 month buckets, kept "
            "forever, rolled up to segment 3\n");
  auto x = sample_info();
  x.tiers.clear();
  x.raw_retention_ms = retention_forever;
  x.raw_horizon = 1'700'000'000'000;
  auto text = apps::format_info(x);
  EXPECT_NE(text.find("raw retention              forever\n"),
            std::string::npos);
  EXPECT_NE(text.find("raw data since             2023-11-14T22:13:20.000Z\n"),
            std::string::npos);
  EXPECT_NE(text.find("rollup tiers               none\n"), std::string::npos);
}

TEST(info_cmd, json) {
  EXPECT_EQ(apps::info_json(sample_info()),
            R"({"data_dir":"/d","series":2,"stored_points":100,)"
            R"("buffered_points":5,"segments":3,"segment_bytes":200,)"
            R"("bytes_on_disk":4096,"bytes_per_point":39.009524,"shards":2,)"
            R"("refused_batches":0,"raw_retention_ms":604800000,)"
            R"("raw_horizon":null,"segment_seq":3,"schema_version":9,)"
            R"("segment_format_version":7,"tiers":[)"
            R"({"name":"hourly","resolution_ms":3600000,)"
            R"("calendar_months":false,"retention_ms":2592000000,)"
            R"("watermark":3,"rows":10},{"name":"monthly","resolution_ms":0,)"
            R"("calendar_months":true,"retention_ms":null,"watermark":3,)"
            R"("rows":1}]})");
}

TEST(info_cmd, of_a_store) {
  test_dir dir;
  auto o = test::small_store(dir.path);
  {
    auto store = blocking_store::open(o);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->write({{"a", {}, 1000, 1}, {"b", {}, 1000, 2}}));
  }
  std::ostringstream out;
  ASSERT_FALSE(apps::run_info(o, false, out));
  EXPECT_NE(out.str().find("  series                     2\n"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("raw retention              forever\n"),
            std::string::npos);
  // The schema version the store's file records (read back from it).
  int64_t file_schema = 0;
  {
    std::unique_ptr<db::database> file;
    db::open_options ro;
    ro.read_only = true;
    ASSERT_TRUE(
        db::database::open(o.data_dir + "/timeless.db", ro, file).is_ok());
    ASSERT_TRUE(db::read_schema_version(*file, file_schema).is_ok());
  }
  EXPECT_EQ(file_schema, timeless::schema_version);
  EXPECT_NE(out.str().find("  schema version             " +
                           std::to_string(file_schema) + "\n"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("  segment format version     " +
                           std::to_string(codec::segment_version) + "\n"),
            std::string::npos);
  out.str("");
  ASSERT_FALSE(apps::run_info(o, true, out));
  EXPECT_EQ(out.str().rfind("{\"data_dir\":", 0), 0u);
  EXPECT_NE(out.str().find("\"series\":2,"), std::string::npos);
  EXPECT_NE(out.str().find("\"schema_version\":" + std::to_string(file_schema) +
                           ",\"segment_format_version\":" +
                           std::to_string(codec::segment_version) + ","),
            std::string::npos)
      << out.str();
  o.data_dir = dir.path + "/none";
  auto err = apps::run_info(o, false, out);
  EXPECT_EQ(formats::error_text(err),
            "no store in " + o.data_dir + ": the directory does not exist");
}

TEST(info_cmd, version_text_names_the_release_and_the_format_versions) {
  auto text = apps::version_text();
  EXPECT_EQ(text.rfind(std::string{"timeless "} + timeless::version + "\n", 0),
            0u)
      << text;
  EXPECT_NE(text.find("  segment format version     " +
                      std::to_string(codec::segment_version) + " (reads " +
                      std::to_string(codec::min_segment_version) + " to " +
                      std::to_string(codec::segment_version) + ")\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  SQLite schema version      " +
                      std::to_string(db::schema_version) + "\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  write-ahead log version    1\n"), std::string::npos)
      << text;
}
