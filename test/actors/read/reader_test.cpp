// A query reader against a real SQLite file, on CAF's deterministic test
// coordinator.
#include "actors/read/reader.hpp"

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/write/writer.hpp"
#include "codec/segment_codec.hpp"
#include "test/actors/test_dir.hpp"
#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::detail;

namespace {

struct reader : ::testing::Test {
  test_dir dir;
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;
  reader_actor r;
  codec::segment_encoder enc;

  db::segment_row row(uint64_t series, std::vector<int64_t> ts,
                      std::vector<double> values) {
    db::segment_row out{
        series, ts.front(), ts.back(), static_cast<uint32_t>(ts.size()), 0, {}};
    enc.encode(ts, values, out.data);
    return out;
  }

  /// Commits `rows` (seqs assigned from 1), then starts the reader.
  void start(std::vector<db::segment_row> rows) {
    std::unique_ptr<db::database> w;
    ASSERT_TRUE(db::database::open(dir.path + "/t.db", {}, w).is_ok());
    checkpoint_request req;
    req.defs = {{1, "a", ""}, {2, "b", ""}};
    req.closed = std::move(rows);
    uint64_t seq = 1;
    ASSERT_TRUE(commit_checkpoint(*w, req, seq).is_ok());
    cfg.set("scheduler.policy", caf::atom("testing"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
    std::unique_ptr<db::database> rd;
    db::open_options ro;
    ro.read_only = true;
    ro.migrate = false;
    ASSERT_TRUE(db::database::open(dir.path + "/t.db", ro, rd).is_ok());
    r = spawn_reader(*sys, std::move(rd), true);
    sched->run();
  }

  void TearDown() override {
    if (sys) {
      caf::anon_send_exit(r, caf::exit_reason::user_shutdown);
      sched->run();
      sys.reset();
    }
  }

  caf::expected<read_answer> read(std::vector<uint64_t> ids,
                                  std::vector<uint64_t> seqs,
                                  uint32_t readers = 1) {
    caf::scoped_actor self{*sys};
    self->send(r, read_atom::value, ids, seqs, INT64_MIN, INT64_MAX, readers);
    sched->run();
    caf::expected<read_answer> out{caf::error{}};
    self->receive([&](read_answer& a) { out = std::move(a); },
                  [&](caf::error& e) { out = std::move(e); });
    return out;
  }
};

} // namespace

TEST_F(reader, rows_above_a_series_seq_are_left_to_memory) {
  // seqs 1, 2 for series 1 and 3 for series 2.
  start({row(1, {10, 20}, {1, 2}), row(1, {30}, {3}), row(2, {5}, {9})});
  auto ans = read({1, 2}, {1, 3});
  ASSERT_TRUE(ans) << describe(ans.error());
  ASSERT_EQ(ans->runs.size(), 2u);
  EXPECT_EQ(ans->runs[0].ts, (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(ans->runs[1].ts, (std::vector<int64_t>{5}));
}

TEST_F(reader, rows_concatenate_in_seq_order_for_stable_merging) {
  // The later row (seq 2) starts earlier; its points come after seq 1's.
  start({row(1, {10, 20}, {1, 2}), row(1, {5, 10}, {7, 8})});
  auto ans = read({1}, {10});
  ASSERT_TRUE(ans);
  EXPECT_EQ(ans->runs[0].ts, (std::vector<int64_t>{10, 20, 5, 10}));
  EXPECT_EQ(ans->runs[0].values, (std::vector<double>{1, 2, 7, 8}));
}

TEST_F(reader, corrupt_blob_names_the_series) {
  auto bad = row(2, {1, 2, 3}, {1, 2, 3});
  bad.data[bad.data.size() / 2] ^= 0x40;
  start({row(1, {1}, {1}), bad});
  auto ans = read({1, 2}, {10, 10});
  ASSERT_FALSE(ans);
  EXPECT_EQ(code_of(ans.error()), errc::corruption);
  EXPECT_NE(describe(ans.error()).find("series 2"), std::string::npos);
}

TEST_F(reader, large_reads_come_back_as_parts_covering_every_series) {
  std::vector<db::segment_row> rows;
  std::vector<uint64_t> ids, seqs;
  for (uint64_t id = 1; id <= 2; ++id) {
    for (int k = 0; k < 40; ++k) {
      std::vector<int64_t> ts(1000);
      std::vector<double> vs(1000);
      for (int i = 0; i < 1000; ++i) {
        ts[i] = (k * 1000 + i) * 1000;
        vs[i] = i % 17;
      }
      rows.push_back(row(id, ts, vs));
    }
    ids.push_back(id);
    seqs.push_back(1000);
  }
  start(std::move(rows));
  auto ans = read(ids, seqs, 2);
  ASSERT_TRUE(ans);
  ASSERT_TRUE(ans->runs.empty());
  ASSERT_EQ(ans->parts.size(), 2u);
  size_t slots = 0;
  for (auto& p : ans->parts) {
    EXPECT_EQ(p.first_slot, slots);
    slots += p.slots;
  }
  EXPECT_EQ(slots, 2u);
  // Each part decodes on its own to its series' points.
  caf::scoped_actor self{*sys};
  for (auto& p : ans->parts) {
    self->send(r, decode_atom::value, p, INT64_MIN, INT64_MAX);
    sched->run();
    self->receive([&](std::vector<series_run>& runs) {
      ASSERT_EQ(runs.size(), p.slots);
      for (auto& run : runs)
        EXPECT_EQ(run.ts.size(), 40'000u);
    });
  }
}
