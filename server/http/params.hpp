#pragma once

// Request parameters: the query string of a URL and form-encoded bodies
// (application/x-www-form-urlencoded), as Go's url.ParseQuery reads them:
//
//   name=value&name2=value2&match[]=a&match[]=b
//
// - pairs are separated by '&'; empty pairs ("a=1&&b=2") are skipped;
// - a pair without '=' is a name with an empty value;
// - names and values are percent-decoded: "%XX" (two hex digits, any case)
//   is the byte XX and '+' is a space; a '%' not followed by two hex digits
//   is an error naming its position;
// - a name may repeat (`match[]`); the values keep their order.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <caf/expected.hpp>

namespace timeless::server {

/// Percent-decodes `text` ('+' is a space). Fails with
/// `errc::invalid_argument` naming the 0-based position of a bad escape.
caf::expected<std::string> percent_decode(std::string_view text);

/// Appends `x` percent-encoded: every byte but A-Z a-z 0-9 - . _ ~ as %XX
/// (upper-case hex).
void append_percent_encoded(std::string& out, std::string_view x);

/// Decoded parameters in the order given.
class request_params {
 public:
  /// Parses `text` (a query string without '?', or a form body) and
  /// appends its pairs. Fails without appending anything on a bad escape.
  caf::error parse(std::string_view text);

  /// The first value of `name`, if any.
  std::optional<std::string_view> get(std::string_view name) const;

  /// Every value of `name`, in order.
  std::vector<std::string_view> all(std::string_view name) const;

  const std::vector<std::pair<std::string, std::string>>& pairs() const {
    return pairs_;
  }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

/// Splits a request target into path and query string (without '?').
std::pair<std::string_view, std::string_view>
split_target(std::string_view target);

} // namespace timeless::server
