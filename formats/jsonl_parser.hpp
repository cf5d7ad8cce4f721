#pragma once

// One line of VictoriaMetrics' JSON-lines export format (/api/v1/export,
// /api/v1/import):
//
//   {"metric":{"__name__":"cpu","host":"a"},
//    "values":[1,2.5,null,"Infinity"],
//    "timestamps":[1700000000000,1700000060000,1700000120000,...]}
//
// - one JSON object per line (strict JSON, see json_reader.hpp); keys in
//   any order; unknown keys are skipped; a key given twice is an error;
// - "metric" is an object of strings; "__name__" names the metric and is
//   required, every other key is a label;
// - "values" holds numbers, or, as VictoriaMetrics writes and reads them,
//   null (NaN) and the strings "NaN", "Inf", "Infinity", "-Inf",
//   "-Infinity" (any case, a leading '+' allowed; "null" is NaN too);
// - "timestamps" holds integer milliseconds (int64);
// - "values" and "timestamps" are non-empty and of equal length;
// - blank lines hold no samples; a trailing carriage return is ignored.

#include <string>
#include <string_view>
#include <vector>

#include "formats/line_result.hpp"
#include "timeless/messages.hpp"
#include "timeless/options.hpp"

namespace timeless::formats {

class json_reader;

/// Parses lines of the JSON-lines format; keeps scratch buffers between
/// lines so that parsing allocates little beyond the samples it appends.
class jsonl_parser {
 public:
  /// Parses `line` (without its line feed) and appends one sample per
  /// point to `out`. Returns ok, skip (blank line) or error with a reason
  /// and column; on skip and error `out` is unchanged.
  line_result parse(std::string_view line, std::vector<sample>& out);

  /// Parses `line` into the parser's own buffers, read with the accessors
  /// below until the next call (valid after ok).
  line_result parse(std::string_view line);

  const std::string& metric() const { return metric_; }
  const label_set& labels() const { return labels_; }
  const std::vector<double>& values() const { return values_; }
  const std::vector<int64_t>& timestamps() const { return ts_; }

 private:
  line_result parse_metric(json_reader& r);
  line_result parse_values(json_reader& r);
  line_result parse_timestamps(json_reader& r);

  std::string key_;
  std::string metric_;
  label_set labels_;
  std::vector<double> values_;
  std::vector<int64_t> ts_;
  std::string scratch_;
};

} // namespace timeless::formats
