// The `timeless` command: one binary, one subcommand per file.
#include <cstdio>
#include <filesystem>
#include <thread>

#include <CLI/CLI.hpp>

#include "apps/duration.hpp"
#include "apps/sim.hpp"
#include "timeless/error.hpp"

using namespace timeless;

namespace {

/// Store options every subcommand that opens a store takes.
struct store_flags {
  std::string data_dir = "./data";
  uint32_t shards = 0;
  std::string segment_duration = "4h";
  std::string flush_interval = "1s";
  std::string durability = "async";

  void add(CLI::App& cmd) {
    cmd.add_option("--data-dir", data_dir, "Store directory")
        ->capture_default_str();
    cmd.add_option("--shards", shards, "Buffer shards (0: one per core)")
        ->capture_default_str();
    cmd.add_option("--segment-duration", segment_duration,
                   "Segment bucket width")
        ->capture_default_str();
    cmd.add_option("--flush-interval", flush_interval,
                   "Log sync and buffer flush interval")
        ->capture_default_str();
    cmd.add_option("--durability", durability, "async or sync")
        ->check(CLI::IsMember({"async", "sync"}))
        ->capture_default_str();
  }

  /// Fills `o`; returns false (after printing why) on a bad value.
  bool apply(store_options& o) const {
    o.data_dir = data_dir;
    o.shards = shards;
    auto seg = apps::parse_duration_ms(segment_duration);
    auto flush = apps::parse_duration_ms(flush_interval);
    if (!seg || *seg <= 0) {
      std::fprintf(stderr, "--segment-duration: %s\n",
                   seg ? "must be positive" : describe(seg.error()).c_str());
      return false;
    }
    if (!flush || *flush <= 0) {
      std::fprintf(stderr, "--flush-interval: %s\n",
                   flush ? "must be positive"
                         : describe(flush.error()).c_str());
      return false;
    }
    o.segment_duration_ms = *seg;
    o.flush_interval = std::chrono::milliseconds{*flush};
    o.mode = durability == "sync" ? durability::sync : durability::async;
    return true;
  }
};

int run_sim_command(apps::sim_config cfg, bool devices_given,
                    const store_flags& flags, const std::string& interval,
                    const std::string& duration, int64_t t0_seconds, bool fresh,
                    bool json, bool quiet) {
  if (!flags.apply(cfg.store))
    return 2;
  bool vs_vm = cfg.workload == "vs-vm";
  if (vs_vm) {
    cfg.metrics = 10;
    if (!devices_given)
      cfg.devices = 50; // the data set's 50 hosts
  }
  auto iv = apps::parse_duration_ms(!interval.empty() ? interval
                                    : vs_vm           ? "300s"
                                                      : "10s");
  if (!iv || *iv <= 0) {
    std::fprintf(stderr, "--interval: %s\n",
                 iv ? "must be positive" : describe(iv.error()).c_str());
    return 2;
  }
  cfg.interval_ms = *iv;
  if (!duration.empty()) {
    auto d = apps::parse_duration_ms(duration);
    if (!d) {
      std::fprintf(stderr, "--duration: %s\n", describe(d.error()).c_str());
      return 2;
    }
    cfg.cycles = *d / cfg.interval_ms;
  }
  if (t0_seconds != 0)
    cfg.t0_ms = t0_seconds * 1000;
  cfg.progress = !quiet && !json;
  if (fresh)
    std::filesystem::remove_all(cfg.store.data_dir);
  auto report = apps::run_sim(cfg);
  if (!report) {
    std::fprintf(stderr, "timeless sim: %s\n",
                 describe(report.error()).c_str());
    return 1;
  }
  if (json)
    std::printf("%s\n", apps::report_json(*report).c_str());
  else
    std::fputs(apps::format_report(*report).c_str(), stdout);
  return report->read_back_ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"timeless: an embedded time-series database"};
  app.require_subcommand(1);

  auto* sim = app.add_subcommand(
      "sim", "Ingest simulator: write a workload, make it durable, read it "
             "back and time the six queries");
  apps::sim_config cfg;
  store_flags flags;
  flags.add(*sim);
  std::string interval;
  std::string duration;
  int64_t t0 = 0;
  bool fresh = false;
  bool json = false;
  bool quiet = false;
  sim->add_option("--workload", cfg.workload, "seed or vs-vm")
      ->check(CLI::IsMember({"seed", "vs-vm"}))
      ->capture_default_str();
  sim->add_option("--devices", cfg.devices, "Devices (hosts; vs-vm: 50)")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  sim->add_option("--metrics", cfg.metrics,
                  "Metrics per device (seed; vs-vm has 10)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sim->add_option("--interval", interval,
                  "Time between points (default 10s; vs-vm 300s)");
  sim->add_option("--cycles", cfg.cycles, "Collection cycles to simulate")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->capture_default_str();
  sim->add_option("--duration", duration,
                  "Simulated time span instead of --cycles (e.g. 30d)");
  sim->add_option("--t0", t0, "First timestamp, unix seconds");
  sim->add_option("--query-runs", cfg.query_runs, "Runs per timed query")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  std::vector<std::string> ablate;
  sim->add_option("--ablate", ablate,
                  "Switch off one of the seed's fixes (repeatable): "
                  "bulk_write, single_pass_flush, statement_cache, "
                  "sharded_builders, one_query_multi_read")
      ->check(
          CLI::IsMember({"bulk_write", "single_pass_flush", "statement_cache",
                         "sharded_builders", "one_query_multi_read"}));
  sim->add_flag("--fresh", fresh, "Delete the data directory first");
  sim->add_flag("--json", json, "Print the report as one JSON object");
  sim->add_flag("--quiet", quiet, "No progress output");

  CLI11_PARSE(app, argc, argv);
  for (auto& name : ablate) {
    auto& a = cfg.store.ablation;
    if (name == "bulk_write")
      a.bulk_write = false;
    else if (name == "single_pass_flush")
      a.single_pass_flush = false;
    else if (name == "statement_cache")
      a.statement_cache = false;
    else if (name == "sharded_builders")
      a.sharded_builders = false;
    else if (name == "one_query_multi_read")
      a.one_query_multi_read = false;
  }
  if (sim->parsed())
    return run_sim_command(cfg, sim->count("--devices") > 0, flags, interval,
                           duration, t0, fresh, json, quiet);
  return 2;
}
