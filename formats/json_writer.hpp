#pragma once

// Appending JSON text: strings, sample values and series as the JSON-lines
// export format writes them.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "timeless/labels.hpp"

namespace timeless::formats {

/// Appends `x` as a JSON string: `"` and `\` escaped, control characters
/// as \n, \r, \t, \b, \f or \u00XX; valid UTF-8 as it is, and each byte
/// that starts no valid UTF-8 sequence as U+FFFD (so the output is valid JSON
/// even for values stored before the store rejected invalid UTF-8).
void append_json_string(std::string& out, std::string_view x);

/// Appends a sample value as VictoriaMetrics writes it: the shortest
/// number that reads back to exactly `x`, `null` for NaN, `"Infinity"` and
/// `"-Infinity"` for the infinities.
void append_json_value(std::string& out, double x);

/// Appends `{"__name__":"<metric>","<label>":"<value>",...}`.
void append_json_metric(std::string& out, std::string_view metric,
                        const label_set& labels);

/// Appends one line of the JSON-lines format (with its line feed):
/// `{"metric":{...},"values":[...],"timestamps":[...]}`.
void append_json_line(std::string& out, std::string_view metric,
                      const label_set& labels, std::span<const int64_t> ts,
                      std::span<const double> values);

} // namespace timeless::formats
