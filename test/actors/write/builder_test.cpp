// The segment builder, run deterministically on CAF's test coordinator with a
// fake writer that records checkpoints and answers as told.
#include "actors/write/builder.hpp"

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::detail;

namespace {

struct writer_log {
  std::vector<checkpoint_request> commits;
  bool fail_next = false;
  uint64_t next_seq = 100;
};

writer_actor::behavior_type fake_writer(writer_actor::pointer,
                                        std::shared_ptr<writer_log> log) {
  return {
      [=](commit_atom, checkpoint_request& req) -> caf::result<uint64_t> {
        if (log->fail_next) {
          log->fail_next = false;
          return make_error(errc::io_error, "disk full (test)");
        }
        log->next_seq += req.closed.size();
        log->commits.push_back(std::move(req));
        return log->next_seq;
      },
      [](stats_atom) { return db::store_stats{}; },
      // The builder never sends these.
      [](rollup_atom, rollup_batch&) -> caf::result<caf::ok_atom> {
        return make_error(errc::invalid_argument, "unexpected");
      },
      [](compact_atom, compaction_batch&) -> caf::result<compaction_report> {
        return make_error(errc::invalid_argument, "unexpected");
      },
      [](retention_atom, int64_t) -> caf::result<retention_report> {
        return make_error(errc::invalid_argument, "unexpected");
      },
      [](orphans_atom) -> caf::result<std::vector<uint64_t>> {
        return make_error(errc::invalid_argument, "unexpected");
      },
      [](retire_atom, std::vector<uint64_t>&) -> caf::result<uint64_t> {
        return make_error(errc::invalid_argument, "unexpected");
      },
      [](tier_atom) -> caf::result<std::vector<tier_info>> {
        return make_error(errc::invalid_argument, "unexpected");
      },
  };
}

struct builder : ::testing::Test {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;
  std::shared_ptr<writer_log> log = std::make_shared<writer_log>();
  backlog_ptr bl = std::make_shared<backlog>(1);
  writer_actor writer;
  builder_actor b;

  void SetUp() override {
    cfg.set("scheduler.policy", caf::atom("testing"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
    writer = sys->spawn(fake_writer, log);
    builder_config bc;
    bc.policy.segment_ms = 1000;
    bc.policy.grace_ms = 0;
    bc.clock = [] { return int64_t{0}; };
    bc.committed_seq = 7;
    b = spawn_builder(*sys, bc, std::make_unique<series_buffer>(bc.policy),
                      writer, bl);
    sched->run();
  }

  void TearDown() override {
    caf::anon_send_exit(b, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    sched->run();
    sys.reset();
  }

  void ingest(std::vector<uint64_t> series, std::vector<int64_t> ts) {
    builder_input in;
    in.series = std::move(series);
    in.ts = std::move(ts);
    in.values.assign(in.ts.size(), 1.0);
    bl->builder_inputs[0].fetch_add(1);
    caf::anon_send(b, ingest_atom::value, std::move(in));
    sched->run();
  }

  caf::error checkpoint(bool seal_everything = false) {
    caf::scoped_actor self{*sys};
    self->send(b, ckpt_atom::value, uint32_t{0}, uint64_t{5},
               std::vector<std::string>{}, seal_everything);
    sched->run();
    caf::error out;
    self->receive([](caf::ok_atom) {}, [&](caf::error& e) { out = e; });
    return out;
  }

  memory_answer read(uint64_t id) {
    caf::scoped_actor self{*sys};
    memory_answer ans;
    ans.runs.resize(1);
    self->send(b, read_atom::value, std::vector<uint64_t>{id}, INT64_MIN,
               INT64_MAX, ans);
    sched->run();
    memory_answer out;
    self->receive([&](memory_answer& x) { out = std::move(x); });
    return out;
  }
};

} // namespace

TEST_F(builder, ingested_points_are_readable_and_counted) {
  ingest({1, 1, 2}, {10, 20, 30});
  EXPECT_EQ(bl->builder_inputs[0].load(), 0);
  auto ans = read(1);
  EXPECT_EQ(ans.runs[0].ts, (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(ans.committed_seq, 7u); // as the store opened
}

TEST_F(builder, checkpoint_commits_sealed_rows_then_drops_them) {
  ingest({1, 1}, {10, 1500}); // 1500 seals segment [0, 1000)
  ASSERT_FALSE(checkpoint());
  ASSERT_EQ(log->commits.size(), 1u);
  auto& c = log->commits[0];
  EXPECT_EQ(c.wal_gen, 5u);
  ASSERT_EQ(c.closed.size(), 1u);
  EXPECT_EQ(c.closed[0].start_ts, 10);
  ASSERT_EQ(c.open.size(), 1u); // [1000, 2000) still open
  auto ans = read(1);
  EXPECT_EQ(ans.committed_seq, 101u);
  // The committed point is SQLite's now; memory keeps only the open one.
  EXPECT_EQ(ans.runs[0].ts, (std::vector<int64_t>{1500}));
}

TEST_F(builder, failed_commit_keeps_points_and_resends_them) {
  ingest({1, 1}, {10, 1500});
  log->fail_next = true;
  auto err = checkpoint();
  ASSERT_TRUE(err);
  EXPECT_EQ(code_of(err), errc::io_error);
  EXPECT_EQ(read(1).runs[0].ts.size(), 2u); // nothing dropped
  ASSERT_FALSE(checkpoint());
  ASSERT_EQ(log->commits.size(), 1u);
  EXPECT_EQ(log->commits[0].closed.size(), 1u); // the same segment again
}

TEST_F(builder, new_series_definitions_reach_the_next_checkpoint) {
  builder_input in;
  in.defs.push_back({9, "m", ""});
  in.series = {9};
  in.ts = {1};
  in.values = {2};
  bl->builder_inputs[0].fetch_add(1);
  caf::anon_send(b, ingest_atom::value, std::move(in));
  sched->run();
  ASSERT_FALSE(checkpoint(true));
  ASSERT_EQ(log->commits.size(), 1u);
  ASSERT_EQ(log->commits[0].defs.size(), 1u);
  EXPECT_EQ(log->commits[0].defs[0].id, 9u);
  EXPECT_EQ(log->commits[0].closed.size(), 1u); // sealed by the close
  ASSERT_FALSE(checkpoint());
  EXPECT_TRUE(log->commits[1].defs.empty());
}
