#include "apps/sim.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include <unistd.h>

#include "timeless/error.hpp"

using namespace timeless;

namespace {

std::string temp_dir(const char* name) {
  auto p = std::filesystem::temp_directory_path() /
           (std::string{name} + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  return p.string();
}

apps::sim_config tiny(const std::string& workload, const std::string& dir) {
  apps::sim_config cfg;
  cfg.workload = workload;
  cfg.devices = 3;
  cfg.metrics = 2;
  cfg.cycles = 50;
  cfg.query_runs = 3;
  cfg.progress = false;
  cfg.store.data_dir = dir;
  cfg.store.shards = 2;
  return cfg;
}

} // namespace

TEST(sim, seed_run_writes_reads_back_and_times_six_queries) {
  auto dir = temp_dir("timeless-sim-seed");
  auto r = apps::run_sim(tiny("seed", dir));
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->series, 6u);
  EXPECT_EQ(r->points, 300u);
  EXPECT_TRUE(r->read_back_ok);
  EXPECT_EQ(r->read_back_points, 300u);
  EXPECT_GT(r->bytes_on_disk, 0u);
  ASSERT_EQ(r->queries.size(), 6u);
  EXPECT_EQ(r->queries[4].answer, 1u);  // latest: one point
  EXPECT_EQ(r->queries[1].answer, 50u); // 24 h covers all 50 cycles
  std::filesystem::remove_all(dir);
}

TEST(sim, vs_vm_run_has_ten_metrics_per_device_at_300_s) {
  auto dir = temp_dir("timeless-sim-vsvm");
  auto cfg = tiny("vs-vm", dir);
  cfg.metrics = 10;
  cfg.interval_ms = 300'000;
  cfg.cycles = 288; // one day
  auto r = apps::run_sim(cfg);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->series, 30u);
  EXPECT_EQ(r->points, 30u * 288u);
  EXPECT_TRUE(r->read_back_ok);
  EXPECT_EQ(r->queries[0].answer, 12u); // [T-1h, T] at 300 s
  EXPECT_EQ(r->queries[1].answer, 288u);
  std::filesystem::remove_all(dir);
}

TEST(sim, json_report_names_every_field) {
  apps::sim_report r;
  r.workload = "seed";
  r.points = 7;
  r.read_back_ok = true;
  r.queries.push_back({"a", "raw", 1.5, 2.5, 12});
  auto j = apps::report_json(r);
  for (auto key :
       {"\"workload\":\"seed\"", "\"points\":7", "\"points_per_second\"",
        "\"cpu_seconds_per_million\"", "\"bytes_per_point\"",
        "\"read_back_ok\":true", "\"queries\":[{\"id\":\"a\",\"p50_us\":1.500"})
    EXPECT_NE(j.find(key), std::string::npos) << key << " in " << j;
  EXPECT_EQ(j.front(), '{');
  EXPECT_EQ(j.back(), '}');
}
