#include "apps/workload/vs_vm.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

using namespace timeless::workload;

namespace {

std::string repr(double x) {
  char buf[32];
  return std::string(buf, python_float_repr(x, buf));
}

/// Everything `write` prints to a FILE.
template <class Write>
std::string capture(Write write) {
  std::FILE* f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  write(f);
  std::fflush(f);
  std::string text;
  std::rewind(f);
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0)
    text.append(buf, n);
  std::fclose(f);
  return text;
}

/// The reference generator, or "" if there is none here.
std::string reference_script() {
  std::vector<std::filesystem::path> candidates;
  if (const char* src = std::getenv("TIMELESS_SOURCE_DIR"))
    candidates.emplace_back(std::filesystem::path(src) / ".." / "shared" /
                            "workloads" / "gen_vs_vm.py");
  candidates.emplace_back("/work/shared/workloads/gen_vs_vm.py");
  for (const auto& p : candidates)
    if (std::filesystem::exists(p))
      return p.string();
  return {};
}

bool have_python() {
  return std::system("python3 --version >/dev/null 2>&1") == 0;
}

/// The standard output of gen_vs_vm.py run with `args`.
std::string run_reference(const std::string& script, const std::string& args) {
  std::string cmd = "python3 '" + script + "' " + args;
  std::FILE* p = popen(cmd.c_str(), "r");
  EXPECT_NE(p, nullptr) << cmd;
  if (p == nullptr)
    return {};
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0)
    text.append(buf, n);
  EXPECT_EQ(pclose(p), 0) << cmd;
  return text;
}

/// Declares `script`, the reference generator, or skips the test.
#define REQUIRE_REFERENCE(script)                                              \
  std::string script = reference_script();                                     \
  if (script.empty()) {                                                        \
    GTEST_SKIP() << "gen_vs_vm.py not found";                                  \
  }                                                                            \
  if (!have_python()) {                                                        \
    GTEST_SKIP() << "python3 not on PATH";                                     \
  }                                                                            \
  static_assert(true)

} // namespace

TEST(vs_vm_workload, ten_metrics_in_scrape_order) {
  const auto& m = vs_vm_metrics();
  ASSERT_EQ(m.size(), 10u);
  EXPECT_EQ(m.front(), "cpu_usage");
  EXPECT_EQ(m[4], "if_in_octets");
  EXPECT_EQ(m.back(), "bandwidth_util");
}

// Values obtained once from gen_vs_vm.value() with Python 3.11, compared as
// bit patterns.
TEST(vs_vm_workload, values_match_python_at_fixed_points) {
  struct fixed {
    int64_t ts;
    int dev;
    int metric;
    double expected;
  };
  const fixed cases[] = {
      {1792872000, 0, 0, 0x1.4628f5c28f5c3p+5},   // 40.77
      {1792872000, 25, 4, 0x1.75dbac49ae148p+29}, // 784037257.21
      {1795463700, 49, 9, 0x1.34f5c28f5c28fp+5},  // 38.62
      {1792900800, 7, 7, -0x1.a7ae147ae147bp+4},  // -26.48
      {1792915200, 3, 3, 0x1.2f5c28f5c28f6p+2},   // 4.74
      {0, 0, 6, 0x1.14p+5},                       // 34.5
      {1792872300, 12, 1, 0x1.091eb851eb852p+6},  // 66.28
      {1792872300, 12, 8, 0x1.9947ae147ae14p+4},  // 25.58
      {-3601, 2, 0, 0x1.391eb851eb852p+5},        // 39.14, floor division
  };
  for (const auto& c : cases)
    EXPECT_EQ(std::bit_cast<uint64_t>(vs_vm_value(c.ts, c.dev, c.metric)),
              std::bit_cast<uint64_t>(c.expected))
        << c.ts << " dev " << c.dev << " metric " << c.metric << ": "
        << repr(vs_vm_value(c.ts, c.dev, c.metric));
}

TEST(vs_vm_workload, for_each_point_visits_hosts_then_metrics_like_value) {
  const int64_t ts = 1792872000 + 17 * 300;
  const int devices = 5000; // beyond the cached device hashes too
  int count = 0;
  bool ordered = true;
  bool equal = true;
  vs_vm_for_each_point(ts, devices, [&](int m, int dev, double v) {
    ordered &= dev == count / 10 && m == count % 10;
    equal &= std::bit_cast<uint64_t>(v) ==
             std::bit_cast<uint64_t>(vs_vm_value(ts, dev, m));
    ++count;
  });
  EXPECT_EQ(count, devices * 10);
  EXPECT_TRUE(ordered);
  EXPECT_TRUE(equal);
}

TEST(vs_vm_workload, for_each_point_with_no_devices_visits_nothing) {
  int count = 0;
  vs_vm_for_each_point(1792872000, 0, [&](int, int, double) { ++count; });
  EXPECT_EQ(count, 0);
}

TEST(vs_vm_workload, values_lie_in_the_ranges_of_their_formulas) {
  for (int k = 0; k < 288; ++k)
    vs_vm_for_each_point(1792872000 + k * 300, 50, [](int m, int, double v) {
      if (m == 0) {
        EXPECT_TRUE(v >= 25 && v <= 95) << v;
      }
      if (m == 7) {
        EXPECT_TRUE(v >= -35 && v <= -17) << v;
      }
      EXPECT_EQ(v, std::round(v * 100) / 100) << v;
    });
}

// Expectations from Python 3.11's round(x, 2).
TEST(vs_vm_workload_round2, rounds_the_exact_binary_value_half_even) {
  EXPECT_EQ(python_round2(0.125), 0.12);   // exact tie: to even
  EXPECT_EQ(python_round2(0.375), 0.38);   // exact tie: to even
  EXPECT_EQ(python_round2(2.675), 2.67);   // 2.67499999...
  EXPECT_EQ(python_round2(-2.675), -2.67); // symmetric
  EXPECT_EQ(python_round2(1.005), 1.0);    // 1.00499999...
  EXPECT_EQ(python_round2(0.005), 0.01);   // 0.005000000000000000104
  EXPECT_EQ(python_round2(0.015), 0.01);   // 0.01499999999999999944
  EXPECT_EQ(python_round2(123456.785), 123456.79);
  EXPECT_EQ(python_round2(1e15 + 0.125), 1e15 + 0.125);
}

TEST(vs_vm_workload_round2, keeps_the_sign_of_zero) {
  EXPECT_TRUE(std::signbit(python_round2(-0.001)));
  EXPECT_EQ(python_round2(-0.001), 0.0);
  EXPECT_TRUE(std::signbit(python_round2(-0.0)));
  EXPECT_FALSE(std::signbit(python_round2(5e-324)));
}

TEST(vs_vm_workload_round2, passes_huge_and_non_finite_values_through) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(python_round2(1e300), 1e300);
  EXPECT_EQ(python_round2(-inf), -inf);
  EXPECT_TRUE(std::isnan(python_round2(std::nan(""))));
}

// The fast path (x * 100 and a margin) against the exact decimal conversion
// it falls back to, on values crowded around the halves.
TEST(vs_vm_workload_round2, fast_path_agrees_with_exact_conversion) {
  uint64_t state = 1;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 11;
  };
  int checked = 0;
  for (int i = 0; i < 50000; ++i) {
    // k / 200 with odd k is a decimal half; step a few ulps around it.
    double k = static_cast<double>(next() % 200000000) * 2 + 1;
    double x = k / 200;
    if (i % 2)
      x = -x;
    for (int ulps = -3; ulps <= 3; ++ulps) {
      double y = x;
      for (int u = 0; u < std::abs(ulps); ++u)
        y = std::nextafter(y, ulps > 0 ? 1e300 : -1e300);
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.2f", y);
      ASSERT_EQ(std::bit_cast<uint64_t>(python_round2(y)),
                std::bit_cast<uint64_t>(std::strtod(buf, nullptr)))
          << repr(y);
      ++checked;
    }
    double r = static_cast<double>(next()) / 0x1p53 * 1e9;
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.2f", r);
    ASSERT_EQ(python_round2(r), std::strtod(buf, nullptr)) << repr(r);
  }
  EXPECT_EQ(checked, 350000);
}

// Expectations from Python 3.11's repr(float).
TEST(vs_vm_workload_repr, matches_python) {
  EXPECT_EQ(repr(47.0), "47.0");
  EXPECT_EQ(repr(0.1), "0.1");
  EXPECT_EQ(repr(-0.0), "-0.0");
  EXPECT_EQ(repr(0.0), "0.0");
  EXPECT_EQ(repr(-26.48), "-26.48");
  EXPECT_EQ(repr(123456789.12), "123456789.12");
  EXPECT_EQ(repr(784037257.21), "784037257.21");
  EXPECT_EQ(repr(1e15), "1000000000000000.0");
  EXPECT_EQ(repr(1e16), "1e+16");
  EXPECT_EQ(repr(1.5e16), "1.5e+16");
  EXPECT_EQ(repr(1e100), "1e+100");
  EXPECT_EQ(repr(1e-4), "0.0001");
  EXPECT_EQ(repr(0.0001234), "0.0001234");
  EXPECT_EQ(repr(1e-5), "1e-05");
  EXPECT_EQ(repr(2.5e-05), "2.5e-05");
  EXPECT_EQ(repr(5e-324), "5e-324");
  EXPECT_EQ(repr(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(repr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(repr(std::nan("")), "nan");
}

TEST(vs_vm_workload_writers, prometheus_is_byte_identical_to_python) {
  REQUIRE_REFERENCE(script);
  vs_vm_options opts;
  opts.days = 1;
  opts.devices = 3;
  auto expected =
      run_reference(script, "--days 1 --devices 3 --format prometheus");
  auto actual = capture([&](std::FILE* f) { write_vs_vm_prometheus(opts, f); });
  EXPECT_EQ(std::count(actual.begin(), actual.end(), '\n'), 288 * 3 * 10);
  EXPECT_TRUE(actual == expected)
      << "sizes " << actual.size() << " vs " << expected.size();
}

TEST(vs_vm_workload_writers, jsonl_is_byte_identical_to_python) {
  REQUIRE_REFERENCE(script);
  vs_vm_options opts;
  opts.days = 1;
  opts.devices = 3;
  auto expected = run_reference(script, "--days 1 --devices 3 --format jsonl");
  auto actual = capture([&](std::FILE* f) { write_vs_vm_jsonl(opts, f); });
  EXPECT_EQ(std::count(actual.begin(), actual.end(), '\n'), 3 * 10);
  EXPECT_TRUE(actual == expected)
      << "sizes " << actual.size() << " vs " << expected.size();
}

TEST(vs_vm_workload_writers, prefix_and_t0_are_honoured_like_python) {
  REQUIRE_REFERENCE(script);
  vs_vm_options opts;
  opts.t0 = 1700000100;
  opts.days = 2;
  opts.devices = 1;
  opts.prefix = "vm_";
  for (bool jsonl : {false, true}) {
    auto expected = run_reference(
        script, std::string("--t0 1700000100 --days 2 --devices 1 --prefix vm_ "
                            "--format ") +
                    (jsonl ? "jsonl" : "prometheus"));
    auto actual = capture([&](std::FILE* f) {
      jsonl ? write_vs_vm_jsonl(opts, f) : write_vs_vm_prometheus(opts, f);
    });
    EXPECT_TRUE(actual == expected) << (jsonl ? "jsonl" : "prometheus");
  }
}

// One full day of all 50 hosts: 144,000 points, each parsed back from
// Python's text and compared bit for bit with vs_vm_value.
TEST(vs_vm_workload_writers,
     a_full_day_of_fifty_hosts_parses_to_the_same_doubles) {
  REQUIRE_REFERENCE(script);
  auto text =
      run_reference(script, "--days 1 --devices 50 --format prometheus");
  const auto& metrics = vs_vm_metrics();
  size_t pos = 0;
  size_t points = 0;
  size_t mismatches = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    ASSERT_NE(eol, std::string::npos);
    // <metric>{host="dev_<d>"} <value> <ms>
    size_t brace = text.find('{', pos);
    std::string metric = text.substr(pos, brace - pos);
    int m = static_cast<int>(std::find(metrics.begin(), metrics.end(), metric) -
                             metrics.begin());
    ASSERT_LT(m, 10) << metric;
    char* end = nullptr;
    int dev = static_cast<int>(
        std::strtol(text.c_str() + brace + 11, &end, 10)); // {host="dev_
    double v = std::strtod(end + 3, &end);                 // "}<space>
    long long ms = std::strtoll(end, &end, 10);
    ASSERT_EQ(end, text.c_str() + eol);
    if (std::bit_cast<uint64_t>(v) !=
        std::bit_cast<uint64_t>(vs_vm_value(ms / 1000, dev, m)))
      ++mismatches;
    ++points;
    pos = eol + 1;
  }
  EXPECT_EQ(points, 144000u);
  EXPECT_EQ(mismatches, 0u);
}
