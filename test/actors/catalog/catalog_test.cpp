// The catalog through the store's blocking facade: metadata, annotations,
// alert rules and states (actors/catalog/catalog.cpp, db/catalog_db.cpp).

#include "actors/catalog/catalog.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include <sqlite3.h>

#include "test/actors/test_dir.hpp"
#include "timeless/blocking_store.hpp"

using namespace timeless;

namespace {

constexpr int64_t now_ms = 1'700'000'000'000;

store_options options(const std::string& dir) {
  store_options o;
  o.data_dir = dir;
  o.shards = 1;
  o.clock = [] { return now_ms; };
  return o;
}

std::unique_ptr<blocking_store> open_store(const std::string& dir) {
  auto s = blocking_store::open(options(dir));
  EXPECT_TRUE(s) << describe(s.error());
  return s ? std::move(*s) : nullptr;
}

void poke(const std::string& path, const char* sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, &err), SQLITE_OK)
      << (err != nullptr ? err : "");
  sqlite3_free(err);
  sqlite3_close(raw);
}

uintmax_t wal_bytes(const std::string& dir) {
  std::error_code ec;
  auto n = std::filesystem::file_size(dir + "/catalog.db-wal", ec);
  return ec ? 0 : n;
}

alert_rule rule(std::string name = "cpu high") {
  alert_rule r;
  r.name = std::move(name);
  r.metric = "cpu";
  r.labels = {{"region", "eu"}, {"host", "a"}};
  r.condition = alert_condition::below;
  r.threshold = 0.5;
  r.duration = 60'000;
  r.aggregate = aggregate_fn::max;
  r.webhook_url = "http://127.0.0.1:1/hook";
  return r;
}

/// The error's message must mention `what`.
void expect_invalid(const caf::error& err, const std::string& what) {
  ASSERT_TRUE(err);
  EXPECT_EQ(code_of(err), errc::invalid_argument) << describe(err);
  EXPECT_NE(describe(err).find(what), std::string::npos) << describe(err);
}

} // namespace

TEST(catalog, metadata_round_trip_survives_reopen) {
  test_dir dir;
  {
    auto s = open_store(dir.path);
    ASSERT_TRUE(s);
    auto err = s->put_metadata(
        {{"http_requests_total", "counter", "", "Requests served"},
         {"temp", "gauge", "celsius", ""}});
    ASSERT_FALSE(err) << describe(err);
  }
  auto s = open_store(dir.path);
  ASSERT_TRUE(s);
  auto all = s->metadata();
  ASSERT_TRUE(all) << describe(all.error());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].metric, "http_requests_total");
  EXPECT_EQ((*all)[0].type, "counter");
  EXPECT_EQ((*all)[0].help, "Requests served");
  EXPECT_EQ((*all)[1].unit, "celsius");
  auto one = s->metadata("temp");
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].type, "gauge");
  auto none = s->metadata("absent");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(catalog, unchanged_metadata_is_not_rewritten) {
  test_dir dir;
  auto s = open_store(dir.path);
  ASSERT_TRUE(s);
  std::vector<metric_metadata> batch{{"up", "gauge", "", "Is it up"}};
  ASSERT_FALSE(s->put_metadata(batch));
  auto after_first = wal_bytes(dir.path);
  ASSERT_GT(after_first, 0u);
  for (int i = 0; i < 5; ++i)
    ASSERT_FALSE(s->put_metadata(batch));
  // No frame was appended to catalog.db's write-ahead log.
  EXPECT_EQ(wal_bytes(dir.path), after_first);
  ASSERT_FALSE(s->put_metadata({{"up", "gauge", "", "Is it up?"}}));
  EXPECT_GT(wal_bytes(dir.path), after_first);
}

TEST(catalog, metadata_validation_names_the_entry_and_refuses_the_batch) {
  test_dir dir;
  auto s = open_store(dir.path);
  ASSERT_TRUE(s);
  expect_invalid(
      s->put_metadata(
          {{"ok_metric", "gauge", "", ""}, {"m", "countr", "", ""}}),
      "metadata entry 1 (metric 'm'): type 'countr' is not one of counter, "
      "gauge, histogram, gaugehistogram, summary, info, stateset, unknown");
  expect_invalid(s->put_metadata({{"1bad", "gauge", "", ""}}),
                 "metadata entry 0 (metric '1bad')");
  expect_invalid(s->put_metadata({{"", "gauge", "", ""}}), "metadata entry 0");
  expect_invalid(s->put_metadata({{"m", "gauge", "", "\xff"}}),
                 "help is not valid UTF-8");
  auto all = s->metadata();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty()); // nothing of a refused batch is stored
}

TEST(catalog, annotations_round_trip_query_and_delete) {
  test_dir dir;
  int64_t deploy = 0;
  {
    auto s = open_store(dir.path);
    ASSERT_TRUE(s);
    auto id = s->add_annotation({0, 2000, "deploy", "v2", {"deploy", "web"}});
    ASSERT_TRUE(id) << describe(id.error());
    deploy = *id;
    ASSERT_TRUE(s->add_annotation({0, 1000, "outage", "", {"incident"}}));
    ASSERT_TRUE(s->add_annotation({0, 3000, "note", "", {}}));
  }
  auto s = open_store(dir.path);
  ASSERT_TRUE(s);
  auto all = s->annotations({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].title, "outage");
  EXPECT_EQ((*all)[1].id, deploy);
  EXPECT_EQ((*all)[1].description, "v2");
  EXPECT_EQ((*all)[1].tags, (std::vector<std::string>{"deploy", "web"}));
  auto tagged = s->annotations({INT64_MIN, INT64_MAX, {"web", "incident"}});
  ASSERT_TRUE(tagged);
  ASSERT_EQ(tagged->size(), 2u);
  auto range = s->annotations({2000, 3000, {}});
  ASSERT_TRUE(range);
  ASSERT_EQ(range->size(), 2u); // inclusive at both ends
  auto gone = s->delete_annotation(deploy);
  ASSERT_TRUE(gone);
  EXPECT_TRUE(*gone);
  auto again = s->delete_annotation(deploy);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  auto unknown = s->delete_annotation(987654);
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*unknown);
}

TEST(catalog, annotation_without_title_is_refused) {
  test_dir dir;
  auto s = open_store(dir.path);
  ASSERT_TRUE(s);
  auto id = s->add_annotation({0, 1, "", "no title", {}});
  ASSERT_FALSE(id);
  expect_invalid(id.error(), "title is required");
}

TEST(catalog, alert_rules_and_states_round_trip) {
  test_dir dir;
  int64_t id = 0;
  {
    auto s = open_store(dir.path);
    ASSERT_TRUE(s);
    auto res = s->put_alert_rule(rule());
    ASSERT_TRUE(res) << describe(res.error());
    id = *res;
    alert_state st;
    st.rule_id = id;
    st.labels = {{"region", "eu"}, {"host", "a"}};
    st.status = alert_status::pending;
    st.triggered_at = now_ms - 5000;
    st.last_value = std::numeric_limits<double>::quiet_NaN();
    ASSERT_FALSE(s->put_alert_states({st}));
    st.status = alert_status::firing;
    st.last_value = 0.25;
    st.delivery = "ok";
    ASSERT_FALSE(s->put_alert_states({st})); // upsert, not a second row
  }
  auto s = open_store(dir.path);
  ASSERT_TRUE(s);
  auto rules = s->alert_rules();
  ASSERT_TRUE(rules) << describe(rules.error());
  ASSERT_EQ(rules->size(), 1u);
  auto& r = (*rules)[0];
  EXPECT_EQ(r.rule.id, id);
  EXPECT_EQ(r.rule.name, "cpu high");
  EXPECT_EQ(r.rule.labels, (label_set{{"host", "a"}, {"region", "eu"}}));
  EXPECT_EQ(r.rule.condition, alert_condition::below);
  EXPECT_EQ(r.rule.threshold, 0.5);
  EXPECT_EQ(r.rule.duration, 60'000);
  EXPECT_EQ(r.rule.aggregate, aggregate_fn::max);
  EXPECT_EQ(r.rule.webhook_url, "http://127.0.0.1:1/hook");
  EXPECT_TRUE(r.rule.enabled);
  EXPECT_EQ(r.rule.created_at, now_ms); // stamped by the store's clock
  ASSERT_EQ(r.states.size(), 1u);
  EXPECT_EQ(r.states[0].status, alert_status::firing);
  EXPECT_EQ(r.states[0].labels, (label_set{{"host", "a"}, {"region", "eu"}}));
  EXPECT_EQ(r.states[0].last_value, 0.25);
  EXPECT_EQ(r.states[0].delivery, "ok");
  // Replacing keeps the id.
  auto changed = r.rule;
  changed.enabled = false;
  auto same = s->put_alert_rule(changed);
  ASSERT_TRUE(same);
  EXPECT_EQ(*same, id);
  rules = s->alert_rules();
  ASSERT_TRUE(rules);
  EXPECT_FALSE((*rules)[0].rule.enabled);
  // Deleting takes the states along.
  auto del = s->delete_alert_rule(id);
  ASSERT_TRUE(del);
  EXPECT_TRUE(*del);
  rules = s->alert_rules();
  ASSERT_TRUE(rules);
  EXPECT_TRUE(rules->empty());
  del = s->delete_alert_rule(id);
  ASSERT_TRUE(del);
  EXPECT_FALSE(*del);
}

TEST(catalog, alert_rule_validation_names_the_field) {
  test_dir dir;
  auto s = open_store(dir.path);
  ASSERT_TRUE(s);
  auto check = [&](alert_rule r, const std::string& what) {
    auto res = s->put_alert_rule(std::move(r));
    ASSERT_FALSE(res) << what;
    expect_invalid(res.error(), what);
  };
  auto r = rule();
  r.name.clear();
  check(r, "name is required");
  r = rule();
  r.metric.clear();
  check(r, "metric is required");
  r = rule();
  r.metric = "9cpu";
  check(r, "metric name '9cpu'");
  r = rule();
  r.threshold = std::numeric_limits<double>::infinity();
  check(r, "threshold must be a finite number");
  r = rule();
  r.threshold = std::nan("");
  check(r, "threshold must be a finite number");
  r = rule();
  r.duration = -1;
  check(r, "duration must be >= 0");
  r = rule();
  r.webhook_url = "https://example.com/";
  check(r, "webhook_url must be empty or start with http://");
  r = rule();
  r.id = 4242;
  check(r, "no alert rule with id 4242");
  r = rule();
  r.webhook_url.clear();
  r.duration = 0;
  EXPECT_TRUE(s->put_alert_rule(r)); // the boundaries are accepted
}

TEST(catalog, damaged_rows_are_skipped_and_counted_in_info) {
  test_dir dir;
  {
    auto s = open_store(dir.path);
    ASSERT_TRUE(s);
    ASSERT_FALSE(s->put_metadata(
        {{"a", "gauge", "", "first"}, {"b", "gauge", "", "second"}}));
    ASSERT_TRUE(s->add_annotation({0, 1, "keep", "", {}}));
    ASSERT_TRUE(s->add_annotation({0, 2, "break", "", {}}));
  }
  auto path = dir.path + "/catalog.db";
  poke(path, "UPDATE metadata SET help = 'firsT' WHERE metric = 'a'");
  poke(path, "UPDATE annotations SET title = 'brake' WHERE ts = 2");
  auto s = open_store(dir.path);
  ASSERT_TRUE(s);
  auto meta = s->metadata();
  ASSERT_TRUE(meta);
  ASSERT_EQ(meta->size(), 1u);
  EXPECT_EQ((*meta)[0].metric, "b");
  auto notes = s->annotations({});
  ASSERT_TRUE(notes);
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ((*notes)[0].title, "keep");
  auto info = s->info();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->catalog_damaged_rows, 2u);
  ASSERT_TRUE(s->annotations({})); // read again: still counted once
  info = s->info();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->catalog_damaged_rows, 2u);
}

TEST(catalog, newer_catalog_version_refuses_to_open) {
  test_dir dir;
  { ASSERT_TRUE(open_store(dir.path)); }
  poke(dir.path + "/catalog.db", "PRAGMA user_version=2");
  auto s = blocking_store::open(options(dir.path));
  ASSERT_FALSE(s);
  EXPECT_NE(describe(s.error()).find("catalog version 2"), std::string::npos)
      << describe(s.error());
}
