#include "formats/base64.hpp"

#include <gtest/gtest.h>

using timeless::formats::base64_decode;

TEST(base64, rfc4648_test_vectors) {
  EXPECT_EQ(*base64_decode(""), "");
  EXPECT_EQ(*base64_decode("Zg=="), "f");
  EXPECT_EQ(*base64_decode("Zm8="), "fo");
  EXPECT_EQ(*base64_decode("Zm9v"), "foo");
  EXPECT_EQ(*base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(*base64_decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(*base64_decode("Zm9vYmFy"), "foobar");
}

TEST(base64, every_byte_value) {
  // Encoded by Python's base64.b64encode.
  EXPECT_EQ(*base64_decode("AP8="), std::string("\x00\xff", 2));
  EXPECT_EQ(*base64_decode("+/+/"), std::string("\xfb\xff\xbf", 3));
}

TEST(base64, refuses_what_is_not_canonical) {
  for (auto bad : {"Zg", "Zg=", "Z===", "====", "Zm9v=", "Zh==", "Zm9=",
                   "Zm 9v", "Zm9v\n", "Zm-v", "Zm_v", "=Zm9", "Zg==Zg=="})
    EXPECT_FALSE(base64_decode(bad)) << bad;
}
