#include "server/chart/xml_text.hpp"

#include <cstdint>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "test/server/chart/xml_check.hpp"

using namespace timeless::chart;
using timeless::testing::xml_doc;

namespace {

const std::string fffd = "\xEF\xBF\xBD";
const std::string ellipsis = "\xE2\x80\xA6";

/// `text` escaped into both an attribute and element content, as read back
/// by libxml2; "<invalid: ...>" if the document is not well-formed.
std::string round_trip(const std::string& text) {
  auto esc = xml_text(text);
  xml_doc doc{"<r a=\"" + esc + "\" b='" + esc + "'>" + esc + "</r>"};
  if (!doc.ok())
    return "<invalid: " + doc.error() + ">";
  auto a = doc.one("/r/@a");
  auto b = doc.one("/r/@b");
  auto c = doc.one("/r");
  if (a != b || a != c)
    return "<differ: " + a + " | " + b + " | " + c + ">";
  return c;
}

} // namespace

TEST(xml_text, escapes_the_five_markup_characters) {
  EXPECT_EQ(xml_text("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(xml_text("]]>"), "]]&gt;");
  EXPECT_EQ(round_trip("x=\"1\" & y='<2>' ]]> <!-- -->"),
            "x=\"1\" & y='<2>' ]]> <!-- -->");
}

TEST(xml_text, empty_text_is_empty) {
  EXPECT_EQ(xml_text(""), "");
  EXPECT_EQ(text_length(""), 0u);
}

TEST(xml_text, keeps_valid_utf8_of_every_length) {
  std::string s = "a\xC3\xA9\xE6\x97\xA5\xF0\x9F\x93\x88"; // a é 日 📈
  EXPECT_EQ(xml_text(s), s);
  EXPECT_EQ(text_length(s), 4u);
  EXPECT_EQ(round_trip(s), s);
  // The edges of the valid ranges: U+0080, U+07FF, U+0800, U+D7FF,
  // U+E000, U+FFFD, U+10000, U+10FFFF.
  std::string edges = "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"
                      "\xEF\xBF\xBD\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
  EXPECT_EQ(xml_text(edges), edges);
  EXPECT_EQ(round_trip(edges), edges);
}

TEST(xml_text, replaces_each_invalid_utf8_byte) {
  EXPECT_EQ(xml_text("\x80"), fffd);            // stray continuation
  EXPECT_EQ(xml_text("a\xC3"), "a" + fffd);     // truncated at the end
  EXPECT_EQ(xml_text("\xC3x"), fffd + "x");     // truncated mid-text
  EXPECT_EQ(xml_text("\xC0\xAF"), fffd + fffd); // overlong '/'
  EXPECT_EQ(xml_text("\xE0\x80\xAF"), fffd + fffd + fffd); // overlong
  EXPECT_EQ(xml_text("\xED\xA0\x80"), fffd + fffd + fffd); // surrogate
  EXPECT_EQ(xml_text("\xF4\x90\x80\x80"),
            fffd + fffd + fffd + fffd); // > U+10FFFF
  EXPECT_EQ(xml_text("\xFF\xFE"), fffd + fffd);
  EXPECT_EQ(xml_text("\xF0\x9F\x93"), fffd + fffd + fffd); // 3 of 4 bytes
  EXPECT_EQ(text_length("\xC0\xAF"), 2u);
  EXPECT_EQ(round_trip("ok\xC3(\xFF"), "ok" + fffd + "(" + fffd);
}

TEST(xml_text, replaces_characters_xml_forbids) {
  EXPECT_EQ(xml_text(std::string{"a\0b", 3}), "a" + fffd + "b");
  EXPECT_EQ(xml_text("\x01\x08\x0B\x0C\x0E\x1F"), [] {
    std::string s;
    for (int i = 0; i < 6; ++i)
      s += fffd;
    return s;
  }());
  EXPECT_EQ(xml_text("\xEF\xBF\xBE\xEF\xBF\xBF"), fffd + fffd); // U+FFFE/F
  EXPECT_EQ(xml_text("\x7F"), "\x7F"); // DEL is an XML character
}

TEST(xml_text, whitespace_controls_become_references) {
  EXPECT_EQ(xml_text("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
  // Kept as they are in attributes too (no normalisation to spaces).
  EXPECT_EQ(round_trip("a\tb\nc\rd"), "a\tb\nc\rd");
}

TEST(xml_text, cuts_at_max_chars_with_an_ellipsis) {
  EXPECT_EQ(xml_text("abcd", 4), "abcd"); // exactly the limit: whole
  EXPECT_EQ(xml_text("abcde", 4), "abc" + ellipsis);
  EXPECT_EQ(text_length("abcde", 4), 4u);
  EXPECT_EQ(xml_text("abcde", 1), ellipsis);
  EXPECT_EQ(xml_text("abcde", 0), "");
  // Code points, not bytes: a cut never splits a sequence.
  EXPECT_EQ(xml_text("\xC3\xA9\xC3\xA9\xC3\xA9", 2), "\xC3\xA9" + ellipsis);
  // Escapes count as the one character they stand for.
  EXPECT_EQ(xml_text("&&&", 3), "&amp;&amp;&amp;");
  EXPECT_EQ(xml_text("&&&&", 3), "&amp;&amp;" + ellipsis);
}

TEST(xml_text, comment_text_never_holds_a_double_dash) {
  std::string out;
  append_comment_text(out, "a--b-");
  EXPECT_EQ(out, "a__b_");
  xml_doc doc{"<r><!-- " + out + " --></r>"};
  EXPECT_TRUE(doc.ok()) << doc.error();
}

TEST(xml_text, every_single_byte_gives_well_formed_xml) {
  for (int b = 0; b < 256; ++b) {
    std::string s(1, static_cast<char>(b));
    auto back = round_trip(s);
    EXPECT_EQ(back.rfind("<invalid", 0), std::string::npos) << b << back;
    if (b >= 0x20 && b < 0x80) {
      EXPECT_EQ(back, s) << b;
    }
  }
}

TEST(xml_text, random_bytes_give_well_formed_xml) {
  std::mt19937 rng{13};
  std::uniform_int_distribution<int> byte{0, 255};
  std::uniform_int_distribution<int> len{0, 40};
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    auto n = len(rng);
    for (int k = 0; k < n; ++k)
      s += static_cast<char>(byte(rng));
    auto back = round_trip(s);
    ASSERT_EQ(back.rfind("<invalid", 0), std::string::npos) << back;
    ASSERT_EQ(back.rfind("<differ", 0), std::string::npos) << back;
  }
}
