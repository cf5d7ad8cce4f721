#include "db/catalog_db.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::test_dir;

namespace {

std::unique_ptr<catalog_db> open_catalog(const std::string& path) {
  std::unique_ptr<catalog_db> out;
  auto st = catalog_db::open(path, out);
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  return out;
}

/// Runs `sql` on `path` with a connection of its own, as an operator (or a
/// faulty disk) would.
void poke(const std::string& path, const char* sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, &err), SQLITE_OK)
      << (err != nullptr ? err : "");
  sqlite3_free(err);
  sqlite3_close(raw);
}

int64_t total_changes(catalog_db& c) {
  return sqlite3_total_changes64(c.db().handle());
}

struct catalog_db_test : ::testing::Test {
  void SetUp() override {
    path = dir.file("catalog.db");
    cat = open_catalog(path);
    ASSERT_NE(cat, nullptr);
  }
  void reopen() {
    cat.reset();
    cat = open_catalog(path);
    ASSERT_NE(cat, nullptr);
  }
  test_dir dir;
  std::string path;
  std::unique_ptr<catalog_db> cat;
};

rule_row make_rule() {
  rule_row r;
  r.name = "hot";
  r.metric = "cpu";
  r.labels = std::string{"\x01h\x01"
                         "a",
                         4};
  r.condition = 1;
  r.threshold = -0.0;
  r.duration = 60000;
  r.aggregate = 8;
  r.webhook_url = "http://127.0.0.1:9/hook";
  r.enabled = false;
  r.created_at = 1700000000000;
  return r;
}

} // namespace

TEST_F(catalog_db_test, new_file_is_wal_full_sync_at_version_1) {
  sqlite3_stmt* s = nullptr;
  auto h = cat->db().handle();
  ASSERT_EQ(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
  sqlite3_finalize(s);
  ASSERT_EQ(sqlite3_prepare_v2(h, "PRAGMA synchronous", -1, &s, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 2); // FULL
  sqlite3_finalize(s);
  ASSERT_EQ(sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(s, 0), catalog_version);
  sqlite3_finalize(s);
}

TEST_F(catalog_db_test, newer_version_is_refused_naming_both) {
  cat.reset();
  poke(path, "PRAGMA user_version=7");
  std::unique_ptr<catalog_db> out;
  auto st = catalog_db::open(path, out);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("version 7"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("this build's 1"), std::string::npos);
  EXPECT_EQ(out, nullptr);
}

TEST_F(catalog_db_test, metadata_round_trip_and_reopen) {
  std::vector<meta_row> rows{{"b_total", "counter", "", "bytes sent"},
                             {"a", "gauge", "seconds", ""}};
  size_t written = 0;
  ASSERT_TRUE(cat->put_metadata(rows, written).is_ok());
  EXPECT_EQ(written, 2u);
  reopen();
  std::vector<meta_row> out;
  ASSERT_TRUE(cat->metadata("", out).is_ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], rows[1]); // sorted by metric
  EXPECT_EQ(out[1], rows[0]);
  ASSERT_TRUE(cat->metadata("b_total", out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].help, "bytes sent");
  ASSERT_TRUE(cat->metadata("nope", out).is_ok());
  EXPECT_TRUE(out.empty());
}

TEST_F(catalog_db_test, unchanged_metadata_is_not_rewritten) {
  std::vector<meta_row> rows{{"m", "counter", "", "help"}};
  size_t written = 0;
  ASSERT_TRUE(cat->put_metadata(rows, written).is_ok());
  auto before = total_changes(*cat);
  ASSERT_TRUE(cat->put_metadata(rows, written).is_ok());
  EXPECT_EQ(written, 0u);
  EXPECT_EQ(total_changes(*cat), before);
  // Only a type line again, as a scrape repeats it: still nothing written.
  std::vector<meta_row> type_only{{"m", "counter", "", ""}};
  ASSERT_TRUE(cat->put_metadata(type_only, written).is_ok());
  EXPECT_EQ(written, 0u);
  EXPECT_EQ(total_changes(*cat), before);
  // A change is written.
  std::vector<meta_row> changed{{"m", "gauge", "", ""}};
  ASSERT_TRUE(cat->put_metadata(changed, written).is_ok());
  EXPECT_EQ(written, 1u);
  EXPECT_GT(total_changes(*cat), before);
}

TEST_F(catalog_db_test, metadata_merge_keeps_known_fields) {
  size_t written = 0;
  std::vector<meta_row> first{{"m", "counter", "bytes", "sent"}};
  ASSERT_TRUE(cat->put_metadata(first, written).is_ok());
  std::vector<meta_row> help_only{{"m", "unknown", "", "sent bytes"}};
  ASSERT_TRUE(cat->put_metadata(help_only, written).is_ok());
  std::vector<meta_row> out;
  ASSERT_TRUE(cat->metadata("m", out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (meta_row{"m", "counter", "bytes", "sent bytes"}));
}

TEST_F(catalog_db_test, damaged_metadata_row_is_skipped_counted_and_healed) {
  std::vector<meta_row> rows{{"a", "gauge", "", "x"}, {"b", "gauge", "", "y"}};
  size_t written = 0;
  ASSERT_TRUE(cat->put_metadata(rows, written).is_ok());
  cat.reset();
  poke(path, "UPDATE metadata SET help = 'z' WHERE metric = 'a'");
  reopen();
  std::vector<meta_row> out;
  ASSERT_TRUE(cat->metadata("", out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].metric, "b");
  EXPECT_EQ(cat->damaged_rows(), 1u);
  // Read again: the same row is counted once.
  ASSERT_TRUE(cat->metadata("a", out).is_ok());
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(cat->damaged_rows(), 1u);
  // A write replaces the damaged row.
  std::vector<meta_row> fix{{"a", "counter", "", ""}};
  ASSERT_TRUE(cat->put_metadata(fix, written).is_ok());
  EXPECT_EQ(written, 1u);
  ASSERT_TRUE(cat->metadata("a", out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], fix[0]);
}

TEST_F(catalog_db_test, annotations_range_tags_and_order) {
  note_row a{0, 300, "deploy", "v2", {"deploy", "web"}};
  note_row b{0, 100, "outage", "", {"incident"}};
  note_row c{0, 200, "note", "", {}};
  for (auto* r : {&a, &b, &c})
    ASSERT_TRUE(cat->add_note(*r).is_ok());
  EXPECT_GT(a.id, 0);
  EXPECT_NE(a.id, b.id);
  reopen();
  std::vector<note_row> out;
  ASSERT_TRUE(cat->notes(INT64_MIN, INT64_MAX, {}, out).is_ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], b);
  EXPECT_EQ(out[1], c);
  EXPECT_EQ(out[2], a);
  // Inclusive bounds.
  ASSERT_TRUE(cat->notes(100, 200, {}, out).is_ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, b.id);
  EXPECT_EQ(out[1].id, c.id);
  // Any tag matches.
  std::vector<std::string> tags{"web", "incident"};
  ASSERT_TRUE(cat->notes(INT64_MIN, INT64_MAX, tags, out).is_ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, b.id);
  EXPECT_EQ(out[1].id, a.id);
  std::vector<std::string> none{"nothing"};
  ASSERT_TRUE(cat->notes(INT64_MIN, INT64_MAX, none, out).is_ok());
  EXPECT_TRUE(out.empty());
}

TEST_F(catalog_db_test, delete_note_reports_unknown_id) {
  note_row a{0, 1, "t", "", {}};
  ASSERT_TRUE(cat->add_note(a).is_ok());
  bool found = true;
  ASSERT_TRUE(cat->delete_note(a.id + 100, found).is_ok());
  EXPECT_FALSE(found);
  ASSERT_TRUE(cat->delete_note(a.id, found).is_ok());
  EXPECT_TRUE(found);
  ASSERT_TRUE(cat->delete_note(a.id, found).is_ok());
  EXPECT_FALSE(found);
  // Ids are not reused.
  note_row b{0, 1, "t2", "", {}};
  ASSERT_TRUE(cat->add_note(b).is_ok());
  EXPECT_GT(b.id, a.id);
}

TEST_F(catalog_db_test, damaged_annotation_is_skipped_and_counted) {
  note_row a{0, 1, "first", "", {"x"}};
  note_row b{0, 2, "second", "", {}};
  ASSERT_TRUE(cat->add_note(a).is_ok());
  ASSERT_TRUE(cat->add_note(b).is_ok());
  poke(path, "UPDATE annotations SET ts = 5 WHERE title = 'first'");
  std::vector<note_row> out;
  ASSERT_TRUE(cat->notes(INT64_MIN, INT64_MAX, {}, out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].title, "second");
  EXPECT_EQ(cat->damaged_rows(), 1u);
  // Malformed tags bytes count as damage too.
  poke(path, "UPDATE annotations SET tags = x'05' WHERE title = 'second'");
  ASSERT_TRUE(cat->notes(INT64_MIN, INT64_MAX, {}, out).is_ok());
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(cat->damaged_rows(), 2u);
}

TEST(catalog_tags, encoding_round_trips_and_rejects_malformed) {
  std::vector<std::string> tags{"", "a,b", std::string{"\0x", 2}};
  auto bytes = encode_tags(tags);
  std::vector<std::string> back;
  ASSERT_TRUE(decode_tags(bytes, back));
  EXPECT_EQ(back, tags);
  EXPECT_FALSE(decode_tags(bytes.substr(0, bytes.size() - 1), back));
  EXPECT_TRUE(back.empty());
  EXPECT_FALSE(decode_tags(bytes + "x", back));
  EXPECT_FALSE(decode_tags("", back));
  ASSERT_TRUE(decode_tags(std::string{"\0", 1}, back));
  EXPECT_TRUE(back.empty());
}

TEST_F(catalog_db_test, rules_round_trip_exact_doubles_and_update) {
  auto r = make_rule();
  ASSERT_TRUE(cat->put_rule(r).is_ok());
  EXPECT_GT(r.id, 0);
  reopen();
  std::vector<rule_row> out;
  ASSERT_TRUE(cat->rules(out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(canonical(out[0]), canonical(r));
  EXPECT_TRUE(std::signbit(out[0].threshold));
  r.threshold = 1e300;
  r.enabled = true;
  ASSERT_TRUE(cat->put_rule(r).is_ok());
  ASSERT_TRUE(cat->rules(out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].threshold, 1e300);
  EXPECT_TRUE(out[0].enabled);
  auto ghost = make_rule();
  ghost.id = r.id + 10;
  auto st = cat->put_rule(ghost);
  EXPECT_TRUE(st.is_not_found());
  EXPECT_NE(st.message().find(std::to_string(ghost.id)), std::string::npos);
}

TEST_F(catalog_db_test, states_upsert_and_go_with_their_rule) {
  auto r = make_rule();
  ASSERT_TRUE(cat->put_rule(r).is_ok());
  auto other = make_rule();
  ASSERT_TRUE(cat->put_rule(other).is_ok());
  state_row s1{r.id, "x", 1, 10, 0, std::numeric_limits<double>::quiet_NaN(),
               ""};
  state_row s2{r.id, "y", 2, 20, 0, 5.0, "ok"};
  state_row s3{other.id, "x", 0, 0, 0, 0, ""};
  std::vector<state_row> batch{s1, s2, s3};
  ASSERT_TRUE(cat->put_states(batch).is_ok());
  s1.status = 2;
  s1.last_value = std::numeric_limits<double>::infinity();
  std::vector<state_row> again{s1};
  ASSERT_TRUE(cat->put_states(again).is_ok());
  reopen();
  std::vector<state_row> out;
  ASSERT_TRUE(cat->states(out).is_ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(canonical(out[0]), canonical(s1));
  EXPECT_EQ(canonical(out[1]), canonical(s2));
  bool found = false;
  ASSERT_TRUE(cat->delete_rule(r.id, found).is_ok());
  EXPECT_TRUE(found);
  ASSERT_TRUE(cat->states(out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rule_id, other.id);
  ASSERT_TRUE(cat->delete_rule(r.id, found).is_ok());
  EXPECT_FALSE(found);
  // A state of a deleted rule is not written.
  ASSERT_TRUE(cat->put_states(again).is_ok());
  ASSERT_TRUE(cat->states(out).is_ok());
  EXPECT_EQ(out.size(), 1u);
}

TEST_F(catalog_db_test, damaged_rule_and_state_are_skipped_and_counted) {
  auto r = make_rule();
  ASSERT_TRUE(cat->put_rule(r).is_ok());
  std::vector<state_row> batch{{r.id, "x", 1, 10, 0, 1.0, ""}};
  ASSERT_TRUE(cat->put_states(batch).is_ok());
  poke(path, "UPDATE alert_rules SET threshold = threshold + 1");
  poke(path, "UPDATE alert_states SET status = 3");
  std::vector<rule_row> rules;
  std::vector<state_row> states;
  ASSERT_TRUE(cat->rules(rules).is_ok());
  ASSERT_TRUE(cat->states(states).is_ok());
  EXPECT_TRUE(rules.empty());
  EXPECT_TRUE(states.empty());
  EXPECT_EQ(cat->damaged_rows(), 2u);
}

TEST(catalog_crc, tag_byte_separates_tables_and_fields_all_count) {
  meta_row m{"a", "gauge", "", ""};
  auto base = row_crc(m);
  for (auto change : {0, 1, 2, 3}) {
    auto x = m;
    (change == 0   ? x.metric
     : change == 1 ? x.type
     : change == 2 ? x.unit
                   : x.help) += "!";
    EXPECT_NE(row_crc(x), base) << change;
  }
  // Moving bytes between adjacent fields changes the encoding.
  meta_row y{"a", "gauge", "u", ""};
  meta_row z{"a", "gauge", "", "u"};
  EXPECT_NE(canonical(y), canonical(z));
  EXPECT_EQ(canonical(m)[0], 'M');
  EXPECT_EQ(canonical(note_row{})[0], 'N');
  EXPECT_EQ(canonical(rule_row{})[0], 'R');
  EXPECT_EQ(canonical(state_row{})[0], 'S');
}
