#include "apps/sim.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include <sys/resource.h>
#include <unistd.h>

#include "apps/workload/seed.hpp"
#include "apps/workload/vs_vm.hpp"
#include "db/dir_usage.hpp"
#include "timeless/blocking_store.hpp"

namespace timeless::apps {

namespace {

using clock_type = std::chrono::steady_clock;

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto sec = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return sec(ru.ru_utime) + sec(ru.ru_stime);
}

/// The series and values of one workload, cycle by cycle.
class source {
 public:
  explicit source(const sim_config& cfg) : cfg_(cfg) {
    if (cfg.workload == "vs-vm") {
      vs_vm_ = true;
      metric_names_ = workload::vs_vm_metrics();
    } else {
      workload::seed_options o;
      o.devices = cfg.devices;
      o.metrics = cfg.metrics;
      o.interval_ms = cfg.interval_ms;
      o.t0_ms = cfg.t0_ms;
      seed_ = std::make_unique<workload::seed_workload>(o);
      metric_names_ = seed_->metric_names();
    }
  }

  int metrics() const { return static_cast<int>(metric_names_.size()); }

  /// Series keys in (device, metric) order.
  std::vector<series_key> keys() const {
    std::vector<series_key> out;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int d = 0; d < cfg_.devices; ++d)
      for (int m = 0; m < metrics(); ++m) {
        series_key k{metric_names_[m], {}};
        if (vs_vm_) {
          k.labels.push_back({"host", "dev_" + std::to_string(d)});
        } else {
          seed_->labels(d, m, pairs);
          for (auto& [n, v] : pairs)
            k.labels.push_back({n, v});
        }
        out.push_back(std::move(k));
      }
    return out;
  }

  /// Label selecting device `d` (for the queries).
  std::string host_matcher(int d) const {
    return vs_vm_ ? "host=\"dev_" + std::to_string(d) + "\""
                  : "host=\"dev-" + std::to_string(d) + "\"";
  }

  const std::string& metric(int m) const { return metric_names_[m]; }

  int64_t timestamp_ms(int64_t cycle) const {
    return cfg_.t0_ms + cycle * cfg_.interval_ms;
  }

  /// Appends cycle `c` to `b` (series ids from `ids`, device-major).
  void append(int64_t c, const std::vector<uint64_t>& ids, resolved_batch& b) {
    auto ts = timestamp_ms(c);
    if (vs_vm_) {
      workload::vs_vm_for_each_point(
          ts / 1000, cfg_.devices, [&](int m, int d, double v) {
            b.series.push_back(ids[size_t(d) * metric_names_.size() + m]);
            b.ts.push_back(ts);
            b.values.push_back(v);
          });
      return;
    }
    seed_->cycle_values(static_cast<uint64_t>(c), values_);
    for (size_t i = 0; i < values_.size(); ++i) {
      b.series.push_back(ids[i]);
      b.ts.push_back(ts);
      b.values.push_back(values_[i]);
    }
  }

 private:
  const sim_config& cfg_;
  bool vs_vm_ = false;
  std::vector<std::string> metric_names_;
  std::unique_ptr<workload::seed_workload> seed_;
  std::vector<double> values_;
};

void progress(const sim_config& cfg, int64_t done, int64_t total, int& last) {
  if (!cfg.progress || total == 0)
    return;
  int pct = static_cast<int>(done * 100 / total);
  if (isatty(STDERR_FILENO)) {
    if (pct == last)
      return;
    int bar = pct / 2;
    std::fprintf(stderr, "\r[%-50.*s] %3d%%", bar,
                 "##################################################", pct);
    if (done == total)
      std::fputc('\n', stderr);
  } else if (pct / 10 != last / 10 || done == total) {
    std::fprintf(stderr, "ingest: %d%%\n", pct);
  }
  last = pct;
}

caf::error fail(const std::string& what, const caf::error& err) {
  return make_error(code_of(err), what + ": " + describe(err));
}

template <class F>
caf::expected<query_timing>
time_query(const std::string& id, const std::string& what, int runs, F&& run) {
  std::vector<double> us;
  us.reserve(runs);
  query_timing t{id, what};
  for (int i = 0; i < runs; ++i) {
    auto start = clock_type::now();
    auto n = run();
    us.push_back(
        std::chrono::duration<double, std::micro>(clock_type::now() - start)
            .count());
    if (!n)
      return n.error();
    t.answer = *n;
  }
  std::sort(us.begin(), us.end());
  t.p50_us = us[us.size() / 2];
  t.p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  return t;
}

uint64_t count_points(const std::vector<series_points>& xs) {
  uint64_t n = 0;
  for (auto& x : xs)
    n += x.ts.size();
  return n;
}

uint64_t count_buckets(const std::vector<series_buckets>& xs) {
  uint64_t n = 0;
  for (auto& x : xs)
    n += x.buckets.size();
  return n;
}

} // namespace

caf::expected<sim_report> run_sim(const sim_config& cfg) {
  sim_report r;
  r.workload = cfg.workload;
  source src{cfg};
  auto opened = blocking_store::open(cfg.store);
  if (!opened)
    return fail("cannot open " + cfg.store.data_dir, opened.error());
  auto& db = **opened;
  auto ids = db.resolve(src.keys());
  if (!ids)
    return fail("resolve", ids.error());
  r.series = ids->size();
  // Cycles are grouped into batches of at least 2,000 points (one seed
  // cycle; four vs-vm cycles).
  auto per_cycle = std::max<size_t>(1, ids->size());
  auto cycles_per_batch = std::max<int64_t>(1, 2000 / int64_t(per_cycle));
  auto cpu0 = cpu_seconds();
  auto start = clock_type::now();
  int last = -1;
  resolved_batch b;
  for (int64_t c = 0; c < cfg.cycles; ++c) {
    src.append(c, *ids, b);
    bool checkpoint =
        cfg.checkpoint_every > 0 && (c + 1) % cfg.checkpoint_every == 0;
    if ((c + 1) % cycles_per_batch == 0 || c + 1 == cfg.cycles || checkpoint) {
      auto n = db.write(b);
      if (!n)
        return fail("write", n.error());
      r.points += *n;
      b.series.clear();
      b.ts.clear();
      b.values.clear();
      progress(cfg, c + 1, cfg.cycles, last);
      if (checkpoint)
        if (auto err = db.flush(true))
          return fail("flush", err);
    }
  }
  if (auto err = db.flush(true))
    return fail("flush", err);
  r.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  r.cpu_seconds = cpu_seconds() - cpu0;
  r.points_per_second = r.seconds > 0 ? r.points / r.seconds : 0;
  r.cpu_seconds_per_million = r.points > 0 ? r.cpu_seconds * 1e6 / r.points : 0;
  if (auto info = db.info())
    r.refused_batches = info->refused_batches;
  if (auto err = db.close())
    return fail("close", err);
  opened->reset();
  r.bytes_on_disk = db::directory_bytes(cfg.store.data_dir);
  if (cfg.compact) {
    r.bytes_before_compaction = r.bytes_on_disk;
    auto cstart = clock_type::now();
    auto cdb = blocking_store::open(cfg.store);
    if (!cdb)
      return fail("cannot reopen " + cfg.store.data_dir, cdb.error());
    auto rep = (*cdb)->compact();
    if (!rep)
      return fail("compact", rep.error());
    if (auto err = (*cdb)->close())
      return fail("close", err);
    r.segments_replaced = rep->segments_replaced;
    r.segments_written = rep->segments_written;
    r.compaction_seconds =
        std::chrono::duration<double>(clock_type::now() - cstart).count();
    r.bytes_on_disk = db::directory_bytes(cfg.store.data_dir);
  }
  r.bytes_per_point = r.points > 0 ? double(r.bytes_on_disk) / r.points : 0;
  // Reopen: the queries read what a restarted store finds.
  auto again = blocking_store::open(cfg.store);
  if (!again)
    return fail("cannot reopen " + cfg.store.data_dir, again.error());
  auto& rdb = **again;
  auto end = src.timestamp_ms(cfg.cycles); // T: the end of the data
  int dev = cfg.devices / 2;
  auto one = src.metric(0) + "{" + src.host_matcher(dev) + "}";
  auto all = src.metric(0);
  auto raw = [&](const std::string& sel, int64_t span_ms) {
    return [&rdb, sel, span_ms, end]() -> caf::expected<uint64_t> {
      raw_query q{*parse_selector(sel), end - span_ms, end};
      auto res = rdb.query(q);
      if (!res)
        return res.error();
      return count_points(*res);
    };
  };
  auto agg = [&](const std::string& sel) {
    return [&rdb, sel, end]() -> caf::expected<uint64_t> {
      agg_query q{*parse_selector(sel), end - 3'600'000, end, 60'000,
                  aggregate_fn::avg};
      auto res = rdb.aggregate(q);
      if (!res)
        return res.error();
      return count_buckets(*res);
    };
  };
  auto latest = [&]() -> caf::expected<uint64_t> {
    auto res = rdb.latest(*parse_selector(one));
    if (!res)
      return res.error();
    return count_points(*res);
  };
  std::vector<std::tuple<std::string, std::string,
                         std::function<caf::expected<uint64_t>()>>>
      plan{{"a", "raw " + one + " last 1h", raw(one, 3'600'000)},
           {"b", "raw " + one + " last 24h", raw(one, 86'400'000)},
           {"c", "avg_over_time 60s, 1h, one host", agg(one)},
           {"d", "avg_over_time 60s, 1h, all hosts", agg(all)},
           {"e", "latest " + one, latest},
           {"f", "export " + one + " last 24h", raw(one, 86'400'000)}};
  for (auto& [id, what, fn] : plan) {
    auto t = time_query(id, what, cfg.query_runs, fn);
    if (!t)
      return fail("query " + id, t.error());
    r.queries.push_back(*t);
  }
  // Read back everything, metric by metric.
  for (int m = 0; m < src.metrics(); ++m) {
    raw_query q{*parse_selector(src.metric(m)), INT64_MIN, INT64_MAX};
    auto res = rdb.query(q);
    if (!res)
      return fail("read back", res.error());
    r.read_back_points += count_points(*res);
  }
  r.read_back_ok = r.read_back_points == r.points;
  if (auto err = rdb.close())
    return fail("close", err);
  return r;
}

std::string format_report(const sim_report& r) {
  char buf[512];
  std::string out;
  auto line = [&](const char* name, const std::string& value) {
    std::snprintf(buf, sizeof(buf), "  %-26s %s\n", name, value.c_str());
    out += buf;
  };
  auto num = [&](const char* fmt, double x) {
    std::snprintf(buf, sizeof(buf), fmt, x);
    return std::string{buf};
  };
  out += "timeless sim: " + r.workload + "\n";
  line("series", std::to_string(r.series));
  line("points written", std::to_string(r.points));
  line("seconds (to durable)", num("%.2f", r.seconds));
  line("points/s", num("%.0f", r.points_per_second));
  line("CPU seconds", num("%.2f", r.cpu_seconds));
  line("CPU s per million points", num("%.3f", r.cpu_seconds_per_million));
  line("bytes on disk", std::to_string(r.bytes_on_disk));
  line("bytes per point", num("%.3f", r.bytes_per_point));
  if (r.bytes_before_compaction > 0) {
    line("bytes before compaction", std::to_string(r.bytes_before_compaction));
    line("segments compacted", std::to_string(r.segments_replaced) + " into " +
                                   std::to_string(r.segments_written) + " in " +
                                   num("%.2f", r.compaction_seconds) + " s");
  }
  line("refused batches", std::to_string(r.refused_batches));
  line("read back", (r.read_back_ok ? "OK (" : "MISMATCH (") +
                        std::to_string(r.read_back_points) + " points)");
  out += "  queries (after reopen)         p50 us    p99 us   answer\n";
  for (auto& q : r.queries) {
    std::snprintf(buf, sizeof(buf), "  %s %-26.26s %9.1f %9.1f %8llu\n",
                  q.id.c_str(), q.what.c_str(), q.p50_us, q.p99_us,
                  static_cast<unsigned long long>(q.answer));
    out += buf;
  }
  return out;
}

std::string report_json(const sim_report& r) {
  char buf[512];
  std::string out = "{\"workload\":\"" + r.workload + "\"";
  auto field = [&](const char* name, const char* fmt, auto x) {
    std::snprintf(buf, sizeof(buf), fmt, x);
    out += ",\"";
    out += name;
    out += "\":";
    out += buf;
  };
  field("series", "%llu", static_cast<unsigned long long>(r.series));
  field("points", "%llu", static_cast<unsigned long long>(r.points));
  field("seconds", "%.6f", r.seconds);
  field("points_per_second", "%.1f", r.points_per_second);
  field("cpu_seconds", "%.6f", r.cpu_seconds);
  field("cpu_seconds_per_million", "%.6f", r.cpu_seconds_per_million);
  field("bytes_on_disk", "%llu",
        static_cast<unsigned long long>(r.bytes_on_disk));
  field("bytes_per_point", "%.6f", r.bytes_per_point);
  field("bytes_before_compaction", "%llu",
        static_cast<unsigned long long>(r.bytes_before_compaction));
  field("segments_replaced", "%llu",
        static_cast<unsigned long long>(r.segments_replaced));
  field("segments_written", "%llu",
        static_cast<unsigned long long>(r.segments_written));
  field("compaction_seconds", "%.6f", r.compaction_seconds);
  field("refused_batches", "%llu",
        static_cast<unsigned long long>(r.refused_batches));
  out +=
      std::string{",\"read_back_ok\":"} + (r.read_back_ok ? "true" : "false");
  field("read_back_points", "%llu",
        static_cast<unsigned long long>(r.read_back_points));
  out += ",\"queries\":[";
  for (size_t i = 0; i < r.queries.size(); ++i) {
    auto& q = r.queries[i];
    std::snprintf(buf, sizeof(buf),
                  "%s{\"id\":\"%s\",\"p50_us\":%.3f,\"p99_us\":%.3f,"
                  "\"answer\":%llu}",
                  i ? "," : "", q.id.c_str(), q.p50_us, q.p99_us,
                  static_cast<unsigned long long>(q.answer));
    out += buf;
  }
  out += "]}";
  return out;
}

} // namespace timeless::apps
