#pragma once

// Durations on the command line: "90s", "15m", "1h", "30d", "1h30m",
// "500ms", "2w", "100y" (a year is 365 days); a bare number counts as
// seconds.

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

namespace timeless::formats {

/// Parses `text` into milliseconds: one or more `<digits><unit>` terms with
/// unit ms, s, m, h, d, w or y (365 days), summed ("1h30m" is 5,400,000), or a
/// bare non-negative integer meaning seconds. Fails with
/// `errc::invalid_argument` on an empty text, an unknown unit, a missing
/// number, a repeated or out of order unit, or a result beyond int64
/// milliseconds.
caf::expected<int64_t> parse_duration_ms(std::string_view text);

/// Returns `ms` in the largest units that fit, at most two of them, e.g.
/// "30d", "5h 33m", "90ms", "1m 30s", "1y 35d" (years of 365 days, never
/// weeks); "0s" for 0. Shorter than exact for durations that need more
/// than two units ("1d 1h" for 1d 1h 1m).
std::string format_duration(int64_t ms);

} // namespace timeless::formats
