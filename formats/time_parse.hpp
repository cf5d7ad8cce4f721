#pragma once

// Times on the command line (--from, --to) and in readable output.
//
// Accepted forms, tried in this order:
//   now                        `now_ms`
//   -DURATION, now-DURATION    `now_ms` minus a duration ("-1h", "-30d",
//                              "-1h30m", "-90" = 90 s; see duration.hpp)
//   up to 10 digits            unix seconds ("1700000000"), optionally with
//                              up to 9 fraction digits ("1700000000.25")
//   13 digits                  unix milliseconds ("1700000000000")
//   RFC 3339                   "2024-01-02T03:04:05Z", with fraction digits
//                              ("...05.123Z", cut to ms) and numeric
//                              offsets ("...05+02:00"); 't', 'z' and a
//                              space instead of 'T' are accepted
//   YYYY-MM-DD                 midnight UTC of that day

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

namespace timeless::formats {

/// Parses `text` into unix milliseconds; relative forms count back from
/// `now_ms`. Fails with `errc::invalid_argument` naming the text and what
/// was wrong: an empty text, 11, 12 or more than 13 digits (neither seconds
/// nor milliseconds), a field out of range (month 13, February 30 outside
/// a leap year, hour 24, ...), a malformed offset, trailing characters, or
/// a result outside int64 milliseconds.
caf::expected<int64_t> parse_time_ms(std::string_view text, int64_t now_ms);

/// Returns `ms` as RFC 3339 UTC with milliseconds,
/// "2024-01-02T03:04:05.000Z". Years outside 0000-9999 print with more
/// digits or a sign; `parse_time_ms` reads back 0000-9999.
std::string format_time_ms(int64_t ms);

/// Days from 1970-01-01 to the proleptic Gregorian date y-m-d (m 1-12,
/// d 1-31), negative before 1970.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

/// True if `y` is a Gregorian leap year.
bool is_leap_year(int64_t y);

} // namespace timeless::formats
