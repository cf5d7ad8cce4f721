// `timeless serve` killed with SIGKILL in the middle of an import, then
// restarted on the same data directory: every point of every batch the
// server answered 2xx reads back through /api/v1/export, for each
// durability mode (docs/architecture.md, "Durability and the loss window"):
//
// - sync: the log is fdatasync'ed before the answer, so every 2xx batch is
//   there, up to the last one before the kill;
// - async: the answer comes once the batch is handed to the shards, which
//   append it to their logs within milliseconds; a killed process keeps
//   what was appended (the OS holds the pages). The documented window:
//   every batch answered at least one flush interval before the kill is
//   there; batches answered later may be missing, in part or whole.
//
// In both modes nothing is invented: every point read back is one that was
// sent, with its value; and the restarted server takes new writes.

#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "formats/jsonl_parser.hpp"
#include "test/actors/test_dir.hpp"
#include "test/server/http_client.hpp"
#include "test/server/serve_process.hpp"

using namespace timeless;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int points_per_batch = 500;
constexpr int series_per_batch = 4;
constexpr int64_t base_ts = 1700000000000;

/// Batch `b`'s point `i`: series k9{s="i % 4"}, a timestamp no other point
/// has, a value derived from both.
int64_t point_ts(int b, int i) {
  return base_ts + int64_t{b} * points_per_batch + i;
}
double point_value(int b, int i) {
  return b * 1000.0 + i + 0.25;
}

std::string batch_body(int b) {
  std::string out;
  for (int i = 0; i < points_per_batch; ++i)
    out += "k9{s=\"" + std::to_string(i % series_per_batch) + "\"} " +
           std::to_string(point_value(b, i)) + " " +
           std::to_string(point_ts(b, i)) + "\n";
  return out;
}

struct batch_result {
  int index = 0;
  int status = 0; // 0: no answer (connection broken)
  clock_type::time_point answered;
};

/// Imports batches 0, 1, ... over one keep-alive connection until the
/// connection breaks (the kill), recording each answer.
void ingest(uint16_t port, std::mutex& mtx, std::vector<batch_result>& out) {
  try {
    test_http::client c{port};
    for (int b = 0;; ++b) {
      auto r = c.send(test_http::http::verb::post, "/api/v1/import/prometheus",
                      batch_body(b));
      std::lock_guard<std::mutex> guard{mtx};
      out.push_back({b, static_cast<int>(r.result_int()), clock_type::now()});
    }
  } catch (const std::exception&) {
    // The server was killed: the batch in flight got no answer.
  }
}

/// ts -> value of every k9 point in an export body.
std::map<int64_t, double> read_back(const std::string& body, size_t& lines) {
  std::map<int64_t, double> out;
  std::vector<sample> samples;
  formats::jsonl_parser p;
  size_t pos = 0;
  lines = 0;
  while (pos < body.size()) {
    auto nl = body.find('\n', pos);
    if (nl == std::string::npos)
      nl = body.size();
    samples.clear();
    auto r = p.parse(std::string_view{body}.substr(pos, nl - pos), samples);
    EXPECT_NE(r.status, formats::line_status::error) << r.describe();
    for (auto& s : samples)
      out.emplace(s.ts, s.value);
    ++lines;
    pos = nl + 1;
  }
  return out;
}

void kill_mid_ingest_and_check(const std::string& mode,
                               std::chrono::milliseconds window) {
  test_dir dir;
  auto data = dir.path + "/data";
  std::vector<std::string> flags = {"--durability",     mode, "--shards", "2",
                                    "--flush-interval", "1s"};
  std::vector<batch_result> results;
  std::mutex mtx;
  clock_type::time_point killed;
  {
    test_serve::serve_process proc{data, dir.path + "/serve1.log", flags};
    ASSERT_TRUE(proc.ok());
    auto port = proc.wait_port();
    ASSERT_NE(port, 0) << proc.log();
    std::thread client{[&] { ingest(port, mtx, results); }};
    // Ingest until the window holds answers on both sides of its edge
    // (the first answer at least the window plus 500 ms before the kill,
    // and 30 answers in all), or for 15 s on a very slow machine.
    auto started = clock_type::now();
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
      std::lock_guard<std::mutex> guard{mtx};
      auto now = clock_type::now();
      if ((results.size() >= 30 &&
           now - results.front().answered >=
               window + std::chrono::milliseconds{500}) ||
          now - started > std::chrono::seconds{15})
        break;
    }
    killed = clock_type::now();
    auto st = proc.signal_and_wait(SIGKILL);
    client.join();
    ASSERT_TRUE(WIFSIGNALED(st)) << proc.log();
    EXPECT_EQ(WTERMSIG(st), SIGKILL);
  }
  ASSERT_GE(results.size(), 2u) << "too few batches before the kill";
  int sent = static_cast<int>(results.size()) + 1; // + the one in flight
  size_t must = 0;
  std::vector<int> required;
  for (auto& r : results) {
    ASSERT_EQ(r.status, 204) << "batch " << r.index;
    if (killed - r.answered >= window) {
      required.push_back(r.index);
      ++must;
    }
  }
  ASSERT_GT(must, 0u) << "no batch was answered before the window: "
                      << results.size() << " answered, the first "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(
                             killed - results.front().answered)
                             .count()
                      << " ms before the kill";
  test_serve::serve_process proc{data, dir.path + "/serve2.log", flags};
  ASSERT_TRUE(proc.ok());
  auto port = proc.wait_port();
  ASSERT_NE(port, 0) << proc.log();
  auto r = test_http::request(port, test_http::http::verb::get,
                              "/api/v1/export?match[]=k9");
  ASSERT_EQ(r.result_int(), 200) << r.body().substr(0, 300);
  size_t lines = 0;
  auto got = read_back(r.body(), lines);
  for (int b : required)
    for (int i = 0; i < points_per_batch; ++i) {
      auto it = got.find(point_ts(b, i));
      ASSERT_NE(it, got.end())
          << mode << ": batch " << b << " point " << i << " lost ("
          << results.size() << " batches answered, " << must
          << " before the window)";
      ASSERT_EQ(it->second, point_value(b, i));
    }
  // Nothing read back that was not sent, and every value is the one sent.
  for (auto& [ts, v] : got) {
    auto off = ts - base_ts;
    ASSERT_GE(off, 0);
    auto b = static_cast<int>(off / points_per_batch);
    auto i = static_cast<int>(off % points_per_batch);
    ASSERT_LT(b, sent) << "point of a batch never sent";
    ASSERT_EQ(v, point_value(b, i));
  }
  size_t answered_points = results.size() * points_per_batch;
  size_t lost = answered_points > got.size() ? answered_points - got.size() : 0;
  std::printf("[ %s ] %zu batches answered, %zu required by the window, "
              "%zu of %zu answered points read back (%zu missing)\n",
              mode.c_str(), results.size(), must, got.size(), answered_points,
              lost);
  if (window.count() == 0) {
    EXPECT_GE(got.size(), answered_points);
  }
  // The restarted server takes new writes and reads them back.
  auto w = test_http::request(port, test_http::http::verb::post,
                              "/api/v1/import/prometheus",
                              "after{x=\"1\"} 5 1700000000000\n");
  EXPECT_EQ(w.result_int(), 204) << w.body();
  auto a = test_http::request(port, test_http::http::verb::get,
                              "/api/v1/export?match[]=after");
  EXPECT_NE(a.body().find("\"values\":[5]"), std::string::npos) << a.body();
  auto st = proc.stop();
  ASSERT_TRUE(WIFEXITED(st)) << proc.log();
  EXPECT_EQ(WEXITSTATUS(st), 0) << proc.log();
}

} // namespace

TEST(serve_kill9, sync_keeps_every_acknowledged_batch) {
  kill_mid_ingest_and_check("sync", std::chrono::milliseconds{0});
}

TEST(serve_kill9,
     async_keeps_every_batch_acknowledged_a_flush_interval_before) {
  kill_mid_ingest_and_check("async", std::chrono::milliseconds{1000});
}
