// A buffer shard with a real log directory and a fake builder, on CAF's
// deterministic test coordinator.
#include "actors/write/shard.hpp"

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "db/wal_files.hpp"
#include "db/wal_reader.hpp"
#include "test/actors/test_dir.hpp"
#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::detail;

namespace {

struct builder_log {
  std::vector<builder_input> inputs;
  std::vector<std::pair<uint64_t, std::vector<std::string>>> checkpoints;
};

builder_actor::behavior_type fake_builder(builder_actor::pointer,
                                          std::shared_ptr<builder_log> log,
                                          backlog_ptr bl) {
  return {
      [=](ingest_atom, builder_input& in) {
        bl->builder_inputs[in.shard].fetch_sub(1);
        log->inputs.push_back(std::move(in));
      },
      [=](ckpt_atom, uint32_t, uint64_t gen, std::vector<std::string>& files,
          bool) {
        log->checkpoints.emplace_back(gen, files);
        return caf::ok_atom::value;
      },
      [=](read_atom, std::vector<uint64_t>&, int64_t, int64_t,
          memory_answer& ans) {
        ans.committed_seq = 42;
        return std::move(ans);
      },
      [](info_atom) { return uint64_t{0}; },
      [](commit_atom) { return uint64_t{0}; },
  };
}

struct shard : ::testing::Test {
  test_dir dir;
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;
  std::shared_ptr<builder_log> log = std::make_shared<builder_log>();
  backlog_ptr bl = std::make_shared<backlog>(1);
  builder_actor b;
  shard_actor s;

  void SetUp() override {
    cfg.set("scheduler.policy", caf::atom("testing"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
    b = sys->spawn(fake_builder, log, bl);
    shard_config sc;
    sc.wal_dir = dir.path;
    sc.first_gen = 3;
    sc.flush_threshold = 4;
    sc.flush_interval = std::chrono::hours{1}; // ticks only when triggered
    sc.checkpoint_interval = std::chrono::hours{1};
    auto h = spawn_shard(*sys, sc, b, bl);
    ASSERT_TRUE(h);
    s = *h;
    sched->run();
  }

  void TearDown() override {
    caf::anon_send_exit(s, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(b, caf::exit_reason::user_shutdown);
    sched->run();
    sys.reset();
  }

  void write(std::vector<uint64_t> ids,
             std::vector<db::wal_series_def> defs = {}) {
    shard_batch sb;
    sb.defs = std::move(defs);
    sb.points.series = ids;
    sb.points.ts.assign(ids.size(), 7);
    sb.points.values.assign(ids.size(), 1.5);
    bl->shard_batches[0].fetch_add(1);
    caf::anon_send(s, write_atom::value, std::move(sb));
    sched->run();
  }

  std::vector<db::wal_file> logs() {
    std::vector<db::wal_file> out;
    EXPECT_TRUE(db::list_wal_files(dir.path, out).is_ok());
    return out;
  }
};

} // namespace

TEST_F(shard, batches_reach_the_log_before_the_builder) {
  write({1, 2}, {{1, "m", ""}});
  EXPECT_EQ(bl->shard_batches[0].load(), 0);
  EXPECT_TRUE(log->inputs.empty()); // below the threshold: still buffered
  auto files = logs();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].gen, 3u);
  std::unique_ptr<db::wal_reader> rd;
  ASSERT_TRUE(db::wal_reader::open_file(files[0].path, rd).is_ok());
  db::wal_record rec;
  bool end = false;
  ASSERT_TRUE(rd->next(rec, end).is_ok());
  ASSERT_FALSE(end);
  EXPECT_EQ(rec.series, (std::vector<uint64_t>{1, 2}));
  ASSERT_EQ(rec.defs.size(), 1u);
}

TEST_F(shard, buffer_moves_to_the_builder_at_the_threshold_in_one_message) {
  write({1, 2});
  write({3, 4, 5});
  ASSERT_EQ(log->inputs.size(), 1u);
  EXPECT_EQ(log->inputs[0].series, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(bl->builder_inputs[0].load(), 0);
}

TEST_F(shard, read_flushes_the_buffer_first_then_asks_the_builder) {
  write({1});
  caf::scoped_actor self{*sys};
  self->send(s, read_atom::value, std::vector<uint64_t>{1, 9}, INT64_MIN,
             INT64_MAX);
  sched->run();
  self->receive([&](memory_answer& ans) {
    EXPECT_EQ(ans.committed_seq, 42u);
    ASSERT_EQ(ans.runs.size(), 2u);
    EXPECT_EQ(ans.runs[1].series, 9u);
  });
  ASSERT_EQ(log->inputs.size(), 1u); // moved before the read
}

TEST_F(shard, flush_with_checkpoint_rotates_the_log) {
  write({1});
  caf::scoped_actor self{*sys};
  self->send(s, caf::flush_atom::value, true);
  sched->run();
  self->receive([](caf::ok_atom) {},
                [](caf::error& e) { FAIL() << describe(e); });
  ASSERT_EQ(log->checkpoints.size(), 1u);
  EXPECT_EQ(log->checkpoints[0].first, 3u); // generation 3 is complete
  ASSERT_EQ(log->checkpoints[0].second.size(), 1u);
  auto files = logs();
  ASSERT_EQ(files.size(), 2u); // the fake builder deleted nothing
  EXPECT_EQ(files[1].gen, 4u); // writing continues in generation 4
  EXPECT_EQ(log->inputs.size(), 1u);
}
