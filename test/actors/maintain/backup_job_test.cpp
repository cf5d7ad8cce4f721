// The store's online backup (actors/maintain/backup_job.cpp) through the
// blocking facade: taken while other threads keep writing, the copy holds
// every point acknowledged before the backup call started.

#include "actors/maintain/backup_job.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <caf/scoped_actor.hpp>

#include "test/actors/test_dir.hpp"
#include "timeless/blocking_store.hpp"

using namespace timeless;
namespace fs = std::filesystem;

namespace {

constexpr int writers = 3;
constexpr int batch = 50;

store_options options(const std::string& dir,
                      std::chrono::milliseconds checkpoint_every =
                          std::chrono::milliseconds{10'000}) {
  store_options o;
  o.data_dir = dir;
  o.shards = 2;
  o.clock = [] { return int64_t{1'700'000'000'000}; };
  o.checkpoint_interval = checkpoint_every;
  o.flush_interval = std::chrono::milliseconds{5};
  return o;
}

int64_t ts_of(int i) {
  return 1'600'000'000'000 + int64_t{i} * 1000;
}

double value_of(int w, int i) {
  return w * 1e7 + i + 0.25;
}

/// Writer `w` writes batches of its series until `stop`, counting the
/// points acknowledged so far in `acked` (after each write returns).
void write_until(blocking_store& s, int w, std::atomic<int>& acked,
                 const std::atomic<bool>& stop) {
  int next = 0;
  while (!stop.load()) {
    std::vector<sample> b;
    for (int k = 0; k < batch; ++k, ++next)
      b.push_back(sample{"load",
                         {{"writer", std::to_string(w)}},
                         ts_of(next),
                         value_of(w, next)});
    auto n = s.write(std::move(b));
    ASSERT_TRUE(n) << describe(n.error());
    acked.store(next);
  }
}

/// Checks that the store in `dir` holds the first `acked[w]` points of
/// every writer with their exact values.
void expect_acknowledged(const std::string& dir, const int (&acked)[writers]) {
  auto s = blocking_store::open(options(dir));
  ASSERT_TRUE(s) << describe(s.error());
  for (int w = 0; w < writers; ++w) {
    raw_query q;
    q.sel = *parse_selector("load{writer=\"" + std::to_string(w) + "\"}");
    auto res = (*s)->query(q);
    ASSERT_TRUE(res) << describe(res.error());
    ASSERT_EQ(res->size(), 1u) << "writer " << w;
    auto& sp = res->front();
    ASSERT_GE(sp.ts.size(), size_t(acked[w])) << "writer " << w;
    for (int i = 0; i < acked[w]; ++i) {
      ASSERT_EQ(sp.ts[i], ts_of(i)) << "writer " << w << " point " << i;
      ASSERT_EQ(sp.values[i], value_of(w, i))
          << "writer " << w << " point " << i;
    }
  }
  ASSERT_FALSE((*s)->close());
}

/// Backs up a store while three threads keep writing, then checks the
/// restored copy and the copy itself.
void backup_under_ingest(std::chrono::milliseconds checkpoint_every) {
  test_dir data;
  test_dir out;
  auto dest = out.path + "/copy";
  int before[writers] = {};
  {
    auto s = blocking_store::open(options(data.path, checkpoint_every));
    ASSERT_TRUE(s) << describe(s.error());
    std::atomic<int> acked[writers] = {};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w)
      threads.emplace_back([&, w] { write_until(**s, w, acked[w], stop); });
    // Let every writer get some points acknowledged first.
    for (int w = 0; w < writers; ++w)
      while (acked[w].load() < 20 * batch)
        std::this_thread::yield();
    for (int w = 0; w < writers; ++w)
      before[w] = acked[w].load();
    auto report = (*s)->backup(dest);
    stop = true;
    for (auto& t : threads)
      t.join();
    ASSERT_TRUE(report) << describe(report.error());
    EXPECT_EQ(report->path, dest);
    // The points' database and the catalog.
    EXPECT_EQ(report->files, 2u);
    EXPECT_EQ(report->bytes, fs::file_size(dest + "/timeless.db") +
                                 fs::file_size(dest + "/catalog.db"));
    EXPECT_GE(report->duration_ms, 0);
    ASSERT_FALSE((*s)->close());
  }
  ASSERT_FALSE(verify_backup(dest));
  // Restored into a new directory ...
  auto restored = out.path + "/restored";
  auto r = restore_backup(dest, restored);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->files, 2u);
  expect_acknowledged(restored, before);
  // ... and opened directly.
  expect_acknowledged(dest, before);
}

} // namespace

// With checkpoints only every 10 s, most acknowledged points are in memory
// and the logs when the backup starts: only the backup's own checkpoint
// brings them into the copy.
TEST(backup_job, copy_taken_under_ingest_holds_every_acknowledged_point) {
  backup_under_ingest(std::chrono::milliseconds{10'000});
}

// Checkpoints every 20 ms keep committing while the copy runs: the copy
// still reads one consistent snapshot.
TEST(backup_job, copy_is_consistent_while_checkpoints_commit) {
  backup_under_ingest(std::chrono::milliseconds{20});
}

TEST(backup_job, a_non_empty_destination_is_refused_naming_it) {
  test_dir data;
  test_dir out;
  std::ofstream{out.path + "/x"} << "x";
  auto s = blocking_store::open(options(data.path));
  ASSERT_TRUE(s);
  ASSERT_TRUE((*s)->write({sample{"m", {}, 1000, 1}}));
  auto report = (*s)->backup(out.path);
  ASSERT_FALSE(report);
  EXPECT_EQ(code_of(report.error()), errc::invalid_argument);
  EXPECT_NE(
      describe(report.error()).find(out.path + " exists and is not empty"),
      std::string::npos)
      << describe(report.error());
  EXPECT_FALSE(fs::exists(out.path + "/timeless.db"));
}

TEST(backup_job, a_backup_of_a_fresh_store_restores_to_an_empty_store) {
  test_dir data;
  test_dir out;
  auto dest = out.path + "/copy";
  auto s = blocking_store::open(options(data.path));
  ASSERT_TRUE(s);
  auto report = (*s)->backup(dest);
  ASSERT_TRUE(report) << describe(report.error());
  ASSERT_FALSE((*s)->close());
  auto restored = out.path + "/restored";
  ASSERT_TRUE(restore_backup(dest, restored));
  auto t = blocking_store::open(options(restored));
  ASSERT_TRUE(t) << describe(t.error());
  auto names = (*t)->metrics();
  ASSERT_TRUE(names);
  EXPECT_TRUE(names->empty());
}

TEST(backup_job, a_closed_store_refuses_a_backup) {
  test_dir data;
  test_dir out;
  auto s = blocking_store::open(options(data.path));
  ASSERT_TRUE(s);
  auto store = (*s)->handle();
  caf::scoped_actor self{(*s)->system()};
  self->request(store, caf::infinite, close_atom::value)
      .receive([](caf::ok_atom) {}, [](caf::error&) {});
  caf::error got;
  self->request(store, caf::infinite, backup_atom::value, out.path + "/copy")
      .receive([](backup_report&) {}, [&](caf::error& e) { got = e; });
  EXPECT_TRUE(got);
  EXPECT_FALSE(fs::exists(out.path + "/copy"));
}
