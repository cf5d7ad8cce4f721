#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace timeless::promql {

/// A label matcher of a vector selector: `name op "value"`. Regular
/// expressions are RE2 and fully anchored (`=~"a.*"` matches "abc", not
/// "xabc"); they are compiled once by `make` and shared between copies.
/// A label that a series lacks has the value "".
struct matcher {
  enum class op { eq, ne, re, nre };
  std::string name;
  op kind = op::eq;
  std::string value;
  std::shared_ptr<const re2::RE2> re; ///< Set for re and nre.

  /// Builds a matcher; for regex kinds returns nullopt and sets `error` to
  /// RE2's message when the pattern does not compile.
  static std::optional<matcher> make(std::string name, op kind,
                                     std::string value, std::string* error);

  /// True when the label value `v` satisfies the matcher.
  bool matches(std::string_view v) const;

  /// Prints `name="value"` with the operator (`=`, `!=`, `=~`, `!~`).
  std::string to_string() const;
};

/// The operator's text.
std::string_view to_string(matcher::op k);

} // namespace timeless::promql
