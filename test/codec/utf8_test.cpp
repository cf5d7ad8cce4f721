#include "codec/utf8.hpp"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

using namespace timeless;

namespace {

std::string bytes(std::initializer_list<int> xs) {
  std::string s;
  for (auto x : xs)
    s += static_cast<char>(x);
  return s;
}

} // namespace

TEST(utf8, empty_and_ascii_are_valid) {
  EXPECT_TRUE(utf8::valid(""));
  EXPECT_TRUE(utf8::valid("dev_25"));
  EXPECT_TRUE(utf8::valid(std::string(1000, 'a')));
  EXPECT_TRUE(utf8::valid(bytes({0x00, 0x7F})));
  EXPECT_EQ(utf8::sequence_length(""), 0u);
}

TEST(utf8, each_sequence_length_at_its_bounds) {
  EXPECT_EQ(utf8::sequence_length(bytes({0xC2, 0x80})), 2u);       // U+0080
  EXPECT_EQ(utf8::sequence_length(bytes({0xDF, 0xBF})), 2u);       // U+07FF
  EXPECT_EQ(utf8::sequence_length(bytes({0xE0, 0xA0, 0x80})), 3u); // U+0800
  EXPECT_EQ(utf8::sequence_length(bytes({0xED, 0x9F, 0xBF})), 3u); // U+D7FF
  EXPECT_EQ(utf8::sequence_length(bytes({0xEE, 0x80, 0x80})), 3u); // U+E000
  EXPECT_EQ(utf8::sequence_length(bytes({0xEF, 0xBF, 0xBF})), 3u); // U+FFFF
  EXPECT_EQ(utf8::sequence_length(bytes({0xF0, 0x90, 0x80, 0x80})), 4u);
  EXPECT_EQ(utf8::sequence_length(bytes({0xF4, 0x8F, 0xBF, 0xBF})), 4u);
  EXPECT_TRUE(utf8::valid("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

TEST(utf8, overlong_forms_are_invalid) {
  EXPECT_FALSE(utf8::valid(bytes({0xC0, 0x80})));
  EXPECT_FALSE(utf8::valid(bytes({0xC1, 0xBF})));
  EXPECT_FALSE(utf8::valid(bytes({0xE0, 0x9F, 0xBF})));
  EXPECT_FALSE(utf8::valid(bytes({0xF0, 0x8F, 0xBF, 0xBF})));
}

TEST(utf8, surrogates_and_code_points_past_10ffff_are_invalid) {
  EXPECT_FALSE(utf8::valid(bytes({0xED, 0xA0, 0x80})));       // U+D800
  EXPECT_FALSE(utf8::valid(bytes({0xED, 0xBF, 0xBF})));       // U+DFFF
  EXPECT_FALSE(utf8::valid(bytes({0xF4, 0x90, 0x80, 0x80}))); // U+110000
  EXPECT_FALSE(utf8::valid(bytes({0xF5, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(utf8::valid(bytes({0xFF})));
}

TEST(utf8, lone_continuations_and_truncated_sequences_are_invalid) {
  EXPECT_FALSE(utf8::valid(bytes({0x80})));
  EXPECT_FALSE(utf8::valid(bytes({0xC3})));
  EXPECT_FALSE(utf8::valid(bytes({0xE2, 0x82})));
  EXPECT_FALSE(utf8::valid(bytes({0xF0, 0x9F, 0x98})));
  EXPECT_FALSE(utf8::valid(bytes({0xE2, 0x41, 0xAC}))); // 'A' breaks it
}

TEST(utf8, first_invalid_names_the_offset_after_the_ascii_fast_path) {
  auto s = std::string(17, 'a') + bytes({0xC3, 0xA9}) + "b" + bytes({0xFE});
  EXPECT_EQ(utf8::first_invalid(s), 20u);
  EXPECT_EQ(utf8::first_invalid(std::string(16, 'x')), 16u);
  EXPECT_EQ(utf8::first_invalid(bytes({0x80}) + std::string(16, 'x')), 0u);
}

TEST(utf8, agrees_with_a_decoder_on_every_two_byte_input) {
  // Exhaustive over all 65,536 two-byte strings: valid exactly when both
  // bytes are ASCII or they form one sequence of U+0080..U+07FF.
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      auto s = bytes({a, b});
      bool expected = (a < 0x80 && b < 0x80) ||
                      (a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF);
      ASSERT_EQ(utf8::valid(s), expected) << a << " " << b;
    }
}

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

} // namespace

TEST(utf8, agrees_with_a_decoder_on_every_three_byte_input) {
  std::string s(3, '\0');
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b)
      for (int c = 0; c < 256; ++c) {
        s[0] = static_cast<char>(a);
        s[1] = static_cast<char>(b);
        s[2] = static_cast<char>(c);
        if (utf8::valid(s) != reference_valid(s))
          FAIL() << a << " " << b << " " << c;
      }
}

TEST(utf8, agrees_with_a_decoder_on_four_byte_leads) {
  // Every lead F0..FF with every second and third byte, and last bytes at
  // and around the continuation range.
  std::string s(4, '\0');
  for (int a = 0xF0; a < 0x100; ++a)
    for (int b = 0; b < 256; ++b)
      for (int c = 0; c < 256; ++c)
        for (int d : {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF}) {
          s[0] = static_cast<char>(a);
          s[1] = static_cast<char>(b);
          s[2] = static_cast<char>(c);
          s[3] = static_cast<char>(d);
          if (utf8::valid(s) != reference_valid(s))
            FAIL() << a << " " << b << " " << c << " " << d;
        }
}

TEST(utf8, invalid_byte_at_each_position_around_the_fast_path) {
  for (size_t at = 0; at < 20; ++at) {
    std::string s(20, 'a');
    s[at] = static_cast<char>(0xFF);
    EXPECT_EQ(utf8::first_invalid(s), at);
    s[at] = static_cast<char>(0xC3); // é, or truncated at the end
    if (at + 1 < s.size()) {
      s[at + 1] = static_cast<char>(0xA9);
      EXPECT_TRUE(utf8::valid(s)) << at;
    } else {
      EXPECT_EQ(utf8::first_invalid(s), at);
    }
  }
}
