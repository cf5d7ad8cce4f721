#include "db/backup_manifest.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "codec/crc32c.hpp"

using namespace timeless::db;

namespace {

backup_manifest sample_manifest() {
  backup_manifest m;
  m.schema_version = 4;
  m.segment_version = 3;
  m.created_ms = 1'764'784'657'123;
  m.files = {{"catalog.db", 8192, 0x89abcdef}, {"timeless.db", 0, 0x0a1b2c3d}};
  return m;
}

status decode(const std::string& text) {
  backup_manifest m;
  return decode_manifest(text, m);
}

} // namespace

TEST(backup_manifest, round_trips) {
  auto text = encode_manifest(sample_manifest());
  EXPECT_EQ(text.rfind("timeless-backup 1\nschema 4\nsegment 3\n"
                       "created 1764784657123\n"
                       "file catalog.db 8192 89abcdef\n"
                       "file timeless.db 0 0a1b2c3d\ncrc ",
                       0),
            0u)
      << text;
  backup_manifest m;
  auto st = decode_manifest(text, m);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(m.schema_version, 4);
  EXPECT_EQ(m.segment_version, 3u);
  EXPECT_EQ(m.created_ms, 1'764'784'657'123);
  ASSERT_EQ(m.files.size(), 2u);
  EXPECT_EQ(m.files[0].name, "catalog.db");
  EXPECT_EQ(m.files[0].bytes, 8192u);
  EXPECT_EQ(m.files[0].crc, 0x89abcdefu);
  EXPECT_EQ(m.files[1].crc, 0x0a1b2c3du);
}

TEST(backup_manifest, any_flipped_byte_fails_the_checksum) {
  auto text = encode_manifest(sample_manifest());
  auto body_end = text.rfind("crc ");
  for (size_t i = 0; i < body_end; ++i) {
    auto bad = text;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    auto st = decode(bad);
    EXPECT_FALSE(st.is_ok()) << "byte " << i;
  }
  auto bad = text;
  bad[text.size() - 2] = bad[text.size() - 2] == '0' ? '1' : '0';
  auto st = decode(bad);
  EXPECT_EQ(st.get_code(), status::code::corruption);
  EXPECT_NE(st.to_string().find("checksum mismatch"), std::string::npos)
      << st.to_string();
}

TEST(backup_manifest, truncated_or_empty_text_is_refused) {
  auto text = encode_manifest(sample_manifest());
  EXPECT_EQ(decode("").get_code(), status::code::corruption);
  EXPECT_EQ(decode(text.substr(0, text.size() - 1)).get_code(),
            status::code::corruption);
  EXPECT_EQ(decode(text.substr(0, text.rfind("crc "))).get_code(),
            status::code::corruption);
}

TEST(backup_manifest, text_after_the_crc_line_is_refused) {
  auto text = encode_manifest(sample_manifest()) + "file x.db 1 00000000\n";
  auto st = decode(text);
  EXPECT_EQ(st.get_code(), status::code::corruption) << st.to_string();
}

TEST(backup_manifest, unsafe_file_names_are_invalid) {
  EXPECT_TRUE(valid_backup_file_name("timeless.db"));
  EXPECT_TRUE(valid_backup_file_name("catalog-2_x.db"));
  EXPECT_FALSE(valid_backup_file_name(""));
  EXPECT_FALSE(valid_backup_file_name("."));
  EXPECT_FALSE(valid_backup_file_name(".."));
  EXPECT_FALSE(valid_backup_file_name("../timeless.db"));
  EXPECT_FALSE(valid_backup_file_name("a/b.db"));
  EXPECT_FALSE(valid_backup_file_name("a b.db"));
  EXPECT_FALSE(valid_backup_file_name("MANIFEST"));
  EXPECT_FALSE(valid_backup_file_name(std::string(256, 'a')));
  EXPECT_TRUE(valid_backup_file_name(std::string(255, 'a')));
}

TEST(backup_manifest, a_file_with_a_bad_name_is_refused_even_with_a_good_crc) {
  auto m = sample_manifest();
  m.files[0].name = "../etc.db";
  auto st = decode(encode_manifest(m));
  EXPECT_EQ(st.get_code(), status::code::corruption);
  EXPECT_NE(st.to_string().find("invalid file name"), std::string::npos)
      << st.to_string();
}

TEST(backup_manifest, a_file_listed_twice_is_refused) {
  auto m = sample_manifest();
  m.files[1].name = m.files[0].name;
  auto st = decode(encode_manifest(m));
  EXPECT_NE(st.to_string().find("listed twice"), std::string::npos)
      << st.to_string();
}

TEST(backup_manifest, no_file_is_refused) {
  auto m = sample_manifest();
  m.files.clear();
  auto st = decode(encode_manifest(m));
  EXPECT_NE(st.to_string().find("no file"), std::string::npos)
      << st.to_string();
}

TEST(backup_manifest, a_negative_created_time_is_refused) {
  auto m = sample_manifest();
  m.created_ms = -5;
  auto st = decode(encode_manifest(m));
  EXPECT_NE(st.to_string().find("unsigned number"), std::string::npos)
      << st.to_string();
}

TEST(backup_manifest, a_newer_version_is_refused_as_unsupported) {
  std::string body = "timeless-backup 2\nschema 4\nsegment 3\ncreated 0\n"
                     "file timeless.db 0 00000000\n";
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x",
                timeless::codec::crc32c(body.data(), body.size()));
  auto st = decode(body + "crc " + crc + "\n");
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.to_string().find("version 2 is not supported"),
            std::string::npos)
      << st.to_string();
}

TEST(backup_manifest, a_record_given_twice_or_out_of_order_is_refused) {
  std::string body = "timeless-backup 1\nschema 4\nschema 5\nsegment 3\n"
                     "created 0\nfile timeless.db 0 00000000\n";
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x",
                timeless::codec::crc32c(body.data(), body.size()));
  auto st = decode(body + "crc " + crc + "\n");
  EXPECT_NE(st.to_string().find("line 3 ('schema 5'): expected 'segment"),
            std::string::npos)
      << st.to_string();
}

TEST(backup_manifest, files_out_of_name_order_are_refused) {
  auto m = sample_manifest();
  std::swap(m.files[0], m.files[1]);
  auto st = decode(encode_manifest(m));
  EXPECT_EQ(st.get_code(), status::code::corruption);
  EXPECT_NE(st.to_string().find("line 6 ('file catalog.db"), std::string::npos)
      << st.to_string();
}
