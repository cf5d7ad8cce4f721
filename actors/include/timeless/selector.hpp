#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>
#include <caf/meta/type_name.hpp>

#include "timeless/labels.hpp"

namespace timeless {

/// How a label matcher compares: `=`, `!=`, `=~`, `!~`.
enum class match_op : uint8_t { eq, neq, re, nre };

/// Returns the operator as written in a selector, e.g. "=~".
std::string to_string(match_op x);

/// One condition on a label of a series.
struct label_matcher {
  std::string name;
  match_op op = match_op::eq;
  std::string value;

  friend bool operator==(const label_matcher&, const label_matcher&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, label_matcher& x) {
  return f(caf::meta::type_name("timeless::label_matcher"), x.name, x.op,
           x.value);
}

/// A Prometheus-style series selector: a metric name and conditions on
/// labels, all of which must hold.
struct selector {
  std::string metric;
  std::vector<label_matcher> matchers;

  friend bool operator==(const selector&, const selector&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, selector& x) {
  return f(caf::meta::type_name("timeless::selector"), x.metric, x.matchers);
}

/// Returns `x` in the syntax `parse_selector` reads, e.g.
/// `cpu{host=~"dev_[0-9]+"}` (values escaped as in `format_series`).
std::string to_string(const selector& x);

/// Parses a selector such as `cpu_usage`, `cpu_usage{host="dev_25"}` or
/// `cpu{host=~"dev_[0-9]+", dc!="eu", x!~'a|b',}`.
///
/// Grammar (whitespace allowed between tokens):
///   selector := metric [ '{' [ matcher { ',' matcher } [ ','] ] '}' ]
///             | '{' matcher { ',' matcher } [ ',' ] '}'
///   matcher  := label-name ( '=' | '!=' | '=~' | '!~' ) string
/// with metric [a-zA-Z_:][a-zA-Z0-9_:]* and label-name [a-zA-Z_][a-zA-Z0-9_]*.
/// A string is double-quoted or single-quoted with Go/Prometheus escapes
/// (\a \b \f \n \r \t \v \\ \' \" \xHH, octal \NNN, \uHHHH, \UHHHHHHHH; a
/// raw line feed is not allowed), or back-quoted without escapes. A
/// `__name__="cpu"` matcher sets the metric instead; the metric is required,
/// exactly once. Errors are `errc::invalid_argument` naming the 0-based byte
/// position and what was expected there.
caf::expected<selector> parse_selector(std::string_view text);

/// A selector compiled for matching label sets. Regular expressions are
/// RE2 patterns (Go's syntax, as Prometheus), compiled once and anchored at
/// both ends as in Prometheus (`=~"dev_1"` does not match "dev_10"); '.'
/// does not match a line feed, as in Prometheus 2.x. RE2 matches in time
/// linear in the value's length, without back-references or recursion.
/// Patterns made of literals and '|' ("a|b|c"), ".*" and ".+" are matched
/// without a regex engine. Copies share the compiled patterns; `matches`
/// may run concurrently on one instance.
class series_matcher {
 public:
  /// Compiles `sel`; fails with `errc::invalid_argument` naming the first
  /// invalid regular expression, or if `sel` has no metric.
  static caf::expected<series_matcher> make(const selector& sel);

  /// The metric the selector names; `matches` does not look at it.
  const std::string& metric() const { return metric_; }

  /// True if `labels` (canonical: sorted by name) satisfy every matcher. A
  /// missing label counts as the empty string, as in Prometheus: {x=""}
  /// matches series without x and {x!=""} requires x.
  bool matches(const label_set& labels) const;

 private:
  struct compiled;

  series_matcher() = default;

  std::string metric_;
  std::shared_ptr<const std::vector<compiled>> matchers_;
};

} // namespace timeless
