#pragma once

// Floats as text: the value syntax of both import formats, and the
// shortest text that reads back to the same double.

#include <string>
#include <string_view>

namespace timeless::formats {

/// How `parse_float` ended.
enum class float_parse : uint8_t { ok, invalid, out_of_range };

/// Parses a float as Go's strconv.ParseFloat does for Prometheus: optional
/// sign, then decimal digits with an optional '.' and exponent (`1`, `-2.5`,
/// `.5`, `5.`, `1e-3`, `1E+300`), or `NaN`, `Inf`, `Infinity` in any case
/// (a sign before NaN is ignored). Values beyond the double range are
/// `out_of_range`; values below the smallest subnormal read as (signed)
/// zero, as in Go. Hexadecimal floats and underscores are `invalid`.
float_parse parse_float(std::string_view text, double& out);

/// Appends the shortest decimal text that `parse_float` reads back to
/// exactly `x` (std::to_chars), e.g. "1", "0.1", "-0", "1e+300",
/// "5e-324"; "NaN", "+Inf", "-Inf" for the special values (NaN payloads are
/// not kept).
void append_float(std::string& out, double x);

} // namespace timeless::formats
