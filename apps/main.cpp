// The `timeless` command: one binary, one subcommand per file. This file
// only parses the command line (docs/cli.md describes every flag). It is
// over 500 lines because it holds the CLI11 definitions of all ten
// subcommands side by side, an add_X/run_X pair each, so the whole command
// line reads in one place; splitting it per subcommand is the next step
// when it grows.
//
// Exit statuses: 0 success; 1 the command ran but failed (import: some
// lines were rejected; export, query, info: the store failed or is
// missing, locked); 2 usage errors (a bad flag, time, duration or
// selector) and, for import, a file or store that cannot be opened or a
// store failure that stopped the import.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "apps/backup_cmd.hpp"
#include "apps/export.hpp"
#include "apps/import.hpp"
#include "apps/info_cmd.hpp"
#include "apps/maintain_cmd.hpp"
#include "apps/query_cmd.hpp"
#include "apps/serve_cmd.hpp"
#include "apps/sim.hpp"
#include "apps/store_flags.hpp"
#include "formats/duration.hpp"
#include "formats/error_text.hpp"
#include "formats/time_parse.hpp"
#include "timeless/error.hpp"
#include "timeless/selector.hpp"

using namespace timeless;

namespace {

constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

void add_store_flags(CLI::App& cmd, apps::store_flags& f) {
  cmd.add_option("--data-dir", f.data_dir, "Store directory")
      ->capture_default_str();
  cmd.add_option("--shards", f.shards, "Buffer shards (0: one per core)")
      ->capture_default_str();
  cmd.add_option("--segment-duration", f.segment_duration,
                 "Segment bucket width")
      ->capture_default_str();
  cmd.add_option("--flush-interval", f.flush_interval,
                 "Log sync and buffer flush interval")
      ->capture_default_str();
  cmd.add_option("--durability", f.durability, "async or sync")
      ->check(CLI::IsMember({"async", "sync"}))
      ->capture_default_str();
  cmd.add_option("--raw-retention", f.raw_retention,
                 "Keep raw points this long (e.g. 7d, 100y), or 'forever'; "
                 "older ones live on as rollups")
      ->capture_default_str();
  cmd.add_option("--rollup-interval", f.rollup_interval,
                 "How often rollups run in the background, or 'off'")
      ->capture_default_str();
  cmd.add_option("--retention-interval", f.retention_interval,
                 "How often retention runs in the background, or 'off'")
      ->capture_default_str();
  cmd.add_option("--block-points", f.block_points,
                 "Points per stored block (checkpoints and compaction merge "
                 "segments of a series up to this)")
      ->capture_default_str();
  cmd.add_option("--compaction-interval", f.compaction_interval,
                 "How often small segments are merged into blocks in the "
                 "background, or 'off'")
      ->capture_default_str();
}

/// Fills `o` from `f`; prints why and returns false on a bad value.
bool apply_flags(const char* cmd, const apps::store_flags& f,
                 store_options& o) {
  if (auto err = f.apply(o)) {
    std::fprintf(stderr, "timeless %s: %s\n", cmd,
                 formats::error_text(err).c_str());
    return false;
  }
  return true;
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

/// Parses --from / --to (empty: `fallback`); prints why on failure.
bool parse_time_flag(const char* cmd, const char* flag, const std::string& text,
                     int64_t fallback, int64_t& out) {
  if (text.empty()) {
    out = fallback;
    return true;
  }
  auto t = formats::parse_time_ms(text, now_ms());
  if (!t) {
    std::fprintf(stderr, "timeless %s: %s: %s\n", cmd, flag,
                 formats::error_text(t.error()).c_str());
    return false;
  }
  out = *t;
  return true;
}

/// Checks a selector before a store is opened.
bool check_selector(const char* cmd, const std::string& text) {
  auto sel = parse_selector(text);
  if (!sel) {
    std::fprintf(stderr, "timeless %s: bad selector: %s\n", cmd,
                 formats::error_text(sel.error()).c_str());
    return false;
  }
  return true;
}

int fail(const char* cmd, const caf::error& err) {
  std::fprintf(stderr, "timeless %s: %s\n", cmd,
               formats::error_text(err).c_str());
  return exit_failed;
}

// -- sim ----------------------------------------------------------------------

struct sim_args {
  apps::sim_config cfg;
  apps::store_flags flags;
  std::string interval;
  std::string duration;
  int64_t t0 = 0;
  bool fresh = false;
  bool json = false;
  bool quiet = false;
  bool no_rollups = false;
  std::vector<std::string> ablate;
};

void add_sim(CLI::App& app, sim_args& a) {
  auto* sim = app.add_subcommand(
      "sim", "Ingest simulator: write a workload, make it durable, read it "
             "back and time the six queries");
  // The simulator keeps everything it writes: its queries read it back.
  a.flags.raw_retention = "forever";
  add_store_flags(*sim, a.flags);
  sim->add_option("--workload", a.cfg.workload, "seed or vs-vm")
      ->check(CLI::IsMember({"seed", "vs-vm"}))
      ->capture_default_str();
  sim->add_option("--devices", a.cfg.devices, "Devices (hosts; vs-vm: 50)")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  sim->add_option("--metrics", a.cfg.metrics,
                  "Metrics per device (seed; vs-vm has 10)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sim->add_option("--interval", a.interval,
                  "Time between points (default 10s; vs-vm 300s)");
  sim->add_option("--cycles", a.cfg.cycles, "Collection cycles to simulate")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->capture_default_str();
  sim->add_option("--duration", a.duration,
                  "Simulated time span instead of --cycles (e.g. 30d)");
  sim->add_option("--t0", a.t0, "First timestamp, unix seconds");
  sim->add_option("--query-runs", a.cfg.query_runs, "Runs per timed query")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  sim->add_option("--ablate", a.ablate,
                  "Switch off one of the seed's fixes (repeatable): "
                  "bulk_write, single_pass_flush, statement_cache, "
                  "sharded_builders, one_query_multi_read")
      ->check(
          CLI::IsMember({"bulk_write", "single_pass_flush", "statement_cache",
                         "sharded_builders", "one_query_multi_read"}));
  sim->add_option("--checkpoint-every", a.cfg.checkpoint_every,
                  "Checkpoint after every this many cycles, as a live store "
                  "does (one SQLite row per series each time); 0: at the end")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40))
      ->capture_default_str();
  sim->add_flag("--no-rollups", a.no_rollups,
                "Open the store without rollup tiers (raw segments only)");
  sim->add_flag("--compact", a.cfg.compact,
                "After ingest, compact the store and report the bytes before "
                "and after");
  sim->add_flag("--fresh", a.fresh, "Delete the data directory first");
  sim->add_flag("--json", a.json, "Print the report as one JSON object");
  sim->add_flag("--quiet", a.quiet, "No progress output");
}

int run_sim_command(sim_args& a, bool devices_given) {
  auto& cfg = a.cfg;
  if (!apply_flags("sim", a.flags, cfg.store))
    return exit_usage;
  for (auto& name : a.ablate) {
    auto& ab = cfg.store.ablation;
    if (name == "bulk_write")
      ab.bulk_write = false;
    else if (name == "single_pass_flush")
      ab.single_pass_flush = false;
    else if (name == "statement_cache")
      ab.statement_cache = false;
    else if (name == "sharded_builders")
      ab.sharded_builders = false;
    else if (name == "one_query_multi_read")
      ab.one_query_multi_read = false;
  }
  if (a.no_rollups)
    cfg.store.tiers.clear();
  bool vs_vm = cfg.workload == "vs-vm";
  if (vs_vm) {
    cfg.metrics = 10;
    if (!devices_given)
      cfg.devices = 50; // the data set's 50 hosts
  }
  auto iv = formats::parse_duration_ms(!a.interval.empty() ? a.interval
                                       : vs_vm             ? "300s"
                                                           : "10s");
  if (!iv || *iv <= 0) {
    std::fprintf(stderr, "--interval: %s\n",
                 iv ? "must be positive"
                    : formats::error_text(iv.error()).c_str());
    return exit_usage;
  }
  cfg.interval_ms = *iv;
  if (!a.duration.empty()) {
    auto d = formats::parse_duration_ms(a.duration);
    if (!d) {
      std::fprintf(stderr, "--duration: %s\n",
                   formats::error_text(d.error()).c_str());
      return exit_usage;
    }
    cfg.cycles = *d / cfg.interval_ms;
  }
  if (a.t0 != 0)
    cfg.t0_ms = a.t0 * 1000;
  cfg.progress = !a.quiet && !a.json;
  if (a.fresh)
    std::filesystem::remove_all(cfg.store.data_dir);
  auto report = apps::run_sim(cfg);
  if (!report) {
    std::fprintf(stderr, "timeless sim: %s\n",
                 formats::error_text(report.error()).c_str());
    return exit_failed;
  }
  if (a.json)
    std::printf("%s\n", apps::report_json(*report).c_str());
  else
    std::fputs(apps::format_report(*report).c_str(), stdout);
  return report->read_back_ok ? 0 : exit_failed;
}

// -- import -------------------------------------------------------------------

struct import_args {
  apps::import_config cfg;
  apps::store_flags flags;
  bool json = false;
  bool quiet = false;
};

void add_import(CLI::App& app, import_args& a) {
  auto* cmd = app.add_subcommand(
      "import", "Backfill from Prometheus text or VictoriaMetrics JSON lines; "
                "exit 1 if any line was rejected");
  add_store_flags(*cmd, a.flags);
  cmd->add_option("--format", a.cfg.format, "prometheus or jsonl")
      ->check(CLI::IsMember({"prometheus", "jsonl"}))
      ->required();
  cmd->add_option("--batch-points", a.cfg.batch_points,
                  "Points per store write")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}))
      ->capture_default_str();
  cmd->add_flag("--json", a.json, "Print the report as one JSON object");
  cmd->add_flag("--quiet", a.quiet, "No progress output");
  cmd->add_option("files", a.cfg.files, "Files to read; - or none: stdin");
}

int run_import_command(import_args& a) {
  if (!apply_flags("import", a.flags, a.cfg.store))
    return exit_usage;
  a.cfg.progress = !a.quiet;
  auto report = apps::run_import(a.cfg, std::cerr);
  std::cerr.flush();
  if (!report.failed || report.files > 0) {
    if (a.json)
      std::printf("%s\n", apps::import_report_json(report).c_str());
    else
      std::fputs(apps::format_import_report(report).c_str(), stdout);
  }
  return report.exit_status();
}

// -- export -------------------------------------------------------------------

struct export_args {
  apps::export_config cfg;
  apps::store_flags flags;
  std::string from;
  std::string to;
};

void add_export(CLI::App& app, export_args& a) {
  auto* cmd = app.add_subcommand(
      "export", "Write the series selectors match (default: all) as "
                "VictoriaMetrics JSON lines to stdout");
  add_store_flags(*cmd, a.flags);
  cmd->add_option("--match", a.cfg.match,
                  "Series selector, e.g. 'cpu{host=~\"dev_1.*\"}' "
                  "(repeatable; none: every series)");
  cmd->add_option("--from", a.from, "Start time, inclusive (default: all)");
  cmd->add_option("--to", a.to, "End time, inclusive (default: all)");
  cmd->add_option("--points-per-line", a.cfg.points_per_line,
                  "Longer series are split into lines of this many points")
      ->check(CLI::Range(size_t{1}, size_t{100'000'000}))
      ->capture_default_str();
}

int run_export_command(export_args& a) {
  if (!apply_flags("export", a.flags, a.cfg.store) ||
      !std::all_of(a.cfg.match.begin(), a.cfg.match.end(),
                   [](auto& m) { return check_selector("export", m); }) ||
      !parse_time_flag("export", "--from", a.from, INT64_MIN, a.cfg.from) ||
      !parse_time_flag("export", "--to", a.to, INT64_MAX, a.cfg.to))
    return exit_usage;
  auto r = apps::run_export(a.cfg, std::cout);
  if (!r)
    return fail("export", r.error());
  return 0;
}

// -- query --------------------------------------------------------------------

struct query_args {
  apps::query_config cfg;
  apps::store_flags flags;
  std::string from;
  std::string to;
  std::string step;
  std::string agg;
  bool json = false;
  bool csv = false;
};

void add_query(CLI::App& app, query_args& a) {
  auto* cmd = app.add_subcommand(
      "query", "Print the raw points or aggregates of the series a selector "
               "matches");
  add_store_flags(*cmd, a.flags);
  cmd->add_option("selector", a.cfg.selector,
                  "Series selector, e.g. 'cpu{host=\"dev_1\"}'")
      ->required();
  cmd->add_option("--from", a.from, "Start time, inclusive (default: all)");
  cmd->add_option("--to", a.to, "End time, inclusive (default: all)");
  cmd->add_option("--agg", a.agg,
                  "Aggregate per bucket: avg, min, max, count, sum, first, "
                  "last, rate, increase")
      ->check(CLI::IsMember({"avg", "min", "max", "count", "sum", "first",
                             "last", "rate", "increase"}));
  cmd->add_option("--step", a.step,
                  "Bucket width with --agg (default: ~100 buckets over "
                  "--from..--to, else 1h)");
  auto* json = cmd->add_flag("--json", a.json, "Print JSON");
  cmd->add_flag("--csv", a.csv, "Print CSV")->excludes(json);
}

int run_query_command(query_args& a) {
  auto& cfg = a.cfg;
  if (!apply_flags("query", a.flags, cfg.store) ||
      !check_selector("query", cfg.selector) ||
      !parse_time_flag("query", "--from", a.from, INT64_MIN, cfg.from) ||
      !parse_time_flag("query", "--to", a.to, INT64_MAX, cfg.to))
    return exit_usage;
  if (!a.step.empty()) {
    auto step = formats::parse_duration_ms(a.step);
    if (!step || *step <= 0) {
      std::fprintf(stderr, "timeless query: --step: %s\n",
                   step ? "must be positive"
                        : formats::error_text(step.error()).c_str());
      return exit_usage;
    }
    cfg.step = *step;
  }
  if (!a.agg.empty()) {
    aggregate_fn fn{};
    parse_aggregate_fn(a.agg, fn); // checked by CLI11
    cfg.agg = fn;
  }
  cfg.format = a.json  ? apps::output_format::json
               : a.csv ? apps::output_format::csv
                       : apps::output_format::table;
  if (auto err = apps::run_query(cfg, std::cout))
    return fail("query", err);
  return 0;
}

// -- info ---------------------------------------------------------------------

struct info_args {
  apps::store_flags flags;
  bool json = false;
};

void add_info(CLI::App& app, info_args& a) {
  auto* cmd = app.add_subcommand("info", "Describe a store: series, points, "
                                         "bytes, retention, rollup tiers");
  add_store_flags(*cmd, a.flags);
  cmd->add_flag("--json", a.json, "Print one JSON object");
}

int run_info_command(info_args& a) {
  store_options o;
  if (!apply_flags("info", a.flags, o))
    return exit_usage;
  if (auto err = apps::run_info(o, a.json, std::cout))
    return fail("info", err);
  return 0;
}

// -- rollup, retention, compact ----------------------------------------------

struct maintain_args {
  apps::store_flags flags;
  std::string tier;
  bool json = false;
};

void add_rollup(CLI::App& app, maintain_args& a) {
  auto* cmd = app.add_subcommand(
      "rollup", "Bring the rollup tiers up to date now and report the work");
  add_store_flags(*cmd, a.flags);
  cmd->add_option("--tier", a.tier, "Only this tier (default: every tier)");
  cmd->add_flag("--json", a.json, "Print one JSON object");
}

void add_retention(CLI::App& app, maintain_args& a) {
  auto* cmd = app.add_subcommand(
      "retention", "Enforce retention now (rolling up first): delete expired "
                   "raw points and tier rows, remove series with no data left");
  add_store_flags(*cmd, a.flags);
  cmd->add_flag("--json", a.json, "Print one JSON object");
}

void add_compact(CLI::App& app, maintain_args& a) {
  auto* cmd = app.add_subcommand(
      "compact", "Merge small segments into blocks now (rolling up first) and "
                 "report the work");
  add_store_flags(*cmd, a.flags);
  cmd->add_flag("--json", a.json, "Print one JSON object");
}

int run_compact_command(maintain_args& a) {
  store_options o;
  if (!apply_flags("compact", a.flags, o))
    return exit_usage;
  if (auto err = apps::run_compact(o, a.json, std::cout))
    return fail("compact", err);
  return 0;
}

int run_rollup_command(maintain_args& a) {
  store_options o;
  if (!apply_flags("rollup", a.flags, o))
    return exit_usage;
  if (auto err = apps::run_rollup(o, a.tier, a.json, std::cout))
    return fail("rollup", err);
  return 0;
}

int run_retention_command(maintain_args& a) {
  store_options o;
  if (!apply_flags("retention", a.flags, o))
    return exit_usage;
  if (auto err = apps::run_retention(o, a.json, std::cout))
    return fail("retention", err);
  return 0;
}

// -- serve --------------------------------------------------------------------

struct serve_args {
  apps::serve_config cfg;
  apps::store_flags flags;
};

void add_serve(CLI::App& app, serve_args& a) {
  auto* cmd = app.add_subcommand(
      "serve", "Serve the store over HTTP (import, export, labels, series, "
               "health, metrics; see docs/server.md) until SIGINT/SIGTERM");
  add_store_flags(*cmd, a.flags);
  cmd->add_option("--listen", a.cfg.listen, "Address and port to listen on")
      ->capture_default_str();
  cmd->add_option("--max-body", a.cfg.max_body,
                  "Largest request body, also after gzip inflation")
      ->capture_default_str();
  cmd->add_option("--threads", a.cfg.threads, "I/O threads (0: 2)")
      ->capture_default_str();
  cmd->add_option("--read-timeout", a.cfg.read_timeout,
                  "Time to read one request; idle connections close after it")
      ->capture_default_str();
  cmd->add_option("--query-timeout", a.cfg.query_timeout,
                  "Longest a PromQL query may take (503 beyond)")
      ->capture_default_str();
  cmd->add_option("--max-samples", a.cfg.max_samples,
                  "Most points one PromQL query may load (422 beyond)")
      ->capture_default_str();
  cmd->add_option("--max-query-length", a.cfg.max_query_length,
                  "Longest PromQL query text (400 beyond)")
      ->capture_default_str();
  cmd->add_option("--max-labels-per-series", a.cfg.max_labels_per_series,
                  "Labels one series may have (default 32)");
  cmd->add_option("--max-label-value-length", a.cfg.max_label_value_length,
                  "Bytes of one label value (default 4KiB)");
  cmd->add_option("--max-series-per-query", a.cfg.max_series_per_query,
                  "Most series a query or series listing may select (422 "
                  "beyond)")
      ->capture_default_str();
  cmd->add_option("--auth-token-file", a.cfg.auth_token_file,
                  "Bearer tokens every route but /health needs, one per "
                  "line, optionally scoped 'read' or 'write' (docs/server.md)");
  cmd->add_option("--alert-interval", a.cfg.alert_interval,
                  "Alert rules are evaluated at this interval (0: only on "
                  "POST /api/v1/alerts/evaluate)")
      ->capture_default_str();
  cmd->add_option("--external-url", a.cfg.external_url,
                  "The server's URL as webhook receivers reach it, for chart "
                  "links (default http://<listen address>)");
  cmd->add_option("--webhook-timeout", a.cfg.webhook_timeout,
                  "Time one webhook attempt may take")
      ->capture_default_str();
  cmd->add_option("--webhook-attempts", a.cfg.webhook_attempts,
                  "Attempts per webhook delivery (retries 1 s, 2 s, 4 s ... "
                  "apart)")
      ->capture_default_str();
}

int run_serve_command(serve_args& a) {
  if (!apply_flags("serve", a.flags, a.cfg.store))
    return exit_usage;
  if (auto opts = apps::make_server_options(a.cfg); !opts) {
    fail("serve", opts.error());
    return exit_usage;
  }
  if (auto st = apps::make_serve_store_options(a.cfg); !st) {
    fail("serve", st.error());
    return exit_usage;
  }
  if (auto err = apps::run_serve(a.cfg))
    return fail("serve", err);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"timeless: an embedded time-series database"};
  app.require_subcommand(1);
  // The release and the on-disk format versions (apps/info_cmd.hpp).
  auto version = apps::version_text();
  version.pop_back(); // CLI11 ends the text with its own newline
  app.set_version_flag("--version", version,
                       "Print the version and the format versions, then exit");
  sim_args sim;
  import_args imp;
  export_args exp;
  query_args query;
  info_args info;
  add_sim(app, sim);
  add_import(app, imp);
  add_export(app, exp);
  add_query(app, query);
  add_info(app, info);
  maintain_args rollup;
  maintain_args retention;
  maintain_args compact;
  add_rollup(app, rollup);
  add_retention(app, retention);
  add_compact(app, compact);
  serve_args serve;
  add_serve(app, serve);
  apps::backup_args backup;
  apps::add_backup_commands(app, backup);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_usage;
  }
  if (app.got_subcommand("sim"))
    return run_sim_command(sim,
                           app.get_subcommand("sim")->count("--devices") > 0);
  if (app.got_subcommand("import"))
    return run_import_command(imp);
  if (app.got_subcommand("export"))
    return run_export_command(exp);
  if (app.got_subcommand("query"))
    return run_query_command(query);
  if (app.got_subcommand("info"))
    return run_info_command(info);
  if (app.got_subcommand("rollup"))
    return run_rollup_command(rollup);
  if (app.got_subcommand("retention"))
    return run_retention_command(retention);
  if (app.got_subcommand("compact"))
    return run_compact_command(compact);
  if (app.got_subcommand("serve"))
    return run_serve_command(serve);
  if (auto rc = apps::run_backup_commands(app, backup); rc >= 0)
    return rc;
  return exit_usage;
}
