#pragma once

// The outcome of parsing one line of an import file.

#include <cstddef>
#include <cstdint>
#include <string>

namespace timeless::formats {

/// What a line parser made of one line.
enum class line_status : uint8_t {
  /// The line held data (one or more samples).
  ok,
  /// The line holds no data: blank or a comment.
  skip,
  /// The line is malformed; see `reason` and `column`.
  error,
};

/// The result of a line parser. Allocates nothing: `reason` is a string
/// literal.
struct line_result {
  line_status status = line_status::ok;
  /// What was wrong, e.g. "expected '=' after the label name".
  const char* reason = "";
  /// 0-based byte offset in the line where the problem was found.
  size_t column = 0;

  static line_result ok() { return {}; }
  static line_result skip() { return {line_status::skip, "", 0}; }
  static line_result error(const char* reason, size_t column) {
    return {line_status::error, reason, column};
  }

  /// "reason (column N)" with a 1-based column.
  std::string describe() const {
    return std::string{reason} + " (column " + std::to_string(column + 1) + ")";
  }
};

} // namespace timeless::formats
