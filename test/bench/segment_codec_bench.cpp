// Encode and decode speed (points/s) and size (bytes/point) of the segment
// codec per value shape, and on the vs-vm workload at 48 points (4 h) and
// 288 points (1 day) a segment. See docs/benchmarks.md, "## Codec".

#include "codec/segment_codec.hpp"

#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <random>
#include <string>
#include <vector>

using namespace timeless::codec;

namespace {

struct series {
  std::vector<int64_t> ts;
  std::vector<double> values;
};

using segments = std::vector<series>;

// -- vs-vm, as ../shared/workloads/gen_vs_vm.py computes it -------------------

const char* const metrics[] = {"cpu_usage",     "mem_usage",    "disk_usage",
                               "load_avg",      "if_in_octets", "if_out_octets",
                               "temperature",   "signal_power", "ping_latency",
                               "bandwidth_util"};

double crc_unit(const std::string& s) {
  auto c = crc32(0, reinterpret_cast<const Bytef*>(s.data()),
                 static_cast<uInt>(s.size()));
  return static_cast<double>(c) / 4294967296.0;
}

/// Python's round(x, 2): correctly rounded on the exact binary value.
double round2(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return std::strtod(buf, nullptr);
}

double vs_vm_value(int64_t ts, int dev, int metric) {
  auto n = crc_unit(std::to_string(ts) + ":" + std::to_string(dev) + ":" +
                    metrics[metric]);
  auto dh = crc_unit(std::to_string(dev));
  auto hour = static_cast<double>((ts / 3600) % 24);
  auto d = 0.5 + 0.5 * std::sin((hour - 4) / 24 * 2 * std::numbers::pi);
  double v = 0;
  switch (metric) {
    case 0:
      v = 25 + 45 * d + 15 * n + 10 * dh;
      break;
    case 1:
      v = 45 + 30 * n + 15 * dh;
      break;
    case 2:
      v = 35 + 30 * dh + 3 * n;
      break;
    case 3:
      v = 0.3 + 3 * d + 1.5 * n + 0.5 * dh;
      break;
    case 4:
      v = (300000 + 700000 * dh) * n * 1000;
      break;
    case 5:
      v = (100000 + 300000 * dh) * n * 1000;
      break;
    case 6:
      v = 28 + 12 * d + 3 * n + 5 * dh;
      break;
    case 7:
      v = -35 + 15 * dh + 3 * n;
      break;
    case 8:
      v = 5 + 40 * n + 10 * dh;
      break;
    default:
      v = 10 + 60 * d + 15 * n + 10 * dh;
      break;
  }
  return round2(v);
}

/// One day (t0 = 1792872000) of all 500 series, cut into `per` points each.
const segments& vs_vm(size_t per) {
  static std::vector<std::pair<size_t, segments>> cache;
  for (auto& [k, s] : cache)
    if (k == per)
      return s;
  constexpr int64_t t0 = 1792872000;
  segments out;
  for (int dev = 0; dev < 50; ++dev)
    for (int m = 0; m < 10; ++m)
      for (size_t start = 0; start < 288; start += per) {
        series s;
        for (size_t i = start; i < start + per; ++i) {
          auto ts = t0 + static_cast<int64_t>(i) * 300;
          s.ts.push_back(ts * 1000);
          s.values.push_back(vs_vm_value(ts, dev, m));
        }
        out.push_back(std::move(s));
      }
  cache.emplace_back(per, std::move(out));
  return cache.back().second;
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
        v = round2(50 + 15 * u(rng));
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

void bench_encode(benchmark::State& state, const segments& segs) {
  segment_encoder enc;
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

void bench_decode(benchmark::State& state, const segments& segs) {
  segment_encoder enc;
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

void register_all() {
  static std::vector<segments> keep;
  keep.reserve(16);
  for (auto shape : shapes) {
    keep.push_back(synthetic(shape));
    auto* segs = &keep.back();
    benchmark::RegisterBenchmark(
        (std::string("encode/") + shape + "/288").c_str(),
        [segs](benchmark::State& st) { bench_encode(st, *segs); });
    benchmark::RegisterBenchmark(
        (std::string("decode/") + shape + "/288").c_str(),
        [segs](benchmark::State& st) { bench_decode(st, *segs); });
  }
  for (size_t per : {size_t{48}, size_t{288}}) {
    auto name = "/vs_vm/" + std::to_string(per);
    benchmark::RegisterBenchmark(
        ("encode" + name).c_str(),
        [per](benchmark::State& st) { bench_encode(st, vs_vm(per)); });
    benchmark::RegisterBenchmark(
        ("decode" + name).c_str(),
        [per](benchmark::State& st) { bench_decode(st, vs_vm(per)); });
  }
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
