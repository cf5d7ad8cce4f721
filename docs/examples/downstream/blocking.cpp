// Timeless from plain C++ through the blocking facade, built against the
// installed package: writes a batch, reads it back raw and aggregated,
// closes the store, opens it again and reads the points from disk.
//   blocking DATA_DIR   (exit status 0 only if every check passed)
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <timeless/blocking_store.hpp>

using namespace timeless;

namespace {

constexpr int hosts = 3;
constexpr int per_host = 60;
constexpr int64_t t0 = 1'700'000'000'000;

int fail(const char* what, const caf::error& err) {
  std::fprintf(stderr, "%s failed: %s\n", what, describe(err).c_str());
  return 1;
}

int fail(const char* what) {
  std::fprintf(stderr, "%s: unexpected answer\n", what);
  return 1;
}

/// Every point of every host, checked against what was written.
bool all_points_back(blocking_store& db, const char* when) {
  raw_query q;
  q.sel = *parse_selector("cpu_usage");
  auto res = db.query(q);
  if (!res || res->size() != hosts)
    return false;
  size_t n = 0;
  for (auto& s : *res) {
    int host = s.labels[0].value.back() - '0';
    for (size_t i = 0; i < s.ts.size(); ++i, ++n)
      if (s.ts[i] != t0 + int64_t(i) * 1000 ||
          s.values[i] != 10.0 * host + double(i % 7))
        return false;
  }
  std::printf("read back %zu points %s\n", n, when);
  return n == hosts * per_host;
}

} // namespace

int main(int argc, char** argv) {
  store_options opts;
  opts.data_dir = argc > 1 ? argv[1] : "blocking-data";
  std::filesystem::remove_all(opts.data_dir);
  {
    auto store = blocking_store::open(opts);
    if (!store)
      return fail("open", store.error());
    auto& db = **store;
    std::vector<sample> batch;
    for (int host = 0; host < hosts; ++host)
      for (int i = 0; i < per_host; ++i)
        batch.push_back(sample{"cpu_usage",
                               {{"host", "web-" + std::to_string(host)}},
                               t0 + i * 1000,
                               10.0 * host + i % 7});
    auto n = db.write(batch);
    if (!n)
      return fail("write", n.error());
    std::printf("wrote %llu points\n", static_cast<unsigned long long>(*n));
    if (!all_points_back(db, "before close"))
      return fail("read");
    agg_query q;
    q.sel = *parse_selector("cpu_usage{host=~\"web-[01]\"}");
    q.step = 30'000;
    q.fn = aggregate_fn::max;
    auto agg = db.aggregate(q);
    if (!agg)
      return fail("aggregate", agg.error());
    if (agg->size() != 2)
      return fail("aggregate");
    for (auto& s : *agg)
      for (auto& b : s.buckets)
        std::printf("%s bucket %lld max %.1f\n",
                    format_series(s.metric, s.labels).c_str(),
                    static_cast<long long>(b.bucket), b.value);
    if (auto err = db.close())
      return fail("close", err);
  }
  auto again = blocking_store::open(opts);
  if (!again)
    return fail("reopen", again.error());
  if (!all_points_back(**again, "after reopening the store"))
    return fail("read after reopen");
  return 0;
}
