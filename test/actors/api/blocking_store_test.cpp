#include "timeless/blocking_store.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <thread>

#include "test/actors/test_dir.hpp"

using namespace timeless;

namespace {

store_options options(const std::string& dir, uint32_t shards = 2) {
  store_options o;
  o.data_dir = dir;
  o.shards = shards;
  o.clock = [] { return int64_t{1'700'000'000'000}; };
  return o;
}

std::unique_ptr<blocking_store> open_store(const store_options& o) {
  auto s = blocking_store::open(o);
  EXPECT_TRUE(s) << describe(s.error());
  return s ? std::move(*s) : nullptr;
}

selector sel(const std::string& text) {
  auto s = parse_selector(text);
  EXPECT_TRUE(s) << text;
  return s ? *s : selector{};
}

std::vector<sample> points(const std::string& metric, const std::string& host,
                           int64_t t0, int n, int64_t step = 1000) {
  std::vector<sample> out;
  for (int i = 0; i < n; ++i)
    out.push_back(
        sample{metric, {{"host", host}}, t0 + i * step, double(i) + 0.5});
  return out;
}

std::vector<series_points> query_all(blocking_store& s,
                                     const std::string& text) {
  raw_query q;
  q.sel = sel(text);
  auto res = s.query(q);
  EXPECT_TRUE(res) << describe(res.error());
  return res ? *res : std::vector<series_points>{};
}

} // namespace

TEST(blocking_store, written_points_are_visible_without_flush) {
  test_dir dir;
  auto s = open_store(options(dir.path));
  ASSERT_TRUE(s);
  auto n = s->write(points("cpu", "a", 1000, 10));
  ASSERT_TRUE(n) << describe(n.error());
  EXPECT_EQ(*n, 10u);
  auto res = query_all(*s, "cpu{host=\"a\"}");
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].ts.size(), 10u);
  EXPECT_EQ(res[0].ts.front(), 1000);
  EXPECT_EQ(res[0].values.back(), 9.5);
  EXPECT_EQ(res[0].labels, (label_set{{"host", "a"}}));
}

TEST(blocking_store, clean_close_and_reopen_finds_everything) {
  test_dir dir;
  {
    auto s = open_store(options(dir.path));
    ASSERT_TRUE(s);
    // 30 hours at one point per minute: several closed 4 h segments plus an
    // open one.
    for (int h = 0; h < 30; ++h)
      ASSERT_TRUE(s->write(points("cpu", "a", h * 3'600'000, 60, 60'000)));
    ASSERT_FALSE(s->close());
  }
  // The SQLite WAL was folded into the database file (the writer's
  // connection closes last) and no log is left.
  EXPECT_FALSE(std::filesystem::exists(dir.path + "/timeless.db-wal"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path + "/wal"));
  auto s = open_store(options(dir.path));
  ASSERT_TRUE(s);
  auto res = query_all(*s, "cpu");
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].ts.size(), 1800u);
  EXPECT_TRUE(std::is_sorted(res[0].ts.begin(), res[0].ts.end()));
  auto info = s->info();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->stored_points + info->buffered_points, 1800u);
  EXPECT_GT(info->stored_points, 0u);
  EXPECT_EQ(info->series, 1u);
}

TEST(blocking_store, shard_count_change_keeps_every_series) {
  test_dir dir;
  {
    auto s = open_store(options(dir.path, 3));
    ASSERT_TRUE(s);
    for (int h = 0; h < 8; ++h)
      ASSERT_TRUE(s->write(points("cpu", "h" + std::to_string(h), 0, 50)));
    ASSERT_FALSE(s->flush(true));
    for (int h = 0; h < 8; ++h)
      ASSERT_TRUE(s->write(points("cpu", "h" + std::to_string(h), 50'000, 5)));
    ASSERT_FALSE(s->close());
  }
  for (uint32_t shards : {1u, 5u}) {
    auto s = open_store(options(dir.path, shards));
    ASSERT_TRUE(s);
    auto res = query_all(*s, "cpu");
    ASSERT_EQ(res.size(), 8u) << shards;
    for (auto& sp : res)
      EXPECT_EQ(sp.ts.size(), 55u) << shards;
    // The same name resolves to the same id whatever the shard count.
    auto ids = s->resolve({series_key{"cpu", {{"host", "h0"}}}});
    ASSERT_TRUE(ids);
    EXPECT_EQ(ids->at(0), 1u);
    ASSERT_FALSE(s->close());
  }
}

TEST(blocking_store, out_of_order_and_duplicates_across_checkpoints) {
  test_dir dir;
  auto s = open_store(options(dir.path, 1));
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write(points("m", "a", 10'000, 3))); // 10s, 11s, 12s
  ASSERT_FALSE(s->flush(true));
  // Same first timestamp again (the original replaced the earlier row),
  // plus older and duplicate points.
  std::vector<sample> late{{"m", {{"host", "a"}}, 10'000, 42},
                           {"m", {{"host", "a"}}, 5'000, 7},
                           {"m", {{"host", "a"}}, 11'000, 43}};
  ASSERT_TRUE(s->write(late));
  ASSERT_FALSE(s->flush(true));
  auto res = query_all(*s, "m");
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].ts, (std::vector<int64_t>{5'000, 10'000, 10'000, 11'000,
                                             11'000, 12'000}));
  EXPECT_EQ(res[0].values, (std::vector<double>{7, 0.5, 42, 1.5, 43, 2.5}));
}

TEST(blocking_store, nan_and_infinities_are_data) {
  test_dir dir;
  auto s = open_store(options(dir.path, 1));
  ASSERT_TRUE(s);
  const uint64_t stale = 0x7ff0000000000002ull;
  double nan_payload;
  std::memcpy(&nan_payload, &stale, 8);
  std::vector<sample> batch{{"m", {}, 1, nan_payload},
                            {"m", {}, 2, INFINITY},
                            {"m", {}, 3, -INFINITY},
                            {"m", {}, 4, -0.0}};
  ASSERT_TRUE(s->write(batch));
  ASSERT_FALSE(s->close());
  auto s2 = open_store(options(dir.path, 1));
  auto res = query_all(*s2, "m");
  ASSERT_EQ(res.size(), 1u);
  ASSERT_EQ(res[0].values.size(), 4u);
  for (size_t i = 0; i < 4; ++i)
    EXPECT_EQ(std::memcmp(&res[0].values[i], &batch[i].value, 8), 0) << i;
}

TEST(blocking_store, invalid_names_refuse_the_whole_batch) {
  test_dir dir;
  auto s = open_store(options(dir.path, 1));
  ASSERT_TRUE(s);
  auto batch = points("good", "a", 0, 3);
  batch.push_back(sample{"bad metric", {}, 5, 1});
  auto res = s->write(batch);
  ASSERT_FALSE(res);
  EXPECT_EQ(code_of(res.error()), errc::invalid_metric_name);
  EXPECT_NE(describe(res.error()).find("sample 3"), std::string::npos)
      << describe(res.error());
  EXPECT_TRUE(query_all(*s, "good").empty());
  auto labels = points("good", "a", 0, 1);
  labels[0].labels.push_back(label{"0bad", "x"});
  res = s->write(labels);
  ASSERT_FALSE(res);
  EXPECT_EQ(code_of(res.error()), errc::invalid_label);
  auto metrics = s->metrics();
  ASSERT_TRUE(metrics);
  EXPECT_TRUE(metrics->empty());
}

TEST(blocking_store, backpressure_refuses_whole_batch_and_counts_it) {
  test_dir dir;
  auto o = options(dir.path, 1);
  o.max_backlog = 0; // every shard is always "full"
  auto s = blocking_store::open(
      o, blocking_options{1, std::chrono::milliseconds{0}});
  ASSERT_TRUE(s);
  auto res = (*s)->write(points("m", "a", 0, 5));
  ASSERT_FALSE(res);
  EXPECT_EQ(code_of(res.error()), errc::backpressure);
  auto info = (*s)->info();
  ASSERT_TRUE(info);
  EXPECT_GE(info->refused_batches, 1u);
  EXPECT_EQ(info->series, 0u); // refused before registering anything
}

TEST(blocking_store, aggregates_latest_and_names) {
  test_dir dir;
  auto s = open_store(options(dir.path));
  ASSERT_TRUE(s);
  // host a: 0..11 at 10 s steps (two 60 s buckets); host b: constant 5.
  std::vector<sample> batch;
  for (int i = 0; i < 12; ++i) {
    batch.push_back(
        {"cpu", {{"host", "a"}, {"dc", "eu"}}, i * 10'000, double(i)});
    batch.push_back({"cpu", {{"host", "b"}, {"dc", "us"}}, i * 10'000, 5});
  }
  ASSERT_TRUE(s->write(batch));
  agg_query q;
  q.sel = sel("cpu{host=~\"a|b\"}");
  q.from = 0;
  q.to = 200'000;
  q.step = 60'000;
  q.fn = aggregate_fn::avg;
  auto res = s->aggregate(q);
  ASSERT_TRUE(res) << describe(res.error());
  ASSERT_EQ(res->size(), 2u);
  auto& a = (*res)[0];
  ASSERT_EQ(a.buckets.size(), 2u);
  EXPECT_EQ(a.buckets[0].bucket, 0);
  EXPECT_DOUBLE_EQ(a.buckets[0].value, 2.5);
  EXPECT_DOUBLE_EQ(a.buckets[1].value, 8.5);
  EXPECT_DOUBLE_EQ((*res)[1].buckets[0].value, 5);
  auto latest = s->latest(sel("cpu{dc=\"eu\"}"));
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->at(0).ts.at(0), 110'000);
  EXPECT_EQ(latest->at(0).values.at(0), 11);
  EXPECT_EQ(*s->label_values("cpu", "dc"),
            (std::vector<std::string>{"eu", "us"}));
  EXPECT_EQ(*s->label_names("cpu"), (std::vector<std::string>{"dc", "host"}));
  EXPECT_EQ(s->series(sel("cpu"))->size(), 2u);
  q.step = 0;
  auto bad = s->aggregate(q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(code_of(bad.error()), errc::invalid_argument);
}

TEST(blocking_store, latest_reads_stored_segments_too) {
  test_dir dir;
  {
    auto s = open_store(options(dir.path, 1));
    ASSERT_TRUE(s->write(points("m", "a", 0, 100, 60'000)));
    ASSERT_FALSE(s->close());
  }
  auto s = open_store(options(dir.path, 1));
  auto latest = s->latest(sel("m"));
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->at(0).ts.at(0), 99 * 60'000);
}

TEST(blocking_store, several_writer_threads_at_once) {
  test_dir dir;
  auto s = open_store(options(dir.path));
  ASSERT_TRUE(s);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int b = 0; b < 50; ++b)
        ASSERT_TRUE(
            s->write(points("w", "t" + std::to_string(t), b * 100'000, 100)));
    });
  for (auto& th : threads)
    th.join();
  auto res = query_all(*s, "w");
  ASSERT_EQ(res.size(), 4u);
  for (auto& sp : res)
    EXPECT_EQ(sp.ts.size(), 5000u);
}

TEST(blocking_store, second_open_of_a_directory_is_locked) {
  test_dir dir;
  auto s = open_store(options(dir.path));
  ASSERT_TRUE(s);
  auto again = blocking_store::open(options(dir.path));
  ASSERT_FALSE(again);
  EXPECT_EQ(code_of(again.error()), errc::locked);
}

TEST(blocking_store, writes_after_close_fail_with_closed) {
  test_dir dir;
  auto s = open_store(options(dir.path));
  ASSERT_FALSE(s->close());
  auto res = s->write(points("m", "a", 0, 1));
  ASSERT_FALSE(res);
  EXPECT_EQ(code_of(res.error()), errc::closed);
}

TEST(blocking_store, large_reads_decode_in_parallel_with_same_answer) {
  test_dir dir;
  // 80 series x 1,000 stored points: past the parallel-decoding threshold.
  {
    auto s = open_store(options(dir.path));
    for (int h = 0; h < 80; ++h)
      ASSERT_TRUE(
          s->write(points("big", "h" + std::to_string(h), 0, 1000, 60'000)));
    ASSERT_FALSE(s->close());
  }
  std::vector<std::vector<series_points>> answers;
  for (uint32_t readers : {1u, 3u}) {
    auto o = options(dir.path);
    o.readers = readers;
    auto s = open_store(o);
    answers.push_back(query_all(*s, "big"));
    ASSERT_FALSE(s->close());
  }
  ASSERT_EQ(answers[0].size(), 80u);
  ASSERT_EQ(answers[1].size(), 80u);
  for (size_t i = 0; i < 80; ++i) {
    EXPECT_EQ(answers[0][i].labels, answers[1][i].labels);
    EXPECT_EQ(answers[1][i].ts.size(), 1000u);
    EXPECT_EQ(answers[0][i].ts, answers[1][i].ts);
    EXPECT_EQ(answers[0][i].values, answers[1][i].values);
  }
}

TEST(blocking_store, every_ablation_switch_keeps_results_correct) {
  for (int off = 0; off < 5; ++off) {
    test_dir dir;
    auto o = options(dir.path, 3);
    auto& a = o.ablation;
    bool* flags[] = {&a.bulk_write, &a.single_pass_flush, &a.statement_cache,
                     &a.sharded_builders, &a.one_query_multi_read};
    *flags[off] = false;
    {
      auto s = open_store(o);
      ASSERT_TRUE(s);
      for (int b = 0; b < 20; ++b)
        for (int h = 0; h < 6; ++h)
          ASSERT_TRUE(s->write(
              points("m", "h" + std::to_string(h), b * 600'000, 10, 60'000)))
              << off;
      ASSERT_FALSE(s->flush(true));
      auto res = query_all(*s, "m");
      ASSERT_EQ(res.size(), 6u) << off;
      for (auto& sp : res)
        EXPECT_EQ(sp.ts.size(), 200u) << off;
      ASSERT_FALSE(s->close());
    }
    auto s = open_store(o);
    auto res = query_all(*s, "m");
    ASSERT_EQ(res.size(), 6u) << off;
    for (auto& sp : res)
      EXPECT_EQ(sp.ts.size(), 200u) << off;
  }
}
