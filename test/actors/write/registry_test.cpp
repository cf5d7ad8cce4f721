// The registry, run deterministically on CAF's test coordinator with fake
// shards that record what reaches them.
#include "actors/write/registry.hpp"

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

/// What the fake shards received.
struct inbox {
  std::vector<std::pair<size_t, shard_batch>> batches;
};

shard_actor::behavior_type fake_shard(shard_actor::pointer, size_t index,
                                      std::shared_ptr<inbox> in,
                                      backlog_ptr bl) {
  auto take = [=](shard_batch& b) {
    bl->shard_batches[index].fetch_sub(1);
    in->batches.emplace_back(index, std::move(b));
  };
  return {
      [=](write_atom, shard_batch& b) { take(b); },
      [=](write_atom, shard_batch& b, bool) {
        take(b);
        return caf::ok_atom::value;
      },
      [](caf::tick_atom) {},
      [](caf::flush_atom, bool) { return caf::ok_atom::value; },
      [](read_atom, std::vector<uint64_t>&, int64_t, int64_t) {
        return memory_answer{};
      },
      [](info_atom) { return uint64_t{0}; },
      [](close_atom) { return caf::ok_atom::value; },
  };
}

struct registry : ::testing::Test {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;
  std::shared_ptr<inbox> in = std::make_shared<inbox>();
  backlog_ptr bl;
  registry_actor reg;

  void start(size_t shards, registry_config rc = {}) {
    cfg.set("scheduler.policy", caf::atom("testing"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
    bl = std::make_shared<backlog>(shards);
    std::vector<shard_actor> hs;
    for (size_t i = 0; i < shards; ++i)
      hs.push_back(sys->spawn(fake_shard, i, in, bl));
    if (!rc.clock)
      rc.clock = [] { return int64_t{777}; };
    reg = spawn_registry(*sys, rc, std::make_unique<series_index>(), hs, bl);
    sched->run();
  }

  void TearDown() override {
    if (sys) {
      caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
      sched->run();
      sys.reset();
    }
  }

  /// Sends a request, runs every actor to quiescence, returns the reply.
  template <class T, class... Ts>
  caf::expected<T> ask(Ts... xs) {
    caf::scoped_actor self{*sys};
    self->send(reg, xs...);
    sched->run();
    caf::expected<T> out{caf::error{}};
    self->receive([&](T& x) { out = std::move(x); },
                  [&](caf::error& err) { out = std::move(err); });
    return out;
  }

  static std::vector<sample> batch(int series, int64_t ts = 1) {
    std::vector<sample> out;
    for (int i = 0; i < series; ++i)
      out.push_back(sample{"m", {{"id", std::to_string(i)}}, ts, double(i)});
    return out;
  }
};

} // namespace

TEST_F(registry, one_message_per_non_empty_shard_per_batch) {
  start(4);
  auto n = ask<uint64_t>(write_atom::value, batch(10));
  ASSERT_TRUE(n) << describe(n.error());
  EXPECT_EQ(*n, 10u);
  // Ids 1..10 over 4 shards: every shard gets exactly one message.
  ASSERT_EQ(in->batches.size(), 4u);
  size_t points = 0;
  for (auto& [shard, b] : in->batches) {
    for (auto id : b.points.series)
      EXPECT_EQ(id % 4, shard);
    // New series are defined in the message that first uses them.
    EXPECT_EQ(b.defs.size(), b.points.series.size());
    points += b.points.series.size();
  }
  EXPECT_EQ(points, 10u);
}

TEST_F(registry, definitions_travel_only_with_the_first_batch) {
  start(1);
  ASSERT_TRUE(ask<uint64_t>(write_atom::value, batch(3)));
  ASSERT_TRUE(ask<uint64_t>(write_atom::value, batch(3, 2)));
  ASSERT_EQ(in->batches.size(), 2u);
  EXPECT_EQ(in->batches[0].second.defs.size(), 3u);
  EXPECT_TRUE(in->batches[1].second.defs.empty());
  EXPECT_EQ(in->batches[1].second.points.series,
            (std::vector<uint64_t>{1, 2, 3}));
}

TEST_F(registry, invalid_sample_refuses_whole_batch_naming_it) {
  start(2);
  auto b = batch(5);
  b[3].labels.push_back({"__reserved", "x"});
  auto n = ask<uint64_t>(write_atom::value, b);
  ASSERT_FALSE(n);
  EXPECT_EQ(code_of(n.error()), errc::invalid_label);
  EXPECT_NE(describe(n.error()).find("sample 3"), std::string::npos);
  EXPECT_TRUE(in->batches.empty());
  auto metrics = ask<std::vector<std::string>>(metrics_atom::value);
  ASSERT_TRUE(metrics);
  EXPECT_TRUE(metrics->empty()); // nothing registered
}

TEST_F(registry, backpressure_refuses_before_registering) {
  start(2);
  bl->builder_inputs[1].store(64); // builder 1 at the high-water mark
  auto n = ask<uint64_t>(write_atom::value, batch(4));
  ASSERT_FALSE(n);
  EXPECT_EQ(code_of(n.error()), errc::backpressure);
  EXPECT_NE(describe(n.error()).find("builder 1"), std::string::npos);
  EXPECT_EQ(bl->refused.load(), 1u);
  EXPECT_TRUE(in->batches.empty());
  EXPECT_EQ(*ask<uint64_t>(info_atom::value), 0u);
  bl->builder_inputs[1].store(63); // one below: accepted
  EXPECT_TRUE(ask<uint64_t>(write_atom::value, batch(4)));
  EXPECT_EQ(*ask<uint64_t>(info_atom::value), 4u);
}

TEST_F(registry, failed_log_refuses_writes_with_io_error) {
  start(1);
  bl->io_failures.store(1);
  auto n = ask<uint64_t>(write_atom::value, batch(1));
  ASSERT_FALSE(n);
  EXPECT_EQ(code_of(n.error()), errc::io_error);
}

TEST_F(registry, unchecked_log_bytes_past_limit_is_backpressure) {
  start(1);
  bl->max_unchecked_bytes = 100;
  bl->unchecked_bytes[0].store(101);
  auto n = ask<uint64_t>(write_atom::value, batch(1));
  ASSERT_FALSE(n);
  EXPECT_EQ(code_of(n.error()), errc::backpressure);
}

TEST_F(registry, resolved_batches_are_checked) {
  start(2);
  auto ids = ask<std::vector<uint64_t>>(
      resolve_atom::value,
      std::vector<series_key>{{"m", {{"a", "1"}}}, {"m", {{"a", "2"}}}});
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<uint64_t>{1, 2}));
  resolved_batch unknown{{1, 3}, {5, 6}, {1.0, 2.0}};
  auto n = ask<uint64_t>(write_atom::value, unknown);
  ASSERT_FALSE(n);
  EXPECT_NE(describe(n.error()).find("unknown series id 3"), std::string::npos);
  resolved_batch ragged{{1, 2}, {5}, {1.0, 2.0}};
  n = ask<uint64_t>(write_atom::value, ragged);
  ASSERT_FALSE(n);
  EXPECT_EQ(code_of(n.error()), errc::invalid_argument);
  in->batches.clear();
  resolved_batch ok{{1, 2}, {now_timestamp, 9}, {1.0, 2.0}};
  n = ask<uint64_t>(write_atom::value, ok);
  ASSERT_TRUE(n);
  ASSERT_EQ(in->batches.size(), 2u);
  for (auto& [shard, b] : in->batches)
    for (size_t i = 0; i < b.points.series.size(); ++i)
      EXPECT_EQ(b.points.ts[i], b.points.series[i] == 1 ? 777 : 9);
}

TEST_F(registry, bulk_switch_off_sends_one_message_per_point) {
  registry_config rc;
  rc.bulk_write = false;
  start(2, rc);
  ASSERT_TRUE(ask<uint64_t>(write_atom::value, batch(6)));
  EXPECT_EQ(in->batches.size(), 6u);
  for (auto& [shard, b] : in->batches)
    EXPECT_EQ(b.points.series.size(), 1u);
}

TEST_F(registry, sync_mode_replies_after_every_shard) {
  registry_config rc;
  rc.mode = durability::sync;
  start(3, rc);
  auto n = ask<uint64_t>(write_atom::value, batch(9));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 9u);
  EXPECT_EQ(in->batches.size(), 3u);
}

TEST_F(registry, retire_spares_series_written_after_the_fence) {
  start(2);
  ASSERT_TRUE(ask<uint64_t>(write_atom::value, batch(4))); // ids 1..4
  auto fence = ask<uint64_t>(fence_atom::value);
  ASSERT_TRUE(fence);
  // Series 2 is written after the fence; 3 is resolved after it.
  std::vector<sample> again{sample{"m", {{"id", "1"}}, 5, 1.0}};
  ASSERT_TRUE(ask<uint64_t>(write_atom::value, again));
  std::vector<series_key> keys{series_key{"m", {{"id", "2"}}}};
  ASSERT_TRUE(ask<std::vector<uint64_t>>(resolve_atom::value, keys));
  auto gone = ask<std::vector<uint64_t>>(
      retire_atom::value, std::vector<uint64_t>{1, 2, 3, 4, 99}, *fence);
  ASSERT_TRUE(gone) << describe(gone.error());
  EXPECT_EQ(*gone, (std::vector<uint64_t>{1, 4}));
  // Removed series are gone from every listing ...
  auto listed =
      ask<std::vector<series_info>>(series_atom::value, *parse_selector("m"));
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, 2u);
  EXPECT_EQ((*listed)[1].id, 3u);
  // ... writes by their old id are refused with a reason ...
  resolved_batch old;
  old.series = {4};
  old.ts = {1};
  old.values = {1.0};
  auto refused = ask<uint64_t>(write_atom::value, old);
  ASSERT_FALSE(refused);
  EXPECT_NE(describe(refused.error()).find("removed by retention"),
            std::string::npos);
  // ... and writing the name again registers a fresh id.
  std::vector<sample> back{sample{"m", {{"id", "3"}}, 9, 1.0}};
  ASSERT_TRUE(ask<uint64_t>(write_atom::value, back));
  auto ids = ask<std::vector<uint64_t>>(
      resolve_atom::value, std::vector<series_key>{{"m", {{"id", "3"}}}});
  ASSERT_TRUE(ids);
  EXPECT_EQ((*ids)[0], 5u);
}
