#pragma once

// One line of the InfluxDB line protocol, as VictoriaMetrics ingests it at
// /write, /api/v2/write and /influx/write:
//
//   measurement[,tag=value...] field=value[,field=value...] [timestamp]
//
// - the measurement runs to the first unescaped ',' or ' '; it may be
//   empty (the line then starts with ',' or ' ');
// - tags are `key=value` separated by ','; the key runs to the first
//   unescaped '=' (the value may hold more '='); a tag without '=' is an
//   error, a tag with an empty key or value is dropped; tags become labels
//   in the order written (the store sorts and validates them);
// - in the measurement and in tag and field keys a backslash before ' ',
//   ',', '=' or '\' stands for that byte; before any other byte, or at the
//   end, the backslash is kept as it is;
// - one or more spaces separate the tags from the fields and the fields
//   from the timestamp; trailing spaces are allowed;
// - each field becomes one sample named `measurement_field` (just `field`
//   when the measurement is empty): VictoriaMetrics' default
//   (-influxMeasurementFieldSeparator=_, no special case for a field
//   named `value`);
// - field values: floats as `parse_float` reads them (`1`, `-2.5`, `1e3`,
//   `NaN`, `Inf`); integers `12i` (int64) and `12u` (uint64), converted to
//   double; booleans `t T true True TRUE` (1) and `f F false False FALSE`
//   (0); double-quoted strings, in which `\"` and `\\` are escapes and
//   which may hold ',', ' ' and '=': a string that reads as a float is
//   that number (agents send numbers as strings; VictoriaMetrics does the
//   same), any other string field is skipped. VictoriaMetrics stores 0 for
//   such strings and for unreadable unquoted values; here the first are
//   skipped and the second are errors;
// - the timestamp is an integer in the request's precision, converted to
//   milliseconds (divisions truncate toward zero, as in VictoriaMetrics);
//   without one, or when it is 0 (as in VictoriaMetrics), the point is
//   stamped `now`, rounded down to whole seconds, minutes or hours for the
//   precisions s, m and h. With no precision given the unit is guessed
//   from the magnitude as VictoriaMetrics does: >= 1e17 ns, >= 1e14 us,
//   >= 1e11 ms, otherwise seconds;
// - lines that are empty, only spaces, or start with '#' hold no sample,
//   nor does a line whose fields are all non-numeric strings; a trailing
//   carriage return is ignored.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "formats/line_result.hpp"
#include "timeless/messages.hpp"

namespace timeless::formats {

/// The unit of line-protocol timestamps (the `precision` parameter).
enum class influx_precision : uint8_t { guess, ns, us, ms, s, m, h };

/// Reads the `precision` query parameter: "" (guess from the magnitude),
/// "ns" or "n", "us", "u" or "µ", "ms", "s", "m", "h" (InfluxDB v1 and v2
/// spellings). Returns false for anything else.
bool parse_influx_precision(std::string_view text, influx_precision& out);

/// What a request gives every line.
struct influx_options {
  influx_precision precision = influx_precision::guess;
  /// The time (ms) of points without a timestamp.
  int64_t now = 0;
  /// The `db` query parameter: when not empty, lines without a `db` tag
  /// get the label db=<db> (VictoriaMetrics' -influxDBLabel default).
  std::string db;
};

struct influx_cursor;

/// Parses lines of the line protocol; keeps its buffers between lines so
/// that parsing allocates nothing once they have grown to the lines' size,
/// beyond the strings of the samples it appends.
class influx_parser {
 public:
  explicit influx_parser(influx_options opts = {}) : opts_(std::move(opts)) {
    // nop
  }

  influx_options& options() { return opts_; }

  /// Parses `line` (without its line feed) into the parser's buffers, read
  /// with the accessors below until the next call. Returns ok (at least one
  /// point), skip (no point) or error with a reason and the column.
  line_result parse(std::string_view line);

  /// Parses `line` and appends one sample per point to `out`; on skip and
  /// error `out` is unchanged.
  line_result parse(std::string_view line, std::vector<sample>& out);

  /// Points of the last line parsed (after ok).
  size_t size() const { return size_; }
  const std::string& metric(size_t i) const { return fields_[i].metric; }
  double value(size_t i) const { return fields_[i].value; }
  /// The tags (and db label) shared by every point of the line.
  const label_set& labels() const { return labels_; }
  /// Milliseconds.
  int64_t timestamp() const { return ts_; }

  /// Copies point `i` into `out`, reusing the capacity of its strings.
  void get(size_t i, sample& out) const;

 private:
  struct field {
    std::string metric;
    double value = 0;
  };

  line_result parse_tags(influx_cursor& c);
  line_result parse_fields(influx_cursor& c);
  line_result parse_timestamp(influx_cursor& c);

  influx_options opts_;
  std::string measurement_;
  label_set labels_;
  std::vector<field> fields_;
  size_t size_ = 0;
  int64_t ts_ = 0;
};

} // namespace timeless::formats
