#include "apps/workload/seed.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace timeless::workload;

namespace {

using label_list = std::vector<std::pair<std::string, std::string>>;

int index_of(const seed_workload& w, const std::string& name) {
  const auto& names = w.metric_names();
  return static_cast<int>(std::find(names.begin(), names.end(), name) -
                          names.begin());
}

/// Runs `cycles` cycles of the default workload and calls
/// check(previous, current, cycle) from cycle 1 on.
template <class Check>
void run(seed_workload& w, uint64_t cycles, Check check) {
  std::vector<double> prev;
  std::vector<double> cur;
  w.cycle_values(0, prev);
  for (uint64_t c = 1; c < cycles; ++c) {
    w.cycle_values(c, cur);
    check(prev, cur, c);
    std::swap(prev, cur);
  }
}

} // namespace

TEST(seed_workload, default_batch_is_100_devices_by_20_metrics) {
  seed_workload w{seed_options{}};
  std::vector<double> values;
  w.cycle_values(0, values);
  EXPECT_EQ(values.size(), 2000u);
  EXPECT_EQ(w.metric_names().size(), 20u);
  std::set<std::string> distinct(w.metric_names().begin(),
                                 w.metric_names().end());
  EXPECT_EQ(distinct.size(), 20u);
}

TEST(seed_workload, has_every_shape_among_the_first_twenty_metrics) {
  seed_workload w{seed_options{}};
  std::set<value_shape> shapes;
  for (int m = 0; m < 20; ++m)
    shapes.insert(w.shape(m));
  EXPECT_EQ(shapes.size(), 4u);
  EXPECT_EQ(w.shape(index_of(w, "network_receive_bytes_total")),
            value_shape::counter);
  EXPECT_EQ(w.shape(index_of(w, "up")), value_shape::constant);
  EXPECT_EQ(w.shape(index_of(w, "process_count")), value_shape::integer);
  EXPECT_EQ(w.shape(index_of(w, "cpu_usage_percent")), value_shape::gauge);
}

TEST(seed_workload, more_metrics_than_kinds_repeat_them_with_a_suffix) {
  seed_workload w{seed_options{.devices = 2, .metrics = 45}};
  const auto& names = w.metric_names();
  ASSERT_EQ(names.size(), 45u);
  EXPECT_EQ(names[20], names[0] + "_1");
  EXPECT_EQ(names[44], names[4] + "_2");
  EXPECT_EQ(w.shape(29), w.shape(9));
  std::set<std::string> distinct(names.begin(), names.end());
  EXPECT_EQ(distinct.size(), 45u);
  std::vector<double> values;
  w.cycle_values(3, values);
  EXPECT_EQ(values.size(), 90u);
  EXPECT_NE(values[0], values[20]); // own streams, not copies
}

TEST(seed_workload, an_empty_batch_has_no_values) {
  std::vector<double> values{1.0};
  seed_workload none{seed_options{.devices = 0}};
  none.cycle_values(5, values);
  EXPECT_TRUE(values.empty());
  seed_workload no_metrics{seed_options{.metrics = 0}};
  no_metrics.cycle_values(5, values);
  EXPECT_TRUE(values.empty());
  EXPECT_TRUE(no_metrics.metric_names().empty());
}

TEST(seed_workload, labels_are_sorted_and_name_the_device) {
  seed_workload w{seed_options{}};
  label_list labels;
  std::set<std::string> regions;
  for (int d = 0; d < 100; ++d) {
    std::string region;
    for (int m = 0; m < 20; ++m) {
      w.labels(d, m, labels);
      ASSERT_GE(labels.size(), 2u);
      EXPECT_TRUE(std::is_sorted(labels.begin(), labels.end()));
      EXPECT_TRUE(std::adjacent_find(labels.begin(), labels.end(),
                                     [](const auto& a, const auto& b) {
                                       return a.first == b.first;
                                     }) == labels.end());
      auto host = std::find_if(labels.begin(), labels.end(),
                               [](const auto& l) { return l.first == "host"; });
      ASSERT_NE(host, labels.end());
      EXPECT_EQ(host->second, "dev-" + std::to_string(d));
      auto reg = std::find_if(labels.begin(), labels.end(), [](const auto& l) {
        return l.first == "region";
      });
      ASSERT_NE(reg, labels.end());
      if (m == 0)
        region = reg->second;
      EXPECT_EQ(reg->second, region) << "one region per device";
    }
    regions.insert(region);
  }
  EXPECT_GT(regions.size(), 1u);
  w.labels(7, index_of(w, "network_receive_bytes_total"), labels);
  EXPECT_EQ(labels.front(),
            (std::pair<std::string, std::string>{"host", "dev-7"}));
  EXPECT_EQ(labels[1].first, "interface");
  EXPECT_EQ(labels[1].second, "eth0");
}

TEST(seed_workload, timestamps_advance_by_the_interval) {
  seed_workload w{seed_options{.interval_ms = 15000, .t0_ms = 1000}};
  EXPECT_EQ(w.timestamp_ms(0), 1000);
  EXPECT_EQ(w.timestamp_ms(4), 61000);
}

TEST(seed_workload, same_seed_same_values_other_seed_other_values) {
  seed_workload a{seed_options{}};
  seed_workload b{seed_options{}};
  seed_workload c{seed_options{.seed = 43}};
  std::vector<double> va, vb, vc;
  size_t differing = 0;
  for (uint64_t cycle = 0; cycle < 300; ++cycle) {
    a.cycle_values(cycle, va);
    b.cycle_values(cycle, vb);
    c.cycle_values(cycle, vc);
    ASSERT_EQ(va, vb) << cycle;
    for (size_t i = 0; i < va.size(); ++i)
      differing += va[i] != vc[i];
  }
  EXPECT_GT(differing, 300u * 2000 / 2);
}

TEST(seed_workload, any_cycle_order_gives_the_sequential_values) {
  seed_workload seq{seed_options{}};
  std::vector<std::vector<double>> expected(120);
  for (uint64_t c = 0; c < 120; ++c)
    seq.cycle_values(c, expected[c]);
  seed_workload w{seed_options{}};
  std::vector<double> v;
  for (uint64_t c : {100, 100, 119, 5, 6, 0, 57}) {
    w.cycle_values(c, v);
    EXPECT_EQ(v, expected[c]) << c;
  }
}

TEST(seed_workload, a_series_does_not_depend_on_the_batch_size) {
  seed_workload big{seed_options{}};
  seed_workload small{seed_options{.devices = 10, .metrics = 5}};
  std::vector<double> vb, vs;
  for (uint64_t c = 0; c < 200; ++c) {
    big.cycle_values(c, vb);
    small.cycle_values(c, vs);
    for (int d = 0; d < 10; ++d)
      for (int m = 0; m < 5; ++m)
        ASSERT_EQ(vs[d * 5 + m], vb[d * 20 + m]) << c << " " << d << " " << m;
  }
}

// 3,000 cycles (8 h 20 min at 10 s) of the default batch: 6M values.
TEST(seed_workload, shapes_hold_over_many_cycles) {
  seed_workload w{seed_options{}};
  const int metrics = 20;
  const int up = index_of(w, "up");
  const int uptime = index_of(w, "uptime_seconds");
  const int rx = index_of(w, "network_receive_bytes_total");
  const int mem_total = index_of(w, "memory_total_bytes");
  const int cpu = index_of(w, "cpu_usage_percent");
  std::vector<size_t> pairs(metrics), repeats(metrics);
  size_t reboots = 0;
  run(w, 3000, [&](const auto& prev, const auto& cur, uint64_t cycle) {
    for (int d = 0; d < 100; ++d) {
      bool rebooted = cur[d * metrics + up] == 0;
      reboots += rebooted;
      for (int m = 0; m < metrics; ++m) {
        double p = prev[d * metrics + m];
        double v = cur[d * metrics + m];
        ASSERT_TRUE(std::isfinite(v));
        ++pairs[m];
        repeats[m] += v == p;
        switch (w.shape(m)) {
          case value_shape::counter:
            ASSERT_GE(v, 0.0);
            if (v < p) {
              ASSERT_TRUE(rebooted)
                  << w.metric_names()[m] << " dev " << d << " cycle " << cycle;
            }
            break;
          case value_shape::integer:
            ASSERT_EQ(v, std::floor(v)) << w.metric_names()[m];
            break;
          default:
            break;
        }
      }
      if (rebooted) {
        EXPECT_LT(cur[d * metrics + uptime], 10.0);
        EXPECT_LT(cur[d * metrics + rx], prev[d * metrics + rx]);
      } else {
        EXPECT_EQ(cur[d * metrics + up], 1.0);
      }
      double c = cur[d * metrics + cpu];
      EXPECT_TRUE(c >= 0 && c <= 100) << c;
    }
  });
  EXPECT_GT(reboots, 0u) << "some counters must reset";
  EXPECT_LT(reboots, 100u);
  for (int m = 0; m < metrics; ++m) {
    double repeat_share = static_cast<double>(repeats[m]) / pairs[m];
    const auto& name = w.metric_names()[m];
    switch (w.shape(m)) {
      case value_shape::constant:
        EXPECT_GT(repeat_share, 0.75) << name;
        break;
      case value_shape::gauge:
        EXPECT_LT(repeat_share, 0.5) << name;
        break;
      default:
        break;
    }
  }
  EXPECT_EQ(repeats[mem_total], pairs[mem_total]);
}
