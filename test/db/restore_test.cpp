#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "db/backup.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::test_dir;
namespace fs = std::filesystem;

namespace {

/// A data dir with timeless.db and catalog.db, backed up into
/// `backup_dir()`.
struct restore_test : ::testing::Test {
  void SetUp() override {
    for (auto name : {"timeless.db", "catalog.db"}) {
      auto db = timeless::db::testing::open_writer(data.file(name));
      ASSERT_TRUE(
          db->exec("CREATE TABLE t(x); INSERT INTO t VALUES(1),(2)").is_ok());
    }
    backup_stats bs;
    auto st = take_backup(data.path(), backup_dir(), 0, bs);
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  std::string backup_dir() const { return out.file("b"); }
  std::string target() const { return out.file("restored"); }

  std::string read(const std::string& path) {
    std::ifstream in{path, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, {}};
  }

  test_dir data;
  test_dir out;
};

} // namespace

TEST_F(restore_test, restores_identical_files) {
  backup_stats bs;
  auto st = restore_backup(backup_dir(), target(), bs);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(bs.files, 2u);
  for (auto name : {"timeless.db", "catalog.db"})
    EXPECT_EQ(read(target() + "/" + name),
              read(backup_dir() + "/" + std::string{name}));
  EXPECT_FALSE(fs::exists(target() + "/MANIFEST"));
}

TEST_F(restore_test, a_flipped_byte_is_a_crc_mismatch_naming_the_file) {
  auto path = backup_dir() + "/catalog.db";
  auto bytes = read(path);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x40);
  std::ofstream{path, std::ios::binary | std::ios::trunc} << bytes;
  backup_stats bs;
  auto st = restore_backup(backup_dir(), target(), bs);
  EXPECT_EQ(st.get_code(), status::code::corruption);
  EXPECT_NE(st.to_string().find("backup file catalog.db: CRC-32C mismatch"),
            std::string::npos)
      << st.to_string();
  EXPECT_FALSE(fs::exists(target())) << "nothing is put in place";
}

TEST_F(restore_test, a_truncated_file_is_a_size_mismatch) {
  auto path = backup_dir() + "/timeless.db";
  fs::resize_file(path, fs::file_size(path) - 1);
  backup_manifest m;
  auto st = verify_backup(backup_dir(), m);
  EXPECT_EQ(st.get_code(), status::code::corruption);
  EXPECT_NE(st.to_string().find("backup file timeless.db has"),
            std::string::npos)
      << st.to_string();
}

TEST_F(restore_test, a_missing_file_is_named) {
  fs::remove(backup_dir() + "/timeless.db");
  backup_stats bs;
  auto st = restore_backup(backup_dir(), target(), bs);
  EXPECT_EQ(st.get_code(), status::code::corruption);
  EXPECT_NE(st.to_string().find("timeless.db listed in the manifest is "
                                "missing"),
            std::string::npos)
      << st.to_string();
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(restore_test, a_missing_manifest_is_not_a_backup) {
  fs::remove(backup_dir() + "/MANIFEST");
  backup_stats bs;
  auto st = restore_backup(backup_dir(), target(), bs);
  EXPECT_EQ(st.get_code(), status::code::not_found);
  EXPECT_NE(st.to_string().find("MANIFEST is missing"), std::string::npos)
      << st.to_string();
}

TEST_F(restore_test, a_damaged_manifest_is_refused) {
  auto path = backup_dir() + "/MANIFEST";
  auto text = read(path);
  text[text.find("schema ") + 7] = '9';
  std::ofstream{path, std::ios::binary | std::ios::trunc} << text;
  backup_stats bs;
  auto st = restore_backup(backup_dir(), target(), bs);
  EXPECT_NE(st.to_string().find("manifest checksum mismatch"),
            std::string::npos)
      << st.to_string();
}

TEST_F(restore_test, a_non_empty_target_is_refused_and_left_alone) {
  fs::create_directories(target());
  std::ofstream{target() + "/timeless.db"} << "mine";
  backup_stats bs;
  auto st = restore_backup(backup_dir(), target(), bs);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.to_string().find(target() + " exists and is not empty"),
            std::string::npos)
      << st.to_string();
  EXPECT_EQ(read(target() + "/timeless.db"), "mine");
}

TEST_F(restore_test, an_empty_target_directory_is_accepted) {
  fs::create_directories(target());
  backup_stats bs;
  auto st = restore_backup(backup_dir(), target(), bs);
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_TRUE(fs::exists(target() + "/timeless.db"));
}
