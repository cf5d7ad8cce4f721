#pragma once

// One line of the Prometheus text exposition format:
//
//   metric_name [ '{' label '=' '"' value '"' { ',' label '=' '"' value '"' }
//                 [ ',' ] '}' ] value [ timestamp ]
//
// - metric_name is [a-zA-Z_:][a-zA-Z0-9_:]*, a label name
//   [a-zA-Z_][a-zA-Z0-9_]*; spaces and tabs may separate every token, and
//   at least one must precede the value and the timestamp;
// - label values escape backslash, double quote and line feed as `\\`,
//   `\"` and `\n`; any other escape is an error;
// - the value is a float as `parse_float` (float_text.hpp) reads it: `1`,
//   `-2.5`, `.5`, `1e-3`, `NaN`, `+Inf`, `-Inf`; beyond the double range
//   it is an error;
// - the timestamp is integer milliseconds since the epoch (negative
//   allowed); without one the sample is stamped by the store (now);
// - lines that are empty, only spaces, or start with `#` (`# HELP`,
//   `# TYPE`, comments) hold no sample; a trailing carriage return is
//   ignored.

#include <string_view>

#include "formats/line_result.hpp"
#include "timeless/messages.hpp"
#include "timeless/options.hpp"

namespace timeless::formats {

/// Parses `line` (without its line feed) into `out`, replacing its metric,
/// labels, timestamp and value; labels stay in the order written (the store
/// sorts and validates them). Returns ok, skip (no sample; `out`
/// unspecified) or error with a reason and the column (`out` unspecified).
/// Reads only inside `line`; allocates only for the strings of `out`
/// (reusing their capacity).
line_result parse_prometheus_line(std::string_view line, sample& out);

} // namespace timeless::formats
