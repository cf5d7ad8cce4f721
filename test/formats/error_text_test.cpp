#include "formats/error_text.hpp"

#include <gtest/gtest.h>

#include <caf/sec.hpp>

#include "timeless/error.hpp"

using namespace timeless;

TEST(error_text, the_message_without_the_code_name) {
  auto err = make_error(errc::invalid_argument, "bad thing");
  EXPECT_EQ(describe(err), "invalid_argument: bad thing");
  EXPECT_EQ(formats::error_text(err), "bad thing");
  EXPECT_EQ(formats::error_text(caf::error{}), "no error");
  EXPECT_FALSE(
      formats::error_text(caf::make_error(caf::sec::unexpected_message))
          .empty());
}

TEST(error_text, sample_errors_lose_only_a_leading_sample_index) {
  auto text = [](std::string msg) {
    return formats::sample_error_text(
        make_error(errc::invalid_label, std::move(msg)));
  };
  EXPECT_EQ(text("sample 3: label name \"__x\" is reserved"),
            "label name \"__x\" is reserved");
  EXPECT_EQ(text("sample 12345: bad"), "bad");
  // Not an index: kept as it is.
  EXPECT_EQ(text("sample : bad"), "sample : bad");
  EXPECT_EQ(text("sample 3 bad"), "sample 3 bad");
  EXPECT_EQ(text("samples 3: bad"), "samples 3: bad");
  EXPECT_EQ(text("bad"), "bad");
}
