// Encode and decode speed (points/s) and size (bytes/point) of the segment
// codec per value shape, on the vs-vm workload at 48 points (4 h) and 288
// points (1 day) a segment and over 30 days in blocks of 1,024 points, and
// on 12 h of the seed workload in blocks of 1,024 points; each in format
// version 1 (bit-packed decimals), 2 (chunked decimals, bounds layout) and
// 3 (chunked, window layout). Prints the
// bytes/point of both versions side by side first; pass
// --benchmark_filter=^$ for that table alone. See docs/benchmarks.md,
// "## Codec".

#include "apps/workload/seed.hpp"
#include "apps/workload/vs_vm.hpp"
#include "codec/segment_codec.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace timeless;
using namespace timeless::codec;

namespace {

struct series {
  std::vector<int64_t> ts;
  std::vector<double> values;
};

using segments = std::vector<series>;

// -- workloads (apps/workload/) ----------------------------------------------

/// `days` days (t0 = 1792872000) of all 500 vs-vm series, regular 300 s
/// timestamps, each series cut into segments of `per` points.
segments vs_vm(int days, size_t per) {
  workload::vs_vm_options opts;
  auto points = static_cast<size_t>(days) * workload::vs_vm_points_per_day;
  auto n_series = static_cast<size_t>(opts.devices) * 10;
  std::vector<std::vector<double>> values(n_series,
                                          std::vector<double>(points));
  for (size_t i = 0; i < points; ++i) {
    auto ts = opts.t0 + static_cast<int64_t>(i) * workload::vs_vm_step;
    workload::vs_vm_for_each_point(
        ts, opts.devices, [&](int metric, int dev, double v) {
          values[static_cast<size_t>(dev) * 10 + metric][i] = v;
        });
  }
  segments out;
  for (auto& v : values)
    for (size_t start = 0; start < points; start += per) {
      series s;
      for (size_t i = start; i < std::min(points, start + per); ++i) {
        auto ts = opts.t0 + static_cast<int64_t>(i) * workload::vs_vm_step;
        s.ts.push_back(ts * 1000);
        s.values.push_back(v[i]);
      }
      out.push_back(std::move(s));
    }
  return out;
}

/// `hours` hours of the 2,000 seed series (10 s apart), each cut into
/// segments of `per` points.
segments seed(int hours, size_t per) {
  workload::seed_workload w({});
  auto points = static_cast<size_t>(hours) * 3600000 /
                static_cast<size_t>(w.options().interval_ms);
  std::vector<std::vector<double>> values;
  std::vector<double> cycle;
  for (size_t i = 0; i < points; ++i) {
    w.cycle_values(i, cycle);
    values.resize(cycle.size(), std::vector<double>(points));
    for (size_t k = 0; k < cycle.size(); ++k)
      values[k][i] = cycle[k];
  }
  segments out;
  for (auto& v : values)
    for (size_t start = 0; start < points; start += per) {
      series s;
      for (size_t i = start; i < std::min(points, start + per); ++i) {
        s.ts.push_back(w.timestamp_ms(i));
        s.values.push_back(v[i]);
      }
      out.push_back(std::move(s));
    }
  return out;
}

// -- synthetic shapes ---------------------------------------------------------

const char* const shapes[] = {"constant",    "counter",        "counter_resets",
                              "random_walk", "decimal2_noise", "sensor_float",
                              "integers",    "specials"};

/// 400 segments of 288 points of a shape, regular 15 s timestamps.
segments synthetic(const std::string& shape) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  segments out;
  for (int k = 0; k < 400; ++k) {
    series s;
    double walk = 100, counter = 0;
    for (int i = 0; i < 288; ++i) {
      s.ts.push_back(1792872000000 + (k * 288 + i) * 15000LL);
      double v = 0;
      if (shape == "constant")
        v = 42.5;
      else if (shape == "counter")
        v = counter += 1000;
      else if (shape == "counter_resets")
        v = counter = rng() % 500 == 0 ? 0 : counter + double(rng() % 5000);
      else if (shape == "random_walk")
        v = walk += u(rng) - 0.5;
      else if (shape == "decimal2_noise")
        v = workload::python_round2(50 + 15 * u(rng));
      else if (shape == "sensor_float")
        v = 20 + std::sin(i / 10.0) + u(rng) * 1e-3;
      else if (shape == "integers")
        v = static_cast<double>(rng() % 1000000000000001ull);
      else
        v = rng() % 3 == 0 ? NAN : rng() % 2 ? -0.0 : INFINITY;
      s.values.push_back(v);
    }
    out.push_back(std::move(s));
  }
  return out;
}

// -- benchmarks ---------------------------------------------------------------

size_t points_of(const segments& segs) {
  size_t n = 0;
  for (auto& s : segs)
    n += s.ts.size();
  return n;
}

/// Blob bytes per point of `segs` written as format version `version`.
double bytes_per_point(const segments& segs, uint8_t version) {
  segment_encoder enc(version);
  std::vector<uint8_t> out;
  size_t bytes = 0;
  for (auto& s : segs) {
    out.clear();
    enc.encode(s.ts, s.values, out);
    bytes += out.size();
  }
  return static_cast<double>(bytes) / static_cast<double>(points_of(segs));
}

void bench_encode(benchmark::State& state, const segments& segs,
                  uint8_t version) {
  segment_encoder enc(version);
  std::vector<uint8_t> out;
  out.reserve(1 << 20);
  size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    for (auto& s : segs) {
      out.clear();
      enc.encode(s.ts, s.values, out);
      bytes += out.size();
      benchmark::DoNotOptimize(out.data());
    }
  }
  auto pts = points_of(segs);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pts));
  state.counters["bytes_per_point"] = static_cast<double>(bytes) / pts;
}

void bench_decode(benchmark::State& state, const segments& segs,
                  uint8_t version) {
  segment_encoder enc(version);
  std::vector<std::vector<uint8_t>> blobs(segs.size());
  for (size_t i = 0; i < segs.size(); ++i)
    enc.encode(segs[i].ts, segs[i].values, blobs[i]);
  segment_decoder dec;
  std::vector<int64_t> ts;
  std::vector<double> values;
  ts.reserve(1 << 16);
  values.reserve(1 << 16);
  for (auto _ : state) {
    for (auto& b : blobs) {
      ts.clear();
      values.clear();
      if (dec.decode(b, ts, values) != errc::ok)
        state.SkipWithError("decode failed");
      benchmark::DoNotOptimize(values.data());
    }
  }
  state.SetItemsProcessed(
      static_cast<int64_t>(state.iterations() * points_of(segs)));
}

/// Registers encode and decode of `segs` as "<op>/<name>/v<version>" for
/// every format version, and prints the bytes/point of each side by side.
void register_data_set(const std::string& name, const segments* segs) {
  std::printf("%-28s %10zu %12.4f %12.4f %12.4f\n", name.c_str(),
              points_of(*segs), bytes_per_point(*segs, 1),
              bytes_per_point(*segs, 2), bytes_per_point(*segs, 3));
  for (uint8_t v = 1; v <= 3; ++v) {
    auto suffix = "/" + name + "/v" + std::to_string(v);
    benchmark::RegisterBenchmark(
        ("encode" + suffix).c_str(),
        [segs, v](benchmark::State& st) { bench_encode(st, *segs, v); });
    benchmark::RegisterBenchmark(
        ("decode" + suffix).c_str(),
        [segs, v](benchmark::State& st) { bench_decode(st, *segs, v); });
  }
}

void register_all() {
  static std::vector<segments> keep;
  keep.reserve(16);
  std::printf("%-28s %10s %12s %12s %12s\n", "blob bytes/point", "points",
              "format v1", "format v2", "format v3");
  for (auto shape : shapes) {
    keep.push_back(synthetic(shape));
    register_data_set(std::string(shape) + "/288", &keep.back());
  }
  // vs-vm: one day in 4 h and 1 day segments; 30 days in blocks of 1,024
  // points (what the store writes). seed: 12 h in blocks of 1,024.
  for (size_t per : {size_t{48}, size_t{288}}) {
    keep.push_back(vs_vm(1, per));
    register_data_set("vs_vm/" + std::to_string(per), &keep.back());
  }
  keep.push_back(vs_vm(30, 1024));
  register_data_set("vs_vm_30d/1024", &keep.back());
  keep.push_back(vs_vm(30, 4096));
  register_data_set("vs_vm_30d/4096", &keep.back());
  keep.push_back(seed(12, 1024));
  register_data_set("seed_12h/1024", &keep.back());
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
