#include "formats/time_parse.hpp"

#include <gtest/gtest.h>

#include "formats/error_text.hpp"
#include "timeless/error.hpp"

using namespace timeless;
using timeless::formats::format_time_ms;
using timeless::formats::parse_time_ms;

namespace {

constexpr int64_t now = 1'700'000'000'000; // 2023-11-14T22:13:20Z
constexpr int64_t day = 86'400'000;

/// Parses `text` that must be valid.
int64_t t(std::string_view text) {
  auto r = parse_time_ms(text, now);
  EXPECT_TRUE(r) << text << ": " << formats::error_text(r.error());
  return r ? *r : 0;
}

/// The error message for `text`, which must be invalid.
std::string bad(std::string_view text) {
  auto r = parse_time_ms(text, now);
  EXPECT_FALSE(r) << text << " parsed as " << (r ? *r : 0);
  if (r)
    return {};
  EXPECT_EQ(code_of(r.error()), errc::invalid_argument);
  return formats::error_text(r.error());
}

} // namespace

TEST(time_parse, now_and_relative_forms) {
  EXPECT_EQ(t("now"), now);
  EXPECT_EQ(t("-1h"), now - 3'600'000);
  EXPECT_EQ(t("-30d"), now - 30 * day);
  EXPECT_EQ(t("-1h30m"), now - 5'400'000);
  EXPECT_EQ(t("-90"), now - 90'000); // a bare number counts as seconds
  EXPECT_EQ(t("now-15m"), now - 900'000);
  EXPECT_EQ(t("now+1d"), now + day);
  EXPECT_EQ(t("-0s"), now);
}

TEST(time_parse, unix_seconds_and_milliseconds) {
  EXPECT_EQ(t("1700000000"), 1'700'000'000'000);
  EXPECT_EQ(t("1700000000000"), 1'700'000'000'000);
  EXPECT_EQ(t("0"), 0);
  EXPECT_EQ(t("86400"), day);
  EXPECT_EQ(t("9999999999"), 9'999'999'999'000); // 10 digits: seconds
  EXPECT_EQ(t("1700000000.25"), 1'700'000'000'250);
  EXPECT_EQ(t("1700000000.123456789"), 1'700'000'000'123); // cut to ms
  EXPECT_EQ(t("1.5"), 1500);
}

TEST(time_parse, rfc3339) {
  EXPECT_EQ(t("2024-01-02T03:04:05Z"),
            (19724 * 86400LL + 3 * 3600 + 4 * 60 + 5) * 1000);
  EXPECT_EQ(t("2023-11-14T22:13:20Z"), now);
  EXPECT_EQ(t("2023-11-14t22:13:20z"), now);
  EXPECT_EQ(t("2023-11-14 22:13:20Z"), now);
  EXPECT_EQ(t("2023-11-14T22:13:20.5Z"), now + 500);
  EXPECT_EQ(t("2023-11-14T22:13:20.123Z"), now + 123);
  EXPECT_EQ(t("2023-11-14T22:13:20.123999999Z"), now + 123);
  EXPECT_EQ(t("2023-11-15T00:13:20+02:00"), now);
  EXPECT_EQ(t("2023-11-14T17:43:20-04:30"), now);
  EXPECT_EQ(t("2023-11-14T22:13:20+00:00"), now);
  EXPECT_EQ(t("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(t("1969-12-31T23:59:59Z"), -1000);
  EXPECT_EQ(t("0000-01-01T00:00:00Z"), -62'167'219'200'000);
  EXPECT_EQ(t("9999-12-31T23:59:59.999Z"), 253'402'300'799'999);
}

TEST(time_parse, bare_dates_are_midnight_utc) {
  EXPECT_EQ(t("1970-01-02"), day);
  EXPECT_EQ(t("2023-11-14"), now - (22 * 3600 + 13 * 60 + 20) * 1000LL);
}

TEST(time_parse, leap_years) {
  EXPECT_EQ(t("2024-02-29T00:00:00Z") + day, t("2024-03-01T00:00:00Z"));
  EXPECT_EQ(t("2000-02-29"), 951'782'400'000); // divisible by 400: leap
  EXPECT_EQ(t("2023-03-01") - t("2023-02-28"), day);
  EXPECT_EQ(t("2024-12-31") - t("2024-01-01"), 365 * day);
  EXPECT_EQ(t("2023-12-31") - t("2023-01-01"), 364 * day);
  EXPECT_NE(bad("2023-02-29").find("day 29 is not in 2023-02"),
            std::string::npos);
  EXPECT_FALSE(parse_time_ms("1900-02-29", now)); // divisible by 100 only
  EXPECT_FALSE(parse_time_ms("2100-02-29T00:00:00Z", now));
  EXPECT_TRUE(formats::is_leap_year(2024));
  EXPECT_TRUE(formats::is_leap_year(2000));
  EXPECT_FALSE(formats::is_leap_year(1900));
  EXPECT_FALSE(formats::is_leap_year(2023));
}

TEST(time_parse, errors_name_the_problem) {
  EXPECT_NE(bad("").find("empty"), std::string::npos);
  EXPECT_NE(bad("17000000000").find("13 digits"), std::string::npos);  // 11
  EXPECT_NE(bad("170000000000").find("13 digits"), std::string::npos); // 12
  EXPECT_NE(bad("17000000000000").find("13 digits"), std::string::npos);
  EXPECT_NE(bad("1700000000000.5").find("13 digits"), std::string::npos);
  EXPECT_NE(bad("12ab").find("expected digits"), std::string::npos);
  EXPECT_NE(bad("1.").find("expected digits"), std::string::npos);
  EXPECT_NE(bad("1.1234567890").find("fraction"), std::string::npos);
  EXPECT_NE(bad("2024-13-01").find("month 13"), std::string::npos);
  EXPECT_NE(bad("2024-00-01").find("month 0"), std::string::npos);
  EXPECT_NE(bad("2024-04-31").find("day 31"), std::string::npos);
  EXPECT_NE(bad("2024-01-00").find("day 0"), std::string::npos);
  EXPECT_NE(bad("2024-1-2").find("YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(bad("2024-01-02T24:00:00Z").find("out of range"),
            std::string::npos);
  EXPECT_NE(bad("2024-01-02T23:60:00Z").find("out of range"),
            std::string::npos);
  EXPECT_NE(bad("2024-01-02T23:00:60Z").find("out of range"),
            std::string::npos);
  EXPECT_NE(bad("2024-01-02T03:04:05").find("time zone"), std::string::npos);
  EXPECT_NE(bad("2024-01-02T03:04Z").find("hh:mm:ss"), std::string::npos);
  EXPECT_NE(bad("2024-01-02X03:04:05Z").find("'T'"), std::string::npos);
  EXPECT_NE(bad("2024-01-02T03:04:05.Z").find("after '.'"), std::string::npos);
  EXPECT_NE(bad("2024-01-02T03:04:05Zx").find("after 'Z'"), std::string::npos);
  EXPECT_NE(bad("2024-01-02T03:04:05+0200").find("offset"), std::string::npos);
  EXPECT_NE(bad("2024-01-02T03:04:05+24:00").find("offset out of range"),
            std::string::npos);
  EXPECT_NE(bad("2024-01-02T03:04:05+02:60").find("offset out of range"),
            std::string::npos);
  EXPECT_NE(bad("-1x").find("unknown unit"), std::string::npos);
  EXPECT_NE(bad("-").find("invalid duration"), std::string::npos);
  EXPECT_NE(bad("now-").find("invalid duration"), std::string::npos);
  EXPECT_NE(bad("nowish").find("expected digits"), std::string::npos);
  EXPECT_NE(bad(" 1700000000").find("expected digits"), std::string::npos);
  // Every message quotes the text.
  EXPECT_NE(bad("2024-13-01").find("'2024-13-01'"), std::string::npos);
}

TEST(time_parse, relative_times_never_overflow) {
  EXPECT_FALSE(parse_time_ms("-1d", INT64_MIN + 1));
  EXPECT_FALSE(parse_time_ms("now+1d", INT64_MAX - 1));
  EXPECT_EQ(*parse_time_ms("-1ms", INT64_MIN + 1), INT64_MIN);
}

TEST(time_parse, format_round_trips) {
  EXPECT_EQ(format_time_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_time_ms(now + 5), "2023-11-14T22:13:20.005Z");
  EXPECT_EQ(format_time_ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_time_ms(t("2024-02-29T12:00:00Z")),
            "2024-02-29T12:00:00.000Z");
  for (int64_t ms :
       {int64_t{0}, now, int64_t{-1}, int64_t{951'782'400'000},
        int64_t{253'402'300'799'999}, int64_t{-62'167'219'200'000}})
    EXPECT_EQ(t(format_time_ms(ms)), ms) << ms;
  // Every day of four years, leap day included.
  for (int64_t d = 19'000; d < 19'000 + 4 * 366; ++d)
    ASSERT_EQ(t(format_time_ms(d * day + 1234)), d * day + 1234) << d;
  EXPECT_FALSE(format_time_ms(INT64_MIN).empty());
  EXPECT_FALSE(format_time_ms(INT64_MAX).empty());
}
