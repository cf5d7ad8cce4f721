#pragma once

// A small strict JSON reader over one line of text (RFC 8259), for the
// JSON-lines import format. A cursor, not a tree: the caller walks the
// structure it expects and the reader checks every byte it passes.
//
// Strings: escapes \" \\ \/ \b \f \n \r \t and \uXXXX (a surrogate pair
// becomes one 4-byte UTF-8 sequence; an unpaired surrogate is an error);
// unescaped control characters (below 0x20) are errors; other bytes are
// copied as they are (UTF-8 is not validated, so label values with any
// bytes survive a round trip). Numbers follow the JSON grammar
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. Nesting deeper than
// `max_depth` is an error, so no input exhausts the stack.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace timeless::formats {

/// Reads JSON values from a string view. Every method returns nullptr on
/// success or a reason (a string literal) on failure; `pos()` is then where
/// the problem was found. Reads only inside the text.
class json_reader {
 public:
  /// Containers nest at most this deep in `skip_value`.
  static constexpr int max_depth = 64;

  explicit json_reader(std::string_view text) : text_(text) {}

  /// Skips whitespace (space, tab, CR, LF) and returns the next byte, or
  /// '\0' at the end.
  char peek();

  /// Skips whitespace; consumes `c` and returns true if it comes next.
  bool consume(char c);

  /// True once only whitespace remains.
  bool at_end() {
    peek();
    return pos_ >= text_.size();
  }

  /// Reads a string into `out` (replacing its contents).
  const char* read_string(std::string& out);

  /// Reads a number and returns its text in `out` (grammar checked).
  const char* read_number(std::string_view& out);

  /// Reads an integer (no fraction or exponent) that fits int64.
  const char* read_int64(int64_t& out);

  /// Consumes `null`, `true` or `false` if `word` comes next.
  bool consume_word(std::string_view word);

  /// Skips any value, including nested objects and arrays.
  const char* skip_value(int depth = 0);

  size_t pos() const { return pos_; }

 private:
  const char* read_hex4(uint32_t& out);

  std::string_view text_;
  size_t pos_ = 0;
};

} // namespace timeless::formats
