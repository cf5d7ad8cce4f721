#include "actors/write/recovery.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "test/actors/test_dir.hpp"
#include "timeless/blocking_store.hpp"

using namespace timeless;

namespace {

store_options options(const std::string& dir, uint32_t shards = 2) {
  store_options o;
  o.data_dir = dir;
  o.shards = shards;
  o.flush_interval = std::chrono::milliseconds{100};
  return o;
}

std::vector<sample> batch(int b, int n = 200) {
  std::vector<sample> out;
  for (int i = 0; i < n; ++i)
    out.push_back(sample{"crash",
                         {{"series", std::to_string(i % 7)}},
                         int64_t{b} * 1'000'000 + i,
                         double(b * n + i)});
  return out;
}

/// Writes batches [from, to) to `s`; false once one is refused.
bool write_batches(blocking_store& s, int from, int to) {
  for (int b = from; b < to; ++b)
    if (!s.write(batch(b)))
      return false;
  return true;
}

uint64_t count_points(blocking_store& s) {
  raw_query q;
  q.sel = *parse_selector("crash");
  auto res = s.query(q);
  EXPECT_TRUE(res) << describe(res.error());
  uint64_t n = 0;
  if (res)
    for (auto& sp : *res)
      n += sp.ts.size();
  return n;
}

/// Runs `body` in a forked child that reports readiness through a pipe,
/// then kills the child with SIGKILL.
template <class Body>
void run_and_kill(Body body) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  auto pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    int rc = body() ? 0 : 1;
    char c = rc == 0 ? 'y' : 'n';
    if (::write(fds[1], &c, 1) != 1)
      ::_exit(2);
    for (;;)
      ::pause();
  }
  ::close(fds[1]);
  char c = 0;
  ASSERT_EQ(::read(fds[0], &c, 1), 1);
  ::close(fds[0]);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_EQ(c, 'y') << "the child failed before the kill";
}

} // namespace

TEST(recovery, kill_9_keeps_acknowledged_points) {
  test_dir dir;
  run_and_kill([&] {
    auto s = blocking_store::open(options(dir.path));
    if (!s)
      return false;
    if (!write_batches(**s, 0, 20))
      return false;
    if ((*s)->flush())
      return false;
    // Acknowledged, not flushed: present after more than a flush interval.
    if (!write_batches(**s, 20, 25))
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{300});
    s->release(); // never closed: the kill comes first
    return true;
  });
  auto s = blocking_store::open(options(dir.path));
  ASSERT_TRUE(s) << describe(s.error());
  EXPECT_EQ(count_points(**s), 25u * 200u);
  // The replayed points were checkpointed: a second reopen finds them too.
  ASSERT_FALSE((*s)->close());
  s = blocking_store::open(options(dir.path, 3));
  ASSERT_TRUE(s);
  EXPECT_EQ(count_points(**s), 25u * 200u);
}

TEST(recovery, kill_9_after_checkpoint_and_more_writes) {
  test_dir dir;
  run_and_kill([&] {
    auto s = blocking_store::open(options(dir.path));
    if (!s)
      return false;
    if (!write_batches(**s, 0, 10))
      return false;
    if ((*s)->flush(true)) // checkpointed into SQLite
      return false;
    if (!write_batches(**s, 10, 15))
      return false;
    if ((*s)->flush())
      return false;
    s->release();
    return true;
  });
  auto s = blocking_store::open(options(dir.path, 1));
  ASSERT_TRUE(s) << describe(s.error());
  EXPECT_EQ(count_points(**s), 15u * 200u);
}

TEST(recovery, torn_log_tail_is_ignored_and_earlier_records_kept) {
  test_dir dir;
  run_and_kill([&] {
    auto s = blocking_store::open(options(dir.path, 1));
    if (!s)
      return false;
    if (!write_batches(**s, 0, 3))
      return false;
    if ((*s)->flush())
      return false;
    s->release();
    return true;
  });
  // Append half a record's worth of garbage to the log, as a crash in the
  // middle of a write would leave it.
  bool torn = false;
  for (auto& e : std::filesystem::directory_iterator(dir.path + "/wal")) {
    if (e.path().extension() != ".log" || e.file_size() <= 64)
      continue;
    auto size = e.file_size();
    std::filesystem::resize_file(e.path(), size + 10);
    torn = true;
  }
  ASSERT_TRUE(torn);
  auto s = blocking_store::open(options(dir.path, 1));
  ASSERT_TRUE(s) << describe(s.error());
  EXPECT_EQ(count_points(**s), 3u * 200u);
}

TEST(recovery, sync_mode_loses_nothing_acknowledged) {
  test_dir dir;
  auto o = options(dir.path);
  o.mode = durability::sync;
  o.flush_interval = std::chrono::milliseconds{60'000}; // no timed sync
  run_and_kill([&] {
    auto s = blocking_store::open(o);
    if (!s)
      return false;
    if (!write_batches(**s, 0, 7))
      return false;
    s->release(); // killed right after the last acknowledgement
    return true;
  });
  auto s = blocking_store::open(o);
  ASSERT_TRUE(s) << describe(s.error());
  EXPECT_EQ(count_points(**s), 7u * 200u);
}
