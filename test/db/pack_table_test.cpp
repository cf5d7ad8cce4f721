#include "db/pack_table.hpp"

#include <gtest/gtest.h>

#include "db/segment_table.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using namespace timeless::db::testing;

namespace {

struct pack_table : db_test {
  int64_t count(const char* sql) {
    status st;
    auto* stmt = db->prepare_cached(sql, st);
    EXPECT_NE(stmt, nullptr) << st.to_string();
    scoped_reset guard{stmt};
    bool row = false;
    EXPECT_TRUE(stmt->step(row).is_ok() && row);
    return stmt->column_int64(0);
  }
};

std::vector<uint8_t> bytes(size_t n, uint8_t first) {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<uint8_t>(first + i * 7);
  return out;
}

} // namespace

TEST_F(pack_table, blobs_fill_a_pack_then_the_next) {
  auto a = bytes(pack_bytes - 10, 1);
  auto b = bytes(10, 2); // exactly fills the first pack
  auto c = bytes(1, 3);  // starts the second
  int64_t ids[3] = {};
  int64_t offs[3] = {};
  ASSERT_TRUE(with_transaction(*db, [&]() -> status {
                pack_writer w{*db};
                if (auto st = w.add(a, ids[0], offs[0]); !st.is_ok())
                  return st;
                if (auto st = w.add(b, ids[1], offs[1]); !st.is_ok())
                  return st;
                if (auto st = w.add(c, ids[2], offs[2]); !st.is_ok())
                  return st;
                return w.finish();
              }).is_ok());
  EXPECT_EQ(ids[0], 1);
  EXPECT_EQ(ids[1], 1);
  EXPECT_EQ(offs[1], static_cast<int64_t>(pack_bytes - 10));
  EXPECT_EQ(ids[2], 2);
  EXPECT_EQ(offs[2], 0);
  EXPECT_EQ(count("SELECT count(*) FROM packs"), 2);
  EXPECT_EQ(count("SELECT live FROM packs WHERE id = 1"),
            static_cast<int64_t>(pack_bytes));
  pack_reader r{*db};
  std::vector<uint8_t> out;
  ASSERT_TRUE(r.read(1, offs[1], 10, out).is_ok());
  EXPECT_EQ(out, b);
  ASSERT_TRUE(r.read(2, 0, 1, out).is_ok());
  EXPECT_EQ(out, c);
  ASSERT_TRUE(r.read(1, 0, static_cast<int64_t>(a.size()), out).is_ok());
  EXPECT_EQ(out, a);
  // A later transaction starts a new pack.
  int64_t id = 0, off = 0;
  ASSERT_TRUE(with_transaction(*db, [&]() -> status {
                pack_writer w{*db};
                if (auto st = w.add(c, id, off); !st.is_ok())
                  return st;
                return w.finish();
              }).is_ok());
  EXPECT_EQ(id, 3);
}

TEST_F(pack_table, bad_locations_are_corruption_naming_the_pack) {
  int64_t id = 0, off = 0;
  auto blob = bytes(100, 9);
  ASSERT_TRUE(with_transaction(*db, [&]() -> status {
                pack_writer w{*db};
                if (auto st = w.add(blob, id, off); !st.is_ok())
                  return st;
                return w.finish();
              }).is_ok());
  pack_reader r{*db};
  std::vector<uint8_t> out;
  auto st = r.read(7, 0, 10, out);
  EXPECT_TRUE(st.is_corruption()) << st.to_string();
  EXPECT_NE(st.to_string().find("pack 7 (bytes 0 to 10): the pack is missing"),
            std::string::npos)
      << st.to_string();
  // The handle recovers after a failed move.
  ASSERT_TRUE(r.read(id, 90, 10, out).is_ok());
  st = r.read(id, 95, 10, out);
  EXPECT_TRUE(st.is_corruption());
  EXPECT_NE(st.to_string().find("the pack has 100 bytes"), std::string::npos)
      << st.to_string();
  EXPECT_TRUE(r.read(id, -1, 10, out).is_corruption());
  EXPECT_TRUE(r.read(id, 0, 0, out).is_ok()); // nothing to read
  EXPECT_TRUE(out.empty());
}

TEST_F(pack_table, live_bytes_follow_the_segments_and_dead_packs_go) {
  // Two transactions, two packs; deleting segments lowers live bytes and
  // drops a pack once none of its bytes is referred to.
  std::vector<segment_row> first, second;
  for (uint64_t seq = 1; seq <= 4; ++seq)
    first.push_back(segment_row{1, int64_t(seq) * 10, int64_t(seq) * 10 + 9, 10,
                                seq, bytes(100 * seq, uint8_t(seq))});
  second.push_back(segment_row{2, 100, 109, 10, 5, bytes(50, 5)});
  ASSERT_TRUE(with_transaction(*db, [&] {
                return insert_segments(*db, first);
              }).is_ok());
  ASSERT_TRUE(with_transaction(*db, [&] {
                return insert_segments(*db, second);
              }).is_ok());
  auto consistent = [&] {
    return count("SELECT count(*) FROM packs p WHERE live !="
                 " (SELECT coalesce(sum(pack_len), 0) FROM segments"
                 "  WHERE pack = p.id)") == 0;
  };
  EXPECT_TRUE(consistent());
  EXPECT_EQ(count("SELECT live FROM packs WHERE id = 1"), 1000);
  uint64_t deleted = 0;
  ASSERT_TRUE(with_transaction(*db, [&] {
                return delete_segments_ending_before(*db, 30, 100, deleted);
              }).is_ok());
  EXPECT_EQ(deleted, 2u); // seqs 1 and 2
  EXPECT_TRUE(consistent());
  EXPECT_EQ(count("SELECT live FROM packs WHERE id = 1"), 700);
  // Compaction replaces 3 and 4 by one row in a new pack: pack 1 goes.
  std::vector<compaction_group> groups(1);
  groups[0].inputs = {3, 4};
  groups[0].merged = segment_row{1, 30, 49, 20, 0, bytes(20, 7), 4};
  uint64_t next = 10, replaced = 0, written = 0, points = 0;
  ASSERT_TRUE(replace_segments(*db, groups, 5, next, replaced, written, points)
                  .is_ok());
  EXPECT_TRUE(consistent());
  EXPECT_EQ(count("SELECT count(*) FROM packs WHERE id = 1"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM packs"), 2);
  std::vector<uint8_t> seen;
  uint64_t id = 1;
  ASSERT_TRUE(read_segments(*db, std::span{&id, 1}, 0, 100, UINT64_MAX,
                            [&](uint64_t, int64_t, int64_t, uint32_t, uint64_t,
                                uint64_t, std::span<const uint8_t> blob) {
                              seen.assign(blob.begin(), blob.end());
                            })
                  .is_ok());
  EXPECT_EQ(seen, bytes(20, 7));
}
