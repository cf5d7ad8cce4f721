#include "formats/utf8.hpp"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "formats/json_writer.hpp"

using namespace timeless::formats;

namespace {

/// A slow reference: decodes by bit pattern, then accepts only the
/// shortest form of a scalar value.
bool reference_valid(std::string_view x) {
  size_t i = 0;
  while (i < x.size()) {
    auto b = static_cast<unsigned char>(x[i]);
    size_t len;
    uint32_t cp;
    if (b < 0x80) {
      len = 1;
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + len > x.size())
      return false;
    for (size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(x[i + k]);
      if ((c & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::string bytes(std::initializer_list<int> bs) {
  std::string s;
  for (auto b : bs)
    s += static_cast<char>(b);
  return s;
}

std::string sanitized(std::string_view x) {
  std::string out;
  append_utf8_sanitized(out, x);
  return out;
}

std::string json(std::string_view x) {
  std::string out;
  append_json_string_utf8(out, x);
  return out;
}

const std::string fffd{utf8_replacement};

} // namespace

TEST(utf8, empty_is_valid) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_EQ(utf8_sequence(""), 0u);
}

TEST(utf8, ascii_including_nul_and_del) {
  EXPECT_TRUE(valid_utf8(std::string_view{"\0\x7F", 2}));
  EXPECT_TRUE(valid_utf8("plain ascii text that is longer than eight"));
}

TEST(utf8, every_single_byte) {
  for (int b = 0; b < 256; ++b)
    EXPECT_EQ(valid_utf8(bytes({b})), b < 0x80) << b;
}

TEST(utf8, every_two_byte_string_matches_the_reference) {
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      auto s = bytes({a, b});
      ASSERT_EQ(valid_utf8(s), reference_valid(s)) << a << " " << b;
    }
}

TEST(utf8, every_three_byte_string_matches_the_reference) {
  std::string s(3, '\0');
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b)
      for (int c = 0; c < 256; ++c) {
        s[0] = static_cast<char>(a);
        s[1] = static_cast<char>(b);
        s[2] = static_cast<char>(c);
        if (valid_utf8(s) != reference_valid(s))
          FAIL() << a << " " << b << " " << c;
      }
}

TEST(utf8, four_byte_leads_with_every_second_and_third_byte) {
  std::string s(4, '\0');
  for (int a = 0xF0; a < 0x100; ++a)
    for (int b = 0; b < 256; ++b)
      for (int c = 0; c < 256; ++c)
        for (int d : {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF}) {
          s[0] = static_cast<char>(a);
          s[1] = static_cast<char>(b);
          s[2] = static_cast<char>(c);
          s[3] = static_cast<char>(d);
          if (valid_utf8(s) != reference_valid(s))
            FAIL() << a << " " << b << " " << c << " " << d;
        }
}

TEST(utf8, boundaries_of_each_length) {
  EXPECT_TRUE(valid_utf8(bytes({0xC2, 0x80})));             // U+0080
  EXPECT_TRUE(valid_utf8(bytes({0xDF, 0xBF})));             // U+07FF
  EXPECT_TRUE(valid_utf8(bytes({0xE0, 0xA0, 0x80})));       // U+0800
  EXPECT_TRUE(valid_utf8(bytes({0xED, 0x9F, 0xBF})));       // U+D7FF
  EXPECT_TRUE(valid_utf8(bytes({0xEE, 0x80, 0x80})));       // U+E000
  EXPECT_TRUE(valid_utf8(bytes({0xEF, 0xBF, 0xBF})));       // U+FFFF
  EXPECT_TRUE(valid_utf8(bytes({0xF0, 0x90, 0x80, 0x80}))); // U+10000
  EXPECT_TRUE(valid_utf8(bytes({0xF4, 0x8F, 0xBF, 0xBF}))); // U+10FFFF
}

TEST(utf8, overlongs_are_invalid) {
  EXPECT_FALSE(valid_utf8(bytes({0xC0, 0x80})));             // NUL
  EXPECT_FALSE(valid_utf8(bytes({0xC1, 0xBF})));             // U+007F
  EXPECT_FALSE(valid_utf8(bytes({0xE0, 0x9F, 0xBF})));       // U+07FF
  EXPECT_FALSE(valid_utf8(bytes({0xF0, 0x8F, 0xBF, 0xBF}))); // U+FFFF
}

TEST(utf8, surrogates_are_invalid) {
  EXPECT_FALSE(valid_utf8(bytes({0xED, 0xA0, 0x80}))); // U+D800
  EXPECT_FALSE(valid_utf8(bytes({0xED, 0xBF, 0xBF}))); // U+DFFF
  // A CESU-8 pair for U+10000.
  EXPECT_FALSE(valid_utf8(bytes({0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80})));
}

TEST(utf8, above_u10ffff_is_invalid) {
  EXPECT_FALSE(valid_utf8(bytes({0xF4, 0x90, 0x80, 0x80}))); // U+110000
  EXPECT_FALSE(valid_utf8(bytes({0xF5, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(valid_utf8(bytes({0xF7, 0xBF, 0xBF, 0xBF})));
  EXPECT_FALSE(valid_utf8(bytes({0xF8, 0x88, 0x80, 0x80, 0x80})));
}

TEST(utf8, truncated_sequences_are_invalid) {
  EXPECT_FALSE(valid_utf8(bytes({0xC2})));
  EXPECT_FALSE(valid_utf8(bytes({0xE2, 0x82})));
  EXPECT_FALSE(valid_utf8(bytes({0xF0, 0x9F, 0x98})));
  EXPECT_FALSE(valid_utf8("abc" + bytes({0xE2, 0x82})));
}

TEST(utf8, lone_continuation_bytes_are_invalid) {
  EXPECT_FALSE(valid_utf8(bytes({0x80})));
  EXPECT_FALSE(valid_utf8(bytes({0xBF})));
  EXPECT_FALSE(valid_utf8("abcdefgh" + bytes({0x80}) + "ijklmnop"));
}

TEST(utf8, invalid_byte_after_a_long_ascii_run_is_found) {
  // Each position in and after the 8-byte fast path.
  for (size_t at = 0; at < 20; ++at) {
    std::string s(20, 'a');
    s[at] = static_cast<char>(0xFF);
    EXPECT_FALSE(valid_utf8(s)) << at;
    s[at] = static_cast<char>(0xC3);
    if (at + 1 < s.size()) {
      s[at + 1] = static_cast<char>(0xA9); // é
      EXPECT_TRUE(valid_utf8(s)) << at;
    }
  }
}

TEST(utf8, sequence_lengths_and_maximal_subparts) {
  size_t bad = 99;
  EXPECT_EQ(utf8_sequence("a"), 1u);
  EXPECT_EQ(utf8_sequence(bytes({0xE2, 0x82, 0xAC, 'x'})), 3u);
  EXPECT_EQ(utf8_sequence(bytes({0xE2, 0x82, 'x'}), &bad), 0u);
  EXPECT_EQ(bad, 2u);
  EXPECT_EQ(utf8_sequence(bytes({0xF0, 0x9F, 0x98}), &bad), 0u);
  EXPECT_EQ(bad, 3u);
  EXPECT_EQ(utf8_sequence(bytes({0xED, 0xA0, 0x80}), &bad), 0u);
  EXPECT_EQ(bad, 1u); // ED A0 is not a prefix of any valid sequence
  EXPECT_EQ(utf8_sequence(bytes({0xC0, 0x80}), &bad), 0u);
  EXPECT_EQ(bad, 1u);
}

TEST(utf8, sanitize_keeps_valid_text) {
  auto s = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
  EXPECT_EQ(sanitized(s), s);
}

TEST(utf8, sanitize_replaces_each_maximal_subpart_once) {
  // Unicode 15 table 3-8: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 gives
  // a FFFD FFFD FFFD b FFFD c FFFD FFFD d.
  auto in = bytes({0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63,
                   0x80, 0xBF, 0x64});
  EXPECT_EQ(sanitized(in),
            "a" + fffd + fffd + fffd + "b" + fffd + "c" + fffd + fffd + "d");
}

TEST(utf8, sanitize_output_is_always_valid) {
  std::string s;
  for (int b = 0; b < 256; ++b)
    s += static_cast<char>(b);
  EXPECT_TRUE(valid_utf8(sanitized(s)));
  EXPECT_TRUE(valid_utf8(json(s)));
}

TEST(utf8, json_escaper_matches_the_plain_one_on_valid_text) {
  std::string s = "a\"b\\c\nd\re\tf\bg\fh";
  s += std::string_view{"\0\x01\x1F\x7F", 4};
  s += "\xC3\xA9\xF4\x8F\xBF\xBF";
  std::string plain;
  append_json_string(plain, s);
  EXPECT_EQ(json(s), plain);
}

TEST(utf8, json_escaper_replaces_invalid_bytes) {
  EXPECT_EQ(json(bytes({'a', 0xFF, 'b'})), "\"a" + fffd + "b\"");
  EXPECT_EQ(json(bytes({0xE2, 0x82})), "\"" + fffd + "\"");
  EXPECT_EQ(json(bytes({0xED, 0xA0, 0x80})), "\"" + fffd + fffd + fffd + "\"");
  EXPECT_EQ(json(""), "\"\"");
}
