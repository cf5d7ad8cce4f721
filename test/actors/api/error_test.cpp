#include "timeless/error.hpp"

#include <gtest/gtest.h>

#include <caf/sec.hpp>

using namespace timeless;

TEST(error, data_errors_are_told_from_store_failures) {
  EXPECT_TRUE(is_data_error(make_error(errc::invalid_label, "x")));
  EXPECT_TRUE(is_data_error(make_error(errc::invalid_metric_name, "x")));
  EXPECT_TRUE(is_data_error(make_error(errc::too_many_labels, "x")));
  EXPECT_TRUE(is_data_error(make_error(errc::name_too_long, "x")));
  EXPECT_TRUE(is_data_error(make_error(errc::invalid_argument, "x")));
  EXPECT_FALSE(is_data_error(make_error(errc::backpressure, "x")));
  EXPECT_FALSE(is_data_error(make_error(errc::io_error, "x")));
  EXPECT_FALSE(is_data_error(make_error(errc::closed, "x")));
  EXPECT_FALSE(is_data_error(caf::error{}));
  EXPECT_FALSE(is_data_error(caf::make_error(caf::sec::request_timeout)));
}

TEST(error, code_of_names_caf_timeouts_timeout_and_other_errors_internal) {
  EXPECT_EQ(code_of(make_error(errc::backpressure, "x")), errc::backpressure);
  EXPECT_EQ(code_of(caf::error{}), errc::none);
  EXPECT_EQ(code_of(caf::make_error(caf::sec::request_timeout)), errc::timeout);
  EXPECT_EQ(code_of(caf::make_error(caf::sec::unexpected_message)),
            errc::internal);
}
