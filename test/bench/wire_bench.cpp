// Ingest wire formats, in points/s: the InfluxDB line protocol parser
// (formats/influx_parser.hpp) on Telegraf-like cpu lines, and the
// remote_write decoder (formats/remote_write.hpp) on Prometheus-like
// requests, by hand and, for comparison, with libprotobuf's generated
// parser (plus the copy into the same structures). Arguments of the
// remote_write benchmarks: series per request, samples per series.
//
//   cmake --build build/release --target wire_bench
//   build/release/test/bench/wire_bench

#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "formats/influx_parser.hpp"
#include "formats/remote_write.hpp"
#include "formats/remote_write.pb.h"
#include "formats/remote_write_encoder.hpp"

using namespace timeless;
using namespace timeless::formats;

namespace {

// -- influx -------------------------------------------------------------------

/// `n` lines like Telegraf's cpu input: 4 tags, 5 float fields and a
/// nanosecond timestamp.
std::vector<std::string> influx_lines(size_t n) {
  std::mt19937_64 rng{42};
  std::uniform_real_distribution<double> pct{0, 100};
  std::vector<std::string> out;
  char buf[512];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(
        buf, sizeof buf,
        "cpu,cpu=cpu%zu,host=server%02zu,region=us-west-2,"
        "dc=dc%zu usage_user=%.4f,usage_system=%.4f,"
        "usage_idle=%.4f,usage_iowait=%.4f,usage_steal=%.4f "
        "%lld",
        i % 8, (i / 8) % 50, i % 3, pct(rng), pct(rng), pct(rng), pct(rng),
        pct(rng),
        static_cast<long long>(1'700'000'000'000'000'000 +
                               static_cast<long long>(i) * 10'000'000'000));
    out.emplace_back(buf);
  }
  return out;
}

/// Parsing only: the parser's buffers, no samples built.
void BM_influx_parse(benchmark::State& state) {
  auto lines = influx_lines(10'000);
  influx_parser p{influx_options{influx_precision::ns, 0, ""}};
  size_t points = 0, bytes = 0;
  for (auto _ : state) {
    for (auto& l : lines) {
      p.parse(l);
      points += p.size();
      bytes += l.size() + 1;
    }
    benchmark::DoNotOptimize(p.timestamp());
  }
  state.SetItemsProcessed(static_cast<int64_t>(points));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_influx_parse);

/// Parsing into reused `sample`s (strings keep their capacity), as a
/// server filling store batches would.
void BM_influx_parse_samples(benchmark::State& state) {
  auto lines = influx_lines(10'000);
  influx_parser p{influx_options{influx_precision::ns, 0, ""}};
  std::vector<sample> batch(16);
  size_t points = 0;
  for (auto _ : state) {
    for (auto& l : lines) {
      p.parse(l);
      for (size_t i = 0; i < p.size(); ++i)
        p.get(i, batch[i]);
      points += p.size();
    }
    benchmark::DoNotOptimize(batch.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(points));
}
BENCHMARK(BM_influx_parse_samples);

// -- remote_write -------------------------------------------------------------

/// A request of `n_series` node_exporter-like series (6 labels) with
/// `per` samples each, 15 s apart.
std::vector<rw_series> rw_request(size_t n_series, size_t per) {
  std::mt19937_64 rng{7};
  std::uniform_real_distribution<double> val{0, 1e6};
  std::vector<rw_series> out(n_series);
  for (size_t i = 0; i < n_series; ++i) {
    auto& s = out[i];
    s.metric = "node_cpu_seconds_total";
    s.labels = {{"cpu", std::to_string(i % 64)},
                {"instance", "host-" + std::to_string(i / 64) + ":9100"},
                {"job", "node"},
                {"mode", i % 2 ? "user" : "system"},
                {"region", "eu-central-1"},
                {"team", "platform"}};
    for (size_t k = 0; k < per; ++k) {
      s.ts.push_back(1'700'000'000'000 + static_cast<int64_t>(k) * 15'000);
      s.values.push_back(val(rng));
    }
  }
  return out;
}

void BM_remote_write_decode(benchmark::State& state) {
  auto req = rw_request(static_cast<size_t>(state.range(0)),
                        static_cast<size_t>(state.range(1)));
  auto bytes = encode_write_request(req);
  remote_write_decoder d;
  size_t points = 0;
  for (auto _ : state) {
    if (d.decode_uncompressed(bytes))
      state.SkipWithError("decode failed");
    points += d.points();
  }
  state.SetItemsProcessed(static_cast<int64_t>(points));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_remote_write_decode)->Args({2000, 1})->Args({100, 100});

/// libprotobuf's generated parser into a reused message, then the copy
/// into the same structures the hand-written decoder fills.
void BM_remote_write_decode_libprotobuf(benchmark::State& state) {
  auto req = rw_request(static_cast<size_t>(state.range(0)),
                        static_cast<size_t>(state.range(1)));
  auto bytes = encode_write_request(req);
  prompb::write_request msg;
  std::vector<rw_series> out;
  size_t points = 0;
  for (auto _ : state) {
    if (!msg.ParseFromString(bytes))
      state.SkipWithError("parse failed");
    out.resize(static_cast<size_t>(msg.timeseries_size()));
    for (int i = 0; i < msg.timeseries_size(); ++i) {
      auto& ts = msg.timeseries(i);
      auto& s = out[static_cast<size_t>(i)];
      s.labels.clear();
      for (auto& l : ts.labels()) {
        if (l.name() == "__name__")
          s.metric.assign(l.value());
        else
          s.labels.push_back(label{l.name(), l.value()});
      }
      s.ts.clear();
      s.values.clear();
      for (auto& x : ts.samples()) {
        s.ts.push_back(x.timestamp());
        s.values.push_back(x.value());
      }
      points += s.ts.size();
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(points));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_remote_write_decode_libprotobuf)
    ->Args({2000, 1})
    ->Args({100, 100});

/// A whole request body: snappy, then the hand-written decoder.
void BM_remote_write_body(benchmark::State& state) {
  auto req = rw_request(static_cast<size_t>(state.range(0)),
                        static_cast<size_t>(state.range(1)));
  auto body = snappy_compress(encode_write_request(req));
  remote_write_decoder d;
  size_t points = 0;
  for (auto _ : state) {
    if (d.decode(body, 64 << 20))
      state.SkipWithError("decode failed");
    points += d.points();
  }
  state.SetItemsProcessed(static_cast<int64_t>(points));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_remote_write_body)->Args({2000, 1})->Args({100, 100});

} // namespace

BENCHMARK_MAIN();
