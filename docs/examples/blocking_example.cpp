// Timeless from plain C++: the blocking facade owns its actor system.
//   blocking_example DATA_DIR
#include <cstdio>
#include <filesystem>

#include "timeless/blocking_store.hpp"

int main(int argc, char** argv) {
  using namespace timeless;
  store_options opts;
  opts.data_dir = argc > 1 ? argv[1] : "example-data";
  std::filesystem::remove_all(opts.data_dir);
  auto store = blocking_store::open(opts);
  if (!store) {
    std::fprintf(stderr, "open failed: %s\n", describe(store.error()).c_str());
    return 1;
  }
  auto& db = **store;
  // One batch: 3 hosts x 60 points, one per second.
  std::vector<sample> batch;
  for (int host = 0; host < 3; ++host)
    for (int i = 0; i < 60; ++i)
      batch.push_back(sample{"cpu_usage",
                             {{"host", "web-" + std::to_string(host)}},
                             1'700'000'000'000 + i * 1000,
                             10.0 * host + i % 7});
  if (auto n = db.write(batch); !n) {
    std::fprintf(stderr, "write failed: %s\n", describe(n.error()).c_str());
    return 1;
  }
  // Visible at once, no flush needed.
  agg_query q;
  q.sel = *parse_selector("cpu_usage{host=~\"web-[01]\"}");
  q.step = 30'000;
  q.fn = aggregate_fn::max;
  auto res = db.aggregate(q);
  if (!res || res->size() != 2) {
    std::fprintf(stderr, "unexpected aggregate answer\n");
    return 1;
  }
  for (auto& s : *res)
    for (auto& b : s.buckets)
      std::printf("%s bucket %lld max %.1f\n",
                  format_series(s.metric, s.labels).c_str(),
                  static_cast<long long>(b.bucket), b.value);
  if (auto err = db.close()) {
    std::fprintf(stderr, "close failed: %s\n", describe(err).c_str());
    return 1;
  }
  return 0;
}
