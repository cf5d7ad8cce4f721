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
