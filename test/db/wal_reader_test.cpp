#include "db/wal_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "db/wal_files.hpp"
#include "db/wal_writer.hpp"

using namespace timeless::db;

namespace {

struct wal_dir {
  std::string path;
  wal_dir() {
    static int n = 0;
    path = (std::filesystem::temp_directory_path() /
            ("timeless-wal-" + std::to_string(::getpid()) + "-" +
             std::to_string(n++)))
               .string();
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~wal_dir() { std::filesystem::remove_all(path); }
};

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>(in), {}};
}

/// Writes `n` records of 1..n points (record k has k points) and returns
/// the file's path.
std::string write_records(const std::string& dir, int n) {
  std::unique_ptr<wal_writer> w;
  EXPECT_TRUE(wal_writer::create(dir, 3, 7, w).is_ok());
  for (int k = 1; k <= n; ++k) {
    std::vector<wal_series_def> defs;
    if (k == 1)
      defs.push_back({42, "cpu",
                      std::string("\x01h\x01"
                                  "a",
                                  4)});
    std::vector<uint64_t> s(k, 42);
    std::vector<int64_t> t(k);
    std::vector<double> v(k);
    for (int i = 0; i < k; ++i) {
      t[i] = INT64_MIN + i;
      v[i] = i == 0 ? -0.0 : double(i);
    }
    EXPECT_TRUE(w->append(defs, s, t, v).is_ok());
  }
  EXPECT_TRUE(w->sync().is_ok());
  return w->path();
}

int read_all(std::unique_ptr<wal_reader>& r, bool& torn, status& st) {
  int records = 0;
  wal_record rec;
  for (;;) {
    bool end = false;
    st = r->next(rec, end);
    if (!st.is_ok() || end)
      break;
    ++records;
  }
  torn = r->tail_truncated();
  return records;
}

} // namespace

TEST(wal_reader, round_trip_keeps_definitions_and_bits) {
  wal_dir dir;
  auto path = write_records(dir.path, 5);
  std::unique_ptr<wal_reader> r;
  ASSERT_TRUE(wal_reader::open_file(path, r).is_ok());
  EXPECT_EQ(r->shard(), 3u);
  EXPECT_EQ(r->gen(), 7u);
  wal_record rec;
  bool end = false;
  ASSERT_TRUE(r->next(rec, end).is_ok());
  ASSERT_FALSE(end);
  ASSERT_EQ(rec.defs.size(), 1u);
  EXPECT_EQ(rec.defs[0].id, 42u);
  EXPECT_EQ(rec.defs[0].metric, "cpu");
  EXPECT_EQ(rec.defs[0].labels.size(), 4u);
  ASSERT_EQ(rec.ts.size(), 1u);
  EXPECT_EQ(rec.ts[0], INT64_MIN);
  EXPECT_TRUE(std::signbit(rec.values[0]));
  int more = 0;
  while (r->next(rec, end).is_ok() && !end)
    ++more;
  EXPECT_EQ(more, 4);
  EXPECT_FALSE(r->tail_truncated());
}

TEST(wal_reader, header_only_file_is_empty) {
  wal_dir dir;
  std::unique_ptr<wal_writer> w;
  ASSERT_TRUE(wal_writer::create(dir.path, 0, 1, w).is_ok());
  std::unique_ptr<wal_reader> r;
  ASSERT_TRUE(wal_reader::open_file(w->path(), r).is_ok());
  wal_record rec;
  bool end = false;
  ASSERT_TRUE(r->next(rec, end).is_ok());
  EXPECT_TRUE(end);
}

TEST(wal_reader, every_truncation_gives_a_prefix_or_a_header_error) {
  wal_dir dir;
  auto bytes = file_bytes(write_records(dir.path, 4));
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::span<const uint8_t> part{bytes.data(), cut};
    std::unique_ptr<wal_reader> r;
    auto st = wal_reader::open_memory(part, r);
    if (cut < 32) {
      EXPECT_FALSE(st.is_ok()) << cut;
      continue;
    }
    ASSERT_TRUE(st.is_ok()) << cut;
    bool torn = false;
    status rs;
    auto n = read_all(r, torn, rs);
    EXPECT_TRUE(rs.is_ok()) << cut << ": " << rs.to_string();
    EXPECT_LE(n, 4) << cut;
  }
}

TEST(wal_reader, flipped_bit_in_a_middle_record_is_corruption) {
  wal_dir dir;
  auto bytes = file_bytes(write_records(dir.path, 3));
  // Record 1 starts after the 32-byte header; flip a byte of its payload.
  bytes[32 + 9 + 2] ^= 0x04;
  std::unique_ptr<wal_reader> r;
  ASSERT_TRUE(wal_reader::open_memory(bytes, r).is_ok());
  bool torn = false;
  status st;
  EXPECT_EQ(read_all(r, torn, st), 0);
  EXPECT_FALSE(st.is_ok());
  EXPECT_TRUE(st.is_corruption());
}

TEST(wal_reader, flipped_bit_in_the_header_is_corruption) {
  wal_dir dir;
  auto bytes = file_bytes(write_records(dir.path, 1));
  bytes[13] ^= 0x01; // shard
  std::unique_ptr<wal_reader> r;
  auto st = wal_reader::open_memory(bytes, r);
  EXPECT_TRUE(st.is_corruption());
}

TEST(wal_reader, damaged_last_record_is_a_torn_tail) {
  wal_dir dir;
  auto bytes = file_bytes(write_records(dir.path, 3));
  bytes.back() ^= 0x80;
  std::unique_ptr<wal_reader> r;
  ASSERT_TRUE(wal_reader::open_memory(bytes, r).is_ok());
  bool torn = false;
  status st;
  EXPECT_EQ(read_all(r, torn, st), 2);
  EXPECT_TRUE(st.is_ok());
  EXPECT_TRUE(torn);
}

TEST(wal_files, listing_orders_by_generation_then_shard) {
  wal_dir dir;
  for (auto [shard, gen] : {std::pair{1u, 2ull}, {0u, 2ull}, {5u, 1ull}}) {
    std::unique_ptr<wal_writer> w;
    ASSERT_TRUE(wal_writer::create(dir.path, shard, gen, w).is_ok());
  }
  std::ofstream{dir.path + "/notes.txt"} << "x";
  std::ofstream{dir.path + "/wal-000001-000000000002.log.damaged"} << "x";
  std::vector<wal_file> files;
  ASSERT_TRUE(list_wal_files(dir.path, files).is_ok());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].gen, 1u);
  EXPECT_EQ(files[1].shard, 0u);
  EXPECT_EQ(files[2].shard, 1u);
  std::unique_ptr<wal_writer> again;
  EXPECT_FALSE(wal_writer::create(dir.path, 5, 1, again).is_ok());
}
